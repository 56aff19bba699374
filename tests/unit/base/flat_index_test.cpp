#include "base/flat_index.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using gefest::FlatIndex;
using gefest::text_hash;

namespace {

// Rows of text keys indexed as the registers are: find, and insert refusing a twin.
struct Keys {
    std::vector<std::string> rows;
    FlatIndex index;

    std::size_t find(const std::string& k) const {
        return index.find(text_hash(k), [&](std::size_t n) { return rows[n] == k; });
    }
    // The row already holding `k`, or none when `k` was added as a new row.
    std::size_t add(const std::string& k) {
        const std::size_t twin = index.insert(text_hash(k), rows.size(), [&](std::size_t n) { return rows[n] == k; });
        if (twin == FlatIndex::none) rows.push_back(k);
        return twin;
    }
};

}  // namespace

TEST_CASE("FlatIndex: an empty index finds nothing") {
    const FlatIndex index;
    CHECK(index.find(text_hash("a"), [](std::size_t) { return true; }) == FlatIndex::none);
    CHECK(index.size() == 0);
}

TEST_CASE("FlatIndex: every key found after growing, twins refused, the first row kept") {
    Keys k;
    for (int i = 0; i < 10000; ++i) CHECK(k.add("BN-" + std::to_string(i)) == FlatIndex::none);
    CHECK(k.index.size() == 10000);
    for (int i = 0; i < 10000; ++i) CHECK(k.find("BN-" + std::to_string(i)) == static_cast<std::size_t>(i));
    CHECK(k.find("BN-10000") == FlatIndex::none);
    CHECK(k.find("") == FlatIndex::none);
    CHECK(k.add("BN-42") == 42);
    CHECK(k.rows.size() == 10000);
    k.index.clear();
    CHECK(k.find("BN-1") == FlatIndex::none);
    CHECK(k.index.size() == 0);
}

TEST_CASE("FlatIndex: keys of one hash told apart by `same`") {
    // Every key given the same hash: all in one probe sequence, found by comparison only.
    std::vector<int> rows;
    FlatIndex index;
    index.reserve(3);
    for (int v : {7, 8, 9}) {
        CHECK(index.insert(1, rows.size(), [&](std::size_t n) { return rows[n] == v; }) == FlatIndex::none);
        rows.push_back(v);
    }
    for (int i = 0; i < 3; ++i) CHECK(index.find(1, [&](std::size_t n) { return rows[n] == 7 + i; }) == static_cast<std::size_t>(i));
    CHECK(index.find(1, [&](std::size_t n) { return rows[n] == 10; }) == FlatIndex::none);
    CHECK(index.find(2, [&](std::size_t) { return true; }) == FlatIndex::none);
}
