#include "render/render.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "temp_folder.h"

using namespace gefest;

TEST_CASE("render: unknown formats are refused before the first byte") {
    const Document d{"t", "Т", "П", {}, {}};
    bool wrote = false;
    const ByteSink sink = [&](std::string_view) { wrote = true; };
    try {
        render_to(d, "pdf", sink);
        FAIL("pdf was rendered");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::usage);
    }
    CHECK_THROWS_AS(render(d, "xls"), Error);
    const Table t = Listing{{"a"}, {"A"}, {{"1"}}}.table();
    for (const auto& format : {"html", "xlsx", ""}) {
        CAPTURE(format);
        CHECK_THROWS_AS(render_list_to(t, format, sink), Error);
        CHECK_THROWS_AS(render_record_to(t, format, sink), Error);
    }
    CHECK_FALSE(wrote);
    CHECK(report_formats() == std::vector<std::string>{"text", "csv", "json", "xlsx", "html"});
    CHECK(listing_formats() == std::vector<std::string>{"text", "csv", "json"});
}

TEST_CASE("render: a table of generated rows renders exactly as the same rows held") {
    Table held{"rows", "Строки", {{"name", "Имя", CellKind::text, 10}, {"sum", "Сумма", CellKind::money, 12}}, {}, {}};
    for (int i = 0; i < 3; ++i) held.rows.push_back({text_cell("=строка " + std::to_string(i)), money_cell(Money{i * 12345})});
    held.totals.push_back({text_cell("Итого"), money_cell(Money{3 * 12345})});
    Table made = held;
    made.rows.clear();
    made.generated_rows = held.rows.size();
    made.generate = [rows = held.rows](std::size_t i) { return rows[i]; };
    Table none = held;
    none.rows.clear();
    none.generate = [](std::size_t) -> std::vector<Cell> { throw std::logic_error("no row to make"); };
    Table none_held = held;
    none_held.rows.clear();
    for (const auto& format : {"text", "csv", "json", "html"}) {
        CAPTURE(format);
        CHECK(render(Document{"t", "Т", "П", {held}, {}}, format) == render(Document{"t", "Т", "П", {made}, {}}, format));
        CHECK(render(Document{"t", "Т", "П", {none_held}, {}}, format) == render(Document{"t", "Т", "П", {none}, {}}, format));
    }
    gefest::testing::ScopedEnv fixed("GEFEST_NOW", "2026-11-27T10:00:00");  // the workbook's creation time
    CHECK(render(Document{"t", "Т", "П", {held}, {}}, "xlsx") == render(Document{"t", "Т", "П", {made}, {}}, "xlsx"));
}

TEST_CASE("render: a long table reaches the sink in pieces, the same bytes as one string") {
    Table t{"rows", "Строки", {{"name", "Имя", CellKind::text, 10}, {"n", "№", CellKind::integer, 6}}, {}, {}};
    t.generated_rows = 20000;
    t.generate = [](std::size_t i) { return std::vector<Cell>{text_cell("строка " + std::to_string(i)), int_cell(static_cast<std::int64_t>(i))}; };
    const Document d{"t", "Т", "П", {t}, {}};
    for (const auto& format : {"text", "csv", "json", "html"}) {
        CAPTURE(format);
        std::vector<std::string> pieces;
        render_to(d, format, [&](std::string_view p) { pieces.emplace_back(p); });
        CHECK(pieces.size() > 3);  // never the whole report at once
        std::string all;
        for (const auto& p : pieces) all += p;
        CHECK(all == render(d, format));
        CHECK(all.find("строка 19999") != std::string::npos);
    }
}

TEST_CASE("render: a list reaches the sink in one piece, once it is whole") {
    Listing l{{"n"}, {"№"}, {}};
    for (int i = 0; i < 20000; ++i) l.rows.push_back({"строка " + std::to_string(i)});
    for (const auto& format : {"text", "csv", "json"}) {
        CAPTURE(format);
        int pieces = 0;
        render_list_to(l.table(), format, [&](std::string_view p) {
            ++pieces;
            CHECK(p.find("строка 19999") != std::string_view::npos);
        });
        CHECK(pieces == 1);
    }
}
