// A file several people change (DESIGN.md rule 3): the client base, an order's
// заказ.toml, the stock register. Every committed state is first written as an
// immutable, numbered version under .gefest/state/<file>/v/<N>, claimed with O_EXCL,
// and only then copied over the human-facing file. So:
//  - two writers can never both commit generation N (the server decides the claim);
//  - a stale cached copy of the human-facing file is recognised (it matches an older
//    version) and never used as the base of a change;
//  - a hand edit (Excel, Notepad) is recognised (it matches no version and is newer)
//    and becomes the base of the next generation after the caller has validated it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "base/identity.h"
#include "store/lock.h"

namespace gefest {

/// The current state of a shared file.
struct Snapshot {
    std::optional<std::string> content;  ///< nullopt: the file does not exist yet
    std::int64_t generation = 0;         ///< 0: never written through gefest
    bool hand_edited = false;            ///< content is a hand edit newer than the last version
    std::int64_t claimed = 0;            ///< highest version name taken, incl. a dead writer's torn one
};

class SharedFile {
public:
    /// `file` is the human-facing file; `state_dir` its private folder in .gefest/state.
    SharedFile(std::filesystem::path file, std::filesystem::path state_dir, Identity me);

    /// The latest committed state, without locking. Never a torn or half-written one.
    Snapshot read() const;

    /// Locked read-modify-write. `change` gets the current state and returns the new
    /// content, or nullopt to leave the file as it is (then nothing is written). It may
    /// be called more than once if a stale read is detected, so it must not have side
    /// effects beyond computing the content; it may throw to abort. Returns the new
    /// generation (or the unchanged one).
    std::int64_t update(const std::function<std::optional<std::string>(const Snapshot&)>& change);

    /// What one update() replaced: enough to take it back byte for byte.
    struct Replaced {
        std::int64_t generation = 0;                ///< the generation it committed (0: none)
        std::optional<std::string> file_before;     ///< the human-facing file's bytes before (nullopt: absent)
        std::optional<std::string> pruned_version;  ///< the oldest kept version it removed, as it was
    };
    /// update() that also says, in `replaced`, what it replaced.
    std::int64_t update(const std::function<std::optional<std::string>(const Snapshot&)>& change, Replaced& replaced);
    /// Takes back the change `replaced` describes (a command that failed after it): under
    /// the lock, and only while nobody has committed past it (then returns false and
    /// leaves the file as it is). The human-facing file gets its bytes back before the
    /// version goes, so a crash in between leaves the change committed, never a hand edit.
    /// Throws Error(io)/Error(busy) as update() does.
    bool take_back(const Replaced& replaced);

    /// Overrides the lock wait (tests) and names the file in lock messages.
    void set_lock_options(LockOptions options) { lock_options_ = std::move(options); }

    const std::filesystem::path& file() const { return file_; }

    /// How many committed versions are kept for recognising stale and hand-edited copies.
    static constexpr int kept_versions = 5;

private:
    struct Version {
        std::int64_t generation = 0;
        std::string sum;
        std::string content;
    };
    std::optional<Version> read_version(std::int64_t generation) const;
    std::int64_t highest_claimed() const;

    std::filesystem::path file_;
    std::filesystem::path versions_;
    std::filesystem::path lock_path_;
    Identity me_;
    LockOptions lock_options_;
};

}  // namespace gefest
