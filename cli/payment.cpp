// Payments under `gefest invoice` (5.2.4.3): import-bank, pay, payments, remind, and
// list --unpaid|--overdue when the invoice command has no list of its own. Each is one
// call of lib/procedure/payment_steps.h; this file parses options and prints.
#include <iterator>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/i18n.h"
#include "base/locale_text.h"
#include "commands.h"
#include "output.h"
#include "procedure/payment_steps.h"

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

Listing payments_listing(const std::vector<IncomingPayment>& rows) {
    Listing l{{"id", "received", "number", "amount", "payer", "payer_inn", "invoices", "left", "status", "reason"},
              {tr("Id"), tr("Received"), tr("Payment no."), tr("Amount"), tr("Payer"), tr("Payer's INN"), tr("Invoices"), tr("Left"), tr("Status"),
               tr("Reason")},
              {}};
    for (const auto& p : rows) {
        std::vector<std::string> invoices;
        for (const auto& a : p.allocations) invoices.push_back(a.invoice);
        l.rows.push_back({p.id, p.received.iso(), p.number, format_money(p.amount), p.payer_name, p.payer_inn, fmt::format("{}", fmt::join(invoices, ", ")),
                          format_money(p.left()), p.status, p.reason});
    }
    return l;
}

void print_paid(const std::vector<PaidInvoice>& paid) {
    if (paid.empty()) return;
    // Translated once, not per line (a statement pays thousands of invoices).
    const std::string paid_line = tr("invoice {} paid in full: order {} goes on to the shipping order (5.2.4.4); {} told\n"),
                      nobody = tr("nobody"), not_marked = tr("note: order {}: step 5.2.4.3 not marked: {}\n");
    // Printed at once: stdout is unbuffered (terminal.cpp), a write per line is thousands.
    fmt::memory_buffer text;
    for (const auto& p : paid) {
        fmt::format_to(std::back_inserter(text), fmt::runtime(paid_line), p.invoice.key(), p.invoice.order, p.manager.empty() ? nobody : p.manager);
        if (p.not_marked) fmt::format_to(std::back_inserter(text), fmt::runtime(not_marked), p.invoice.order, *p.not_marked);
    }
    fmt::print("{}", std::string_view(text.data(), text.size()));
}

void cmd_import(Context& ctx, const PaymentOptions& o) {
    auto r = import_bank_statements(ctx.session(), {{o.files.begin(), o.files.end()}, o.dry_run});
    if (!r.report.added.empty()) print_listing(payments_listing(r.report.added), ctx.options.format);
    if (ctx.options.format != "text") return;
    for (const auto& n : r.report.notes) fmt::print(fmt::runtime(tr("note: {}\n")), n);
    for (const auto& s : r.report.skipped) fmt::print(fmt::runtime(tr("not imported: {}\n")), s);
    int waiting = 0;
    for (const auto& p : r.report.added) waiting += p.status == payment_status::ambiguous || p.status == payment_status::unmatched;
    fmt::print(fmt::runtime(o.dry_run ? tr("dry run: {} payments would be imported, {} imported before; nothing written\n")
                                      : tr("{} payments imported, {} imported before\n")),
               r.report.added.size(), r.report.repeated.size());
    if (waiting) fmt::print(fmt::runtime(tr("{} payments wait for a person: gefest invoice pay INVOICE --payment ID\n")), waiting);
    print_paid(r.paid);
}

void cmd_pay(Context& ctx, const PaymentOptions& o) {
    auto r = enter_payment(ctx.session(), {o.invoice, o.amount, o.date, o.payment_id, o.advance});
    const Invoice& inv = r.invoice;
    fmt::print(fmt::runtime(tr("invoice {}: paid {} of {}, balance {} ({})\n")), inv.key(), money_text(inv.paid), money_text(inv.total),
               money_text(invoice_balance(inv)), payment_state(inv));
    print_paid(r.paid);
}

void cmd_list(Context& ctx, const PaymentOptions& o) {
    Listing l{{"invoice", "date", "client", "total", "paid", "balance", "due", "days_overdue", "state", "manager", "next_step"},
              {tr("Invoice"), tr("Date"), tr("Client"), tr("Total"), tr("Paid"), tr("Balance"), tr("Due"), tr("Days overdue"), tr("State"),
               tr("Manager"), tr("Next step")},
              {}};
    for (const auto& d : list_debts(ctx.session(), {o.overdue, o.year}))
        l.rows.push_back({d.invoice.key(), d.invoice.date, d.invoice.client, format_money(d.invoice.total), format_money(d.invoice.paid),
                          format_money(d.balance), d.invoice.due, d.days_overdue ? std::to_string(d.days_overdue) : "", payment_state(d.invoice),
                          d.manager, d.next_step});
    print_listing(l, ctx.options.format);
}

void cmd_payments(Context& ctx, const PaymentOptions& o) { print_listing(payments_listing(list_payments(ctx.session(), {o.all})), ctx.options.format); }

void cmd_remind(Context& ctx, const PaymentOptions& o) {
    for (const auto& r : send_reminders(ctx.session(), {o.days, o.send})) {  // nothing due: quiet, for cron
        const DebtRow& d = r.reminder.debt;
        std::string line = fmt::format(fmt::runtime(tr("invoice {} ({}), {} days overdue, balance {}: reminder to {} <{}>")), d.invoice.key(),
                                       d.invoice.client, d.days_overdue, money_text(d.balance), r.who, fmt::join(r.to, ", "));
        if (!o.send) fmt::print(fmt::runtime(tr("would send: {}\n")), line);
        else fmt::print(fmt::runtime(tr("sent: {}\n")), r.to.empty() ? line + tr(" (no e-mail on file: journaled only)") : line);
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
