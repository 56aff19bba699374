// The open work's derived state as bytes (issue 16): written and read by hand, decoded
// straight into OpenWork's structures with no JSON tree (the tree of the JSON state it
// replaces cost two thirds of a warm `report control`). The file, little-endian:
//   "gefest open work 3\n", u64 checksum of all that follows, then
//   time newest, u32 n × (str segment, u64 offset, str tail)            the journal marks
//   u32 n × order      str key, time created, i64 client, str client_name, manager, payment,
//                      call, i64 amount, str status, u32 n × (str step, time done),
//                      str lead_time, time changed, invoiced, paid_at, shipped_at
//   u32 n × inquiry    every field of events::CallInquiry in its order (products: u32 n ×
//                      (str sku, i64 qty, str answer, str text)), time, str login
//   u32 n × claim      time, str login, on_behalf, kind, object, data (its JSON text), id
//   u32 n × str        the claims resolved
//   u32 n × invoice    i32 year, i64 number, str date, order, client, inn, i64 total, vat,
//                      str due, i64 paid, str status
// and nothing after, where str is u32 length and bytes, time is i32 year and u8 month,
// day, hour, minute, second, and money is in kopecks. Nothing in it is trusted but
// through its magic, checksum and a parse to the last byte: anything else is rebuilt.
#include "reports/open_work.h"

#include <cstring>

namespace gefest {

namespace {

// Bump the number when a row comes to change the open work differently, or a record here
// changes: a state saved by an older gefest is then rebuilt rather than trusted.
constexpr std::string_view open_work_magic = "gefest open work 3\n";

// The checksum of reports/month_facts.cpp (eight bytes at a time in four lanes): the
// state is megabytes and a byte-wise hash would cost as much as decoding it. Against a
// file cut short, overwritten or edited, not against forgery.
std::uint64_t open_work_checksum(std::string_view bytes) {
    constexpr std::uint64_t mul = 0x9E3779B97F4A7C15ull;
    std::uint64_t lane[4] = {bytes.size(), 1, 2, 3};
    size_t i = 0;
    for (; i + 32 <= bytes.size(); i += 32)
        for (int k = 0; k < 4; ++k) {
            std::uint64_t w = 0;
            std::memcpy(&w, bytes.data() + i + 8 * k, 8);
            lane[k] = (lane[k] ^ w) * mul;
            lane[k] ^= lane[k] >> 29;
        }
    std::uint64_t h = lane[0] ^ (lane[1] << 1) ^ (lane[2] << 2) ^ (lane[3] << 3);
    for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * mul;
    return h ^ h >> 31;
}

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

// Reads what StateWriter wrote; any read past the end sets bad() and reads as zero/empty,
// so a damaged file is found once, at the end, rather than checked at every field.
class StateReader {
public:
    explicit StateReader(std::string_view in) : in_(in) {}
    bool bad() const { return bad_; }
    bool at_end() const { return at_ == in_.size(); }

    unsigned u8() {
        const auto b = take(1);
        return b.empty() ? 0 : static_cast<unsigned char>(b[0]);
    }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little(4)); }
    std::uint64_t u64() { return little(8); }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    /// A count of records, each at least `min_bytes` long: one the rest cannot hold is bad
    /// (no reserve of a damaged count's size).
    std::uint32_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (static_cast<std::uint64_t>(n) * min_bytes > in_.size() - at_) bad_ = true;
        return bad_ ? 0 : n;
    }
    std::string str() {
        const auto s = take(u32());
        return std::string(s);
    }
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

// Every field of events::CallInquiry (the unit test open_work_state_test counts them).
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

}  // namespace

std::string encode_open_work(const OpenWorkState& s) {
    StateWriter w;
    w.time(s.newest);
    w.count(s.marks.size());
    for (const auto& [segment, m] : s.marks) {
        w.str(segment);
        w.u64(m.offset);
        w.str(m.tail);
    }
    const OpenWork& work = s.work;
    w.count(work.orders_.orders().size());
    for (const auto& [key, o] : work.orders_.orders()) write_order(w, o);
    const std::vector<Inquiry> open = work.inquiries_.open();
    w.count(open.size());
    for (const auto& q : open) write_inquiry(w, q);
    w.count(work.claims_.size());
    for (const auto& [key, e] : work.claims_) write_claim(w, e);
    w.count(work.resolved_.size());
    for (const auto& k : work.resolved_) w.str(k);
    w.count(work.invoices_.size());
    for (const auto& [key, i] : work.invoices_) write_invoice(w, i);

    std::string file(open_work_magic);
    const std::uint64_t sum = open_work_checksum(w.out);
    for (int i = 0; i < 8; ++i) file += static_cast<char>(sum >> (8 * i) & 0xFF);
    return file + w.out;
}

std::optional<OpenWorkState> decode_open_work(std::string_view bytes) {
    if (bytes.substr(0, open_work_magic.size()) != open_work_magic || bytes.size() < open_work_magic.size() + 8) return std::nullopt;
    StateReader head(bytes.substr(open_work_magic.size(), 8));
    const std::string_view body = bytes.substr(open_work_magic.size() + 8);
    if (head.u64() != open_work_checksum(body)) return std::nullopt;
    StateReader r(body);
    OpenWorkState s;
    s.newest = r.time();
    for (auto n = r.count(16); n > 0; --n) {
        std::string segment = r.str();
        Journal::Mark m;
        m.offset = r.u64();
        m.tail = r.str();
        s.marks.emplace_hint(s.marks.end(), std::move(segment), std::move(m));
    }
    OpenWork& work = s.work;
    for (auto n = r.count(60); n > 0 && !r.bad(); --n) work.orders_.restore(read_order(r));
    for (auto n = r.count(60); n > 0 && !r.bad(); --n) work.inquiries_.add(read_inquiry(r));
    for (auto n = r.count(30); n > 0 && !r.bad(); --n) {
        auto e = read_claim(r);
        if (!e) return std::nullopt;
        work.claims_[events::key_of(e->object, "claim:")] = std::move(*e);
    }
    for (auto n = r.count(4); n > 0; --n) work.resolved_.insert(r.str());
    for (auto n = r.count(40); n > 0 && !r.bad(); --n) {
        Invoice i = read_invoice(r);
        work.invoices_[i.key()] = std::move(i);
    }
    if (r.bad() || !r.at_end()) return std::nullopt;
    return s;
}

}  // namespace gefest
