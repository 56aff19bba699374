#include "procedure/catalog.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"

using namespace gefest;

namespace {

const std::string catalog_csv =
    "\xEF\xBB\xBF"
    "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\r\n"
    "ПК-100;Котел ПК-100;шт;285000,00;22;20\r\n"
    "ДЫМ-200;Дымоход;м;3150,50;без НДС;\r\n";

const std::string stock_csv =
    "Артикул;Склад;Количество\r\n"
    "ПК-100;Тюмень;4\r\n"
    "ПК-100;Екатеринбург;3\r\n"
    "ДЫМ-200;Тюмень;140\r\n";

int error_line(const std::function<void()>& f, Errc code) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == code);
        return e.line();
    }
    FAIL("no error");
    return -1;
}

}  // namespace

TEST_CASE("catalog: parse, prices in kopecks, VAT and lead time") {
    Catalog c = parse_catalog(catalog_csv, "Каталог.csv");
    REQUIRE(c.items.size() == 2);
    CHECK(c.items[0].price.kopecks == 28500000);
    CHECK(c.items[0].vat_percent == 22);
    CHECK(c.items[0].lead_days == 20);
    CHECK(c.items[1].price.kopecks == 315050);
    CHECK(c.items[1].vat_percent == -1);
    CHECK(c.items[1].lead_days == 0);
    CHECK(c.find("ДЫМ-200")->unit == "м");
    CHECK(c.find("НЕТ") == nullptr);
    // round trip
    CHECK(format_catalog(parse_catalog(format_catalog(c), "x")) == format_catalog(c));
    CHECK(format_catalog(c).find("ДЫМ-200;Дымоход;м;3150,50;без НДС;\r\n") != std::string::npos);
}

TEST_CASE("catalog: bad rows are FILE:LINE errors") {
    std::string head = "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\n";
    CHECK(error_line([&] { parse_catalog(head + "A;a;шт;1,00;22;1\nB;b;шт;дорого;22;1\n", "f"); }, Errc::data) == 3);
    CHECK(error_line([&] { parse_catalog(head + "A;a;шт;-1,00;22;1\n", "f"); }, Errc::data) == 2);
    CHECK(error_line([&] { parse_catalog(head + "A;a;шт;1,00;120;1\n", "f"); }, Errc::data) == 2);
    CHECK(error_line([&] { parse_catalog(head + "A;a;шт;1,00;22;1\nA;a;шт;1,00;22;1\n", "f"); }, Errc::data) == 3);
    CHECK(error_line([&] { parse_catalog(head + "A;a;шт;1,00;22;два\n", "f"); }, Errc::data) == 2);
    CHECK(error_line([&] { parse_catalog("Артикул;Наименование\nA;a\n", "f"); }, Errc::data) == 1);
    CHECK(parse_catalog(head + "A;a;шт;1,00;20%;\n", "f").items[0].vat_percent == 20);
}

TEST_CASE("stock: unknown SKU, bad quantity, duplicates") {
    Catalog c = parse_catalog(catalog_csv, "Каталог.csv");
    Stock s = parse_stock(stock_csv, "Остатки.csv", &c);
    CHECK(s.of("ПК-100").size() == 2);
    std::string head = "Артикул;Склад;Количество\n";
    CHECK(error_line([&] { parse_stock(head + "ПК-100;Т;1\nНЕТ;Т;1\n", "f", &c); }, Errc::data) == 3);
    CHECK(error_line([&] { parse_stock(head + "ПК-100;Т;-1\n", "f", &c); }, Errc::data) == 2);
    CHECK(error_line([&] { parse_stock(head + "ПК-100;Т;1,5\n", "f", &c); }, Errc::data) == 2);
    CHECK(error_line([&] { parse_stock(head + "ПК-100;Т;1\nПК-100;Т;2\n", "f", &c); }, Errc::data) == 3);
    CHECK(error_line([&] { parse_stock(head + "ПК-100;;1\n", "f", &c); }, Errc::data) == 2);
    CHECK(parse_stock(head + "НЕТ;Т;1\n", "f").rows.size() == 1);  // without a catalog: not checked
}

TEST_CASE("reservations: available = on hand - reserved, released per order") {
    Stock s = parse_stock(stock_csv, "Остатки.csv");
    Reservations r = reserve({}, s, "2026-1", {{"ПК-100", 5}, {"ДЫМ-200", 10}});
    CHECK(r.reserved("ПК-100", "Тюмень") == 4);
    CHECK(r.reserved("ПК-100", "Екатеринбург") == 1);
    CHECK(r.reserved("ДЫМ-200", "Тюмень") == 10);
    // a second order gets only what is left, and more than on hand is not reserved
    r = reserve(r, s, "2026-2", {{"ПК-100", 1}, {"ПК-100", 9}});
    CHECK(r.reserved_by("ПК-100", "Екатеринбург", "2026-2") == 2);
    CHECK(r.reserved_by("ПК-100", "Тюмень", "2026-2") == 0);
    auto levels = stock_levels(s, r, "ПК-100", "2026-2");
    REQUIRE(levels.size() == 2);
    CHECK(levels[0].available == 0);
    CHECK(levels[1].on_hand == 3);
    CHECK(levels[1].reserved == 3);
    CHECK(levels[1].reserved_here == 2);
    // re-reserving an order replaces its rows (idempotent)
    CHECK(format_reservations(reserve(r, s, "2026-1", {{"ПК-100", 5}, {"ДЫМ-200", 10}})).size() == format_reservations(r).size());
    Reservations back = parse_reservations(format_reservations(r), "Резервы.csv");
    CHECK(back.rows.size() == r.rows.size());
    Reservations left = release(back, "2026-1");
    CHECK(left.reserved("ПК-100", "Тюмень") == 0);
    CHECK(left.reserved("ПК-100", "Екатеринбург") == 2);
    CHECK(parse_reservations("", "x").rows.empty());
    CHECK(error_line([&] { parse_reservations("Артикул;Склад;Заказ;Количество\nA;B;2026-1;0\n", "f"); }, Errc::data) == 2);
}

TEST_CASE("catalog, stock, reservations: a formula in a cell is written guarded and read back as it was") {
    Catalog c;
    c.items.push_back({"=SKU", "=HYPERLINK(\"http://evil.example\")", "@шт", Money{100}, 22, 0, 0});
    c.items.push_back({"'-1", "+Котел", "шт", Money{0}, -1, 3, 0});
    const std::string file = format_catalog(c);
    CHECK(file.find("'=SKU;\"'=HYPERLINK(\"\"http://evil.example\"\")\";'@шт;1,00;22;\r\n") != std::string::npos);
    CHECK(file.find("''-1;'+Котел;") != std::string::npos);
    const Catalog back = parse_catalog(file, "Каталог.csv");
    REQUIRE(back.items.size() == 2);
    CHECK(back.items[0].sku == "=SKU");
    CHECK(back.items[0].name == "=HYPERLINK(\"http://evil.example\")");
    CHECK(back.items[0].unit == "@шт");
    CHECK(back.items[1].sku == "'-1");
    CHECK(back.items[1].name == "+Котел");

    Stock s;
    s.rows.push_back({"=SKU", "-Склад", 4, 0});
    const std::string stock = format_stock(s);
    CHECK(stock.find("'=SKU;'-Склад;4\r\n") != std::string::npos);
    const Stock stock_back = parse_stock(stock, "Остатки.csv", &back);
    REQUIRE(stock_back.rows.size() == 1);
    CHECK(stock_back.rows[0].sku == "=SKU");
    CHECK(stock_back.rows[0].warehouse == "-Склад");

    Reservations r;
    r.rows.push_back({"=SKU", "-Склад", "2026-1", 2, 0});
    const std::string res = format_reservations(r);
    CHECK(res.find("'=SKU;'-Склад;2026-1;2\r\n") != std::string::npos);
    CHECK(parse_reservations(res, "Резервы.csv").rows.at(0).sku == "=SKU");
}

// Issue 14: a shipment did not reduce Остатки.csv, so the next `order stock` offered what
// had left the warehouse.
TEST_CASE("catalog: take_shipped takes from the reserved warehouse first, never below 0") {
    Stock st;
    st.rows = {{"ПК-50", "Тюмень", 9, 0}, {"ПК-50", "Екатеринбург", 3, 0}, {"ДЫМ-200", "Тюмень", 5, 0}};
    Reservations res;
    res.rows = {{"ПК-50", "Екатеринбург", "2026-1", 2, 0}, {"ПК-50", "Тюмень", "2026-2", 4, 0}};
    std::vector<StockTaken> taken;
    Stock next = take_shipped(st, res, "2026-1", {{"ПК-50", 4}, {"ДЫМ-200", 7}}, taken);
    CHECK(next.rows[0].qty == 8);  // Екатеринбург first (its reservation), then Тюмень
    CHECK(next.rows[1].qty == 0);
    CHECK(next.rows[2].qty == 0);  // 5 on hand, 7 shipped: the register was behind
    REQUIRE(taken.size() == 3);
    CHECK(taken[0].warehouse == "Екатеринбург");
    CHECK(taken[0].qty == 3);
    CHECK(taken[1].warehouse == "Тюмень");
    CHECK(taken[1].qty == 1);
    CHECK(taken[2].qty == 5);
    CHECK(st.rows[0].qty == 9);  // pure
}

TEST_CASE("catalog: stock_shortages — what an order cannot have from stock now") {
    Stock st;
    st.rows = {{"ПК-50", "Тюмень", 2, 0}, {"ПК-50", "Екатеринбург", 3, 0}, {"АВТ-01", "Тюмень", 0, 0}};
    Reservations res;
    res.rows = {{"ПК-50", "Тюмень", "2026-9", 2, 0}, {"ПК-50", "Екатеринбург", "2026-1", 1, 0}};
    auto s = stock_shortages(st, res, "2026-1", {{"ПК-50", 2}, {"ПК-50", 2}, {"АВТ-01", 1}, {"ГВ-12", 0}});
    REQUIRE(s.size() == 2);
    CHECK(s[0].sku == "ПК-50");
    CHECK(s[0].asked == 4);
    CHECK(s[0].available == 3);  // 2 + 3 on hand, 2 held by 2026-9; its own 1 counts for it
    CHECK(s[1].sku == "АВТ-01");
    CHECK(s[1].available == 0);
    CHECK(stock_shortages(st, res, "2026-1", {{"ПК-50", 3}}).empty());
    CHECK(stock_shortages(st, res, "2026-1", {{"СЛОН-1", 1}}).size() == 1);  // not in the register at all
}

namespace {

// The message of what `f` throws ("" if it does not).
std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what() + std::string(" @") + std::to_string(e.line()) + " " + e.file();
    }
    return "";
}

}  // namespace

TEST_CASE("catalog, stock: check_catalog_and_stock throws what parsing both throws, first error first") {
    const std::string head = "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\n";
    const std::string stock_head = "Артикул;Склад;Количество\n";
    auto both = [](const std::string& catalog, const std::string& stock) {
        return [=] {
            const Catalog c = parse_catalog(catalog, "Каталог.csv");
            parse_stock(stock, "Остатки.csv", &c);
        };
    };
    auto check = [](const std::string& catalog, const std::string& stock) {
        return [=] { check_catalog_and_stock(catalog, "Каталог.csv", stock, "Остатки.csv"); };
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {catalog_csv, stock_csv},
        {head + "A;a;шт;1,00;22;1\nA;a;шт;1,00;22;1\n", stock_head},                  // SKU twice
        {head + "A;a;шт;1,00;22;1\nB;b;шт;дорого;22;1\nA;a;шт;1,00;22;1\n", stock_head},  // the first error is said
        {head + "A;a;шт;1,00;22;1\nB;b;шт;1,00\n", stock_head},                         // too few fields, after a good row
        {head + "A;a;шт;1,00;22;1\n", stock_head + "A;Т;1\nНЕТ;Т;1\n"},                 // unknown SKU
        {head + "A;a;шт;1,00;22;1\n", stock_head + "A;Т;1\nA;Е;1\nA;Т;2\n"},           // twice for a warehouse
        {head + "A;a;шт;1,00;22;1\n", stock_head + "A; Т ;1\nA;Т;2\n"},                // the same once trimmed
        {head + "A;a;шт;1,00;22;1\n", stock_head + "A;Т;-1\n"},
        {head + "01.янв;a;шт;1,00;22;1\n", stock_head},                                 // Excel's date
    };
    for (const auto& c : cases) {  // not structured bindings: clang 14 cannot capture them (CAPTURE)
        const std::string& catalog = c.first;
        const std::string& stock = c.second;
        CAPTURE(catalog);
        CAPTURE(stock);
        CHECK(error_of(check(catalog, stock)) == error_of(both(catalog, stock)));
    }
    CHECK(error_of(check(catalog_csv, stock_csv)).empty());
    CHECK(!error_of(check(head + "A;a;шт;1,00;22;1\n", stock_head + "A;Т;1\nA;Т;2\n")).empty());
}

TEST_CASE("catalog, stock: a register saved by Excel (cp1251, ',' separator, a cleared column) reads as it did") {
    // "Артикул,Наименование,..." in windows-1251, a trailing empty column Excel keeps, LF.
    const std::string cp1251_head = "\xC0\xF0\xF2\xE8\xEA\xF3\xEB;\xD1\xEA\xEB\xE0\xE4;\xCA\xEE\xEB\xE8\xF7\xE5\xF1\xF2\xE2\xEE;\n";
    Stock s = parse_stock(cp1251_head + "A;\xD2\xFE\xEC\xE5\xED\xFC;5;\n", "Остатки.csv");
    REQUIRE(s.rows.size() == 1);
    CHECK(s.rows[0].warehouse == "Тюмень");
    CHECK(s.rows[0].qty == 5);
    const std::string comma = "Артикул,Склад,Количество\nA,Т,1\nB,\"Т, 2\",2\n";
    Stock t = parse_stock(comma, "Остатки.csv");
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].warehouse == "Т, 2");
    // An error after good rows, on either path, names its line.
    CHECK(error_line([&] { parse_stock(cp1251_head + "A;\xD2;5;\nB;\xD2;x;\n", "f"); }, Errc::data) == 3);
    CHECK(error_line([&] { parse_stock(comma + "C,Т\n", "f"); }, Errc::data) == 4);
}
