// ShareStore (store/share_store.h): the index of a register (store/record_index.h) — where
// it lives, when it is current, made again by whoever finds it is not, written anew under
// the register's lock by the command that changed the register, and gefest check's part.
//
// Current means: made from the register as it is now. Checked cheaply first — the highest
// version claimed (a listing of the versions' folder) and the register's stat(2): size,
// modification and change time, inode — and only when stat says the file changed but not
// its size, by the checksum of its bytes (the same bytes: the index is re-stamped, not made
// again). Two writers never interleave on it: the one that changes the register writes the
// index under the register's lock; a reader that finds it stale makes it again and renames
// it into place; a reader that lost that race finds it stale again next time, never wrong.
#include "store/share_store.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

// An old index kept for taking a failed command's changes back up to this size; a bigger
// one is left as the command made it (it is stamped, so never taken for another state).
constexpr std::size_t index_undo_limit = 8u << 20;

// The index file as it is, to take a failed command's change back; nullopt if absent or
// too big to keep (not even read then: `big` says so).
std::optional<std::string> old_index(const fs::path& path, bool& big) {
    const FileStamp st = stamp_of(path);
    big = st.exists && static_cast<std::size_t>(st.size) > index_undo_limit;
    return st.exists && !big ? fsio::read_file_if_exists(path) : std::nullopt;
}

// The data of `keys` (nullopt: none) from `index`.
std::vector<std::optional<std::string>> look_up(const RecordIndex& index, const std::vector<std::string>& keys) {
    std::vector<std::optional<std::string>> out;
    out.reserve(keys.size());
    for (const auto& k : keys) out.push_back(index.find(k));
    return out;
}

}  // namespace

fs::path ShareStore::index_of(const RecordRef& record) const { return share_.state_of(path_of(record)) / "index"; }

std::optional<RecordIndex> ShareStore::current_index(const RecordRef& record, bool restamp) {
    const fs::path path = index_of(record);
    auto index = RecordIndex::open(path);
    if (!index) return std::nullopt;
    const SharedFile f = shared(record);
    const IndexStamp& made = index->stamp();
    const std::int64_t highest = f.highest_claimed();
    if (made.generation != highest) return std::nullopt;
    const FileStamp now = stamp_of(f.file());
    if (now.same_file(made.file)) return index;
    // Touched, copied back, restored by gefest check: the same size may be the same bytes.
    if (!now.exists || !made.file.exists || !made.from_file || now.size != made.file.size) return std::nullopt;
    auto bytes = fsio::read_file_if_exists(f.file());
    if (!bytes || !stamp_of(f.file()).same_file(now) || fsio::checksum(*bytes) != made.file.checksum) return std::nullopt;
    if (!restamp) return index;
    IndexStamp stamp = made;
    stamp.file = now;
    stamp.file.checksum = made.file.checksum;
    try {
        bool big = false;
        const auto before = old_index(path, big);
        restamp_record_index(path, stamp);
        if (before) remember([path, before] { fsio::write_atomic(path, *before); }, before->size());
        if (auto again = RecordIndex::open(path)) return again;
    } catch (const Error&) {
        // Not written (a read-only share): the index as it was still answers.
    }
    return index;
}

namespace {

// The index made again from the register as read now (`read_now`); `before` is what was in
// its place. No index if the register changed while it was read (a writer committed and
// wrote a newer one: this one is not put in place).
struct Made {
    std::optional<RecordIndex> index;
    std::optional<std::string> before;
    bool big = false;  // there was one, too big to keep
    bool written = false;
};

Made make_index(const ShareStore& store, const RecordRef& record, const IndexRows& rows, std::optional<Snapshot>& read_now) {
    const fs::path path = store.index_of(record);
    const SharedFile f = shared_file(store.share(), store.me(), store.path_of(record));
    read_now = store.read(record);
    const Snapshot& snap = *read_now;
    const IndexStamp stamp{snap.claimed, snap.file, snap.content_is_file};
    Made out;
    out.before = old_index(path, out.big);
    auto unchanged = [&] { return f.highest_claimed() == snap.claimed && stamp_of(f.file()).same_file(snap.file); };
    out.written = write_record_index(path, stamp, [&](const IndexEmit& emit) { rows(snap, emit); }, unchanged);
    if (out.written) out.index = RecordIndex::open(path);
    return out;
}

}  // namespace

std::optional<RecordIndex> ShareStore::rebuild_index(const RecordRef& record, const IndexRows& rows, std::optional<Snapshot>& read_now) {
    const fs::path path = index_of(record);
    Made made = make_index(*this, record, rows, read_now);
    if (!made.written) return std::nullopt;
    // A failing command takes it back, as everything it wrote.
    if (!made.before && !made.big) {
        remember([path] { fsio::remove_file(path); });
    } else if (made.before) {
        const std::size_t bytes = made.before->size();
        remember([path, before = std::move(*made.before)] { fsio::write_atomic(path, before); }, bytes);
    }
    return std::move(made.index);
}

std::vector<std::optional<std::string>> ShareStore::find_indexed(const RecordRef& record, const std::vector<std::string>& keys,
                                                                 const IndexRows& rows) {
    try {
        if (auto index = current_index(record, true)) return look_up(*index, keys);
    } catch (const Error& e) {
        if (e.code() != Errc::data) throw;  // damaged: made again below
    }
    std::optional<Snapshot> snap;
    try {
        if (auto index = rebuild_index(record, rows, snap)) return look_up(*index, keys);
    } catch (const Error& e) {
        if (e.code() != Errc::io && e.code() != Errc::busy) throw;  // not written: answered from what was read
    }
    if (!snap) snap = read(record);
    std::vector<std::optional<std::string>> out(keys.size());
    rows(*snap, [&](const IndexRow& row) {
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (!out[i] && std::find(row.keys.begin(), row.keys.end(), keys[i]) != row.keys.end()) out[i] = row.data;
    });
    return out;
}

void ShareStore::with_index(const RecordRef& record, const IndexRows& rows, const std::function<void(const RecordIndex&)>& use,
                            const std::function<void(const Snapshot&)>& fallback) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::optional<RecordIndex> index;
        std::optional<Snapshot> snap;
        try {
            index = current_index(record, true);
            if (!index) index = rebuild_index(record, rows, snap);
        } catch (const Error& e) {
            if (e.code() != Errc::data && e.code() != Errc::io && e.code() != Errc::busy) throw;
            if (e.code() == Errc::data && snap) throw;  // the register's own fault, from `rows`
        }
        if (index) {
            try {
                use(*index);
            } catch (const Error& e) {
                if (e.code() != Errc::data) throw;
                fsio::remove_file(index_of(record));  // damaged: made again
                continue;
            }
            return;
        }
        fallback(snap ? *snap : read(record));
        return;
    }
    fallback(read(record));
}

void ShareStore::for_each_indexed(const RecordRef& record, const IndexRows& rows, const std::function<void(const std::string& data)>& visit) {
    // Read whole before the first visit, so a row found damaged half-way is made again
    // rather than visited twice.
    std::vector<std::string> all;
    with_index(
        record, rows,
        [&](const RecordIndex& index) {
            all.clear();
            index.for_each([&](const IndexRow& row) { all.push_back(row.data); });
        },
        [&](const Snapshot& snap) {
            all.clear();
            rows(snap, [&](const IndexRow& row) { all.push_back(row.data); });
        });
    for (const auto& data : all) visit(data);
}

std::vector<std::string> ShareStore::search_indexed(const RecordRef& record, const std::vector<std::string>& needles, const IndexRows& rows,
                                                    const std::function<bool(const std::string& data)>& keep) {
    std::vector<std::string> out;
    auto take = [&](const IndexRow& row) {
        if (keep(row.data)) out.push_back(row.data);
    };
    with_index(
        record, rows,
        [&](const RecordIndex& index) {
            out.clear();
            index.search(needles, take);
        },
        [&](const Snapshot& snap) {
            out.clear();
            rows(snap, take);
        });
    return out;
}

std::map<std::string, std::int64_t> ShareStore::tally_indexed(const RecordRef& record, const IndexRows& rows) {
    std::map<std::string, std::int64_t> out;
    with_index(
        record, rows,
        [&](const RecordIndex& index) {
            out.clear();
            for (auto& [label, n] : index.tally()) out[label] += n;
        },
        [&](const Snapshot& snap) {
            out.clear();
            rows(snap, [&](const IndexRow& row) {
                for (const auto& label : row.tally) ++out[label];
            });
        });
    return out;
}

std::int64_t ShareStore::change_indexed(const RecordRef& record, const RecordChange& change, const IndexAfter& index_after) {
    const fs::path path = index_of(record);
    return change_with(record, change, [&](std::int64_t generation, const FileStamp& written) {
        try {
            bool big = false;
            const auto before = old_index(path, big);
            write_record_index(path, IndexStamp{generation, written, true}, index_after);
            if (!before && !big) remember([path] { fsio::remove_file(path); });
            else if (before) remember([path, before] { fsio::write_atomic(path, *before); }, before->size());
        } catch (const Error&) {
            // The register is committed; the index is found stale and made by the next look-up.
        }
    });
}

void ShareStore::check_index(const RecordRef& record, const IndexRows& rows, bool repair, StoreCheck& out) {
    const fs::path path = index_of(record);
    const bool existed = fsio::exists(path);
    bool damaged = existed && !RecordIndex::open(path) && !RecordIndex::other_format(path);
    try {
        if (auto index = current_index(record, repair)) {
            index->verify();  // every part: rows, offsets, search table and lists, tally
            return;
        }
    } catch (const Error& e) {
        if (e.code() != Errc::data) throw;
        damaged = true;
    }
    if (!existed) return;  // made by the next look-up: a fresh share stays untouched
    if (!repair) {
        // Out of date is usual (a hand edit, a command taken back): the next look-up makes it.
        if (damaged)
            out.problems.push_back({path.string(), 0, tr("the index of the register is damaged; the next look-up or 'gefest check --repair' makes it again"), true});
        return;
    }
    std::optional<Snapshot> snap;
    make_index(*this, record, rows, snap);  // a repair stays, whatever else check finds: not taken back
    if (existed) out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: made again from {}")), path.string(), name(record)));
}

}  // namespace gefest
