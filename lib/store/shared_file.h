// A file several people change (DESIGN.md rule 3): the client base, an order's
// заказ.toml, the stock register. Every committed state is first written as an
// immutable, numbered version under .gefest/state/<file>/v/<N>, claimed with O_EXCL,
// and only then copied over the human-facing file. So:
//  - two writers can never both commit generation N (the server decides the claim);
//  - a stale cached copy of the human-facing file is recognised (it matches an older
//    version) and never used as the base of a change;
//  - a hand edit (Excel, Notepad) is recognised (it matches no version and is newer)
//    and becomes the base of the next generation after the caller has validated it;
//  - a file being written while it is read (its size or time changes, or it has not
//    settled yet) is read again, never taken for a hand edit;
//  - of a register with keyed rows (set_row_key), a hand edit is told against the kept
//    versions (store/hand_edit.h): one that lost rows is refused by update and nothing is
//    written;
//    a copy of an older version saved over a newer one (a save-over) is merged into the
//    latest version when the rows do not overlap, else refused: the next update puts the
//    copy beside the file («<name> (правка <login> <time>).<ext>») and restores the latest
//    version, so both are kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "base/identity.h"
#include "store/hand_edit.h"
#include "store/lock.h"

namespace gefest {

/// The file people open as stat(2) saw it when it was read, and the checksum of the bytes
/// read: what a derived file (an index, store/record_index.h) was made from.
struct FileStamp {
    bool exists = false;
    std::int64_t size = 0, mtime_sec = 0, mtime_nsec = 0, ctime_sec = 0, ctime_nsec = 0, inode = 0;
    std::string checksum;  ///< fsio::checksum of its bytes ("" if not read)
    /// The same file as far as stat(2) tells (everything but the checksum equal): a write
    /// changes the size, the modification or change time (ctime cannot be set back by
    /// touch), or the inode (a save by rename).
    bool same_file(const FileStamp& other) const {
        return exists == other.exists && size == other.size && mtime_sec == other.mtime_sec && mtime_nsec == other.mtime_nsec &&
               ctime_sec == other.ctime_sec && ctime_nsec == other.ctime_nsec && inode == other.inode;
    }
};

/// stat(2) of `path` (checksum empty; exists false if it cannot be stat'ed).
FileStamp stamp_of(const std::filesystem::path& path);

/// The current state of a shared file.
struct Snapshot {
    std::optional<std::string> content;  ///< nullopt: the file does not exist yet
    std::int64_t generation = 0;         ///< 0: never written through gefest
    bool hand_edited = false;            ///< content is a hand edit newer than the last version
    std::int64_t claimed = 0;            ///< highest version name taken, incl. a dead writer's torn one
    /// Set when the file people open is a hand edit: what it did against its base. If
    /// hand_edit->refused() the edit is not taken: SharedFile::update refuses it (content
    /// is the edit if it lost rows, else the latest version).
    std::optional<HandEdit> hand_edit;
    /// The file people open as it was read (exists false: absent, or not read).
    FileStamp file;
    /// content is exactly the bytes of the file people open as read (not a version read
    /// instead of a stale copy, not a merged save-over).
    bool content_is_file = false;
};

/// Called by SharedFile::update after it committed `generation` on a base that was a hand
/// edit (`taken.hand_edited`, `taken.hand_edit` says what it did): to journal it.
using HandEditTaken = std::function<void(const Snapshot& taken, std::int64_t generation)>;

/// Called by SharedFile::update under the lock once it committed `generation`, with the
/// file people open as written (its checksum filled in): to bring what is derived from
/// the file up to date before another writer can change it.
using Committed = std::function<void(std::int64_t generation, const FileStamp& written)>;

class SharedFile {
public:
    /// `file` is the human-facing file; `state_dir` its private folder in .gefest/state.
    SharedFile(std::filesystem::path file, std::filesystem::path state_dir, Identity me);

    /// The latest committed state, without locking. Never a torn or half-written one: a
    /// file that changes while it is read is read again (Error(busy) if it never settles).
    /// A hand edit of a keyed register reads with hand_edit saying what it did: one that
    /// lost rows as it is (hand_edited; its readers report its broken rows first, and
    /// update refuses it); a conflicting save-over as the latest version (not taken); one
    /// without conflict as the latest version with the edit merged in (hand_edited).
    Snapshot read() const;

    /// The same as read (gefest check uses it to tell the cases apart).
    Snapshot examine() const;

    /// Under the lock, if the file people open is a refused hand edit: it is put beside as
    /// «<stem> (правка <login> <time>)<ext>» and the latest version copied over it. Returns
    /// the copy's path ("" if there was nothing to set aside). Error(io).
    std::filesystem::path set_aside();

    /// Locked read-modify-write. `change` gets the current state and returns the new
    /// content, or nullopt to leave the file as it is (then nothing is written). It may
    /// be called more than once if a stale read is detected, so it must not have side
    /// effects beyond computing the content; it may throw to abort. Returns the new
    /// generation (or the unchanged one: `change` returned nullopt, or the bytes of the
    /// latest version when the file people open is that version — nothing is written). `taken`, if given, is called once a version was
    /// committed on a hand-edited base. A refused hand edit throws as read does, and writes
    /// nothing — except a conflicting save-over, which is first set aside (set_aside), so
    /// the message names the copy and the next command works on the latest version.
    std::int64_t update(const std::function<std::optional<std::string>(const Snapshot&)>& change, const HandEditTaken& taken = {});

    /// The highest version name taken (a dead writer's torn one included): part of what a
    /// derived file was made from, listed without reading any version.
    std::int64_t highest_claimed() const;

    /// Makes a register with keyed rows of this file (see the header comment).
    void set_row_key(RowKey key) { key_ = std::move(key); }

    /// What one update() replaced: enough to take it back byte for byte.
    struct Replaced {
        std::int64_t generation = 0;                ///< the generation it committed (0: none)
        std::optional<std::string> file_before;     ///< the human-facing file's bytes before (nullopt: absent)
        std::optional<std::string> pruned_version;  ///< the oldest kept version it removed, as it was
        /// Set by the caller: bytes above this are not kept (not even read); `unkept` says
        /// how many were not, and then the change cannot be taken back.
        std::size_t keep_limit = static_cast<std::size_t>(-1);
        std::size_t unkept = 0;
    };
    /// update() that also says, in `replaced`, what it replaced; `committed`, if given, is
    /// called under the lock after a commit (its exceptions are the caller's to catch).
    std::int64_t update(const std::function<std::optional<std::string>(const Snapshot&)>& change, Replaced& replaced,
                        const HandEditTaken& taken = {}, const Committed& committed = {});
    /// Takes back the change `replaced` describes (a command that failed after it): under
    /// the lock, and only while nobody has committed past it and all it replaced was kept (else returns false and
    /// leaves the file as it is). The human-facing file gets its bytes back before the
    /// version goes, so a crash in between leaves the change committed, never a hand edit.
    /// Throws Error(io)/Error(busy) as update() does.
    bool take_back(const Replaced& replaced);

    /// Overrides the lock wait (tests) and names the file in lock messages.
    void set_lock_options(LockOptions options) { lock_options_ = std::move(options); }

    const std::filesystem::path& file() const { return file_; }

    /// How many committed versions are kept for recognising stale and hand-edited copies,
    /// and the bases of save-overs: a copy kept open across more gefest writes of the file
    /// than this is told against the oldest kept version.
    static constexpr int kept_versions = 20;

private:
    struct Version {
        std::int64_t generation = 0;
        std::string sum;
        std::string content;
        std::uint64_t size = 0;  ///< of the content (read_version_head reads no content)
    };
    std::optional<Version> read_version(std::int64_t generation) const;
    std::optional<Version> read_version_head(std::int64_t generation) const;
    std::optional<std::string> read_settled(const std::function<bool(const std::string&)>& known, FileStamp& stamp) const;
    HandEdit analyse(const std::string& edit, const Version& latest) const;
    Snapshot examine_from(std::int64_t highest) const;
    std::filesystem::path set_aside_locked(const Snapshot& latest);

    std::filesystem::path file_;
    std::filesystem::path versions_;
    std::filesystem::path lock_path_;
    Identity me_;
    LockOptions lock_options_;
    RowKey key_;
};

}  // namespace gefest
