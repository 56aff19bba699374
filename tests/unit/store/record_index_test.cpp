// The index file of a register (store/record_index.h): rows found by any of their keys,
// the first row of a key winning, its stamp read back, and a truncated or damaged file
// never trusted.
#include "store/record_index.h"

#include <doctest/doctest.h>

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
