// parse_settings (share.h), parse_process / parse_staff / format_staff (staff.h) and the
// TOML helpers under them: hand-edited files must fail at the line a person must fix.
#include <doctest/doctest.h>

#include "base/error.h"
#include "store/fsio.h"
#include "store/share.h"
#include "store/staff.h"
#include "base/toml_util.h"

using namespace gefest;

namespace {

const std::string demo = GEFEST_DATA "/demo";
const std::string process_file = demo + "/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";

struct Failure {
    Errc code;
    int line;
    std::string message;
};

template <typename F>
Failure failure_of(F&& parse) {
    try {
        parse();
    } catch (const Error& e) {
        return {e.code(), e.line(), e.what()};
    }
    FAIL("no gefest::Error thrown");
    return {};
}

Failure settings_failure(const std::string& text) {
    return failure_of([&] {
        Settings s = parse_settings(text, "gefest.toml");
        (void)s;
    });
}

Process demo_process() { return parse_process(fsio::read_file(process_file), process_file); }

const std::string share_head = "[share]\nid = \"unit-share\"\n";  // lines 1-2

}  // namespace

TEST_CASE("settings: the demo share's gefest.toml parses with its values") {
    Settings s = parse_settings(fsio::read_file(demo + "/gefest.toml"), "gefest.toml");
    CHECK(s.share_id == "demo-gefest-0001");
    CHECK(s.company_name == "ООО «Гефест»");
    REQUIRE(s.vat_rates.size() == 2);
    CHECK(s.vat_rates[1].from == "2026-01-01");
    CHECK(s.vat_rates[1].percent == 22);
    REQUIRE(s.accounts.size() == 1);
    CHECK(s.accounts[0].account == "40702810806710000123");
    CHECK(s.lock_wait_seconds == 15);
    CHECK(s.journal == "Отдел продаж/Журнал");  // a default
}

TEST_CASE("settings: a value of the wrong type fails at its own line") {
    auto f = settings_failure(share_head + "\n[vat]\nincluded = \"yes\"\n");
    CHECK(f.code == Errc::data);
    CHECK(f.line == 5);
    CHECK(f.message == "'included' must be true or false");

    f = settings_failure(share_head + "[company]\nname = \"x\"\ninn = 7203001235\n");
    CHECK(f.code == Errc::data);
    CHECK(f.line == 5);
    CHECK(f.message.find("'inn' must be a string") == 0);

    f = settings_failure(share_head + "[locks]\nwait_seconds = \"15\"\n");
    CHECK(f.line == 4);
    CHECK(f.message.find("'wait_seconds' must be a whole number") == 0);

    f = settings_failure(share_head + "[intake]\nsources = [\"Сайт\", 5]\n");
    CHECK(f.line == 4);

    f = settings_failure("vat = 20\n" + share_head);  // a table expected (top-level keys come before [share])
    CHECK(f.line == 1);
    CHECK(f.message == "'vat' must be a table ([vat])");

    f = settings_failure(share_head + "[intake]\n\nrouting = \"random\"\n");
    CHECK(f.line == 5);
}

TEST_CASE("settings: [[vat.rate]] without percent fails at that table") {
    const std::string text = share_head +
                             "\n"
                             "[[vat.rate]]\n"        // 4
                             "from = \"2019-01-01\"\n"
                             "percent = 20\n"
                             "\n"
                             "[[vat.rate]]\n"        // 8
                             "from = \"2026-01-01\"\n";
    auto f = settings_failure(text);
    CHECK(f.code == Errc::data);
    CHECK(f.line == 8);
    CHECK(f.message.find("'percent'") != std::string::npos);

    CHECK(settings_failure(share_head + "[[vat.rate]]\nfrom = \"2026-01-01\"\npercent = 101\n").line == 3);
    CHECK(settings_failure(share_head + "[[vat.rate]]\nfrom = \"2026-02-30\"\npercent = 22\n").line == 3);
    CHECK(settings_failure(share_head + "[[vat.rate]]\npercent = 22\n").line == 3);  // 'from' is missing
    CHECK(settings_failure(share_head + "[vat]\nrate = 22\n").line == 4);            // not [[vat.rate]]
}

TEST_CASE("settings: a path leaving the share fails at its line") {
    for (const char* bad : {"../../etc", "Отдел продаж/../../x", "/srv/other", ""}) {
        CAPTURE(bad);
        auto f = settings_failure(share_head + "[paths]\norders = \"Заказы\"\nclients = \"" + bad + "\"\n");
        CHECK(f.code == Errc::data);
        CHECK(f.line == 5);
        CHECK(f.message.find("paths.clients") == 0);
    }
    Settings ok = parse_settings(share_head + "[paths]\nclients = \"Офис/Клиенты.csv\"\n", "gefest.toml");
    CHECK(ok.clients == "Офис/Клиенты.csv");
}

TEST_CASE("settings: syntax errors, a missing [share], a BOM") {
    auto f = settings_failure(share_head + "[company]\nname = \"ООО\n");
    CHECK(f.code == Errc::data);
    CHECK(f.line == 4);

    f = settings_failure("[company]\nname = \"x\"\n");
    CHECK(f.code == Errc::config);

    f = settings_failure("[share]\nformat = 1\n");
    CHECK(f.code == Errc::data);  // the id is missing

    Settings s = parse_settings("\xEF\xBB\xBF" + share_head, "gefest.toml");  // saved by Notepad
    CHECK(s.share_id == "unit-share");
}

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

TEST_CASE("toml_util: quote gives a TOML string that reads back as the same bytes") {
    std::string every_ascii;
    for (int c = 1; c < 128; ++c) every_ascii += static_cast<char>(c);
    for (const std::string& s : {std::string(""), std::string("ООО \"Ромашка\" \\ C:\\x"), every_ascii,
                                 std::string("a\x7f" "b"), std::string("\x1b[31m")}) {
        CAPTURE(s);
        const std::string doc = "v = " + tomlu::quote(s) + "\nl = " + tomlu::quote_list({s, "x"}) + "\n";
        toml::table t;
        REQUIRE_NOTHROW(t = tomlu::parse(doc, "t.toml"));
        CHECK(tomlu::need_string(t, "v", "t.toml") == s);
        CHECK(tomlu::opt_strings(t, "l", "t.toml") == std::vector<std::string>{s, "x"});
    }
}

TEST_CASE("toml_util: typed look-ups") {
    toml::table t = tomlu::parse("s = \"x\"\ni = 5\nb = true\nf = 1.5\n", "t.toml");
    CHECK(tomlu::opt_string(t, "s", "t.toml") == "x");
    CHECK_FALSE(tomlu::opt_string(t, "absent", "t.toml"));
    CHECK(tomlu::opt_int(t, "i", "t.toml") == 5);
    CHECK(tomlu::opt_bool(t, "b", "t.toml") == true);
    auto f = failure_of([&] { tomlu::opt_int(t, "f", "t.toml"); });
    CHECK(f.line == 4);
    f = failure_of([&] { tomlu::need_string(t, "absent", "t.toml"); });
    CHECK(f.message == "'absent' is missing");
    f = failure_of([&] { tomlu::parse("a = 1\nb = = 2\n", "t.toml"); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 2);
}
