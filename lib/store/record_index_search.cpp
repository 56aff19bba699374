// The search part of a register's index (store/record_index.h): the trigrams of the rows'
// words with the rows having each (written by SearchBuilder, read by RecordIndex::search),
// the tally of labels, and verify, which reads every part as gefest check does.
#include <algorithm>

#include "base/error.h"
#include "store/record_index.h"
#include "store/record_index_detail.h"

namespace gefest {

namespace record_index_detail {

std::vector<std::uint32_t> grams_of(const std::vector<std::string>& words) {
    std::vector<std::uint32_t> out;
    for (const auto& w : words)
        for (std::size_t i = 0; i + search_gram <= w.size(); ++i) out.push_back(gram_at(w, i));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

namespace {

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

}  // namespace

void SearchBuilder::add(std::uint32_t ordinal, const std::vector<std::string>& words, const std::vector<std::string>& tally) {
    for (std::uint32_t g : grams_of(words)) {
        Posting& p = lists_[g];
        // The first ordinal as it is, then the distance from the one before (never 0).
        put_varint(p.bytes, p.bytes.empty() ? ordinal : ordinal - p.last);
        p.last = ordinal;
    }
    for (const auto& label : tally) ++tally_[label];
}

void SearchBuilder::finish() {
    sorted_.clear();
    sorted_.reserve(lists_.size());
    for (const auto& [gram, list] : lists_) sorted_.emplace_back(gram, &list);
    std::sort(sorted_.begin(), sorted_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::uint64_t SearchBuilder::gram_slots() const {
    std::uint64_t slots = 16;
    while (slots < 2 * sorted_.size()) slots *= 2;
    return slots;
}

std::string SearchBuilder::table(std::uint64_t postings_at) const {
    const std::uint64_t slots = gram_slots();
    std::string out(slots * gram_entry_size, '\0');
    std::uint64_t at = postings_at;
    for (const auto& [gram, list] : sorted_) {
        std::uint64_t i = gram_home(gram, slots);
        while (get32(out, i * gram_entry_size) != 0) i = (i + 1) & (slots - 1);
        std::string entry;
        put32(entry, gram | gram_used);
        put32(entry, static_cast<std::uint32_t>(list->bytes.size()));
        put64(entry, at);
        put64(entry, gram_sum(gram, list->bytes));
        out.replace(i * gram_entry_size, gram_entry_size, entry);
        at += list->bytes.size();
    }
    return out;
}

std::vector<const std::string*> SearchBuilder::lists() const {
    std::vector<const std::string*> out;
    out.reserve(sorted_.size());
    for (const auto& s : sorted_) out.push_back(&s.second->bytes);
    return out;
}

std::string SearchBuilder::tally() const {
    std::string out;
    put32(out, static_cast<std::uint32_t>(tally_.size()));
    for (const auto& [label, count] : tally_) {
        put32(out, static_cast<std::uint32_t>(label.size()));
        out += label;
        put64(out, static_cast<std::uint64_t>(count));
    }
    return out;
}

bool decode_posting(std::string_view list, std::uint64_t rows, std::vector<std::uint32_t>& out) {
    out.clear();
    std::uint64_t value = 0, ordinal = 0;
    int shift = 0;
    for (unsigned char c : list) {
        if (shift > 35) return false;
        value |= static_cast<std::uint64_t>(c & 0x7f) << shift;
        shift += 7;
        if (c & 0x80) continue;
        if (!out.empty() && value == 0) return false;
        ordinal = out.empty() ? value : ordinal + value;
        if (ordinal >= rows) return false;
        out.push_back(static_cast<std::uint32_t>(ordinal));
        value = 0;
        shift = 0;
    }
    return shift == 0 && !out.empty();
}

}  // namespace record_index_detail

using namespace record_index_detail;

std::optional<RecordIndex::Gram> RecordIndex::gram_entry(std::uint32_t gram) const {
    const std::uint64_t slots = layout_.gram_slots;
    std::uint64_t i = gram_home(gram, slots);
    for (std::uint64_t probes = 0; probes < slots; ++probes, i = (i + 1) & (slots - 1)) {
        const std::string e = read_at(layout_.grams_at + i * gram_entry_size, gram_entry_size);
        const std::uint32_t word = get32(e, 0);
        if (word == 0) {
            if (e != std::string(gram_entry_size, '\0')) damaged();
            return std::nullopt;
        }
        if ((word & ~0xffffffu) != gram_used) damaged();
        if ((word & 0xffffffu) != gram) continue;
        Gram g{get64(e, 8), get32(e, 4), gram, get64(e, 16)};
        if (g.at < layout_.postings_at || g.at + g.length > layout_.tally_at) damaged();
        return g;
    }
    return std::nullopt;
}

std::vector<std::uint32_t> RecordIndex::posting(const Gram& gram) const {
    const std::string list = read_at(gram.at, gram.length);
    std::vector<std::uint32_t> out;
    if (gram_sum(gram.gram, list) != gram.sum || !decode_posting(list, layout_.rows, out)) damaged();
    return out;
}

std::vector<std::uint32_t> RecordIndex::candidates(std::string_view needle) const {
    std::vector<Gram> grams;
    for (std::uint32_t g : grams_of({std::string(needle)})) {
        auto e = gram_entry(g);
        if (!e) return {};  // a trigram no row has
        grams.push_back(*e);
    }
    std::sort(grams.begin(), grams.end(), [](const Gram& a, const Gram& b) { return a.length < b.length; });
    // What reading one row costs, to tell when another list no longer pays for itself.
    const std::uint64_t row_cost = (layout_.offsets_at - layout_.rows_at) / std::max<std::uint64_t>(layout_.rows, 1) + 20;
    std::vector<std::uint32_t> rows = posting(grams.front()), both;
    for (std::size_t i = 1; i < grams.size() && !rows.empty(); ++i) {
        if (rows.size() * row_cost <= grams[i].length) break;
        const std::vector<std::uint32_t> next = posting(grams[i]);
        both.clear();
        std::set_intersection(rows.begin(), rows.end(), next.begin(), next.end(), std::back_inserter(both));
        rows.swap(both);
    }
    return rows;
}

void RecordIndex::search(const std::vector<std::string>& needles, const IndexEmit& visit) const {
    if (needles.empty()) return;
    for (const auto& n : needles)
        if (n.size() < search_gram) return for_each(visit);
    std::vector<std::uint32_t> rows;
    for (const auto& n : needles) {
        std::vector<std::uint32_t> more = candidates(n), all;
        std::set_union(rows.begin(), rows.end(), more.begin(), more.end(), std::back_inserter(all));
        rows.swap(all);
    }
    for (std::uint32_t r : rows) visit(row_at(row_offset(r)));
}

std::vector<std::pair<std::string, std::int64_t>> RecordIndex::tally() const {
    const std::string t = read_at(layout_.tally_at, layout_.slots_at - layout_.tally_at);
    if (fnv(t) != layout_.tally_sum || t.size() < 4) damaged();
    std::vector<std::pair<std::string, std::int64_t>> out;
    std::size_t at = 4;
    for (std::uint32_t n = get32(t, 0); n > 0; --n) {
        if (at + 4 > t.size()) damaged();
        const std::uint32_t len = get32(t, at);
        at += 4;
        if (at + len + 8 > t.size()) damaged();
        out.emplace_back(t.substr(at, len), static_cast<std::int64_t>(get64(t, at + len)));
        at += len + 8;
    }
    if (at != t.size()) damaged();
    return out;
}

void RecordIndex::verify() const {
    std::uint64_t ordinal = 0, at = layout_.rows_at;
    while (ordinal < layout_.rows) {
        if (row_offset(ordinal) != at) damaged();
        row_at(at, &at);
        ++ordinal;
    }
    if (at != layout_.offsets_at) damaged();
    // Every entry reachable from its home without an empty entry between, and its list whole.
    const std::uint64_t slots = layout_.gram_slots;
    const std::string table = read_at(layout_.grams_at, slots * gram_entry_size);
    std::uint64_t lists = 0;
    for (std::uint64_t i = 0; i < slots; ++i) {
        const std::uint32_t word = get32(table, i * gram_entry_size);
        if (word == 0) continue;
        if ((word & ~0xffffffu) != gram_used) damaged();
        const std::uint32_t gram = word & 0xffffffu;
        for (std::uint64_t j = gram_home(gram, slots); j != i; j = (j + 1) & (slots - 1))
            if (get32(table, j * gram_entry_size) == 0) damaged();
        auto e = gram_entry(gram);
        if (!e) damaged();
        posting(*e);
        lists += e->length;
    }
    if (layout_.postings_at + lists != layout_.tally_at) damaged();
    tally();
}

}  // namespace gefest
