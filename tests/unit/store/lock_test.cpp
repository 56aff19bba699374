#include "store/lock.h"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "base/error.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;
using gefest::testing::set_mtime;

namespace {

Identity me() {
    Identity id = Identity::current();
    id.login = "petrov";
    id.host = "pc-7";
    return id;
}

// The lock file another process would have written.
std::string lock_text(const Identity& who, const std::string& token, std::int64_t lease_until) {
    return "login=" + who.login + "\nhost=" + who.host + "\npid=" + std::to_string(who.pid) + "\nboot_id=" + who.boot_id +
           "\npid_start=" + std::to_string(who.pid_start) + "\ntoken=" + token + "\nstarted=2026-11-27T10:02:11\nlease_until=" +
           std::to_string(lease_until) + "\nend=1\n";
}

LockOptions short_wait(double seconds = 0.5) {
    LockOptions o;
    o.wait_seconds = seconds;
    o.subject = "База клиентов.csv";
    return o;
}

// A pid that certainly belonged to a process of this machine that is gone now.
int dead_pid() {
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return static_cast<int>(child);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The message of the Error(busy) that acquiring `path` throws, and how long it took.
std::string busy_message(const std::filesystem::path& path, double wait, double* took = nullptr) {
    auto started = std::chrono::steady_clock::now();
    try {
        Lock::acquire(path, me(), short_wait(wait));
    } catch (const Error& e) {
        if (took) *took = seconds_since(started);
        CHECK(e.code() == Errc::busy);
        return e.what();
    }
    FAIL("the lock was acquired although it is held");
    return {};
}

}  // namespace

TEST_CASE("lock: acquire writes the owner, release removes it, the name is free again") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "state/a/lock";  // its folder is created
    {
        Lock lock = Lock::acquire(path, me(), short_wait());
        CHECK(lock.path() == path);
        LockOwner owner;
        REQUIRE(parse_lock_owner(fsio::read_file(path), owner));
        CHECK(owner.who.login == "petrov");
        CHECK(owner.who.host == "pc-7");
        CHECK(owner.who.pid == ::getpid());
        CHECK_FALSE(owner.token.empty());
        CHECK(owner.lease_until > fsio::server_now(tmp.path()) + 200);  // the default lease is 300 s
        lock.release();
        CHECK_FALSE(fsio::exists(path));
        lock.release();  // twice is harmless
    }
    {
        Lock again = Lock::acquire(path, me(), short_wait());
        CHECK(fsio::exists(path));
    }  // the destructor releases too
    CHECK_FALSE(fsio::exists(path));
    CHECK(fsio::list_dir(path.parent_path()).empty());  // no .break, no clock probe left
}

TEST_CASE("lock: a second acquire waits, then fails with busy naming the holder") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    Lock held = Lock::acquire(path, me(), short_wait());
    const std::string before = fsio::read_file(path);
    double took = 0;
    const std::string message = busy_message(path, 0.5, &took);
    CHECK(message.find("База клиентов.csv") != std::string::npos);
    CHECK(message.find("petrov") != std::string::npos);
    CHECK(message.find("pc-7") != std::string::npos);
    CHECK(message.find(std::to_string(::getpid())) != std::string::npos);
    CHECK(took >= 0.5);
    CHECK(took < 2.0);  // the wait is bounded by wait_seconds, not the default 15 s
    CHECK(fsio::read_file(path) == before);  // a live holder's lock is never broken
}

TEST_CASE("lock: GEFEST_LOCK_WAIT overrides the wait") {
    TempFolder tmp;
    const auto path = tmp / "lock";
    Lock held = Lock::acquire(path, me(), short_wait());
    ScopedEnv wait("GEFEST_LOCK_WAIT", "0.2");
    double took = 0;
    busy_message(path, 30, &took);
    CHECK(took < 2.0);
}

TEST_CASE("lock: a lock naming a dead process of this machine is broken") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    Identity dead = me();
    dead.login = "ivanova";
    dead.pid = dead_pid();
    dead.pid_start = 0;
    REQUIRE(fsio::create_exclusive(path, lock_text(dead, "deadbeef", fsio::server_now(tmp.path()) + 3600)));
    Lock lock = Lock::acquire(path, me(), short_wait());
    LockOwner owner;
    REQUIRE(parse_lock_owner(fsio::read_file(path), owner));
    CHECK(owner.who.login == "petrov");
    CHECK(owner.token != "deadbeef");
    CHECK_FALSE(fsio::exists(path.string() + ".break"));
}

TEST_CASE("lock: a lock of this host from before a reboot is broken") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    Identity before_reboot = me();
    before_reboot.boot_id = "00000000-0000-0000-0000-000000000000";  // our pid, another boot
    REQUIRE(fsio::create_exclusive(path, lock_text(before_reboot, "old", fsio::server_now(tmp.path()) + 3600)));
    Lock lock = Lock::acquire(path, me(), short_wait());
    LockOwner owner;
    REQUIRE(parse_lock_owner(fsio::read_file(path), owner));
    CHECK(owner.token != "old");
}

TEST_CASE("lock: another host's lock is broken past its lease by the server clock, not within it") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    Identity other;
    other.login = "sidorova";
    other.host = "pc-3";
    other.pid = ::getpid();  // a pid alive here means nothing for another machine
    other.boot_id = "another-machine";
    const std::int64_t server = fsio::server_now(tmp.path());

    SUBCASE("within the lease: respected") {
        REQUIRE(fsio::create_exclusive(path, lock_text(other, "theirs", server + 300)));
        const std::string message = busy_message(path, 0.3);
        CHECK(message.find("sidorova on pc-3") != std::string::npos);
        LockOwner owner;
        REQUIRE(parse_lock_owner(fsio::read_file(path), owner));
        CHECK(owner.token == "theirs");
    }
    SUBCASE("past the lease: broken") {
        REQUIRE(fsio::create_exclusive(path, lock_text(other, "theirs", server - 5)));
        Lock lock = Lock::acquire(path, me(), short_wait());
        LockOwner owner;
        REQUIRE(parse_lock_owner(fsio::read_file(path), owner));
        CHECK(owner.who.login == "petrov");
    }
}

TEST_CASE("lock: a torn (empty) lock file is respected for a minute, then broken") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    REQUIRE(fsio::create_exclusive(path, ""));
    const std::int64_t server = fsio::server_now(tmp.path());

    SUBCASE("younger than 60 s: someone may be writing it right now") {
        set_mtime(path, server - 30);
        const std::string message = busy_message(path, 0.3);
        CHECK(message.find("did not finish writing") != std::string::npos);
        CHECK(fsio::read_file(path).empty());
    }
    SUBCASE("a half-written one (no end marker) is torn too") {
        fsio::write_atomic(path, "login=ivanova\nhost=pc-1\npid=1");
        set_mtime(path, server - 10);
        busy_message(path, 0.3);
    }
    SUBCASE("older than 60 s: its writer died") {
        set_mtime(path, server - 120);
        Lock lock = Lock::acquire(path, me(), short_wait());
        LockOwner owner;
        CHECK(parse_lock_owner(fsio::read_file(path), owner));
    }
}

TEST_CASE("lock: release leaves alone a lock that is no longer ours") {
    ScopedEnv no_override("GEFEST_LOCK_WAIT", std::nullopt);
    TempFolder tmp;
    const auto path = tmp / "lock";
    Lock lock = Lock::acquire(path, me(), short_wait());
    // Our lease ran out, someone broke the lock and took it: same file name, new token.
    Identity other = me();
    other.login = "sidorova";
    const std::string theirs = lock_text(other, "their-token", fsio::server_now(tmp.path()) + 300);
    fsio::write_atomic(path, theirs);
    lock.release();
    REQUIRE(fsio::exists(path));
    CHECK(fsio::read_file(path) == theirs);
}

TEST_CASE("lock: parse_lock_owner and describe_owner") {
    Identity who;
    who.login = "ivanova";
    who.host = "pc-12";
    who.pid = 4711;
    who.boot_id = "b";
    who.pid_start = 99;
    LockOwner o;
    REQUIRE(parse_lock_owner(lock_text(who, "t0k", 1800000000), o));
    CHECK(o.who.login == "ivanova");
    CHECK(o.who.pid_start == 99);
    CHECK(o.token == "t0k");
    CHECK(o.lease_until == 1800000000);
    CHECK(describe_owner(o) == "ivanova on pc-12 (pid 4711) since 2026-11-27T10:02:11");
    CHECK_FALSE(parse_lock_owner("", o));
    CHECK_FALSE(parse_lock_owner("login=x\nhost=y\n", o));
}
