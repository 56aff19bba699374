#include "base/csv.h"

#include <doctest/doctest.h>

#include "base/encoding.h"
#include "base/error.h"

using namespace gefest;
using Strings = std::vector<std::string>;

namespace {

const std::string bom = "\xEF\xBB\xBF";

/// "FILE:LINE: message" of the Errc::data Error that parsing `bytes` throws.
std::string parse_error(std::string_view bytes) {
    try {
        csv::parse(bytes, "Клиенты.csv");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.where_and_what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

std::string line_error(std::string_view line, int line_no) {
    try {
        csv::parse_line(line, ';', "journal.csv", line_no);
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.where_and_what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

}  // namespace

TEST_CASE("write: BOM, ';', CRLF, quoting only where needed") {
    csv::Table t;
    t.header = {"Клиент", "Сумма, руб", "Комментарий"};
    t.rows.push_back({{"ООО \"Ромашка\"", "-12,50", "a;b"}, 0});
    t.rows.push_back({{" lead", "trail ", "two\nlines"}, 0});
    t.rows.push_back({{"", "=1+2", "\"\""}, 0});
    CHECK(csv::write(t) ==
          bom +
              "Клиент;\"Сумма, руб\";Комментарий\r\n"  // header cells with ',' are quoted
              "\"ООО \"\"Ромашка\"\"\";-12,50;\"a;b\"\r\n"
              "\" lead\";\"trail \";\"two\nlines\"\r\n"
              ";=1+2;\"\"\"\"\"\"\r\n");
}

TEST_CASE("write_row quotes like write and ends with CRLF") {
    CHECK(csv::write_row({"a", "b"}) == "a;b\r\n");
    CHECK(csv::write_row({"1,5", "x y"}) == "1,5;x y\r\n");  // data commas stay bare for Excel
    CHECK(csv::write_row({"\tx", "cr\r", "q\""}) == "\"\tx\";\"cr\r\";\"q\"\"\"\r\n");
    CHECK(csv::write_row({""}) == "\r\n");
    CHECK(csv::write_row({}) == "\r\n");
}

TEST_CASE("tricky cells survive write then parse") {
    csv::Table t;
    t.header = {"id", "текст", "ещё"};
    const Strings tricky = {"\"", "\"\"", ";", ",", "a\nb", "a\r\nb", "\r\n", " ", "  x  ",
                            "=HYPERLINK(\"http://x\")", "-1", "@sum", "Счёт № 5 «срочно»", "€₽𝄞", "'"};
    for (std::size_t i = 0; i < tricky.size(); ++i)
        t.rows.push_back({{std::to_string(i), tricky[i], tricky[tricky.size() - 1 - i]}, 0});
    const auto back = csv::parse(csv::write(t), "x.csv");
    CHECK(back.header == t.header);
    REQUIRE(back.rows.size() == t.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) CHECK(back.rows[i].cells == t.rows[i].cells);
    // Rows 4, 5 and 6 hold a line break ("a\nb", "a\r\nb", "\r\n"): two lines each.
    CHECK(back.rows[4].line == 6);
    CHECK(back.rows[5].line == 8);
    CHECK(back.rows[6].line == 10);
    CHECK(back.rows[7].line == 12);
}

TEST_CASE("a one-column header with a comma round-trips") {
    csv::Table t;
    t.header = {"Сумма, руб"};
    t.rows.push_back({{"1,50"}, 0});
    const auto back = csv::parse(csv::write(t), "x.csv");
    CHECK(back.header == t.header);
    REQUIRE(back.rows.size() == 1);
    CHECK(back.rows[0].cells == Strings{"1,50"});
}

TEST_CASE("parse a windows-1251 file as Excel ru-RU saves it") {
    const std::string bytes = encoding::from_utf8("Номер;Клиент\r\n5;ООО «Ёлка»\r\n", "windows-1251");
    const auto t = csv::parse(bytes, "x.csv");
    CHECK(t.header == Strings{"Номер", "Клиент"});
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].cells == Strings{"5", "ООО «Ёлка»"});
    CHECK(t.column("Клиент") == 1);
}

TEST_CASE("BOM optional") {
    const std::string body = "a;b\r\n1;2\r\n";
    for (const auto& bytes : {bom + body, body}) {
        const auto t = csv::parse(bytes, "x.csv");
        CHECK(t.header == Strings{"a", "b"});
        CHECK(t.column("a") == 0);  // not "\xEF\xBB\xBFa"
        REQUIRE(t.rows.size() == 1);
        CHECK(t.rows[0].line == 2);
    }
}

TEST_CASE("separator detection from the header line") {
    SUBCASE("comma file") {
        const auto t = csv::parse("a,b,\"c;d\"\n1,\"2,5\",3\n", "x.csv");
        CHECK(t.header == Strings{"a", "b", "c;d"});
        REQUIRE(t.rows.size() == 1);
        CHECK(t.rows[0].cells == Strings{"1", "2,5", "3"});
    }
    SUBCASE("';' wins when both occur") {
        const auto t = csv::parse("Сумма, руб;Клиент, ИНН\n1,5;x\n", "x.csv");
        CHECK(t.header == Strings{"Сумма, руб", "Клиент, ИНН"});
    }
    SUBCASE("a quoted ',' does not count") {
        const auto t = csv::parse("\"a,b\";c\n1;2\n", "x.csv");
        CHECK(t.header == Strings{"a,b", "c"});
    }
    SUBCASE("one column, no separator at all") {
        const auto t = csv::parse("name\r\nx,y\r\n", "x.csv");  // ';' assumed
        CHECK(t.header == Strings{"name"});
        REQUIRE(t.rows.size() == 1);
        CHECK(t.rows[0].cells == Strings{"x,y"});
        CHECK(parse_error("name\r\nx;z\r\n") == "Клиенты.csv:2: expected 1 fields, found 2");
    }
}

TEST_CASE("line ends: LF only, CR only, no final newline") {
    for (std::string text : {"a;b\n1;2\n3;4", "a;b\r\n1;2\r\n3;4", "a;b\r1;2\r3;4\r", "a;b\n1;2\r\n3;4\n\n\n"}) {
        CAPTURE(text);
        const auto t = csv::parse(text, "x.csv");
        REQUIRE(t.rows.size() == 2);
        CHECK(t.rows[0].cells == Strings{"1", "2"});
        CHECK(t.rows[1].cells == Strings{"3", "4"});
        CHECK(t.rows[1].line == 3);
    }
}

TEST_CASE("empty rows are dropped, line numbers stay true") {
    const auto t = csv::parse(bom + "a;b;c\r\n;;\r\n\r\n1;;3\r\n;;\r\n;;\r\n", "x.csv");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].cells == Strings{"1", "", "3"});
    CHECK(t.rows[0].line == 4);
    CHECK(csv::parse("a;b\r\n", "x.csv").rows.empty());
    CHECK(csv::parse("a;b", "x.csv").rows.empty());
}

TEST_CASE("header names are trimmed and looked up exactly") {
    const auto t = csv::parse("  Клиент ;\tИНН\r\n", "x.csv");
    CHECK(t.header == Strings{"Клиент", "ИНН"});
    CHECK(t.column("ИНН") == 1);
    CHECK(t.column("инн") == -1);
    CHECK(t.column("") == -1);
}

TEST_CASE("errors name the file and the line") {
    CHECK(parse_error("a;b;c\r\n1;2;3\r\n1;2\r\n") == "Клиенты.csv:3: expected 3 fields, found 2");
    CHECK(parse_error("a;b\n1;2\n\n1;2;3\n") == "Клиенты.csv:4: expected 2 fields, found 3");
    CHECK(parse_error("a;b\r\n1;\"open\r\n\r\nnever closed\r\n") == "Клиенты.csv:2: unterminated quote in field 2");
    CHECK(parse_error("a;b\r\n1;5\" screen\r\n") ==
          "Клиенты.csv:2: stray quote in field 2 (a field containing quotes must be quoted as a whole, "
          "with its quotes doubled)");
    CHECK(parse_error("a;b\r\n\"x\"y;2\r\n") == "Клиенты.csv:2: text after the closing quote of field 1");
    CHECK(parse_error("a;;c\r\n") == "Клиенты.csv:1: empty name for column 2");
    CHECK(parse_error("a; ;c\r\n") == "Клиенты.csv:1: empty name for column 2");
    CHECK(parse_error("ИНН;Имя;ИНН \r\n") == "Клиенты.csv:1: duplicate column name 'ИНН' (columns 1 and 3)");
    CHECK(parse_error("") == "Клиенты.csv: the file is empty: expected a header line");
    CHECK(parse_error(bom) == "Клиенты.csv: the file is empty: expected a header line");
    CHECK(parse_error("\r\na;b\r\n") == "Клиенты.csv:1: the first line is empty: expected a header line");
    CHECK(parse_error("a;b\r\n\x98;1\r\n") == "Клиенты.csv: invalid 'windows-1251' text: byte 0x98 at offset 5");
}

TEST_CASE("a multi-line quoted cell then a bad row: the bad row's own line") {
    const std::string text =
        "id;note\r\n"      // 1
        "1;\"line one\r\n"  // 2
        "line two\r\n"      // 3
        "line three\"\r\n"  // 4
        "2;fine\r\n"        // 5
        "3\r\n";            // 6
    CHECK(parse_error(text) == "Клиенты.csv:6: expected 2 fields, found 1");
    CHECK(parse_error("id;note\n1;\"a\nb\"\n2;x\"y\n") == "Клиенты.csv:4: stray quote in field 2 (a field "
                                                          "containing quotes must be quoted as a whole, with its "
                                                          "quotes doubled)");
    // A stray quote on a continuation line is reported where it is, not where the row began.
    CHECK(parse_error("id;note\n1;\"a\nb\"x\n") == "Клиенты.csv:3: text after the closing quote of field 2");
}

TEST_CASE("parse_line reads one journal record") {
    CHECK(csv::parse_line("2026-11-02T10:00;ivanov;order.created;\"a;b\"", ';', "j.csv", 7) ==
          Strings{"2026-11-02T10:00", "ivanov", "order.created", "a;b"});
    CHECK(csv::parse_line("a;\"x\r\ny\"\r\n", ';', "j.csv", 1) == Strings{"a", "x\r\ny"});
    CHECK(csv::parse_line("a,b\n", ',', "j.csv", 1) == Strings{"a", "b"});
    CHECK(csv::parse_line(bom + "a;b", ';', "j.csv", 1) == Strings{"a", "b"});
    CHECK(csv::parse_line("", ';', "j.csv", 1) == Strings{""});
    const Strings cells = {"x", "a\"b", "c;d", "e\r\nf", " g"};
    CHECK(csv::parse_line(csv::write_row(cells), ';', "j.csv", 1) == cells);
}

TEST_CASE("parse_line errors: a torn line, two records, bad quotes") {
    CHECK(line_error("a;\"torn in the mid", 41) == "journal.csv:41: unterminated quote in field 2");
    CHECK(line_error("a;b\r\nc;d\r\n", 9) == "journal.csv:10: more than one record on the line");
    CHECK(line_error("a;\"x\ny\";b\"", 5) ==
          "journal.csv:6: stray quote in field 3 (a field containing quotes must be quoted as a whole, "
          "with its quotes doubled)");
}

TEST_CASE("write refuses rows that parse would reject") {
    csv::Table t;
    t.header = {"a", "b"};
    t.rows.push_back({{"1", "2"}, 0});
    t.rows.push_back({{"1"}, 0});
    try {
        csv::write(t);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(std::string(e.what()) == "row 2 has 1 fields, the header has 2");
    }
}

TEST_CASE("neutralize_formula") {
    CHECK(csv::neutralize_formula("=1+2") == "'=1+2");
    CHECK(csv::neutralize_formula("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")");
    CHECK(csv::neutralize_formula("+7 912 345-67-89") == "'+7 912 345-67-89");
    CHECK(csv::neutralize_formula("-2+3") == "'-2+3");
    CHECK(csv::neutralize_formula("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv::neutralize_formula("\t=1") == "'\t=1");
    CHECK(csv::neutralize_formula("\r=1") == "'\r=1");
    CHECK(csv::neutralize_formula("\n=1") == "'\n=1");
    CHECK(csv::neutralize_formula("-") == "'-");
    CHECK(csv::neutralize_formula("-,5") == "'-,5");
    CHECK(csv::neutralize_formula("-12,") == "'-12,");
    CHECK(csv::neutralize_formula("-1,2,3") == "'-1,2,3");
    // Plain numbers stay numbers.
    CHECK(csv::neutralize_formula("-12,50") == "-12,50");
    CHECK(csv::neutralize_formula("-0.5") == "-0.5");
    CHECK(csv::neutralize_formula("+5") == "+5");
    CHECK(csv::neutralize_formula("-100") == "-100");
    // Harmless text is untouched.
    CHECK(csv::neutralize_formula("") == "");
    CHECK(csv::neutralize_formula("ООО Ромашка") == "ООО Ромашка");
    CHECK(csv::neutralize_formula("a=b") == "a=b");
    CHECK(csv::neutralize_formula(" =1") == " =1");
}

TEST_CASE("guard_formula is neutralize_formula made reversible") {
    CHECK(csv::guard_formula("=1+2") == "'=1+2");
    CHECK(csv::guard_formula("'=1+2") == "''=1+2");
    CHECK(csv::guard_formula("''-x") == "'''-x");
    CHECK(csv::guard_formula("'text") == "'text");
    CHECK(csv::guard_formula("-12,50") == "-12,50");
    CHECK(csv::guard_formula("'-12,50") == "''-12,50");
    CHECK(csv::unguard_formula("'=1+2") == "=1+2");
    CHECK(csv::unguard_formula("'text") == "'text");
    CHECK(csv::unguard_formula("'") == "'");
    for (std::string x : {"", "'", "''", "=", "'=", "''=", "-5", "'-5", "-", "'-", "@x", "'@x", "\t=1", "'\n", "a=b", "'a", "ООО"})
        CHECK(csv::unguard_formula(csv::guard_formula(x)) == x);
}

TEST_CASE("write_guarded and parse_guarded: a register round trip, no formula in the file") {
    csv::Table t{{"Клиент", "Сумма"}, {{{"=HYPERLINK(\"http://evil\")", "-1,50"}, 0}, {{"'+1", "@A1"}, 0}, {{"ООО «Ромашка»", "5"}, 0}}};
    const std::string file = csv::write_guarded(t);
    CHECK(file.find(";=") == std::string::npos);
    CHECK(file.find("\n=") == std::string::npos);
    CHECK(file.find("'=HYPERLINK") != std::string::npos);
    CHECK(file.find("''+1;'@A1") != std::string::npos);
    const csv::Table back = csv::parse_guarded(file, "x.csv");
    REQUIRE(back.rows.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(back.rows[i].cells == t.rows[i].cells);
    CHECK(back.header == t.header);
    // A row at a time: the same rows, lines and header.
    std::vector<std::string> header;
    std::vector<csv::Row> rows;
    csv::parse_guarded_each(file, "x.csv", [&](const std::vector<std::string>& h) { header = h; }, [&](csv::Row& r) { rows.push_back(r); });
    CHECK(header == t.header);
    REQUIRE(rows.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(rows[i].cells == t.rows[i].cells);
        CHECK(rows[i].line == back.rows[i].line);
    }
}

TEST_CASE("Excel's other saves: Unicode Text (UTF-16, tab), trailing separators") {
    SUBCASE("UTF-16LE with its BOM, tab separated") {
        const std::string utf8 = "Код\tНаименование\tСумма, руб\r\n1\tООО «Ромашка»; и Ко\t164500\r\n";
        const std::string bytes = "\xFF\xFE" + encoding::from_utf8(utf8, "UTF-16LE");
        const auto t = csv::parse(bytes, "x.csv");
        CHECK(t.header == Strings{"Код", "Наименование", "Сумма, руб"});
        REQUIRE(t.rows.size() == 1);
        CHECK(t.rows[0].cells == Strings{"1", "ООО «Ромашка»; и Ко", "164500"});
    }
    SUBCASE("UTF-16 that is broken is named") {
        CHECK(parse_error(std::string("\xFF\xFE" "a\0;", 5)) == "Клиенты.csv: incomplete 'UTF-16LE' character at the end of the text");
    }
    SUBCASE("a cleared column beyond the header: its empty name and cells are dropped") {
        const auto t = csv::parse("a;b;\r\n1;2;\r\n3;4;\r\n", "x.csv");
        CHECK(t.header == Strings{"a", "b"});
        REQUIRE(t.rows.size() == 2);
        CHECK(t.rows[1].cells == Strings{"3", "4"});
        const auto u = csv::parse("a;b\r\n1;2;;\r\n", "x.csv");  // only the rows have them
        CHECK(u.rows[0].cells == Strings{"1", "2"});
    }
    SUBCASE("but not when a cell there holds something") {
        CHECK(parse_error("a;b;\r\n1;2;x\r\n") == "Клиенты.csv:1: empty name for column 3");
        CHECK(parse_error("a;b\r\n1;2;x\r\n") == "Клиенты.csv:2: expected 2 fields, found 3");
    }
}
