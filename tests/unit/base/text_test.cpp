#include "base/text.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using gefest::trim_ascii_space;
using gefest::trim_blanks;
using gefest::trim_space;
using gefest::unix_line_ends;
using gefest::escape_controls;
using gefest::incomplete_utf8_tail;

namespace {

const std::string nbsp = "\xC2\xA0";

// Reference for trim_space as lib/formats/requisites.cpp had it (ends trimmed in turns rather
// than the front first): the two former copies must agree with the shared one.
std::string_view trim_space_in_turns(std::string_view s) {
    const std::string_view nb = "\xC2\xA0";
    auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    for (;;) {
        if (!s.empty() && sp(s.front())) s.remove_prefix(1);
        else if (!s.empty() && sp(s.back())) s.remove_suffix(1);
        else if (s.starts_with(nb)) s.remove_prefix(nb.size());
        else if (s.ends_with(nb)) s.remove_suffix(nb.size());
        else return s;
    }
}

}  // namespace

TEST_CASE("text: trim_blanks trims spaces and tabs only") {
    CHECK(trim_blanks("") == "");
    CHECK(trim_blanks(" \t \t") == "");
    CHECK(trim_blanks("  a b\t") == "a b");
    CHECK(trim_blanks("\ta\t b ") == "a\t b");
    // CR, LF and NBSP are not blanks: kept at the ends, and they stop the trimming.
    CHECK(trim_blanks("\r\nx\n") == "\r\nx\n");
    CHECK(trim_blanks(" \n x \r ") == "\n x \r");
    CHECK(trim_blanks(nbsp + "x" + nbsp) == nbsp + "x" + nbsp);
    CHECK(trim_blanks(" " + nbsp + " ") == nbsp);
    // A view into the argument, not a copy.
    std::string s = "  abc  ";
    std::string_view v = trim_blanks(s);
    CHECK(v.data() == s.data() + 2);
    CHECK(v.size() == 3);
}

TEST_CASE("text: trim_ascii_space trims space, tab, CR and LF, not NBSP") {
    CHECK(trim_ascii_space("") == "");
    CHECK(trim_ascii_space(" \t\r\n \r\n") == "");
    CHECK(trim_ascii_space("\r\n Тема письма \t\r\n") == "Тема письма");
    CHECK(trim_ascii_space("a\r\nb") == "a\r\nb");
    CHECK(trim_ascii_space(nbsp) == nbsp);
    CHECK(trim_ascii_space(" " + nbsp + "x" + nbsp + "\n") == nbsp + "x" + nbsp);
}

TEST_CASE("text: trim_space trims ASCII white space and NBSP") {
    CHECK(trim_space("") == "");
    CHECK(trim_space(" \t\r\n") == "");
    CHECK(trim_space(nbsp) == "");
    CHECK(trim_space(nbsp + " \t" + nbsp + "\r\n" + nbsp) == "");

    SUBCASE("NBSP at either end, alone or mixed with ASCII white space") {
        CHECK(trim_space(nbsp + "ООО Ромашка") == "ООО Ромашка");
        CHECK(trim_space("ООО Ромашка" + nbsp) == "ООО Ромашка");
        CHECK(trim_space(nbsp + nbsp + "x" + nbsp + nbsp) == "x");
        CHECK(trim_space(" " + nbsp + "\tx\n" + nbsp + " ") == "x");
    }
    SUBCASE("an NBSP inside the text is kept") {
        CHECK(trim_space("100" + nbsp + "000") == "100" + nbsp + "000");
        CHECK(trim_space(nbsp + "a" + nbsp + "b" + nbsp) == "a" + nbsp + "b");
    }
    SUBCASE("a lone 0xC2 or 0xA0 byte is not eaten") {
        CHECK(trim_space("\xC2") == "\xC2");
        CHECK(trim_space("x\xC2") == "x\xC2");
        CHECK(trim_space(" x\xC2 ") == "x\xC2");
        CHECK(trim_space("\xC2x") == "\xC2x");
        CHECK(trim_space("\xA0x\xA0") == "\xA0x\xA0");
        // The NBSP is cut, the 0xC2 before it is the end of the text.
        CHECK(trim_space("x\xC2" + nbsp) == "x\xC2");
        // Another letter starting with 0xC2 ("§" is C2 A7) stays whole.
        CHECK(trim_space("\xC2\xA7 x \xC2\xA7") == "\xC2\xA7 x \xC2\xA7");
    }
    SUBCASE("a view into the argument") {
        std::string s = nbsp + " abc" + nbsp;
        std::string_view v = trim_space(s);
        CHECK(v.data() == s.data() + 3);
        CHECK(v == "abc");
    }
}

TEST_CASE("text: trim_space agrees with trimming the ends in turns, on every short string") {
    const char alphabet[] = {' ', '\t', '\r', '\n', '\xC2', '\xA0', 'a'};
    constexpr int n = sizeof alphabet;
    int checked = 0;
    for (int len = 0; len <= 6; ++len) {
        long total = 1;
        for (int i = 0; i < len; ++i) total *= n;
        for (long k = 0; k < total; ++k) {
            std::string s;
            for (long x = k, i = 0; i < len; ++i, x /= n) s += alphabet[x % n];
            if (trim_space(s) != trim_space_in_turns(s)) {
                FAIL_CHECK("differs on a string of " << len << " bytes, index " << k);
                return;
            }
            ++checked;
        }
    }
    CHECK(checked == 137257);  // 7^0 + ... + 7^6
}

TEST_CASE("text: unix_line_ends") {
    CHECK(unix_line_ends("") == "");
    CHECK(unix_line_ends("a\nb\n") == "a\nb\n");
    CHECK(unix_line_ends("a\r\nb\r\n") == "a\nb\n");
    CHECK(unix_line_ends("a\rb\r") == "a\nb\n");
    CHECK(unix_line_ends("\r\r\n\n") == "\n\n\n");
    CHECK(unix_line_ends("x\r") == "x\n");
    CHECK(unix_line_ends("\n\r") == "\n\n");
    CHECK(unix_line_ends("Привет,\r\nмир") == "Привет,\nмир");
}

TEST_CASE("text: trimmed is trim_ascii_space as a string of its own") {
    std::string kept;
    {
        std::string gone = " \t\r\nЗаказ 7\r\n";
        kept = gefest::trimmed(gone);
    }
    CHECK(kept == "Заказ 7");
    CHECK(gefest::trimmed("") == "");
    CHECK(gefest::trimmed("\xC2\xA0x") == "\xC2\xA0x");  // NBSP is not ASCII space
}

TEST_CASE("text: escape_controls shows terminal controls and bidi overrides as text") {
    CHECK(escape_controls("ООО Ромашка", false) == "ООО Ромашка");
    CHECK(escape_controls("a\x1b[2Jb", true) == "a\\x1B[2Jb");        // clear screen
    CHECK(escape_controls("\x1b]0;title\x07", true) == "\\x1B]0;title\\x07");  // retitle
    CHECK(escape_controls("paid\rUNPAID", true) == "paid\\rUNPAID");  // overwrite the line
    CHECK(escape_controls("a\x7f\x08", true) == "a\\x7F\\x08");
    CHECK(escape_controls("two\nlines\tok", true) == "two\nlines\tok");
    CHECK(escape_controls("two\nlines\tok", false) == "two\\nlines\\tok");
    CHECK(escape_controls("x\u202Eabc\u202Cy", true) == "x<U+202E>abc<U+202C>y");
    CHECK(escape_controls("\u202A\u202B\u202D\u2066\u2067\u2068\u2069", true) ==
          "<U+202A><U+202B><U+202D><U+2066><U+2067><U+2068><U+2069>");
    CHECK(escape_controls("\u2029\u2065\u206A\u2014", true) == "\u2029\u2065\u206A\u2014");  // neighbours kept
    CHECK(escape_controls("\xC2\x9B" "31m", true) == "<U+009B>31m");  // C1 CSI
    CHECK(escape_controls("\xC2\xA0", true) == "\xC2\xA0");           // NBSP is text
    CHECK(escape_controls("\xE2\x80", true) == "\xE2\x80");           // cut short: kept
    CHECK(escape_controls("\xff\xfe", true) == "\xff\xfe");
}

TEST_CASE("text: incomplete_utf8_tail") {
    CHECK(incomplete_utf8_tail("") == 0);
    CHECK(incomplete_utf8_tail("abc") == 0);
    CHECK(incomplete_utf8_tail("я") == 0);
    CHECK(incomplete_utf8_tail("a\xD1") == 1);
    CHECK(incomplete_utf8_tail("a\xE2\x80") == 2);
    CHECK(incomplete_utf8_tail("a\xE2\x80\xAE") == 0);
    CHECK(incomplete_utf8_tail("\xF0\x9F\x98") == 3);
    CHECK(incomplete_utf8_tail("\x80\x80\x80\x80") == 0);
}

TEST_CASE("text: append_utf8 writes one to four bytes, and nothing for what is no code point") {
    std::string out;
    for (char32_t cp : {U'A', U'Ж', U'€', U'\U0001F600'}) gefest::append_utf8(out, cp);
    CHECK(out == "AЖ€\xF0\x9F\x98\x80");
    gefest::append_utf8(out, 0x110000);
    gefest::append_utf8(out, 0xD800);
    CHECK(out == "AЖ€\xF0\x9F\x98\x80");
}

// Issue 14: e-mail attachments are kept under names someone else chose.
TEST_CASE("safe_file_name: no path, no control characters, no ';', bounded, extension kept") {
    using gefest::safe_file_name;
    CHECK(safe_file_name("Реквизиты.pdf") == "Реквизиты.pdf");
    CHECK(safe_file_name("../../etc/passwd") == "passwd");
    CHECK(safe_file_name("C:\\Users\\x\\Счет.pdf") == "Счет.pdf");
    CHECK(safe_file_name("a;b\x01" "c\x7f.pdf") == "a_b_c_.pdf");
    CHECK(safe_file_name("x\xE2\x80\xAEgpj.exe") == "x_gpj.exe");  // a bidi override
    CHECK(safe_file_name("x\xC2\x85y.txt") == "x_y.txt");           // a C1 control
    CHECK(safe_file_name("what?<>|\"*:.doc") == "what_______.doc");
    CHECK(safe_file_name("..") == "file");
    CHECK(safe_file_name(" .hidden. ") == "hidden");
    CHECK(safe_file_name("", "вложение") == "вложение");
    CHECK(safe_file_name("CON.txt") == "_CON.txt");
    CHECK(safe_file_name("lpt1") == "_lpt1");
    CHECK(safe_file_name("COM10.txt") == "COM10.txt");
    CHECK(safe_file_name("\xCF\xF0\xE8\xEC\xE5\xF0.pdf") == "Пример.pdf");  // windows-1251 bytes
    const std::string long_name = std::string(200, 'x') + ".pdf";
    CHECK(safe_file_name(long_name).size() == 120);
    CHECK(safe_file_name(long_name).ends_with(".pdf"));
    std::string cyr;
    for (int i = 0; i < 100; ++i) cyr += "ж";
    const std::string cut = safe_file_name(cyr + ".pdf", "f", 51);
    CHECK(cut == std::string(cyr.substr(0, 46)) + ".pdf");  // 23 letters of 2 bytes: no letter cut in half
}
