#include "render/render.h"

#include <doctest/doctest.h>

using namespace gefest;

namespace {

std::string list_text(const Listing& l) {
    std::string all;
    render_list_to(l.table(), "text", [&](std::string_view p) { all += p; });
    return all;
}

std::string record_text(const Listing& l) {
    std::string all;
    render_record_to(l.table(), "text", [&](std::string_view p) { all += p; });
    return all;
}

}  // namespace

TEST_CASE("text document: columns aligned by display width, numbers on the right, rules around the totals") {
    Document d{"x", "Заголовок", "период", {}, {}};
    Table t{"rows", "Строки", {{"a", "Текст", CellKind::text, 10}, {"m", "Сумма", CellKind::money, 10}}, {}, {}};
    t.rows.push_back({text_cell("=1+2"), money_cell(Money{28500000})});
    t.rows.push_back({text_cell("-5"), empty_cell(CellKind::money)});
    t.totals.push_back({text_cell("Итого"), money_cell(Money{28500000})});
    d.tables.push_back(t);
    CHECK(render_text(d) ==
          "Заголовок\nпериод\n\nСтроки\n"
          "Текст       Сумма\n"
          "-----------------\n"
          "=1+2   285 000,00\n"
          "-5\n"
          "-----------------\n"
          "Итого  285 000,00\n");
    d.tables[0].rows.clear();
    d.tables[0].totals.clear();
    CHECK(render_text(d) == "Заголовок\nпериод\n\nСтроки\nТекст  Сумма\n------------\n(нет)\n");
}

TEST_CASE("text list: Cyrillic cells take one column per letter, two spaces between, no trailing spaces") {
    Listing l{{"name", "city", "note"}, {"Имя", "Город", "Примечание"}, {{"Пётр", "Москва", ""}, {"Al", "X", "да"}}};
    CHECK(list_text(l) ==
          "Имя   Город   Примечание\n"
          "Пётр  Москва\n"
          "Al    X       да\n");
    // A row wider than the columns shows only the columns; a shorter one what it has.
    CHECK(list_text(Listing{{"a", "b"}, {"A", "B"}, {{"1", "2", "3"}, {"1"}}}) == "A  B\n1  2\n1\n");
    CHECK(list_text(Listing{{"a"}, {"Код"}, {}}) == "Код\n");
}

TEST_CASE("text record: one line per field, values aligned after the longest title") {
    Listing one{{"id", "name", "email"}, {"Код", "Наименование", "E-mail"}, {{"7", "ООО «Ромашка»", ""}}};
    CHECK(record_text(one) ==
          "Код:          7\n"
          "Наименование: ООО «Ромашка»\n"
          "E-mail:       \n");  // an empty value keeps its padding, as it always did
    // Not exactly one row: a list.
    Listing two = one;
    two.rows.push_back({"8", "ИП Иванов", "i@example.ru"});
    CHECK(record_text(two) == list_text(two));
}
