// The report subcommands as library functions (lib/reports/report_commands.h) on a copy
// of the demo share: the period and the moment a report covers, the client base's
// sources, the staff's names, whose steps `todo` shows and where `-o NAME` goes.
#include "reports/report_commands.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "demo_share.h"
#include "failure.h"
#include "procedure/events/orders.h"

using namespace gefest;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;

namespace {

Session session_of(const DemoShare& demo, const std::string& login) {
    Identity who = demo.me;
    who.login = login;
    return Session(demo.share, who);
}

void append(const DemoShare& demo, const std::string& time, Event e) {
    e.time = DateTime::parse(time, "test");
    Journal j = demo.journal();
    j.append(e);
}

// A non-cash order of petrov's for `client`, not made from an inquiry.
Event order_new(const std::string& key, std::int64_t client, const std::string& total) {
    events::OrderNew row;
    row.client = client;
    row.client_name = "Клиент " + std::to_string(client);
    row.manager = "petrov";
    row.payment = "noncash";
    row.total = parse_money(total);
    row.items = 1;
    row.status = "new";
    return events::make_event(row, "order:" + key);
}

// The row of 5.2.3.3 that puts an order into 1C and so confirms it.
events::OrderExport1c confirmed_by_1c() {
    events::OrderExport1c row;
    row.step = "5.2.3.3";
    row.status = "confirmed";
    return row;
}

}  // namespace

TEST_CASE("report period: --month, --from/--to, this month; a mistyped option is a usage error") {
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    auto period = [](std::string month, std::string from, std::string to) {
        ReportPeriod p = report_period({std::move(month), std::move(from), std::move(to)});
        return p.from.iso() + " " + p.to.iso();
    };
    CHECK(period("", "", "") == "2026-11-01 2026-11-30");
    CHECK(period("2026-02", "", "") == "2026-02-01 2026-02-28");
    CHECK(period("2026-12", "", "") == "2026-12-01 2026-12-31");
    CHECK(period("", "2026-10-15", "2026-11-03") == "2026-10-15 2026-11-03");
    CHECK(period("", "", "03.10.2026") == "2026-10-01 2026-10-03");  // --to alone: from the first of its month
    CHECK(period("", "2026-11-20", "") == "2026-11-20 2026-11-27");  // --from alone: up to today

    auto f = failure_of([&] { period("2026-13", "", ""); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "--month must be YYYY-MM, not '2026-13'");
    CHECK(failure_of([&] { period("2026-1", "", ""); }).code == Errc::usage);
    f = failure_of([&] { period("2026-11", "2026-11-01", ""); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "give either --month or --from/--to, not both");
    f = failure_of([&] { period("", "31.31.2026", ""); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "--from must be a date YYYY-MM-DD or DD.MM.YYYY, not '31.31.2026'");
    CHECK(failure_of([&] { period("", "", "вчера"); }).message.find("--to must be a date") == 0);
}

TEST_CASE("report as of: now, the end of a date, a moment; anything else is a usage error") {
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    CHECK(report_as_of("").iso() == "2026-11-27T10:00:00");
    CHECK(report_as_of("2026-11-06").iso() == "2026-11-06T23:59:59");
    CHECK(report_as_of("06.11.2026").iso() == "2026-11-06T23:59:59");
    CHECK(report_as_of("2026-11-06T12:30:00").iso() == "2026-11-06T12:30:00");
    auto f = failure_of([] { report_as_of("yesterday"); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "--as-of must be a date or date and time, not 'yesterday'");
}

TEST_CASE("requests and managers reports: the client base's source of an older client, the staff's names") {
    DemoShare demo;
    append(demo, "2026-11-25T09:00:00", order_new("2026-1", 5, "1000.00"));  // client 5: «Другое: радио «Тюмень FM»»
    append(demo, "2026-11-26T09:00:00", order_new("2026-2", 99, "10.00"));   // not in the base
    Session boss = session_of(demo, "boss");
    RequestsReport r = requests_report(boss, {Date{2026, 11, 1}, Date{2026, 11, 30}});
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].source == "Другое: радио «Тюмень FM»");
    CHECK(r.rows[1].source == "");
    CHECK(r.total.orders == 2);
    CHECK(r.total.revenue == parse_money("0.00"));  // neither is confirmed yet
    append(demo, "2026-11-27T09:00:00", events::make_event(confirmed_by_1c(), "order:2026-1"));
    append(demo, "2026-11-27T10:00:00", events::make_event(confirmed_by_1c(), "order:2026-2"));
    r = requests_report(boss, {Date{2026, 11, 1}, Date{2026, 11, 30}});
    CHECK(r.total.confirmed == 2);
    CHECK(r.total.revenue == parse_money("1010.00"));
    CHECK(failure_of([&] { requests_report(boss, {Date{2026, 11, 30}, Date{2026, 11, 1}}); }).code == Errc::usage);

    ManagersReport m = managers_report(boss, {Date{2026, 11, 1}, Date{2026, 11, 30}});
    CHECK(m.report.total.orders == 2);
    CHECK(m.name_of("petrov") == "Петров Сергей Иванович");
    CHECK(m.name_of("nobody") == "");
}

TEST_CASE("control and todo: every open step as of a moment; todo of a named member or of the actor") {
    DemoShare demo;
    append(demo, "2026-11-25T09:00:00", order_new("2026-1", 1, "1000.00"));
    Session boss = session_of(demo, "boss"), petrov = session_of(demo, "petrov");
    const DateTime as_of = DateTime::parse("2026-11-26T09:00:00", "t");

    ControlReport all = control_report(boss, as_of);
    CHECK(all.login.empty());
    CHECK(all.as_of == as_of);
    REQUIRE(all.rows.size() == 1);
    CHECK(all.rows[0].order == "2026-1");
    CHECK(all.rows[0].waiting_hours == 24);
    CHECK(control_report(boss, DateTime::parse("2026-11-24T23:59:59", "t")).rows.empty());  // before the order

    ControlReport mine = todo_report(petrov, "", as_of);
    CHECK(mine.login == "petrov");
    CHECK(mine.rows.size() == 1);
    ControlReport hers = todo_report(boss, "sidorova", as_of);
    CHECK(hers.login == "sidorova");
    CHECK(hers.rows.empty());
    auto f = failure_of([&] { todo_report(boss, "nobody", as_of); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message == "no active staff member 'nobody'");
    Session stranger = session_of(demo, "stranger");
    CHECK(failure_of([&] { todo_report(stranger, "", as_of); }).code == Errc::refused);
}

TEST_CASE("report target: a bare name goes into the share's reports folder, a path is taken as given") {
    DemoShare demo;
    Session boss = session_of(demo, "boss");
    const std::filesystem::path reports = demo.at(demo.share.settings().reports);
    REQUIRE(!std::filesystem::exists(reports));

    const std::filesystem::path given = demo.tmp / "r.csv";
    CHECK(report_target(boss, given.string()) == given);
    CHECK(!std::filesystem::exists(reports));  // nothing made for a path

    CHECK(report_target(boss, "2026-11.xlsx") == reports / "2026-11.xlsx");
    CHECK(std::filesystem::is_directory(reports));

    // Writing into the share is checked first: someone not on the staff list makes nothing.
    DemoShare other;
    Session stranger = session_of(other, "stranger");
    CHECK(failure_of([&] { report_target(stranger, "2026-11.csv"); }).code == Errc::refused);
    CHECK(!std::filesystem::exists(other.at(other.share.settings().reports)));
}
