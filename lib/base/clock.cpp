#include "base/clock.h"

#include <ctime>
#include <cstdlib>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"

namespace gefest {

namespace {

// Howard Hinnant's days-from-civil algorithm (public domain description).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
    static const int table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : table[m - 1];
}

bool parse_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool valid(const Date& d) {
    return d.year >= 1900 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

}  // namespace

std::int64_t Date::days() const { return days_from_civil(year, month, day); }

Date Date::from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(yoe + era * 400 + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

namespace {

// Writes `v` (0 ≤ v < 10^width) zero-padded to `width` digits at `out`.
void put_digits(char* out, int v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
}

// Whether the fields fit the fixed widths the fast formatting writes (any valid date
// does); anything else goes through fmt, as it always did.
bool fixed_width(const Date& d) { return d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 && d.day <= 99; }

}  // namespace

// By hand, not fmt::format: a register of 100k invoices formats 200k dates each way.
std::string Date::iso() const {
    if (!fixed_width(*this)) return fmt::format("{:04}-{:02}-{:02}", year, month, day);
    std::string s(10, '-');
    put_digits(s.data(), year, 4);
    put_digits(s.data() + 5, month, 2);
    put_digits(s.data() + 8, day, 2);
    return s;
}

std::string Date::russian() const {
    if (!fixed_width(*this)) return fmt::format("{:02}.{:02}.{:04}", day, month, year);
    std::string s(10, '.');
    put_digits(s.data(), day, 2);
    put_digits(s.data() + 3, month, 2);
    put_digits(s.data() + 6, year, 4);
    return s;
}

std::string Date::month_key() const {
    if (!fixed_width(*this)) return fmt::format("{:04}-{:02}", year, month);
    std::string s(7, '-');
    put_digits(s.data(), year, 4);
    put_digits(s.data() + 5, month, 2);
    return s;
}

bool Date::try_parse(std::string_view t, Date& out) {
    Date d;
    if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
        if (!parse_int(t.substr(0, 4), d.year) || !parse_int(t.substr(5, 2), d.month) || !parse_int(t.substr(8, 2), d.day))
            return false;
    } else if (t.size() == 10 && t[2] == '.' && t[5] == '.') {
        if (!parse_int(t.substr(6, 4), d.year) || !parse_int(t.substr(3, 2), d.month) || !parse_int(t.substr(0, 2), d.day))
            return false;
    } else {
        return false;
    }
    if (!valid(d)) return false;
    out = d;
    return true;
}

Date Date::parse(std::string_view text, std::string_view what) {
    Date d;
    if (!try_parse(text, d))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{}: '{}' is not a date (expected YYYY-MM-DD or DD.MM.YYYY)")), what, text));
    return d;
}

std::string DateTime::iso() const {
    auto two = [](int v) { return v >= 0 && v <= 99; };
    if (!fixed_width(date) || !two(hour) || !two(minute) || !two(second))
        return fmt::format("{}T{:02}:{:02}:{:02}", date.iso(), hour, minute, second);
    std::string s = date.iso();
    s.resize(19, ':');
    s[10] = 'T';
    put_digits(s.data() + 11, hour, 2);
    put_digits(s.data() + 14, minute, 2);
    put_digits(s.data() + 17, second, 2);
    return s;
}
std::string DateTime::russian() const { return fmt::format("{} {:02}:{:02}", date.russian(), hour, minute); }
std::int64_t DateTime::seconds() const { return date.days() * 86400 + hour * 3600 + minute * 60 + second; }

DateTime DateTime::from_seconds(std::int64_t s) {
    std::int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    std::int64_t rest = s - days * 86400;
    return DateTime{Date::from_days(days), static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60)};
}

bool DateTime::try_parse(std::string_view t, DateTime& out) {
    DateTime dt;
    if (!Date::try_parse(t.substr(0, 10), dt.date)) return false;
    if (t.size() == 10) {
        out = dt;
        return true;
    }
    if (t.size() != 16 && t.size() != 19) return false;
    if (t[10] != 'T' && t[10] != ' ') return false;
    if (t[13] != ':' || !parse_int(t.substr(11, 2), dt.hour) || !parse_int(t.substr(14, 2), dt.minute)) return false;
    if (t.size() == 19 && (t[16] != ':' || !parse_int(t.substr(17, 2), dt.second))) return false;
    if (dt.hour > 23 || dt.minute > 59 || dt.second > 59) return false;
    out = dt;
    return true;
}

DateTime DateTime::parse(std::string_view text, std::string_view what) {
    DateTime dt;
    if (!try_parse(text, dt))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{}: '{}' is not a date and time (expected YYYY-MM-DD HH:MM)")), what, text));
    return dt;
}

bool time_is_fixed() {
    const char* fixed = std::getenv("GEFEST_NOW");
    return fixed && *fixed;
}

DateTime now() {
    if (time_is_fixed()) {
        DateTime dt;
        if (!DateTime::try_parse(std::getenv("GEFEST_NOW"), dt))
            throw Error(Errc::config, fmt::format(fmt::runtime(tr("GEFEST_NOW='{}' is not a date and time (expected 2026-11-27T10:00:00)")), std::getenv("GEFEST_NOW")));
        return dt;
    }
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    return DateTime{Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

}  // namespace gefest
