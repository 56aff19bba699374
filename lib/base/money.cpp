#include "base/money.h"

#include <fmt/format.h>

#include <limits>

#include "base/error.h"
#include "base/i18n.h"

namespace gefest {

namespace {

using Wide = __int128;

[[noreturn]] void throw_overflow() {
    throw Error(Errc::data, tr("amount is too large"));
}

Money checked(Wide v) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
        throw_overflow();
    return Money{static_cast<std::int64_t>(v)};
}

// num / den rounded half away from zero: the one rounding (round_div, scale). Works on
// magnitudes so that the rounding is symmetric (C++ division truncates towards zero).
// |num| < 2^126 and 0 < |den| < 2^63, so nothing here overflows __int128.
Wide div_round(Wide num, Wide den) {
    if (den == 0) throw Error(Errc::data, tr("division by zero"));
    if (den < 0) num = -num, den = -den;
    Wide mag = num < 0 ? -num : num;
    Wide q = mag / den;
    if ((mag % den) * 2 >= den) ++q;
    return num < 0 ? -q : q;
}

void check_percent(int percent) {
    if (percent < 0 || percent > 100)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("VAT rate '{}%' is not between 0 and 100")), percent));
}

// "1234.56" / "-1 234,56" from the magnitude, so that INT64_MIN needs no negation.
std::string format(Money m, char decimal, bool group) {
    bool negative = m.kopecks < 0;
    std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(m.kopecks) : static_cast<std::uint64_t>(m.kopecks);
    std::string rubles = std::to_string(mag / 100);
    std::string out;
    if (negative) out += '-';
    for (std::size_t i = 0; i < rubles.size(); ++i) {
        if (group && i > 0 && (rubles.size() - i) % 3 == 0) out += ' ';
        out += rubles[i];
    }
    out += decimal;
    unsigned kop = static_cast<unsigned>(mag % 100);
    out += static_cast<char>('0' + kop / 10);
    out += static_cast<char>('0' + kop % 10);
    return out;
}

// Length of the group separator at text[i] (space, NBSP, narrow NBSP), or 0.
std::size_t separator_at(std::string_view text, std::size_t i) {
    std::string_view rest = text.substr(i);
    if (rest.starts_with(' ')) return 1;
    if (rest.starts_with("\xC2\xA0")) return 2;
    if (rest.starts_with("\xE2\x80\xAF")) return 3;
    return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Money operator+(Money a, Money b) { return checked(Wide{a.kopecks} + b.kopecks); }
Money operator-(Money a, Money b) { return checked(Wide{a.kopecks} - b.kopecks); }
Money operator-(Money a) { return checked(-Wide{a.kopecks}); }
Money& operator+=(Money& a, Money b) { return a = a + b; }
Money& operator-=(Money& a, Money b) { return a = a - b; }
Money operator*(Money price, Quantity qty) { return checked(Wide{price.kopecks} * qty); }
Money operator*(Quantity qty, Money price) { return price * qty; }

std::int64_t round_div(std::int64_t num, std::int64_t den) { return checked(div_round(num, den)).kopecks; }

Money scale(Money amount, std::int64_t num, std::int64_t den) { return checked(div_round(Wide{amount.kopecks} * num, den)); }

Money multiply(Money price, std::int64_t qty_milli) {
    // |price| * |qty| < 2^126, so the product cannot overflow __int128.
    return scale(price, qty_milli, 1000);
}

Money parse_money(std::string_view text) {
    auto invalid = [&] {
        return Error(Errc::data, fmt::format(fmt::runtime(tr("invalid amount '{}'")), text));
    };
    std::string_view s = text;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);

    bool negative = false;
    if (!s.empty() && s.front() == '-') {
        negative = true;
        s.remove_prefix(1);
    }

    // Rouble part: digits in groups; once a separator is seen, the first group has
    // 1-3 digits and every later one exactly 3 ("1 2345" is more likely two numbers).
    Wide rubles = 0;
    std::size_t i = 0, group_len = 0, groups = 0;
    while (i < s.size()) {
        if (is_digit(s[i])) {
            rubles = rubles * 10 + (s[i] - '0');
            if (rubles > Wide{std::numeric_limits<std::int64_t>::max()})
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("amount '{}' is too large")), text));
            ++group_len;
            ++i;
        } else if (std::size_t n = separator_at(s, i); n > 0) {
            if (group_len == 0 || (groups == 0 && group_len > 3) || (groups > 0 && group_len != 3))
                throw invalid();
            ++groups;
            group_len = 0;
            i += n;
        } else {
            break;
        }
    }
    if (group_len == 0 || (groups > 0 && group_len != 3)) throw invalid();

    Wide kopecks = 0;
    if (i < s.size()) {
        if (s[i] != '.' && s[i] != ',') throw invalid();
        std::string_view frac = s.substr(i + 1);
        if (frac.empty()) throw invalid();
        for (char c : frac)
            if (!is_digit(c)) throw invalid();
        if (frac.size() > 2)
            throw Error(Errc::data,
                        fmt::format(fmt::runtime(tr("amount '{}' has more than two decimal places")), text));
        kopecks = (frac[0] - '0') * 10 + (frac.size() == 2 ? frac[1] - '0' : 0);
    }

    Wide total = rubles * 100 + kopecks;
    if (negative) total = -total;
    if (total > std::numeric_limits<std::int64_t>::max() || total < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("amount '{}' is too large")), text));
    return Money{static_cast<std::int64_t>(total)};
}

std::string format_money(Money m, char decimal, bool group) { return format(m, decimal, group); }

std::string format_plain(Money m) { return format(m, '.', false); }

Money vat_included(Money gross, int percent) {
    check_percent(percent);
    return scale(gross, percent, 100 + percent);
}

Money vat_on_top(Money net, int percent) {
    check_percent(percent);
    return scale(net, percent, 100);
}

}  // namespace gefest
