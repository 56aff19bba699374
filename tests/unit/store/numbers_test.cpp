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

TEST_CASE("numbers: a claim given up is released, and the next claimant takes it before a fresh number") {
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
        // `second` is dropped without commit: its command failed after claiming.
    }
    // The claim file stays (removing it could race with a claimant of 3 and leave a
    // hole); the number is released for the next claimant.
    CHECK(claimed_numbers(dir) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{2});
    CHECK(claim_note(dir, 2).find("note=second\n") != std::string::npos);
    {
        NumberClaim again = claim_number(dir, tester(), "again");
        CHECK(again.number() == 2);  // the gap closes first
        CHECK(released_numbers(dir).empty());
        CHECK(claim_note(dir, 2).find("note=again\n") != std::string::npos);  // the current holder's
        // Given up once more: released again (a second generation), taken again.
    }
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{2});
    {
        NumberClaim top = claim_number(dir, tester(), "top");
        CHECK(top.number() == 2);
        top.commit();
    }
    CHECK(released_numbers(dir).empty());
    CHECK(fsio::read_file(dir / "next") == "4\n");  // a reused number does not lower the hint
    CHECK(claim_and_commit(dir) == 4);

    // A claim at the top given up is released too; a moved claim is settled once.
    {
        NumberClaim a = claim_number(dir, tester(), "moved");
        NumberClaim b(std::move(a));
        CHECK(b.number() == 5);
    }
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{5});
    CHECK(claim_and_commit(dir) == 5);
    CHECK(claim_and_commit(dir) == 6);
    CHECK(released_numbers(dir).empty());
}

TEST_CASE("numbers: several released numbers are taken lowest first") {
    TempFolder tmp;
    const auto dir = tmp.path();
    claim_up_to(dir, 2);
    {
        NumberClaim a = claim_number(dir, tester(), "a"), b = claim_number(dir, tester(), "b"), c = claim_number(dir, tester(), "c");
        CHECK(c.number() == 5);
        c.commit();
    }  // 3 and 4 given up
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{3, 4});
    CHECK(claim_and_commit(dir) == 3);
    CHECK(claim_and_commit(dir) == 4);
    CHECK(claim_and_commit(dir) == 6);
}

TEST_CASE("numbers: the claim of a killed command is released by release_number, once") {
    TempFolder tmp;
    const auto dir = tmp.path();
    claim_up_to(dir, 3);
    CHECK_FALSE(release_number(dir, 9));  // never claimed
    // Number 2 stands for a command killed between claiming and committing: its claim
    // file is there, nothing releases it but gefest check --repair.
    CHECK(claim_mtime(dir, 2).has_value());
    CHECK_FALSE(claim_mtime(dir, 9).has_value());
    CHECK(release_number(dir, 2));
    CHECK_FALSE(release_number(dir, 2));  // free already
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{2});
    CHECK(claim_and_commit(dir) == 2);
    CHECK(release_number(dir, 2));  // a retaken number is released for its current holder
    CHECK(claim_and_commit(dir) == 2);
}

TEST_CASE("numbers: released markers of other names are ignored") {
    TempFolder tmp;
    const auto dir = tmp.path();
    claim_up_to(dir, 2);
    fsio::make_dirs(dir / "released");
    for (const char* name : {"x.0", "1.", ".0", "1.x", "~gefest-1.tmp", "1.0.takenx", "1.1234567"})
        REQUIRE(fsio::create_exclusive(dir / "released" / name, ""));
    CHECK(released_numbers(dir).empty());
    CHECK(claim_and_commit(dir) == 3);
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

TEST_CASE("numbers: 8 threads claiming, every third claim given up: no duplicate, and no gap once the released are taken") {
    TempFolder tmp;
    const auto dir = tmp / "invoice/2026";
    constexpr int threads = 8, per_thread = 30;
    std::mutex mutex;
    std::vector<std::int64_t> kept;
    std::vector<std::string> errors;
    int given_up = 0;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            try {
                for (int i = 0; i < per_thread; ++i) {
                    NumberClaim c = claim_number(dir, tester(), "t");
                    if ((t + i) % 3 == 0) {
                        std::lock_guard g(mutex);
                        ++given_up;
                        continue;  // dropped: given up
                    }
                    c.commit();
                    std::lock_guard g(mutex);
                    kept.push_back(c.number());
                }
            } catch (const std::exception& e) {
                std::lock_guard g(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : pool) t.join();
    REQUIRE(errors.empty());
    std::sort(kept.begin(), kept.end());
    CHECK(std::adjacent_find(kept.begin(), kept.end()) == kept.end());  // no duplicate
    // Every claimed number is kept or released: none is lost.
    const auto claimed = claimed_numbers(dir), released = released_numbers(dir);
    std::vector<std::int64_t> both = kept;
    both.insert(both.end(), released.begin(), released.end());
    std::sort(both.begin(), both.end());
    CHECK(both == claimed);
    CHECK(claimed.back() == static_cast<std::int64_t>(claimed.size()));  // claim files 1..max
    CHECK(static_cast<int>(claimed.size()) < threads * per_thread);     // given-up numbers were reused
    // The next claimants take the released numbers: then the kept numbers are 1..N.
    for (std::size_t i = 0; i < released.size(); ++i) kept.push_back(claim_and_commit(dir));
    std::sort(kept.begin(), kept.end());
    std::vector<std::int64_t> expected(kept.size());
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(kept == expected);
    CHECK(released_numbers(dir).empty());
    MESSAGE("claims given up: " << given_up << ", numbers claimed: " << claimed.size() << ", kept: " << kept.size());
}
