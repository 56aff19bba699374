// gefest staff and gefest debug as the procedure (staff_commands.h, debug_commands.h): the
// staff duty of the matrix, the staff.* and debug.stress rows (events/staff.h), and the
// refusals that leave Сотрудники.toml as it was.
#include "procedure/staff_commands.h"
#include "procedure/debug_commands.h"

#include <doctest/doctest.h>

#include "demo_share.h"
#include "failure.h"
#include "procedure/events/staff.h"

using namespace gefest;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;

namespace {

std::vector<Event> journal_rows(const DemoShare& d) {
    std::vector<Event> out;
    d.journal().for_each("0000-00", "9999-99", [&](const Event& e) { out.push_back(e); });
    return out;
}

Session session_as(const DemoShare& d, const std::string& login) {
    Identity me = d.me;
    me.login = login;
    return Session(d.share, me);
}

std::string staff_file(const DemoShare& d) { return fsio::read_file(d.at(d.share.settings().staff)); }

}  // namespace

TEST_CASE("events: staff rows carry every field; staff.remove none") {
    events::StaffAdd add{"Новый Сотрудник", {"sales_manager"}, ""};
    Event e = events::make_event(add, "staff:newbie");
    CHECK(e.kind == "staff.add");
    CHECK(e.data.dump() == R"({"email":"","name":"Новый Сотрудник","roles":["sales_manager"]})");
    CHECK(events::read_event<events::StaffAdd>(e).roles == add.roles);
    CHECK(events::make_event(add, "staff:newbie", events::StaffAdd::kind_change).kind == "staff.change");
    e = events::make_event(events::StaffRemove{}, "staff:newbie");
    CHECK(e.kind == "staff.remove");
    CHECK(e.data.dump() == "{}");
    e = events::make_event(events::DebugStress{"x", 0}, "debug:x");
    CHECK(e.data.dump() == R"({"i":0,"tag":"x"})");
    CHECK(events::read_event<events::DebugStress>(e).tag == "x");
}

TEST_CASE("staff_add, staff_list, staff_remove: the staff duty, one row each") {
    DemoShare d;
    Session boss = session_as(d, "boss");
    StaffAddOptions a;
    a.login = "newbie";
    a.name = "Новый Сотрудник";
    a.roles = {"sales_manager"};
    a.phone_ext = "120";
    CHECK_FALSE(staff_add(boss, a));
    a.roles = {"sales_manager", "office_manager"};
    CHECK(staff_add(boss, a));  // on file: changed
    const auto listed = staff_list(boss);
    const auto it = std::find_if(listed.begin(), listed.end(), [](const StaffMember& m) { return m.login == "newbie"; });
    REQUIRE(it != listed.end());
    CHECK(it->roles == a.roles);
    CHECK(it->phone_ext == "120");

    const std::string before = staff_file(d);
    a.roles = {"king"};
    CHECK(failure_of([&] { staff_add(boss, a); }).code == Errc::usage);
    Session office = session_as(d, "ivanova");
    CHECK(failure_of([&] { staff_remove(office, {"petrov"}); }).code == Errc::refused);
    CHECK(failure_of([&] { staff_remove(boss, {"boss"}); }).code == Errc::refused);
    CHECK(failure_of([&] { staff_remove(boss, {"nobody"}); }).code == Errc::not_found);
    CHECK(staff_file(d) == before);

    staff_remove(boss, {"newbie"});
    CHECK_FALSE(boss.staff().find("newbie"));
    std::vector<std::string> kinds;
    for (const auto& r : journal_rows(d)) kinds.push_back(r.kind);
    CHECK(kinds == std::vector<std::string>{"staff.add", "staff.change", "staff.remove"});
}

TEST_CASE("staff_remove: never the last owner of the process") {
    DemoShare d;
    // cron's account acts for the head of sales (--user boss) and removes them: nobody
    // would own the process.
    Identity cron = d.me;
    cron.login = "cron";
    Session for_boss(d.share, cron, "boss");
    const std::string before = staff_file(d);
    auto f = failure_of([&] { staff_remove(for_boss, {"boss"}); });
    CHECK(f.code == Errc::refused);
    CHECK(f.message.find("nobody owning the process") != std::string::npos);
    CHECK(staff_file(d) == before);
    CHECK(journal_rows(d).empty());
}

TEST_CASE("debug probes: numbers, rows and a counter, each reported as done") {
    DemoShare d;
    Session boss = session_as(d, "boss");
    DebugOptions o;
    o.count = 3;
    std::vector<std::int64_t> numbers;
    debug_claim_numbers(boss, o, [&](std::int64_t n) { numbers.push_back(n); });
    CHECK(numbers == std::vector<std::int64_t>{1, 2, 3});
    std::vector<int> written;
    debug_journal_write(boss, o, [&](int i) { written.push_back(i); });
    CHECK(written == std::vector<int>{0, 1, 2});
    std::vector<std::string> lines;
    debug_journal_dump(boss, [&](const std::string& line) { lines.push_back(line); });
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "boss\tdebug.stress\tdebug:t\t{\"i\":0,\"tag\":\"t\"}");
    CHECK(debug_counter_value(boss, o) == 0);
    std::vector<long long> values;
    debug_update_counter(boss, o, [&](long long v) { values.push_back(v); });
    CHECK(values == std::vector<long long>{1, 2, 3});
    CHECK(debug_counter_value(boss, o) == 3);
}
