// tomlu: reading hand-edited TOML, where every mistake must name the file and the line a
// person has to fix, and quoting that reads back as the same bytes.
#include "base/toml_util.h"

#include <doctest/doctest.h>

#include <functional>

#include "base/error.h"
#include "failure.h"

using namespace gefest;
using gefest::testing::failure_of;

namespace {

const std::string file = "Настройки.toml";

toml::table parsed(const std::string& text) { return tomlu::parse(text, file); }

}  // namespace

TEST_CASE("toml_util: parse reports a syntax error at its file and line, and skips a BOM") {
    auto f = failure_of([] { parsed("a = 1\n\nb = = 2\n"); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == file);
    CHECK(f.line == 3);
    CHECK_FALSE(f.message.empty());

    f = failure_of([] { parsed("name = \"ООО\n"); });  // an unclosed string
    CHECK(f.line == 1);

    toml::table t = parsed("\xEF\xBB\xBF" "name = \"x\"\n");  // saved by Notepad
    CHECK(tomlu::need_string(t, "name", file) == "x");
    CHECK(parsed("").empty());
}

// Found by tests/fuzz/toml_records_fuzz.cpp: toml++ 3.3.0 asked whether such a character is
// whitespace through a function with undefined behaviour for it (lib/base/toml_impl.cpp);
// the sanitizer build (-DGEFEST_SANITIZE=ON) stops on it.
TEST_CASE("toml_util: a Russian bare key, a § after a line-ending backslash are read without undefined behaviour") {
    auto f = failure_of([] { parsed("[Транспортные компании]\n"); });  // a bare key must be ASCII: quote it
    CHECK(f.code == Errc::data);
    CHECK(f.line == 1);
    f = failure_of([] { parsed("a = 1\nИванова = 2\n"); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 2);
    CHECK(tomlu::need_string(parsed("s = \"\"\"\\\n§\"\"\"\n"), "s", file) == "§");
    CHECK(tomlu::need_string(parsed("s = \"\"\"\\\n  Ёлка\u3000\"\"\"\n"), "s", file) == "Ёлка\u3000");
}

// Found by tests/fuzz/toml_records_fuzz.cpp: toml++ asserted that a table header starts with
// a key (abort() in a build without NDEBUG, undefined behaviour with clang; toml_impl.cpp).
TEST_CASE("toml_util: a table header that does not start with a key is a syntax error, not an abort") {
    for (const char* text : {"[\x07", "[ @]\n", "a = 1\n[[#]]\n", "[\t\"a\".\x01]\n"}) {
        CAPTURE(text);
        auto f = failure_of([&] { parsed(text); });
        CHECK(f.code == Errc::data);
        CHECK(f.line >= 1);
    }
}

TEST_CASE("toml_util: typed look-ups give the value, nothing for an absent key") {
    toml::table t = parsed("s = \"x\"\ni = 5\nb = false\nl = [\"a\", \"б\"]\nempty = []\n");
    CHECK(tomlu::need_string(t, "s", file) == "x");
    CHECK(tomlu::opt_string(t, "s", file) == "x");
    CHECK(tomlu::opt_int(t, "i", file) == 5);
    CHECK(tomlu::opt_bool(t, "b", file) == false);
    CHECK(tomlu::opt_strings(t, "l", file) == std::vector<std::string>{"a", "б"});
    CHECK(tomlu::opt_strings(t, "empty", file).empty());
    CHECK_FALSE(tomlu::opt_string(t, "absent", file));
    CHECK_FALSE(tomlu::opt_int(t, "absent", file));
    CHECK_FALSE(tomlu::opt_bool(t, "absent", file));
    CHECK(tomlu::opt_strings(t, "absent", file).empty());
}

TEST_CASE("toml_util: a value of the wrong type is Error(data) at the value's line") {
    const toml::table t = parsed(
        "s = 5\n"                 // 1
        "i = \"5\"\n"             // 2
        "f = 1.5\n"               // 3
        "b = \"yes\"\n"           // 4
        "l = \"a\"\n"             // 5
        "m = [\"a\",\n"           // 6
        "     7]\n"               // 7
        "\n"
        "[t]\n"                   // 9
        "n = true\n");            // 10
    struct Case {
        std::function<void()> call;
        int line;
        std::string message;
    };
    const std::vector<Case> cases = {
        {[&] { tomlu::opt_string(t, "s", file); }, 1, "'s' must be a string in quotes"},
        {[&] { tomlu::need_string(t, "s", file); }, 1, "'s' must be a string in quotes"},
        {[&] { tomlu::opt_int(t, "i", file); }, 2, "'i' must be a whole number"},
        {[&] { tomlu::opt_int(t, "f", file); }, 3, "'f' must be a whole number"},
        {[&] { tomlu::opt_bool(t, "b", file); }, 4, "'b' must be true or false"},
        {[&] { tomlu::opt_strings(t, "l", file); }, 5, "'l' must be a list of strings"},
        {[&] { tomlu::opt_strings(t, "m", file); }, 7, "'m' must be a list of strings"},  // the bad element's line
        {[&] { tomlu::opt_string(*t["t"].as_table(), "n", file); }, 10, "'n' must be a string in quotes"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.message);
        auto f = failure_of(c.call);
        CHECK(f.code == Errc::data);
        CHECK(f.file == file);
        CHECK(f.line == c.line);
        CHECK(f.message == c.message);
    }
}

TEST_CASE("toml_util: a required key that is absent is Error(data) at its table's line") {
    const toml::table t = parsed("a = 1\n\n[company]\nname = \"x\"\n");
    auto f = failure_of([&] { tomlu::need_string(*t["company"].as_table(), "inn", file); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == file);
    CHECK(f.line == 3);
    CHECK(f.message == "'inn' is missing");
}

TEST_CASE("toml_util: tables_of gives [[key]] tables in file order and refuses anything else at its line") {
    const toml::table t = parsed(
        "[[carrier]]\n"            // 1
        "name = \"ПЭК\"\n"
        "\n"
        "[[carrier]]\n"            // 4
        "name = \"КИТ\"\n");
    auto tables = tomlu::tables_of(t, "carrier", file);
    REQUIRE(tables.size() == 2);
    CHECK(tomlu::need_string(*tables[0], "name", file) == "ПЭК");
    CHECK(tomlu::need_string(*tables[1], "name", file) == "КИТ");
    CHECK(tomlu::line_of(*tables[0]) == 1);
    CHECK(tomlu::line_of(*tables[1]) == 4);
    CHECK(tomlu::tables_of(t, "absent", file).empty());

    auto f = failure_of([] { tomlu::tables_of(parsed("\ncarrier = \"ПЭК\"\n"), "carrier", file); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 2);
    CHECK(f.message == "'carrier' must be a list of [[carrier]] tables");

    f = failure_of([] { tomlu::tables_of(parsed("carrier = [\n  {name = \"ПЭК\"},\n  \"КИТ\",\n]\n"), "carrier", file); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 3);  // the element that is not a table

    f = failure_of([] { tomlu::tables_of(parsed("[carrier]\nname = \"ПЭК\"\n"), "carrier", file); });  // [x], not [[x]]
    CHECK(f.line == 1);
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
    CHECK(tomlu::quote("a\"b") == "\"a\\\"b\"");
    CHECK(tomlu::quote("\x7f") == "\"\\u007F\"");
    CHECK(tomlu::quote_list({}) == "[]");
    CHECK(tomlu::quote_list({"a", "б"}) == "[\"a\", \"б\"]");
}
