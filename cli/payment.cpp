// Payments under `gefest invoice` (5.2.4.3): import-bank, pay, payments, remind, and
// list --unpaid|--overdue when the invoice command has no list of its own.
// The logic is in lib/procedure/payments.h; this file parses options and prints.
#include <fmt/format.h>

#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "documents/mail_out.h"
#include "output.h"
#include "procedure/payments.h"

namespace gefest::cli {

namespace {

struct PaymentOptions {
    std::vector<std::string> files;
    bool dry_run = false;
    std::string invoice, amount, date, payment_id;
    bool advance = false;
    bool unpaid = false, overdue = false, all = false;
    int days = 0;
    int year = 0;
    bool send = false;
};

std::string allocations_cell(const IncomingPayment& p) {
    std::string out;
    for (const auto& a : p.allocations) out += (out.empty() ? "" : ", ") + a.invoice;
    return out;
}

Listing payments_listing(const std::vector<IncomingPayment>& rows) {
    Listing l{{"id", "received", "number", "amount", "payer", "payer_inn", "invoices", "left", "status", "reason"},
              {tr("Ид"), tr("Поступил"), tr("№ п/п"), tr("Сумма"), tr("Плательщик"), tr("ИНН"), tr("Счета"), tr("Остаток"), tr("Статус"), tr("Основание")},
              {}};
    for (const auto& p : rows)
        l.rows.push_back({p.id, p.received.iso(), p.number, format_money(p.amount), p.payer_name, p.payer_inn, allocations_cell(p),
                          format_money(p.left()), p.status, p.reason});
    return l;
}

// The manager is told: a journal event, a printed line and, where the manager has an
// e-mail, a message (outbox or sendmail per [mail]).
void announce_paid(Context& ctx, const std::vector<Invoice>& paid) {
    for (const auto& inv : paid) {
        std::string manager;
        std::string why = mark_order_paid(ctx.share(), ctx.me(), inv, ctx.actor().login, now().iso(), &manager);
        Event e;
        e.kind = "invoice.paid";
        e.object = "invoice:" + inv.key();
        e.data = {{"order", inv.order}, {"total", format_plain(inv.total)}, {"manager", manager}, {"order_step", why.empty() ? "5.2.4.3" : why}};
        ctx.record(e);
        if (why.empty()) {
            Event s;
            s.kind = "order.step";
            s.object = "order:" + inv.order;
            s.data = {{"step", "5.2.4.3"}, {"note", "оплачен счет " + inv.key()}};
            ctx.record(s);
        }
        fmt::print(fmt::runtime(tr("invoice {} paid in full: order {} goes on to the shipping order (5.2.4.4); {} told\n")), inv.key(), inv.order,
                   manager.empty() ? tr("nobody") : manager);
        if (!why.empty()) fmt::print(fmt::runtime(tr("note: order {}: step 5.2.4.3 not marked: {}\n")), inv.order, why);
        const StaffMember* m = manager.empty() ? nullptr : ctx.staff().find(manager);
        if (m && !m->email.empty()) {
            OutgoingMail msg;
            msg.to = {m->email};
            msg.subject = fmt::format("Счет {} оплачен — заказ {} к отгрузке", inv.number, inv.order);
            msg.body = fmt::format("Счет № {} от {} ({}) оплачен полностью: {} руб.\nЗаказ {}: следующий шаг — заказ на отгрузку (5.2.4.4).\n",
                                   inv.number, inv.date, inv.client, format_money(inv.total), inv.order);
            send_mail(ctx.share(), msg);
        }
    }
}

void record_payments(Context& ctx, const std::vector<IncomingPayment>& rows, const std::string& kind) {
    for (const auto& p : rows) {
        Event e;
        e.kind = kind;
        e.object = "payment:" + p.id;
        nlohmann::json alloc = nlohmann::json::object();
        for (const auto& a : p.allocations) alloc[a.invoice] = format_plain(a.amount);
        e.data = {{"amount", format_plain(p.amount)}, {"payer_inn", p.payer_inn}, {"client_inn", p.client_inn}, {"allocations", alloc},
                  {"status", p.status},           {"reason", p.reason},       {"source", p.source}};
        ctx.record(e);
    }
}

void cmd_import(Context& ctx, const PaymentOptions& o) {
    if (!o.dry_run) ctx.writing();
    ctx.require_step("5.2.4.3");
    std::vector<std::filesystem::path> files(o.files.begin(), o.files.end());
    auto r = import_statements(ctx.share(), ctx.me(), files, ctx.actor().login, o.dry_run);
    if (!r.added.empty()) print_listing(payments_listing(r.added), ctx.options.format);
    if (ctx.options.format != "text") return;
    for (const auto& n : r.notes) fmt::print(fmt::runtime(tr("note: {}\n")), n);
    for (const auto& s : r.skipped) fmt::print(fmt::runtime(tr("not imported: {}\n")), s);
    int waiting = 0;
    for (const auto& p : r.added) waiting += p.status == payment_status::ambiguous || p.status == payment_status::unmatched;
    fmt::print(fmt::runtime(o.dry_run ? tr("dry run: {} payments would be imported, {} imported before; nothing written\n")
                                      : tr("{} payments imported, {} imported before\n")),
               r.added.size(), r.repeated.size());
    if (waiting) fmt::print(fmt::runtime(tr("{} payments wait for a person: gefest invoice pay INVOICE --payment ID\n")), waiting);
    if (o.dry_run) return;
    record_payments(ctx, r.added, "payment.import");
    announce_paid(ctx, r.paid_in_full);
}

void cmd_pay(Context& ctx, const PaymentOptions& o) {
    ctx.writing();
    ctx.require_step("5.2.4.3");
    ManualPayment m;
    m.invoice_key = o.invoice;
    if (!o.amount.empty()) m.amount = parse_money(o.amount);
    if (!o.date.empty()) m.date = Date::parse(o.date, "--date");
    m.payment_id = o.payment_id;
    m.from_advance = o.advance;
    m.login = ctx.actor().login;
    ImportReport r;
    Invoice inv = pay_invoice(ctx.share(), ctx.me(), m, r);
    record_payments(ctx, r.added, o.advance ? "payment.advance" : o.payment_id.empty() ? "payment.manual" : "payment.assign");
    if (o.advance) {
        Event e;
        e.kind = "payment.advance";
        e.object = "invoice:" + inv.key();
        e.data = {{"paid", format_plain(inv.paid)}};
        ctx.record(e);
    }
    fmt::print(fmt::runtime(tr("invoice {}: paid {} of {}, balance {} ({})\n")), inv.key(), format_money(inv.paid), format_money(inv.total),
               format_money(invoice_balance(inv)), payment_state(inv));
    announce_paid(ctx, r.paid_in_full);
}

void cmd_list(Context& ctx, const PaymentOptions& o) {
    Date today = now().date;
    auto debts = invoice_debts(ctx.share(), ctx.me(), today, o.overdue, o.year);
    Listing l{{"invoice", "date", "client", "total", "paid", "balance", "due", "days_overdue", "state", "manager", "next_step"},
              {tr("Счет"), tr("Дата"), tr("Клиент"), tr("Сумма"), tr("Оплачено"), tr("Остаток"), tr("Срок"), tr("Просрочка, дн."), tr("Состояние"),
               tr("Менеджер"), tr("Следующий шаг")},
              {}};
    for (const auto& d : debts)
        l.rows.push_back({d.invoice.key(), d.invoice.date, d.invoice.client, format_money(d.invoice.total), format_money(d.invoice.paid),
                          format_money(d.balance), d.invoice.due, d.days_overdue ? std::to_string(d.days_overdue) : "", payment_state(d.invoice),
                          d.manager, d.next_step});
    print_listing(l, ctx.options.format);
}

void cmd_payments(Context& ctx, const PaymentOptions& o) {
    std::vector<IncomingPayment> rows;
    for (auto& p : load_payments(ctx.share(), ctx.me()))
        if (o.all || p.left() > Money{}) rows.push_back(std::move(p));
    print_listing(payments_listing(rows), ctx.options.format);
}

std::vector<std::string> recipients(Context& ctx, const Reminder& r) {
    std::vector<std::string> to;
    if (r.level == "manager") {
        if (auto* m = ctx.staff().find(r.debt.manager); m && !m->email.empty()) to.push_back(m->email);
    } else if (r.level == "head_of_sales") {
        for (auto* m : ctx.staff().with_role("head_of_sales"))
            if (!m->email.empty()) to.push_back(m->email);
    } else {
        ClientBase base = load_clients(ctx.share(), ctx.me());
        if (const Client* c = base.by_inn(r.debt.invoice.client_inn)) to = c->emails();
    }
    return to;
}

void cmd_remind(Context& ctx, const PaymentOptions& o) {
    Date today = now().date;
    auto settings = load_payment_settings(ctx.share());
    auto reminders = due_reminders(ctx.share(), invoice_debts(ctx.share(), ctx.me(), today, true), settings, o.days);
    if (reminders.empty()) return;  // quiet for cron
    if (o.send) {
        ctx.writing();
        ctx.require_step("5.2.4.3");
    }
    for (const auto& r : reminders) {
        const auto& d = r.debt;
        auto to = recipients(ctx, r);
        std::string who = r.level == "manager" ? (d.manager.empty() ? tr("the order's manager (unknown)") : d.manager)
                          : r.level == "head_of_sales" ? tr("head of sales")
                                                       : d.invoice.client;
        std::string line = fmt::format(fmt::runtime(tr("invoice {} ({}), {} days overdue, balance {}: reminder to {} <{}>")), d.invoice.key(),
                                       d.invoice.client, d.days_overdue, format_money(d.balance), who, fmt::join(to, ", "));
        if (!o.send) {
            fmt::print(fmt::runtime(tr("would send: {}\n")), line);
            continue;
        }
        if (!claim_reminder(ctx.share(), r, ctx.actor().login + " " + now().iso())) continue;  // another run sent it
        try {
            if (!to.empty()) {
                OutgoingMail m;
                m.to = to;
                if (r.level == "client") {
                    m.subject = fmt::format("Напоминание об оплате счета № {}", d.invoice.number);
                    m.body = client_reminder_text(ctx.share(), settings, d, today);
                } else {
                    m.subject = fmt::format("Просрочена оплата счета {} ({}): {} дн.", d.invoice.key(), d.invoice.client, d.days_overdue);
                    m.body = fmt::format("Счет № {} от {}, {}: к оплате {} руб., оплачено {}, остаток {}.\nСрок оплаты {}, просрочка {} дн.\n"
                                         "Заказ {}, менеджер {}.\n",
                                         d.invoice.number, d.invoice.date, d.invoice.client, format_money(d.invoice.total),
                                         format_money(d.invoice.paid), format_money(d.balance), d.invoice.due, d.days_overdue, d.invoice.order,
                                         d.manager);
                }
                send_mail(ctx.share(), m);
            }
        } catch (...) {
            release_reminder(ctx.share(), r);
            throw;
        }
        Event e;
        e.kind = "invoice.remind";
        e.object = "invoice:" + d.invoice.key();
        e.data = {{"level", r.level}, {"to", to}, {"days_overdue", d.days_overdue}, {"balance", format_plain(d.balance)}};
        ctx.record(e);
        fmt::print(fmt::runtime(tr("sent: {}\n")), to.empty() ? line + tr(" (no e-mail on file: journaled only)") : line);
    }
}

}  // namespace

void setup_payment_commands(CLI::App& invoice_cmd, Context& ctx) {
    auto o = std::make_shared<PaymentOptions>();

    CLI::App* imp = invoice_cmd.add_subcommand("import-bank", tr("import 1CClientBankExchange bank statements and match payments to invoices (5.2.4.3)"));
    imp->add_option("FILE", o->files, tr("statements (kl_to_1c.txt) in windows-1251, cp866 or UTF-8"))->required()->check(CLI::ExistingFile);
    imp->add_flag("--dry-run", o->dry_run, tr("show what would be imported and matched; change nothing"));
    imp->callback([o, &ctx] { cmd_import(ctx, *o); });

    CLI::App* pay = invoice_cmd.add_subcommand("pay", tr("record a payment by hand, assign a waiting one, or apply an advance (5.2.4.3)"));
    pay->add_option("INVOICE", o->invoice, tr("the invoice: YEAR-N, or N of this year"))->required();
    pay->add_option("--amount", o->amount, tr("amount paid, e.g. 1500,00"));
    pay->add_option("--date", o->date, tr("date received, YYYY-MM-DD or DD.MM.YYYY (default: today)"));
    pay->add_option("--payment", o->payment_id, tr("Ид of a waiting payment from the register (invoice payments)"));
    pay->add_flag("--advance", o->advance, tr("apply the client's advance"));
    pay->callback([o, &ctx] { cmd_pay(ctx, *o); });

    CLI::App* pays = invoice_cmd.add_subcommand("payments", tr("payments with money not allocated (advances, ambiguous, unmatched)"));
    pays->add_flag("--all", o->all, tr("every payment of the register"));
    pays->callback([o, &ctx] { cmd_payments(ctx, *o); });

    bool has_list = false;
    try {
        has_list = invoice_cmd.get_subcommand("list") != nullptr;
    } catch (const CLI::OptionNotFound&) {
    }
    if (!has_list) {
        CLI::App* list = invoice_cmd.add_subcommand("list", tr("invoices with money owed, days overdue and the next step"));
        list->add_flag("--unpaid", o->unpaid, tr("unpaid and partly paid invoices (the default)"));
        list->add_flag("--overdue", o->overdue, tr("only invoices past their due date"));
        list->add_option("--year", o->year, tr("invoices of this year only (default: this and last year)"));
        list->callback([o, &ctx] { cmd_list(ctx, *o); });
    }

    CLI::App* remind = invoice_cmd.add_subcommand("remind", tr("remind about overdue invoices (for cron); quiet when there is nothing to do"));
    remind->add_option("--days", o->days, tr("only invoices overdue at least N days"));
    remind->add_flag("--send", o->send, tr("send the reminders (without it: show them)"));
    remind->callback([o, &ctx] { cmd_remind(ctx, *o); });
}

}  // namespace gefest::cli
