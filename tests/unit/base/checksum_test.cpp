// Checksum64 (base/checksum.h): the same value however the bytes are cut into pieces, and
// a different one for bytes cut short, one byte changed, or two words swapped.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "base/checksum.h"

using namespace gefest;

TEST_CASE("checksum64: pieces of any size give the value of the whole") {
    std::string bytes;
    for (int i = 0; i < 1000; ++i) bytes += static_cast<char>((i * 37 + i / 7) & 0xFF);
    const std::uint64_t whole = checksum64(bytes);
    for (std::size_t piece = 1; piece <= 70; ++piece) {
        CAPTURE(piece);
        Checksum64 sum;
        for (std::size_t at = 0; at < bytes.size(); at += piece) sum.add(std::string_view(bytes).substr(at, piece));
        CHECK(sum.value() == whole);
    }
}

TEST_CASE("checksum64: what it is against") {
    const std::string bytes(4096, 'a');
    const std::uint64_t whole = checksum64(bytes);
    CHECK(checksum64(std::string_view(bytes).substr(0, 4095)) != whole);  // cut short
    CHECK(checksum64(std::string_view(bytes).substr(0, 4064)) != whole);  // cut at a block
    CHECK(checksum64(bytes + std::string(32, '\0')) != whole);           // zeros appended
    for (std::size_t at : {0u, 7u, 31u, 32u, 1000u, 4095u}) {
        std::string edited = bytes;
        edited[at] ^= 0x01;
        CAPTURE(at);
        CHECK(checksum64(edited) != whole);
    }
    std::string swapped = "12345678abcdefgh" + std::string(48, 'x');
    const std::uint64_t before = checksum64(swapped);
    std::swap_ranges(swapped.begin(), swapped.begin() + 8, swapped.begin() + 8);
    CHECK(checksum64(swapped) != before);
    CHECK(checksum64("") != checksum64(std::string(1, '\0')));
}
