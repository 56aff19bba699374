#include "base/money.h"

#include <doctest/doctest.h>

#include <concepts>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "base/error.h"

using gefest::Errc;
using gefest::Error;
using gefest::Money;

namespace {

constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();

Errc code_of(auto&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return Errc{0};
}

std::string message_of(auto&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

// `price * 1.5` must not compile (it would truncate to 1).
template <typename Q>
concept multipliable = requires(Money m, Q q) { m * q; };
static_assert(multipliable<int>);
static_assert(multipliable<std::int64_t>);
static_assert(!multipliable<double>);
static_assert(!multipliable<float>);

}  // namespace

TEST_CASE("money: arithmetic and comparison") {
    Money a{12345}, b{-45};
    CHECK((a + b).kopecks == 12300);
    CHECK((a - b).kopecks == 12390);
    CHECK((-a).kopecks == -12345);
    CHECK((a * 3).kopecks == 37035);
    CHECK((3 * a).kopecks == 37035);
    CHECK((a * std::int64_t{-2}).kopecks == -24690);
    Money c = a;
    c += b;
    CHECK(c == Money{12300});
    c -= Money{300};
    CHECK(c == Money{12000});
    CHECK(b < a);
    CHECK(a > b);
    CHECK(a != b);
    CHECK(Money{} == Money{0});
}

TEST_CASE("money: overflow throws a data error") {
    CHECK(code_of([] { return Money{max64} + Money{1}; }) == Errc::data);
    CHECK(code_of([] { return Money{min64} - Money{1}; }) == Errc::data);
    CHECK(code_of([] { return -Money{min64}; }) == Errc::data);
    CHECK(code_of([] { return Money{max64 / 2 + 1} * 2; }) == Errc::data);
    CHECK(code_of([] { return gefest::multiply(Money{max64}, 2000); }) == Errc::data);
    CHECK(code_of([] { return gefest::multiply(Money{max64}, 1000); }) == Errc{0});
    CHECK((Money{max64} + Money{min64}).kopecks == -1);
}

TEST_CASE("money: multiply by thousandths rounds half away from zero") {
    using gefest::multiply;
    CHECK(multiply(Money{10000}, 1500).kopecks == 15000);  // 100.00 x 1.5
    CHECK(multiply(Money{333}, 1000).kopecks == 333);
    CHECK(multiply(Money{1}, 500).kopecks == 1);    // 0.5 -> 1
    CHECK(multiply(Money{1}, 499).kopecks == 0);    // 0.499 -> 0
    CHECK(multiply(Money{-1}, 500).kopecks == -1);  // -0.5 -> -1
    CHECK(multiply(Money{1}, -500).kopecks == -1);
    CHECK(multiply(Money{-1}, 499).kopecks == 0);
    CHECK(multiply(Money{999}, 1).kopecks == 1);     // 0.999 -> 1
    CHECK(multiply(Money{12345}, 2750).kopecks == 33949);  // 339.4875 -> 339.49
    CHECK(multiply(Money{12345}, 0).kopecks == 0);

    // Agrees with exact integer multiplication for whole quantities.
    std::mt19937_64 rng(20240501);
    for (int i = 0; i < 1000; ++i) {
        auto price = static_cast<std::int64_t>(rng() % 100'000'000) - 50'000'000;
        auto qty = static_cast<std::int64_t>(rng() % 10'000) - 5'000;
        CHECK(multiply(Money{price}, qty * 1000) == Money{price} * qty);
    }
}

TEST_CASE("money: parse_money accepts the usual spellings") {
    using gefest::parse_money;
    CHECK(parse_money("1234").kopecks == 123400);
    CHECK(parse_money("1234.5").kopecks == 123450);
    CHECK(parse_money("1234,56").kopecks == 123456);
    CHECK(parse_money("1 234,56").kopecks == 123456);
    CHECK(parse_money("1\xC2\xA0" "234,56").kopecks == 123456);      // NBSP
    CHECK(parse_money("1\xE2\x80\xAF" "234,56").kopecks == 123456);  // narrow NBSP
    CHECK(parse_money("12 345 678.90").kopecks == 1234567890);
    CHECK(parse_money("-12,30").kopecks == -1230);
    CHECK(parse_money("-0,01").kopecks == -1);
    CHECK(parse_money("-0").kopecks == 0);
    CHECK(parse_money("0").kopecks == 0);
    CHECK(parse_money("007,5").kopecks == 750);
    CHECK(parse_money("  42,00\t").kopecks == 4200);
    CHECK(parse_money("92233720368547758.07").kopecks == max64);
    CHECK(parse_money("-92233720368547758.08").kopecks == min64);
}

TEST_CASE("money: parse_money rejects everything else, quoting the text") {
    using gefest::parse_money;
    for (const char* bad : {"", " ", "-", "abc", "1234.56 руб.", "1234 руб", "12.345", "1234,567", "1,234.56",
                            "+5", "--5", "- 5", ".5", "5.", "5,", "1.2.3", "12 34", "1 2345", "1 23 456", "1 2 345", "1  234", "1234 567", " 1  234",
                            "1e5", "0x10", "12-", "1'234", "1\t234", "5 .00",
                            "92233720368547758.08", "99999999999999999999999999"}) {
        std::string text = bad;
        CAPTURE(text);
        CHECK(code_of([&] { return parse_money(bad); }) == Errc::data);
    }
    CHECK(parse_money("1 234 ").kopecks == 123400);  // the trailing space is trimmed
    CHECK(message_of([] { return parse_money("1234.56 руб."); }) == "invalid amount '1234.56 руб.'");
    CHECK(message_of([] { return parse_money("1,234"); }) == "amount '1,234' has more than two decimal places");
    CHECK(message_of([] { return parse_money("1e99999999999999999999"); }) == "invalid amount '1e99999999999999999999'");
}

TEST_CASE("money: format_money and format_plain") {
    using gefest::format_money;
    using gefest::format_plain;
    CHECK(format_money(Money{123456}) == "1 234,56");
    CHECK(format_money(Money{-123456}) == "-1 234,56");
    CHECK(format_money(Money{0}) == "0,00");
    CHECK(format_money(Money{5}) == "0,05");
    CHECK(format_money(Money{-5}) == "-0,05");
    CHECK(format_money(Money{99999}) == "999,99");
    CHECK(format_money(Money{100000}) == "1 000,00");
    CHECK(format_money(Money{123456789012}) == "1 234 567 890,12");
    CHECK(format_money(Money{123456}, '.') == "1 234.56");
    CHECK(format_money(Money{123456}, ',', false) == "1234,56");
    CHECK(format_money(Money{max64}) == "92 233 720 368 547 758,07");
    CHECK(format_money(Money{min64}) == "-92 233 720 368 547 758,08");
    CHECK(format_plain(Money{123456}) == "1234.56");
    CHECK(format_plain(Money{-1}) == "-0.01");
    CHECK(format_plain(Money{min64}) == "-92233720368547758.08");
}

TEST_CASE("money: format and parse round-trip") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 5000; ++i) {
        // Spread over magnitudes: shift a random value right by 1..63 bits.
        auto v = static_cast<std::int64_t>(rng() >> (1 + rng() % 63));
        if (rng() % 2) v = -v;
        Money m{v};
        CAPTURE(v);
        CHECK(gefest::parse_money(gefest::format_plain(m)) == m);
        CHECK(gefest::parse_money(gefest::format_money(m)) == m);
        CHECK(gefest::parse_money(gefest::format_money(m, '.', false)) == m);
    }
}

TEST_CASE("money: VAT contained in a gross price (1C: gross * p / (100 + p))") {
    using gefest::vat_included;
    CHECK(vat_included(Money{118000}, 18).kopecks == 18000);
    CHECK(vat_included(Money{12000}, 20).kopecks == 2000);
    CHECK(vat_included(Money{10000}, 20).kopecks == 1667);   // 16.666… -> 16.67
    CHECK(vat_included(Money{11000}, 10).kopecks == 1000);
    CHECK(vat_included(Money{10000}, 10).kopecks == 909);    // 9.0909… -> 9.09
    CHECK(vat_included(Money{3}, 20).kopecks == 1);          // 0.5 -> 1
    CHECK(vat_included(Money{-3}, 20).kopecks == -1);        // -0.5 -> -1
    CHECK(vat_included(Money{2}, 20).kopecks == 0);          // 0.333… -> 0
    CHECK(vat_included(Money{-10000}, 20).kopecks == -1667);
    CHECK(vat_included(Money{123456}, 0).kopecks == 0);
    CHECK(vat_included(Money{123456}, 20).kopecks == 20576);  // 205.76
    CHECK(vat_included(Money{max64}, 20).kopecks == 1537228672809129301);    // no overflow inside
    CHECK(code_of([] { return vat_included(Money{100}, -1); }) == Errc::data);
    CHECK(code_of([] { return vat_included(Money{100}, 101); }) == Errc::data);
}

TEST_CASE("money: VAT on top of a net price (net * p / 100)") {
    using gefest::vat_on_top;
    CHECK(vat_on_top(Money{10000}, 20).kopecks == 2000);
    CHECK(vat_on_top(Money{12345}, 20).kopecks == 2469);   // 24.69
    CHECK(vat_on_top(Money{5}, 10).kopecks == 1);          // 0.5 -> 1
    CHECK(vat_on_top(Money{-5}, 10).kopecks == -1);        // -0.5 -> -1
    CHECK(vat_on_top(Money{4}, 10).kopecks == 0);
    CHECK(vat_on_top(Money{15}, 10).kopecks == 2);         // 1.5 -> 2
    CHECK(vat_on_top(Money{123456}, 0).kopecks == 0);
    CHECK(vat_on_top(Money{max64}, 100).kopecks == max64);
    CHECK(code_of([] { return vat_on_top(Money{100}, 150); }) == Errc::data);

    // net + VAT on top, then VAT contained in that gross, gives the VAT back (the
    // rounding of both is to the nearest kopeck, and the gross has the VAT exactly).
    std::mt19937_64 rng(11);
    for (int i = 0; i < 2000; ++i) {
        Money net{static_cast<std::int64_t>(rng() % 1'000'000'000)};
        for (int p : {0, 5, 7, 10, 20}) {
            Money vat = vat_on_top(net, p);
            CAPTURE(net.kopecks);
            CAPTURE(p);
            CHECK(gefest::vat_included(net + vat, p) == vat);
        }
    }
}

// Issue 14: a conversion truncated (7 of 15 showed 46,66 %, not 46,67 %). round_div is
// the one rounding of gefest: half away from zero, as 1C rounds.
TEST_CASE("money: round_div and scale round half away from zero, exactly") {
    using gefest::round_div;
    using gefest::scale;
    CHECK(round_div(7 * 10000, 15) == 4667);  // 46,666… % → 46,67 %
    CHECK(round_div(8 * 10000, 15) == 5333);  // 53,333… % → 53,33 %
    CHECK(round_div(1, 2) == 1);
    CHECK(round_div(-1, 2) == -1);
    CHECK(round_div(1, -2) == -1);
    CHECK(round_div(-1, -2) == 1);
    CHECK(round_div(1, 3) == 0);
    CHECK(round_div(2, 3) == 1);
    CHECK(round_div(-2, 3) == -1);
    CHECK(round_div(149, 100) == 1);
    CHECK(round_div(150, 100) == 2);
    CHECK(round_div(-150, 100) == -2);
    CHECK(round_div(0, 7) == 0);
    CHECK(round_div(max64, 1) == max64);
    CHECK(round_div(max64, max64) == 1);
    CHECK(round_div(max64 / 2 + 1, max64) == 1);  // just over a half
    CHECK(round_div(max64 / 2, max64) == 0);      // just under
    CHECK(round_div(std::numeric_limits<std::int64_t>::min(), 2) == std::numeric_limits<std::int64_t>::min() / 2);
    CHECK(code_of([] { return Money{round_div(1, 0)}; }) == Errc::data);
    CHECK(code_of([] { return Money{round_div(std::numeric_limits<std::int64_t>::min(), -1)}; }) == Errc::data);
    CHECK(scale(Money{100}, 7, 15).kopecks == 47);    // 46,67 kopecks
    CHECK(scale(Money{-100}, 7, 15).kopecks == -47);
    CHECK(scale(Money{5}, 1, 10).kopecks == 1);       // 0,5 → 1
    CHECK(scale(Money{max64}, 100, 100).kopecks == max64);  // no overflow inside
    CHECK(code_of([] { return scale(Money{max64}, 2, 1); }) == Errc::data);
    CHECK(code_of([] { return scale(Money{1}, 1, 0); }) == Errc::data);
}
