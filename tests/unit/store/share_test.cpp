// parse_settings (share.h): a hand-edited gefest.toml must fail at the line a person
// must fix. (Staff and the TOML helpers have their own tests: staff_test, toml_util_test.)
#include <doctest/doctest.h>

#include "base/error.h"
#include "store/fsio.h"
#include "store/share.h"

using namespace gefest;

namespace {

const std::string demo = GEFEST_DATA "/demo";

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
