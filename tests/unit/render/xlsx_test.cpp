#include "render/render.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "temp_folder.h"

using namespace gefest;

TEST_CASE("XLSX: a workbook (a ZIP file) of every kind of cell, the same bytes each time") {
    gefest::testing::ScopedEnv fixed("GEFEST_NOW", "2026-11-27T10:00:00");  // the creation time
    Table t{"rows", "Строки", {{"a", "Текст", CellKind::text, 10}, {"d", "Дата", CellKind::date, 11}, {"m", "Сумма", CellKind::money, 12},
                               {"b", "Новый", CellKind::boolean, 7}, {"p", "%", CellKind::hundredths, 7}, {"n", "№", CellKind::integer, 5}}, {}, {}};
    t.rows.push_back({text_cell("=1+2"), date_cell(Date{2026, 11, 27}), money_cell(Money{100}), bool_cell(true), hundredths_cell(5),
                      empty_cell(CellKind::integer)});
    t.totals.push_back({text_cell("Итого"), empty_cell(CellKind::date), money_cell(Money{100}), empty_cell(CellKind::boolean),
                        empty_cell(CellKind::hundredths), int_cell(1)});
    const std::string bytes = render(Document{"t", "Т", "П", {t}, {}}, "xlsx");
    CHECK(bytes.starts_with("PK\x03\x04"));
    CHECK(bytes == render_xlsx(Document{"t", "Т", "П", {t}, {}}));
}

TEST_CASE("XLSX: a report longer than a sheet is refused, not cut") {
    Table t{"rows", "Строки", {{"n", "№", CellKind::integer, 6}}, {}, {}};
    t.generated_rows = 1048576;
    t.generate = [](std::size_t i) { return std::vector<Cell>{int_cell(static_cast<std::int64_t>(i))}; };
    try {
        render_xlsx(Document{"t", "Т", "П", {t}, {}});
        FAIL("a workbook was made");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::usage);
        CHECK(std::string(e.what()).find("1048581 rows") != std::string::npos);
    }
}

TEST_CASE("XLSX: a row that fails to be made fails the workbook") {
    Table t{"rows", "Строки", {{"n", "№", CellKind::integer, 6}}, {}, {}};
    t.generated_rows = 2;
    t.generate = [](std::size_t i) -> std::vector<Cell> {
        if (i == 1) throw Error(Errc::data, "broken row");
        return {int_cell(1)};
    };
    CHECK_THROWS_AS(render_xlsx(Document{"t", "Т", "П", {t}, {}}), Error);
}
