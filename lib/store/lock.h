// Lock files on the share (DESIGN.md rules 3 and 5): a lock is a file created with
// O_EXCL that names its owner; a dead owner's lock is broken by exactly one breaker.
#pragma once

#include <filesystem>
#include <string>

#include "base/identity.h"

namespace gefest {

/// How long to wait and how long a lock may be held before others may break it.
struct LockOptions {
    double wait_seconds = 15;   ///< then Error(busy) naming the holder (GEFEST_LOCK_WAIT overrides)
    int lease_seconds = 300;    ///< a holder on another machine is presumed dead after this
    std::string subject;        ///< what the lock protects, for messages (default: the lock file)
};

/// What a lock file says about its holder.
struct LockOwner {
    Identity who;
    std::string token;         ///< unique per acquisition: only the owner's token releases
    std::string started;       ///< local time of the holder, for messages
    std::int64_t lease_until = 0;  ///< the file server's clock (seconds) after which it is stale
};

/// An acquired lock; released by the destructor (or release()).
class Lock {
public:
    /// Takes the lock `path` (a file name; its folder is created). Waits while another
    /// live process holds it; breaks a stale one (same machine: the owner's pid is gone
    /// or the machine rebooted; another machine: its lease has passed by the server's
    /// clock). Throws Error(busy) naming the holder after `wait_seconds`.
    static Lock acquire(const std::filesystem::path& path, const Identity& me, LockOptions options = {});

    Lock(Lock&& other) noexcept;
    Lock& operator=(Lock&&) = delete;
    Lock(const Lock&) = delete;
    ~Lock();

    /// Removes the lock file if it is still ours (a lock broken after our lease expired
    /// belongs to someone else now and is left alone).
    void release();

    const std::filesystem::path& path() const { return path_; }

private:
    Lock(std::filesystem::path path, std::string token) : path_(std::move(path)), token_(std::move(token)) {}
    std::filesystem::path path_;
    std::string token_;
};

/// Parses a lock file's text; false if it is empty or torn (a holder killed while
/// writing it: treated as stale once it is older than a lease).
bool parse_lock_owner(const std::string& text, LockOwner& out);

/// One line for messages: "ivanova on pc-12 (pid 4711) since 2026-11-27T10:02:11".
std::string describe_owner(const LockOwner& owner);

}  // namespace gefest
