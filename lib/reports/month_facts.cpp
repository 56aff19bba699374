// A closed month's facts for form 02-006-01: made from the journal, kept, read back; see
// month_facts.h. The file, little-endian:
//   "gefest report facts 4\n", u64 checksum of all that follows, str stamp, then records
//   until the end:
//   'T' str                 a text (source, manager, status, step…) numbered from 0 in order
//   'I' str id, u32 source, u32 manager, i64 time, i64 client, u8 new_client, u32 channel,
//       str client_name, str asked, u32 outcome
//   'O' i64 time, str key, u8 kind, u32 status, then by kind (OrderRowFact::Kind):
//       created: i64 client, str client_name, u32 manager, u32 payment, str call, i64 amount
//       step: u32 step; price: i64 amount; reassign: u32 manager
//       change: i64 amount, u32 count, count × u32 step
//   'S' i64 time, str order, u32 manager, u8 score, u8 replace
// where str is u32 length and bytes, and a u32 of a text its number. Nothing in it is
// trusted but through its stamp and checksum: a file cut short, overwritten or from
// another format is made again.
#include "reports/month_facts.h"

#include <cstring>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "procedure/calls.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/orders.h"

namespace gefest {

namespace {

constexpr std::string_view facts_magic = "gefest report facts 4\n";

std::string facts_name(const std::string& month) { return "report-facts-" + month; }

// A 64-bit checksum of the bytes, taken eight at a time in four lanes: a year of facts is
// tens of MB, and a byte-wise hash would cost as much as reading them. Not a defence
// against forgery; against a file cut short, overwritten or edited.
std::uint64_t facts_checksum(std::string_view bytes) {
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

class FactsWriter {
public:
    explicit FactsWriter(const std::string& stamp) { str(stamp); }

    void inquiry(const InquiryFact& f) {
        const std::uint32_t source = text(f.source), manager = text(f.manager), channel = text(f.channel), outcome = text(f.outcome);
        out_ += 'I';
        str(f.id);
        u32(source);
        u32(manager);
        i64(f.time);
        i64(f.client);
        out_ += static_cast<char>(f.new_client ? 1 : 0);
        u32(channel);
        str(f.client_name);
        str(f.asked);
        u32(outcome);
    }
    void order(const OrderRowFact& f) {
        using Kind = OrderRowFact::Kind;
        // The texts first: a 'T' record may not come in the middle of this one.
        const std::uint32_t status = text(f.status), manager = text(f.manager), payment = text(f.payment), step = text(f.step);
        std::vector<std::uint32_t> reopened;
        for (const auto& s : f.reopened) reopened.push_back(text(s));
        out_ += 'O';
        i64(f.time);
        str(f.key);
        out_ += static_cast<char>(f.kind);
        u32(status);
        switch (f.kind) {
        case Kind::created:
            i64(f.client);
            str(f.client_name);
            u32(manager);
            u32(payment);
            str(f.call);
            i64(f.amount.kopecks);
            break;
        case Kind::step: u32(step); break;
        case Kind::price: i64(f.amount.kopecks); break;
        case Kind::reassign: u32(manager); break;
        case Kind::change:
            i64(f.amount.kopecks);
            u32(static_cast<std::uint32_t>(reopened.size()));
            for (auto r : reopened) u32(r);
            break;
        case Kind::invoice:
        case Kind::other: break;
        }
    }
    void survey(const SurveyFact& f) {
        const std::uint32_t manager = text(f.manager);
        out_ += 'S';
        i64(f.time);
        str(f.order);
        u32(manager);
        out_ += static_cast<char>(f.score);
        out_ += static_cast<char>(f.replace ? 1 : 0);
    }
    /// The file: magic, checksum, the records.
    std::string bytes() const {
        std::string file(facts_magic);
        const std::uint64_t sum = facts_checksum(out_);
        for (int i = 0; i < 8; ++i) file += static_cast<char>(sum >> (8 * i) & 0xFF);
        return file + out_;
    }

private:
    std::uint32_t text(std::string_view t) {
        auto it = texts_.find(t);
        if (it != texts_.end()) return it->second;
        const auto n = static_cast<std::uint32_t>(texts_.size());
        texts_.emplace(t, n);
        out_ += 'T';
        str(t);
        return n;
    }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out_ += static_cast<char>(v >> (8 * i) & 0xFF);
    }
    void i64(std::int64_t v) {
        const auto u = static_cast<std::uint64_t>(v);
        for (int i = 0; i < 8; ++i) out_ += static_cast<char>(u >> (8 * i) & 0xFF);
    }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out_.append(s);
    }

    std::string out_;
    std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> texts_;
};

// Reads a kept file in one pass. open() says whether it is one of `stamp` whose checksum
// holds; visit() then visits its records, and throws Error(data) for one that does not
// parse (a file that passed its checksum was written so: only a bug makes it so).
class FactsReader {
public:
    FactsReader(std::string_view bytes, const std::string& name) : in_(bytes), name_(name) {}

    bool open(const std::string& stamp) {
        std::uint64_t sum = 0;
        std::string_view s;
        if (in_.substr(0, facts_magic.size()) != facts_magic) return false;
        at_ = facts_magic.size();
        if (!u64(sum) || sum != facts_checksum(in_.substr(at_))) return false;
        return str(s) && s == stamp;
    }

    void visit(const MonthFactsVisit& visit) {
        while (at_ < in_.size()) {
            const char type = in_[at_++];
            if (type == 'T') {
                texts_.push_back(str());
            } else if (type == 'I') {
                InquiryFact f;
                f.id = str();
                f.source = text();
                f.manager = text();
                f.time = i64();
                f.client = i64();
                f.new_client = flag();
                f.channel = text();
                f.client_name = str();
                f.asked = str();
                f.outcome = text();
                visit.inquiry(f);
            } else if (type == 'O') {
                read_order();
                visit.order(order_);
            } else if (type == 'S') {
                survey_.time = i64();
                survey_.order.assign(str());
                survey_.manager.assign(text());
                survey_.score = u8();
                survey_.replace = flag();
                visit.survey(survey_);
            } else {
                damaged();
            }
        }
    }

private:
    void read_order() {
        using Kind = OrderRowFact::Kind;
        OrderRowFact& f = order_;
        f.time = i64();
        f.key.assign(str());
        const auto kind = u8();
        if (kind > static_cast<std::uint8_t>(Kind::other)) damaged();
        f.kind = static_cast<Kind>(kind);
        f.status.assign(text());
        f.reopened.clear();
        switch (f.kind) {
        case Kind::created:
            f.client = i64();
            f.client_name.assign(str());
            f.manager.assign(text());
            f.payment.assign(text());
            f.call.assign(str());
            f.amount.kopecks = i64();
            break;
        case Kind::step: f.step.assign(text()); break;
        case Kind::price: f.amount.kopecks = i64(); break;
        case Kind::reassign: f.manager.assign(text()); break;
        case Kind::change:
            f.amount.kopecks = i64();
            for (std::uint32_t n = u32(); n > 0; --n) f.reopened.emplace_back(text());
            break;
        case Kind::invoice:
        case Kind::other: break;
        }
    }

    [[noreturn]] void damaged() const {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the kept report facts {} are damaged at byte {}: remove the file and run the report again")),
                                            name_, at_));
    }
    std::string_view take(size_t n) {
        if (in_.size() - at_ < n) damaged();
        const std::string_view out = in_.substr(at_, n);
        at_ += n;
        return out;
    }
    bool u64(std::uint64_t& v) {
        if (in_.size() - at_ < 8) return false;
        v = 0;
        for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(in_[at_ + static_cast<size_t>(i)]);
        at_ += 8;
        return true;
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    bool flag() {
        const auto v = u8();
        if (v > 1) damaged();
        return v == 1;
    }
    std::uint32_t u32() {
        const std::string_view b = take(4);
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
        return v;
    }
    std::int64_t i64() {
        std::uint64_t v = 0;
        if (!u64(v)) damaged();
        return static_cast<std::int64_t>(v);
    }
    bool str(std::string_view& s) {
        if (in_.size() - at_ < 4) return false;
        const std::uint32_t n = u32();
        if (in_.size() - at_ < n) return false;
        s = take(n);
        return true;
    }
    std::string_view str() { return take(u32()); }
    std::string_view text() {
        const std::uint32_t n = u32();
        if (n >= texts_.size()) damaged();
        return texts_[n];
    }

    std::string_view in_;
    const std::string& name_;
    size_t at_ = 0;
    std::vector<std::string_view> texts_;
    OrderRowFact order_;  // one of each, reused: no allocation per record
    SurveyFact survey_;
};

// The survey of a survey.score row, with its score 1..5; Error(data) FILE:LINE otherwise.
SurveyFact survey_fact(const Event& e) {
    auto row = events::read_event<events::SurveyScore>(e);
    if (row.score < 1 || row.score > 5)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("survey of '{}' has no score 1..5")), e.object), e.source, e.line);
    return {e.time.seconds(), e.object, std::move(row.manager), row.score, row.replace};
}

}  // namespace

std::string inquiry_asked(const Inquiry& q) {
    std::string out;
    for (const auto& p : q.products) {
        if (!out.empty()) out += ", ";
        out += p.qty > 0 ? fmt::format("{} × {}", p.sku, p.qty) : p.sku;
    }
    if (out.empty()) out = !q.subject.empty() ? q.subject : q.note.substr(0, q.note.find('\n'));
    return out;
}

JournalFilter month_facts_rows(const std::string& month) {
    JournalFilter f;
    const Date first = Date::parse(month + "-01", "month");
    Date last = first;
    while (Date::from_days(last.days() + 1).month == first.month) last = Date::from_days(last.days() + 1);
    f.since = DateTime{first, 0, 0, 0};
    f.until = DateTime{last, 23, 59, 59};
    f.kinds = {events::CallInquiry::kind_prefix, events::order_kind_prefix, events::SurveyScore::kind};
    f.light_data = true;
    return f;
}

void visit_row_fact(const Event& e, const MonthFactsVisit& visit) {
    if (e.kind.rfind(events::CallInquiry::kind_prefix, 0) == 0) {
        const Inquiry q = Inquiry::from_event(e);
        const std::string asked = inquiry_asked(q);
        visit.inquiry({q.id, q.source, q.manager, q.time.seconds(), q.client, q.new_client, q.channel, q.client_name, q.outcome, asked});
    } else if (e.kind == events::SurveyScore::kind) {
        visit.survey(survey_fact(e));
    } else if (auto row = order_row_fact(e)) {
        visit.order(*row);
    }
}

void visit_month_facts(const Journal& journal, Store& store, const std::string& month, const MonthFactsVisit& visit) {
    const std::string stamp = journal.month_stamp(month), name = facts_name(month);
    if (auto kept = store.read_derived(name)) {
        FactsReader reader(*kept, name);
        if (reader.open(stamp)) return reader.visit(visit);
    }
    FactsWriter writer(stamp);
    const MonthFactsVisit write_and_visit{
        [&](const InquiryFact& f) { writer.inquiry(f), visit.inquiry(f); },
        [&](const OrderRowFact& f) { writer.order(f), visit.order(f); },
        [&](const SurveyFact& f) { writer.survey(f), visit.survey(f); },
    };
    journal.for_each(month, month, [&](const Event& e) { visit_row_fact(e, write_and_visit); }, nullptr, month_facts_rows(month));
    if (journal.month_stamp(month) != stamp) return;  // written to meanwhile: kept next time
    try {
        store.write_derived(name, writer.bytes());
    } catch (const Error&) {
        // A share this user cannot write (or a full disk): the next report reads the journal.
    }
}

}  // namespace gefest
