// The file of a closed month's facts (month_facts.h): its encoding, its writer and its
// check, internal to month_facts.cpp (the reader: month_facts_reader.h). The file:
//   "gefest report facts 6\n", u32 stamp length and the stamp, records, 'E' u64 checksum
// where each record is its type, a varint the length of its body, then the body:
//   'T' the bytes of a text (source, manager, status, step…) numbered from 0 in order
//   'I' str id, n source, n manager, t time, z client, u8 new_client, n channel,
//       str client_name, str asked, n outcome
//   'O' t time, str key, u8 kind, n status, then by kind (OrderRowFact::Kind):
//       created: z client, str client_name, n manager, n payment, str call, z amount
//       step: n step; price: z amount; reassign: n manager
//       change: z amount, n count, count × n step
//   'S' t time, str order, n manager, u8 score, u8 replace
//   'E' u64                 the checksum of everything after the magic up to this 'E'
// u32 and u64 are little-endian; n is a varint (seven bits a byte, the low ones first, the
// high bit set on all bytes but the last): a text's number, a count; z a zigzag varint
// (0, -1, 1, -2… as 0, 1, 2, 3…); t a time as the z of its difference from the time of
// the record of the same type before (0 for the first); str an n length and the bytes.
// Small numbers take a byte, a time two or three, where format 5 took 4 and 8 bytes: a
// file a third smaller to read and checksum. The length of each record lets a reader
// take whole records where a piece of the file holds them (no copy) and pass over those
// it does not visit; a body must end where its length says. Nothing in it is trusted but
// through its stamp and checksum: a file cut short, overwritten or from another format
// (format 5, its numbers fixed-size) is made again. The file is read twice, a piece at a
// time (the checksum, then the records), so a month of any size takes one piece of
// memory; once, when its checksum was found good before (a report's second reading of
// its months), FactsCheck beside FactsReader.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/checksum.h"
#include "base/text.h"
#include "reports/month_facts.h"

namespace gefest::month_facts_file {

inline constexpr std::string_view facts_magic = "gefest report facts 6\n";

/// Appends `v` as a varint.
inline void put_varint(std::string& out, std::uint64_t v) {
    for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7F) | 0x80);
    out += static_cast<char>(v);
}
/// `v` zigzagged: small negative numbers small too.
inline std::uint64_t zigzag(std::int64_t v) { return static_cast<std::uint64_t>(v) << 1 ^ static_cast<std::uint64_t>(v >> 63); }
/// The number zigzag(v) was made of.
inline std::int64_t unzigzag(std::uint64_t u) { return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1); }
/// Appends the little-endian bytes of the low `bytes` bytes of `v`.
inline void put_fixed(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
}

// Writes a month's facts to `sink` as they come, a MiB at a time: magic and stamp, the
// records, finish() the checksum. The sink may throw; then nothing more is written.
class FactsWriter {
public:
    using Sink = std::function<void(std::string_view)>;
    FactsWriter(const std::string& stamp, Sink sink) : sink_(std::move(sink)) {
        sink_(facts_magic);
        put_fixed(out_, stamp.size(), 4);
        out_ += stamp;
    }

    // Each record: its texts first ('T' records may not come in the middle of one), then
    // its body made in body_ and appended behind its type and length.
    void inquiry(const InquiryFact& f) {
        const std::uint32_t source = text(f.source), manager = text(f.manager), channel = text(f.channel), outcome = text(f.outcome);
        body_.clear();
        str(f.id);
        num(source);
        num(manager);
        time(inquiry_time_, f.time);
        num(zigzag(f.client));
        body_ += static_cast<char>(f.new_client ? 1 : 0);
        num(channel);
        str(f.client_name);
        str(f.asked);
        num(outcome);
        record('I');
    }
    void order(const OrderRowFact& f) {
        using Kind = OrderRowFact::Kind;
        const std::uint32_t status = text(f.status), manager = text(f.manager), payment = text(f.payment), step = text(f.step);
        reopened_.clear();
        for (const auto& s : f.reopened) reopened_.push_back(text(s));
        body_.clear();
        time(order_time_, f.time);
        str(f.key);
        body_ += static_cast<char>(f.kind);
        num(status);
        switch (f.kind) {
        case Kind::created:
            num(zigzag(f.client));
            str(f.client_name);
            num(manager);
            num(payment);
            str(f.call);
            num(zigzag(f.amount.kopecks));
            break;
        case Kind::step: num(step); break;
        case Kind::price: num(zigzag(f.amount.kopecks)); break;
        case Kind::reassign: num(manager); break;
        case Kind::change:
            num(zigzag(f.amount.kopecks));
            num(reopened_.size());
            for (auto r : reopened_) num(r);
            break;
        case Kind::invoice:
        case Kind::other: break;
        }
        record('O');
    }
    void survey(const SurveyFact& f) {
        const std::uint32_t manager = text(f.manager);
        body_.clear();
        time(survey_time_, f.time);
        str(f.order);
        num(manager);
        body_ += static_cast<char>(f.score);
        body_ += static_cast<char>(f.replace ? 1 : 0);
        record('S');
    }
    /// Ends the file with 'E' and the checksum.
    void finish() {
        out_ += 'E';
        sum_.add(out_);
        put_fixed(out_, sum_.value(), 8);
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
        put_varint(out_, t.size());
        out_ += t;
        return n;
    }
    void num(std::uint64_t v) { put_varint(body_, v); }
    void str(std::string_view s) {
        num(s.size());
        body_ += s;
    }
    // `t` as its difference from `last` (wrapping: any two times), `last` then `t`.
    void time(std::int64_t& last, std::int64_t t) {
        num(zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(last))));
        last = t;
    }
    // body_ as a record of `type`; what is buffered handed to the sink once it holds a MiB.
    void record(char type) {
        out_ += type;
        put_varint(out_, body_.size());
        out_ += body_;
        if (out_.size() < (std::size_t{1} << 20)) return;
        sum_.add(out_);
        sink_(out_);
        out_.clear();
    }

    Sink sink_;
    std::string out_, body_;
    std::vector<std::uint32_t> reopened_;
    std::int64_t inquiry_time_ = 0, order_time_ = 0, survey_time_ = 0;  // of the last record of each type
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

}  // namespace gefest::month_facts_file
