// gefest invoice issue|send|list (procedure 02-006, 5.2.3.5, documents kept per 5.2.5).
// The rules live in lib/procedure/invoice.h (numbers, register, amounts), lib/documents/documents.h
// (templates, PDF) and lib/documents/mail_out.h (MIME); this file reads options, checks the
// actor's role, calls them and prints.
#include <fmt/format.h>

#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "procedure/invoice.h"
#include "procedure/payments.h"
#include "formats/words.h"
#include "output.h"

namespace gefest::cli {

namespace {

struct InvoiceOptions {
    std::int64_t number = 0;
    std::string invoice, date, to;
    int year = 0, due_days = 5;
    bool dry_run = false, unpaid = false, overdue = false;
};

int year_of(const InvoiceOptions& o) { return o.year ? o.year : now().date.year; }

void record(Context& ctx, const std::string& kind, const Invoice& inv, nlohmann::json data) {
    Event e;
    e.kind = kind;
    e.object = "invoice:" + inv.key();
    data["order"] = inv.order;
    data["status"] = inv.status;
    e.data = std::move(data);
    ctx.record(e);
}

void cmd_issue(Context& ctx, const InvoiceOptions& opt) {
    ctx.writing();
    ctx.require_step("5.2.3.5");
    IssueOptions io;
    io.date = opt.date;
    io.due_days = opt.due_days;
    io.login = ctx.actor().login;
    IssuedInvoice r = issue_invoice(ctx.share(), ctx.me(), year_of(opt), opt.number, io);
    const Invoice& inv = r.invoice;
    record(ctx, "invoice.issue", inv,
           {{"number", inv.number}, {"date", inv.date}, {"client", inv.client}, {"inn", inv.client_inn}, {"total", format_plain(inv.total)},
            {"vat", format_plain(inv.vat)}, {"due", inv.due}});
    Event e;
    e.kind = "order.invoice";
    e.object = "order:" + inv.order;
    e.data = {{"invoice", inv.key()}, {"total", format_plain(inv.total)}};
    ctx.record(e);
    fmt::print(fmt::runtime(tr("invoice {} for order {}: {} ({}), due {}\n")), inv.key(), inv.order, format_money(inv.total),
               amount_in_words(inv.total), Date::parse(inv.due, "date").russian());
    for (const auto& f : r.files) fmt::print("  {}\n", f.string());
    if (!r.pdf_note.empty() && r.pdf_note != "pdf = off") fmt::print(fmt::runtime(tr("  no PDF: {}\n")), r.pdf_note);
    // An advance is applied by a person (the accountant decides), but nobody should
    // have to remember that the client has one.
    if (Money advance = advance_of(load_payments(ctx.share(), ctx.me()), inv.client_inn); advance > Money{})
        fmt::print(fmt::runtime(tr("the client has an advance of {}: apply it with gefest invoice pay {} --advance\n")), format_money(advance),
                   inv.key());
}

void cmd_send(Context& ctx, const InvoiceOptions& opt) {
    auto [year, number] = parse_invoice_key(opt.invoice, year_of(opt));
    const Share& share = ctx.share();
    Invoice inv = load_invoice(share, ctx.me(), year, number);
    if (!opt.dry_run) {
        ctx.writing();
        ctx.require_step("5.2.3.5");
    }
    check_can_send(share, ctx.me(), inv);
    OutgoingMail m = invoice_mail(share, ctx.me(), inv, opt.to);
    std::string to;
    for (const auto& t : m.to) to += (to.empty() ? "" : ", ") + t;
    if (opt.dry_run) {
        fmt::print(fmt::runtime(tr("would send invoice {} (dry run, nothing changed)\nTo: {}\nSubject: {}\nVia: {}\n")), inv.key(), to, m.subject,
                   share.settings().sendmail.empty() ? tr("outbox ") + share.settings().outbox : share.settings().sendmail);
        for (const auto& a : m.attachments) fmt::print(fmt::runtime(tr("Attachment: {}\n")), a.file.filename().string());
        return;
    }
    build_mime(share, m);  // every check of the message before it leaves
    MailSent sent = send_mail(share, m);
    std::string at = now().iso();
    std::string note = fmt::format("счет № {} → {} ({})", inv.number, to, sent.via);
    mark_invoice_sent(share, ctx.me(), inv, ctx.actor().login, at, note);
    record(ctx, "invoice.send", inv, {{"to", to}, {"via", sent.via}, {"message_id", sent.message_id}, {"eml", sent.eml.string()}});
    Event e;
    e.kind = "order.step";
    e.object = "order:" + inv.order;
    e.data = {{"step", "5.2.3.5"}, {"note", note}};
    ctx.record(e);
    fmt::print(fmt::runtime(tr("invoice {} sent to {} ({}{}); step 5.2.3.5 done\n")), inv.key(), to, sent.via,
               sent.eml.empty() ? "" : ": " + sent.eml.string());
}

void cmd_list(Context& ctx, const InvoiceOptions& opt) {
    std::string today = now().date.iso();
    Listing l{{"number", "date", "order", "client", "inn", "total", "vat", "due", "paid", "status"},
              {"№", tr("Дата"), tr("Заказ"), tr("Клиент"), tr("ИНН"), tr("Сумма"), tr("НДС"), tr("Срок оплаты"), tr("Оплачено"), tr("Статус")},
              {}};
    for (const auto& i : load_invoices(ctx.share(), ctx.me(), year_of(opt))) {
        bool open = i.status != invoice_status::paid && i.status != invoice_status::cancelled;
        if ((opt.unpaid || opt.overdue) && !open) continue;
        if (opt.overdue && i.due >= today) continue;
        l.rows.push_back({std::to_string(i.number), Date::parse(i.date, "date").russian(), i.order, i.client, i.client_inn,
                          format_money(i.total, ',', false), format_money(i.vat, ',', false), Date::parse(i.due, "date").russian(),
                          format_money(i.paid, ',', false), i.status});
    }
    print_listing(l, ctx.options.format);
}

}  // namespace

void setup_invoice(CLI::App& app, Context& ctx) {
    CLI::App* invoice = app.add_subcommand("invoice", tr("invoices: issue «Счет на оплату», send it with the contract (5.2.3.5), list"));
    invoice->require_subcommand(1);
    auto opt = std::make_shared<InvoiceOptions>();

    CLI::App* c = invoice->add_subcommand("issue", tr("issue the invoice of a non-cash order: number, HTML (+PDF) in the order's folder, register"));
    c->add_option("N", opt->number, tr("order number"))->required()->check(CLI::PositiveNumber);
    c->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    c->add_option("--date", opt->date, tr("invoice date YYYY-MM-DD (default: today); it picks the VAT rate and the numbering year"));
    c->add_option("--due-days", opt->due_days, tr("payment term in calendar days (default 5)"));
    c->callback([opt, &ctx] { cmd_issue(ctx, *opt); });

    c = invoice->add_subcommand("send", tr("e-mail the invoice, contract and specification to the client; marks 5.2.3.5 done"));
    c->add_option("INVOICE", opt->invoice, tr("invoice number, or YEAR-NUMBER"))->required();
    c->add_option("--year", opt->year, tr("year of the invoice (default: this year)"));
    c->add_option("--to", opt->to, tr("recipient (default: the client's e-mail from the client base)"));
    c->add_flag("--dry-run", opt->dry_run, tr("show what would be sent; change nothing"));
    c->callback([opt, &ctx] { cmd_send(ctx, *opt); });

    setup_payment_commands(*invoice, ctx);  // pay, import-bank, payments, remind, list (cli/payment.cpp)
    bool has_list = false;
    try {
        has_list = invoice->get_subcommand("list") != nullptr;
    } catch (const CLI::OptionNotFound&) {
    }
    if (has_list) return;  // the payments' list (with balances) takes precedence over this minimal one
    c = invoice->add_subcommand("list", tr("invoices of a year from the register Счета <year>.csv"));
    c->add_option("--year", opt->year, tr("year (default: this year)"));
    c->add_flag("--unpaid", opt->unpaid, tr("only invoices not paid in full"));
    c->add_flag("--overdue", opt->overdue, tr("only unpaid invoices past their payment term"));
    c->callback([opt, &ctx] { cmd_list(ctx, *opt); });
}

}  // namespace gefest::cli
