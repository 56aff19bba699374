#include "reports/report.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "journal_rows.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;

namespace {

using gefest::testing::ev;
using gefest::testing::inquiry;
using gefest::testing::order_new;

struct Fixture {
    TempFolder dir;
    Journal journal{dir / "Журнал", "test-share", [] {
                        Identity id = Identity::current();
                        id.login = "petrov";
                        id.host = "pc1";
                        return id;
                    }()};
    void add(Event e) { journal.append(e); }
};

// The steps of both paths done by the sales manager, and what the control report asks the
// matrix: the owner (5.2), the clients' managers (5.2.1.2), who answers a lead-time
// question (5.2.3.2 "answer").
Process process() {
    Process p;
    p.roles = {{"head_of_sales", "Начальник отдела продаж"}, {"sales_manager", "Менеджер ОП"}, {"head_of_planning", "Начальник планового отдела"}};
    p.steps.push_back({"5.2", "владелец процесса", {"head_of_sales"}, {}, {}, 0, 0});
    p.steps.push_back({"5.2.1.2", "обращения существующих клиентов", {"sales_manager"}, {"sales_manager"}, {}, 4, 0});
    for (const auto& id : {"5.2.3.1", "5.2.3.2", "5.2.3.3", "5.2.3.4", "5.2.3.5", "5.2.4.3", "5.2.4.4", "5.2.4.5", "5.2.4.6", "5.2.4.7",
                           "5.2.4.8", "5.2.3.6", "5.2.3.7", "5.2.4.1", "5.2.4.2"})
        p.steps.push_back({id, std::string("шаг ") + id, {"sales_manager"}, {"sales_manager"}, {}, 8, 0});
    for (Step& s : p.steps)
        if (s.id == "5.2.3.2") {
            s.performers.push_back("head_of_planning");
            s.actions = {{"ask", {"sales_manager"}}, {"answer", {"head_of_planning"}}, {"accept", {"sales_manager"}}};
        }
    return p;
}

}  // namespace

TEST_CASE("requests report: inquiries with their orders, direct orders, totals by source") {
    Fixture f;
    f.add(inquiry("2026-10-31T10:00:00", "2026-1", 7, "Выставка", true, "petrov"));  // before the period
    f.add(inquiry("2026-11-02T09:00:00", "2026-2", 8, "Выставка", true, "petrov"));
    f.add(inquiry("2026-11-03T09:00:00", "2026-3", 9, "Рекомендация", false, "sidorova"));
    f.add(order_new("2026-11-04T09:00:00", "2026-1", 8, "call:2026-2", "1000.50"));
    f.add(order_new("2026-11-05T09:00:00", "2026-2", 7, "2026-1", "200.00"));  // its inquiry is older
    f.add(order_new("2026-11-06T09:00:00", "2026-3", 5, "", "300.00", "cash"));
    f.add(ev("2026-11-07T09:00:00", "order.cancel", "order:2026-3", {{"status", "cancelled"}}));
    f.add(ev("2026-11-08T09:00:00", "order.step", "order:2026-1", {{"step", "5.2.3.1"}, {"status", "new"}}));
    f.add(ev("2026-11-09T09:00:00", "order.export_1c", "order:2026-1", {{"step", "5.2.3.3"}, {"status", "confirmed"}}));
    f.add(inquiry("2026-12-01T09:00:00", "2026-4", 10, "Выставка", true, "petrov"));  // after

    RequestsReport r = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30}, {{5, "Справочник"}});
    REQUIRE(r.rows.size() == 4);  // 2 inquiries + 2 orders not made from them
    CHECK(r.rows[0].id == "2026-2");
    CHECK(r.rows[0].order == "2026-1");
    CHECK(r.rows[0].amount == Money{100050});
    CHECK(r.rows[0].asked == "ПК-50 × 2");
    CHECK(r.rows[2].kind == "order");
    CHECK(r.rows[2].source == "");  // client 7: neither an inquiry of the period nor the base
    CHECK(r.rows[3].source == "Справочник");
    CHECK(r.rows[3].status == "cancelled");
    CHECK(r.total.inquiries == 2);
    CHECK(r.total.new_clients == 1);
    CHECK(r.total.orders == 3);
    CHECK(r.total.cancelled == 1);
    CHECK(r.total.confirmed == 1);
    CHECK(r.total.revenue == Money{100050});  // 2026-2 was never confirmed, 2026-3 was cancelled: no revenue
    CHECK(r.total.lead_count == 1);
    CHECK(r.total.avg_days_x100() == 200);  // 02.11 09:00 → 04.11 09:00
    REQUIRE(r.by_source.size() == 4);
    CHECK(r.by_source.back().name == "");  // "not known" last
    CHECK(r.by_source[0].name == "Выставка");
    CHECK(r.by_source[0].conversion_bp() == 10000);

    auto funnel = funnel_of(r);
    CHECK(funnel[0].count == 2);
    CHECK(funnel[1].count == 3);

    CHECK_THROWS_AS(build_requests_report(f.journal, Date{2026, 11, 30}, Date{2026, 11, 1}), Error);
}

TEST_CASE("control report: next step, who owes it, overdue first, as of a date") {
    Fixture f;
    f.add(order_new("2026-11-02T09:00:00", "2026-1", 8, "", "100.00"));
    f.add(order_new("2026-11-02T10:00:00", "2026-2", 9, "", "100.00", "cash"));
    f.add(ev("2026-11-02T11:00:00", "order.step", "order:2026-2", {{"step", "5.2.3.6"}, {"status", "new"}}));
    f.add(ev("2026-11-03T08:00:00", "order.step", "order:2026-1", {{"step", "5.2.3.1"}, {"status", "new"}}));
    f.add(ev("2026-11-03T09:00:00", "order.lead_time", "order:2026-1", {{"kind", "ask"}, {"status", "new"}}));
    Staff staff;
    StaffMember k;
    k.login = "kuznetsov";
    k.roles = {"head_of_planning"};
    staff.members.push_back(k);

    auto early = build_control_report(f.journal, DateTime::parse("2026-11-02T12:00:00", "t"), process(), staff);
    REQUIRE(early.size() == 2);
    CHECK(early[0].order == "2026-1");  // waiting 3 h > 2026-2's 1 h, nobody overdue yet
    CHECK(early[0].step == "5.2.3.1");
    CHECK(early[0].owed_by == std::vector<std::string>{"petrov"});

    auto later = build_control_report(f.journal, DateTime::parse("2026-11-03T12:00:00", "t"), process(), staff);
    REQUIRE(later.size() == 2);
    CHECK(later[0].order == "2026-2");  // overdue (25 h > 8 h) comes first
    CHECK(later[0].overdue());
    CHECK(later[0].step == "5.2.3.7");
    CHECK(later[1].step == "5.2.3.2");
    CHECK(later[1].owed_by == std::vector<std::string>{"kuznetsov"});  // a lead-time question is open
    CHECK(later[1].waiting_hours == 4);

    StaffMember petrov;
    petrov.login = "petrov";
    petrov.roles = {"sales_manager"};
    CHECK(todo_of(later, petrov).size() == 1);
    CHECK(todo_of(later, k).size() == 1);
}

TEST_CASE("managers report: days to invoice, payment and shipment; surveys, the last of an order counting") {
    Fixture f;
    f.add(inquiry("2026-11-01T09:00:00", "2026-1", 8, "Выставка", true, "petrov"));
    f.add(order_new("2026-11-02T09:00:00", "2026-1", 8, "call:2026-1", "1000.00"));
    f.add(ev("2026-11-03T09:00:00", "order.invoice", "order:2026-1", {{"invoice", "2026-1"}, {"total", "1000.00"}}));
    f.add(ev("2026-11-05T21:00:00", "order.step", "order:2026-1", {{"step", "5.2.4.3"}}));
    f.add(ev("2026-11-06T21:00:00", "order.step", "order:2026-1", {{"step", "5.2.4.8"}, {"status", "shipped"}}));
    f.add(order_new("2026-11-10T09:00:00", "2026-2", 9, "", "500.00", "cash"));  // cash: no invoice
    f.add(ev("2026-11-11T09:00:00", "order.step", "order:2026-2", {{"step", "5.2.3.7"}}));
    f.add(order_new("2026-11-12T09:00:00", "2026-3", 9, "", "700.00"));  // not invoiced yet
    f.add(ev("2026-11-20T09:00:00", "survey.score", "order:2026-1", {{"manager", "petrov"}, {"score", 2}}));
    f.add(ev("2026-11-21T09:00:00", "survey.score", "order:2026-1", {{"manager", "petrov"}, {"score", 5}}));  // --replace
    f.add(ev("2026-11-22T09:00:00", "survey.score", "order:2025-90", {{"manager", "petrov"}, {"score", 4}}));  // an older order
    f.add(ev("2026-11-23T09:00:00", "survey.score", "order:2026-2", {{"manager", "sidorova"}, {"score", 3}}));
    f.add(ev("2026-12-01T09:00:00", "survey.score", "order:2026-3", {{"manager", "petrov"}, {"score", 1}}));  // after the period

    RequestsReport r = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30});
    CHECK(r.total.to_invoice.count == 1);
    CHECK(r.total.to_invoice.avg_days_x100() == 100);
    REQUIRE(r.total.to_payment.count == 2);  // 2.5 days after the invoice; the cash order 1 day after it was made
    CHECK(r.total.to_payment.avg_days_x100() == 175);
    CHECK(r.total.to_shipment.count == 1);
    CHECK(r.total.to_shipment.avg_days_x100() == 100);
    CHECK(r.total.surveys == 3);
    CHECK(r.total.score_sum == 12);
    CHECK(r.total.avg_score_x100() == 400);
    REQUIRE(r.by_manager.size() == 2);
    CHECK(r.by_manager[0].name == "petrov");
    CHECK(r.by_manager[0].surveys == 2);
    CHECK(r.by_manager[0].avg_score_x100() == 450);
    CHECK(r.by_manager[1].name == "sidorova");
    CHECK(r.by_manager[1].avg_score_x100() == 300);
    CHECK(r.by_manager[1].orders == 0);  // her survey counts though the orders are petrov's
    REQUIRE(r.surveys_by_month.size() == 1);
    CHECK(r.surveys_by_month[0].name == "2026-11");
    CHECK(r.surveys_by_month[0].surveys == 3);
    RequestsReport two_months = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 12, 31});
    REQUIRE(two_months.surveys_by_month.size() == 2);
    CHECK(two_months.surveys_by_month[1].name == "2026-12");
    CHECK(two_months.surveys_by_month[1].avg_score_x100() == 100);

    f.add(ev("2026-11-24T09:00:00", "survey.score", "order:2026-3", {{"manager", "petrov"}, {"score", 9}}));
    CHECK_THROWS_AS(build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30}), Error);
}

TEST_CASE("interval: unset ends and reversed times are not counted; averages and conversion round half away from zero") {
    Interval i;
    i.add(DateTime{}, DateTime::parse("2026-11-01T00:00:00", "t"));
    i.add(DateTime::parse("2026-11-02T00:00:00", "t"), DateTime::parse("2026-11-01T00:00:00", "t"));
    CHECK(i.count == 0);
    CHECK(i.avg_days_x100() == 0);
    i.add(DateTime::parse("2026-11-01T00:00:00", "t"), DateTime::parse("2026-11-01T08:00:00", "t"));
    CHECK(i.avg_days_x100() == 33);
    GroupTotals g;
    g.surveys = 3;
    g.score_sum = 13;  // 4.333…
    CHECK(g.avg_score_x100() == 433);
    g.score_sum = 14;  // 4.666…
    CHECK(g.avg_score_x100() == 467);
    // Issue 14: 7 orders of 15 inquiries showed 46,66 %, not 46,67 %.
    g.inquiries = 15;
    g.orders = 7;
    CHECK(g.conversion_bp() == 4667);
    g.orders = 8;
    CHECK(g.conversion_bp() == 5333);
    Interval two;
    two.add(DateTime::parse("2026-11-01T00:00:00", "t"), DateTime::parse("2026-11-01T16:00:00", "t"));  // 0,666… day
    CHECK(two.avg_days_x100() == 67);
    g.lead_count = 3;
    g.lead_seconds = 2 * 86400;  // 0,666… day each
    CHECK(g.avg_days_x100() == 67);
}

TEST_CASE("control report: once the shipping order is made, planning and the head of sales see the order in their todo") {
    Fixture f;
    f.add(order_new("2026-11-02T09:00:00", "2026-1", 8, "", "100.00"));
    for (const auto* step : {"5.2.3.1", "5.2.3.2", "5.2.3.3", "5.2.3.4", "5.2.3.5", "5.2.4.3"})
        f.add(ev("2026-11-03T09:00:00", "order.step", "order:2026-1", {{"step", step}, {"status", "confirmed"}}));
    Staff staff;
    StaffMember k, boss, petrov;
    k.login = "kuznetsov";
    k.roles = {"head_of_planning"};
    boss.login = "boss";
    boss.roles = {"head_of_sales"};
    petrov.login = "petrov";
    petrov.roles = {"sales_manager"};
    staff.members = {k, boss, petrov};

    auto paid = build_control_report(f.journal, DateTime::parse("2026-11-03T12:00:00", "t"), process(), staff);
    REQUIRE(paid.size() == 1);
    CHECK(paid[0].step == "5.2.4.4");
    CHECK(paid[0].informed.empty());
    CHECK(todo_of(paid, k).empty());

    f.add(ev("2026-11-04T09:00:00", "order.step", "order:2026-1", {{"step", "5.2.4.4"}, {"status", "confirmed"}}));
    auto ordered = build_control_report(f.journal, DateTime::parse("2026-11-04T12:00:00", "t"), process(), staff);
    REQUIRE(ordered.size() == 1);
    CHECK(ordered[0].step == "5.2.4.5");
    CHECK(ordered[0].owed_by == std::vector<std::string>{"petrov"});  // the manager still owes the next step
    CHECK(ordered[0].informed == std::vector<std::string>{"kuznetsov", "boss"});
    CHECK(todo_of(ordered, k).size() == 1);
    CHECK(todo_of(ordered, boss).size() == 1);
    CHECK(todo_of(ordered, petrov).size() == 1);

    f.add(ev("2026-11-05T09:00:00", "order.step", "order:2026-1", {{"step", "5.2.4.8"}, {"status", "shipped"}}));
    CHECK(build_control_report(f.journal, DateTime::parse("2026-11-05T12:00:00", "t"), process(), staff).empty());
}

TEST_CASE("order replay: a row sorted before its order.new (same second, another segment; a slow PC clock) still counts") {
    OrderReplay replay;
    replay.apply(ev("2026-11-27T10:00:00", "order.step", "order:2026-2", {{"step", "5.2.4.4"}, {"status", "confirmed"}}));
    replay.apply(ev("2026-11-27T10:00:00", "order.step", "order:2025-9", {{"step", "5.2.3.1"}}));  // made before the months read
    CHECK(replay.orders().empty());
    replay.apply(order_new("2026-11-27T10:00:00", "2026-2", 7, "", "10.00"));
    REQUIRE(replay.orders().size() == 1);
    const OrderTrace& o = replay.orders().at("2026-2");
    CHECK(o.done.count("5.2.4.4") == 1);
    CHECK(o.status == "confirmed");
    replay.apply(ev("2026-11-27T10:00:01", "order.step", "order:2026-2", {{"step", "5.2.4.5"}}));
    CHECK(replay.orders().at("2026-2").done.count("5.2.4.5") == 1);
}

namespace {

std::string text_of(const RequestRow& r) {
    return r.time.iso() + "|" + r.kind + "|" + r.id + "|" + r.channel + "|" + std::to_string(r.client) + "|" + r.client_name + "|" +
           (r.new_client ? "new" : "") + "|" + r.source + "|" + r.manager + "|" + r.asked + "|" + r.outcome + "|" + r.order + "|" +
           std::to_string(r.amount.kopecks) + "|" + r.status;
}

std::string totals_of(const GroupTotals& g) {
    return g.name + ":" + std::to_string(g.inquiries) + "," + std::to_string(g.new_clients) + "," + std::to_string(g.orders) + "," +
           std::to_string(g.cancelled) + "," + std::to_string(g.revenue.kopecks) + "," + std::to_string(g.lead_count) + "," +
           std::to_string(g.lead_seconds);
}

}  // namespace

TEST_CASE("requests report: streamed rows and totals alone are those of the report that holds its rows") {
    Fixture f;
    f.add(inquiry("2026-11-02T09:00:00", "2026-10", 8, "Выставка", true, "petrov"));
    f.add(inquiry("2026-11-02T09:00:00", "2026-9", 9, "Рекомендация", false, "sidorova"));  // the same second: by id
    f.add(inquiry("2026-11-02T09:00:00", "web-1", 11, "Сайт", true, "petrov"));              // an id not "YYYY-N"
    f.add(order_new("2026-11-02T09:00:00", "2026-1", 7, "", "50.00"));                        // an order in that second
    f.add(order_new("2026-11-03T09:00:00", "2026-2", 8, "call:2026-10", "1000.50"));
    f.add(order_new("2026-11-03T10:00:00", "2026-3", 8, "call:2026-10", "10.00"));  // a second order from it: a row of its own
    f.add(order_new("2026-11-04T09:00:00", "2026-4", 11, "call:web-1", "7.00", "cash"));
    f.add(inquiry("2026-11-05T09:00:00", "2026-11", 12, "Выставка", false, "petrov"));  // client 12 merged into 8
    f.add(order_new("2026-11-06T09:00:00", "2026-5", 12, "", "3.00"));
    f.add(ev("2026-11-07T09:00:00", "order.cancel", "order:2026-3", {{"status", "cancelled"}}));
    const ClientSources sources = {{7, "Справочник"}};
    const ClientMerges merges = {{12, {8, "Клиент 8"}}};

    const RequestsReport held = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30}, sources, merges);
    REQUIRE(held.rows.size() == 7);
    CHECK(held.row_count == 7);
    CHECK(held.rows[0].id == "2026-10");  // the same second sorted by id, the order after the inquiries
    CHECK(held.rows[1].id == "2026-9");
    CHECK(held.rows[2].id == "web-1");
    CHECK(held.rows[2].order == "2026-4");
    CHECK(held.rows[3].id == "2026-1");
    std::vector<std::string> expected;
    for (const auto& row : held.rows) expected.push_back(text_of(row));

    RequestsReport streamed;
    {
        const ClientMerges gone = merges;  // the caller's merges may be gone when the rows are written
        // Two months (nothing in December): a period within one month is built with its rows.
        streamed = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 12, 31}, sources, gone, RequestsDetail::streamed);
    }
    const RequestsReport one_month = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30}, sources, merges, RequestsDetail::streamed);
    CHECK_FALSE(one_month.each_row);
    CHECK(one_month.rows.size() == 7);
    CHECK(streamed.rows.empty());
    CHECK(streamed.row_count == 7);
    REQUIRE(streamed.each_row);
    for (int twice = 0; twice < 2; ++twice) {  // each call reads the rows anew
        std::vector<std::string> got;
        streamed.each_row([&](const RequestRowView& row) { got.push_back(text_of(row.row())); });
        CHECK(got == expected);
    }

    const RequestsReport totals = build_requests_report(f.journal, Date{2026, 11, 1}, Date{2026, 11, 30}, sources, merges, RequestsDetail::totals);
    CHECK(totals.rows.empty());
    CHECK_FALSE(totals.each_row);
    CHECK(totals.row_count == 7);
    for (const RequestsReport* r : std::vector<const RequestsReport*>{&streamed, &totals}) {
        CHECK(totals_of(r->total) == totals_of(held.total));
        REQUIRE(r->by_source.size() == held.by_source.size());
        for (size_t i = 0; i < held.by_source.size(); ++i) CHECK(totals_of(r->by_source[i]) == totals_of(held.by_source[i]));
        REQUIRE(r->by_manager.size() == held.by_manager.size());
        for (size_t i = 0; i < held.by_manager.size(); ++i) CHECK(totals_of(r->by_manager[i]) == totals_of(held.by_manager[i]));
    }
}
