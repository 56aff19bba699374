// The reader of a closed month's kept facts (month_facts_file.h gives the format),
// internal to month_facts.cpp. Whole records are read where the piece of the file holds
// them, their texts viewed there; only a record that runs on into the next piece is
// copied, to be read once the rest of it has come.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "reports/month_facts.h"
#include "reports/month_facts_file.h"

namespace gefest::month_facts_file {

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
        if (!head_read_ && !read_head(piece)) return true;
        if (!carried_.empty() && !complete_carried(piece)) return true;
        const std::size_t used = read_records(piece);
        texts_end();  // the piece's bytes are read over by the next one
        carried_.assign(piece.substr(used));
        at_ += used;
        return true;
    }
    /// Whether its head was read (MonthFactsVisit::kept called): facts may have been visited.
    bool began() const { return head_read_; }
    /// After the last piece: the file must have ended with its end ('E' and the checksum).
    void finish() const {
        if (!ended_ || !carried_.empty()) damaged(at_);
    }

private:
    // Where a record's body lies in the bytes that begin with it.
    struct Frame {
        std::size_t body = 0, size = 0;  // size 0: the bytes end before its length does
    };
    static constexpr std::size_t end_size = 9;  // 'E' and the checksum

    // The magic and the stamp, from the first pieces; false while they are not all read.
    bool read_head(std::string_view& piece) {
        const std::size_t size = facts_magic.size() + 4 + stamp_.size();
        const std::size_t n = std::min(size - head_.size(), piece.size());
        head_.append(piece.substr(0, n));
        piece.remove_prefix(n);
        if (head_.size() < size) return false;
        std::string expected(facts_magic);
        put_fixed(expected, stamp_.size(), 4);
        expected += stamp_;
        if (head_ != expected) throw Replaced{};
        head_read_ = true;
        at_ = size;
        head_ = std::string();
        if (visit_.kept && sum_ != 0) visit_.kept(sum_);
        return true;
    }

    // The frame of the record `bytes` begin with (at byte `at` of the file); damaged for a
    // type that is none or a length of more than 32 bits.
    Frame frame(std::string_view bytes, std::uint64_t at) const {
        if (bytes.empty()) return {};
        const char type = bytes[0];
        if (type == 'E') return {1, end_size};
        if (type != 'T' && type != 'I' && type != 'O' && type != 'S') damaged(at);
        std::uint64_t length = 0;
        for (std::size_t i = 1; i < bytes.size(); ++i) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            length |= std::uint64_t{c & 0x7Fu} << (7 * (i - 1));
            if (length > 0xFFFFFFFFu || (i == 5 && (c & 0x80))) damaged(at);
            if (!(c & 0x80)) return {i + 1, i + 1 + static_cast<std::size_t>(length)};
        }
        return {};
    }

    // The whole records at the start of `piece`, read in place; how many bytes they take.
    std::size_t read_records(std::string_view piece) {
        std::size_t used = 0;
        while (used < piece.size()) {
            if (ended_) damaged(at_ + used);  // bytes after the end
            const std::string_view rest = piece.substr(used);
            const Frame f = frame(rest, at_ + used);
            if (f.size == 0 || f.size > rest.size()) break;
            read_record(rest.substr(0, f.size), f.body, at_ + used);
            used += f.size;
        }
        return used;
    }

    // The record begun in carried_ completed from the start of `piece` (which loses what
    // it gave) and read; false if `piece` ended first.
    bool complete_carried(std::string_view& piece) {
        Frame f = frame(carried_, at_);
        while (f.size == 0) {  // its length not whole yet: a byte more
            if (piece.empty()) return false;
            carried_ += piece.front();
            piece.remove_prefix(1);
            f = frame(carried_, at_);
        }
        const std::size_t n = std::min(f.size - carried_.size(), piece.size());
        carried_.append(piece.substr(0, n));
        piece.remove_prefix(n);
        if (carried_.size() < f.size) return false;
        if (ended_) damaged(at_);
        read_record(carried_, f.body, at_);
        texts_end();
        at_ += f.size;
        carried_.clear();
        return true;
    }

    // One whole record (at byte `at` of the file), its body from `body`.
    void read_record(std::string_view record, std::size_t body, std::uint64_t at) {
        p_ = record.data() + body;
        end_ = record.data() + record.size();
        record_at_ = at;
        switch (record[0]) {
        case 'T': texts_.push_back(held_texts_.emplace_back(p_, end_)); return;
        case 'I': read_inquiry(); break;
        case 'O':  // passed over, not decoded, when not visited
            if (!visit_.order) return;
            read_order();
            break;
        case 'S':
            if (!visit_.survey) return;
            read_survey();
            break;
        case 'E': {
            std::uint64_t stored = 0;
            for (int i = 7; i >= 0; --i) stored = stored << 8 | static_cast<unsigned char>(p_[i]);
            if (sum_ != 0 && stored != sum_) damaged(at);  // changed since it was checked
            ended_ = true;
            return;
        }
        }
    }

    void read_inquiry() {
        InquiryFact f;
        f.id = str();
        f.source = text(&f.source_no);
        f.manager = text(&f.manager_no);
        f.time = time(inquiry_time_);
        f.client = unzigzag(num());
        f.new_client = flag();
        f.channel = text();
        f.client_name = str();
        f.asked = str();
        f.outcome = text();
        body_ends();
        visit_.inquiry(f);
    }

    // An 'O' record into order_ (reused: no allocation per record), then visited.
    void read_order() {
        using Kind = OrderRowFact::Kind;
        OrderRowFact& f = order_;
        f.time = time(order_time_);
        f.key.assign(str());
        const auto kind = byte();
        if (kind > static_cast<std::uint8_t>(Kind::other)) damaged(record_at_);
        f.kind = static_cast<Kind>(kind);
        f.status.assign(text());
        f.reopened.clear();
        switch (f.kind) {
        case Kind::created:
            f.client = unzigzag(num());
            f.client_name.assign(str());
            f.manager.assign(text());
            f.payment.assign(text());
            f.call.assign(str());
            f.amount.kopecks = unzigzag(num());
            break;
        case Kind::step: f.step.assign(text()); break;
        case Kind::price: f.amount.kopecks = unzigzag(num()); break;
        case Kind::reassign: f.manager.assign(text()); break;
        case Kind::change:
            f.amount.kopecks = unzigzag(num());
            for (std::uint64_t n = num(); n > 0; --n) f.reopened.emplace_back(text());
            break;
        case Kind::invoice:
        case Kind::other: break;
        }
        body_ends();
        visit_.order(f);
    }

    void read_survey() {
        survey_.time = time(survey_time_);
        survey_.order.assign(str());
        survey_.manager.assign(text());
        survey_.score = byte();
        survey_.replace = flag();
        body_ends();
        visit_.survey(survey_);
    }

    void texts_end() const {
        if (visit_.texts_end) visit_.texts_end();
    }

    [[noreturn]] void damaged(std::uint64_t at) const {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the kept report facts {} are damaged at byte {}: remove the file and run the report again")),
                                            name_, at));
    }

    // The fields of the body being read, [p_, end_): each past its end is damage.
    std::uint8_t byte() {
        if (p_ == end_) damaged(record_at_);
        return static_cast<std::uint8_t>(*p_++);
    }
    bool flag() {
        const auto v = byte();
        if (v > 1) damaged(record_at_);
        return v == 1;
    }
    std::uint64_t num() {
        if (p_ != end_ && static_cast<unsigned char>(*p_) < 0x80) [[likely]]
            return static_cast<unsigned char>(*p_++);  // most are one byte: inlined
        return longer_num();
    }
    [[gnu::noinline]] std::uint64_t longer_num() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto c = byte();
            v |= std::uint64_t{c & 0x7Fu} << shift;
            if (!(c & 0x80)) return v;
        }
        damaged(record_at_);
    }
    // A time given as its difference from `last`, which becomes it.
    std::int64_t time(std::int64_t& last) {
        last = static_cast<std::int64_t>(static_cast<std::uint64_t>(last) + static_cast<std::uint64_t>(unzigzag(num())));
        return last;
    }
    std::string_view str() {
        const std::uint64_t n = num();
        if (n > static_cast<std::uint64_t>(end_ - p_)) damaged(record_at_);
        const std::string_view s(p_, static_cast<std::size_t>(n));
        p_ += n;
        return s;
    }
    // A text by its number; the number in `*no` if given.
    std::string_view text(std::uint32_t* no = nullptr) {
        const std::uint64_t n = num();
        if (n >= texts_.size()) damaged(record_at_);
        if (no) *no = static_cast<std::uint32_t>(n);
        return texts_[static_cast<std::size_t>(n)];
    }
    void body_ends() const {
        if (p_ != end_) damaged(record_at_);
    }

    const std::string& name_;
    const std::string& stamp_;
    const std::uint64_t sum_;
    const MonthFactsVisit& visit_;
    std::string head_;     // the head while its pieces come
    std::string carried_;  // a record begun at the end of a piece, while the rest of it comes
    std::uint64_t at_ = 0;  // the byte of the file where carried_ begins (the next piece's, if it is empty)
    bool head_read_ = false, ended_ = false;
    const char* p_ = nullptr;  // the body being read
    const char* end_ = nullptr;
    std::uint64_t record_at_ = 0;  // the byte of the file where its record begins
    std::int64_t inquiry_time_ = 0, order_time_ = 0, survey_time_ = 0;  // of the last record of each type
    std::deque<std::string> held_texts_;   // a deque: the views given out stay valid
    std::vector<std::string_view> texts_;  // held_texts_ by number
    OrderRowFact order_;  // one of each, reused: no allocation per record
    SurveyFact survey_;
};

}  // namespace gefest::month_facts_file
