// gefest call new|existing|visit|email|request|site|close|list — every way an inquiry arrives
// (steps 5.2.1.1–5.2.2.2). The procedure is lib/procedure/call_commands.h; this file
// reads the options and prints what the person taking the call says and does.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "output.h"
#include "base/i18n.h"
#include "procedure/call_commands.h"
#include "procedure/inquiry_follow_up.h"

namespace gefest::cli {

namespace {

// What the office manager tells the caller and where the call goes.
void print_script(Context& ctx, const CallTaken& t) {
    const Inquiry& q = t.inquiry;
    if (ctx.options.format == "json") {
        fmt::print("{}\n", q.to_json().dump(2));
        return;
    }
    if (q.new_client)
        fmt::print(fmt::runtime(tr("Inquiry {} recorded: new client No. {} «{}», source: {}\n")), q.id, q.client, q.client_name, q.source);
    else
        fmt::print(fmt::runtime(tr("Inquiry {} recorded: the client is in the base already — No. {} «{}» (an existing client's inquiry, 5.2.1.2)\n")),
                   q.id, q.client, q.client_name);
    if (!t.answers.empty()) {
        fmt::print(fmt::runtime(tr("In stock at the finished goods warehouses:\n")));
        for (const auto& a : t.answers) fmt::print("  {} ({}): {}\n", a.sku, a.name, a.text());
    }
    if (!t.how_to_order.empty()) fmt::print(fmt::runtime(tr("How to order: {}\n")), t.how_to_order);
    if (!t.delivery.empty()) fmt::print(fmt::runtime(tr("Delivery: {}\n")), fmt::join(t.delivery, "; "));
    const std::string ext = t.manager_phone_ext.empty() ? "—" : t.manager_phone_ext;
    // A visitor is in the office: nobody is on the line to transfer.
    if (q.channel == "visit") fmt::print(fmt::runtime(tr("Call the manager to the visitor: {}, ext. {}\n")), q.manager_name, ext);
    else fmt::print(fmt::runtime(tr("Transfer the call to: {}, ext. {}\n")), q.manager_name, ext);
}

// What happens next to an inquiry that came in writing: its manager answers it.
void print_next(const Inquiry& q) {
    if (q.channel == "email")
        fmt::print(fmt::runtime(tr("  the manager {} answers it by e-mail{}\n")), q.manager_name, q.email.empty() ? "" : " (" + q.email + ")");
    else if (q.channel == "site")
        fmt::print(fmt::runtime(tr("  the manager {} contacts the client about the application{}\n")), q.manager_name,
                   q.phone.empty() ? "" : " (" + q.phone + ")");
}

void print_application(Context& ctx, const CallTaken& t) {
    if (ctx.options.format == "json") return print_script(ctx, t);
    const Inquiry& q = t.inquiry;
    fmt::print(fmt::runtime(tr("application {} recorded: client {} '{}', manager {} ({})\n")), q.id, q.client, q.client_name, q.manager_name,
               q.manager);
    for (const auto& a : t.answers) fmt::print("  {} × {}: {}\n", a.sku, a.asked, a.text());
}

void print_imported(Context& ctx, const std::vector<Imported>& done) {
    int added = 0, skipped = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const auto& d : done) {
        if (d.inquiry) {
            ++added;
            nlohmann::json j = d.inquiry->to_json();
            if (!d.files.empty()) j["attachments"] = d.files;
            all.push_back(std::move(j));
            if (ctx.options.format != "json") {
                fmt::print(fmt::runtime(tr("{}: inquiry {} recorded: client {} '{}'{}, manager {}\n")), d.what, d.inquiry->id, d.inquiry->client,
                           d.inquiry->client_name, d.inquiry->new_client ? tr(" (new)") : "", d.inquiry->manager);
                if (!d.files.empty()) fmt::print(fmt::runtime(tr("  attachments kept with inquiry {}: {}\n")), d.inquiry->id, fmt::join(d.files, ", "));
            }
            if (ctx.options.format != "json") print_next(*d.inquiry);
        } else {
            ++skipped;
            if (ctx.options.format != "json") fmt::print(fmt::runtime(tr("{}: already imported, skipped\n")), d.what);
        }
    }
    if (ctx.options.format == "json") fmt::print("{}\n", all.dump(2));
    else fmt::print(fmt::runtime(tr("imported {}, skipped {}\n")), added, skipped);
}

std::string products_cell(const Inquiry& q) {
    std::vector<std::string> cells;
    for (const auto& p : q.products) cells.push_back(p.sku + (p.qty > 0 ? "×" + std::to_string(p.qty) : ""));
    return fmt::format("{}", fmt::join(cells, ", "));
}

void print_inquiries(Context& ctx, const std::vector<Inquiry>& inquiries) {
    const bool text = ctx.options.format == "text";
    Listing l{{"id", "time", "channel", "client", "client_name", "new_client", "source", "manager", "products", "outcome", "taken_by", "note"},
              {tr("No."), tr("Date and time"), tr("Channel"), tr("Client"), tr("Name"), tr("New"), tr("Advertising source"), tr("Manager"),
               tr("Products"), tr("Outcome"), tr("Taken by"), tr("Note")},
              {}};
    for (const auto& q : inquiries) {
        std::string note = q.note;
        if (text) std::replace(note.begin(), note.end(), '\n', ' ');  // one row per inquiry
        l.rows.push_back({q.id, text ? q.time.russian() : q.time.iso(), q.channel, std::to_string(q.client), q.client_name,
                          q.new_client ? "да" : "", q.source, q.manager, products_cell(q), q.outcome, q.taken_by, note});
    }
    print_listing(l, ctx.options.format);
}

}  // namespace

void setup_call(CLI::App& app, Context& ctx) {
    CLI::App* call = app.add_subcommand("call", tr("inquiries and applications: phone, office, e-mail, web site (5.2.1–5.2.2)"));
    call->require_subcommand(1);

    auto o = std::make_shared<CallOptions>();
    CLI::App* nw = call->add_subcommand("new", tr("a call from a new client (5.2.1.1): stock answers, how to order, whom to transfer to"));
    nw->add_option("--phone", o->phone, tr("the caller's phone, any common spelling"))->required();
    nw->add_option("--name", o->name, tr("the caller's name or company"))->required();
    nw->add_option("--source", o->source, tr("where they heard of the company: one of [intake] sources, or 'Другое: text'"));
    nw->add_option("--contact", o->contact, tr("contact person"));
    nw->add_option("--email", o->email, tr("the caller's e-mail"));
    nw->add_option("--product", o->products, tr("a product asked for, SKU[:QTY] (repeatable)"));
    nw->add_option("--note", o->note, tr("what the caller said"));
    nw->callback([o, &ctx] { print_script(ctx, call_new(ctx.session(), *o)); });

    CLI::App* ex = call->add_subcommand("existing", tr("a call from an existing client (5.2.1.2): whom to transfer to"));
    auto ex_id = ex->add_option("--client", o->client, tr("the client's id"));
    ex->add_option("--phone", o->phone, tr("the caller's phone"))->excludes(ex_id);
    ex->add_option("--product", o->products, tr("a product asked for, SKU[:QTY] (repeatable)"));
    ex->add_option("--note", o->note, tr("what the caller said"));
    ex->callback([o, &ctx] { print_script(ctx, call_existing(ctx.session(), *o)); });

    CLI::App* vi = call->add_subcommand("visit", tr("a client came to the office (5.2.1.3)"));
    auto vi_id = vi->add_option("--client", o->client, tr("the client's id"));
    vi->add_option("--name", o->name, tr("a new visitor's name or company"))->excludes(vi_id);
    vi->add_option("--source", o->source, tr("a new visitor's advertising source"))->excludes(vi_id);
    vi->add_option("--phone", o->phone, tr("the visitor's phone (an existing client is found by it)"))->excludes(vi_id);
    vi->add_option("--email", o->email, tr("the visitor's e-mail"))->excludes(vi_id);
    vi->add_option("--product", o->products, tr("a product asked for, SKU[:QTY] (repeatable)"));
    vi->add_option("--note", o->note, tr("what the visitor wants"));
    vi->callback([o, &ctx] { print_script(ctx, call_visit(ctx.session(), *o)); });

    CLI::App* rq = call->add_subcommand("request", tr("an application with items from a client (5.2.2.1)"));
    auto rq_id = rq->add_option("--client", o->client, tr("the client's id"));
    rq->add_option("--call", o->call, tr("the inquiry this application follows (its client is taken)"))->excludes(rq_id);
    rq->add_option("--item", o->items, tr("an item, SKU:QTY (repeatable)"))->required();
    rq->add_option("--note", o->note, tr("a note"));
    rq->callback([o, &ctx] { print_application(ctx, call_request(ctx.session(), *o)); });

    auto mail = std::make_shared<MailImportOptions>();
    CLI::App* em = call->add_subcommand("email", tr("import inquiries from e-mail: .eml files or a Maildir (5.2.1.4)"));
    auto em_files = em->add_option("FILE", mail->files, tr("RFC 5322 message files (.eml)"));
    em->add_option("--maildir", mail->maildir, tr("a Maildir: messages in new/ and cur/ are read, not moved"))->excludes(em_files);
    em->callback([mail, &ctx] { print_imported(ctx, call_email(ctx.session(), *mail)); });

    auto site = std::make_shared<SiteImportOptions>();
    site->input = &std::cin;
    CLI::App* si = call->add_subcommand("site", tr("import applications from the web site, JSON (5.2.2.2)"));
    si->add_option("FILE", site->file, tr("the site's JSON export, or - for standard input"))->required();
    si->callback([site, &ctx] { print_imported(ctx, call_site(ctx.session(), *site)); });

    auto close = std::make_shared<CallCloseOptions>();
    CLI::App* cl = call->add_subcommand("close", tr("record how an inquiry ended without an order, so control stops following it"));
    cl->add_option("ID", close->id, tr("the inquiry, e.g. 2026-5 (see gefest call list)"))->required();
    cl->add_option("--outcome", close->outcome, fmt::format(fmt::runtime(tr("what happened: {}")), fmt::join(inquiry_outcomes(), ", ")))->required();
    cl->add_option("--note", close->note, tr("why, in your words (required with --outcome other)"));
    cl->callback([close, &ctx] {
        const events::InquiryClose row = call_close(ctx.session(), *close);
        if (ctx.options.format == "json") fmt::print("{}\n", nlohmann::json(row).dump(2));
        else fmt::print(fmt::runtime(tr("inquiry {} closed: {}{}\n")), row.id, row.outcome, row.note.empty() ? "" : " — " + row.note);
    });

    auto list = std::make_shared<CallListOptions>();
    CLI::App* ls = call->add_subcommand("list", tr("list inquiries (the journal's call.* rows)"));
    ls->add_option("--from", list->from, tr("from this date (YYYY-MM-DD or DD.MM.YYYY)"));
    ls->add_option("--to", list->to, tr("to this date, inclusive (default: today)"));
    ls->add_option("--channel", list->channel, tr("new, existing, visit, email, request or site"));
    ls->add_option("--manager", list->manager, tr("the sales manager's login"));
    ls->callback([list, &ctx] { print_inquiries(ctx, call_list(ctx.session(), *list)); });
}

}  // namespace gefest::cli
