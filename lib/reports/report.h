// Reports of procedure 02-006 as plain data (rows and totals), computed from ONE
// sequential pass over the journal: call.* rows (lib/procedure/calls.h), order.* rows,
// survey.score and claim.* rows, each read through its struct of lib/procedure/events/
// (orders.h: order.new, order.step, order.lead_time, order.export_1c, order.price,
// order.invoice; every order.* row that changes the order carries its status). No order
// file is ever opened, so a report costs O(journal rows of the period), not
// O(orders × files). Who owes a step is who_owes (lib/procedure/order.h), as order show
// says it.
// Rendering (text, CSV, JSON, XLSX, HTML) is lib/render/report_render.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "store/journal.h"
#include "base/money.h"
#include "store/staff.h"
#include "store/store.h"
#include "procedure/invoice.h"

namespace gefest {

/// An order as replayed from its order.* journal rows (never from заказ.toml).
struct OrderTrace {
    std::string key;  ///< "2026-5"
    DateTime created;
    std::int64_t client = 0;
    std::string client_name, manager, payment, call;  ///< payment: cash | noncash; call: the inquiry id or ""
    Money amount;                 ///< total of order.new plus non-standard prices set later (order.price); an order.change sets it
    std::string status = "new";   ///< new | confirmed | shipped | cancelled (the last row's data.status)
    std::map<std::string, DateTime> done;  ///< step id → when it was done
    std::string lead_time;        ///< "" | open | answered | accepted (from order.lead_time rows)
    DateTime changed;             ///< time of its last row
    DateTime invoiced;            ///< first invoice issued (order.invoice); DateTime{} : none
    DateTime paid_at;             ///< when paid() first became true; DateTime{} : not yet
    DateTime shipped_at;          ///< when shipped() first became true; DateTime{} : not yet
    bool paid() const;            ///< 5.2.3.7 (cash registered) or 5.2.4.3 (payment tracked) done, or shipped
    bool shipped() const;         ///< status shipped, or 5.2.4.2 / 5.2.4.8 done
};

/// Applies one order.* row to `orders` (keyed by order key) as it comes; nullptr if its
/// order is not there. Replays use OrderReplay, which also copes with rows that come
/// before their order.new.
OrderTrace* apply_order_event(std::map<std::string, OrderTrace>& orders, const Event& event);

/// Orders replayed from their order.* rows, in journal order. A row of an order whose
/// order.new has not been seen yet is kept and applied right after that order.new: rows
/// of one second from different segments, or from a PC whose clock is behind, may come
/// before it. Rows of an order made before the months read stay unapplied.
class OrderReplay {
public:
    /// Applies `event` if it is an order.* row. Unknown order.* kinds only update status
    /// and time, so later kinds (invoice, shipping) need no change here.
    void apply(const Event& event);
    const std::map<std::string, OrderTrace>& orders() const { return orders_; }
    /// Forgets the orders `drop` is true for, and the rows kept for orders not seen.
    void forget(const std::function<bool(const OrderTrace&)>& drop);
    /// Puts back an order as a saved state had it (OpenWork::from_json).
    void restore(OrderTrace order) { orders_[order.key] = std::move(order); }

private:
    std::map<std::string, OrderTrace> orders_;
    std::map<std::string, std::vector<Event>> early_;  ///< order key → its rows seen before its order.new
};

struct RequestRow;

/// A row of form 02-006-01 as RequestsReport::each_row hands it over: the fields of
/// RequestRow, its texts viewed (valid for the call only: a year streams a million rows,
/// none of them copied into strings of their own).
struct RequestRowView {
    std::int64_t time = 0;  ///< DateTime::seconds
    std::string_view kind, id, channel;
    std::int64_t client = 0;
    std::string_view client_name;
    bool new_client = false;
    std::string_view source, manager, asked, outcome, order;
    Money amount;
    std::string_view status;
    /// The row with its own strings. Throws only std::bad_alloc.
    RequestRow row() const;
};

/// One line of form 02-006-01: an inquiry/application (with the order made from it, if
/// any in the period), or an order of the period not made from an inquiry of the period.
struct RequestRow {
    DateTime time;
    std::string kind;     ///< "inquiry" | "order"
    std::string id;       ///< inquiry id ("2026-5") or order key
    std::string channel;  ///< inquiry: new|existing|visit|email|request|site; order: cash|noncash
    std::int64_t client = 0;
    std::string client_name;
    bool new_client = false;
    std::string source;   ///< advertising source («реклама»); "" if not known
    std::string manager;  ///< login
    std::string asked;    ///< "ПК-50 × 2, ДЫМ-200" / the note / the e-mail subject
    std::string outcome;  ///< inquiry outcome code (transferred|received|application); "" for orders
    std::string order;    ///< order key ("" : no order)
    Money amount;         ///< the order's amount (0 without an order)
    std::string status;   ///< the order's status, "paid"/"shipped" when known; "" without an order
    /// The row viewed (valid while it lives). Does not throw.
    RequestRowView view() const;
};

/// An average duration: how many intervals were seen and their total length.
struct Interval {
    std::int64_t count = 0, seconds = 0;
    /// Adds the time from `a` to `b` (nothing if either is unset or b is before a).
    void add(const DateTime& a, const DateTime& b);
    /// add() of DateTime::seconds (0 : unset, as DateTime{}).
    void add_seconds(std::int64_t a, std::int64_t b);
    /// Average in hundredths of a day (0 if none).
    std::int64_t avg_days_x100() const;
};

/// Counts per advertising source (or per manager: the same shape).
struct GroupTotals {
    std::string name;  ///< the source (or the manager's login); "" : not known
    std::int64_t inquiries = 0, new_clients = 0, orders = 0, confirmed = 0, paid = 0, shipped = 0, cancelled = 0;
    Money revenue;     ///< sum of the orders' amounts, cancelled ones excluded
    std::int64_t lead_count = 0;    ///< orders made from an inquiry seen in the journal…
    std::int64_t lead_seconds = 0;  ///< …and the total time from the inquiry to the order
    /// Orders of the period (not cancelled): from the order to its first invoice, from
    /// the invoice (cash: the order) to payment, from payment (or the order, if shipped
    /// unpaid) to shipment.
    Interval to_invoice, to_payment, to_shipment;
    /// Satisfaction surveys recorded in the period (survey.score; the last one of an
    /// order counts) and the sum of their scores (1..5).
    std::int64_t surveys = 0, score_sum = 0;
    /// Average score in hundredths (0 without surveys).
    std::int64_t avg_score_x100() const;
    /// Orders per 100 inquiries, in hundredths of a percent (0 without inquiries).
    std::int64_t conversion_bp() const;
    /// Average days from inquiry to order in hundredths of a day (0 if none known).
    std::int64_t avg_days_x100() const;
};

/// The staff member's name for a login ("" when unknown): the managers report's names.
using NameOf = std::function<std::string(const std::string& login)>;

/// A visitor of the rows of form 02-006-01, one at a time (the row lives for the call).
using RequestRowVisit = std::function<void(const RequestRowView&)>;

/// Form 02-006-01 for a period, with totals by source and by manager and the funnel.
struct RequestsReport {
    Date from, to;
    std::vector<RequestRow> rows;         ///< by time, then id (RequestsDetail::rows)
    /// RequestsDetail::streamed: the rows, by time then id, made as they are visited by
    /// reading the period's inquiries again (each call reads them anew); rows stays
    /// empty. Throws what the journal's reading throws.
    std::function<void(const RequestRowVisit&)> each_row;
    std::size_t row_count = 0;            ///< how many rows (rows or each_row)
    std::vector<GroupTotals> by_source;   ///< by source name ("" last)
    std::vector<GroupTotals> by_manager;  ///< by login
    std::vector<GroupTotals> surveys_by_month;  ///< name "2026-11": the surveys recorded that month
    GroupTotals total;
};

/// Where a client's advertising source comes from when the journal does not say (an
/// order for a client whose inquiry is older than the period): client id → source,
/// e.g. from База клиентов.csv. May be empty.
using ClientSources = std::map<std::int64_t, std::string>;

/// The client kept by a merge (gefest client merge): its id and name.
struct KeptClient {
    std::int64_t id = 0;
    std::string name;
};
/// Clients merged away → the client each was merged into in the end (chains followed),
/// e.g. from База клиентов.csv. May be empty.
using ClientMerges = std::map<std::int64_t, KeptClient>;

/// What build_requests_report keeps of the rows of form 02-006-01. A year may hold a
/// million inquiries: the reports of totals keep none, and the form itself may be written
/// row by row as the journal is read a second time.
enum class RequestsDetail {
    rows,      ///< RequestsReport::rows, every row held
    totals,    ///< no rows (row_count still says how many): the sources, managers and funnel reports
    streamed,  ///< RequestsReport::each_row (it keeps a reference to the journal); a period within one month: rows, unless read from kept facts
};

/// Builds form 02-006-01 for [from, to] (whole days) in one pass over the journal months
/// from `from` to `to` (call.*, order.* and survey.score rows of the period). Order statuses are as of the end of `to`. Error(usage) if
/// `to` is before `from`; journal errors propagate (Error(data) FILE:LINE).
/// A client merged away (`merges`) is shown as the client kept, in its rows and groups,
/// and is not a new client (the kept one is, if its own first inquiry made it one).
/// Its memory: besides the rows `detail` keeps, a small record per inquiry (24 bytes: for
/// the join of orders to their inquiry) and the orders of the period. With
/// RequestsDetail::streamed, `journal`, `sources` and `merges` must outlive each_row.
/// With `facts` (the share's store), a period of whole months before this one, and no
/// rows kept (RequestsDetail::totals and streamed, whose rows are then read from the facts
/// too; `facts` must outlive each_row): each month is read from its facts kept under the
/// share's derived files (reports/month_facts.h), made from the journal and kept when
/// absent or no longer current; the report is the same.
RequestsReport build_requests_report(const Journal& journal, const Date& from, const Date& to,
                                     const ClientSources& sources = {}, const ClientMerges& merges = {},
                                     RequestsDetail detail = RequestsDetail::rows, Store* facts = nullptr);

/// One stage of the funnel and how many reached it.
struct FunnelStage {
    std::string stage;  ///< inquiries | orders | confirmed | paid | shipped
    std::int64_t count = 0;
};
/// The funnel of a report: inquiries → orders → confirmed → paid → shipped.
std::vector<FunnelStage> funnel_of(const RequestsReport& report);

/// An open order's next step for process control (5.2.9).
struct ControlRow {
    std::string order, client_name, manager, payment, status;
    std::string step, step_name;
    std::vector<std::string> owed_by;  ///< logins who owe it (the order's manager, planning…)
    std::vector<std::string> roles;    ///< role codes the step belongs to
    std::vector<std::string> informed; ///< logins who see it in `report todo` without owing it
    DateTime since;                    ///< when the step became due (previous step done / order made)
    std::int64_t waiting_hours = 0;
    int deadline_hours = 0;            ///< 0: none
    bool overdue() const { return deadline_hours > 0 && waiting_hours > deadline_hours; }
};

/// Every open order (not cancelled, next step not done) as of `as_of`, replaying all
/// journal months up to it: overdue first (most overdue first), then by waiting time,
/// then order key. Who owes a step is who_owes of the matrix `process` (the order's
/// manager for a client manager's step; planning while a lead-time question is open; else
/// active staff with the step's responsible roles). Once the shipping order is made
/// (5.2.4.4) and until the order ships, planning (the helper roles of 5.2.3.2's "answer")
/// and the owner of the process (Process::owner_roles) are `informed` of it: the
/// warehouse ships on planning's word (issue 7). Open client claims (claim.new without
/// claim.resolve, lib/procedure/claims.h) are rows of step 5.2.8 owed by the owner of the
/// process, with status "claim:<id>". Open inquiries (InquiryFollowUp: no order, no
/// application after them, no outcome recorded) are rows of their channel's step
/// (5.2.1.1 … 5.2.2.2) owed by their manager, with status "call:<id>", overdue by the
/// step's deadline_hours. Invoices issued, sent or partly paid (invoice.issue,
/// invoice.send, invoice.balance; ended by invoice.paid or invoice.cancel) are the rows of
/// invoice_watch_rows. Error(data) FILE:LINE for a malformed row.
std::vector<ControlRow> build_control_report(const Journal& journal, const DateTime& as_of, const Process& process,
                                             const Staff& staff);

/// The order of control rows: overdue first (most overdue first), then by waiting time,
/// then order key and status.
void sort_control_rows(std::vector<ControlRow>& rows);

/// Invoices to watch (5.2.4.3, the accountant's todo): each invoice of `invoices` issued,
/// sent or partly paid by `as_of` is a row owed by the step's roles that are neither a
/// client manager's nor the owner's (the accountant by default; the owner if none is
/// left), status "invoice:<key>",
/// since the invoice date, due by the end of its due date (overdue after). Throws nothing.
std::vector<ControlRow> invoice_watch_rows(const std::vector<Invoice>& invoices, const DateTime& as_of, const Process& process,
                                           const Staff& staff);

/// The rows of `rows` that `who` owes (by name, or by one of their roles when nobody is
/// named) or is informed of.
std::vector<ControlRow> todo_of(const std::vector<ControlRow>& rows, const StaffMember& who);

}  // namespace gefest
