#include "render/report_render.h"

#include <doctest/doctest.h>

using namespace gefest;

TEST_CASE("form 02-006-01 as a document: rows made from the report it keeps, labels for people, codes for JSON") {
    RequestsReport r;
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 30};
    RequestRow row;
    row.time = DateTime::parse("2026-11-02T09:00:00", "t");
    row.kind = "inquiry";
    row.id = "2026-2";
    row.channel = "new";
    row.client = 8;
    row.client_name = "ООО «Ромашка»";
    row.new_client = true;
    row.outcome = "transferred";
    row.order = "2026-1";
    row.amount = Money{100050};
    row.status = "confirmed";
    r.rows.push_back(row);
    r.by_source.push_back(GroupTotals{"Выставка", 1, 1, 1});
    r.total = r.by_source[0];
    const Document d = requests_document(std::move(r));
    CHECK(d.period == "01.11.2026 — 30.11.2026");
    REQUIRE(d.tables.size() == 2);
    const Table& rows = d.tables[0];
    REQUIRE(rows.row_count() == 1);
    CHECK(rows.rows.empty());  // made while rendering
    const std::vector<Cell> cells = rows.generate(0);
    REQUIRE(cells.size() == rows.columns.size());
    CHECK(cell_text(cells[1], true) == "обращение");
    CHECK(cells[1].code == "inquiry");
    CHECK(cell_text(cells[10], true) == "передан менеджеру");
    CHECK(cell_text(cells[12], true) == "1 000,50");
    CHECK(cells[13].code == "confirmed");
    CHECK(d.tables[1].totals.size() == 1);
    REQUIRE(d.charts.size() == 3);
    CHECK(d.charts[0].bars == std::vector<std::pair<std::string, std::int64_t>>{{"Выставка", 1}});
    CHECK(render_text(d).find("02.11.2026  обращение  2026-2") != std::string::npos);
}

TEST_CASE("control as a document: who owes each step, overdue marked, a totals line") {
    ControlRow late;
    late.order = "2026-2";
    late.client_name = "ИП Иванов";
    late.payment = "cash";
    late.step = "5.2.3.7";
    late.roles = {"sales_manager"};
    late.since = DateTime::parse("2026-11-02T11:00:00", "t");
    late.waiting_hours = 25;
    late.deadline_hours = 8;
    ControlRow owed = late;
    owed.order = "2026-1";
    owed.payment = "noncash";
    owed.owed_by = {"petrov", "kuznetsov"};
    owed.waiting_hours = 1;
    const Document d = control_document({late, owed}, DateTime::parse("2026-11-03T12:00:00", "t"), "");
    CHECK(d.report == "control");
    CHECK(d.period == "на 03.11.2026 12:00");
    REQUIRE(d.tables.size() == 1);
    const Table& t = d.tables[0];
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0][5].text == "sales_manager");  // nobody named: the roles
    CHECK(t.rows[1][5].text == "petrov, kuznetsov");
    CHECK(t.rows[0][9].number == 1);
    CHECK(t.rows[1][9].number == 0);
    REQUIRE(t.totals.size() == 1);
    CHECK(t.totals[0][1].text == "открытых: 2, просрочено: 1");
    CHECK(control_document({}, DateTime::parse("2026-11-03T12:00:00", "t"), "petrov").title == "Мои открытые шаги: petrov");
}
