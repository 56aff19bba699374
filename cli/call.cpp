// gefest call new|existing|visit|email|request|site|list — every way an inquiry arrives
// (steps 5.2.1.1–5.2.2.2). The logic is lib/procedure/calls.h; this file reads options, checks the
// step's roles, and prints what the person taking the call says and does.
#include <cstdio>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "procedure/calls.h"
#include "commands.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "output.h"
#include "formats/requisites.h"

namespace gefest::cli {

namespace {

struct CallOptions {
    std::string phone, name, source, contact, email, note, client, call, maildir, file;
    std::vector<std::string> products, items, files;
    std::string from, to, channel, manager;
};

Intake intake_of(Context& ctx) {
    return Intake{ctx.share(), ctx.me(), ctx.staff(), ctx.actor(), [&ctx](Event e) { ctx.record(std::move(e)); }};
}

std::int64_t client_id(const std::string& text) {
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) == 0)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--client '{}': a client id is a whole number (see gefest client find)")), text));
    return std::stoll(text);
}

std::vector<StockAnswer> answers_for(Context& ctx, const std::vector<std::string>& asks, const char* option, bool qty_required) {
    std::vector<StockAnswer> out;
    if (asks.empty()) return out;
    std::vector<ProductAsk> parsed;  // every spelling checked before the registers are read
    for (const auto& a : asks) parsed.push_back(parse_product_ask(a, option, qty_required));
    StockRegister stock = StockRegister::load(ctx.share(), ctx.me());
    for (const auto& p : parsed) out.push_back(stock.answer(p));
    return out;
}

// The tail every spoken channel shares: stock answers for what was asked, the outcome
// and the note, then the inquiry recorded (lib/procedure/calls.h record_inquiry).
Inquiry record(Context& ctx, InquiryDraft& d, const CallOptions& o, const char* outcome) {
    d.answers = answers_for(ctx, o.products, "--product", false);
    d.outcome = outcome;
    d.note = o.note;
    Intake in = intake_of(ctx);
    return record_inquiry(in, d);
}

// What the office manager tells the caller and where the call goes.
void print_script(Context& ctx, const Inquiry& q, const std::vector<StockAnswer>& answers, bool tell_how_to_order) {
    if (ctx.options.format == "json") {
        fmt::print("{}\n", q.to_json().dump(2));
        return;
    }
    if (q.new_client)
        fmt::print(fmt::runtime(tr("Обращение {} записано: новый клиент №{} «{}», источник: {}\n")), q.id, q.client, q.client_name, q.source);
    else
        fmt::print(fmt::runtime(tr("Обращение {} записано: клиент уже есть в базе — №{} «{}» (обращение существующего клиента, 5.2.1.2)\n")),
                   q.id, q.client, q.client_name);
    if (!answers.empty()) {
        fmt::print(fmt::runtime(tr("Наличие на складе ГП:\n")));
        for (const auto& a : answers) fmt::print("  {} ({}): {}\n", a.sku, a.name, a.text());
    }
    const Settings& st = ctx.share().settings();
    if (tell_how_to_order) {
        if (!st.how_to_order.empty()) fmt::print(fmt::runtime(tr("Как заказать: {}\n")), st.how_to_order);
        if (!st.delivery.empty()) {
            std::string d;
            for (const auto& x : st.delivery) d += (d.empty() ? "" : "; ") + x;
            fmt::print(fmt::runtime(tr("Доставка: {}\n")), d);
        }
    }
    const StaffMember* m = ctx.staff().find(q.manager);
    fmt::print(fmt::runtime(tr("Передайте звонок: {}, доб. {}\n")), q.manager_name, m && !m->phone_ext.empty() ? m->phone_ext : "—");
}

void print_imported(Context& ctx, const std::vector<Imported>& done) {
    int added = 0, skipped = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const auto& d : done) {
        if (d.inquiry) {
            ++added;
            all.push_back(d.inquiry->to_json());
            if (ctx.options.format != "json")
                fmt::print(fmt::runtime(tr("{}: inquiry {} recorded: client {} '{}'{}, manager {}\n")), d.what, d.inquiry->id, d.inquiry->client,
                           d.inquiry->client_name, d.inquiry->new_client ? tr(" (new)") : "", d.inquiry->manager);
        } else {
            ++skipped;
            if (ctx.options.format != "json") fmt::print(fmt::runtime(tr("{}: already imported, skipped\n")), d.what);
        }
    }
    if (ctx.options.format == "json") fmt::print("{}\n", all.dump(2));
    else fmt::print(fmt::runtime(tr("imported {}, skipped {}\n")), added, skipped);
}

std::string products_cell(const Inquiry& q) {
    std::string s;
    for (const auto& p : q.products) s += (s.empty() ? "" : ", ") + p.sku + (p.qty > 0 ? "×" + std::to_string(p.qty) : "");
    return s;
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
    nw->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.1.1");
        InquiryDraft d;
        d.channel = "new";
        d.source = require_source(ctx.share().settings(), o->source);
        d.phone = require_phone(o->phone);
        if (!o->email.empty()) d.email = require_email(o->email);
        d.name = o->name;
        d.contact = o->contact;
        d.may_create = true;
        if (match_client(load_clients(ctx.share(), ctx.me()), d)) ctx.require_step("5.2.1.2");
        Inquiry q = record(ctx, d, *o, "transferred");
        print_script(ctx, q, d.answers, true);
    });

    CLI::App* ex = call->add_subcommand("existing", tr("a call from an existing client (5.2.1.2): whom to transfer to"));
    auto ex_id = ex->add_option("--client", o->client, tr("the client's id"));
    ex->add_option("--phone", o->phone, tr("the caller's phone"))->excludes(ex_id);
    ex->add_option("--product", o->products, tr("a product asked for, SKU[:QTY] (repeatable)"));
    ex->add_option("--note", o->note, tr("what the caller said"));
    ex->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.1.2");
        InquiryDraft d;
        d.channel = "existing";
        if (o->client.empty() && o->phone.empty()) throw Error(Errc::usage, tr("say who calls: --phone P or --client ID"));
        if (!o->client.empty()) d.client = client_id(o->client);
        else d.phone = require_phone(o->phone);
        Inquiry q = record(ctx, d, *o, "transferred");
        print_script(ctx, q, d.answers, false);
    });

    CLI::App* vi = call->add_subcommand("visit", tr("a client came to the office (5.2.1.3)"));
    auto vi_id = vi->add_option("--client", o->client, tr("the client's id"));
    vi->add_option("--name", o->name, tr("a new visitor's name or company"))->excludes(vi_id);
    vi->add_option("--source", o->source, tr("a new visitor's advertising source"))->excludes(vi_id);
    vi->add_option("--phone", o->phone, tr("the visitor's phone (an existing client is found by it)"))->excludes(vi_id);
    vi->add_option("--email", o->email, tr("the visitor's e-mail"))->excludes(vi_id);
    vi->add_option("--product", o->products, tr("a product asked for, SKU[:QTY] (repeatable)"));
    vi->add_option("--note", o->note, tr("what the visitor wants"));
    vi->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.1.3");
        InquiryDraft d;
        d.channel = "visit";
        if (!o->client.empty()) {
            d.client = client_id(o->client);
        } else {
            if (o->name.empty()) throw Error(Errc::usage, tr("say who came: --client ID, or --name N --source S for a new client"));
            d.source = require_source(ctx.share().settings(), o->source);
            d.name = o->name;
            if (!o->phone.empty()) d.phone = require_phone(o->phone);
            if (!o->email.empty()) d.email = require_email(o->email);
            d.may_create = true;
        }
        Inquiry q = record(ctx, d, *o, "received");
        print_script(ctx, q, d.answers, false);
    });

    CLI::App* rq = call->add_subcommand("request", tr("an application with items from a client (5.2.2.1)"));
    auto rq_id = rq->add_option("--client", o->client, tr("the client's id"));
    rq->add_option("--call", o->call, tr("the inquiry this application follows (its client is taken)"))->excludes(rq_id);
    rq->add_option("--item", o->items, tr("an item, SKU:QTY (repeatable)"))->required();
    rq->add_option("--note", o->note, tr("a note"));
    rq->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.2.1");
        InquiryDraft d;
        d.channel = "request";
        if (!o->call.empty()) {
            auto prior = find_inquiry(ctx.share(), ctx.journal(), o->call);
            if (!prior) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no inquiry '{}' (see gefest call list)")), o->call));
            d.client = prior->client;
            d.ref = prior->id;
        } else if (!o->client.empty()) {
            d.client = client_id(o->client);
        } else {
            throw Error(Errc::usage, tr("say whose application it is: --client ID or --call ID"));
        }
        d.answers = answers_for(ctx, o->items, "--item", true);
        d.outcome = "application";
        d.note = o->note;
        Intake in = intake_of(ctx);
        Inquiry q = record_inquiry(in, d);
        if (ctx.options.format == "json") return print_script(ctx, q, d.answers, false);
        fmt::print(fmt::runtime(tr("application {} recorded: client {} '{}', manager {} ({})\n")), q.id, q.client, q.client_name, q.manager_name,
                   q.manager);
        for (const auto& a : d.answers) fmt::print("  {} × {}: {}\n", a.sku, a.asked, a.text());
    });

    CLI::App* em = call->add_subcommand("email", tr("import inquiries from e-mail: .eml files or a Maildir (5.2.1.4)"));
    auto em_files = em->add_option("FILE", o->files, tr("RFC 5322 message files (.eml)"));
    em->add_option("--maildir", o->maildir, tr("a Maildir: messages in new/ and cur/ are read, not moved"))->excludes(em_files);
    em->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.1.4");
        std::vector<std::filesystem::path> files(o->files.begin(), o->files.end());
        if (!o->maildir.empty()) files = maildir_files(o->maildir);
        else if (files.empty()) throw Error(Errc::usage, tr("give .eml files or --maildir DIR"));
        MailBatch batch = read_mail_batch(files);  // every message checked before anything is written
        StockRegister stock = StockRegister::load(ctx.share(), ctx.me());
        Intake in = intake_of(ctx);
        print_imported(ctx, import_mail(in, batch, &stock));
    });

    CLI::App* si = call->add_subcommand("site", tr("import applications from the web site, JSON (5.2.2.2)"));
    si->add_option("FILE", o->file, tr("the site's JSON export, or - for standard input"))->required();
    si->callback([o, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.2.2");
        std::string text;
        if (o->file == "-") text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        else text = fsio::read_file(o->file);
        std::string name = o->file == "-" ? "<stdin>" : o->file;
        auto requests = parse_site_requests(text, name);
        StockRegister stock = StockRegister::load(ctx.share(), ctx.me());
        Intake in = intake_of(ctx);
        print_imported(ctx, import_site(in, requests, stock, name));
    });

    CLI::App* ls = call->add_subcommand("list", tr("list inquiries (the journal's call.* rows)"));
    ls->add_option("--from", o->from, tr("from this date (YYYY-MM-DD or DD.MM.YYYY)"));
    ls->add_option("--to", o->to, tr("to this date, inclusive (default: today)"));
    ls->add_option("--channel", o->channel, tr("new, existing, visit, email, request or site"));
    ls->add_option("--manager", o->manager, tr("the sales manager's login"));
    ls->callback([o, &ctx] {
        const auto& ch = inquiry_channels();
        if (!o->channel.empty() && std::find(ch.begin(), ch.end(), o->channel) == ch.end())
            throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--channel '{}': channels are new, existing, visit, email, request, site")), o->channel));
        Date from = o->from.empty() ? Date{1970, 1, 1} : Date::parse(o->from, "--from");
        Date to = o->to.empty() ? now().date : Date::parse(o->to, "--to");
        Listing l{{"id", "time", "channel", "client", "client_name", "new_client", "source", "manager", "products", "outcome", "taken_by", "note"},
                  {tr("№"), tr("Дата и время"), tr("Канал"), tr("Клиент"), tr("Наименование"), tr("Новый"), tr("Источник рекламы"),
                   tr("Менеджер"), tr("Товары"), tr("Итог"), tr("Принял"), tr("Примечание")},
                  {}};
        for (const auto& q : load_inquiries(ctx.journal(), from, to)) {
            if (!o->channel.empty() && q.channel != o->channel) continue;
            if (!o->manager.empty() && q.manager != o->manager) continue;
            std::string time = ctx.options.format == "text" ? q.time.russian() : q.time.iso();
            std::string note = q.note;
            if (ctx.options.format == "text") std::replace(note.begin(), note.end(), '\n', ' ');  // one row per inquiry
            l.rows.push_back({q.id, time, q.channel, std::to_string(q.client), q.client_name, q.new_client ? "да" : "", q.source, q.manager,
                              products_cell(q), q.outcome, q.taken_by, note});
        }
        print_listing(l, ctx.options.format);
    });
}

}  // namespace gefest::cli
