// A closed month's facts for form 02-006-01: made from the journal, kept, read back; see
// month_facts.h. The file, little-endian:
//   "gefest report facts 2\n", str stamp, then records until the end:
//   'T' str               a text (source, manager, segment) numbered from 0 in order
//   'I' str id, u32 source, u32 manager, i64 time, i64 client, u8 new_client
//   'R' i64 time, str kind, str object, str data, u32 file (a text), u32 line
// where str is u32 length and bytes. Nothing in it is trusted but through its stamp, and
// a file cut short or malformed is made again.
#include "reports/month_facts.h"

#include <cstring>
#include <unordered_map>
#include <vector>

#include "base/light_json.h"
#include "procedure/calls.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/orders.h"

namespace gefest {

namespace {

constexpr std::string_view facts_magic = "gefest report facts 2\n";

std::string facts_name(const std::string& month) { return "report-facts-" + month; }

class FactsWriter {
public:
    explicit FactsWriter(const std::string& stamp) {
        out_.append(facts_magic);
        str(stamp);
    }
    void inquiry(const InquiryFact& f) {
        const std::uint32_t source = text(f.source), manager = text(f.manager);
        out_ += 'I';
        str(f.id);
        u32(source);
        u32(manager);
        i64(f.time);
        i64(f.client);
        out_ += static_cast<char>(f.new_client ? 1 : 0);
    }
    void row(const Event& e) {
        const std::uint32_t file = text(e.source);
        out_ += 'R';
        i64(e.time.seconds());
        str(e.kind);
        str(e.object);
        str(e.data_text.empty() ? e.data.dump() : e.data_text);
        u32(file);
        u32(static_cast<std::uint32_t>(e.line));
    }
    const std::string& bytes() const { return out_; }

private:
    std::uint32_t text(const std::string& t) {
        auto [it, added] = texts_.emplace(t, static_cast<std::uint32_t>(texts_.size()));
        if (added) {
            out_ += 'T';
            str(t);
        }
        return it->second;
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
    std::unordered_map<std::string, std::uint32_t> texts_;
};

// Reads a kept file; false (having visited nothing) if it is not one of `stamp` or is
// damaged. It is read through once to check it, then again to visit.
class FactsReader {
public:
    explicit FactsReader(std::string_view bytes) : in_(bytes) {}

    bool visit(const std::string& stamp, const MonthFactsVisit* visit) {
        at_ = 0;
        std::string_view s;
        if (in_.substr(0, facts_magic.size()) != facts_magic) return false;
        at_ = facts_magic.size();
        if (!str(s) || s != stamp) return false;
        std::vector<std::string> texts;
        InquiryFact f;
        Event e;
        while (at_ < in_.size()) {
            const char type = in_[at_++];
            if (type == 'T') {
                if (!str(s)) return false;
                texts.emplace_back(s);
            } else if (type == 'I') {
                std::uint32_t source = 0, manager = 0;
                std::uint8_t flag = 0;
                if (!str(s) || !u32(source) || !u32(manager) || !i64(f.time) || !i64(f.client) || !u8(flag)) return false;
                if (source >= texts.size() || manager >= texts.size() || flag > 1) return false;
                if (!visit) continue;
                f.id.assign(s);
                f.source = texts[source];
                f.manager = texts[manager];
                f.new_client = flag == 1;
                visit->inquiry(f);
            } else if (type == 'R') {
                std::int64_t time = 0;
                std::string_view kind, object, data;
                std::uint32_t file = 0, line = 0;
                if (!i64(time) || !str(kind) || !str(object) || !str(data) || !u32(file) || !u32(line) || file >= texts.size()) return false;
                if (!visit) {
                    if (!light_json::valid(data) && !nlohmann::json::accept(data)) return false;
                    continue;
                }
                e.time = DateTime::from_seconds(time);
                e.kind.assign(kind);
                e.object.assign(object);
                e.source = texts[file];
                e.line = static_cast<int>(line);
                if (light_json::valid(data)) {
                    e.data = nullptr;
                    e.data_text.assign(data);
                } else {
                    e.data_text.clear();
                    e.data = nlohmann::json::parse(data);
                }
                visit->row(e);
            } else {
                return false;
            }
        }
        return true;
    }

private:
    bool take(size_t n, std::string_view& out) {
        if (in_.size() - at_ < n) return false;
        out = in_.substr(at_, n);
        at_ += n;
        return true;
    }
    bool u8(std::uint8_t& v) {
        std::string_view b;
        if (!take(1, b)) return false;
        v = static_cast<std::uint8_t>(b[0]);
        return true;
    }
    bool u32(std::uint32_t& v) {
        std::string_view b;
        if (!take(4, b)) return false;
        v = 0;
        for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
        return true;
    }
    bool i64(std::int64_t& v) {
        std::string_view b;
        if (!take(8, b)) return false;
        std::uint64_t u = 0;
        for (int i = 7; i >= 0; --i) u = u << 8 | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
        v = static_cast<std::int64_t>(u);
        return true;
    }
    bool str(std::string_view& s) {
        std::uint32_t n = 0;
        return u32(n) && take(n, s);
    }

    std::string_view in_;
    size_t at_ = 0;
};

}  // namespace

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

InquiryFact inquiry_fact(const Event& call_row) {
    Inquiry q = Inquiry::from_event(call_row);
    return {std::move(q.id), std::move(q.source), std::move(q.manager), q.time.seconds(), q.client, q.new_client};
}

void visit_month_facts(const Journal& journal, Store& store, const std::string& month, const MonthFactsVisit& visit) {
    const std::string stamp = journal.month_stamp(month);
    if (auto kept = store.read_derived(facts_name(month))) {
        FactsReader reader(*kept);
        if (reader.visit(stamp, nullptr) && reader.visit(stamp, &visit)) return;
    }
    FactsWriter writer(stamp);
    journal.for_each(month, month, [&](const Event& e) {
        if (e.kind.rfind(events::CallInquiry::kind_prefix, 0) == 0) {
            const InquiryFact f = inquiry_fact(e);
            writer.inquiry(f);
            visit.inquiry(f);
        } else {
            writer.row(e);
            visit.row(e);
        }
    }, nullptr, month_facts_rows(month));
    if (journal.month_stamp(month) != stamp) return;  // written to meanwhile: kept next time
    try {
        store.write_derived(facts_name(month), writer.bytes());
    } catch (const Error&) {
        // A share this user cannot write (or a full disk): the next report reads the journal.
    }
}

}  // namespace gefest
