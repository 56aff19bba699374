// Dates and times as the procedure uses them: local civil time, to the second.
// GEFEST_NOW=2026-11-27T10:00:00 fixes "now" for tests and replays.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace gefest {

/// A calendar date (proleptic Gregorian).
struct Date {
    int year = 1970, month = 1, day = 1;

    /// Days since 1970-01-01.
    std::int64_t days() const;
    static Date from_days(std::int64_t days);
    Date plus_days(int n) const { return from_days(days() + n); }

    /// "2026-11-27"; "27.11.2026" for documents.
    std::string iso() const;
    std::string russian() const;
    /// "2026-11"
    std::string month_key() const;

    /// Accepts "2026-11-27" and "27.11.2026"; nullopt-like: throws Error(data) naming `what`.
    static Date parse(std::string_view text, std::string_view what);
    static bool try_parse(std::string_view text, Date& out);

    auto operator<=>(const Date&) const = default;
};

/// A local date and time to the second.
struct DateTime {
    Date date;
    int hour = 0, minute = 0, second = 0;

    /// "2026-11-27T10:00:00"
    std::string iso() const;
    /// "27.11.2026 10:00"
    std::string russian() const;
    std::int64_t seconds() const;  ///< since 1970-01-01T00:00:00 (as if UTC)
    static DateTime from_seconds(std::int64_t s);

    /// Accepts "2026-11-27T10:00:00", "2026-11-27 10:00[:00]" and a bare date.
    static DateTime parse(std::string_view text, std::string_view what);
    static bool try_parse(std::string_view text, DateTime& out);

    auto operator<=>(const DateTime&) const = default;
};

/// Now, local time; GEFEST_NOW when set (Error(config) if it does not parse).
DateTime now();

/// `year`, or this year (by now()) when `year` is 0: a record number given without its year.
inline int year_or_this(int year) { return year ? year : now().date.year; }

/// True when GEFEST_NOW fixes the time (tests, replays).
bool time_is_fixed();

}  // namespace gefest
