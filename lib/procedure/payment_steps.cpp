// The steps of payment tracking on a session (payment_steps.h).
#include "procedure/payment_steps.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "documents/mail_out.h"
#include "procedure/clients.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/order.h"

namespace gefest {

namespace remind_level = events::remind_level;

namespace {

// One journal row per payment, appended in one step (a statement of thousands).
void record_payments(Session& session, const std::vector<IncomingPayment>& rows, const std::string& kind) {
    std::vector<Event> out;
    out.reserve(rows.size());
    for (const auto& p : rows) {
        events::PaymentRecorded row;
        row.amount = p.amount;
        row.payer_inn = p.payer_inn;
        row.client_inn = p.client_inn;
        for (const auto& a : p.allocations) row.allocations[a.invoice] = a.amount;
        row.status = p.status;
        row.reason = p.reason;
        row.source = p.source;
        out.push_back(events::make_light_event(row, "payment:" + p.id, kind));
    }
    session.record(std::move(out));
}

// What each invoice a payment changed now has paid (invoice.balance): process control
// keeps its invoices to watch from these rows.
void record_balances(Session& session, const std::vector<Invoice>& changed) {
    std::vector<Event> out;
    out.reserve(changed.size());
    for (const auto& inv : changed)
        out.push_back(events::make_light_event(events::InvoiceBalance{inv.order, inv.paid, inv.status}, "invoice:" + inv.key()));
    session.record(std::move(out));
}

// What the manager of the orders of `invoices` (paid in full) is sent: one message for one
// invoice; one message listing them all for several (a statement paying hundreds of a
// manager's invoices writes one file to the outbox, not hundreds).
OutgoingMail paid_mail(const std::string& email, const std::vector<const Invoice*>& invoices) {
    OutgoingMail msg;
    msg.to = {email};
    auto line = [](const Invoice& i) {
        return fmt::format("Счет № {} от {} ({}) оплачен полностью: {} руб.", i.number, Date::parse(i.date, "date").russian(), i.client, format_money(i.total));
    };
    if (invoices.size() == 1) {
        const Invoice& inv = *invoices.front();
        msg.subject = fmt::format("Счет {} оплачен — заказ {} к отгрузке", inv.number, inv.order);
        msg.body = fmt::format("{}\nЗаказ {}: следующий шаг — заказ на отгрузку (5.2.4.4).\n", line(inv), inv.order);
        return msg;
    }
    msg.subject = fmt::format("Оплачено счетов: {} — заказы к отгрузке", invoices.size());
    for (const Invoice* i : invoices) msg.body += fmt::format("{} Заказ {}.\n", line(*i), i->order);
    msg.body += "Следующий шаг по каждому заказу — заказ на отгрузку (5.2.4.4).\n";
    return msg;
}

// The order's manager is told: a journal row and, where the manager has an e-mail, a
// message (outbox or sendmail per [mail]; one per manager, paid_mail).
// The journal rows go in one step at the end, and each year's order index is written once
// (thousands of invoices paid by one statement).
std::vector<PaidInvoice> announce_paid(Session& session, const std::vector<Invoice>& paid) {
    std::vector<PaidInvoice> out;
    std::vector<Event> rows;
    std::vector<std::pair<std::string, std::vector<const Invoice*>>> told;  // a manager's e-mail → the invoices, in order
    std::vector<Order> marked;
    // The orders whose 5.2.4.3 is done, and their managers: an order paid by a hundred
    // invoices is read once, not a hundred times, and tells what it would tell each time.
    std::map<std::string, std::string> done;
    for (const auto& inv : paid) {
        PaidInvoice p;
        if (auto known = done.find(inv.order); known != done.end()) {
            p = {inv, known->second, tr("step 5.2.4.3 was already done"), true};
        } else {
            try {
                p = mark_order_paid(session, inv, &marked);
            } catch (...) {
                // The orders marked so far keep their index rows in step, as each would alone.
                if (!marked.empty()) update_order_index(session, marked);
                throw;
            }
            if (p.done) done.emplace(inv.order, p.manager);
        }
        rows.push_back(events::make_light_event(events::InvoicePaid{inv.order, inv.total, p.manager, p.not_marked.value_or("5.2.4.3")}, "invoice:" + inv.key()));
        if (!p.not_marked) {
            events::OrderStep step;
            step.step = "5.2.4.3";
            step.note = "оплачен счет " + inv.key();
            rows.push_back(events::make_light_event(step, "order:" + inv.order));
        }
        const StaffMember* m = p.manager.empty() ? nullptr : session.staff().find(p.manager);
        if (m && !m->email.empty()) {
            auto it = std::find_if(told.begin(), told.end(), [&](const auto& t) { return t.first == m->email; });
            if (it == told.end()) it = told.insert(told.end(), {m->email, {}});
            it->second.push_back(&inv);
        }
        out.push_back(std::move(p));
    }
    update_order_index(session, marked);
    // Told once it is on record: a mail cannot be taken back if the journal fails.
    session.record(std::move(rows));
    for (const auto& [email, invoices] : told) send_mail(session.share(), paid_mail(email, invoices));
    return out;
}

// Who gets a reminder: the order's manager, the owner's staff, or the client (the client
// base is read once, when a client's reminder needs it).
std::vector<std::string> recipients(Session& session, const Reminder& r, std::optional<ClientBase>& clients) {
    std::vector<std::string> to;
    if (r.level == remind_level::manager) {
        if (auto* m = session.staff().find(r.debt.manager); m && !m->email.empty()) to.push_back(m->email);
    } else if (r.level == remind_level::owner) {
        for (auto* m : session.staff().with_any_role(session.process().owner_roles()))
            if (!m->email.empty()) to.push_back(m->email);
    } else {
        if (!clients) clients = load_clients(session.store());
        // By the order's client first (a client without an ИНН has e-mails too; a merged
        // id leads to the kept client), else by the invoice's ИНН.
        const Client* c = r.debt.client_id ? resolve_client(*clients, r.debt.client_id) : nullptr;
        if (!c && !r.debt.invoice.client_inn.empty()) c = clients->by_inn(r.debt.invoice.client_inn);
        if (c) to = c->emails();
    }
    return to;
}

std::string addressee(const Reminder& r) {
    if (r.level == remind_level::manager) return r.debt.manager.empty() ? tr("the order's manager (unknown)") : r.debt.manager;
    if (r.level == remind_level::owner) return tr("head of sales");
    return r.debt.invoice.client;
}

}  // namespace

PaidInvoice mark_order_paid(Session& session, const Invoice& invoice, std::vector<Order>* index_later) {
    PaidInvoice out{invoice, "", std::nullopt, false};
    try {
        auto [y, n] = invoice.order_ref();
        // An order never claimed (an invoice made outside gefest) is told as the store's
        // look-up would tell it, without a failed look-up and an exception per invoice
        // (a statement pays thousands of them).
        if (!session.store().number_info("order", y, n)) {
            out.not_marked = fmt::format(fmt::runtime(tr("no order {} of {}")), n, y);
            return out;
        }
        Order o = load_order(session.store(), y, n);
        out.manager = o.manager;
        if (const auto* s = o.step("5.2.4.3"); s && s->done()) {
            out.not_marked = tr("step 5.2.4.3 was already done");
            out.done = true;
            return out;
        }
        order_can_record(o, "5.2.4.3");
        const std::string login = session.actor().login, at = now().iso();
        auto mark = [&](Order& x) {
            // Money can come at any moment (before the contract or the invoice is sent):
            // the payment is a fact, so earlier steps may still be open.
            order_can_record(x, "5.2.4.3");
            mark_step_done(x, "5.2.4.3", login, at, fmt::format("оплачен счет {}", invoice.key()));
        };
        if (index_later) index_later->push_back(change_order_only(session, y, n, mark));
        else change_order(session, y, n, mark);
        out.done = true;
    } catch (const Error& e) {
        if (e.code() == Errc::io || e.code() == Errc::busy) throw;
        out.not_marked = e.what();
    }
    return out;
}

bool mark_paid_if_found(Session& session, const Order& order) {
    const OrderStep* paid = order.step("5.2.4.3");
    if (!paid || paid->done() || order.invoice.empty() || order.status == order_status::cancelled) return false;
    auto [y, n] = parse_invoice_key(order.invoice, order.year);
    const Invoice inv = load_invoice(session.store(), y, n);
    if (inv.status == invoice_status::cancelled || inv.total <= Money{} || inv.paid < inv.total) return false;
    PaidInvoice p = mark_order_paid(session, inv);
    if (p.not_marked) return false;
    events::OrderStep step;
    step.step = "5.2.4.3";
    step.note = "оплачен счет " + inv.key();
    session.record(events::make_event(step, "order:" + inv.order));
    return true;
}

PaymentImportResult import_bank_statements(Session& session, const PaymentImportOptions& opt) {
    if (!opt.dry_run) session.writing();
    session.require_step("5.2.4.3");
    PaymentImportResult out;
    out.report = import_statements(session, opt.files, session.actor().login, opt.dry_run);
    if (opt.dry_run) return out;
    record_payments(session, out.report.added, "payment.import");
    record_balances(session, out.report.changed);
    out.paid = announce_paid(session, out.report.paid_in_full);
    return out;
}

PaymentEntryResult enter_payment(Session& session, const PaymentEntryOptions& opt) {
    session.writing();
    session.require_step("5.2.4.3");
    ManualPayment m;
    m.invoice_key = opt.invoice;
    if (!opt.amount.empty()) {
        m.amount = parse_money(opt.amount);
        input::require_amount(*m.amount, "--amount");
    }
    if (!opt.date.empty()) m.date = Date::parse(opt.date, "--date");
    m.payment_id = opt.payment_id;
    m.from_advance = opt.advance;
    m.login = session.actor().login;
    ImportReport r;
    PaymentEntryResult out;
    out.invoice = pay_invoice(session.store(), m, r);
    record_payments(session, r.added, opt.advance ? "payment.advance" : opt.payment_id.empty() ? "payment.manual" : "payment.assign");
    record_balances(session, r.changed);
    if (opt.advance) session.record(events::make_event(events::AdvanceApplied{out.invoice.paid}, "invoice:" + out.invoice.key()));
    out.paid = announce_paid(session, r.paid_in_full);
    return out;
}

std::vector<IncomingPayment> list_payments(Session& session, const PaymentListOptions& opt) {
    std::vector<IncomingPayment> rows;
    for (auto& p : load_payments(session.store()))
        if (opt.all || p.left() > Money{}) rows.push_back(std::move(p));
    return rows;
}

std::vector<DebtRow> list_debts(Session& session, const DebtListOptions& opt) {
    return invoice_debts(session.store(), session.settings(), now().date, opt.overdue, opt.year);
}

std::vector<ReminderOutcome> send_reminders(Session& session, const ReminderOptions& opt) {
    const Share& share = session.share();
    const Date today = now().date;
    auto settings = load_payment_settings(share);
    auto reminders = due_reminders(session.store(), invoice_debts(session.store(), session.settings(), today, true), settings, opt.days);
    std::vector<ReminderOutcome> out;
    if (reminders.empty()) return out;
    if (opt.send) {
        session.writing();
        session.require_step("5.2.4.3");
    }
    std::optional<ClientBase> clients;
    for (auto& r : reminders) {
        ReminderOutcome o{r, addressee(r), recipients(session, r, clients)};
        if (!opt.send) {
            out.push_back(std::move(o));
            continue;
        }
        if (!claim_reminder(session.store(), r, session.actor().login + " " + now().iso())) continue;  // another run sent it
        try {
            if (!o.to.empty()) send_mail(share, reminder_mail(share, settings, r, today, o.to));
        } catch (...) {
            release_reminder(session.store(), r);
            throw;
        }
        const DebtRow& d = r.debt;
        session.record(events::make_event(events::InvoiceRemind{r.level, o.to, d.days_overdue, d.balance}, "invoice:" + d.invoice.key()));
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace gefest
