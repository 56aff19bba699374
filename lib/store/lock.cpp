#include "store/lock.h"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

std::string format_owner(const LockOwner& o) {
    return fmt::format("login={}\nhost={}\npid={}\nboot_id={}\npid_start={}\ntoken={}\nstarted={}\nlease_until={}\nend=1\n",
                       o.who.login, o.who.host, o.who.pid, o.who.boot_id, o.who.pid_start, o.token, o.started,
                       o.lease_until);
}

double wait_limit(const LockOptions& options) {
    if (const char* s = std::getenv("GEFEST_LOCK_WAIT")) return std::atof(s);
    return options.wait_seconds;
}

// Tokens of this process's locks whose file could not be removed on release (an I/O
// error): the file names a live process, but nobody holds it any more, so the next
// acquire in this process (a later change of the same command, or taking it back) breaks
// it instead of waiting for itself.
std::mutex abandoned_mutex;
std::set<std::string> abandoned_tokens;

bool is_abandoned(const std::string& token) {
    std::lock_guard<std::mutex> guard(abandoned_mutex);
    return abandoned_tokens.count(token) != 0;
}

// A lock file is stale when its owner is certainly gone. Owners on this machine are
// asked directly (pid + start time + boot id); others by their lease against the file
// server's clock, never ours: office PCs' clocks disagree.
bool is_stale(const LockOwner& owner, bool parsed, const fs::path& lock_path, const Identity& me, std::int64_t server_time) {
    if (parsed && is_abandoned(owner.token)) return true;
    if (!parsed) {
        // Torn or empty: the holder died between creating and writing it, or is writing
        // it right now. Give it one lease measured by the file's own mtime.
        auto mt = fsio::mtime_of(lock_path);
        return mt && server_time > *mt + 60;
    }
    if (owner.who.host == me.host && owner.who.boot_id == me.boot_id) return !owner.who.alive_locally();
    if (owner.who.host == me.host && owner.who.boot_id != me.boot_id && !owner.who.boot_id.empty()) return true;
    return server_time > owner.lease_until;
}

}  // namespace

bool parse_lock_owner(const std::string& text, LockOwner& out) {
    std::istringstream in(text);
    std::string line;
    bool complete = false;
    LockOwner o;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "login") o.who.login = value;
        else if (key == "host") o.who.host = value;
        else if (key == "pid") o.who.pid = std::atoi(value.c_str());
        else if (key == "boot_id") o.who.boot_id = value;
        else if (key == "pid_start") o.who.pid_start = std::atoll(value.c_str());
        else if (key == "token") o.token = value;
        else if (key == "started") o.started = value;
        else if (key == "lease_until") o.lease_until = std::atoll(value.c_str());
        else if (key == "end") complete = true;
    }
    if (!complete) return false;
    out = o;
    return true;
}

std::string describe_owner(const LockOwner& o) {
    return fmt::format(fmt::runtime(tr("{} on {} (pid {}) since {}")), o.who.login, o.who.host, o.who.pid, o.started);
}

Lock Lock::acquire(const fs::path& path, const Identity& me, LockOptions options) {
    fsio::make_dirs(path.parent_path());
    const fs::path breaker = path.string() + ".break";
    const auto started = std::chrono::steady_clock::now();
    const double limit = wait_limit(options);

    LockOwner mine;
    mine.who = me;
    mine.token = fsio::random_token();
    mine.started = now().iso();

    for (int attempt = 0;; ++attempt) {
        const std::int64_t server_time = fsio::server_now(path.parent_path());
        mine.lease_until = server_time + options.lease_seconds;
        if (fsio::create_exclusive(path, format_owner(mine))) return Lock(path, mine.token);

        auto text = fsio::read_file_if_exists(path);
        if (!text) continue;  // released between our attempt and the read: try again at once
        LockOwner holder;
        bool parsed = parse_lock_owner(*text, holder);
        if (is_stale(holder, parsed, path, me, server_time)) {
            // Breaking is itself serialised: only the process that creates the .break
            // file may remove the lock, and only the very lock it judged stale.
            if (fsio::create_exclusive(breaker, format_owner(mine))) {
                auto again = fsio::read_file_if_exists(path);
                if (again && *again == *text) fsio::remove_file(path);
                fsio::remove_file(breaker);
                continue;
            }
            // Someone else is breaking it. A breaker that died leaves its .break behind;
            // it is cleared once it is a minute old by the server's clock.
            // The window this leaves (two clearers of one dead breaker) needs a breaker
            // dead for a minute and two racers within milliseconds; both would then
            // still only remove the very lock they judged stale.
            auto mt = fsio::mtime_of(breaker);
            if (mt && server_time > *mt + 60) fsio::remove_file(breaker);
        }
        double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (waited >= limit) {
            std::string who = parsed ? describe_owner(holder) : tr("a process that did not finish writing the lock file");
            throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' is locked by {}; try again in a minute, or ask them to finish")),
                                                options.subject.empty() ? path.string() : options.subject, who));
        }
        fsio::backoff_sleep(attempt);
    }
}

Lock::Lock(Lock&& other) noexcept : path_(std::move(other.path_)), token_(std::move(other.token_)) { other.token_.clear(); }

Lock::~Lock() {
    try {
        release();
    } catch (...) {
        // A lock we could not remove is stale once we are gone; others will break it.
    }
}

void Lock::release() {
    if (token_.empty()) return;
    std::string token = std::move(token_);
    token_.clear();
    auto text = fsio::read_file_if_exists(path_);
    LockOwner owner;
    if (!text || !parse_lock_owner(*text, owner) || owner.token != token) return;
    try {
        fsio::remove_file(path_);
    } catch (...) {
        std::lock_guard<std::mutex> guard(abandoned_mutex);
        abandoned_tokens.insert(token);
        throw;
    }
}

}  // namespace gefest
