#include "formats/site_import.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "base/error.h"

using namespace gefest;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

struct Failure {
    std::string what;
    int line = 0;
};

Failure failure(std::string_view text) {
    try {
        parse_site_requests(text, "site.json");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.file() == "site.json");
        return {e.what(), e.line()};
    }
    FAIL("no gefest::Error thrown");
    return {};
}

}  // namespace

TEST_CASE("one object, every field") {
    auto rs = parse_site_requests(R"({"id": "site-123", "date": "2026-11-26T18:04:00", "name": " Иван Иванов ",
        "phone": "8 (912) 345-67-89", "email": "Ivan@Example.RU", "company": "ООО «Ромашка»", "inn": "7707083893",
        "source": "Интернет-поиск", "items": [{"sku": "ПК-50", "qty": 2}, {"sku": "ГВ-12", "qty": 1.0}],
        "comment": "позвоните после 14:00", "utm_source": "yandex"})",
                                  "s.json");
    REQUIRE(rs.size() == 1);
    const auto& r = rs[0];
    CHECK(r.index == -1);
    CHECK(r.where() == "");
    CHECK(r.id == "site-123");
    CHECK(r.date == "2026-11-26T18:04:00");
    CHECK(r.name == "Иван Иванов");
    CHECK(r.phone == "+79123456789");
    CHECK(r.email == "ivan@example.ru");
    CHECK(r.company == "ООО «Ромашка»");
    CHECK(r.inn == "7707083893");
    CHECK(r.source == "Интернет-поиск");
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].sku == "ПК-50");
    CHECK(r.items[0].qty == 2);
    CHECK(r.items[1].qty == 1);
    CHECK(r.comment == "позвоните после 14:00");
}

TEST_CASE("an array; integer ids; minimal fields") {
    auto rs = parse_site_requests(R"([{"id": 7, "name": "A", "email": "a@b.ru"}, {"id": "8", "company": "Б", "phone": "9123456789"}])", "s.json");
    REQUIRE(rs.size() == 2);
    CHECK(rs[0].id == "7");
    CHECK(rs[0].where() == "[0]");
    CHECK(rs[1].where() == "[1]");
    CHECK(rs[1].phone == "+79123456789");
    CHECK(rs[0].items.empty());
    CHECK(rs[0].date.empty());
}

TEST_CASE("a JSON syntax error names its line") {
    auto f = failure("[\n  {\"id\": \"1\",\n   \"name\": \"A\"\n   \"phone\": \"1\"}\n]");
    CHECK(f.line == 4);
    CHECK(contains(f.what, "invalid JSON"));
    CHECK(!contains(f.what, "json.exception"));
    CHECK(failure("").line == 1);
    CHECK(failure("{\"id\": \"1\",\n\n").line == 3);
}

TEST_CASE("shape errors name the element and field") {
    CHECK(failure(R"([{"id": "1", "name": "A", "phone": "+79123456789"}, {"name": "B", "phone": "+79123456789"}])").what ==
          "[1].id: missing: the site's request id is required");
    CHECK(contains(failure(R"({"id": "1", "phone": "+79123456789"})").what, "name: missing"));
    CHECK(contains(failure(R"({"id": "1", "name": "A"})").what, "phone: missing: a phone or an e-mail"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "phone": "12-34"})").what, "phone: '12-34' is not a Russian phone number"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "nobody@"})").what, "email: 'nobody@'"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "inn": "7707083894"})").what, "inn: '7707083894'"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "date": "вчера"})").what, "date: 'вчера'"));
    CHECK(failure(R"([{"id": "1", "name": "A", "email": "a@b.ru", "items": [{"sku": "X", "qty": 0}]}])").what ==
          "[0].items[0].qty: must be a whole number greater than 0");
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "items": [{"sku": "X", "qty": 1.5}]})").what, "items[0].qty"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "items": [{"qty": 1}]})").what, "items[0].sku: missing"));
    CHECK(contains(failure(R"({"id": "1", "name": 5, "email": "a@b.ru"})").what, "name: must be a string"));
    CHECK(contains(failure(R"([{"id": "1", "name": "A", "email": "a@b.ru"}, {"id": "1", "name": "B", "email": "b@b.ru"}])").what,
                   "[1].id: '1' occurs twice"));
    CHECK(contains(failure("[]").what, "empty array"));
    CHECK(contains(failure("42").what, "expected a JSON object"));
    CHECK(contains(failure("[42]").what, "[0]: an application must be a JSON object"));
}

// Found by tests/fuzz/site_json_fuzz.cpp: a number beyond a double escaped as nlohmann's
// out_of_range (an internal error), and a huge float quantity was converted to an integer
// (undefined behaviour).
TEST_CASE("numbers too large: invalid JSON, or a quantity that is not a whole number") {
    auto f = failure("8888888888888888e888888e");  // the fuzzer's input, up to its NUL
    CHECK(contains(f.what, "invalid JSON: number overflow parsing '8888888888888888e888888'"));
    CHECK(!contains(f.what, "json.exception"));
    CHECK(contains(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "items": [{"sku": "X", "qty": 1e999}]})").what,
                   "invalid JSON: number overflow"));
    for (const char* qty : {"1e300", "9.3e18", "1e19"})
        CHECK(failure(fmt::format(R"({{"id": "1", "name": "A", "email": "a@b.ru", "items": [{{"sku": "X", "qty": {}}}]}})", qty)).what ==
              "items[0].qty: must be at most 1000000000");
    CHECK(failure(R"({"id": "1", "name": "A", "email": "a@b.ru", "items": [{"sku": "X", "qty": -9.3e18}]})").what ==
          "items[0].qty: must be a whole number greater than 0");
    CHECK(parse_site_requests(R"({"id": "1", "name": "A", "email": "a@b.ru", "items": [{"sku": "X", "qty": 4e3}]})", "s.json")[0]
              .items[0]
              .qty == 4000);
}

TEST_CASE("line_of_byte") {
    CHECK(line_of_byte("a\nb\nc", 1) == 1);
    CHECK(line_of_byte("a\nb\nc", 3) == 2);
    CHECK(line_of_byte("a\nb\nc", 5) == 3);
    CHECK(line_of_byte("a\nb", 100) == 2);
}
