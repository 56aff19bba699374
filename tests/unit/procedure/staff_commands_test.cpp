// gefest staff and gefest debug as the procedure (staff_commands.h, debug_commands.h): the
// staff duty of the matrix, the staff.* and debug.stress rows (events/staff.h), and the
// refusals that leave Сотрудники.toml as it was.
#include "procedure/staff_commands.h"
#include "procedure/debug_commands.h"
#include "procedure/refusals.h"

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
    // A matrix that lets the office manager keep the staff list: ivanova removes the
    // only head of sales, and nobody would own the process.
    const auto matrix = d.at(d.share.settings().process);
    std::string text = fsio::read_file(matrix);
    const std::string staff_step = "id = \"staff\"\nname = \"Ведение списка сотрудников и их ролей (Сотрудники.toml)\"\nresponsible = [\"head_of_sales\"]\nperformers = [\"head_of_sales\"";
    REQUIRE(text.find(staff_step) != std::string::npos);
    text.replace(text.find(staff_step), staff_step.size(), staff_step + ", \"office_manager\"");
    fsio::write_atomic(matrix, text);
    Session office = session_as(d, "ivanova");
    const std::string before = staff_file(d);
    auto f = failure_of([&] { staff_remove(office, {"boss"}); });
    CHECK(f.code == Errc::refused);
    CHECK(f.message.find("nobody owning the process") != std::string::npos);
    CHECK(staff_file(d) == before);
    CHECK(journal_rows(d).empty());
}

TEST_CASE("staff: the account cron runs under may act for the head of sales, but not keep the staff list") {
    DemoShare d;
    Identity cron = d.me;
    cron.login = "cron";  // act_for_others, no role of its own
    const std::string before = staff_file(d);
    StaffAddOptions a;
    a.login = "intruder";
    a.name = "Чужой";
    a.roles = {"head_of_sales"};
    for (const std::string& user : {std::string(), std::string("boss")}) {
        CAPTURE(user);
        Session s(d.share, cron, user);
        auto f = failure_of([&] { staff_add(s, a); });
        CHECK(f.code == Errc::refused);
        a.login = "petrov";  // granting a role to someone on file is refused alike
        CHECK(failure_of([&] { staff_add(s, a); }).code == Errc::refused);
        a.login = "intruder";
        CHECK(failure_of([&] { staff_remove(s, {"petrov"}); }).code == Errc::refused);
        if (!user.empty()) CHECK(f.message.find("is not done for others: 'cron' acts for 'boss'") != std::string::npos);
    }
    CHECK(staff_file(d) == before);
    CHECK(journal_rows(d).empty());
    // It still acts for others where the matrix lets the person it acts for.
    Session for_petrov(d.share, cron, "petrov");
    CHECK(for_petrov.may("5.2.3.1"));
}

TEST_CASE("require_order_step: another manager's order only with a role of the step that is not a manager's") {
    DemoShare d;
    auto refused = [&](const std::string& login, const std::string& step, const std::string& action) {
        Session s = session_as(d, login);
        try {
            s.require_order_step(step, action, "sidorova", "2026-2");
        } catch (const StepRefused& e) {
            CHECK(e.code() == Errc::refused);
            CHECK(e.step() == step);
            CHECK(e.action() == action);
            if (std::string(e.what()).starts_with("order ")) CHECK(e.order() == "2026-2");  // not a refusal by role alone
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(refused("sidorova", "5.2.3.1", "") == "");  // her own order
    CHECK(refused("boss", "5.2.4.4", "") == "");      // the owner of the process
    CHECK(refused("petrov", "5.2.4.4", "").find("may be done by: head_of_sales, head_of_planning;") != std::string::npos);
    CHECK(refused("kuznetsov", "5.2.4.4", "") == "");  // a role of the step that is not a manager's
    CHECK(refused("petrov", "5.2.3.1", "") ==
          "order 2026-2 is 'sidorova''s: on another manager's order step 5.2.3.1 «Безналичный расчет: определение остатков на складах» may be done by: head_of_sales; 'petrov' is sales_manager");
    CHECK(refused("petrov", "5.2.3.2", "ask") != "");
    CHECK(refused("kuznetsov", "5.2.3.2", "answer") == "");  // planning answers for any order
    CHECK(refused("ivanova", "5.2.3.7", "") == "");          // the office manager at the cash desk
    CHECK(refused("petrov", "5.2.3.7", "") != "");
    CHECK(refused("buh", "5.2.4.7", "") == "");  // the accountant dispatches any order
    // Nobody's order (no manager): the step's roles.
    Session petrov = session_as(d, "petrov");
    petrov.require_order_step("5.2.3.1", "", "", "2026-9");
    // The role check comes first: a role not on the step is refused as by require_step.
    CHECK(refused("sklad", "5.2.3.1", "").find("step 5.2.3.1 «") == 0);
}

TEST_CASE("record_refusal: a step.refused row says who tried what") {
    DemoShare d;
    Session petrov = session_as(d, "petrov");
    try {
        petrov.require_step("5.2.7", "price");
        FAIL("not refused");
    } catch (const StepRefused& e) {
        record_refusal(petrov, e, "order price");
    }
    try {
        petrov.require_order_step("5.2.3.1", "", "sidorova", "2026-2");
        FAIL("not refused");
    } catch (const StepRefused& e) {
        record_refusal(petrov, e, "order stock");
    }
    const auto rows = journal_rows(d);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == "step.refused");
    CHECK(rows[0].object == "step:5.2.7");
    CHECK(rows[0].login == "petrov");
    CHECK(rows[0].data.dump() == R"({"action":"price","command":"order price","roles":["sales_manager"],"step":"5.2.7"})");
    CHECK(rows[1].object == "order:2026-2");
    const auto row = events::read_event<events::StepRefused>(rows[1]);
    CHECK(row.step == "5.2.3.1");
    CHECK(row.command == "order stock");
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
