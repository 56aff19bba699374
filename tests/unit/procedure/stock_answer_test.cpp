// stock_answer: what the office manager tells a caller (5.2.1.1) — in stock, how many on
// which warehouse, only some, not in stock — from on hand minus reserved.
#include "procedure/stock_answer.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/error.h"
#include "failure.h"
#include "store/fsio.h"
#include "demo_share.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::failure_of;

namespace {

const std::string demo = GEFEST_DATA "/demo";
const std::string catalog_file = "Склад ГП/Каталог.csv";

// The demo catalog and stock (ПК-50: Тюмень 9, Екатеринбург 3; АВТ-01: Тюмень 0,
// Екатеринбург 6; ДЫМ-200 in metres) with `reservations`.
StockRegister demo_register(Reservations reservations = {}) {
    Catalog catalog = parse_catalog(fsio::read_file(demo + "/" + catalog_file), catalog_file);
    Stock stock = parse_stock(fsio::read_file(demo + "/Склад ГП/Остатки.csv"), "Остатки.csv");
    return StockRegister(std::move(catalog), std::move(stock), std::move(reservations), catalog_file);
}

Reservation held(const std::string& sku, const std::string& warehouse, Quantity qty, const std::string& order = "2026-1") {
    Reservation r;
    r.sku = sku;
    r.warehouse = warehouse;
    r.order = order;
    r.qty = qty;
    return r;
}

}  // namespace

TEST_CASE("stock_answer: parse_product_ask reads SKU[:QTY]") {
    ProductAsk a = parse_product_ask("ПК-50", "--product", false);
    CHECK(a.sku == "ПК-50");
    CHECK(a.qty == 0);
    a = parse_product_ask(" ПК-50 : 2 ", "--product", false);
    CHECK(a.sku == "ПК-50");
    CHECK(a.qty == 2);
    CHECK(parse_product_ask("ПК-50:12", "--item", true).qty == 12);

    auto f = failure_of([] { parse_product_ask("ПК-50", "--item", true); });
    CHECK(f.code == Errc::data);
    CHECK(f.message == "--item 'ПК-50': the quantity is missing (SKU:QTY)");
    f = failure_of([] { parse_product_ask(" :2", "--item", false); });
    CHECK(f.code == Errc::data);
    CHECK(f.message == "--item ' :2': the SKU is missing (SKU:QTY)");
    CHECK(failure_of([] { parse_product_ask("", "--product", false); }).code == Errc::data);
    for (const char* bad : {"ПК-50:0", "ПК-50:-1", "ПК-50:1,5", "ПК-50:два", "ПК-50:", "ПК-50:1234567890123"}) {
        CAPTURE(bad);
        f = failure_of([&] { parse_product_ask(bad, "--item", false); });
        CHECK(f.code == Errc::data);
        CHECK(f.message == std::string("--item '") + bad + "': the quantity must be a whole number greater than 0");
    }
}

TEST_CASE("stock_answer: the answer texts for in stock, partial and not in stock") {
    StockAnswer a;
    a.sku = "ПК-50";
    a.unit = "шт";
    a.places = {{"Склад ГП Тюмень", 9}, {"Склад ГП Екатеринбург", 3}};
    a.total = 12;
    a.status = "in_stock";
    CHECK(a.text() == "в наличии 12 шт: Склад ГП Тюмень — 9, Склад ГП Екатеринбург — 3");
    a.asked = 20;
    a.status = "partial";
    CHECK(a.text() == "в наличии 12 шт из 20: Склад ГП Тюмень — 9, Склад ГП Екатеринбург — 3");
    nlohmann::json j = a.to_json();
    CHECK(j["sku"] == "ПК-50");
    CHECK(j["qty"] == 20);
    CHECK(j["answer"] == "partial");
    CHECK(j["available"] == nlohmann::json{{"Склад ГП Тюмень", 9}, {"Склад ГП Екатеринбург", 3}});
    CHECK(j["text"] == a.text());

    StockAnswer none;
    none.sku = "ГВ-12";
    none.unit = "шт";
    none.status = "not_in_stock";
    CHECK(none.text() == "нет в наличии");
    CHECK(none.to_json()["available"] == nlohmann::json::object());
}

TEST_CASE("stock_answer: StockRegister::answer from on hand minus reserved") {
    const StockRegister r = demo_register();
    StockAnswer a = r.answer({"ПК-50", 0});
    CHECK(a.status == "in_stock");  // anything available, no quantity asked
    CHECK(a.total == 12);
    CHECK(a.name.find("ПК-50") != std::string::npos);
    CHECK(a.text() == "в наличии 12 шт: Склад ГП Тюмень — 9, Склад ГП Екатеринбург — 3");
    CHECK(r.answer({"ПК-50", 12}).status == "in_stock");
    a = r.answer({"ПК-50", 13});
    CHECK(a.status == "partial");
    CHECK(a.text() == "в наличии 12 шт из 13: Склад ГП Тюмень — 9, Склад ГП Екатеринбург — 3");

    a = r.answer({"АВТ-01", 0});  // a warehouse with none is not named
    REQUIRE(a.places.size() == 1);
    CHECK(a.places[0].warehouse == "Склад ГП Екатеринбург");
    CHECK(r.answer({"ДЫМ-200", 5}).text() == "в наличии 140 м: Склад ГП Тюмень — 140");  // the catalog's unit

    const StockRegister reserved = demo_register({{held("ПК-50", "Склад ГП Тюмень", 9), held("ПК-50", "Склад ГП Екатеринбург", 1, "2026-2")}});
    a = reserved.answer({"ПК-50", 3});
    CHECK(a.status == "partial");
    CHECK(a.text() == "в наличии 2 шт из 3: Склад ГП Екатеринбург — 2");
    const StockRegister all_held = demo_register({{held("ПК-100", "Склад ГП Тюмень", 4)}});
    a = all_held.answer({"ПК-100", 1});
    CHECK(a.status == "not_in_stock");
    CHECK(a.places.empty());
    CHECK(a.text() == "нет в наличии");
}

TEST_CASE("stock_answer: an unknown SKU is Error(not_found) naming the catalog") {
    const StockRegister r = demo_register();
    CHECK(r.require("ПК-50").sku == "ПК-50");
    auto f = failure_of([&] { r.answer({"ПК-500", 1}); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message == "unknown SKU 'ПК-500' (not in Склад ГП/Каталог.csv)");
    CHECK(failure_of([&] { r.require("пк-50"); }).code == Errc::not_found);  // exact match only
}

TEST_CASE("stock_answer: StockRegister::load reads the share's registers; a missing one is Error(not_found)") {
    testing::DemoShare d;
    StockRegister r = StockRegister::load(d.store);  // no Резервы.csv yet: nothing reserved
    CHECK(r.answer({"ПК-50", 0}).total == 12);
    CHECK(r.catalog().find("ГВ-12") != nullptr);

    fs::remove(d.store.path_of({Record::stock}));
    auto f = failure_of([&] { StockRegister::load(d.store); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message.find("Остатки.csv") != std::string::npos);
}
