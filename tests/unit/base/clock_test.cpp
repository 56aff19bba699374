#include "base/clock.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;

namespace {

Date date(const std::string& text) { return Date::parse(text, "test"); }

bool parses_as_date(const std::string& text) {
    Date d;
    return Date::try_parse(text, d);
}

bool parses_as_date_time(const std::string& text) {
    DateTime dt;
    return DateTime::try_parse(text, dt);
}

}  // namespace

TEST_CASE("clock: Date parses ISO and Russian forms to the same day") {
    CHECK(date("2026-11-27") == Date{2026, 11, 27});
    CHECK(date("27.11.2026") == Date{2026, 11, 27});
    CHECK(date("2024-02-29") == Date{2024, 2, 29});
    CHECK(date("29.02.2000") == Date{2000, 2, 29});
    CHECK(Date{2026, 1, 5}.iso() == "2026-01-05");
    CHECK(Date{2026, 1, 5}.russian() == "05.01.2026");
    CHECK(Date{2026, 1, 5}.month_key() == "2026-01");
}

TEST_CASE("clock: Date rejects impossible days and garbage") {
    for (const char* bad : {"2026-02-30", "30.02.2026", "2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
                            "2026-00-10", "2026-11-00", "2026-11-32", "00.11.2026", "2026-1-27", "2026/11/27",
                            "27.11.26", "2026-11-27x", " 2026-11-27", "2026-11-2 ", "+026-11-27", "2026-+1-27",
                            "abcd-ef-gh", "", "0000-01-01", "27-11-2026"}) {
        CAPTURE(bad);
        CHECK_FALSE(parses_as_date(bad));
    }
    try {
        Date::parse("2026-02-30", "--date");
        FAIL("2026-02-30 was accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(std::string(e.what()).find("--date") != std::string::npos);
        CHECK(std::string(e.what()).find("2026-02-30") != std::string::npos);
    }
}

TEST_CASE("clock: DateTime parses its forms and rejects impossible times") {
    CHECK(DateTime::parse("2026-11-27T10:00:00", "t").iso() == "2026-11-27T10:00:00");
    CHECK(DateTime::parse("2026-11-27 10:05", "t").iso() == "2026-11-27T10:05:00");
    CHECK(DateTime::parse("2026-11-27 23:59:59", "t").iso() == "2026-11-27T23:59:59");
    CHECK(DateTime::parse("27.11.2026 08:30", "t").iso() == "2026-11-27T08:30:00");
    CHECK(DateTime::parse("2026-11-27", "t").iso() == "2026-11-27T00:00:00");
    CHECK(DateTime::parse("2026-11-27T10:05:09", "t").russian() == "27.11.2026 10:05");
    for (const char* bad : {"2026-11-27T24:00:00", "2026-11-27 24:00", "2026-11-27 10:60", "2026-11-27 10:00:60",
                            "2026-02-30T10:00:00", "2026-11-27T10", "2026-11-27T1:00", "2026-11-27X10:00",
                            "2026-11-27 10-00", "2026-11-27 10:00:0", "2026-11-27 10:00:00Z", "later", "", "2026-11-27T"}) {
        CAPTURE(bad);
        CHECK_FALSE(parses_as_date_time(bad));
    }
    CHECK_THROWS_AS(DateTime::parse("2026-11-27 24:00", "--arrival"), Error);
}

TEST_CASE("clock: days arithmetic across leap years") {
    CHECK(Date{1970, 1, 1}.days() == 0);
    CHECK(Date{2000, 3, 1}.days() - Date{2000, 2, 28}.days() == 2);  // 2000 is a leap year
    CHECK(Date{2100, 3, 1}.days() - Date{2100, 2, 28}.days() == 1);  // 2100 is not
    CHECK(Date{2024, 3, 1}.days() - Date{2024, 2, 28}.days() == 2);
    CHECK(Date{2026, 3, 1}.days() - Date{2026, 2, 28}.days() == 1);
    CHECK(Date{2025, 1, 1}.days() - Date{2024, 1, 1}.days() == 366);
    CHECK(Date{2026, 1, 1}.days() - Date{2025, 1, 1}.days() == 365);
    CHECK(Date{2024, 2, 28}.plus_days(1) == Date{2024, 2, 29});
    CHECK(Date{2024, 2, 28}.plus_days(2) == Date{2024, 3, 1});
    CHECK(Date{2023, 12, 31}.plus_days(60) == Date{2024, 2, 29});
    CHECK(Date{2024, 3, 1}.plus_days(-1) == Date{2024, 2, 29});
    CHECK(Date{2026, 11, 27}.plus_days(35) == Date{2027, 1, 1});
    CHECK(Date{2000, 1, 1}.plus_days(366) == Date{2001, 1, 1});
    // Every day of 1999..2101 maps back to itself.
    for (std::int64_t d = Date{1999, 1, 1}.days(); d <= Date{2101, 12, 31}.days(); ++d) {
        Date x = Date::from_days(d);
        REQUIRE(x.days() == d);
        REQUIRE(Date::from_days(d + 1) > x);
    }
    CHECK(Date{1969, 12, 31}.days() == -1);
    CHECK(DateTime::from_seconds(-1).iso() == "1969-12-31T23:59:59");
    DateTime t = DateTime::parse("2024-02-28T23:30:00", "t");
    CHECK(DateTime::from_seconds(t.seconds() + 3600).iso() == "2024-02-29T00:30:00");
}

TEST_CASE("clock: GEFEST_NOW fixes now; a bad value is Error(config)") {
    {
        ScopedEnv fixed("GEFEST_NOW", "2026-11-27T10:00:00");
        CHECK(time_is_fixed());
        CHECK(now().iso() == "2026-11-27T10:00:00");
    }
    {
        ScopedEnv fixed("GEFEST_NOW", "2026-11-27 10:05");
        CHECK(now().iso() == "2026-11-27T10:05:00");
    }
    {
        ScopedEnv bad("GEFEST_NOW", "2026-11-27T25:00:00");
        try {
            now();
            FAIL("a bad GEFEST_NOW was accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::config);
            CHECK(std::string(e.what()).find("2026-11-27T25:00:00") != std::string::npos);
        }
    }
    {
        ScopedEnv bad("GEFEST_NOW", "tomorrow");
        CHECK_THROWS_AS(now(), Error);
    }
    {
        ScopedEnv unset("GEFEST_NOW", std::nullopt);
        CHECK_FALSE(time_is_fixed());
        CHECK(now().date.year >= 2024);  // the real clock
    }
    {
        ScopedEnv empty("GEFEST_NOW", "");
        CHECK_FALSE(time_is_fixed());  // empty means "not set"
    }
}
