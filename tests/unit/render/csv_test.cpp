#include "render/render.h"

#include <doctest/doctest.h>

#include "base/csv.h"
#include "base/error.h"

using namespace gefest;

namespace {

const std::string bom = "\xEF\xBB\xBF";

std::string list_csv(const Listing& l) {
    std::string all;
    render_list_to(l.table(), "csv", [&](std::string_view p) { all += p; });
    return all;
}

}  // namespace

TEST_CASE("CSV document: numbers stay numbers, formulas are neutralised, tables a blank line apart") {
    Document d{"x", "Заголовок", "период", {}, {}};
    Table t{"rows", "Строки", {{"a", "Текст", CellKind::text, 10}, {"m", "Сумма", CellKind::money, 10}}, {}, {}};
    t.rows.push_back({text_cell("=1+2"), money_cell(Money{28500000})});
    t.rows.push_back({text_cell("-5"), empty_cell(CellKind::money)});
    t.totals.push_back({text_cell("Итого"), money_cell(Money{28500000})});
    d.tables.push_back(t);
    CHECK(render_csv(d) == bom + "Текст;Сумма\r\n'=1+2;285000,00\r\n-5;\r\nИтого;285000,00\r\n");
    Table q{"q", "Q", {{"a", "Сумма, руб", CellKind::text, 10}, {"d", "Дата", CellKind::date, 10}}, {}, {}};
    q.rows.push_back({text_cell("@SUM(A1);\"x\""), date_cell(Date{2026, 11, 27})});
    q.rows.push_back({text_cell("+7 495 123-45-67"), empty_cell(CellKind::date)});
    d.tables.push_back(q);
    CHECK(render_csv(d) == bom + "Текст;Сумма\r\n'=1+2;285000,00\r\n-5;\r\nИтого;285000,00\r\n" +
                               "\r\nСумма, руб;Дата\r\n\"'@SUM(A1);\"\"x\"\"\";27.11.2026\r\n'+7 495 123-45-67;\r\n");
}

TEST_CASE("CSV list: the registers' dialect; formulas guarded reversibly, the header quoted for commas") {
    Listing l{{"phone", "sum"}, {"Телефон", "Сумма, руб"}, {{"+7 495 123-45-67", "12,50"}, {"=1+2", " a;b\"c"}, {"'=HYPERLINK(x)", "-5"}}};
    // Opened in Excel, no cell runs as a formula; read back (csv::parse_guarded, the
    // client import) every cell is what was listed.
    const std::string out = list_csv(l);
    CHECK(out == bom + "Телефон;\"Сумма, руб\"\r\n'+7 495 123-45-67;12,50\r\n'=1+2;\" a;b\"\"c\"\r\n''=HYPERLINK(x);-5\r\n");
    const csv::Table back = csv::parse_guarded(out, "list.csv");
    REQUIRE(back.rows.size() == 3);
    CHECK(back.rows[0].cells == std::vector<std::string>{"+7 495 123-45-67", "12,50"});
    CHECK(back.rows[1].cells == std::vector<std::string>{"=1+2", " a;b\"c"});
    CHECK(back.rows[2].cells == std::vector<std::string>{"'=HYPERLINK(x)", "-5"});
    CHECK(list_csv(Listing{{"a"}, {"A"}, {}}) == bom + "A\r\n");
    // A row of another width is a bug in the caller, refused rather than written askew.
    CHECK_THROWS_AS(list_csv(Listing{{"a", "b"}, {"A", "B"}, {{"1"}}}), Error);
    // A record in CSV is a list of one row.
    std::string record;
    render_record_to(l.table(), "csv", [&](std::string_view p) { record += p; });
    CHECK(record == list_csv(l));
}
