// Every kind of journal row declared in lib/procedure/events/*.h, built from its struct
// (event_rows.h), appended to the journal of a copy of the demo share and replayed
// through the reports (lib/reports/report_commands.h → build_requests_report,
// build_control_report; the documents of lib/render/report_render.h): each kind does
// to the reports what it must, and a kind the reports do not read leaves every report
// byte for byte as it was. `registry()` is the list of kinds with their check; a test
// reads the headers and fails for a kind declared there that the registry lacks (or a
// kind of the registry no header declares), so a new kind comes with its replay.
#include <doctest/doctest.h>

#include <functional>
#include <set>

#include "event_rows.h"
#include "procedure/calls.h"
#include "procedure/inquiry_follow_up.h"
#include "replay_share.h"

using namespace gefest;
using namespace gefest::testing::replay;
namespace rows = gefest::testing::rows;

namespace {

// --- call.* ------------------------------------------------------------------------------

// One inquiry of `channel`: counted once under its channel, source and manager, a new
// client counted when it says so; in process control an open step of its channel owed by
// its manager (issue 14: inquiries under control).
void check_call(Replay& r, const std::string& channel) {
    const Reports before = r.reports();
    const events::CallInquiry q = rows::inquiry("2026-2", channel);
    r.add(at, events::make_event<events::CallInquiry>(q, "call:2026-2", events::CallInquiry::kind_prefix + channel));
    const Reports after = r.reports();
    const RequestRow& row = row_of(after.requests, "inquiry", "2026-2");
    CHECK(row.time == time_of(at));
    CHECK(row.channel == channel);
    CHECK(row.client == 7);
    CHECK(row.client_name == "ООО «Вектор»");
    CHECK(row.new_client == q.new_client);
    CHECK(row.source == "Рекомендация");
    CHECK(row.manager == "sidorova");
    CHECK(row.outcome == q.outcome);
    CHECK(row.order.empty());
    const std::string asked = channel == "visit"   ? "приезжал в офис, смотрел ПК-50"
                              : channel == "email" ? "Запрос КП на ПК-50"
                              : channel == "new" || channel == "existing" ? "ПК-50 × 2"
                                                                          : "ПК-50 × 2, ДЫМ-200";
    CHECK(row.asked == asked);
    const std::int64_t is_new = q.new_client ? 1 : 0;
    CHECK(after.requests.total.inquiries == before.requests.total.inquiries + 1);
    CHECK(after.requests.total.new_clients == before.requests.total.new_clients + is_new);
    CHECK(group_of(after.requests.by_source, "Рекомендация").inquiries == group_of(before.requests.by_source, "Рекомендация").inquiries + 1);
    CHECK(group_of(after.requests.by_source, "Рекомендация").new_clients == is_new);
    CHECK(group_of(after.requests.by_manager, "sidorova").inquiries == group_of(before.requests.by_manager, "sidorova").inquiries + 1);
    CHECK(funnel_of(after.requests)[0].count == funnel_of(before.requests)[0].count + 1);
    const ControlRow* open = nullptr;
    for (const auto& c : after.control)
        if (c.status == "call:2026-2") open = &c;
    REQUIRE(open);
    CHECK(open->step == inquiry_step(channel));
    CHECK(open->order.empty());
    CHECK(open->owed_by == std::vector<std::string>{"sidorova"});
    CHECK(open->since == time_of(at));
    CHECK(open->deadline_hours > 0);
    CHECK(open->overdue());
    CHECK(after.control.size() == before.control.size() + 1);
    CHECK(changed(before, after) == "control,control rows,funnel,managers,requests,sources,todo:sidorova");
}

// An inquiry's outcome recorded (call close): process control no longer follows it.
void check_inquiry_close(Replay& r) {
    r.add("2026-11-19T12:00:00", events::make_event<events::CallInquiry>(rows::inquiry("2026-2", "existing"), "call:2026-2", "call.existing"));
    const Reports before = r.reports();
    bool open = false;
    for (const auto& c : before.control) open = open || c.status == "call:2026-2";
    REQUIRE(open);
    r.add(at, events::make_event(rows::inquiry_close(), "call:2026-2"));
    const Reports after = r.reports();
    CHECK(after.control.size() == before.control.size() - 1);
    for (const auto& c : after.control) CHECK(c.status != "call:2026-2");
    CHECK(changed(before, after) == "control,control rows,todo:sidorova");
}

// --- order.* -----------------------------------------------------------------------------

void check_order_new(Replay& r) {
    const Reports before = r.reports();
    events::OrderNew row = rows::order_new_noncash();
    row.client = 4;
    row.client_name = "ООО «ТюменьАгроСнаб»";
    row.manager = "sidorova";
    row.call = "";
    row.total = parse_money("2500.00");
    row.items = 2;
    r.add(at, events::make_event(row, "order:2026-3"));
    const Reports after = r.reports();
    const RequestRow& o = row_of(after.requests, "order", "2026-3");
    CHECK(o.channel == "noncash");
    CHECK(o.client == 4);
    CHECK(o.client_name == "ООО «ТюменьАгроСнаб»");
    CHECK(o.manager == "sidorova");
    CHECK(o.source == "Сайт компании");  // client 4's, from the client base
    CHECK(o.amount == parse_money("2500.00"));
    CHECK(o.status == "new");
    CHECK(after.requests.total.orders == before.requests.total.orders + 1);
    // Not confirmed yet: no revenue until it is (issue 14: form 02-006-01 counted it).
    CHECK(after.requests.total.confirmed == before.requests.total.confirmed);
    CHECK(after.requests.total.revenue == before.requests.total.revenue);
    CHECK(group_of(after.requests.by_manager, "sidorova").revenue == group_of(before.requests.by_manager, "sidorova").revenue);
    CHECK(group_of(after.requests.by_source, "Сайт компании").orders == 1);
    CHECK(funnel_of(after.requests)[1].count == funnel_of(before.requests)[1].count + 1);
    const ControlRow* c = control_of(after.control, "2026-3");
    REQUIRE(c);
    CHECK(c->step == "5.2.3.1");
    CHECK(c->owed_by == std::vector<std::string>{"sidorova"});
    CHECK(c->since == time_of(at));
    CHECK(c->payment == "noncash");
    CHECK(c->client_name == "ООО «ТюменьАгроСнаб»");
    CHECK(after.control.size() == before.control.size() + 1);
    r.add("2026-11-30T10:00:00", events::make_event(rows::export_1c(), "order:2026-3"));
    const Reports confirmed = r.reports();
    CHECK(confirmed.requests.total.confirmed == before.requests.total.confirmed + 1);
    CHECK(confirmed.requests.total.revenue == before.requests.total.revenue + parse_money("2500.00"));
    CHECK(group_of(confirmed.requests.by_manager, "sidorova").revenue ==
          group_of(before.requests.by_manager, "sidorova").revenue + parse_money("2500.00"));
}

// An order made from an inquiry of the period is shown on the inquiry's row.
void check_order_new_from_inquiry(Replay& r) {
    r.add("2026-11-19T12:00:00", events::make_event<events::CallInquiry>(rows::inquiry("2026-2", "existing"), "call:2026-2", "call.existing"));
    const Reports before = r.reports();
    events::OrderNew row = rows::order_new_noncash();
    row.client = 7;
    row.client_name = "ООО «Вектор»";
    row.manager = "sidorova";
    row.call = "2026-2";
    row.total = parse_money("700.00");
    r.add(at, events::make_event(row, "order:2026-3"));
    const Reports after = r.reports();
    CHECK(after.requests.rows.size() == before.requests.rows.size());  // no row of its own
    const RequestRow& inquiry = row_of(after.requests, "inquiry", "2026-2");
    CHECK(inquiry.order == "2026-3");
    CHECK(inquiry.amount == parse_money("700.00"));
    CHECK(inquiry.status == "new");
    CHECK(after.requests.total.lead_count == before.requests.total.lead_count + 1);
    CHECK(group_of(after.requests.by_source, "Рекомендация").orders == group_of(before.requests.by_source, "Рекомендация").orders + 1);
}

// After the row written at `time`: `order` waits for step `next` since then ("" : it
// has no open step any more).
void expect_next(Replay& r, const std::string& order, const std::string& time, const std::string& next) {
    const Reports now = r.reports();
    const ControlRow* c = control_of(now.control, order);
    INFO("after the row of " << time << ", order " << order << " waits for " << next);
    if (next.empty()) {
        CHECK(c == nullptr);
        return;
    }
    REQUIRE(c);
    CHECK(c->step == next);
    CHECK(c->since == time_of(time));
}

// The non-cash path of order 2026-1 row by row as the procedure writes it: each step
// done moves process control to the next; confirmed at 5.2.3.3, paid at 5.2.4.3 (and
// measured from the invoice), shipped at 5.2.4.7, closed at 5.2.4.8.
void check_noncash_walk(Replay& r) {
    auto add = [&](const std::string& time, Event e, const std::string& next) {
        r.add(time, std::move(e));
        expect_next(r, "2026-1", time, next);
    };
    const std::string order = "order:2026-1";
    add("2026-11-10T10:00:00", events::make_event(rows::lead_time("accept"), order), "5.2.3.3");
    add("2026-11-11T10:00:00", events::make_event(rows::export_1c(), order), "5.2.3.4");
    CHECK(r.reports().requests.total.confirmed == 1);
    add("2026-11-12T10:00:00", events::make_event(rows::step("5.2.3.4", "confirmed"), order), "5.2.3.5");
    r.add("2026-11-12T11:00:00", events::make_event(rows::order_invoice(), order));
    add("2026-11-13T10:00:00", events::make_event(rows::step("5.2.3.5", ""), order), "5.2.4.3");
    CHECK(r.reports().requests.total.paid == 0);
    add("2026-11-16T10:00:00", events::make_event(rows::step("5.2.4.3", ""), order), "5.2.4.4");
    Reports paid = r.reports();
    CHECK(paid.requests.total.paid == 1);
    CHECK(row_of(paid.requests, "inquiry", "2026-1").status == "paid");
    CHECK(paid.requests.total.to_payment.count == 1);
    CHECK(paid.requests.total.to_payment.seconds == 3 * 86400 + 23 * 3600);  // from the invoice, 12.11 11:00
    CHECK(open_step(paid.control, "2026-1").informed.empty());
    add("2026-11-17T10:00:00", events::make_event(rows::step("5.2.4.4", "confirmed"), order), "5.2.4.5");
    CHECK(open_step(r.reports().control, "2026-1").informed == std::vector<std::string>{"kuznetsov", "boss"});
    add("2026-11-18T10:00:00", events::make_event(rows::step("5.2.4.5", "confirmed"), order), "5.2.4.6");
    add("2026-11-18T12:00:00", events::make_event(rows::step("5.2.4.6", "confirmed"), order), "5.2.4.7");
    add("2026-11-19T10:00:00", events::make_event(rows::step("5.2.4.7", "confirmed"), order), "5.2.4.8");
    CHECK(r.reports().requests.total.shipped == 1);
    add("2026-11-20T10:00:00", events::make_event(rows::step("5.2.4.8", "shipped"), order), "");
    const Reports done = r.reports();
    CHECK(row_of(done.requests, "inquiry", "2026-1").status == "shipped");
    CHECK(done.requests.total.to_shipment.count == 1);
}

// The cash path of order 2026-2: paid at 5.2.3.7, shipped and closed at 5.2.4.2.
void check_cash_walk(Replay& r) {
    const std::string order = "order:2026-2";
    r.add("2026-11-04T10:00:00", events::make_event(rows::step("5.2.3.6", "new"), order));
    expect_next(r, "2026-2", "2026-11-04T10:00:00", "5.2.3.7");
    r.add("2026-11-04T11:00:00", events::make_event(rows::step("5.2.3.7", "confirmed"), order));
    expect_next(r, "2026-2", "2026-11-04T11:00:00", "5.2.4.1");
    const Reports paid = r.reports();
    CHECK(row_of(paid.requests, "order", "2026-2").status == "paid");
    CHECK(paid.requests.total.confirmed == 1);
    CHECK(paid.requests.total.paid == 1);
    r.add("2026-11-05T10:00:00", events::make_event(rows::step("5.2.4.1", "confirmed"), order));
    expect_next(r, "2026-2", "2026-11-05T10:00:00", "5.2.4.2");
    r.add("2026-11-21T10:00:00", events::make_event(rows::step("5.2.4.2", "shipped"), order));
    expect_next(r, "2026-2", "2026-11-21T10:00:00", "");
    CHECK(row_of(r.reports().requests, "order", "2026-2").status == "shipped");
}

// ask: planning owes the answer; answer: the manager again; accept: 5.2.3.2 done
// (non-cash). On the cash path the question waits at 5.2.3.7. Form 02-006-01 does not change.
void check_lead_time(Replay& r) {
    const Reports before = r.reports();
    r.add("2026-11-10T10:00:00", events::make_event(rows::lead_time("ask"), "order:2026-1"));
    Reports now = r.reports();
    CHECK(open_step(now.control, "2026-1").owed_by == std::vector<std::string>{"kuznetsov"});
    CHECK(open_step(now.control, "2026-1").step == "5.2.3.2");
    CHECK(changed(before, now) == "control,control rows,todo:kuznetsov,todo:petrov");
    r.add("2026-11-11T10:00:00", events::make_event(rows::lead_time("answer"), "order:2026-1"));
    now = r.reports();
    CHECK(open_step(now.control, "2026-1").owed_by == std::vector<std::string>{"petrov"});
    CHECK(changed(before, now) == "");
    expect_next(r, "2026-1", "2026-11-03T10:00:00", "5.2.3.2");
    r.add("2026-11-12T10:00:00", events::make_event(rows::lead_time("accept"), "order:2026-1"));
    expect_next(r, "2026-1", "2026-11-12T10:00:00", "5.2.3.3");

    r.add("2026-11-04T10:00:00", events::make_event(rows::step("5.2.3.6", "new"), "order:2026-2"));
    r.add("2026-11-05T10:00:00", events::make_event(rows::lead_time("ask"), "order:2026-2"));
    now = r.reports();
    CHECK(open_step(now.control, "2026-2").step == "5.2.3.7");
    CHECK(open_step(now.control, "2026-2").owed_by == std::vector<std::string>{"kuznetsov"});
    for (const auto* doc : {"requests", "sources", "managers", "funnel"}) CHECK(now.docs.at(doc) == before.docs.at(doc));
}

// Order 2026-1 goes into 1C (5.2.3.3): confirmed, so its amount is revenue.
void confirm_2026_1(Replay& r, const std::string& day = "2026-11-11") {
    r.add(day + "T10:00:00", events::make_event(rows::lead_time("accept"), "order:2026-1"));
    r.add(day + "T11:00:00", events::make_event(rows::export_1c(), "order:2026-1"));
}

// Priced while the order is not confirmed: its amount changes, revenue once it is confirmed.
void check_price(Replay& r) {
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::price(), "order:2026-1"));
    const Reports after = r.reports();
    CHECK(row_of(after.requests, "inquiry", "2026-1").amount == parse_money("1350.00"));
    CHECK(after.requests.total.revenue == before.requests.total.revenue);
    CHECK(changed(before, after) == "requests");
    confirm_2026_1(r, "2026-11-21");
    const Reports confirmed = r.reports();
    CHECK(confirmed.requests.total.revenue == before.requests.total.revenue + parse_money("1350.00"));
    CHECK(group_of(confirmed.requests.by_source, "Выставка").revenue == parse_money("1350.00"));
    CHECK(group_of(confirmed.requests.by_manager, "petrov").revenue == parse_money("1350.00"));
}

void check_cancel(Replay& r) {
    r.add("2026-11-04T10:00:00", events::make_event(rows::step("5.2.3.6", "new"), "order:2026-2"));
    r.add("2026-11-04T11:00:00", events::make_event(rows::step("5.2.3.7", "confirmed"), "order:2026-2"));
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::cancel(), "order:2026-2"));
    const Reports after = r.reports();
    CHECK(row_of(after.requests, "order", "2026-2").status == "cancelled");
    CHECK(after.requests.total.orders == before.requests.total.orders);
    CHECK(after.requests.total.cancelled == before.requests.total.cancelled + 1);
    CHECK(after.requests.total.revenue == before.requests.total.revenue - parse_money("500.00"));
    CHECK(control_of(after.control, "2026-2") == nullptr);
    CHECK(after.control.size() == before.control.size() - 1);
}

// A change sets the order's amount; a changed invoice reopens 5.2.3.5.
void check_order_change(Replay& r) {
    const std::string order = "order:2026-1";
    r.add("2026-11-10T10:00:00", events::make_event(rows::lead_time("accept"), order));
    r.add("2026-11-11T10:00:00", events::make_event(rows::export_1c(), order));
    r.add("2026-11-12T10:00:00", events::make_event(rows::step("5.2.3.4", "confirmed"), order));
    r.add("2026-11-13T10:00:00", events::make_event(rows::step("5.2.3.5", "confirmed"), order));
    expect_next(r, "2026-1", "2026-11-13T10:00:00", "5.2.4.3");
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::order_change(), order));
    const Reports after = r.reports();
    CHECK(row_of(after.requests, "inquiry", "2026-1").amount == parse_money("1500.00"));
    CHECK(after.requests.total.revenue == before.requests.total.revenue + parse_money("500.00"));
    CHECK(group_of(after.requests.by_manager, "petrov").revenue == parse_money("1500.00"));
    const ControlRow* c = control_of(after.control, "2026-1");
    REQUIRE(c);
    CHECK(c->step == "5.2.3.5");  // the new invoice is to be sent
}

// A reassigned order is owed by its new manager and counted as theirs.
void check_order_reassign(Replay& r) {
    confirm_2026_1(r);
    const Reports before = r.reports();
    events::OrderReassign row = rows::order_reassign();
    row.status = "confirmed";  // the order's status after the change, as the command writes it
    r.add(at, events::make_event(row, "order:2026-1"));
    const Reports after = r.reports();
    const ControlRow* c = control_of(after.control, "2026-1");
    REQUIRE(c);
    CHECK(c->manager == "sidorova");
    CHECK(c->owed_by == std::vector<std::string>{"sidorova"});
    CHECK(group_of(after.requests.by_manager, "sidorova").revenue ==
          group_of(before.requests.by_manager, "sidorova").revenue + parse_money("1000.00"));
    CHECK(after.requests.total.revenue == before.requests.total.revenue);
}

void check_export_1c(Replay& r) {
    r.add("2026-11-10T10:00:00", events::make_event(rows::lead_time("accept"), "order:2026-1"));
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::export_1c(), "order:2026-1"));
    const Reports after = r.reports();
    CHECK(after.requests.total.confirmed == before.requests.total.confirmed + 1);
    CHECK(row_of(after.requests, "inquiry", "2026-1").status == "confirmed");
    CHECK(funnel_of(after.requests)[2].count == funnel_of(before.requests)[2].count + 1);
    expect_next(r, "2026-1", at, "5.2.3.4");
}

// The first invoice starts the time to invoice; nothing else changes.
void check_order_invoice(Replay& r) {
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::order_invoice(), "order:2026-1"));
    const Reports after = r.reports();
    CHECK(after.requests.total.to_invoice.count == before.requests.total.to_invoice.count + 1);
    CHECK(after.requests.total.to_invoice.seconds == 17 * 86400 + 3 * 3600);  // 03.11 09:00 → 20.11 12:00
    CHECK(group_of(after.requests.by_manager, "petrov").to_invoice.count == 1);
    CHECK(changed(before, after) == "managers");
}

// A row that only carries the order's status: with the status the order has, nothing changes.
void check_status_only(Replay& r, const std::function<Event()>& make) {
    r.add("2026-11-10T10:00:00", events::make_event(rows::lead_time("accept"), "order:2026-1"));
    r.add("2026-11-11T10:00:00", events::make_event(rows::export_1c(), "order:2026-1"));
    const Reports before = r.reports();
    r.add(at, make());
    const Reports after = r.reports();
    CHECK(changed(before, after) == "");
    CHECK(after.requests.total.paid == 0);
    CHECK(after.requests.total.shipped == 0);
    CHECK(control_of(after.control, "2026-1") != nullptr);
}

// --- survey.score, claim.* ---------------------------------------------------------------

void check_survey(Replay& r) {
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::survey(4, false), "order:2026-2"));
    Reports after = r.reports();
    const GroupTotals sidorova = group_of(after.requests.by_manager, "sidorova");
    CHECK(sidorova.surveys == 1);
    CHECK(sidorova.score_sum == 4);
    CHECK(after.requests.total.surveys == before.requests.total.surveys + 1);
    REQUIRE(after.requests.surveys_by_month.size() == 1);
    CHECK(after.requests.surveys_by_month[0].name == "2026-11");
    bool shown = false;
    const auto managers = nlohmann::json::parse(after.docs.at("managers"));
    for (const auto& m : managers.at("by_manager"))
        if (m.at("manager") == "sidorova") {
            shown = true;
            CHECK(m.at("surveys") == 1);
            CHECK(m.at("avg_score") == "4.00");
        }
    CHECK(shown);
    CHECK(changed(before, after) == "managers");
    r.add("2026-11-21T12:00:00", events::make_event(rows::survey(5, true), "order:2026-2"));
    after = r.reports();
    CHECK(group_of(after.requests.by_manager, "sidorova").surveys == 1);  // replaced, not added
    CHECK(group_of(after.requests.by_manager, "sidorova").score_sum == 5);
}

void check_claim_new(Replay& r) {
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::claim_new(), "claim:2026-1"));
    const Reports after = r.reports();
    const ControlRow* c = control_of(after.control, "2026-2", true);
    REQUIRE(c);
    CHECK(c->status == "claim:2026-1");
    CHECK(c->step == "5.2.8");
    CHECK(c->owed_by == std::vector<std::string>{"boss"});  // the owner of the process
    CHECK(c->client_name == "АО «Тобольский механический завод»");
    CHECK(c->manager == "sidorova");
    CHECK(c->payment == "cash");
    CHECK(c->since == time_of(at));
    CHECK(changed(before, after) == "control,control rows,todo:boss");
}

void check_claim_resolve(Replay& r) {
    const Reports before = r.reports();
    r.add("2026-11-19T12:00:00", events::make_event(rows::claim_new(), "claim:2026-1"));
    REQUIRE(control_of(r.reports().control, "2026-2", true));
    r.add(at, events::make_event(rows::claim_resolve(), "claim:2026-1"));
    CHECK(changed(before, r.reports()) == "");
}

// --- invoices to watch (5.2.4.3) ------------------------------------------------------------

// Invoice 2026-1 of order 2026-1 (1000.00, due 2026-11-17) issued: the accountant's row.
void issue_invoice(Replay& r) { r.add("2026-11-12T10:00:00", events::make_event(rows::invoice_issue(), "invoice:2026-1")); }

void check_invoice_issue(Replay& r) {
    const Reports before = r.reports();
    issue_invoice(r);
    const Reports after = r.reports();
    const ControlRow* w = watch_of(after.control, "2026-1");
    REQUIRE(w);
    CHECK(w->order == "2026-1");
    CHECK(w->step == "5.2.4.3");
    CHECK(w->owed_by == std::vector<std::string>{"buh"});
    CHECK(w->client_name == "ООО «Альфа»");
    CHECK(w->since == DateTime{Date{2026, 11, 12}, 0, 0, 0});
    CHECK(w->overdue());  // due by the end of 2026-11-17
    CHECK(w->step_name.find("остаток " + format_money(parse_money("1000.00"))) != std::string::npos);
    CHECK(changed(before, after) == "control,control rows,todo:buh");
}

void check_invoice_send(Replay& r) {
    issue_invoice(r);
    const Reports before = r.reports();
    r.add(at, events::make_event(rows::invoice_send(), "invoice:2026-1"));
    CHECK(watch_of(r.reports().control, "2026-1") != nullptr);  // still owed
    CHECK(changed(before, r.reports()) == "");
}

void check_invoice_balance(Replay& r) {
    issue_invoice(r);
    r.add(at, events::make_event(rows::invoice_balance(), "invoice:2026-1"));
    const ControlRow* w = watch_of(r.reports().control, "2026-1");
    REQUIRE(w);
    CHECK(w->step_name.find("остаток " + format_money(parse_money("600.00"))) != std::string::npos);
    events::InvoiceBalance full = rows::invoice_balance();
    full.paid = parse_money("1000.00");
    full.status = "paid";
    r.add("2026-11-20T12:30:00", events::make_event(full, "invoice:2026-1"));
    CHECK(watch_of(r.reports().control, "2026-1") == nullptr);
}

// invoice.paid and invoice.cancel end the watch: the reports are as before the invoice.
void check_invoice_ended(Replay& r, Event end) {
    const Reports before = r.reports();
    issue_invoice(r);
    REQUIRE(watch_of(r.reports().control, "2026-1"));
    r.add(at, std::move(end));
    CHECK(changed(before, r.reports()) == "");
}

// --- the kinds no report reads -----------------------------------------------------------

void check_unread(Replay& r, Event e) {
    const Reports before = r.reports();
    r.add(at, std::move(e));
    CHECK(changed(before, r.reports()) == "");
}

struct KindCase {
    std::string kind;    ///< as journals hold it: a literal, not the header's constant
    std::string effect;  ///< what it must do to the reports
    std::function<void(Replay&)> check;
};

std::function<void(Replay&)> unread(std::function<Event()> make) {
    return [make](Replay& r) { check_unread(r, make()); };
}

const std::vector<KindCase>& registry() {
    using events::make_event;
    static const std::vector<KindCase> cases = [] {
        std::vector<KindCase> c;
        for (const auto& channel : inquiry_channels())
            c.push_back({"call." + channel, "an inquiry of its channel, source and manager; a new client when it says so",
                         [channel](Replay& r) { check_call(r, channel); }});
        c.push_back({"inquiry.close", "the inquiry's open step closes", check_inquiry_close});
        c.push_back({"order.new", "an order, revenue once it is confirmed; its first step opens", check_order_new});
        c.push_back({"order.new", "an order made from an inquiry is shown on its row", check_order_new_from_inquiry});
        c.push_back({"order.step", "the non-cash path: next step, paid at 5.2.4.3, shipped at 5.2.4.7, closed at 5.2.4.8", check_noncash_walk});
        c.push_back({"order.step", "the cash path: paid at 5.2.3.7, closed at 5.2.4.2", check_cash_walk});
        c.push_back({"order.lead_time", "ask: planning owes 5.2.3.2 (cash: 5.2.3.7); answer: the manager; accept: done", check_lead_time});
        c.push_back({"order.price", "the price of a non-standard line adds to the order's amount", check_price});
        c.push_back({"order.cancel", "cancelled: no revenue, no open step", check_cancel});
        c.push_back({"order.export_1c", "5.2.3.3 done, the order confirmed", check_export_1c});
        c.push_back({"order.change", "the order's amount is the changed total; a replaced invoice reopens 5.2.3.5", check_order_change});
        c.push_back({"order.reassign", "the order is the new manager's: control, todo and the managers' figures", check_order_reassign});
        c.push_back({"order.cash", "nothing (the cash path is paid at 5.2.3.7)", [](Replay& r) {
                         r.add("2026-11-19T12:00:00", make_event(rows::step("5.2.3.6", "new"), "order:2026-2"));
                         r.add("2026-11-19T13:00:00", make_event(rows::step("5.2.3.7", "confirmed"), "order:2026-2"));
                         check_unread(r, make_event(rows::order_cash(), "order:2026-2"));
                     }});
        c.push_back({"invoice.cancel", "the invoice is no longer watched",
                     [](Replay& r) { check_invoice_ended(r, make_event(rows::invoice_cancel(), "invoice:2026-1")); }});
        c.push_back({"order.invoice", "the time to the first invoice", check_order_invoice});
        c.push_back({"order.shipment", "a part shipped: the order stays open and unshipped",
                     [](Replay& r) { check_status_only(r, [] { return make_event(rows::shipment(), "order:2026-1"); }); }});
        c.push_back({"order.override_unpaid", "the order is not made paid",
                     [](Replay& r) { check_status_only(r, [] { return make_event(rows::override_unpaid(), "order:2026-1"); }); }});
        c.push_back({"survey.score", "the manager's satisfaction; a replacing score replaces", check_survey});
        c.push_back({"claim.new", "an open step 5.2.8 owed by the owner of the process", check_claim_new});
        c.push_back({"claim.resolve", "closes the claim's step", check_claim_resolve});
        c.push_back({"catalog.import_1c", "nothing", unread([] { return make_event(rows::catalog_import(), "catalog"); })});
        c.push_back({"invoice.issue", "an invoice to watch (5.2.4.3), owed by the accountant", check_invoice_issue});
        c.push_back({"invoice.send", "the invoice is still watched", check_invoice_send});
        c.push_back({"invoice.balance", "the balance of the watched invoice; paid in full: no longer watched", check_invoice_balance});
        c.push_back({"invoice.paid", "the invoice is no longer watched (its order.step 5.2.4.3 makes the order paid)",
                     [](Replay& r) { check_invoice_ended(r, make_event(rows::invoice_paid(), "invoice:2026-1")); }});
        c.push_back({"invoice.remind", "nothing", unread([] { return make_event(rows::invoice_remind(), "invoice:2026-1"); })});
        for (const char* kind : events::PaymentRecorded::kinds)
            c.push_back({kind, "nothing", unread([kind] { return make_event(rows::payment(), "payment:a1b2c3d4e5f6", kind); })});
        c.push_back({"payment.advance", "nothing (on the invoice)", unread([] { return make_event(rows::advance_applied(), "invoice:2026-1"); })});
        c.push_back({"client.add", "nothing", unread([] { return make_event(rows::client_add(), "client:6"); })});
        c.push_back({"client.edit", "nothing", unread([] { return make_event(rows::client_edit(), "client:6"); })});
        c.push_back({"client.assign", "nothing", unread([] { return make_event(rows::client_assign(), "client:6"); })});
        c.push_back({"client.merge", "nothing", unread([] { return make_event(rows::client_merge(), "client:6"); })});
        c.push_back({"client.repair", "nothing", unread([] { return make_event(rows::client_repair(), "client:6"); })});
        c.push_back({"staff.add", "nothing", unread([] { return make_event(rows::staff_add(), "staff:novikova"); })});
        c.push_back({"staff.change", "nothing",
                     unread([] { return make_event(rows::staff_add(), "staff:petrov", events::StaffAdd::kind_change); })});
        c.push_back({"staff.remove", "nothing", unread([] { return make_event(events::StaffRemove{}, "staff:morozova"); })});
        c.push_back({"step.refused", "nothing (a refusal changes no order)",
                     unread([] { return make_event(rows::step_refused(), "order:2026-1"); })});
        c.push_back({"debug.stress", "nothing", unread([] { return make_event(rows::debug_stress(), "debug:smb-1"); })});
        return c;
    }();
    return cases;
}

}  // namespace

TEST_CASE("events replay: every kind declared in lib/procedure/events has its replay, and only those") {
    const std::set<std::string> declared = rows::declared_kinds();
    CHECK(declared.size() >= 30);  // the headers were read
    std::set<std::string> covered;
    for (const auto& c : registry()) covered.insert(c.kind);
    for (const auto& kind : declared) {
        INFO("declared in lib/procedure/events/ but not replayed here: " << kind);
        CHECK(covered.count(kind) == 1);
    }
    for (const auto& kind : covered) {
        INFO("replayed here but declared by no header (renamed? old journals hold it): " << kind);
        CHECK(declared.count(kind) == 1);
    }
}

TEST_CASE("events replay: the baseline story on the demo share") {
    Replay r;
    const Reports base = r.reports();
    CHECK(base.requests.total.inquiries == 1);
    CHECK(base.requests.total.new_clients == 1);
    CHECK(base.requests.total.orders == 2);
    CHECK(base.requests.total.confirmed == 0);
    CHECK(base.requests.total.revenue == parse_money("0.00"));  // neither order is confirmed yet
    CHECK(row_of(base.requests, "inquiry", "2026-1").order == "2026-1");
    CHECK(row_of(base.requests, "order", "2026-2").source == "Рекомендация");  // client 2's, from the client base
    REQUIRE(base.control.size() == 2);
    CHECK(open_step(base.control, "2026-1").step == "5.2.3.2");
    CHECK(open_step(base.control, "2026-1").owed_by == std::vector<std::string>{"petrov"});
    CHECK(open_step(base.control, "2026-2").step == "5.2.3.6");
    CHECK(open_step(base.control, "2026-2").owed_by == std::vector<std::string>{"sidorova"});
}

TEST_CASE("events replay: each kind of row does to the reports what it must, and nothing else") {
    for (const auto& c : registry()) {
        INFO(c.kind << ": " << c.effect);
        Replay r;
        c.check(r);
    }
}
