// The input boundary (lib/base/input.h): what is refused, what is replaced, and the
// bounds of logins, host names, amounts and quantities.
#include "base/input.h"

#include <doctest/doctest.h>

#include <string>

#include "base/error.h"

using namespace gefest;

namespace {

// The message of the Error that `f` throws ("" if none).
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.where_and_what();
    }
    return {};
}

}  // namespace

TEST_CASE("input: a line refuses control characters, NUL, separators, bidi controls and bad UTF-8") {
    CHECK(input::line_problem("ООО «Ромашка»") == "");
    CHECK(input::line_problem("Иванов\tИван") != "");
    CHECK(input::line_problem("A\r\nunpaid_override = \"x\"") == "control character U+000D is not allowed");
    CHECK(input::line_problem("A\nB") == "control character U+000A is not allowed");
    CHECK(input::line_problem(std::string("A\0B", 3)) == "control character U+0000 is not allowed");
    CHECK(input::line_problem("A\x7F") == "control character U+007F is not allowed");
    CHECK(input::line_problem("A\xC2\x85") == "control character U+0085 is not allowed");         // NEL (C1)
    CHECK(input::line_problem("A\xE2\x80\xA8") == "control character U+2028 is not allowed");     // line separator
    CHECK(input::line_problem("A\xE2\x80\xAE") == "bidirectional control character U+202E is not allowed");
    CHECK(input::line_problem("A\xE2\x81\xA6") == "bidirectional control character U+2066 is not allowed");
    CHECK(input::line_problem("A\xFF") == "byte 2 is not UTF-8 text (0xFF)");
    CHECK(input::line_problem("\xC0\xAF") != "");  // overlong '/'
    CHECK(input::line_problem("\xED\xA0\x80") != "");  // a surrogate
    CHECK(input::line_problem("\xE2\x80") != "");  // cut short
    CHECK(input::line_problem("\xC2\xA0NBSP and ё are text") == "");
}

TEST_CASE("input: lengths are counted in characters") {
    CHECK(input::line_problem(std::string(10, 'a'), 10) == "");
    CHECK(input::line_problem("ёёё", 3) == "");
    CHECK(input::line_problem("ёёёё", 3) == "longer than 3 characters (4)");
}

TEST_CASE("input: a multi-line text allows LF and tab, nothing else") {
    CHECK(input::text_problem("line 1\nline 2\tcol") == "");
    CHECK(input::text_problem("line 1\r\nline 2") == "control character U+000D is not allowed");
    CHECK(input::text_problem(std::string("a\0", 2)) == "control character U+0000 is not allowed");
}

TEST_CASE("input: require_* name the field and the file:line") {
    CHECK(error_of([] { input::require_line("a\nb", "--name"); }) == "--name: control character U+000A is not allowed");
    CHECK(error_of([] { input::require_line("a\nb", "name", input::max_line, "Сотрудники.toml", 7); }) ==
          "Сотрудники.toml:7: name: control character U+000A is not allowed");
    CHECK(error_of([] { input::require_line("ok", "x"); }) == "");
    CHECK(error_of([] { input::require_text("a\nb", "--note"); }) == "");
    CHECK(error_of([] { input::require_name("", "--name"); }) == "--name: is empty");
    CHECK(error_of([] { input::require_name(" ", "--name"); }) == "--name: is empty");
    CHECK(error_of([] { input::require_name("Петров ", "--name"); }) == "--name: starts or ends with a space");
    CHECK(error_of([] { input::require_name("\tПетров", "--name"); }) == "--name: control character U+0009 is not allowed");
    CHECK(error_of([] { input::require_name("Петров Пётр", "--name"); }) == "");
}

TEST_CASE("input: outside texts are cleaned, not refused") {
    CHECK(input::clean_line("Иван\r\nunpaid_override = \"x\"") == "Иван unpaid_override = \"x\"");
    CHECK(input::clean_line("a \n b") == "a b");
    CHECK(input::clean_line("a  b") == "a  b");  // the sender's own spaces stay
    CHECK(input::clean_line(std::string("\0a\0", 3)) == "a");
    CHECK(input::clean_line("\xE2\x80\xAEgnp.exe") == "gnp.exe");
    CHECK(input::clean_line("a\xFFz") == "a\xEF\xBF\xBDz");
    CHECK(input::clean_line("ёёёё", 3) == "ёёё");
    CHECK(input::clean_line("ab \ncd", 3) == "ab");  // no trailing space after the cut
    CHECK(input::clean_text("l1\r\nl2\rl3\n\tx\x01y") == "l1\nl2\nl3\n\tx y");
    for (const char* s : {"a\nb", "\x01\x02", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x81\xA9", "\xFF\xFE"})
        CHECK(input::line_problem(input::clean_line(s)) == "");
}

TEST_CASE("input: logins") {
    for (const char* ok : {"boss", "ivanova", "i.petrov", "svc_cron", "user-2", "a", "nul0", "com10", "lpt"}) {
        INFO(ok);
        CHECK(input::login_problem(ok) == "");
    }
    for (const char* bad : {"", "../x", "a/b", "a\\b", "a:b*c", "Petrov", ".hidden", "-rf", "a b", "иванов", "a\nb", "CON", "con",
                            "nul", "com1", "LPT9", "aux.x", "prn"}) {
        INFO(bad);
        CHECK(input::login_problem(bad) != "");
    }
    CHECK(input::login_problem(std::string(32, 'a')) == "");
    CHECK(input::login_problem(std::string(33, 'a')) != "");
    CHECK(error_of([] { input::require_login("a\nb", "--user"); }) ==
          "--user: 'a\\nb' is not a login: use 1 to 32 characters of a-z, 0-9, '.', '_', '-'");
    CHECK(error_of([] { input::require_login("CON", "login", "Сотрудники.toml", 12); }).starts_with("Сотрудники.toml:12: login: 'CON'"));
}

TEST_CASE("input: host names allow capitals") {
    CHECK(input::host_problem("DESKTOP-7QK2") == "");
    CHECK(input::host_problem("pc-test") == "");
    CHECK(input::host_problem("../../tmp") != "");
    CHECK(input::host_problem("AUX") != "");
    CHECK(input::host_problem("") != "");
    CHECK(input::host_problem(std::string(64, 'h')) != "");
}

TEST_CASE("input: amounts and quantities are bounded so sums cannot overflow") {
    CHECK(input::amount_in_range(Money{input::max_kopecks}));
    CHECK(input::amount_in_range(Money{-input::max_kopecks}));
    CHECK_FALSE(input::amount_in_range(Money{input::max_kopecks + 1}));
    CHECK_FALSE(input::amount_in_range(Money{INT64_MIN}));
    // 92 233 of the largest amount still fit in int64 kopecks.
    CHECK(INT64_MAX / input::max_kopecks >= 92'233);
    CHECK(error_of([] { input::require_amount(Money{input::max_kopecks + 1}, "--amount"); }) ==
          "--amount: 1 000 000 000 000,00 is beyond the largest amount gefest accepts (999 999 999 999,99)");
    CHECK(error_of([] { input::require_quantity(input::max_quantity, "qty"); }) == "");
    CHECK(error_of([] { input::require_quantity(input::max_quantity + 1, "qty"); }) != "");
}

TEST_CASE("input: shown keeps a message on one line") {
    CHECK(input::shown("a\r\nb\x01\xE2\x80\xAE\xFF") == "a\\r\\nb\\u0001\\u202E\\xFF");
    CHECK(input::shown("Ромашка") == "Ромашка");
}
