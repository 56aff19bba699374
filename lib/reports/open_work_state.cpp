// The open work's derived state as bytes (issue 16): written and read by hand, decoded
// straight into OpenWork's structures with no JSON tree (the tree of the JSON state it
// replaces cost two thirds of a warm `report control`), in sections by whom their rows
// are owed to, so that `report todo` reads the head and the sections of one person. The
// file, little-endian:
//   "gefest open work 4\n", u64 head size, u64 head checksum, u64 checksum of those 16
//   head       time newest, u32 n × (str segment, u64 offset, str tail)   the journal marks,
//              u32 n × section: u8 type, then 'q': str manager, str channel (of its
//              inquiries); 'o': order (one of its orders); 'c': nothing; u64 size,
//              u64 checksum of its bytes
//   sections   one after the other in the head's order, from the end of the head:
//     'c'      u32 n × order (those that make no row of their own, and those an open claim
//              is about), u32 n × claim, u32 n × str (the claims resolved), u32 n × invoice
//     'q'      u32 n × (u32 its place among the open inquiries, inquiry)
//     'o'      u32 n × order
// where order is str key, time created, i64 client, str client_name, manager, payment,
// call, i64 amount, str status, u32 n × (str step, time done), str lead_time, time
// changed, invoiced, paid_at, shipped_at; inquiry every field of events::CallInquiry in
// its order (products: u32 n × (str sku, i64 qty, str answer, str text)), time, str login;
// claim time, str login, on_behalf, kind, object, data (its JSON text), id; invoice i32
// year, i64 number, str date, order, client, inn, i64 total, vat, str due, i64 paid, str
// status; str is u32 length and bytes, time i32 year and u8 month, day, hour, minute,
// second, money kopecks.
// Who owes an inquiry's row depends only on its manager and channel, an order's only on
// its next step, lead time, manager and whether its shipping order is made (control.cpp):
// the records of a section make rows owed to the same people as its sample's. Nothing is
// trusted but through the magic, the checksums and a parse to the last byte of each part.
#include "reports/open_work.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "base/checksum.h"

namespace gefest {

namespace {

// Bump the number when a row comes to change the open work differently, or a record here
// changes: a state saved by an older gefest is then rebuilt rather than trusted.
constexpr std::string_view open_work_magic = "gefest open work 4\n";
constexpr std::size_t open_work_prefix = 19 + 24;  // the magic and its three u64
static_assert(open_work_magic.size() == 19);

class StateWriter {
public:
    std::string out;

    void u8(unsigned v) { out += static_cast<char>(v & 0xFF); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
    }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void count(std::size_t n) { u32(static_cast<std::uint32_t>(n)); }
    void str(std::string_view s) {
        count(s.size());
        out.append(s);
    }
    void time(const DateTime& t) {
        u32(static_cast<std::uint32_t>(t.date.year));
        for (int v : {t.date.month, t.date.day, t.hour, t.minute, t.second}) u8(static_cast<unsigned>(v));
    }
};

// Reads what StateWriter wrote; a read past the end sets bad() and reads as zero or
// empty, so a damaged part is found once, at its end, not at every field.
class StateReader {
public:
    explicit StateReader(std::string_view in) : in_(in) {}
    bool bad() const { return bad_; }
    bool at_end() const { return at_ == in_.size(); }
    /// Whole and read to its last byte.
    bool done() const { return !bad_ && at_end(); }

    unsigned u8() {
        const auto b = take(1);
        return b.empty() ? 0 : static_cast<unsigned char>(b[0]);
    }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little(4)); }
    std::uint64_t u64() { return little(8); }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    /// A count of records of at least `min_bytes` each: one the rest cannot hold is bad.
    std::uint32_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (static_cast<std::uint64_t>(n) * min_bytes > in_.size() - at_) bad_ = true;
        return bad_ ? 0 : n;
    }
    std::string str() { return std::string(take(u32())); }
    DateTime time() {
        DateTime t;
        t.date.year = static_cast<int>(static_cast<std::int32_t>(u32()));
        t.date.month = static_cast<int>(u8());
        t.date.day = static_cast<int>(u8());
        t.hour = static_cast<int>(u8());
        t.minute = static_cast<int>(u8());
        t.second = static_cast<int>(u8());
        return t;
    }

private:
    std::string_view take(std::size_t n) {
        if (bad_ || in_.size() - at_ < n) {
            bad_ = true;
            return {};
        }
        const auto out = in_.substr(at_, n);
        at_ += n;
        return out;
    }
    std::uint64_t little(int bytes) {
        const auto b = take(static_cast<std::size_t>(bytes));
        std::uint64_t v = 0;
        for (int i = static_cast<int>(b.size()) - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
        return v;
    }

    std::string_view in_;
    std::size_t at_ = 0;
    bool bad_ = false;
};

void write_order(StateWriter& w, const OrderTrace& o) {
    w.str(o.key);
    w.time(o.created);
    w.i64(o.client);
    for (const auto* s : {&o.client_name, &o.manager, &o.payment, &o.call}) w.str(*s);
    w.i64(o.amount.kopecks);
    w.str(o.status);
    w.count(o.done.size());
    for (const auto& [step, at] : o.done) {
        w.str(step);
        w.time(at);
    }
    w.str(o.lead_time);
    for (const auto* t : {&o.changed, &o.invoiced, &o.paid_at, &o.shipped_at}) w.time(*t);
}

OrderTrace read_order(StateReader& r) {
    OrderTrace o;
    o.key = r.str();
    o.created = r.time();
    o.client = r.i64();
    for (auto* s : {&o.client_name, &o.manager, &o.payment, &o.call}) *s = r.str();
    o.amount.kopecks = r.i64();
    o.status = r.str();
    for (auto n = r.count(13); n > 0; --n) {
        std::string step = r.str();
        o.done.emplace_hint(o.done.end(), std::move(step), r.time());
    }
    o.lead_time = r.str();
    for (auto* t : {&o.changed, &o.invoiced, &o.paid_at, &o.shipped_at}) *t = r.time();
    return o;
}

// Every field of events::CallInquiry (open_work_test counts them).
void write_inquiry(StateWriter& w, const Inquiry& q) {
    w.str(q.id);
    w.str(q.channel);
    w.i64(q.client);
    w.str(q.client_name);
    w.u8(q.new_client ? 1 : 0);
    for (const auto* s : {&q.phone, &q.email, &q.contact, &q.source, &q.manager, &q.manager_name}) w.str(*s);
    w.count(q.products.size());
    for (const auto& p : q.products) {
        w.str(p.sku);
        w.i64(p.qty);
        w.str(p.answer);
        w.str(p.text);
    }
    for (const auto* s : {&q.outcome, &q.taken_by, &q.note, &q.received, &q.ref, &q.subject}) w.str(*s);
    w.time(q.time);
    w.str(q.login);
}

Inquiry read_inquiry(StateReader& r) {
    Inquiry q;
    q.id = r.str();
    q.channel = r.str();
    q.client = r.i64();
    q.client_name = r.str();
    q.new_client = r.u8() != 0;
    for (auto* s : {&q.phone, &q.email, &q.contact, &q.source, &q.manager, &q.manager_name}) *s = r.str();
    for (auto n = r.count(20); n > 0; --n) {
        events::CallProduct p;
        p.sku = r.str();
        p.qty = r.i64();
        p.answer = r.str();
        p.text = r.str();
        q.products.push_back(std::move(p));
    }
    for (auto* s : {&q.outcome, &q.taken_by, &q.note, &q.received, &q.ref, &q.subject}) *s = r.str();
    q.time = r.time();
    q.login = r.str();
    return q;
}

void write_claim(StateWriter& w, const Event& e) {
    w.time(e.time);
    for (const auto* s : {&e.login, &e.on_behalf, &e.kind, &e.object}) w.str(*s);
    w.str(e.data_text.empty() ? e.data.dump() : e.data_text);
    w.str(e.id);
}

// nullopt if its data is not JSON.
std::optional<Event> read_claim(StateReader& r) {
    Event e;
    e.time = r.time();
    for (auto* s : {&e.login, &e.on_behalf, &e.kind, &e.object}) *s = r.str();
    e.data = nlohmann::json::parse(r.str(), nullptr, false);
    e.id = r.str();
    e.source = open_work_file;
    if (e.data.is_discarded()) return std::nullopt;
    return e;
}

void write_invoice(StateWriter& w, const Invoice& i) {
    w.u32(static_cast<std::uint32_t>(i.year));
    w.i64(i.number);
    for (const auto* s : {&i.date, &i.order, &i.client, &i.client_inn}) w.str(*s);
    w.i64(i.total.kopecks);
    w.i64(i.vat.kopecks);
    w.str(i.due);
    w.i64(i.paid.kopecks);
    w.str(i.status);
}

Invoice read_invoice(StateReader& r) {
    Invoice i;
    i.year = static_cast<int>(static_cast<std::int32_t>(r.u32()));
    i.number = r.i64();
    for (auto* s : {&i.date, &i.order, &i.client, &i.client_inn}) *s = r.str();
    i.total.kopecks = r.i64();
    i.vat.kopecks = r.i64();
    i.due = r.str();
    i.paid.kopecks = r.i64();
    i.status = r.str();
    return i;
}

// The order an open claim is about, as its claim.new row says (no throw for a row that
// does not: claims were read when applied).
std::string claimed_order(const Event& claim) {
    if (!claim.data.is_object()) return "";
    auto it = claim.data.find("order");
    return it != claim.data.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

namespace {

// A section being written: its manager (the file lays each manager's sections out side by
// side, so a todo reads them at once), its head entry (without size and checksum), its bytes.
struct SectionOut {
    std::string manager, entry, bytes;
};

// The file of `s`'s head and `sections` (the common one first).
std::string lay_out(const OpenWorkState& s, std::vector<SectionOut>& sections) {
    std::stable_sort(sections.begin() + 1, sections.end(), [](const SectionOut& a, const SectionOut& b) { return a.manager < b.manager; });
    StateWriter head;
    head.time(s.newest);
    head.count(s.marks.size());
    for (const auto& [segment, m] : s.marks) {
        head.str(segment);
        head.u64(m.offset);
        head.str(m.tail);
    }
    head.count(sections.size());
    std::string body;
    for (const auto& section : sections) {
        head.out += section.entry;
        head.u64(section.bytes.size());
        head.u64(checksum64(section.bytes));
        body += section.bytes;
    }
    StateWriter prefix;
    prefix.out = open_work_magic;
    prefix.u64(head.out.size());
    prefix.u64(checksum64(head.out));
    prefix.u64(checksum64(std::string_view(prefix.out).substr(open_work_magic.size())));
    return prefix.out + head.out + body;
}

// A group of records of one section: how many, their bytes, the first of them.
template <typename T>
struct Group {
    std::uint32_t n = 0;
    StateWriter w;
    const T* sample = nullptr;
};

// `entry` and the group's records counted.
SectionOut section_of(const std::string& manager, StateWriter&& entry, const auto& group) {
    StateWriter counted;
    counted.u32(group.n);
    return {manager, std::move(entry.out), counted.out + group.w.out};
}

}  // namespace

std::string encode_open_work(const OpenWorkState& s) {
    const OpenWork& work = s.work;
    std::set<std::string> claimed;
    for (const auto& [key, e] : work.open_claims()) claimed.insert(claimed_order(e));
    // Orders and inquiries grouped by what decides whom their rows are owed to.
    std::map<std::tuple<std::string, std::string, std::string, std::string, bool>, Group<OrderTrace>> orders;
    std::map<std::pair<std::string, std::string>, Group<Inquiry>> inquiries;  // (manager, channel)
    std::vector<const OrderTrace*> common_orders;
    for (const auto& [key, o] : work.orders_.orders()) {
        const auto next = next_control_step(o);
        if (!next || claimed.count(o.key)) {
            common_orders.push_back(&o);
            continue;
        }
        auto& group = orders[{o.manager, *next, o.lead_time, o.payment, o.done.count("5.2.4.4") > 0}];
        if (group.n++ == 0) group.sample = &o;
        write_order(group.w, o);
    }
    const std::vector<Inquiry> open = work.inquiries_.open();
    for (std::size_t i = 0; i < open.size(); ++i) {
        auto& group = inquiries[{open[i].manager, open[i].channel}];
        ++group.n;
        group.w.count(i);
        write_inquiry(group.w, open[i]);
    }
    StateWriter common;
    common.count(common_orders.size());
    for (const auto* o : common_orders) write_order(common, *o);
    common.count(work.claims_.size());
    for (const auto& [key, e] : work.claims_) write_claim(common, e);
    common.count(work.resolved_.size());
    for (const auto& k : work.resolved_) common.str(k);
    common.count(work.invoices_.size());
    for (const auto& [key, i] : work.invoices_) write_invoice(common, i);

    std::vector<SectionOut> sections{{"", "c", std::move(common.out)}};
    for (const auto& [key, group] : inquiries) {
        StateWriter entry;
        entry.u8('q');
        entry.str(key.first);
        entry.str(key.second);
        sections.push_back(section_of(key.first, std::move(entry), group));
    }
    for (const auto& [key, group] : orders) {
        StateWriter entry;
        entry.u8('o');
        write_order(entry, *group.sample);
        sections.push_back(section_of(std::get<0>(key), std::move(entry), group));
    }
    return lay_out(s, sections);
}

namespace {

// A section of the state as the head lists it: its kind, the sample whose rows are owed as
// its records' are, and where its bytes are.
struct OpenWorkSection {
    char type = 'c';  // 'c' common, 'q' inquiries, 'o' orders
    std::string manager, channel;  // 'q'
    OrderTrace sample;             // 'o'
    std::uint64_t at = 0, size = 0, checksum = 0;
};

// The head of a state read by `read`, nullopt unless it is one this gefest wrote whole.
std::optional<OpenWorkState> read_head(const OpenWorkBytes& read, std::vector<OpenWorkSection>& sections) {
    const auto prefix = read(0, open_work_prefix);
    if (!prefix || prefix->size() != open_work_prefix || prefix->substr(0, open_work_magic.size()) != open_work_magic) return std::nullopt;
    StateReader p(std::string_view(*prefix).substr(open_work_magic.size()));
    const std::uint64_t head_size = p.u64(), head_sum = p.u64();
    if (p.u64() != checksum64(std::string_view(*prefix).substr(open_work_magic.size(), 16))) return std::nullopt;
    const auto head = read(open_work_prefix, open_work_prefix + head_size);
    if (!head || head->size() != head_size || checksum64(*head) != head_sum) return std::nullopt;
    StateReader r(*head);
    OpenWorkState s;
    s.newest = r.time();
    for (auto n = r.count(16); n > 0; --n) {
        std::string segment = r.str();
        Journal::Mark m;
        m.offset = r.u64();
        m.tail = r.str();
        s.marks.emplace_hint(s.marks.end(), std::move(segment), std::move(m));
    }
    std::uint64_t at = open_work_prefix + head_size;
    for (auto n = r.count(17); n > 0 && !r.bad(); --n) {
        OpenWorkSection section;
        section.type = static_cast<char>(r.u8());
        if (section.type == 'q') {
            section.manager = r.str();
            section.channel = r.str();
        } else if (section.type == 'o') {
            section.sample = read_order(r);
        } else if (section.type != 'c') {
            return std::nullopt;
        }
        section.at = at;
        section.size = r.u64();
        section.checksum = r.u64();
        at += section.size;
        sections.push_back(std::move(section));
    }
    if (!r.done() || sections.empty() || sections[0].type != 'c') return std::nullopt;
    return s;
}

// Reads one section's records into `work` (inquiries into `inquiries` with their place);
// false if they do not parse to the last byte.
bool read_section(const OpenWorkSection& section, std::string_view bytes, OrderReplay& replay, std::vector<std::pair<std::uint32_t, Inquiry>>& inquiries,
                  std::map<std::string, Event>& claims, std::set<std::string>& resolved, std::map<std::string, Invoice>& invoices) {
    StateReader r(bytes);
    if (section.type == 'q') {
        for (auto n = r.count(64); n > 0 && !r.bad(); --n) {
            const std::uint32_t place = r.u32();
            inquiries.emplace_back(place, read_inquiry(r));
        }
        return r.done();
    }
    std::vector<OrderTrace> orders;
    for (auto n = r.count(60); n > 0 && !r.bad(); --n) orders.push_back(read_order(r));
    if (section.type == 'c') {
        for (auto n = r.count(30); n > 0 && !r.bad(); --n) {
            auto e = read_claim(r);
            if (!e) return false;
            claims[events::key_of(e->object, "claim:")] = std::move(*e);
        }
        for (auto n = r.count(4); n > 0; --n) resolved.insert(r.str());
        for (auto n = r.count(40); n > 0 && !r.bad(); --n) {
            Invoice i = read_invoice(r);
            invoices[i.key()] = std::move(i);
        }
    }
    if (!r.done()) return false;
    for (auto& o : orders) replay.restore(std::move(o));
    return true;
}

}  // namespace

std::optional<OpenWorkState> read_open_work(const OpenWorkBytes& read, const OpenWorkSectionWanted& wanted, const OpenWorkHeadCheck& head_check) {
    std::vector<OpenWorkSection> sections;
    auto s = read_head(read, sections);
    if (!s || (head_check && !head_check(*s))) return std::nullopt;
    std::vector<std::pair<std::uint32_t, Inquiry>> inquiries;
    // The sections wanted, each run of neighbours read at once.
    std::vector<bool> take(sections.size());
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const auto& section = sections[i];
        take[i] = section.type == 'c' || !wanted;
        if (take[i]) continue;
        OpenWork sample;
        if (section.type == 'q') {
            Inquiry q;
            q.manager = section.manager;
            q.channel = section.channel;
            sample.inquiries_.add(std::move(q));
        } else {
            sample.orders_.restore(section.sample);
        }
        take[i] = wanted(sample);
    }
    for (std::size_t i = 0; i < sections.size();) {
        if (!take[i]) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < sections.size() && take[end]) ++end;
        const auto bytes = read(sections[i].at, sections[end - 1].at + sections[end - 1].size);
        if (!bytes || bytes->size() != sections[end - 1].at + sections[end - 1].size - sections[i].at) return std::nullopt;
        const std::uint64_t first = sections[i].at;
        for (; i < end; ++i) {
            const std::string_view mine = std::string_view(*bytes).substr(static_cast<std::size_t>(sections[i].at - first), static_cast<std::size_t>(sections[i].size));
            if (checksum64(mine) != sections[i].checksum) return std::nullopt;
            if (!read_section(sections[i], mine, s->work.orders_, inquiries, s->work.claims_, s->work.resolved_, s->work.invoices_)) return std::nullopt;
        }
    }
    std::stable_sort(inquiries.begin(), inquiries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [place, q] : inquiries) s->work.inquiries_.add(std::move(q));
    return s;
}

std::optional<OpenWorkState> decode_open_work(std::string_view bytes) {
    const std::size_t size = bytes.size();
    auto read = [&](std::uint64_t from, std::uint64_t to) -> std::optional<std::string> {
        if (from > size || to < from) return std::string();
        return std::string(bytes.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(std::min<std::uint64_t>(to, size) - from)));
    };
    std::vector<OpenWorkSection> sections;
    // Every byte is a section's: nothing cut off or added at the end.
    if (!read_head(read, sections) || sections.back().at + sections.back().size != size) return std::nullopt;
    return read_open_work(read, nullptr, nullptr);
}

}  // namespace gefest
