// The index of a register (store/store.h, Store::find_indexed): a derived file the store
// keeps beside a record's versions, so that finding a row by a key (a client by its Код,
// phone, e-mail, ИНН) reads a few kilobytes, not the whole register. It is never the
// truth: it says what it was made from (IndexStamp: the highest version claimed and the
// register file as stat(2) saw it, with the checksum of its bytes), and a reader that
// finds it older than the register, damaged, truncated or of another format makes it
// again from the register.
//
// The file, little-endian, written whole to a temporary and renamed over the old one:
//   header  "GEFESTIX", format, the stamp, the counts and offsets, the file's size, and
//           the checksum of the header
//   rows    per row: length, checksum, then its keys and its data (opaque to the store)
//   offsets each row's offset by its ordinal, with a check of the entry (as a slot's)
//   grams   the search table: an open-addressing table of 24-byte entries, one per
//           trigram (three bytes) met in the rows' words: the trigram, where its posting
//           list is and how long, and the checksum of trigram and list
//   postings per trigram, the ordinals of the rows having it in a word, ascending, as
//           varint deltas
//   tally   how many rows carry each tally label (the managers' client counts)
//   slots   an open-addressing table of 16-byte slots (key hash; row offset with a check
//           of the slot), twice as many as keys, probed linearly: the rows of a key are
//           met in the order they were written, so the first is the first in the register
// A look-up reads the header, one or two slots and the row; the row's checksum and keys
// are verified, so a damaged row or slot is noticed (Error(data)), never taken. A search
// reads the entries and posting lists of the needle's trigrams and the rows in all of
// them; verify() reads every part (gefest check).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/shared_file.h"

namespace gefest {

/// One row of an index: the keys it is found by, its data (the procedure's encoding), the
/// words a search finds it by (RecordIndex::search: as the procedure spells them for
/// matching, e.g. case-folded) and the labels it is counted under (RecordIndex::tally).
struct IndexRow {
    std::vector<std::string> keys;
    std::string data;
    std::vector<std::string> words = {};
    std::vector<std::string> tally = {};
};

/// A needle shorter than this (in bytes) has no trigram: a search for it visits every row.
inline constexpr std::size_t search_gram = 3;

/// Calls its argument once for each row, in register order.
using IndexEmit = std::function<void(const IndexRow&)>;

/// What an index was made from.
struct IndexStamp {
    std::int64_t generation = 0;  ///< the highest version claimed when the register was read
    FileStamp file;               ///< the register as read (checksum of its bytes included)
    bool from_file = false;       ///< the rows are of exactly those bytes (not of a version read instead of a stale copy)
};

/// Writes the index of the rows `produce` emits, made from the register as `stamp` says, to
/// `path`: a temporary in its folder, fsync'ed, renamed over it — unless `still_current`,
/// asked just before, says the register changed meanwhile (then false, and `path` is as
/// it was). Error(io) if it cannot (then `path` is as it was).
bool write_record_index(const std::filesystem::path& path, const IndexStamp& stamp, const std::function<void(const IndexEmit&)>& produce,
                        const std::function<bool()>& still_current = {});

/// `path` with another stamp (the register was touched or copied back, its bytes the same):
/// written as write_record_index writes. Error(io); Error(data) if it is damaged.
void restamp_record_index(const std::filesystem::path& path, const IndexStamp& stamp);

/// An index file opened for look-ups.
class RecordIndex {
public:
    /// The index at `path`; nullopt if it does not exist, or is not a whole index of this
    /// format (a damaged header, a size unlike the one it was written with).
    static std::optional<RecordIndex> open(const std::filesystem::path& path);
    /// True if `path` starts as an index of another format (an older gefest's): out of
    /// date, not damaged. Error(io) if it cannot be read.
    static bool other_format(const std::filesystem::path& path);

    const IndexStamp& stamp() const { return stamp_; }
    std::uint64_t rows() const { return layout_.rows; }

    /// The data of the first row having `key`; nullopt if none. Error(data) if a slot or
    /// row it reads is damaged.
    std::optional<std::string> find(std::string_view key) const;

    /// Every row, in order. Error(data) for a damaged one.
    void for_each(const IndexEmit& visit) const;

    /// The rows, in order, of which a word may contain one of `needles` as a substring:
    /// every row where one does, and maybe others (the caller tests each row it gets). A
    /// needle shorter than search_gram visits every row. Reads the posting lists of the
    /// needles' trigrams (the shortest first, the others while they still narrow the
    /// rows more than reading the rows would cost) and the rows left. Error(data) for a
    /// damaged entry, list or row.
    void search(const std::vector<std::string>& needles, const IndexEmit& visit) const;

    /// How many rows carry each tally label. Error(data) if that part is damaged.
    std::vector<std::pair<std::string, std::int64_t>> tally() const;

    /// Reads every part of the file and checks it (rows, offsets, search table and
    /// lists, tally); Error(data) for the first damaged one.
    void verify() const;

    /// The parts of the file (offsets and sizes), as the header says.
    struct Layout {
        std::uint64_t rows = 0, slots = 0, rows_at = 0, offsets_at = 0, gram_slots = 0, grams_at = 0, postings_at = 0, tally_at = 0,
                      tally_sum = 0, slots_at = 0, size = 0;
    };

    const Layout& layout() const { return layout_; }
    /// `size` bytes from `offset` (restamp copies the file so). Error(data) past its end.
    std::string bytes(std::uint64_t offset, std::size_t size) const;

private:
    RecordIndex() = default;
    std::string read_at(std::uint64_t offset, std::size_t size) const;
    IndexRow row_at(std::uint64_t offset, std::uint64_t* next = nullptr) const;
    std::uint64_t row_offset(std::uint64_t ordinal) const;
    struct Gram {
        std::uint64_t at = 0;
        std::uint32_t length = 0;
        std::uint32_t gram = 0;
        std::uint64_t sum = 0;
    };
    std::optional<Gram> gram_entry(std::uint32_t gram) const;
    std::vector<std::uint32_t> posting(const Gram& gram) const;
    std::vector<std::uint32_t> candidates(std::string_view needle) const;
    [[noreturn]] void damaged() const;

    std::shared_ptr<int> fd_;
    std::string path_;
    IndexStamp stamp_;
    Layout layout_;
};

}  // namespace gefest
