// describe_event: one journal row told in one line, for gefest log (reports/audit_log.h).
// Every kind of lib/procedure/events/ is read through its struct; record.hand_edit (the
// store's row) by its keys; an unknown kind by its kind and data.
#include <functional>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/i18n.h"
#include "base/money.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/calls.h"
#include "procedure/events/clients.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/events/staff.h"
#include "reports/audit_log.h"
#include "store/hand_edit.h"

namespace gefest {

namespace {

using events::read_event;

// A translated message (tr() at the call, where xgettext sees it) with its arguments.
std::string f(const char* message, auto&&... args) { return fmt::format(fmt::runtime(message), std::forward<decltype(args)>(args)...); }
std::string money(const Money& m) { return format_money(m); }
std::string with(const std::string& what, const std::string& detail) { return detail.empty() ? what : what + ": " + detail; }

std::string changes(const events::ClientChanges& changed) {
    std::vector<std::string> parts;
    for (const auto& [field, c] : changed) parts.push_back(fmt::format("{} «{}» → «{}»", field, c.from, c.to));
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string call_row(const Event& e) {
    const auto q = read_event<events::CallInquiry>(e);
    return f(tr("inquiry {} ({}): client {} «{}»{}, manager {}"), q.id, q.channel, q.client, q.client_name, q.new_client ? tr(" (new)") : "", q.manager);
}

std::string order_step(const Event& e, const Process&) {
    const auto s = read_event<events::OrderStep>(e);
    std::vector<std::string> d;
    if (!s.note.empty()) d.push_back(s.note);
    if (!s.contract.empty()) d.push_back(f(tr("contract {} of {}"), s.contract, s.contract_date));
    if (!s.arrival.empty()) d.push_back(f(tr("the client comes {}"), s.arrival));
    if (!s.unpaid_override.empty()) d.push_back(f(tr("ships unpaid: {}"), s.unpaid_override));
    if (!s.carrier.empty()) d.push_back(f(tr("carrier {}"), s.carrier));
    if (!s.tracking.empty()) d.push_back(f(tr("tracking {}"), s.tracking));
    if (!s.to.empty()) d.push_back(f(tr("sent to {} ({})"), s.to, s.via));
    if (!s.waybill.empty()) d.push_back(f(tr("waybill {} of {}"), s.waybill, s.date));
    return with(f(tr("step {} done"), s.step), fmt::format("{}", fmt::join(d, "; ")));
}

std::string lead_time(const Event& e, const Process&) {
    const auto l = read_event<events::OrderLeadTime>(e);
    if (l.kind_of == "ask") return with(tr("lead time asked of planning"), l.note);
    if (l.kind_of == "answer") return with(f(tr("lead time answered: {} days"), l.days), l.note);
    return with(f(tr("lead time accepted, promised for {}"), l.promised), l.note);
}

std::string payment_row(const Event& e) {
    if (e.object.rfind("invoice:", 0) == 0) return f(tr("an advance applied: {} paid on the invoice"), money(read_event<events::AdvanceApplied>(e).paid));
    const auto p = read_event<events::PaymentRecorded>(e);
    std::vector<std::string> to;
    for (const auto& [invoice, amount] : p.allocations) to.push_back(fmt::format("{}: {}", invoice, money(amount)));
    std::string what = f(tr("payment of {} from ИНН {} ({})"), money(p.amount), p.payer_inn.empty() ? "—" : p.payer_inn, p.status);
    if (!to.empty()) what += f(tr(", to invoices {}"), fmt::join(to, ", "));
    return with(what, p.reason);
}

std::string hand_edit(const Event& e, const Process&) {
    const auto& d = e.data;
    auto count = [&](const char* key) { return d.contains(key) && d[key].is_array() ? d[key].size() : size_t{0}; };
    std::string what = f(tr("hand edit of {} taken"), d.value("file", std::string()));
    std::vector<std::string> parts;
    if (count("added")) parts.push_back(f(tr("{} rows added"), count("added")));
    if (count("changed")) {
        std::vector<std::string> cells;
        for (const auto& c : d["changed"])
            if (c.is_object())
                cells.push_back(fmt::format("{} {} «{}» → «{}»", c.value("key", std::string()), c.value("column", std::string()),
                                            c.value("from", std::string()), c.value("to", std::string())));
        parts.push_back(f(tr("cells changed: {}"), fmt::join(cells, "; ")));
    }
    if (count("lines_added") || count("lines_removed")) parts.push_back(f(tr("{} lines added, {} removed"), count("lines_added"), count("lines_removed")));
    if (d.contains("merged_over")) parts.push_back(tr("saved over a newer version, merged"));
    return with(what, fmt::format("{}", fmt::join(parts, "; ")));
}

using Describe = std::function<std::string(const Event&, const Process&)>;

const std::map<std::string, Describe>& describers() {
    static const std::map<std::string, Describe> d = {
        {events::InquiryClose::kind, [](const Event& e, const Process&) { auto r = read_event<events::InquiryClose>(e); return with(f(tr("inquiry {} closed: {}"), r.id, r.outcome), r.note); }},
        {events::ClientAdd::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClientAdd>(e); return f(tr("client «{}» added, manager {}"), r.name, r.manager); }},
        {events::ClientEdit::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClientEdit>(e); return with(f(tr("client «{}» changed"), r.name), changes(r.changed)); }},
        {events::ClientAssign::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClientAssign>(e); return f(tr("client «{}» given to manager {}"), r.name, r.manager); }},
        {events::ClientMerge::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClientMerge>(e); return f(tr("client {} «{}» merged into {} «{}»"), r.gone, r.gone_name, r.kept, r.name); }},
        {events::ClientRepair::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClientRepair>(e); return with(f(tr("client «{}»: cells Excel damaged restored ({}:{})"), r.name, r.file, r.line), changes(r.changed)); }},
        {events::OrderNew::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderNew>(e); return f(tr("order made for client {} «{}»: {}, {}, manager {}"), r.client, r.client_name, r.payment, money(r.total), r.manager); }},
        {events::OrderStep::kind, order_step},
        {events::OrderShipment::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderShipment>(e); return f(tr("a part shipped under waybill {} of {}"), r.waybill, r.date); }},
        {events::OrderLeadTime::kind, lead_time},
        {events::OrderPrice::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderPrice>(e); return f(tr("line {} priced at {}"), r.line, money(r.price)); }},
        {events::OrderCancel::kind, [](const Event& e, const Process&) { return with(tr("order cancelled"), read_event<events::OrderCancel>(e).reason); }},
        {events::OrderChange::kind, [](const Event& e, const Process&) {
             auto r = read_event<events::OrderChange>(e);
             std::string what = f(tr("order changed: {}; total {}"), fmt::join(r.changes, ", "), money(r.total));
             if (!r.invoice_cancelled.empty()) what += f(tr("; invoice {} cancelled, {} issued"), r.invoice_cancelled, r.invoice);
             return with(what, r.reason);
         }},
        {events::OrderReassign::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderReassign>(e); return with(f(tr("order given from {} to manager {}"), r.from, r.manager), r.reason); }},
        {events::OrderCash::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderCash>(e); return f(tr("cash received: {}, receipt {} of {}"), money(r.amount), r.receipt, r.date); }},
        {events::InvoiceCancel::kind, [](const Event& e, const Process&) {
             auto r = read_event<events::InvoiceCancel>(e);
             std::string what = f(tr("invoice of order {} cancelled"), r.order);
             if (!r.replaced_by.empty()) what += f(tr(", replaced by {}"), r.replaced_by);
             return with(what, r.reason);
         }},
        {events::OrderExport1c::kind, [](const Event& e, const Process&) { return with(tr("order written for 1C"), read_event<events::OrderExport1c>(e).file); }},
        {events::OrderInvoice::kind, [](const Event& e, const Process&) { auto r = read_event<events::OrderInvoice>(e); return f(tr("invoice {} issued for the order: {}"), r.invoice, money(r.total)); }},
        {events::OrderOverrideUnpaid::kind, [](const Event& e, const Process&) { return with(tr("allowed to ship unpaid"), read_event<events::OrderOverrideUnpaid>(e).reason); }},
        {events::CatalogImport1c::kind, [](const Event& e, const Process&) { auto r = read_event<events::CatalogImport1c>(e); return f(tr("catalog loaded from 1C: {} added, {} renamed, {} repriced, {} stock rows"), r.added, r.updated, r.prices, r.stock_rows); }},
        {events::InvoiceIssue::kind, [](const Event& e, const Process&) { auto r = read_event<events::InvoiceIssue>(e); return f(tr("invoice of {} for order {}: {}, due {}"), r.date, r.order, money(r.total), r.due); }},
        {events::InvoiceSend::kind, [](const Event& e, const Process&) { auto r = read_event<events::InvoiceSend>(e); return f(tr("invoice of order {} sent to {} ({})"), r.order, r.to, r.via); }},
        {events::InvoicePaid::kind, [](const Event& e, const Process&) { auto r = read_event<events::InvoicePaid>(e); return f(tr("invoice of order {} paid in full: {}"), r.order, money(r.total)); }},
        {events::InvoiceBalance::kind, [](const Event& e, const Process&) { auto r = read_event<events::InvoiceBalance>(e); return f(tr("invoice of order {}: {} paid ({})"), r.order, money(r.paid), r.status); }},
        {events::InvoiceRemind::kind, [](const Event& e, const Process&) { auto r = read_event<events::InvoiceRemind>(e); return f(tr("payment reminder ({}) to {}: {} days overdue, {} owed"), r.level, fmt::join(r.to, ", "), r.days_overdue, money(r.balance)); }},
        {events::SurveyScore::kind, [](const Event& e, const Process&) { auto r = read_event<events::SurveyScore>(e); return with(f(tr("order {} scored {} by the client{}"), r.order, r.score, r.replace ? tr(" (replacing the earlier score)") : ""), r.comment); }},
        {events::ClaimNew::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClaimNew>(e); return with(f(tr("claim on order {}"), r.order), r.text); }},
        {events::ClaimResolve::kind, [](const Event& e, const Process&) { auto r = read_event<events::ClaimResolve>(e); return with(f(tr("claim on order {} resolved"), r.order), r.decision); }},
        {events::StaffAdd::kind, [](const Event& e, const Process& p) { auto r = read_event<events::StaffAdd>(e); return f(tr("staff member «{}» added: {}"), r.name, p.roles_label(r.roles)); }},
        {events::StaffAdd::kind_change, [](const Event& e, const Process& p) { auto r = read_event<events::StaffAdd>(e); return f(tr("staff member «{}» changed: {}"), r.name, p.roles_label(r.roles)); }},
        {events::StaffRemove::kind, [](const Event&, const Process&) { return std::string(tr("staff member removed")); }},
        {events::StepRefused::kind, [](const Event& e, const Process& p) { auto r = read_event<events::StepRefused>(e); return f(tr("refused: step {}{} ({}), roles {}"), r.step, r.action.empty() ? "" : " " + r.action, r.command, p.roles_label(r.roles)); }},
        {events::DebugStress::kind, [](const Event& e, const Process&) { auto r = read_event<events::DebugStress>(e); return f(tr("storage probe {} #{}"), r.tag, r.i); }},
        {hand_edit_kind, hand_edit},
    };
    return d;
}

// Line breaks and tabs of notes become spaces: one event, one line.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return s;
}

}  // namespace

std::string describe_event(const Event& e, const Process& process) {
    if (e.kind.rfind(events::CallInquiry::kind_prefix, 0) == 0) return one_line(call_row(e));
    if (e.kind.rfind("payment.", 0) == 0) return one_line(payment_row(e));
    auto it = describers().find(e.kind);
    if (it != describers().end()) return one_line(it->second(e, process));
    std::string data = e.data.dump();
    if (data.size() > 200) {
        size_t cut = 200;
        while (cut > 0 && (static_cast<unsigned char>(data[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
        data = data.substr(0, cut) + "…";
    }
    return one_line(f(tr("a row of kind {}: {}"), e.kind, data));
}

}  // namespace gefest
