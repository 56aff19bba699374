#include "procedure/claims.h"

#include <doctest/doctest.h>

#include <functional>

#include "base/error.h"

using namespace gefest;

namespace {

Errc code_of(const std::function<void()>& f, int* line = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (line) *line = e.line();
        return e.code();
    }
    FAIL("no error");
    return Errc::usage;
}

const std::string head = "№;Дата;Заказ;Клиент;Текст;Статус;Решение;Дата решения;Кто решил\n";

}  // namespace

TEST_CASE("claims register: format and parse round trip") {
    Claim a;
    a.year = 2026;
    a.number = 1;
    a.date = "2026-11-27";
    a.order = "2026-5";
    a.client = "ООО «Альфа»";
    a.text = "брак; 2 шт";
    Claim b = a;
    b.number = 2;
    b.status = claim_status::resolved;
    b.decision = "замена";
    b.decided_at = "2026-11-28T09:00:00";
    b.decided_by = "boss";
    std::string text = format_claims({a, b});
    CHECK(text.rfind("\xEF\xBB\xBF№;Дата;Заказ;", 0) == 0);
    auto back = parse_claims(text, "f", 2026);
    REQUIRE(back.size() == 2);
    CHECK(back[0].key() == "2026-1");
    CHECK(back[0].text == "брак; 2 шт");
    CHECK(back[0].is_open());
    CHECK(!back[1].is_open());
    CHECK(back[1].decision == "замена");
    CHECK(back[1].decided_by == "boss");
    CHECK(parse_claims("", "f", 2026).empty());
}

TEST_CASE("claims register: errors at FILE:LINE") {
    int line = 0;
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;открыта;;;\nx;d;o;c;t;открыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 3);
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;закрыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 2);
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;открыта;;;\n1;d;o;c;t;открыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 3);
    CHECK(code_of([&] { parse_claims("№;Дата\n1;d\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 1);
}

TEST_CASE("claim ids, scores, texts") {
    int y = 0;
    std::int64_t n = 0;
    parse_claim_id("2026-3", y, n);
    CHECK(y == 2026);
    CHECK(n == 3);
    for (const char* bad : {"3", "2026-", "-3", "2026-0", "26-3", "2026-3a", "2026-+3"})
        CHECK(code_of([&] { parse_claim_id(bad, y, n); }) == Errc::usage);
    CHECK(code_of([] { check_score(0); }) == Errc::usage);
    CHECK(code_of([] { check_score(6); }) == Errc::usage);
    check_score(1);
    check_score(5);
    CHECK(require_text("  брак \n", "text") == "брак");
    CHECK(code_of([] { require_text(" \t", "text"); }) == Errc::usage);
}
