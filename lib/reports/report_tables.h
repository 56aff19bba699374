// The tables form 02-006-01 is built with (report.cpp), made to hold a year of a million
// inquiries in a few tens of MB: the inquiries' links for the join of orders, the
// clients' latest sources, the totals by name. Internal to lib/reports.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/text.h"
#include "reports/report.h"

namespace gefest::report_tables {

// Totals by name (sources, managers), each name numbered as it is first seen: an inquiry
// finds its group by one hash of a text, with no copy of it.
class Groups {
public:
    std::uint32_t id(std::string_view name) {
        if (auto it = ids_.find(name); it != ids_.end()) return it->second;
        const auto n = static_cast<std::uint32_t>(groups_.size());
        ids_.emplace(name, n);
        groups_.emplace_back().name = name;
        return n;
    }
    GroupTotals& operator[](std::uint32_t id) { return groups_[id]; }
    GroupTotals& operator[](std::string_view name) { return groups_[id(name)]; }
    const std::string& name(std::uint32_t id) const { return groups_[id].name; }
    /// The groups by name.
    std::vector<GroupTotals> by_name() const {
        std::vector<GroupTotals> out = groups_;
        std::sort(out.begin(), out.end(), [](const GroupTotals& a, const GroupTotals& b) { return a.name < b.name; });
        return out;
    }

private:
    std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> ids_;
    std::vector<GroupTotals> groups_;
};

// The groups of the texts of one month's kept facts by their numbers there
// (InquiryFact::source_no, manager_no): a text's group looked up once a month, not once
// an inquiry. clear() when the next month begins.
class TextGroups {
public:
    std::uint32_t id(Groups& groups, std::string_view name, std::uint32_t no) {
        if (no == none) return groups.id(name);
        if (no >= ids_.size()) ids_.resize(static_cast<std::size_t>(no) + 1, none);
        if (ids_[no] == none) ids_[no] = groups.id(name);
        return ids_[no];
    }
    void clear() { ids_.clear(); }

private:
    static constexpr std::uint32_t none = 0xFFFFFFFF;
    std::vector<std::uint32_t> ids_;
};

// The inquiries of the period as the join of orders to them needs them: when, which
// source (an index into the sources seen), and where in the journal's order — 16 bytes
// each, a million in 16 MB, where a row of the form held ~9 strings. Ids "YYYY-N" (every
// inquiry gefest numbers) are packed into 47 bits beside the source's 17, the time into
// seconds since the period began; any other id (or a source past 2¹⁷, or a time outside
// 2³² seconds) goes to a map.
class InquiryLinks {
public:
    struct Link {
        std::int64_t time = 0;     // seconds (DateTime::seconds)
        std::uint32_t source = 0;  // index into the sources seen
        std::uint32_t pos = 0;     // the inquiry's place among the period's inquiries, in journal order
    };

    /// `base`: the seconds the period begins at (DateTime::seconds).
    explicit InquiryLinks(std::int64_t base = 0) : base_(base) {}

    void add(std::string_view id, std::int64_t time, std::uint32_t source) {
        const Link link{time, source, count_++};
        const auto key = pack(id);
        if (key && source < (1u << source_bits) && time >= base_ && time - base_ <= 0xFFFFFFFF) {
            links_.push_back({*key << source_bits | source, static_cast<std::uint32_t>(time - base_), link.pos});
        } else if (!odd_.emplace(std::string(id), link).second) {  // the first of an id wins, as with the packed ones
            later_.insert(link.pos);
        }
    }
    /// After the last add: sorted by id for find, the first of an id first (by pos: in
    /// place, where a stable sort would take another copy of them all); which inquiries
    /// are not the first of their id noted (first_of_id).
    void seal() {
        auto before = [](const Packed& a, const Packed& b) { return a.key() != b.key() ? a.key() < b.key() : a.pos < b.pos; };
        if (!std::is_sorted(links_.begin(), links_.end(), before)) std::sort(links_.begin(), links_.end(), before);
        for (std::size_t i = 1; i < links_.size(); ++i)
            if (links_[i].key() == links_[i - 1].key()) later_.insert(links_[i].pos);
        for (const auto& [id, link] : odd_)  // an id both packed and not: the later one
            if (auto key = pack(id)) {
                auto it = std::lower_bound(links_.begin(), links_.end(), *key, [](const Packed& l, std::uint64_t k) { return l.key() < k; });
                if (it != links_.end() && it->key() == *key) later_.insert(std::max(it->pos, link.pos));
            }
    }
    /// Whether the inquiry at `pos` is the first with its id (find gives it), after seal:
    /// a sequential reading of the same inquiries needs no find.
    bool first_of_id(std::uint32_t pos) const { return later_.empty() || later_.count(pos) == 0; }
    /// The first inquiry with `id`, or nullopt.
    std::optional<Link> find(std::string_view id) const {
        std::optional<Link> found;
        if (auto key = pack(id)) {
            auto it = std::lower_bound(links_.begin(), links_.end(), *key, [](const Packed& l, std::uint64_t k) { return l.key() < k; });
            if (it != links_.end() && it->key() == *key) found = Link{base_ + it->time, it->source(), it->pos};
        }
        auto it = odd_.find(id);  // an id whose source or time did not pack
        if (it != odd_.end() && (!found || it->second.pos < found->pos)) found = it->second;
        return found;
    }
    std::uint32_t size() const { return count_; }

private:
    static constexpr unsigned source_bits = 17;
    struct Packed {
        std::uint64_t key_source;  // the packed id, then the source
        std::uint32_t time, pos;   // seconds since base_
        std::uint64_t key() const { return key_source >> source_bits; }
        std::uint32_t source() const { return static_cast<std::uint32_t>(key_source & ((1u << source_bits) - 1)); }
    };

    // "2026-5" → 2026·10¹⁰ + 5 (below 2⁴⁷); nullopt for an id of another shape (or a
    // leading zero, which would make "2026-05" the same as "2026-5").
    static std::optional<std::uint64_t> pack(std::string_view id) {
        if (id.size() < 6 || id.size() > 14 || id[4] != '-' || id[5] == '0') return std::nullopt;
        std::uint64_t year = 0, n = 0;
        for (size_t i = 0; i < id.size(); ++i) {
            if (i == 4) continue;
            if (id[i] < '0' || id[i] > '9') return std::nullopt;
            (i < 4 ? year : n) = (i < 4 ? year : n) * 10 + static_cast<std::uint64_t>(id[i] - '0');
        }
        return year * 10000000000ull + n;
    }

    std::int64_t base_;
    std::deque<Packed> links_;  // not a vector: growing it never holds two copies
    std::map<std::string, Link, std::less<>> odd_;
    std::set<std::uint32_t> later_;  // pos of the inquiries whose id came before (few)
    std::uint32_t count_ = 0;
};

// Clients → the index of a source: by id in a vector for the ids База клиентов.csv gives
// (small numbers: 4 bytes a client, where a hash map took ~40), in a map beyond.
class ClientSourceMap {
public:
    void set(std::int64_t client, std::uint32_t source) {
        if (client >= 0 && client < dense_limit) {
            const auto i = static_cast<size_t>(client);
            if (dense_.size() <= i) dense_.resize(i + 1, 0);
            dense_[i] = source + 1;
        } else {
            sparse_[client] = source;
        }
    }
    std::optional<std::uint32_t> find(std::int64_t client) const {
        if (client >= 0 && client < dense_limit) {
            const auto i = static_cast<size_t>(client);
            if (i < dense_.size() && dense_[i]) return dense_[i] - 1;
            return std::nullopt;
        }
        auto it = sparse_.find(client);
        return it == sparse_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }

private:
    static constexpr std::int64_t dense_limit = 1 << 20;
    std::vector<std::uint32_t> dense_;  // source + 1; 0: none
    std::unordered_map<std::int64_t, std::uint32_t> sparse_;
};

// The inquiry rows of one second while form 02-006-01 is streamed: the rows of one second
// are written sorted by id, so each row waits for the next second's first one. A row
// views the texts of its fact as long as they last; keep_texts(), called before those go
// (MonthFactsVisit::texts_end: once a piece of a kept file), copies the texts of the
// rows held into one arena, the views pointed there when they are handed over. Most
// rows are handed over before that: no copy at all.
class SecondRows {
public:
    bool empty() const { return rows_.empty(); }
    /// The second of the rows held (not empty()).
    std::int64_t time() const { return rows_.front().row.time; }
    /// Holds `row`, its texts viewed until keep_texts().
    void hold(const RequestRowView& row) { rows_.emplace_back().row = row; }
    /// Copies the texts of the rows held whose texts are still viewed where they came from.
    void keep_texts() {
        for (; kept_ < rows_.size(); ++kept_) {
            Held& h = rows_[kept_];
            for (std::size_t i = 0; i < std::size(texts); ++i) {
                h.at[i] = arena_.size();
                arena_.append(h.row.*texts[i]);
            }
        }
    }
    /// Visits the rows held, by id (in the order held for the same id), and forgets them.
    template <class Visit>
    void flush(const Visit& visit) {
        for (std::size_t k = 0; k < kept_; ++k)
            for (std::size_t i = 0; i < std::size(texts); ++i)
                rows_[k].row.*texts[i] = std::string_view(arena_).substr(rows_[k].at[i], (rows_[k].row.*texts[i]).size());
        auto by_id = [](const Held& a, const Held& b) { return a.row.id < b.row.id; };
        if (!std::is_sorted(rows_.begin(), rows_.end(), by_id)) std::stable_sort(rows_.begin(), rows_.end(), by_id);
        for (const Held& h : rows_) visit(h.row);
        rows_.clear();
        arena_.clear();
        kept_ = 0;
    }

private:
    // The texts of a row that may live no longer than its fact's (its kind, order and
    // status are the report's own).
    static constexpr std::string_view RequestRowView::* texts[] = {&RequestRowView::id,     &RequestRowView::channel, &RequestRowView::client_name,
                                                                   &RequestRowView::source, &RequestRowView::manager, &RequestRowView::asked,
                                                                   &RequestRowView::outcome};
    struct Held {
        RequestRowView row;
        std::size_t at[std::size(texts)] = {};  // where each text begins in arena_ (the first kept_ rows)
    };
    std::vector<Held> rows_;
    std::size_t kept_ = 0;  // the first rows_, their texts copied into arena_
    std::string arena_;
};

}  // namespace gefest::report_tables
