// gefest invoice issue|send (procedure 02-006, 5.2.3.5, documents kept per 5.2.5). Each is
// one function of lib/procedure/invoice_steps.h, which checks, writes and journals; this
// file declares the options, calls it and prints its result. The payments' subcommands
// of gefest invoice (pay, import-bank, payments, list, remind) are cli/payment.cpp.
#include <fmt/format.h>

#include "base/i18n.h"
#include "base/locale_text.h"
#include "base/text.h"
#include "commands.h"
#include "formats/words.h"
#include "output.h"
#include "procedure/invoice_steps.h"

namespace gefest::cli {

namespace {

void print_issue(Context& ctx, const InvoiceIssueOptions& opt) {
    InvoiceIssued r = invoice_issue(ctx.session(), opt);
    const Invoice& inv = r.issued.invoice;
    fmt::print(fmt::runtime(tr("invoice {} for order {}: {} ({}), due {}\n")), inv.key(), inv.order, money_text(inv.total),
               amount_in_words(inv.total), date_text(Date::parse(inv.due, "date")));
    for (const auto& f : r.issued.files) fmt::print("  {}\n", f.string());
    if (!r.issued.pdf_note.empty() && r.issued.pdf_note != "pdf = off") fmt::print(fmt::runtime(tr("  no PDF: {}\n")), r.issued.pdf_note);
    if (r.advance > Money{})
        fmt::print(fmt::runtime(tr("the client has an advance of {}: apply it with gefest invoice pay {} --advance\n")), money_text(r.advance),
                   inv.key());
}

void print_send(Context& ctx, const InvoiceSendOptions& opt) {
    InvoiceSent r = invoice_send(ctx.session(), opt);
    if (r.dry_run) {
        fmt::print(fmt::runtime(tr("would send invoice {} (dry run, nothing changed)\nTo: {}\nSubject: {}\nVia: {}\n")), r.invoice.key(),
                   escape_controls(r.to, false), escape_controls(r.mail.subject, false), r.via_outbox ? tr("outbox ") + r.via_target : r.via_target);
        for (const auto& a : r.mail.attachments) fmt::print(fmt::runtime(tr("Attachment: {}\n")), a.file.filename().string());
        return;
    }
    fmt::print(fmt::runtime(tr("invoice {} sent to {} ({}{}); step 5.2.3.5 done\n")), r.invoice.key(), r.to, r.sent.via,
               r.sent.eml.empty() ? "" : ": " + r.sent.eml.string());
}

}  // namespace

void setup_invoice(CLI::App& app, Context& ctx) {
    CLI::App* invoice = app.add_subcommand("invoice", tr("invoices: issue «Счет на оплату», send it with the contract (5.2.3.5), list"));
    invoice->require_subcommand(1);
    auto issue = std::make_shared<InvoiceIssueOptions>();
    auto send = std::make_shared<InvoiceSendOptions>();

    CLI::App* c = invoice->add_subcommand("issue", tr("issue the invoice of a non-cash order: number, HTML (+PDF) in the order's folder, register"));
    c->add_option("N", issue->order, tr("order number"))->required()->check(CLI::PositiveNumber);
    c->add_option("--year", issue->year, tr("year of the order (default: this year)"));
    c->add_option("--date", issue->date, tr("invoice date YYYY-MM-DD (default: today); it picks the VAT rate and the numbering year"));
    c->add_option("--due-days", issue->due_days, tr("payment term in calendar days (default 5)"));
    c->add_option("--reason", issue->reason, tr("why the invoice is dated before its order or into another VAT period than its contract (journaled)"));
    c->callback([issue, &ctx] { print_issue(ctx, *issue); });

    c = invoice->add_subcommand("send", tr("e-mail the invoice, contract and specification to the client; marks 5.2.3.5 done"));
    c->add_option("INVOICE", send->invoice, tr("invoice number, or YEAR-NUMBER"))->required();
    c->add_option("--year", send->year, tr("year of the invoice (default: this year)"));
    c->add_option("--to", send->to, tr("recipient (default: the client's e-mail from the client base)"));
    c->add_flag("--dry-run", send->dry_run, tr("show what would be sent; change nothing"));
    c->callback([send, &ctx] { print_send(ctx, *send); });

    setup_payment_commands(*invoice, ctx);  // pay, import-bank, payments, list, remind (cli/payment.cpp)
}

}  // namespace gefest::cli
