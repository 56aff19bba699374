// Money in roubles, held as a whole number of kopecks. Never a double: prices, totals
// and VAT must add up to the kopeck exactly as they do in 1C and on the invoice.
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace gefest {

/// An integer count of units (pieces, packs…); fractional quantities go through
/// multiply() in thousandths instead.
using Quantity = std::int64_t;

/// An amount in kopecks (may be negative). Arithmetic is checked: a result that does
/// not fit std::int64_t throws Error(Errc::data).
struct Money {
    std::int64_t kopecks = 0;

    /// Total order by kopecks.
    friend constexpr auto operator<=>(const Money&, const Money&) = default;
};

/// Sum; throws Error(Errc::data) on overflow.
Money operator+(Money a, Money b);
/// Difference; throws Error(Errc::data) on overflow.
Money operator-(Money a, Money b);
/// Negation; throws Error(Errc::data) for the one amount that has no negative.
Money operator-(Money a);
/// a = a + b; throws like operator+.
Money& operator+=(Money& a, Money b);
/// a = a - b; throws like operator-.
Money& operator-=(Money& a, Money b);
/// Price times a whole number of units (exact); throws Error(Errc::data) on overflow.
Money operator*(Money price, Quantity qty);
/// Same as price * qty.
Money operator*(Quantity qty, Money price);
/// Deleted so that `price * 1.5` does not silently truncate to `price * 1`: use
/// multiply() with thousandths.
template <std::floating_point F>
Money operator*(Money price, F qty) = delete;
/// Deleted: see operator*(Money, F).
template <std::floating_point F>
Money operator*(F qty, Money price) = delete;

/// THE rounding of gefest (lib/base): num / den rounded to the nearest whole number, half
/// away from zero, as 1C rounds (7 / 15 of 10000 → 4666,67 → 4667; −0.5 → −1). Every
/// division of money and every ratio shown (a conversion in hundredths of a percent, an
/// average in hundredths of a day) goes through it; C++'s own division truncates.
/// Computed exactly in 128 bits. Throws Error(Errc::data) when den is 0 or the result
/// does not fit std::int64_t.
std::int64_t round_div(std::int64_t num, std::int64_t den);

/// amount × num / den, rounded to the kopeck by round_div's rule (exact in 128 bits: no
/// intermediate overflow). Throws Error(Errc::data) when den is 0 or the result does not fit.
Money scale(Money amount, std::int64_t num, std::int64_t den);

/// Price times a quantity given in thousandths of a unit (1500 = 1.5 units), rounded
/// to the kopeck half away from zero (0.5 → 1, -0.5 → -1); throws Error(Errc::data)
/// when the result does not fit.
Money multiply(Money price, std::int64_t qty_milli);

/// Parses an amount as people type it: "1234", "1234.5", "1234,56", "-12,30",
/// "1 234,56" (groups of three split by a space, NBSP U+00A0 or narrow NBSP U+202F).
/// Spaces and tabs around the number are ignored; nothing else is: no currency
/// ("руб."), no "+", no more than two decimals, no ".5" or "5.". Throws
/// Error(Errc::data) quoting the text when it is not such an amount or does not fit.
Money parse_money(std::string_view text);

/// "1 234,56", "-1 234,56", "0,05": always two decimals after `decimal`; with `group`
/// the rouble part is split into groups of three by a normal space (U+0020).
std::string format_money(Money m, char decimal = ',', bool group = true);

/// "1234.56", "-0.05": for machine formats (CSV, XML, JSON strings); parse_money
/// reads it back.
std::string format_plain(Money m);

// VAT rates are plain whole percents here (0: no VAT). The dated rate of the share's
// settings is gefest::VatRate in share.h; pass its `percent`.

/// The VAT contained in a price that includes it, as 1C computes it:
/// gross * percent / (100 + percent), rounded to the kopeck half away from zero.
/// Throws Error(Errc::data) when percent is outside 0..100.
Money vat_included(Money gross, int percent);

/// The VAT to add on top of a net price: net * percent / 100, rounded to the kopeck
/// half away from zero. Throws Error(Errc::data) when percent is outside 0..100.
Money vat_on_top(Money net, int percent);

}  // namespace gefest
