#include "store/shared_file.h"

#include <doctest/doctest.h>

#include <mutex>
#include <thread>

#include "base/error.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;
using gefest::testing::set_mtime;
using gefest::testing::snapshot_tree;

namespace {

Identity tester() {
    Identity id = Identity::current();  // this process: its lock is never taken as stale
    id.login = "petrov";
    return id;
}

struct Fixture {
    TempFolder tmp;
    std::filesystem::path file = tmp / "Остатки.csv";
    std::filesystem::path state = tmp / ".gefest/state/Остатки.csv";
    std::filesystem::path version(std::int64_t n) const { return state / "v" / std::to_string(n); }

    SharedFile shared() const { return SharedFile(file, state, tester()); }

    // Sets the content to `text` through gefest; returns the new generation.
    std::int64_t put(const std::string& text) const {
        return shared().update([&](const Snapshot&) { return std::optional<std::string>(text); });
    }
};

std::int64_t now_seconds() { return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(); }

}  // namespace

TEST_CASE("shared_file: a never-written file reads as absent, generation 0") {
    Fixture f;
    Snapshot s = f.shared().read();
    CHECK_FALSE(s.content.has_value());
    CHECK(s.generation == 0);
    CHECK(s.claimed == 0);
    CHECK_FALSE(s.hand_edited);

    // A file that exists but was never written through gefest is read as it is.
    fsio::write_atomic(f.file, "made by hand\n");
    s = f.shared().read();
    REQUIRE(s.content.has_value());
    CHECK(*s.content == "made by hand\n");
    CHECK(s.generation == 0);
}

TEST_CASE("shared_file: updates create versions 1..n and the human-facing file") {
    Fixture f;
    std::vector<std::string> bases;
    for (int i = 1; i <= 3; ++i) {
        std::int64_t g = f.shared().update([&](const Snapshot& s) {
            bases.push_back(s.content.value_or("<none>"));
            CHECK(s.generation == i - 1);
            return std::optional<std::string>("value " + std::to_string(i) + "\n");
        });
        CHECK(g == i);
        CHECK(fsio::read_file(f.file) == "value " + std::to_string(i) + "\n");
        CHECK(fsio::exists(f.version(i)));
    }
    CHECK(bases == std::vector<std::string>{"<none>", "value 1\n", "value 2\n"});
    Snapshot s = f.shared().read();
    CHECK(s.generation == 3);
    CHECK(s.claimed == 3);
    CHECK(*s.content == "value 3\n");
    CHECK_FALSE(s.hand_edited);
    CHECK_FALSE(fsio::exists(f.state / "lock"));  // released

    // "No change" writes nothing.
    auto before = snapshot_tree(f.tmp.path());
    CHECK(f.shared().update([](const Snapshot&) { return std::optional<std::string>(); }) == 3);
    CHECK(snapshot_tree(f.tmp.path()) == before);
    // Nor does a change to the same bytes: no version of them twice (which would make every
    // later read check the latest version whole), the file not rewritten.
    const FileStamp stamp = stamp_of(f.file);
    CHECK(f.put("value 3\n") == 3);
    CHECK(snapshot_tree(f.tmp.path()) == before);
    CHECK(stamp_of(f.file).same_file(stamp));
    CHECK_FALSE(fsio::exists(f.version(4)));
    // Back to bytes an older version has is a change: a version of its own.
    CHECK(f.put("value 2\n") == 4);
    CHECK(fsio::read_file(f.file) == "value 2\n");
}

TEST_CASE("shared_file: the same bytes over a hand edit or a file gefest never wrote are written") {
    Fixture f;
    // Never written through gefest: the first update makes version 1 of it, same bytes or not.
    fsio::write_atomic(f.file, "a\n");
    CHECK(f.put("a\n") == 1);
    CHECK(fsio::exists(f.version(1)));
    // A hand edit newer than version 1; an update to the edit's bytes makes it a version.
    set_mtime(f.version(1), now_seconds() - 60);
    fsio::write_atomic(f.file, "b\n");
    CHECK(f.shared().read().hand_edited);
    CHECK(f.put("b\n") == 2);
    CHECK_FALSE(f.shared().read().hand_edited);
    CHECK(f.shared().read().generation == 2);
}

TEST_CASE("shared_file: a stale copy of the human-facing file is ignored for the latest version") {
    Fixture f;
    f.put("generation 1\n");
    f.put("generation 2\n");
    f.put("generation 3\n");
    // Another PC's cache hands us generation 1: same bytes, older time.
    fsio::write_atomic(f.file, "generation 1\n");
    set_mtime(f.file, now_seconds() - 3600);
    SUBCASE("with an older time") {}
    SUBCASE("even with a newer time (a copy tool touched it): the content is an old version") {
        set_mtime(f.file, now_seconds() + 3600);
    }

    Snapshot s = f.shared().read();
    CHECK(s.generation == 3);
    CHECK(*s.content == "generation 3\n");
    CHECK_FALSE(s.hand_edited);

    // And the next change is based on generation 3, not on the stale copy.
    std::string base;
    CHECK(f.shared().update([&](const Snapshot& snap) {
        base = *snap.content;
        return std::optional<std::string>(*snap.content + "generation 4\n");
    }) == 4);
    CHECK(base == "generation 3\n");
    CHECK(fsio::read_file(f.file) == "generation 3\ngeneration 4\n");
}

TEST_CASE("shared_file: a hand edit is returned as such and is the base of the next update") {
    Fixture f;
    f.put("sku;qty\nA;1\n");
    f.put("sku;qty\nA;2\n");
    // Someone saves the file in Excel a minute later.
    fsio::write_atomic(f.file, "sku;qty\nA;2\nB;7\n");
    set_mtime(f.file, now_seconds() + 60);

    Snapshot s = f.shared().read();
    CHECK(s.hand_edited);
    CHECK(*s.content == "sku;qty\nA;2\nB;7\n");
    CHECK(s.generation == 2);

    std::string base;
    bool base_hand_edited = false;
    CHECK(f.shared().update([&](const Snapshot& snap) {
        base = *snap.content;
        base_hand_edited = snap.hand_edited;
        return std::optional<std::string>(*snap.content + "C;1\n");
    }) == 3);
    CHECK(base == "sku;qty\nA;2\nB;7\n");
    CHECK(base_hand_edited);
    s = f.shared().read();
    CHECK(*s.content == "sku;qty\nA;2\nB;7\nC;1\n");
    CHECK_FALSE(s.hand_edited);  // now it is a version gefest wrote
}

TEST_CASE("shared_file: an unknown copy older than the latest version is not taken as a hand edit") {
    Fixture f;
    f.put("one\n");
    f.put("two\n");
    fsio::write_atomic(f.file, "something old from a backup\n");
    set_mtime(f.file, now_seconds() - 86400);
    Snapshot s = f.shared().read();
    CHECK_FALSE(s.hand_edited);
    CHECK(*s.content == "two\n");
}

TEST_CASE("shared_file: a torn version is skipped and the next update claims past it") {
    Fixture f;
    f.put("first\n");
    f.put("second\n");
    // A writer died while writing version 3: it claimed the name (O_EXCL) but only part
    // of the bytes reached the disk, and it never copied them to the human-facing file.
    f.put("third, which will be torn\n");
    const std::string whole = fsio::read_file(f.version(3));
    std::filesystem::resize_file(f.version(3), whole.size() / 2);
    fsio::write_atomic(f.file, "second\n");

    Snapshot s = f.shared().read();
    CHECK(s.generation == 2);
    CHECK(*s.content == "second\n");
    CHECK(s.claimed == 3);
    CHECK_FALSE(s.hand_edited);

    std::string base;
    CHECK(f.shared().update([&](const Snapshot& snap) {
        base = *snap.content;
        return std::optional<std::string>("fourth\n");
    }) == 4);
    CHECK(base == "second\n");
    CHECK(fsio::read_file(f.file) == "fourth\n");
    CHECK(f.shared().read().generation == 4);

    SUBCASE("an empty version file is torn too") {
        fsio::write_atomic(f.version(5), "");
        CHECK(f.shared().read().generation == 4);
        CHECK(f.put("sixth\n") == 6);
    }
    SUBCASE("a version whose checksum does not match is torn too") {
        std::string v4 = fsio::read_file(f.version(4));
        v4.back() = 'X';  // same size, different bytes
        REQUIRE(fsio::create_exclusive(f.version(5), v4.replace(v4.find(" 4 "), 3, " 5 ")));
        Snapshot t = f.shared().read();
        CHECK(t.generation == 4);
        CHECK(*t.content == "fourth\n");
    }
}

TEST_CASE("shared_file: an update whose change throws leaves everything as it was") {
    Fixture f;
    f.put("keep me\n");
    f.put("keep me too\n");
    const auto before = snapshot_tree(f.tmp.path());
    CHECK_THROWS_WITH_AS(f.shared().update([](const Snapshot&) -> std::optional<std::string> {
        throw Error(Errc::data, "invalid row");
    }),
                         "invalid row", Error);
    CHECK(snapshot_tree(f.tmp.path()) == before);  // no version, no lock, no temporary
    // And the lock is really gone: the next update does not wait.
    CHECK(f.put("next\n") == 3);
}

TEST_CASE("shared_file: only kept_versions versions remain") {
    Fixture f;
    constexpr int updates = SharedFile::kept_versions + 4;
    for (int i = 1; i <= updates; ++i) REQUIRE(f.put("v" + std::to_string(i)) == i);
    std::vector<std::string> names = fsio::list_dir(f.state / "v");
    std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return std::stoll(a) < std::stoll(b); });
    std::vector<std::string> expected;
    for (int i = updates - SharedFile::kept_versions + 1; i <= updates; ++i) expected.push_back(std::to_string(i));
    CHECK(names == expected);
    // A stale copy as old as the oldest kept version is still recognised.
    fsio::write_atomic(f.file, "v" + std::to_string(updates - SharedFile::kept_versions + 1));
    set_mtime(f.file, now_seconds() + 60);
    Snapshot s = f.shared().read();
    CHECK_FALSE(s.hand_edited);
    CHECK(*s.content == "v" + std::to_string(updates));
}

TEST_CASE("shared_file: 8 threads incrementing a counter 50 times each lose no update") {
    Fixture f;
    constexpr int threads = 8, per_thread = 50;
    std::mutex mutex;
    std::vector<std::string> errors;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            SharedFile mine(f.file, f.state, tester());  // each its own object, as separate PCs
            LockOptions options;
            options.wait_seconds = 120;  // fairness is not what this test measures
            mine.set_lock_options(options);
            try {
                for (int i = 0; i < per_thread; ++i)
                    mine.update([](const Snapshot& s) {
                        long long n = s.content ? std::stoll(*s.content) : 0;
                        return std::optional<std::string>(std::to_string(n + 1));
                    });
            } catch (const std::exception& e) {
                std::lock_guard g(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : pool) t.join();
    REQUIRE(errors.empty());
    CHECK(fsio::read_file(f.file) == std::to_string(threads * per_thread));
    Snapshot s = f.shared().read();
    CHECK(*s.content == std::to_string(threads * per_thread));
    CHECK(s.generation == threads * per_thread);
}
