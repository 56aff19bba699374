// Inquiries: the call.* row read back leniently (Inquiry::from_event), found by period and
// by id, and recorded (record_inquiry) — with the client created or given a manager on
// the way — one by one or in e-mail and site batches that are idempotent by key.
#include "procedure/calls.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/text.h"
#include "procedure/events/clients.h"

namespace gefest {

namespace {

using nlohmann::json;

const char* const other_source = "Другое";

std::string manager_name(const Staff& staff, const std::string& login) {
    const StaffMember* m = staff.find(login);
    return m ? m->name : login;
}

// The first `limit` bytes or so of `text`, cut at a UTF-8 boundary, with "…" if cut: a
// long letter stays in the mailbox, the journal keeps what it is about.
std::string excerpt(const std::string& text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "…";
}

bool is_sku_char(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '-' || c == '_' || c == '.'; }

// Catalog SKUs named in free text as whole tokens ("ПК-50" but not inside "ПК-500"),
// with the quantity written next to each (quantity_near; 0: none).
std::vector<std::pair<std::string, Quantity>> skus_in_text(const std::string& text, const Catalog& catalog) {
    std::vector<std::pair<size_t, std::pair<std::string, Quantity>>> found;
    for (const auto& item : catalog.items) {
        if (item.sku.empty()) continue;
        for (size_t at = text.find(item.sku); at != std::string::npos; at = text.find(item.sku, at + 1)) {
            size_t end = at + item.sku.size();
            bool left = at == 0 || !is_sku_char(text[at - 1]);
            // a trailing '.' or '-' ends a sentence or a range, not the SKU
            bool right = end >= text.size() || !is_sku_char(text[end]) || text[end] == '.' || text[end] == '-';
            if (!left || !right) continue;
            // Where it is first named; the quantity of the first mention that has one
            // (the subject may name it, the text say how many).
            const Quantity qty = quantity_near(text, at, end);
            if (found.empty() || found.back().second.first != item.sku) found.push_back({at, {item.sku, qty}});
            else if (found.back().second.second == 0) found.back().second.second = qty;
            if (qty > 0) break;
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::pair<std::string, Quantity>> out;
    for (auto& f : found) out.push_back(f.second);
    return out;
}

}  // namespace

// --- the record ------------------------------------------------------------------------

const std::vector<std::string>& inquiry_channels() {
    static const std::vector<std::string> c = {"new", "existing", "visit", "email", "request", "site"};
    return c;
}

json Inquiry::to_json() const { return json(static_cast<const events::CallInquiry&>(*this)); }

Inquiry Inquiry::from_event(const Event& e) {
    const std::string_view prefix = events::CallInquiry::kind_prefix;
    if (!e.data_text.empty()) {
        // Read without a tree (JournalFilter::light_data) when the row is plain: every
        // field of its type and an id. Anything else takes the lenient path below.
        Inquiry q;
        if (events::from_light(e.data_text, q) && !q.id.empty()) {
            if (q.channel.empty() && e.kind.rfind(prefix, 0) == 0) q.channel = e.kind.substr(prefix.size());
            q.time = e.time;
            q.login = e.login;
            return q;
        }
    }
    const json parsed = e.data_text.empty() ? json() : events::data_of(e);
    const json& d = e.data_text.empty() ? e.data : parsed;
    if (!d.is_object() || !d.contains("id"))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("event '{}' of '{}' is not an inquiry")), e.kind, e.object), e.source, e.line);
    Inquiry q;
    try {
        // Rows have always been read leniently in their text and list fields: one of
        // another type reads as empty, as if the row did not have it.
        static const json blank = events::CallInquiry{};
        json lenient;
        for (const auto& [key, empty] : blank.items())
            if ((empty.is_string() || empty.is_array()) && d.contains(key) && d[key].type() != empty.type()) {
                if (lenient.is_null()) lenient = d;
                lenient.erase(key);
            }
        static_cast<events::CallInquiry&>(q) = (lenient.is_null() ? d : lenient).get<events::CallInquiry>();
    } catch (const json::exception& ex) {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("inquiry '{}' has a field of the wrong type: {}")), e.object, ex.what()),
                    e.source, e.line);
    }
    if (q.channel.empty() && e.kind.rfind(prefix, 0) == 0) q.channel = e.kind.substr(prefix.size());
    q.time = e.time;
    q.login = e.login;
    return q;
}

std::vector<Inquiry> load_inquiries(const Store& store, const Date& from, const Date& to) {
    std::vector<Inquiry> out;
    JournalFilter calls;
    calls.since = DateTime{from, 0, 0, 0};
    calls.until = DateTime{to, 23, 59, 59};
    calls.kinds = {events::CallInquiry::kind_prefix};
    store.for_each_event(from.month_key(), to.month_key(), [&](const Event& e) { out.push_back(Inquiry::from_event(e)); }, calls);
    return out;
}

std::optional<Inquiry> find_inquiry(const Store& store, std::string id) {
    if (id.rfind("call:", 0) == 0) id = id.substr(5);
    size_t dash = id.find('-');
    if (dash != 4 || id.size() == 5 || id.size() > 15 || id.find_first_not_of("0123456789-") != std::string::npos || id.find('-', 5) != std::string::npos)
        return std::nullopt;
    const int year = std::stoi(id.substr(0, 4));
    const std::int64_t number = std::stoll(id.substr(5));
    // The number's claim file says when it was taken: the inquiry's row is in that month's
    // journal (or the month before, if the claim came a moment after midnight of the 1st).
    // Without a readable claim, every month of the year is read.
    std::string from = fmt::format("{}-01", year), to = fmt::format("{}-12", year);
    if (auto claim = store.number_info("call", year, number)) {
        DateTime t;
        if (DateTime::try_parse(claim->time.substr(0, 19), t) && t.date.year == year) {
            to = t.date.month_key();
            from = t.date.month == 1 ? to : Date{t.date.year, t.date.month - 1, 1}.month_key();
        }
    }
    JournalFilter this_one;
    this_one.kinds = {events::CallInquiry::kind_prefix};
    this_one.object = "call:" + id;
    std::optional<Inquiry> found;
    store.for_each_event(
        from, to, [&](const Event& e) {
            if (!found) found = Inquiry::from_event(e);
        },
        this_one);
    return found;
}

std::string require_source(const Settings& settings, const std::string& source) {
    std::string s(trim_blanks(source));
    if (s.empty())
        throw Error(Errc::usage, tr("the advertising source is required: ask the caller where they heard of the company (--source)"));
    // «Другое: text» in any case and spacing around the colon → the list's spelling.
    std::string folded = fold_case(s), other = fold_case(other_source);
    if (folded.rfind(other, 0) == 0) {
        std::string rest(trim_blanks(s.substr(std::string(other_source).size())));
        if (rest.empty())
            throw Error(Errc::usage, fmt::format(fmt::runtime(tr("say what «{}» is: --source '{}: …'")), other_source, other_source));
        if (rest[0] == ':') s = std::string(other_source) + ": " + std::string(trim_blanks(rest.substr(1)));
    }
    std::string out = normalize_source(settings, s, false);
    if (out == other_source)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("say what «{}» is: --source '{}: …'")), other_source, other_source));
    return out;
}

// --- recording ------------------------------------------------------------------------

std::optional<Client> match_client(const ClientBase& base, const InquiryDraft& d) {
    if (d.client > 0) return require_client(base, d.client);
    const Client* c = nullptr;
    if (!d.phone.empty()) c = base.by_phone(d.phone);
    if (!c && !d.email.empty()) c = base.by_email(d.email);
    if (!c && !d.inn.empty()) c = base.by_inn(d.inn);
    if (c) return *c;
    return std::nullopt;
}

std::optional<Client> match_client(const ClientLookup& clients, const InquiryDraft& d) {
    if (d.client > 0) return clients.require(d.client);
    std::optional<Client> c;
    if (!d.phone.empty()) c = clients.by_phone(d.phone);
    if (!c && !d.email.empty()) c = clients.by_email(d.email);
    if (!c && !d.inn.empty()) c = clients.by_inn(d.inn);
    return c;
}

namespace {

// A new client from the draft, with a manager chosen by routing (a client.add row).
Client create_client(Session& session, const InquiryDraft& d, const std::string& call) {
    Client draft;
    draft.name = d.company.empty() ? d.name : d.company;
    draft.contact = d.contact.empty() && !d.company.empty() ? d.name : d.contact;
    if (!d.phone.empty()) draft.phones.push_back(d.phone);
    draft.email = d.email;
    draft.inn = d.inn;
    draft.source = d.source;
    draft.notes = fmt::format("Обращение №{} ({})", call, d.channel);
    draft.manager = route_new_client(session);
    std::vector<ExcelRepair> repairs;
    Client client = add_client(session.store(), draft, false, &repairs);
    record_client_repairs(session, repairs);
    events::ClientAdd row = client_add_row(client);  // as `gefest client add` records it, plus the inquiry
    row.routing = session.settings().routing;
    row.call = call;
    session.record(events::make_event(row, client_object(client.id)));
    return client;
}

// A known client without an (active) manager gets one by routing, and keeps them (a
// client.assign row).
Client assign_manager(Session& session, const Client& client, const std::string& call) {
    const std::string m = route_new_client(session);
    std::vector<ExcelRepair> repairs;
    Client after = update_client(session.store(), client.id, [&](Client& c) { c.manager = m; }, false, &repairs).second;
    record_client_repairs(session, repairs);
    events::ClientAssign row;
    row.name = after.name;
    row.changed["manager"] = {client.manager, m};
    row.manager = m;
    row.routing = session.settings().routing;
    row.call = call;
    session.record(events::make_event(row, client_object(after.id)));
    return after;
}

// The inquiry's fields that come from its client and the draft.
void fill_inquiry(Inquiry& q, const InquiryDraft& d, const Client& client, const Staff& staff) {
    q.client = client.id;
    q.client_name = client.name;
    q.phone = d.phone.empty() && !client.phones.empty() ? client.phones.front() : d.phone;
    q.email = d.email.empty() ? client.email : d.email;
    q.contact = d.contact.empty() ? client.contact : d.contact;
    q.source = client.source.empty() ? d.source : client.source;  // the client's: «реклама» of 02-006-01
    q.manager = client.manager;
    q.manager_name = manager_name(staff, q.manager);
    for (const auto& a : d.answers) q.products.push_back({a.sku, a.asked, a.status, a.text()});
    q.outcome = d.outcome;
    q.note = d.note;
    q.received = d.received;
    q.ref = d.ref;
    q.subject = d.subject;
}

}  // namespace

Inquiry record_inquiry(Session& session, InquiryDraft d) {
    // Typed texts are refused here, before a number is claimed; outside texts (e-mail,
    // site) were cleaned where they were read (lib/base/input.h) and pass.
    for (auto [field, value] : {std::pair<const char*, const std::string*>{"--name", &d.name}, {"--company", &d.company},
                                {"--contact", &d.contact}})
        input::require_line(*value, field, input::max_name);
    input::require_line(d.subject, "subject");
    input::require_line(d.ref, "ref");
    input::require_text(d.note, "--note");
    std::optional<Client> client = match_client(ClientLookup(session.store()), d);
    if (!client && !d.may_create) {
        if (!d.phone.empty())
            throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client with phone {}; a new client's call is: gefest call new")), d.phone));
        throw Error(Errc::not_found, tr("no matching client"));
    }
    if (client && d.channel == "new") d.channel = "existing";  // 5.2.1.2, not a duplicate client

    DateTime t = now();
    NumberClaim claim = session.store().claim_number("call", t.date.year, events::CallInquiry::kind_prefix + d.channel);
    Inquiry q;
    q.id = fmt::format("{}-{}", t.date.year, claim.number());
    q.channel = d.channel;
    q.time = t;
    if (!client) {
        client = create_client(session, d, q.id);
        q.new_client = true;
    } else if (client->manager.empty() || !session.staff().find(client->manager)) {
        client = assign_manager(session, *client, q.id);
    }
    fill_inquiry(q, d, *client, session.staff());
    q.taken_by = session.actor().login;
    q.login = session.me().login;

    Event e = events::make_event<events::CallInquiry>(q, "call:" + q.id, events::CallInquiry::kind_prefix + q.channel);
    e.time = t;
    session.record(std::move(e));
    claim.commit();
    return q;
}

// --- e-mail ---------------------------------------------------------------------------

MailBatch read_mail_batch(const std::vector<std::filesystem::path>& files) {
    MailBatch batch;
    std::set<std::string> keys;
    for (const auto& f : files) {
        MailMessage m = read_mail_file(f);
        if (keys.insert(m.key).second) batch.messages.push_back(std::move(m));
    }
    return batch;
}

namespace {

// Keeps the idempotency key, runs `record`, and gives the key back if recording fails,
// so a rerun imports what this run could not.
template <class F>
std::optional<Inquiry> once(Store& store, const std::string& kind, const std::string& key, const std::string& note, F record) {
    if (!store.keep_key(kind, key, note)) return std::nullopt;
    try {
        return record();
    } catch (...) {
        store.forget_key(kind, key);
        throw;
    }
}

// A sender whose address is not a client's may still be one: a phone or an ИНН written
// in the message (a signature, the requisites) that is a client's links the inquiry to
// that client instead of making a duplicate.
void link_by_text(Store& store, const MailMessage& m, InquiryDraft& d) {
    const ClientLookup base(store);
    if (base.by_email(d.email)) return;
    const std::string text = m.subject + "\n" + m.text;
    for (const auto& phone : phones_in_text(text))
        if (base.by_phone(phone)) {
            d.phone = phone;
            return;
        }
    for (const auto& inn : inns_in_text(text))
        if (base.by_inn(inn)) {
            d.inn = inn;
            return;
        }
}

// The message's attachments kept with the inquiry (5.2.5): in its folder of the store,
// under safe names, never over another file. Returns the names written.
std::vector<std::string> keep_attachments(Store& store, const MailMessage& m, const std::string& inquiry_id) {
    std::vector<std::string> names;
    if (m.attachments.empty()) return names;
    const auto dash = inquiry_id.find('-');
    const int year = std::stoi(inquiry_id.substr(0, dash));
    const std::int64_t number = std::stoll(inquiry_id.substr(dash + 1));
    const auto folder = store.inquiry_folder(year, number);
    for (const auto& a : m.attachments)
        names.push_back(store.add_document(folder, safe_file_name(a.name, "вложение"), a.content).filename().string());
    return names;
}

}  // namespace

std::vector<Imported> import_mail(Session& session, const MailBatch& batch, const StockRegister* stock) {
    std::vector<Imported> out;
    const Settings& st = session.settings();
    for (const auto& m : batch.messages) {
        std::vector<std::string> files;
        auto inquiry = once(session.store(), "email", m.key, m.key + " " + m.file, [&] {
            InquiryDraft d;
            d.channel = "email";
            d.email = m.from_email;
            d.name = m.from_name.empty() ? m.from_email : m.from_name;
            d.may_create = true;
            d.source = find_source_in_text(m.subject + "\n" + m.text, st.sources, {other_source, "E-mail"});
            if (d.source.empty()) d.source = "E-mail";
            if (stock)
                for (const auto& [sku, qty] : skus_in_text(m.subject + "\n" + m.text, stock->catalog())) d.answers.push_back(stock->answer({sku, qty}));
            d.outcome = "received";
            d.received = m.date;
            d.ref = m.message_id;
            d.subject = m.subject;
            d.note = excerpt(m.text, 500);
            link_by_text(session.store(), m, d);
            Inquiry q = record_inquiry(session, d);
            files = keep_attachments(session.store(), m, q.id);
            return q;
        });
        out.push_back({m.file, inquiry, files});
    }
    return out;
}

// --- the web site ---------------------------------------------------------------------

std::vector<Imported> import_site(Session& session, const std::vector<SiteRequest>& requests, const StockRegister& stock,
                                  const std::string& file) {
    const Settings& st = session.settings();
    // Check everything before the first write.
    std::vector<std::string> sources;
    std::vector<std::vector<StockAnswer>> answers;
    for (const auto& r : requests) {
        std::string src;
        if (!r.source.empty()) {
            try {
                src = normalize_source(st, r.source, true);
            } catch (const Error& e) {
                throw Error(Errc::data, fmt::format("{}: {}", r.where().empty() ? "source" : r.where() + ".source", e.what()), file);
            }
        } else if (std::find(st.sources.begin(), st.sources.end(), "Сайт компании") != st.sources.end()) {
            src = "Сайт компании";
        }
        sources.push_back(src);
        std::vector<StockAnswer> a;
        for (size_t i = 0; i < r.items.size(); ++i) {
            try {
                a.push_back(stock.answer({r.items[i].sku, r.items[i].qty}));
            } catch (const Error& e) {
                std::string at = fmt::format("{}{}items[{}].sku", r.where(), r.where().empty() ? "" : ".", i);
                throw Error(e.code(), at + ": " + e.what(), file);
            }
        }
        answers.push_back(std::move(a));
    }
    std::vector<Imported> out;
    for (size_t k = 0; k < requests.size(); ++k) {
        const SiteRequest& r = requests[k];
        auto inquiry = once(session.store(), "site", r.id, "site " + r.id + " " + file, [&] {
            InquiryDraft d;
            d.channel = "site";
            d.phone = r.phone;
            d.email = r.email;
            d.inn = r.inn;
            d.name = r.name;
            d.company = r.company;
            d.source = sources[k];
            d.may_create = true;
            d.answers = answers[k];
            d.outcome = r.items.empty() ? "received" : "application";
            d.received = r.date;
            d.ref = r.id;
            d.note = r.comment;
            return record_inquiry(session, d);
        });
        out.push_back({r.where().empty() ? r.id : r.where() + " " + r.id, inquiry});
    }
    return out;
}

}  // namespace gefest
