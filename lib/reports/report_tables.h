// The tables form 02-006-01 is built with (report.cpp), made to hold a year of a million
// inquiries in a few tens of MB: the inquiries' links for the join of orders, the
// clients' latest sources, the totals by name. Internal to lib/reports.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
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
        } else {
            odd_.emplace(std::string(id), link);  // the first of an id wins, as with the packed ones
        }
    }
    /// After the last add: sorted by id for find, the first of an id first (by pos: in
    /// place, where a stable sort would take another copy of them all).
    void seal() {
        auto before = [](const Packed& a, const Packed& b) { return a.key() != b.key() ? a.key() < b.key() : a.pos < b.pos; };
        if (!std::is_sorted(links_.begin(), links_.end(), before)) std::sort(links_.begin(), links_.end(), before);
    }
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

}  // namespace gefest::report_tables
