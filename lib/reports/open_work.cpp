// The open work of process control and its derived state; see reports/open_work.h.
#include "reports/open_work.h"

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/order.h"

namespace gefest {

using json = nlohmann::json;

namespace {

// Bump when a row comes to change the open work differently: a state saved by an older
// gefest is then rebuilt rather than trusted.
constexpr int state_format = 2;  // 2: the invoices to watch

json event_json(const Event& e) {
    return {{"time", e.time.iso()}, {"login", e.login}, {"on_behalf", e.on_behalf}, {"kind", e.kind},
            {"object", e.object},   {"data", e.data},   {"id", e.id}};
}

Event event_of(const json& j, const std::string& where) {
    Event e;
    e.time = DateTime::parse(j.at("time").get<std::string>(), "time");
    e.login = j.at("login").get<std::string>();
    e.on_behalf = j.at("on_behalf").get<std::string>();
    e.kind = j.at("kind").get<std::string>();
    e.object = j.at("object").get<std::string>();
    e.data = j.at("data");
    e.id = j.at("id").get<std::string>();
    e.source = where;
    return e;
}

std::string time_text(const DateTime& t) { return t == DateTime{} ? "" : t.iso(); }
DateTime time_of(const json& j) {
    const auto text = j.get<std::string>();
    return text.empty() ? DateTime{} : DateTime::parse(text, "time");
}

json order_json(const OrderTrace& o) {
    json done = json::object();
    for (const auto& [step, at] : o.done) done[step] = at.iso();
    return {{"key", o.key},         {"created", time_text(o.created)}, {"client", o.client},       {"client_name", o.client_name},
            {"manager", o.manager}, {"payment", o.payment},            {"call", o.call},           {"amount", format_plain(o.amount)},
            {"status", o.status},   {"done", done},                    {"lead_time", o.lead_time}, {"changed", time_text(o.changed)},
            {"invoiced", time_text(o.invoiced)}, {"paid_at", time_text(o.paid_at)}, {"shipped_at", time_text(o.shipped_at)}};
}

OrderTrace order_of(const json& j) {
    OrderTrace o;
    o.key = j.at("key").get<std::string>();
    o.created = time_of(j.at("created"));
    o.client = j.at("client").get<std::int64_t>();
    o.client_name = j.at("client_name").get<std::string>();
    o.manager = j.at("manager").get<std::string>();
    o.payment = j.at("payment").get<std::string>();
    o.call = j.at("call").get<std::string>();
    o.amount = parse_money(j.at("amount").get<std::string>());
    o.status = j.at("status").get<std::string>();
    for (const auto& [step, at] : j.at("done").items()) o.done.emplace(step, DateTime::parse(at.get<std::string>(), "done"));
    o.lead_time = j.at("lead_time").get<std::string>();
    o.changed = time_of(j.at("changed"));
    o.invoiced = time_of(j.at("invoiced"));
    o.paid_at = time_of(j.at("paid_at"));
    o.shipped_at = time_of(j.at("shipped_at"));
    return o;
}

json invoice_json(const Invoice& i) {
    return {{"year", i.year},   {"number", i.number},  {"date", i.date},   {"order", i.order},
            {"client", i.client}, {"inn", i.client_inn}, {"total", format_plain(i.total)}, {"vat", format_plain(i.vat)},
            {"due", i.due},     {"paid", format_plain(i.paid)}, {"status", i.status}};
}

Invoice invoice_of(const json& j) {
    Invoice i;
    i.year = j.at("year").get<int>();
    i.number = j.at("number").get<std::int64_t>();
    i.date = j.at("date").get<std::string>();
    i.order = j.at("order").get<std::string>();
    i.client = j.at("client").get<std::string>();
    i.client_inn = j.at("inn").get<std::string>();
    i.total = parse_money(j.at("total").get<std::string>());
    i.vat = parse_money(j.at("vat").get<std::string>());
    i.due = j.at("due").get<std::string>();
    i.paid = parse_money(j.at("paid").get<std::string>());
    i.status = j.at("status").get<std::string>();
    return i;
}

// An invoice is watched while it is issued, sent or partly paid.
bool watched(const std::string& status) {
    return status == invoice_status::issued || status == invoice_status::sent || status == invoice_status::partly_paid;
}

// The call.* row an open inquiry was read from, as InquiryFollowUp takes it back.
Event inquiry_event(const Inquiry& q) {
    Event e;
    e.time = q.time;
    e.login = q.login;
    e.kind = std::string(events::CallInquiry::kind_prefix) + q.channel;
    e.object = "call:" + q.id;
    e.data = q.to_json();
    return e;
}

}  // namespace

std::vector<std::string> OpenWork::kinds() {
    std::vector<std::string> k = {events::order_kind_prefix, events::claim_kind_prefix, events::InvoiceIssue::kind, events::InvoiceSend::kind,
                                  events::InvoiceCancel::kind, events::InvoicePaid::kind, events::InvoiceBalance::kind};
    for (const auto& f : inquiry_follow_up_kinds()) k.push_back(f);
    return k;
}

void OpenWork::apply(const Event& e) {
    orders_.apply(e);
    inquiries_.apply(e);
    if (e.kind == events::ClaimNew::kind) claims_[events::key_of(e.object, "claim:")] = e;
    else if (e.kind == events::ClaimResolve::kind) resolved_.insert(events::key_of(e.object, "claim:"));
    else if (e.object.rfind("invoice:", 0) == 0) apply_invoice(e);
}

void OpenWork::apply_invoice(const Event& e) {
    const std::string key = events::key_of(e.object, "invoice:");
    if (e.kind == events::InvoiceIssue::kind) {
        const auto r = events::read_event<events::InvoiceIssue>(e);
        Invoice i;
        try {
            std::tie(i.year, i.number) = parse_invoice_key(key, 0);
        } catch (const Error&) {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is not an invoice key")), e.object), e.source);
        }
        i.date = r.date;
        i.order = r.order;
        i.client = r.client;
        i.client_inn = r.inn;
        i.total = r.total;
        i.vat = r.vat;
        i.due = r.due;
        i.status = r.status.empty() ? invoice_status::issued : r.status;
        invoices_[key] = std::move(i);
        return;
    }
    auto it = invoices_.find(key);
    if (it == invoices_.end()) return;  // issued before the journal had its row, or closed
    Invoice& i = it->second;
    if (e.kind == events::InvoiceSend::kind) {
        if (i.status == invoice_status::issued) i.status = invoice_status::sent;  // as the register does
    } else if (e.kind == events::InvoiceBalance::kind) {
        const auto r = events::read_event<events::InvoiceBalance>(e);
        i.paid = r.paid;
        i.status = r.status;
    } else if (e.kind == events::InvoiceCancel::kind || e.kind == events::InvoicePaid::kind) {
        i.status = e.kind == events::InvoicePaid::kind ? invoice_status::paid : invoice_status::cancelled;
    }
    if (!watched(i.status)) invoices_.erase(it);
}

std::vector<Invoice> OpenWork::open_invoices() const {
    std::vector<Invoice> out;
    out.reserve(invoices_.size());
    for (const auto& [key, i] : invoices_) out.push_back(i);
    std::sort(out.begin(), out.end(), [](const Invoice& a, const Invoice& b) { return std::tie(a.year, a.number) < std::tie(b.year, b.number); });
    return out;
}

std::map<std::string, Event> OpenWork::open_claims() const {
    std::map<std::string, Event> open = claims_;
    for (const auto& k : resolved_) open.erase(k);
    return open;
}

void OpenWork::compact() {
    claims_ = open_claims();
    resolved_.clear();
    std::set<std::string> claimed;  // orders an open claim is about: their rows show the order's payment
    for (const auto& [key, e] : claims_) claimed.insert(events::read_event<events::ClaimNew>(e).order);
    orders_.forget([&](const OrderTrace& o) {
        return (o.status == order_status::cancelled || o.status == order_status::shipped) && !claimed.count(o.key);
    });
    inquiries_.keep_open();
}

json OpenWork::to_json() const {
    json orders = json::array(), inquiries = json::array(), claims = json::array(), resolved = json::array(), invoices = json::array();
    for (const auto& [key, o] : orders_.orders()) orders.push_back(order_json(o));
    for (const auto& q : inquiries_.open()) inquiries.push_back(event_json(inquiry_event(q)));
    for (const auto& [key, e] : claims_) claims.push_back(event_json(e));
    for (const auto& k : resolved_) resolved.push_back(k);
    for (const auto& [key, i] : invoices_) invoices.push_back(invoice_json(i));
    return json{{"format", state_format}, {"orders", orders},     {"inquiries", inquiries},
                {"claims", claims},       {"resolved", resolved}, {"invoices", invoices}};
}

OpenWork OpenWork::from_json(const json& j, const std::string& where) {
    OpenWork w;
    try {
        if (j.at("format").get<int>() != state_format) throw Error(Errc::data, tr("derived state of another format"), where);
        for (const auto& o : j.at("orders")) w.orders_.restore(order_of(o));
        for (const auto& q : j.at("inquiries")) w.inquiries_.apply(event_of(q, where));
        for (const auto& c : j.at("claims")) {
            Event e = event_of(c, where);
            w.claims_[events::key_of(e.object, "claim:")] = std::move(e);
        }
        for (const auto& k : j.at("resolved")) w.resolved_.insert(k.get<std::string>());
        for (const auto& i : j.at("invoices")) {
            Invoice inv = invoice_of(i);
            w.invoices_[inv.key()] = std::move(inv);
        }
    } catch (const json::exception& e) {
        throw Error(Errc::data, fmt::format("{}: {}", tr("derived state cannot be read"), e.what()), where);
    }
    return w;
}

namespace {

// The saved state: the open work and where in the journal it stands.
struct Saved {
    OpenWork work;
    Journal::Marks marks;
    DateTime newest;  // the latest row read into it
};

std::optional<Saved> load_saved(const Store& store) {
    const auto text = store.read_derived(open_work_file);
    if (!text) return std::nullopt;
    try {
        const json j = json::parse(*text);
        Saved s;
        s.work = OpenWork::from_json(j.at("work"), open_work_file);
        for (const auto& [segment, m] : j.at("marks").items())
            s.marks[segment] = Journal::Mark{m.at(0).get<std::uintmax_t>(), m.at(1).get<std::string>()};
        s.newest = time_of(j.at("newest"));
        return s;
    } catch (const std::exception&) {
        return std::nullopt;  // a state this gefest cannot read is rebuilt, never trusted
    }
}

void save(Store& store, const Saved& s) {
    json marks = json::object();
    for (const auto& [segment, m] : s.marks) marks[segment] = json::array({m.offset, m.tail});
    const std::string text = json{{"newest", time_text(s.newest)}, {"marks", marks}, {"work", s.work.to_json()}}.dump();
    try {
        store.write_derived(open_work_file, text);
    } catch (const Error&) {
        // A share this user cannot write (or a full disk): the next run reads more.
    }
}

}  // namespace

OpenWork replay_open_work(const Journal& journal, const DateTime& as_of) {
    OpenWork work;
    JournalFilter up_to;
    up_to.until = as_of;
    up_to.kinds = OpenWork::kinds();
    journal.for_each("0000-00", as_of.date.month_key(), [&](const Event& e) { work.apply(e); }, nullptr, up_to);
    return work;
}

OpenWork open_work_now(Session& session, const DateTime& as_of) {
    Journal& journal = session.journal();
    Saved s = load_saved(session.store()).value_or(Saved{});
    if (as_of < s.newest) return replay_open_work(journal, as_of);
    JournalFilter rows;
    rows.until = as_of;
    rows.kinds = OpenWork::kinds();
    // Compacted as it goes, as between two runs: rebuilding from a year of a million rows
    // holds the open work and the last rows read, not every inquiry of the year.
    constexpr std::size_t compact_every = 100000;
    auto read = [&](Saved& into) {
        std::size_t applied = 0;
        return journal.for_each_after(
            into.marks,
            [&](const Event& e) {
                into.work.apply(e);
                if (into.newest < e.time) into.newest = e.time;
                if (++applied % compact_every == 0) into.work.compact();
            },
            nullptr, rows);
    };
    const Journal::Marks before = s.marks;
    Journal::After got = read(s);
    if (got == Journal::After::stale) {
        s = Saved{};
        got = read(s);
    }
    if (got != Journal::After::read) return replay_open_work(journal, as_of);
    s.work.compact();
    if (s.marks != before) save(session.store(), s);  // nothing new: nothing written
    return std::move(s.work);
}

}  // namespace gefest
