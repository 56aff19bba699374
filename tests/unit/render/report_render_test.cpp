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

namespace {

// Rows of form 02-006-01 with every kind of text a journal may hold: formulas, quotes,
// separators, spaces at the ends, unknown codes, empty fields, negative numbers.
std::vector<RequestRow> hostile_rows() {
    std::vector<RequestRow> rows;
    auto add = [&](const std::string& time, const std::string& kind, const std::string& id, const std::string& channel,
                   std::int64_t client, const std::string& name, const std::string& source, const std::string& manager,
                   const std::string& asked, const std::string& outcome, const std::string& order, std::int64_t amount,
                   const std::string& status) {
        RequestRow r;
        r.time = DateTime::parse(time, "t");
        r.kind = kind;
        r.id = id;
        r.channel = channel;
        r.client = client;
        r.client_name = name;
        r.new_client = client % 2 == 1;
        r.source = source;
        r.manager = manager;
        r.asked = asked;
        r.outcome = outcome;
        r.order = order;
        r.amount = Money{amount};
        r.status = status;
        rows.push_back(r);
    };
    add("2026-11-02T09:00:00", "inquiry", "2026-1", "new", 7, "=HYPERLINK(\"http://x\";\"y\")", "@SUM(A1)", "petrov", "+7 999", "transferred",
        "2026-1", 100050, "new");
    add("2026-11-02T09:00:00", "inquiry", "2026-2", "=cmd|' /C calc'!A0", 0, "-2+3", " Выставка", "petrov ", "ПК-50 × 2\r\nещё",
        "=1", "", 0, "");
    add("2026-11-03T10:00:00", "order", "-1", "cash", -3, "ООО \"Ромашка\"; и Ко", "", "\tsidorova", "", "", "-1", -250, "=x");
    add("2026-11-04T11:00:00", "=kind", "2026-3", "site", 12, "-5", "+", "@", "-", "application", "2026-3", 0, "paid");
    add("2026-11-30T23:59:59", "inquiry", "2026-4", "email", 9, "'=a", "Сайт;", "iv;a", "тема\t", "received", "2026-4", 99, "cancelled");
    return rows;
}

// The document's CSV as the writer makes it of the rows' cells, without the straight path.
std::string csv_of_cells(Document d) {
    d.tables[0].csv_rows = nullptr;
    return render_csv(d);
}

}  // namespace

TEST_CASE("form 02-006-01 in CSV: rows written straight are the bytes of their cells, hostile text neutralised and quoted") {
    RequestsReport held;
    held.from = Date{2026, 11, 1};
    held.to = Date{2026, 11, 30};
    held.rows = hostile_rows();
    RequestsReport streamed = held;
    streamed.rows.clear();
    streamed.row_count = held.rows.size();
    const std::vector<RequestRow> rows = held.rows;
    streamed.each_row = [rows](const RequestRowVisit& visit) {
        for (const auto& r : rows) visit(r.view());
    };
    for (const RequestsReport* r : {&held, &streamed}) {
        const Document d = requests_document(*r);
        REQUIRE(d.tables[0].csv_rows);
        const std::string csv = render_csv(d);
        CHECK(csv == csv_of_cells(d));
        CHECK(csv.find("\r\n02.11.2026;обращение;2026-1;звонок, новый клиент;7;\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";да;'@SUM(A1);petrov;"
                       "'+7 999;передан менеджеру;2026-1;1000,50;новый\r\n") != std::string::npos);
        CHECK(csv.find(";'=cmd|' /C calc'!A0;;'-2+3;нет;\" Выставка\";\"petrov \";\"ПК-50 × 2\r\nещё\";'=1;;;\r\n") != std::string::npos);
        CHECK(csv.find("\r\n03.11.2026;заказ;-1;заказ, наличный;-3;\"ООО \"\"Ромашка\"\"; и Ко\";нет;;'\tsidorova;;;-1;-2,50;'=x\r\n") !=
              std::string::npos);
        CHECK(csv.find(";'=kind;2026-3;заявка с сайта;12;-5;нет;'+;'@;'-;заявка;2026-3;0,00;оплачен\r\n") != std::string::npos);
        CHECK(csv.find(";'=a;да;\"Сайт;\";\"iv;a\";\"тема\t\";принято;2026-4;0,99;отменен\r\n") != std::string::npos);
    }
}
