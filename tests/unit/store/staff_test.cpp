// parse_process / parse_staff / format_staff: the responsibility matrix and the staff
// list are edited by hand, so a mistake must fail at the line to fix; what gefest writes
// must read back as the same staff.
#include "store/staff.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "failure.h"
#include "store/fsio.h"

using namespace gefest;
using gefest::testing::failure_of;

namespace {

const std::string demo = GEFEST_DATA "/demo";
const std::string process_file = demo + "/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";

Process demo_process() { return parse_process(fsio::read_file(process_file), process_file); }

const std::string two_roles =
    "[roles]\n"                                 // 1
    "sales_manager = \"Менеджер ОП\"\n"         // 2
    "head_of_sales = \"Начальник отдела продаж\"\n";  // 3

std::vector<std::string> logins(const std::vector<const StaffMember*>& members) {
    std::vector<std::string> out;
    for (const auto* m : members) out.push_back(m->login);
    return out;
}

}  // namespace

TEST_CASE("staff: parse_process names an unknown role at its step") {
    const std::string text =
        "[roles]\n"
        "head_of_sales = \"Начальник отдела продаж\"\n"
        "sales_manager = \"Менеджер ОП\"\n"
        "\n"
        "[[step]]\n"               // 5
        "id = \"5.2.1.1\"\n"
        "responsible = [\"head_of_sales\"]\n"
        "\n"
        "[[step]]\n"               // 9
        "id = \"5.2.1.2\"\n"
        "responsible = [\"sales_manager\"]\n"
        "performers = [\"sales_manger\"]\n";
    auto f = failure_of([&] { parse_process(text, "Процесс.toml"); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 9);
    CHECK(f.message == "step '5.2.1.2' names an unknown role 'sales_manger'");

    f = failure_of([&] {
        parse_process("[roles]\na = \"A\"\n[[step]]\nid = \"1\"\n[[step]]\nid = \"1\"\n", "Процесс.toml");
    });
    CHECK(f.line == 5);
    CHECK(f.message == "step '1' is listed twice");

    f = failure_of([&] { parse_process("[[step]]\nid = \"1\"\n", "Процесс.toml"); });
    CHECK(f.code == Errc::data);

    Process p = demo_process();
    CHECK(p.knows_role("warehouse"));
    CHECK(p.roles.front().first == "head_of_sales");  // procedure order, not alphabetical
    REQUIRE(p.find("5.2.1.1"));
    CHECK(p.may(*p.find("5.2.1.1"), {"sales_manager"}));
    CHECK_FALSE(p.may(*p.find("5.2.1.1"), {"warehouse"}));
}

TEST_CASE("staff: parse_staff rejects a duplicated login and an unknown role at their lines") {
    const Process process = demo_process();
    const std::string text =
        "[[staff]]\n"                        // 1
        "login = \"petrov\"\n"
        "roles = [\"sales_manager\"]\n"
        "\n"
        "[[staff]]\n"                        // 5
        "login = \"sidorova\"\n"
        "roles = [\"sales_manager\"]\n"
        "\n"
        "[[staff]]\n"                        // 9
        "login = \"petrov\"\n"
        "roles = [\"warehouse\"]\n";
    auto f = failure_of([&] { parse_staff(text, "Сотрудники.toml", process); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 9);
    CHECK(f.message == "login 'petrov' is listed twice");

    f = failure_of([&] { parse_staff("[[staff]]\nlogin = \"x\"\n\n[[staff]]\nlogin = \"y\"\nroles = [\"cook\"]\n", "S", process); });
    CHECK(f.line == 4);
    CHECK(f.message == "'y' has an unknown role 'cook'");

    f = failure_of([&] { parse_staff("[[staff]]\nlogin = \"x\"\nactive = \"no\"\n", "S", process); });
    CHECK(f.line == 3);
    f = failure_of([&] { parse_staff("[[staff]]\nname = \"Без логина\"\n", "S", process); });
    CHECK(f.line == 1);
    f = failure_of([&] { parse_staff("staff = \"petrov\"\n", "S", process); });
    CHECK(f.line == 1);
}

TEST_CASE("staff: format_staff then parse_staff gives the same staff") {
    const Process process = demo_process();
    Staff staff;
    StaffMember boss;
    boss.login = "boss";
    boss.name = "Соколов Андрей \"Шеф\" Викторович";
    boss.roles = {"head_of_sales", "sales_manager"};
    boss.email = "sokolov@gefest.example";
    boss.phone_ext = "100";
    boss.act_for_others = true;
    StaffMember gone;
    gone.login = "old.manager";
    gone.name = "C:\\Users\\old\ttab\nnewline";
    gone.roles = {"sales_manager"};
    gone.active = false;
    StaffMember cron;
    cron.login = "cron";
    cron.name = "cron";
    staff.members = {boss, gone, cron};

    const std::string text = format_staff(staff, process);
    Staff back = parse_staff(text, "Сотрудники.toml", process);
    REQUIRE(back.members.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        const StaffMember& a = staff.members[i];
        const StaffMember& b = back.members[i];
        CAPTURE(a.login);
        CHECK(b.login == a.login);
        CHECK(b.name == a.name);
        CHECK(b.roles == a.roles);
        CHECK(b.email == a.email);
        CHECK(b.phone_ext == a.phone_ext);
        CHECK(b.act_for_others == a.act_for_others);
        CHECK(b.active == a.active);
    }
    CHECK(back.find("old.manager") == nullptr);  // inactive
    CHECK(back.with_role("sales_manager").size() == 1);
    // And the same text again: the format is stable.
    CHECK(format_staff(back, process) == text);

    // The demo share's own file is what format_staff writes.
    const std::string demo_staff_file = demo + "/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml";
    const std::string demo_text = fsio::read_file(demo_staff_file);
    CHECK(format_staff(parse_staff(demo_text, demo_staff_file, process), process) == demo_text);
}


TEST_CASE("staff: parse_process errors name the file; roles keep the file's order") {
    auto f = failure_of([] { parse_process("[roles]\nsales_manager = 5\n", "Процесс.toml"); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == "Процесс.toml");
    CHECK(f.line == 2);
    CHECK(f.message == "role 'sales_manager' must have a name in quotes");

    f = failure_of([] { parse_process("roles = \"all\"\n", "Процесс.toml"); });
    CHECK(f.line == 1);
    f = failure_of([] { parse_process("step = \"5.2\"\n" + two_roles, "Процесс.toml"); });
    CHECK(f.line == 1);
    CHECK(f.message == "'step' must be a list of [[step]] tables");
    f = failure_of([] { parse_process(two_roles + "[[step]]\nname = \"без id\"\n", "Процесс.toml"); });
    CHECK(f.line == 4);
    CHECK(f.message == "'id' is missing");
    f = failure_of([] { parse_process(two_roles + "[[step]]\nid = \"5.2\"\ndeadline_hours = \"4\"\n", "Процесс.toml"); });
    CHECK(f.line == 6);

    // Roles in the order the file lists them (toml++ would sort them by code).
    Process p = parse_process("[roles]\ncook = \"Повар\"\naccountant = \"Бухгалтерия\"\nhead_of_sales = \"НОП\"\n", "P");
    REQUIRE(p.roles.size() == 3);
    CHECK(p.roles[0].first == "cook");
    CHECK(p.roles[1].first == "accountant");
    CHECK(p.roles[2].first == "head_of_sales");
    // No step written: those of the default matrix whose roles the file has are taken.
    REQUIRE(p.find("5.2") != nullptr);
    CHECK(p.find("5.2")->line == 0);
    CHECK(p.find("5.2.1.1") == nullptr);  // needs office_manager, which this file lacks
}

TEST_CASE("staff: Process look-ups and who may do a step") {
    const Process p = parse_process(two_roles +
                                        "\n"
                                        "[[step]]\n"  // 5
                                        "id = \"5.2.1.2\"\n"
                                        "name = \"Прием по телефону\"\n"
                                        "responsible = [\"head_of_sales\"]\n"
                                        "performers = [\"sales_manager\"]\n"
                                        "deadline_hours = 4\n"
                                        "\n"
                                        "[[step]]\n"  // 12
                                        "id = \"5.2.9\"\n",
                                    "Процесс.toml");
    REQUIRE(p.steps.size() >= 2);  // the two written, then what the defaults add
    CHECK(p.steps[0].id == "5.2.1.2");
    CHECK(p.steps[1].id == "5.2.9");
    const Step* s = p.find("5.2.1.2");
    REQUIRE(s);
    CHECK(s->name == "Прием по телефону");
    CHECK(s->deadline_hours == 4);
    CHECK(s->line == 5);
    CHECK(p.find("5.2.9")->deadline_hours == 0);
    CHECK(p.find("5.2.9")->line == 12);
    CHECK(p.find("5.2.10") == nullptr);

    CHECK(p.may(*s, {"sales_manager"}));               // a performer
    CHECK(p.may(*s, {"head_of_sales"}));               // the responsible
    CHECK(p.may(*s, {"warehouse", "sales_manager"}));  // any of the person's roles
    CHECK_FALSE(p.may(*s, {"warehouse"}));
    CHECK_FALSE(p.may(*s, {}));
    CHECK_FALSE(p.may(*p.find("5.2.9"), {"head_of_sales"}));  // a step nobody is named for

    CHECK(p.knows_role("sales_manager"));
    CHECK_FALSE(p.knows_role("warehouse"));
    CHECK(p.role_name("sales_manager") == "Менеджер ОП");
    CHECK(p.role_name("warehouse") == "warehouse");  // unknown: the code itself
}

TEST_CASE("staff: defaults, inactive members and the role look-ups") {
    const Process process = demo_process();
    const Staff staff = parse_staff(
        "[[staff]]\n"
        "login = \"petrov\"\n"
        "roles = [\"sales_manager\"]\n"
        "\n"
        "[[staff]]\n"
        "login = \"old\"\n"
        "roles = [\"sales_manager\", \"office_manager\"]\n"
        "active = false\n"
        "\n"
        "[[staff]]\n"
        "login = \"sidorova\"\n"
        "name = \"Сидорова Анна\"\n"
        "roles = [\"office_manager\", \"sales_manager\"]\n"
        "act_for_others = true\n"
        "\n"
        "[[staff]]\n"
        "login = \"cron\"\n",
        "Сотрудники.toml", process);
    REQUIRE(staff.members.size() == 4);  // the inactive member stays on file
    const StaffMember& petrov = staff.members[0];
    CHECK(petrov.name == "petrov");  // no name: the login
    CHECK(petrov.email.empty());
    CHECK(petrov.active);
    CHECK_FALSE(petrov.act_for_others);
    CHECK(petrov.line == 1);
    CHECK(staff.members[2].act_for_others);
    CHECK(staff.members[3].roles.empty());

    CHECK(staff.find("petrov") == &petrov);
    CHECK(staff.find("old") == nullptr);  // inactive: cannot act
    CHECK(staff.find("nobody") == nullptr);
    CHECK(logins(staff.with_role("sales_manager")) == std::vector<std::string>{"petrov", "sidorova"});
    CHECK(logins(staff.with_role("office_manager")) == std::vector<std::string>{"sidorova"});
    CHECK(staff.with_role("warehouse").empty());
    CHECK(staff.members[1].has_role("office_manager"));
    CHECK_FALSE(petrov.has_role("office_manager"));

    auto f = failure_of([&] { parse_staff("[[staff]]\nlogin = \"\"\n", "Сотрудники.toml", process); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == "Сотрудники.toml");
    CHECK(f.line == 1);
    CHECK(f.message == "'login' is empty");
    // A login listed twice is refused even when the first one is inactive.
    f = failure_of([&] {
        parse_staff("[[staff]]\nlogin = \"a\"\nactive = false\n[[staff]]\nlogin = \"a\"\n", "Сотрудники.toml", process);
    });
    CHECK(f.line == 4);
    CHECK(parse_staff("", "Сотрудники.toml", process).members.empty());
}
