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
//   slots   an open-addressing table of 16-byte slots (key hash; row offset with a check
//           of the slot), twice as many as keys, probed linearly: the rows of a key are
//           met in the order they were written, so the first is the first in the register
// A look-up reads the header, one or two slots and the row; the row's checksum and keys
// are verified, so a damaged row or slot is noticed (Error(data)), never taken.
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

/// One row of an index: the keys it is found by, and its data (the procedure's encoding).
struct IndexRow {
    std::vector<std::string> keys;
    std::string data;
};

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

    const IndexStamp& stamp() const { return stamp_; }
    std::uint64_t rows() const { return rows_; }

    /// The data of the first row having `key`; nullopt if none. Error(data) if a slot or
    /// row it reads is damaged.
    std::optional<std::string> find(std::string_view key) const;

    /// Every row, in order. Error(data) for a damaged one.
    void for_each(const IndexEmit& visit) const;

private:
    RecordIndex() = default;
    std::string read_at(std::uint64_t offset, std::size_t size) const;
    IndexRow row_at(std::uint64_t offset, std::uint64_t* next = nullptr) const;

    std::shared_ptr<int> fd_;
    std::string path_;
    IndexStamp stamp_;
    std::uint64_t rows_ = 0, slots_ = 0, rows_at_ = 0, slots_at_ = 0, size_ = 0;
};

}  // namespace gefest
