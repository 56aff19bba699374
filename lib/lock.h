// Lock files on the share (DESIGN.md rules 3 and 5): a lock is a file created with
// O_EXCL that names its owner; a dead owner's lock is broken by exactly one breaker.
//
// Files beside a lock X.lock (in gefest: .gefest/state/PATH/lock):
//   X.lock        the lock. Only its O_EXCL creation decides who holds it.
//   X.lock.break  the exclusive ticket of whoever removes a stale X.lock.
//   X.lock.next   the turn: which waiter is next. Advisory, for fairness only.
//
// Taking turns. With back-off alone, a process that has waited long sleeps long between
// tries, while a newcomer (or the holder re-taking the lock in a loop) tries at once: the
// old waiter starves and fails with busy. So:
//   - A waiter that has waited turn_after (0.2 s) claims the turn: it creates X.lock.next
//     with O_EXCL, naming itself like a lock file (a fresh token). It then tries X.lock
//     every 15 ms, re-creates its claim every 2 s (so its mtime stays fresh), and removes
//     it when it has the lock or gives up (throws): RAII, nothing is left behind.
//   - While another process's fresh X.lock.next exists, nobody else tries to create
//     X.lock (newcomers and the holder coming back alike): they sleep. Before the turn
//     they back off 10, 20, 40 … ms with jitter; after it, they poll X.lock.next every
//     30–100 ms at random to claim the next turn, so among long waiters chance decides,
//     not who started first or last.
//   - A claim is stale when its owner on this machine is gone (pid + start time, or the
//     machine rebooted) or when it is older than turn_stale_seconds by the file server's
//     clock (a killed owner on another machine, a hung one, a torn file). Whoever sees a
//     stale claim removes it, but only if it still has the text judged stale.
// Correctness never depends on X.lock.next: its content is read from a possibly cached
// copy, two waiters may both believe they have the turn, or a claim may be lost; then both
// simply try X.lock and O_EXCL decides. The worst a wrong or lost claim does is cost some
// fairness, or delay others by at most turn_stale_seconds (an owner killed on another PC).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "identity.h"

namespace gefest {

/// A turn claim (X.lock.next) older than this by the file server's clock is abandoned:
/// its owner re-creates it every 2 s while it waits.
constexpr std::int64_t turn_stale_seconds = 6;

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
    /// clock). Waiters take turns (see above), so a process that re-takes the lock in a
    /// loop cannot starve one that has waited. Throws Error(busy) naming the holder after
    /// `wait_seconds`.
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

/// True when the turn claim `next_path` (an X.lock.next file) whose text is `text` is
/// abandoned: its owner on this machine is gone, or it is older than turn_stale_seconds
/// by the file server's clock `server_time` (see fsio::server_now).
bool turn_claim_is_stale(const std::filesystem::path& next_path, const std::string& text, const Identity& me,
                         std::int64_t server_time);

/// One line for messages: "ivanova on pc-12 (pid 4711) since 2026-11-27T10:02:11".
std::string describe_owner(const LockOwner& owner);

}  // namespace gefest
