// The file of a closed month's facts (month_facts.h): its writer, its check and its reader,
// internal to month_facts.cpp. The file, little-endian:
//   "gefest report facts 5\n", str stamp, then records, then 'E' u64 checksum:
//   'T' str                 a text (source, manager, status, step…) numbered from 0 in order
//   'I' str id, u32 source, u32 manager, i64 time, i64 client, u8 new_client, u32 channel,
//       str client_name, str asked, u32 outcome
//   'O' i64 time, str key, u8 kind, u32 status, then by kind (OrderRowFact::Kind):
//       created: i64 client, str client_name, u32 manager, u32 payment, str call, i64 amount
//       step: u32 step; price: i64 amount; reassign: u32 manager
//       change: i64 amount, u32 count, count × u32 step
//   'S' i64 time, str order, u32 manager, u8 score, u8 replace
//   'E' u64                 the checksum of everything after the magic up to this 'E'
// where str is u32 length and bytes, and a u32 of a text its number. Nothing in it is
// trusted but through its stamp and checksum: a file cut short, overwritten or from
// another format is made again. The file is read twice, a piece at a time (the checksum,
// then the records), so a month of any size takes one piece of memory; once, when its
// checksum was found good before (a report's second reading of its months), FactsCheck
// beside FactsReader.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "base/checksum.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "reports/month_facts.h"

namespace gefest::month_facts_file {

inline constexpr std::string_view facts_magic = "gefest report facts 5\n";

// Writes a month's facts to `sink` as they come, a MiB at a time: magic and stamp, the
// records, finish() the checksum. The sink may throw; then nothing more is written.
class FactsWriter {
public:
    using Sink = std::function<void(std::string_view)>;
    FactsWriter(const std::string& stamp, Sink sink) : sink_(std::move(sink)) {
        sink_(facts_magic);
        str(stamp);
    }

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
        spill();
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
        spill();
    }
    void survey(const SurveyFact& f) {
        const std::uint32_t manager = text(f.manager);
        out_ += 'S';
        i64(f.time);
        str(f.order);
        u32(manager);
        out_ += static_cast<char>(f.score);
        out_ += static_cast<char>(f.replace ? 1 : 0);
        spill();
    }
    /// Ends the file with 'E' and the checksum.
    void finish() {
        out_ += 'E';
        sum_.add(out_);
        const std::uint64_t v = sum_.value();
        for (int i = 0; i < 8; ++i) out_ += static_cast<char>(v >> (8 * i) & 0xFF);
        sink_(out_);
        out_.clear();
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

    // Hands what is buffered to the sink once it holds a MiB (after a whole record).
    void spill() {
        if (out_.size() < (std::size_t{1} << 20)) return;
        sum_.add(out_);
        sink_(out_);
        out_.clear();
    }

    Sink sink_;
    std::string out_;
    Checksum64 sum_;  // of what was handed to the sink after the magic
    std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> texts_;
};

// The first reading of a kept file, a piece at a time: whether it is one of `stamp`
// (checked as soon as its head is read) and ends in 'E' and the checksum of what came
// before. `sum` is then that checksum.
class FactsCheck {
public:
    explicit FactsCheck(const std::string& stamp) : stamp_(stamp) {}

    /// Takes the next piece; false once the file is known not to be of the stamp.
    bool take(std::string_view piece) {
        if (!head_checked_) {
            head_.append(piece);
            const size_t stamp_at = facts_magic.size() + 4;
            if (head_.size() < stamp_at + stamp_.size()) return head_.size() < stamp_at || stamp_size() == stamp_.size();
            if (head_.compare(0, facts_magic.size(), facts_magic) != 0 || stamp_size() != stamp_.size() ||
                head_.compare(stamp_at, stamp_.size(), stamp_) != 0)
                return false;
            head_checked_ = true;
            piece = std::string_view(head_).substr(facts_magic.size());
            held_.clear();
        }
        // The last nine bytes ('E' and the checksum) are held back until the file ends.
        if (piece.size() >= trailer) {
            sum_.add(held_);
            sum_.add(piece.substr(0, piece.size() - trailer));
            held_.assign(piece.substr(piece.size() - trailer));
        } else {
            held_.append(piece);
            if (held_.size() > trailer) {
                sum_.add(std::string_view(held_).substr(0, held_.size() - trailer));
                held_.erase(0, held_.size() - trailer);
            }
        }
        if (!head_.empty()) head_ = std::string();
        return true;
    }
    /// After the last piece: whether the file is good.
    bool good() {
        if (!head_checked_ || held_.size() != trailer || held_[0] != 'E') return false;
        sum_.add(std::string_view(held_).substr(0, 1));
        std::uint64_t stored = 0;
        for (int i = 8; i >= 1; --i) stored = stored << 8 | static_cast<unsigned char>(held_[static_cast<size_t>(i)]);
        sum = stored;
        return stored == sum_.value();
    }
    std::uint64_t sum = 0;

private:
    static constexpr size_t trailer = 9;
    std::uint32_t stamp_size() const {
        std::uint32_t n = 0;
        for (int i = 3; i >= 0; --i) n = n << 8 | static_cast<unsigned char>(head_[facts_magic.size() + static_cast<size_t>(i)]);
        return n;
    }
    const std::string& stamp_;
    std::string head_, held_;
    bool head_checked_ = false;
    Checksum64 sum_;
};

// The second reading of a kept file that FactsCheck found good (or the one reading, beside
// FactsCheck, of read_once: `sum` 0 when its checksum is not known yet), a piece at a
// time: each record visited as soon as it is whole. A record that does not parse throws Error(data)
// (the file passed its checksum: only a bug writes so); a head that is no longer the
// stamp (the file replaced between the readings) throws Replaced before anything is visited.
class FactsReader {
public:
    struct Replaced {};

    FactsReader(const std::string& name, const std::string& stamp, std::uint64_t sum, const MonthFactsVisit& visit)
        : name_(name), stamp_(stamp), sum_(sum), visit_(visit) {}

    /// Takes the next piece and visits the records it completes.
    bool take(std::string_view piece) {
        done_ += at_;
        in_.erase(0, at_);
        at_ = 0;
        in_.append(piece);
        read_records(false);
        return true;
    }
    /// Whether its head was read (MonthFactsVisit::kept called): facts may have been visited.
    bool began() const { return head_read_; }
    /// After the last piece: what is left must be the end ('E' and the checksum).
    void finish() {
        read_records(true);
        if (!ended_ || at_ != in_.size()) damaged();
    }

private:
    struct NeedMore {};  // the piece ended inside a record: read it again with the next one

    void read_records(bool last) {
        last_ = last;
        while (at_ < in_.size() && !ended_) {
            const size_t start = at_;
            try {
                if (!head_read_) {
                    read_head();
                } else {
                    read_record();
                }
            } catch (const NeedMore&) {
                at_ = start;
                return;
            }
        }
    }

    void read_head() {
        if (take(facts_magic.size()) != facts_magic || str() != stamp_) throw Replaced{};
        head_read_ = true;
        if (visit_.kept && sum_ != 0) visit_.kept(sum_);
    }

    void read_record() {
        const char type = u8();
        if (type == 'T') {
            texts_.push_back(held_texts_.emplace_back(str()));
        } else if (type == 'I') {
            InquiryFact f;
            f.id = str();
            f.source = text(&f.source_no);
            f.manager = text(&f.manager_no);
            f.time = i64();
            f.client = i64();
            f.new_client = flag();
            f.channel = text();
            f.client_name = str();
            f.asked = str();
            f.outcome = text();
            visit_.inquiry(f);
        } else if (type == 'O') {  // read past, its texts not copied, when not visited
            read_order(bool(visit_.order));
            if (visit_.order) visit_.order(order_);
        } else if (type == 'S') {
            const bool keep = bool(visit_.survey);
            survey_.time = i64();
            assign(keep, survey_.order, str());
            assign(keep, survey_.manager, text());
            survey_.score = u8();
            survey_.replace = flag();
            if (keep) visit_.survey(survey_);
        } else if (type == 'E') {
            if (const auto stored = static_cast<std::uint64_t>(i64()); sum_ != 0 && stored != sum_) damaged();  // changed since it was checked
            ended_ = true;
        } else {
            --at_;
            damaged();
        }
    }

    static void assign(bool keep, std::string& to, std::string_view from) {
        if (keep) to.assign(from);
    }
    // An 'O' record into order_ (`keep`: its texts copied; else only read past).
    void read_order(bool keep) {
        using Kind = OrderRowFact::Kind;
        OrderRowFact& f = order_;
        f.time = i64();
        assign(keep, f.key, str());
        const auto kind = u8();
        if (kind > static_cast<std::uint8_t>(Kind::other)) damaged();
        f.kind = static_cast<Kind>(kind);
        assign(keep, f.status, text());
        f.reopened.clear();
        switch (f.kind) {
        case Kind::created:
            f.client = i64();
            assign(keep, f.client_name, str());
            assign(keep, f.manager, text());
            assign(keep, f.payment, text());
            assign(keep, f.call, str());
            f.amount.kopecks = i64();
            break;
        case Kind::step: assign(keep, f.step, text()); break;
        case Kind::price: f.amount.kopecks = i64(); break;
        case Kind::reassign: assign(keep, f.manager, text()); break;
        case Kind::change:
            f.amount.kopecks = i64();
            for (std::uint32_t n = u32(); n > 0; --n) {
                const std::string_view step = text();
                if (keep) f.reopened.emplace_back(step);
            }
            break;
        case Kind::invoice:
        case Kind::other: break;
        }
    }

    [[noreturn]] void damaged() const {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the kept report facts {} are damaged at byte {}: remove the file and run the report again")),
                                            name_, done_ + at_));
    }
    // The next `n` bytes; NeedMore if the piece ends first (damaged after the last one).
    std::string_view take(size_t n) {
        if (in_.size() - at_ < n) {
            if (!last_) throw NeedMore{};
            damaged();
        }
        const std::string_view out = std::string_view(in_).substr(at_, n);
        at_ += n;
        return out;
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
        const std::string_view b = take(8);
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
        return static_cast<std::int64_t>(v);
    }
    std::string_view str() { return take(u32()); }
    // A text by its number; the number in `*no` if given.
    std::string_view text(std::uint32_t* no = nullptr) {
        const std::uint32_t n = u32();
        if (n >= texts_.size()) damaged();
        if (no) *no = n;
        return texts_[n];
    }

    const std::string& name_;
    const std::string& stamp_;
    const std::uint64_t sum_;
    const MonthFactsVisit& visit_;
    std::string in_;      // the unread part of the pieces so far
    size_t at_ = 0;       // where in in_ reading stands
    size_t done_ = 0;     // bytes of the file before in_
    bool head_read_ = false, ended_ = false, last_ = false;
    std::deque<std::string> held_texts_;   // a deque: the views given out stay valid
    std::vector<std::string_view> texts_;  // held_texts_ by number
    OrderRowFact order_;  // one of each, reused: no allocation per record
    SurveyFact survey_;
};

}  // namespace gefest::month_facts_file
