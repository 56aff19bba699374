// The `gefest call` subcommands: the step's roles, the options checked, the inquiry
// recorded. See procedure/call_commands.h.
#include "procedure/call_commands.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "formats/mail_import.h"
#include "store/fsio.h"

namespace gefest {

namespace {

std::int64_t client_id(const std::string& text) {
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) == 0)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--client '{}': a client id is a whole number (see gefest client find)")), text));
    return std::stoll(text);
}

// The stock answers for `asks`: every spelling checked before the registers are read.
std::vector<StockAnswer> answers_for(Session& session, const std::vector<std::string>& asks, const char* option, bool qty_required) {
    std::vector<StockAnswer> out;
    if (asks.empty()) return out;
    std::vector<ProductAsk> parsed;
    for (const auto& a : asks) parsed.push_back(parse_product_ask(a, option, qty_required));
    StockRegister stock = StockRegister::load(session.store());
    for (const auto& p : parsed) out.push_back(stock.answer(p));
    return out;
}

// Records the draft and says where the call goes.
CallTaken taken(Session& session, InquiryDraft& d) {
    CallTaken out;
    out.answers = d.answers;
    out.inquiry = record_inquiry(session, d);
    const StaffMember* m = session.staff().find(out.inquiry.manager);
    if (m) out.manager_phone_ext = m->phone_ext;
    return out;
}

// The tail every spoken channel shares: stock answers for what was asked, the outcome
// and the note, then the inquiry recorded.
CallTaken spoken(Session& session, InquiryDraft& d, const CallOptions& o, const char* outcome) {
    d.answers = answers_for(session, o.products, "--product", false);
    d.outcome = outcome;
    d.note = o.note;
    return taken(session, d);
}

}  // namespace

CallTaken call_new(Session& session, const CallOptions& o) {
    session.writing();
    session.require_step("5.2.1.1");
    InquiryDraft d;
    d.channel = "new";
    d.source = require_source(session.settings(), o.source);
    d.phone = require_phone(o.phone);
    if (!o.email.empty()) d.email = require_email(o.email);
    d.name = o.name;
    d.contact = o.contact;
    d.may_create = true;
    if (match_client(ClientLookup(session.store()), d)) session.require_step("5.2.1.2");
    CallTaken out = spoken(session, d, o, "transferred");
    out.how_to_order = session.settings().how_to_order;
    out.delivery = session.settings().delivery;
    return out;
}

CallTaken call_existing(Session& session, const CallOptions& o) {
    session.writing();
    session.require_step("5.2.1.2");
    InquiryDraft d;
    d.channel = "existing";
    if (o.client.empty() && o.phone.empty()) throw Error(Errc::usage, tr("say who calls: --phone P or --client ID"));
    if (!o.client.empty()) d.client = client_id(o.client);
    else d.phone = require_phone(o.phone);
    return spoken(session, d, o, "transferred");
}

CallTaken call_visit(Session& session, const CallOptions& o) {
    session.writing();
    session.require_step("5.2.1.3");
    InquiryDraft d;
    d.channel = "visit";
    if (!o.client.empty()) {
        d.client = client_id(o.client);
    } else {
        if (o.name.empty()) throw Error(Errc::usage, tr("say who came: --client ID, or --name N --source S for a new client"));
        d.source = require_source(session.settings(), o.source);
        d.name = o.name;
        if (!o.phone.empty()) d.phone = require_phone(o.phone);
        if (!o.email.empty()) d.email = require_email(o.email);
        d.may_create = true;
    }
    return spoken(session, d, o, "received");
}

CallTaken call_request(Session& session, const CallOptions& o) {
    session.writing();
    session.require_step("5.2.2.1");
    InquiryDraft d;
    d.channel = "request";
    if (!o.call.empty()) {
        auto prior = find_inquiry(session.store(), o.call);
        if (!prior) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no inquiry '{}' (see gefest call list)")), o.call));
        d.client = prior->client;
        d.ref = prior->id;
    } else if (!o.client.empty()) {
        d.client = client_id(o.client);
    } else {
        throw Error(Errc::usage, tr("say whose application it is: --client ID or --call ID"));
    }
    d.answers = answers_for(session, o.items, "--item", true);
    d.outcome = "application";
    d.note = o.note;
    return taken(session, d);
}

std::vector<Imported> call_email(Session& session, const MailImportOptions& o) {
    session.writing();
    session.require_step("5.2.1.4");
    std::vector<std::filesystem::path> files(o.files.begin(), o.files.end());
    if (!o.maildir.empty()) files = maildir_files(o.maildir);
    else if (files.empty()) throw Error(Errc::usage, tr("give .eml files or --maildir DIR"));
    MailBatch batch = read_mail_batch(files);  // every message checked before anything is written
    StockRegister stock = StockRegister::load(session.store());
    return import_mail(session, batch, &stock);
}

std::vector<Imported> call_site(Session& session, const SiteImportOptions& o) {
    session.writing();
    session.require_step("5.2.2.2");
    const bool from_input = o.file == "-";
    std::string text;
    if (from_input && o.input) text.assign(std::istreambuf_iterator<char>(*o.input), std::istreambuf_iterator<char>());
    else if (!from_input) text = fsio::read_file(o.file);
    const std::string name = from_input ? "<stdin>" : o.file;
    auto requests = parse_site_requests(text, name);
    StockRegister stock = StockRegister::load(session.store());
    return import_site(session, requests, stock, name);
}

std::vector<Inquiry> call_list(Session& session, const CallListOptions& o) {
    const auto& channels = inquiry_channels();
    if (!o.channel.empty() && std::find(channels.begin(), channels.end(), o.channel) == channels.end())
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--channel '{}': channels are new, existing, visit, email, request, site")), o.channel));
    const Date from = o.from.empty() ? Date{1970, 1, 1} : Date::parse(o.from, "--from");
    const Date to = o.to.empty() ? now().date : Date::parse(o.to, "--to");
    std::vector<Inquiry> out;
    for (auto& q : load_inquiries(session.store(), from, to)) {
        if (!o.channel.empty() && q.channel != o.channel) continue;
        if (!o.manager.empty() && q.manager != o.manager) continue;
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace gefest
