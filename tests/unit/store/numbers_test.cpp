#include "store/numbers.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <thread>

#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;

namespace {

Identity tester() {
    Identity id;
    id.login = "ivanova";
    id.host = "pc-12";
    id.pid = 4711;
    return id;
}

std::int64_t claim_and_commit(const std::filesystem::path& dir) {
    NumberClaim c = claim_number(dir, tester(), "test");
    std::int64_t n = c.number();
    c.commit();
    return n;
}

// Claims 1..n and commits them, checking the order as it goes.
void claim_up_to(const std::filesystem::path& dir, std::int64_t n) {
    for (std::int64_t i = 1; i <= n; ++i) REQUIRE(claim_and_commit(dir) == i);
}

}  // namespace

TEST_CASE("numbers: claims 1..N in order, each claim file naming its claimant") {
    TempFolder tmp;
    const auto dir = tmp / "orders/2026";  // created on first claim
    for (std::int64_t i = 1; i <= 12; ++i) CHECK(claim_and_commit(dir) == i);
    std::vector<std::int64_t> expected(12);
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(claimed_numbers(dir) == expected);
    const std::string note = claim_note(dir, 7);
    CHECK(note.find("login=ivanova\n") != std::string::npos);
    CHECK(note.find("host=pc-12\n") != std::string::npos);
    CHECK(note.find("pid=4711\n") != std::string::npos);
    CHECK(note.find("note=test\n") != std::string::npos);
    CHECK(claim_note(dir, 13).empty());
}

TEST_CASE("numbers: a bad hint still yields the lowest free number") {
    TempFolder tmp;
    const auto dir = tmp.path();
    claim_up_to(dir, 5);
    const auto hint = dir / "next";
    REQUIRE(fsio::read_file(hint) == "6\n");

    SUBCASE("stale (too low): probing steps up past the taken numbers") {
        fsio::write_atomic(hint, "3\n");
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("too high (hand-edited or from another year): no hole is left") {
        fsio::write_atomic(hint, "40\n");
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("corrupt") {
        fsio::write_atomic(hint, "\x01garbage");
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("empty") {
        fsio::write_atomic(hint, "");
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("negative") {
        fsio::write_atomic(hint, "-2\n");
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("missing") {
        fsio::remove_file(hint);
        CHECK(claim_and_commit(dir) == 6);
    }
    SUBCASE("missing, with many claims: probing finds the boundary") {
        fsio::remove_file(hint);
        // Claim files made by hand so the probe has to search a wide range (not 2^k-1).
        for (int i = 6; i <= 1000; ++i) REQUIRE(fsio::create_exclusive(dir / std::to_string(i), "x"));
        CHECK(claim_and_commit(dir) == 1001);
    }
    CHECK(claimed_numbers(dir).back() == static_cast<std::int64_t>(claimed_numbers(dir).size()));  // contiguous from 1
}

TEST_CASE("numbers: a withdrawn claim is removed only when nobody claimed past it") {
    TempFolder tmp;
    const auto dir = tmp.path();
    claim_up_to(dir, 1);
    {
        NumberClaim second = claim_number(dir, tester(), "second");
        CHECK(second.number() == 2);
        {
            NumberClaim third = claim_number(dir, tester(), "third");
            CHECK(third.number() == 3);
            third.commit();
        }
        // `second` is dropped without commit, but 3 exists: removing 2 would be a hole.
    }
    CHECK(claimed_numbers(dir) == std::vector<std::int64_t>{1, 2, 3});

    {
        NumberClaim fourth = claim_number(dir, tester(), "fourth");
        CHECK(fourth.number() == 4);
        // Dropped without commit and nobody past it: the command failed, 4 is free again.
    }
    CHECK(claimed_numbers(dir) == std::vector<std::int64_t>{1, 2, 3});
    CHECK_FALSE(fsio::exists(dir / "4"));
    CHECK(claim_and_commit(dir) == 4);

    // A claim moved elsewhere is withdrawn once, by its last owner.
    {
        NumberClaim a = claim_number(dir, tester(), "moved");
        NumberClaim b(std::move(a));
        CHECK(b.number() == 5);
    }
    CHECK_FALSE(fsio::exists(dir / "5"));
}

TEST_CASE("numbers: claimed_numbers ignores other names and sorts numerically") {
    TempFolder tmp;
    const auto dir = tmp.path();
    CHECK(claimed_numbers(tmp / "absent").empty());
    for (const char* name : {"10", "9", "2", "next", "~gefest-0123.tmp", "1a", "100"})
        REQUIRE(fsio::create_exclusive(dir / name, ""));
    CHECK(claimed_numbers(dir) == std::vector<std::int64_t>{2, 9, 10, 100});
}

TEST_CASE("numbers: 8 threads claiming 50 each get 400 distinct, contiguous numbers") {
    TempFolder tmp;
    const auto dir = tmp / "claims/2026";
    constexpr int threads = 8, per_thread = 50;
    std::mutex mutex;
    std::vector<std::int64_t> got;
    std::vector<std::string> errors;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            try {
                for (int i = 0; i < per_thread; ++i) {
                    std::int64_t n = claim_and_commit(dir);
                    std::lock_guard g(mutex);
                    got.push_back(n);
                }
            } catch (const std::exception& e) {
                std::lock_guard g(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : pool) t.join();
    REQUIRE(errors.empty());
    std::sort(got.begin(), got.end());
    CHECK(std::adjacent_find(got.begin(), got.end()) == got.end());  // no duplicate
    REQUIRE(got.size() == threads * per_thread);
    CHECK(got.front() == 1);
    CHECK(got.back() == threads * per_thread);  // distinct + 1..400 = contiguous
    CHECK(claimed_numbers(dir) == got);
}
