// The index file of a register (store/record_index.h): rows found by any of their keys,
// the first row of a key winning, its stamp read back, and a truncated or damaged file
// never trusted.
#include "store/record_index.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/error.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;

namespace {

IndexStamp stamp(std::int64_t generation) {
    IndexStamp s;
    s.generation = generation;
    s.file.exists = true;
    s.file.size = 1234;
    s.file.mtime_sec = 1700000000;
    s.file.mtime_nsec = 42;
    s.file.ctime_sec = 1700000001;
    s.file.ctime_nsec = 43;
    s.file.inode = 99;
    s.file.checksum = "0123456789abcdef";
    s.from_file = true;
    return s;
}

// n rows: row i has keys "id:i" and "phone:<i mod 7>", data "row i".
void write_rows(const std::filesystem::path& path, int n, std::int64_t generation = 3) {
    write_record_index(path, stamp(generation), [&](const IndexEmit& emit) {
        for (int i = 1; i <= n; ++i) emit({{"id:" + std::to_string(i), "phone:" + std::to_string(i % 7)}, "row " + std::to_string(i)});
    });
}

}  // namespace

TEST_CASE("record index: every key finds its row, the first row of a shared key wins") {
    TempFolder t;
    const auto path = t / "index";
    write_rows(path, 5000);
    auto ix = RecordIndex::open(path);
    REQUIRE(ix);
    CHECK(ix->rows() == 5000);
    for (int i : {1, 2, 777, 4999, 5000}) CHECK(ix->find("id:" + std::to_string(i)) == "row " + std::to_string(i));
    CHECK(ix->find("phone:0") == "row 7");
    CHECK(ix->find("phone:3") == "row 3");
    CHECK_FALSE(ix->find("id:5001"));
    CHECK_FALSE(ix->find("id:"));
    CHECK_FALSE(ix->find("inn:7707083893"));
    std::vector<std::string> all;
    ix->for_each([&](const IndexRow& r) { all.push_back(r.data); });
    REQUIRE(all.size() == 5000);
    CHECK(all.front() == "row 1");
    CHECK(all.back() == "row 5000");
}

TEST_CASE("record index: the stamp reads back; restamping keeps the rows") {
    TempFolder t;
    const auto path = t / "index";
    write_rows(path, 10);
    auto ix = RecordIndex::open(path);
    REQUIRE(ix);
    const IndexStamp& s = ix->stamp();
    CHECK(s.generation == 3);
    CHECK(s.file.same_file(stamp(3).file));
    CHECK(s.file.checksum == "0123456789abcdef");
    CHECK(s.from_file);
    IndexStamp other = stamp(3);
    other.file.mtime_sec += 60;
    restamp_record_index(path, other);
    auto again = RecordIndex::open(path);
    REQUIRE(again);
    CHECK(again->stamp().file.mtime_sec == other.file.mtime_sec);
    CHECK(again->find("id:10") == "row 10");
}

TEST_CASE("record index: an empty register has an index without rows") {
    TempFolder t;
    write_record_index(t / "index", stamp(0), [](const IndexEmit&) {});
    auto ix = RecordIndex::open(t / "index");
    REQUIRE(ix);
    CHECK(ix->rows() == 0);
    CHECK_FALSE(ix->find("id:1"));
}

TEST_CASE("record index: a truncated, grown or foreign file is not an index") {
    TempFolder t;
    const auto path = t / "index";
    write_rows(path, 100);
    const std::string whole = fsio::read_file(path);
    fsio::write_atomic(path, whole.substr(0, whole.size() - 16));
    CHECK_FALSE(RecordIndex::open(path));
    fsio::write_atomic(path, whole + "x");
    CHECK_FALSE(RecordIndex::open(path));
    fsio::write_atomic(path, whole.substr(0, 100));
    CHECK_FALSE(RecordIndex::open(path));
    std::string header_hit = whole;
    header_hit[20] ^= 1;  // the generation: the header's checksum fails
    fsio::write_atomic(path, header_hit);
    CHECK_FALSE(RecordIndex::open(path));
    fsio::write_atomic(path, "Код;Наименование\r\n");
    CHECK_FALSE(RecordIndex::open(path));
    CHECK_FALSE(RecordIndex::open(t / "missing"));
}

TEST_CASE("record index: a damaged row or slot is an error, never an answer") {
    TempFolder t;
    const auto path = t / "index";
    write_rows(path, 50);
    const std::string whole = fsio::read_file(path);
    SUBCASE("a byte of a row") {
        std::string hit = whole;
        const auto at = hit.find("row 17");
        REQUIRE(at != std::string::npos);
        hit[at + 4] = '9';  // "row 97": its checksum fails
        fsio::write_atomic(path, hit);
        auto ix = RecordIndex::open(path);
        REQUIRE(ix);
        CHECK_THROWS_AS(ix->find("id:17"), Error);
        CHECK_THROWS_AS(ix->for_each([](const IndexRow&) {}), Error);
    }
    SUBCASE("the slots") {
        std::string hit = whole;
        for (std::size_t i = hit.size() - 16 * 128; i < hit.size(); ++i) hit[i] = static_cast<char>(0x5a);
        fsio::write_atomic(path, hit);
        auto ix = RecordIndex::open(path);
        REQUIRE(ix);
        bool threw = false;
        for (int i = 1; i <= 50 && !threw; ++i) {
            try {
                auto found = ix->find("id:" + std::to_string(i));
                if (found) CHECK(*found == "row " + std::to_string(i));  // an intact slot still answers right
            } catch (const Error& e) {
                CHECK(e.code() == Errc::data);
                threw = true;
            }
        }
        CHECK(threw);
    }
}

namespace {

// 500 rows: row i has the word "name <i>" and "common", and the tally label "t<i mod 3>".
void write_words(const std::filesystem::path& path) {
    write_record_index(path, stamp(1), [&](const IndexEmit& emit) {
        for (int i = 1; i <= 500; ++i)
            emit({{"id:" + std::to_string(i)}, "row " + std::to_string(i), {"name " + std::to_string(i), "common"}, {"t" + std::to_string(i % 3)}});
    });
}

std::vector<std::string> searched(const RecordIndex& ix, const std::vector<std::string>& needles) {
    std::vector<std::string> out;
    ix.search(needles, [&](const IndexRow& r) { out.push_back(r.data); });
    return out;
}

}  // namespace

TEST_CASE("record index: a search reads the rows having the needle's trigrams; the tally counts labels") {
    TempFolder t;
    write_words(t / "index");
    auto ix = RecordIndex::open(t / "index");
    REQUIRE(ix);
    using V = std::vector<std::string>;
    CHECK(searched(*ix, {"name 123"}) == V{"row 123"});
    CHECK(searched(*ix, {"qqq"}).empty());  // a trigram no row has
    CHECK(searched(*ix, {"e 5", "me 7"}).front() == "row 5");
    const auto two = searched(*ix, {"name 49", "name 7"});
    for (const char* row : {"row 7", "row 49", "row 70", "row 79", "row 490", "row 499"})
        CHECK(std::find(two.begin(), two.end(), row) != two.end());
    CHECK(std::is_sorted(two.begin(), two.end(), [](const std::string& a, const std::string& b) {
        return std::stoi(a.substr(4)) < std::stoi(b.substr(4));
    }));
    CHECK(searched(*ix, {"zz"}).size() == 500);  // shorter than a trigram: every row
    CHECK(searched(*ix, {"common"}).size() == 500);
    CHECK(searched(*ix, {}).empty());
    using T = std::vector<std::pair<std::string, std::int64_t>>;
    CHECK(ix->tally() == T{{"t0", 166}, {"t1", 167}, {"t2", 167}});
    CHECK_NOTHROW(ix->verify());
}

TEST_CASE("record index: a damaged search list, offset or tally is an error; verify reads every part") {
    TempFolder t;
    const auto path = t / "index";
    write_words(path);
    const std::string whole = fsio::read_file(path);
    const RecordIndex::Layout l = RecordIndex::open(path)->layout();
    auto hit = [&](std::uint64_t at) {
        std::string bytes = whole;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x21);
        fsio::write_atomic(path, bytes);
        auto ix = RecordIndex::open(path);
        REQUIRE(ix);
        return std::move(*ix);
    };
    SUBCASE("a posting list") { CHECK_THROWS_AS(hit(l.postings_at + 1).verify(), Error); }
    SUBCASE("the offset of row 123") {
        auto ix = hit(l.offsets_at + 8 * 122 + 2);
        CHECK_THROWS_AS(searched(ix, {"name 123"}), Error);
        CHECK_THROWS_AS(ix.verify(), Error);
        CHECK(ix.find("id:123") == "row 123");  // the slots do not go through it
    }
    SUBCASE("the tally") { CHECK_THROWS_AS(hit(l.tally_at + 5).tally(), Error); }
    SUBCASE("an older format is not damaged, only not this one") {
        std::string bytes = whole;
        bytes[8] = 1;
        fsio::write_atomic(path, bytes);
        CHECK_FALSE(RecordIndex::open(path));
        CHECK(RecordIndex::other_format(path));
    }
    CHECK_FALSE(RecordIndex::other_format(t / "missing"));
}
