#include "lock.h"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "fsio.h"
#include "i18n.h"

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

constexpr double turn_after_seconds = 0.2;  // a waiter claims the turn after waiting this long
constexpr double turn_poll_ms = 15;         // the turn's owner tries the lock this often
constexpr double turn_renew_seconds = 2;    // and re-creates its claim this often (fresh mtime)

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Sleeps a random time in [lo_ms, hi_ms], scaled like fsio::backoff_sleep
// (GEFEST_RETRY_SCALE). The randomness keeps waiters from trying in lock step.
void sleep_between(double lo_ms, double hi_ms) {
    static const double scale = [] {
        const char* s = std::getenv("GEFEST_RETRY_SCALE");
        return s ? std::atof(s) : 1.0;
    }();
    thread_local std::mt19937 rng;
    thread_local pid_t seeded_for = 0;
    if (seeded_for != ::getpid()) {  // again in a fork()ed child: no waiters in lock step
        seeded_for = ::getpid();
        rng.seed(std::random_device{}() ^ static_cast<unsigned>(seeded_for));
    }
    const double ms = std::uniform_real_distribution<double>(lo_ms, hi_ms)(rng);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(ms * 1000 * scale)));
}

// The back-off of a waiter without the turn: 10, 20, 40 … 400 ms, each between half and
// all of it at random.
void backoff_with_jitter(int attempt) {
    const double ms = std::min(10 << std::min(attempt, 5), 400);
    sleep_between(ms / 2, ms);
}

// Removes `path` only if it still holds `text` (the very file judged stale or ours). The
// moment between the read and the removal is left open: fairness files only order the
// waiters, the lock itself never depends on them.
void remove_if_unchanged(const fs::path& path, const std::string& text) {
    auto now = fsio::read_file_if_exists(path);
    if (now && *now == text) fsio::remove_file(path);
}

// Our claim of the turn (X.lock.next), given up by the destructor: whatever way
// acquire() ends, it never leaves its claim behind. Errors on these files are ignored
// (a full or read-only share fails on the lock itself): fairness is advisory.
class Turn {
public:
    explicit Turn(fs::path path) : path_(std::move(path)) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() { give_up(); }

    bool held() const { return !text_.empty(); }
    double age() const { return seconds_since(claimed_); }

    bool claim(const std::string& text) {
        try {
            if (!fsio::create_exclusive(path_, text)) return false;
        } catch (const Error&) {
            return false;
        }
        text_ = text;
        claimed_ = std::chrono::steady_clock::now();
        return true;
    }

    void give_up() noexcept {
        if (text_.empty()) return;
        std::string text = std::move(text_);
        text_.clear();
        try {
            remove_if_unchanged(path_, text);
        } catch (...) {
            // Left behind: stale once we are gone or it is old; others remove it.
        }
    }

private:
    fs::path path_;
    std::string text_;
    std::chrono::steady_clock::time_point claimed_;
};

// A lock file is stale when its owner is certainly gone. Owners on this machine are
// asked directly (pid + start time + boot id); others by their lease against the file
// server's clock, never ours: office PCs' clocks disagree.
bool is_stale(const LockOwner& owner, bool parsed, const fs::path& lock_path, const Identity& me, std::int64_t server_time) {
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

bool turn_claim_is_stale(const fs::path& next_path, const std::string& text, const Identity& me, std::int64_t server_time) {
    LockOwner owner;
    if (parse_lock_owner(text, owner) && owner.who.host == me.host) {
        if (owner.who.boot_id == me.boot_id) {
            if (!owner.who.alive_locally()) return true;
        } else if (!owner.who.boot_id.empty()) {
            return true;  // claimed before this machine rebooted
        }
    }
    // Live owners re-create their claim every turn_renew_seconds: an older one is
    // abandoned (its owner was killed on another machine, hangs, or the file is torn).
    auto mt = fsio::mtime_of(next_path);
    return mt && server_time > *mt + turn_stale_seconds;
}

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
    Turn turn(path.string() + ".next");

    for (int attempt = 0;;) {
        const std::int64_t server_time = fsio::server_now(path.parent_path());
        mine.lease_until = server_time + options.lease_seconds;
        const double waited = seconds_since(started);

        // Whose turn is it? See lock.h: waiting long enough earns the turn; while another
        // process has it we do not compete for the lock. Nothing here can make two
        // holders: only the O_EXCL creation of the lock below decides.
        std::optional<LockOwner> other_turn;  // set while another waiter has the turn
        bool other_turn_torn = false;
        if (turn.held() && turn.age() > turn_renew_seconds) turn.give_up();  // re-claimed at once below
        if (!turn.held()) {
            try {
                LockOwner claim = mine;
                claim.lease_until = server_time + turn_stale_seconds;
                if (!(waited >= turn_after_seconds && turn.claim(format_owner(claim)))) {
                    const fs::path next = path.string() + ".next";
                    if (auto text = fsio::read_file_if_exists(next)) {
                        if (turn_claim_is_stale(next, *text, me, server_time)) {
                            remove_if_unchanged(next, *text);  // then try the lock at once
                        } else {
                            LockOwner owner;
                            other_turn_torn = !parse_lock_owner(*text, owner);
                            other_turn = owner;
                        }
                    }
                }
            } catch (const Error&) {
                // An unreadable or unremovable turn file: wait as if there were none.
            }
        }

        std::optional<std::string> held_by;  // the lock file's text when someone holds it
        if (!other_turn) {
            if (fsio::create_exclusive(path, format_owner(mine))) {
                turn.give_up();
                return Lock(path, mine.token);
            }
            held_by = fsio::read_file_if_exists(path);
            if (!held_by) continue;  // released between our attempt and the read: try again at once
            LockOwner holder;
            bool parsed = parse_lock_owner(*held_by, holder);
            if (is_stale(holder, parsed, path, me, server_time)) {
                // Breaking is itself serialised: only the process that creates the .break
                // file may remove the lock, and only the very lock it judged stale.
                if (fsio::create_exclusive(breaker, format_owner(mine))) {
                    auto again = fsio::read_file_if_exists(path);
                    if (again && *again == *held_by) fsio::remove_file(path);
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
        }

        if (waited >= limit) {
            // Name the lock's holder; while another waiter has the turn and the lock is
            // free for a moment, name that waiter.
            if (!held_by) held_by = fsio::read_file_if_exists(path);
            LockOwner who;
            bool parsed = false;
            if (held_by) parsed = parse_lock_owner(*held_by, who);
            else if (other_turn) {
                who = *other_turn;
                parsed = !other_turn_torn;
            }
            std::string named = parsed ? describe_owner(who) : tr("a process that did not finish writing the lock file");
            throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' is locked by {}; try again in a minute, or ask them to finish")),
                                                options.subject.empty() ? path.string() : options.subject, named));
        }
        if (turn.held()) sleep_between(turn_poll_ms, turn_poll_ms);   // first in line: watch closely
        else if (waited >= turn_after_seconds) sleep_between(30, 100);  // waiting for the turn
        else backoff_with_jitter(attempt++);
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
    if (text && parse_lock_owner(*text, owner) && owner.token == token) fsio::remove_file(path_);
}

}  // namespace gefest
