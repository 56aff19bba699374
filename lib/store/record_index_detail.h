// What the two files of the index (record_index.cpp: the file, rows, slots;
// record_index_search.cpp: the search table and the tally) share: the bytes of the format.
// Not part of the interface.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gefest::record_index_detail {

inline constexpr std::size_t gram_entry_size = 24;  // gram (4), list length (4), list offset (8), checksum (8)
inline constexpr std::uint32_t gram_used = 1u << 24;  // in an entry's gram word: not an empty entry

inline std::uint64_t fnv(std::string_view bytes, std::uint64_t h = 14695981039346656037ull) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// An entry's check: 16 bits of its hash, the offset it holds and its place mixed, so that
// garbage in an entry is noticed rather than followed.
inline std::uint64_t slot_check(std::uint64_t hash, std::uint64_t offset, std::uint64_t index) {
    std::uint64_t x = hash ^ (offset * 0x9E3779B97F4A7C15ull) ^ (index * 0xC2B2AE3D27D4EB4Full);
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return (x >> 48) | 1;  // never 0: an empty slot is all zero
}

// The hash of the offsets' entries (any constant not 0).
inline constexpr std::uint64_t offset_salt = 0x6f666673657473ull;

inline void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
inline void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
inline std::uint64_t get64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
    return v;
}
inline std::uint32_t get32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
    return v;
}

// A trigram as a number: its three bytes, the first highest.
inline std::uint32_t gram_at(std::string_view s, std::size_t i) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8) | static_cast<unsigned char>(s[i + 2]);
}

inline std::string gram_bytes(std::uint32_t gram) {
    return {static_cast<char>((gram >> 16) & 0xff), static_cast<char>((gram >> 8) & 0xff), static_cast<char>(gram & 0xff)};
}

// The first entry of `gram` in a search table of `slots` entries (a power of two).
inline std::uint64_t gram_home(std::uint32_t gram, std::uint64_t slots) {
    return ((gram * 0x9E3779B97F4A7C15ull) >> 17) & (slots - 1);
}

// The checksum kept in a gram's entry: of the gram and its posting list.
inline std::uint64_t gram_sum(std::uint32_t gram, std::string_view list) { return fnv(list, fnv(gram_bytes(gram))); }

// The trigrams of the words, each once, ascending.
std::vector<std::uint32_t> grams_of(const std::vector<std::string>& words);

// The search table, the posting lists and the tally of the rows a writer emits, built as
// the rows come (the lists as varint deltas: a few bytes per row and trigram).
class SearchBuilder {
public:
    void add(std::uint32_t ordinal, const std::vector<std::string>& words, const std::vector<std::string>& tally);
    // After the last row: the lists put in order.
    void finish();
    std::uint64_t gram_slots() const;
    // The table, its entries pointing at the lists written right after it (at `postings_at`).
    std::string table(std::uint64_t postings_at) const;
    // The lists, in the order `table` placed them.
    std::vector<const std::string*> lists() const;
    std::string tally() const;

private:
    struct Posting {
        std::string bytes;
        std::uint32_t last = 0;
    };
    std::unordered_map<std::uint32_t, Posting> lists_;
    std::vector<std::pair<std::uint32_t, const Posting*>> sorted_;
    std::map<std::string, std::int64_t> tally_;
};

// The row ordinals of a posting list; false if it is not one a writer made for `rows` rows.
bool decode_posting(std::string_view list, std::uint64_t rows, std::vector<std::uint32_t>& out);

}  // namespace gefest::record_index_detail
