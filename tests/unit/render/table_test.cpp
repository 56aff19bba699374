#include "render/table.h"

#include <doctest/doctest.h>

using namespace gefest;

TEST_CASE("cells: what each kind shows to people; empty cells show nothing") {
    CHECK(cell_text(text_cell("подтвержден", "confirmed"), true) == "подтвержден");
    CHECK(cell_text(int_cell(-42), true) == "-42");
    CHECK(cell_text(money_cell(Money{28500000}), true) == "285 000,00");
    CHECK(cell_text(money_cell(Money{28500000}), false) == "285000,00");
    CHECK(cell_text(hundredths_cell(1250), true) == "12,50");
    CHECK(cell_text(date_cell(Date{2026, 11, 27}), true) == "27.11.2026");
    CHECK(cell_text(bool_cell(true), true) == "да");
    CHECK(cell_text(bool_cell(false), true) == "нет");
    for (auto kind : {CellKind::text, CellKind::integer, CellKind::money, CellKind::hundredths, CellKind::date, CellKind::boolean})
        CHECK(cell_text(empty_cell(kind), true).empty());
    CHECK(is_numeric(CellKind::money));
    CHECK(is_numeric(CellKind::hundredths));
    CHECK_FALSE(is_numeric(CellKind::date));
    CHECK_FALSE(is_numeric(CellKind::boolean));
}

TEST_CASE("display width counts code points: Cyrillic letters are one column each") {
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("Пётр") == 4);
    CHECK(display_width("ООО «Ромашка»") == 13);
}

TEST_CASE("a table visits its rows (held or generated) and then its totals") {
    Table held{"t", "Т", {{"n", "№", CellKind::integer, 6}}, {{int_cell(1)}, {int_cell(2)}}, {{int_cell(3)}}};
    Table made = held;
    made.rows.clear();
    made.generated_rows = 2;
    made.generate = [](std::size_t i) { return std::vector<Cell>{int_cell(static_cast<std::int64_t>(i) + 1)}; };
    for (const Table* t : {&held, &made}) {
        CHECK(t->row_count() == 2);
        std::vector<std::pair<std::int64_t, bool>> seen;
        t->for_each_row([&](const std::vector<Cell>& row, bool total) { seen.emplace_back(row[0].number, total); });
        CHECK(seen == std::vector<std::pair<std::int64_t, bool>>{{1, false}, {2, false}, {3, true}});
    }
}

TEST_CASE("a listing is a table of text columns, its rows kept as wide as they were") {
    Listing l{{"id", "name"}, {"Код", "Наименование"}, {{"7", "ООО «Ромашка»"}, {"8"}}};
    const Table t = l.table();
    REQUIRE(t.columns.size() == 2);
    CHECK(t.columns[0].key == "id");
    CHECK(t.columns[1].title == "Наименование");
    CHECK(t.columns[1].kind == CellKind::text);
    REQUIRE(t.row_count() == 2);
    CHECK(t.rows[0][1].text == "ООО «Ромашка»");
    CHECK(t.rows[1].size() == 1);
    CHECK(t.totals.empty());
    const Table uneven = Listing{{"a", "b"}, {"A"}, {}}.table();
    REQUIRE(uneven.columns.size() == 2);
    CHECK(uneven.columns[1].title.empty());
}
