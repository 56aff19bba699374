// A hash index of a table's row numbers whose keys stay in the rows (issue 16): the keys
// of a register of 800k rows are looked up without a node, a copy of the key or an
// allocation per row. Open addressing with linear probing in a power-of-two table kept at
// most half full; a slot is 8 bytes (32 bits of the key's hash and the row number), and a
// key is compared only when those 32 bits match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace gefest {

/// The hash FlatIndex is given for a text key.
inline std::uint64_t text_hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

/// The hash FlatIndex is given for a key of two texts (first, second).
inline std::uint64_t text_hash(std::string_view first, std::string_view second) { return text_hash(first) * 31 + text_hash(second); }

/// Row numbers (below 2^32 - 1) by the hash of their key; the caller keeps the keys and
/// says, through `same(row)`, whether a row's key is the one sought. Where rows share a
/// key, find gives the first inserted.
class FlatIndex {
public:
    /// What find and insert return for "no such row".
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    /// Room for `rows` rows without growing. Throws std::bad_alloc.
    void reserve(std::size_t rows) {
        std::size_t want = 16;
        while (want < rows * 2) want *= 2;
        if (want > slots_.size()) rehash(want);
    }

    /// Forgets every row (the room is kept).
    void clear() {
        slots_.assign(slots_.size(), Slot{});
        size_ = 0;
    }

    /// How many rows are indexed.
    std::size_t size() const { return size_; }

    /// The row with `hash` for which `same(row)` holds, or none. Throws what `same` throws.
    template <typename Same>
    std::size_t find(std::uint64_t hash, Same&& same) const {
        if (slots_.empty()) return none;
        const std::uint32_t h = fold(hash);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t at = h & mask;; at = (at + 1) & mask) {
            const Slot s = slots_[at];
            if (s.row == 0) return none;
            if (s.hash == h && same(static_cast<std::size_t>(s.row - 1))) return s.row - 1;
        }
    }

    /// Adds `row` unless a row with `hash` for which `same(row)` holds is indexed: returns
    /// that row, or none when `row` was added. Throws std::length_error for a row number
    /// of 2^32 - 1 or more, std::bad_alloc, and what `same` throws.
    template <typename Same>
    std::size_t insert(std::uint64_t hash, std::size_t row, Same&& same) {
        if (row >= 0xFFFFFFFFu) throw std::length_error("FlatIndex: row number beyond 32 bits");
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        const std::uint32_t h = fold(hash);
        const std::size_t mask = slots_.size() - 1;
        std::size_t at = h & mask;
        for (;; at = (at + 1) & mask) {
            const Slot s = slots_[at];
            if (s.row == 0) break;
            if (s.hash == h && same(static_cast<std::size_t>(s.row - 1))) return s.row - 1;
        }
        slots_[at] = Slot{h, static_cast<std::uint32_t>(row + 1)};
        ++size_;
        return none;
    }

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t row = 0;  // the row number + 1; 0: an empty slot
    };

    // The slot's 32 bits of the hash, mixed so that its low bits (the position) depend on
    // every bit of the hash.
    static std::uint32_t fold(std::uint64_t hash) {
        hash ^= hash >> 32;
        hash *= 0x9E3779B97F4A7C15ull;
        return static_cast<std::uint32_t>(hash >> 32);
    }

    void rehash(std::size_t size) {
        std::vector<Slot> old(size);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.row == 0) continue;
            std::size_t at = s.hash & mask;
            while (slots_[at].row != 0) at = (at + 1) & mask;
            slots_[at] = s;
        }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace gefest
