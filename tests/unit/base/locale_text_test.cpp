#include "base/locale_text.h"

#include <doctest/doctest.h>

#include <clocale>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/progress.h"

using namespace gefest;

namespace {
// Sets LC_MESSAGES for one test case and puts back what was there.
struct MessagesLocale {
    std::string before;
    bool ok;
    explicit MessagesLocale(const char* name) : before(std::setlocale(LC_MESSAGES, nullptr)), ok(std::setlocale(LC_MESSAGES, name) != nullptr) {}
    ~MessagesLocale() { std::setlocale(LC_MESSAGES, before.c_str()); }
};
}  // namespace

TEST_CASE("money and dates in messages: the forms gefest has always printed outside a Russian locale") {
    MessagesLocale c("C");
    CHECK_FALSE(russian_locale());
    CHECK(money_text(Money{37790000}) == "377 900,00");
    CHECK(date_text(Date{2026, 11, 27}) == "27.11.2026");
    CHECK(moment_text(DateTime{{2026, 11, 27}, 10, 0, 0}) == "2026-11-27T10:00:00");
    CHECK(stored_date_text("2026-11-27T10:00:00") == "2026-11-27T10:00:00");
}

TEST_CASE("money and dates in messages: the Russian forms under a Russian locale") {
    MessagesLocale ru("ru_RU.UTF-8");
    if (!ru.ok) return;  // the locale is not generated on this machine (.ci/deps does it)
    CHECK(russian_locale());
    CHECK(money_text(Money{37790000}) == "377 900,00 ₽");
    CHECK(money_text(Money{-5}) == "-0,05 ₽");
    CHECK(date_text(Date{2026, 11, 27}) == "27.11.2026");
    CHECK(moment_text(DateTime{{2026, 11, 27}, 10, 5, 0}) == "27.11.2026 10:05");
    CHECK(stored_date_text("2026-11-27") == "27.11.2026");
    CHECK(stored_date_text("2026-11-27T10:05:00") == "27.11.2026 10:05");
    CHECK(stored_date_text("не дата") == "не дата");
}

TEST_CASE("progress goes to the sink that is set, and nowhere without one") {
    std::vector<std::string> seen;
    progress("nothing listens", 0, 1);  // no sink: nothing happens
    set_progress_sink([&](std::string_view what, std::size_t done, std::size_t total) {
        seen.push_back(std::string(what) + " " + std::to_string(done) + "/" + std::to_string(total));
        if (done == 1) throw std::runtime_error("a broken sink");
    });
    progress("work", 0, 2);
    CHECK_NOTHROW(progress("work", 1, 2));  // a sink that throws never stops the work
    progress("work", 2, 2);
    set_progress_sink({});
    progress("work", 0, 2);
    CHECK(seen == std::vector<std::string>{"work 0/2", "work 1/2", "work 2/2"});
}
