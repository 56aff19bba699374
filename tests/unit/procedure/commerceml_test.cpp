#include "procedure/commerceml.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "base/encoding.h"
#include "base/error.h"
#include "store/fsio.h"

using namespace gefest;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) { return fsio::read_file(std::string(GEFEST_FIXTURES "/commerceml/") + name); }

Order sample_order() {
    Order o;
    o.year = 2026;
    o.number = 12;
    o.date = "2026-11-27";
    o.client_id = 1;
    o.client_name = "ООО «СибСтройМонтаж» & Ко <Тюмень>";
    o.client_inn = "7203145879";
    o.client_kpp = "720301001";
    o.manager = "petrov";
    o.promised = "2026-12-09";
    o.items.push_back({"ПК-100", "Котел ПК-100", "шт", 2, Money{28500000}, 22, "", true, ""});
    o.items.push_back({"ДЫМ-200", "Дымоход 200 мм", "м", 10, Money{315050}, 22, "", true, ""});
    o.items.push_back({"", "Котел с правым теплообменником", "шт", 1, Money{31000000}, -1, "Котел с правым теплообменником", true, "boss"});
    return o;
}

bool validates(const std::string& xml) {
    if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
        MESSAGE("xmllint missing (apt-get install libxml2-utils): schema check skipped");
        return true;
    }
    fs::path f = fs::temp_directory_path() / ("gefest-cml-" + fsio::random_token() + ".xml");
    fsio::write_atomic(f, xml);
    std::string cmd = "xmllint --noout --schema '" + std::string(GEFEST_FIXTURES) + "/commerceml/commerceml-2.10.xsd' '" + f.string() + "' 2>/dev/null";
    int rc = std::system(cmd.c_str());
    fs::remove(f);
    return rc == 0;
}

}  // namespace

TEST_CASE("export: «Заказ товара» that validates against CommerceML 2.10") {
    Order a = sample_order(), b = sample_order();
    b.number = 13;
    b.client_inn = "";  // a person without ИНН
    b.client_kpp = "";
    b.vat_included = false;
    std::string xml = export_orders_cml({a, b}, Settings{}, DateTime::parse("2026-11-27T10:00:00", "now"));
    CHECK(validates(xml));
    CHECK(xml.find("<ХозОперация>Заказ товара</ХозОперация>") != std::string::npos);
    CHECK(xml.find("<Номер>12</Номер>") != std::string::npos);
    CHECK(xml.find("ООО «СибСтройМонтаж» &amp; Ко &lt;Тюмень&gt;") != std::string::npos);
    CHECK(xml.find("<ИНН>7203145879</ИНН>") != std::string::npos);
    // sum = 570000 + 31505 + 310000; VAT 22% of the first two lines, included
    CHECK(xml.find("<Сумма>911505.00</Сумма>") != std::string::npos);
    CHECK(xml.find("<ЦенаЗаЕдиницу>3150.50</ЦенаЗаЕдиницу>") != std::string::npos);
    // ЗначенияРеквизитов comes before ЦенаЗаЕдиницу in every Товар
    size_t req = xml.find("<ЗначенияРеквизитов>"), price = xml.find("<ЦенаЗаЕдиницу>");
    CHECK(req < price);
    // re-read leniently: documents are not imported, but they are reported
    CmlFile back = read_cml(xml, "orders.xml");
    CHECK(back.skipped.size() == 2);
    Order unpriced = sample_order();
    unpriced.items[2].priced = false;
    CHECK_THROWS_AS(export_orders_cml({unpriced}, Settings{}, DateTime{}), Error);
}

TEST_CASE("import: real 1C import.xml and offers.xml (UTF-8 with BOM, namespace)") {
    CmlFile cat = read_cml(fixture("import0_1.xml"), "import0_1.xml");
    CHECK(cat.products.size() == 36);
    CHECK(cat.products[0].sku == "PM-421-WP");
    CHECK(cat.products[0].unit == "шт");
    CmlFile off = read_cml(fixture("offers0_1.xml"), "offers0_1.xml");
    REQUIRE(off.offers.size() == 44);
    CHECK(off.offers[0].price->kopecks == 10000);
    REQUIRE(off.offers[0].stock.size() == 3);
    CHECK(off.offers[0].stock[0] == std::pair<std::string, Quantity>{"Владивосток", 1});
    CHECK(off.offers[0].stock[2].second == 376);

    Catalog catalog;
    catalog.items.push_back({"ПК-100", "Котел", "шт", Money{28500000}, 22, 20, 0});
    Stock stock;
    std::vector<std::string> skipped;
    CmlImportCounts n = apply_cml(catalog, stock, {cat, off}, skipped);
    CHECK(n.added == 44);
    CHECK(n.prices == 44);
    CHECK(catalog.find("ПК-100")->price.kopecks == 28500000);  // untouched
    CHECK(catalog.find("PM-421-WP")->price.kopecks == 10000);
    CHECK(stock.rows.size() == 132);
    // applying again changes nothing more (idempotent)
    Catalog c2 = catalog;
    Stock s2 = stock;
    CmlImportCounts again = apply_cml(c2, s2, {cat, off}, skipped);
    CHECK(again.added == 0);
    CHECK(again.prices == 0);
    CHECK(format_catalog(c2) == format_catalog(catalog));
    CHECK(format_stock(s2) == format_stock(stock));
}

TEST_CASE("import: windows-1251 without namespace, prefixed namespace, junk") {
    CmlFile bitrix = read_cml(fixture("bitrix-query-response-full.xml"), "bitrix.xml");
    CHECK(bitrix.products.empty());
    REQUIRE(!bitrix.skipped.empty());
    CHECK(bitrix.skipped[0].find("document 132 (Заказ товара) skipped") != std::string::npos);

    std::string offers = fixture("handmade_offers_2.10_valid.xml");
    std::string cp = encoding::from_utf8(offers, "windows-1251");
    cp.replace(cp.find("UTF-8"), 5, "windows-1251");
    CmlFile w = read_cml(cp, "offers-1251.xml");
    REQUIRE(w.offers.size() == 1);
    CHECK(w.offers[0].name == "Насос центробежный");
    CHECK(w.offers[0].stock[0] == std::pair<std::string, Quantity>{"Основной склад", 15});

    std::string prefixed =
        "<?xml version=\"1.0\"?><cml:КоммерческаяИнформация xmlns:cml=\"urn:1C.ru:commerceml_2\"><cml:ПакетПредложений>"
        "<cml:Предложения><cml:Предложение><cml:Ид>x</cml:Ид><cml:Артикул>A-1</cml:Артикул><cml:Наименование>А</cml:Наименование>"
        "<cml:Цены><cml:Цена><cml:ЦенаЗаЕдиницу>12.5000</cml:ЦенаЗаЕдиницу></cml:Цена></cml:Цены>"
        "<cml:Склад ИдСклада=\"s\" КоличествоНаСкладе=\"2.5\"/></cml:Предложение></cml:Предложения></cml:ПакетПредложений>"
        "</cml:КоммерческаяИнформация>";
    CmlFile p = read_cml(prefixed, "p.xml");
    REQUIRE(p.offers.size() == 1);
    CHECK(p.offers[0].price->kopecks == 1250);
    CHECK(p.offers[0].stock.empty());  // 2.5 is not a whole number: skipped and said so
    CHECK(p.skipped.size() == 1);

    try {
        read_cml("<?xml version=\"1.0\"?>\n<КоммерческаяИнформация>\n<Каталог>\n", "bad.xml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.line() >= 3);
    }
    CHECK_THROWS_AS(read_cml("<html/>", "page.xml"), Error);
}
