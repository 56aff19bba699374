#include "render/render.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace gefest;

namespace {

std::string list_json(const Listing& l) {
    std::string all;
    render_list_to(l.table(), "json", [&](std::string_view p) { all += p; });
    return all;
}

std::string record_json(const Listing& l) {
    std::string all;
    render_record_to(l.table(), "json", [&](std::string_view p) { all += p; });
    return all;
}

}  // namespace

TEST_CASE("JSON document: nlohmann's dump(2) of the whole, columns in order, codes for labels, typed values") {
    Table held{"rows", "Строки", {{"name", "Имя", CellKind::text, 10}, {"sum", "Сумма", CellKind::money, 12}}, {}, {}};
    for (int i = 0; i < 3; ++i) held.rows.push_back({text_cell("=строка " + std::to_string(i)), money_cell(Money{i * 12345})});
    held.totals.push_back({text_cell("Итого"), money_cell(Money{3 * 12345})});
    CHECK(render_json(Document{"t", "Т", "П", {held}, {{"c", "Диаграмма", true, {{"a", 150}}}}}) ==
          [&] {
              nlohmann::ordered_json j;
              j["report"] = "t";
              j["title"] = "Т";
              j["period"] = "П";
              j["rows"] = {{{"name", "=строка 0"}, {"sum", "0.00"}}, {{"name", "=строка 1"}, {"sum", "123.45"}}, {{"name", "=строка 2"}, {"sum", "246.90"}}};
              j["rows_totals"] = {{{"name", "Итого"}, {"sum", "370.35"}}};
              j["charts"]["c"] = {{{"label", "a"}, {"value", "1.50"}}};
              return j.dump(2) + "\n";
          }());
    Table typed{"x", "X", {{"z", "Статус", CellKind::text, 9}, {"a", "Дата", CellKind::date, 9}, {"n", "Код", CellKind::integer, 9},
                           {"b", "Новый", CellKind::boolean, 9}, {"p", "%", CellKind::hundredths, 9}, {"e", "Сумма", CellKind::money, 9}}, {}, {}};
    typed.rows.push_back({text_cell("подтвержден", "confirmed"), date_cell(Date{2026, 11, 27}), int_cell(7), bool_cell(true),
                          hundredths_cell(1250), empty_cell(CellKind::money)});
    const auto j = nlohmann::ordered_json::parse(render_json(Document{"t", "Т", "П", {typed}, {}}));
    CHECK(j["x"][0].dump() == R"({"z":"confirmed","a":"2026-11-27","n":7,"b":true,"p":"12.50","e":null})");
    CHECK(render_json(Document{"t", "Т", "П", {Table{"x", "X", {{"z", "Z", CellKind::text, 9}}, {}, {}}}, {}}) ==
          "{\n  \"report\": \"t\",\n  \"title\": \"Т\",\n  \"period\": \"П\",\n  \"x\": []\n}\n");
}

TEST_CASE("JSON escaping: quotes, backslashes and control characters escaped, Cyrillic kept as UTF-8") {
    const std::string nasty = "a\"b\\c\nd\te\x01 Ж";
    const std::string escaped = R"("a\"b\\c\nd\te\u0001 Ж")";
    Table t{"rows", "Строки", {{"k\"ey", "Т", CellKind::text, 9}}, {{text_cell(nasty)}}, {}};
    CHECK(render_json(Document{"t", nasty, "П", {t}, {}}) ==
          "{\n  \"report\": \"t\",\n  \"title\": " + escaped + ",\n  \"period\": \"П\",\n  \"rows\": [\n    {\n      \"k\\\"ey\": " + escaped +
              "\n    }\n  ]\n}\n");
    CHECK(list_json(Listing{{"note"}, {"Примечание"}, {{nasty}}}) == "[\n  {\n    \"note\": " + escaped + "\n  }\n]\n");
}

TEST_CASE("JSON list and record: what dump(2) makes of an array of objects, keys in alphabetical order") {
    Listing l{{"name", "id", "city"}, {"Имя", "Код", "Город"}, {{"Пётр", "7", "Москва"}, {"Al", "8"}, {}}};
    nlohmann::json expected = nlohmann::json::array();
    expected.push_back({{"name", "Пётр"}, {"id", "7"}, {"city", "Москва"}});
    expected.push_back({{"name", "Al"}, {"id", "8"}});
    expected.push_back(nlohmann::json::object());
    CHECK(list_json(l) == expected.dump(2) + "\n");
    CHECK(list_json(l).find("\"city\": \"Москва\",\n    \"id\": \"7\",\n    \"name\": \"Пётр\"") != std::string::npos);
    CHECK(list_json(Listing{{"a"}, {"A"}, {}}) == "[]\n");
    Listing one{{"name", "id"}, {"Имя", "Код"}, {{"Пётр", "7"}}};
    CHECK(record_json(one) == "{\n  \"id\": \"7\",\n  \"name\": \"Пётр\"\n}\n");
    CHECK(record_json(Listing{{"a"}, {"A"}, {}}) == "[]\n");  // not one row: a list
}
