// The tables form 02-006-01 is built with (reports/report_tables.h): an inquiry's link is
// found by its id whether it packed into 16 bytes or went to the map of odd ones, the
// first of an id wins, and groups keep their names.
#include <doctest/doctest.h>

#include "reports/report_tables.h"

using namespace gefest;
using report_tables::Groups;
using report_tables::InquiryLinks;

TEST_CASE("report tables: links are found by id, packed or not, the first of an id first") {
    const std::int64_t base = 1'000'000;
    InquiryLinks links(base);
    links.add("2025-7", base + 10, 3);            // packed
    links.add("web-1", base + 20, 4);             // another shape of id: the map
    links.add("2025-8", base - 5, 5);             // before the period's start: the map
    links.add("2025-9", base + 0x1'0000'0000, 6);  // past 2³² seconds: the map
    links.add("2025-10", base + 30, 1u << 17);    // a source past 17 bits: the map
    links.add("2025-7", base + 40, 7);            // a second 2025-7: the first wins
    links.add("2025-05", base + 50, 8);           // a leading zero is not 2025-5
    links.add("2025-8", base + 60, 9);            // packs, but the one in the map came first
    links.seal();
    CHECK(links.size() == 8);
    auto found = links.find("2025-7");
    REQUIRE(found);
    CHECK(found->time == base + 10);
    CHECK(found->source == 3);
    CHECK(found->pos == 0);
    CHECK(links.find("web-1")->pos == 1);
    CHECK(links.find("2025-8")->time == base - 5);
    CHECK(links.find("2025-8")->pos == 2);
    CHECK(links.find("2025-9")->time == base + 0x1'0000'0000);
    CHECK(links.find("2025-10")->source == 1u << 17);
    CHECK(links.find("2025-05")->source == 8);
    CHECK_FALSE(links.find("2025-5"));
    CHECK_FALSE(links.find("2025-11"));
    CHECK_FALSE(links.find(""));
}

TEST_CASE("report tables: links added out of order are sorted for find") {
    InquiryLinks links(0);
    for (int n = 1000; n >= 1; --n) links.add("2024-" + std::to_string(n), n, static_cast<std::uint32_t>(n % 5));
    links.seal();
    for (int n = 1; n <= 1000; n += 37) {
        auto found = links.find("2024-" + std::to_string(n));
        REQUIRE(found);
        CHECK(found->time == n);
        CHECK(found->pos == static_cast<std::uint32_t>(1000 - n));
    }
}

TEST_CASE("report tables: groups are numbered as first seen and listed by name") {
    Groups g;
    CHECK(g.id("Сайт") == 0);
    CHECK(g.id("") == 1);
    CHECK(g.id("Выставка") == 2);
    CHECK(g.id("Сайт") == 0);
    ++g["Выставка"].inquiries;
    ++g[0].orders;
    CHECK(g.name(2) == "Выставка");
    const auto sorted = g.by_name();
    REQUIRE(sorted.size() == 3);
    CHECK(sorted[0].name.empty());
    CHECK(sorted[1].name == "Выставка");
    CHECK(sorted[1].inquiries == 1);
    CHECK(sorted[2].orders == 1);
}
