// The input boundary at each entry (lib/base/input.h): names never written raw into the
// structure of a file, typed values refused before anything is written, outside texts
// (e-mail, site JSON, CommerceML, bank statements) cleaned, logins and host names held to
// the strict set, amounts bounded — each as the module that takes the value in does it.
#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/input.h"
#include "demo_share.h"
#include "failure.h"
#include "formats/bank_statement.h"
#include "formats/mail_import.h"
#include "formats/site_import.h"
#include "procedure/catalog.h"
#include "procedure/commerceml.h"
#include "procedure/order.h"
#include "procedure/staff_commands.h"
#include "store/session.h"
#include "store/staff.h"

using namespace gefest;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;

namespace {

Order order_of(const std::string& client_name) {
    Order o;
    o.year = 2026;
    o.number = 3;
    o.date = "2026-11-27";
    o.client_id = 6;
    o.client_name = client_name;
    o.manager = "petrov";
    o.payment = Payment::cash;
    OrderItem i;
    i.sku = "ПК-50";
    i.name = "Котел";
    i.unit = "шт";
    i.qty = 1;
    i.price = Money{16450000};
    o.items.push_back(i);
    for (const auto& id : path_steps(o.payment)) o.steps.push_back({id, id, {}, {}, {}, {}, {}});
    return o;
}

Session session_as(const DemoShare& d, const std::string& login) {
    Identity me = d.me;
    me.login = login;
    return Session(d.share, me);
}

}  // namespace

TEST_CASE("заказ.toml: a client name with a line break stays in its comment and injects no key") {
    const std::string name = "Иван\r\nunpaid_override = \"inject\"\n#\x01";
    const std::string text = format_order(order_of(name));
    CHECK(text.substr(0, text.find('\n')).find("Иван unpaid_override = \"inject\" #.") != std::string::npos);
    Order back = parse_order(text, "заказ.toml");
    CHECK(back.client_name == name);  // the value itself is kept, escaped in its string
    CHECK(back.unpaid_override.empty());
}

TEST_CASE("заказ.toml as older versions wrote it, with the name raw in the comment, reads") {
    std::string text = format_order(order_of("Иван"));
    const std::string raw = "# Заказ № 3 от 27.11.2026, Иван\nunpaid_override = \"inject\"\n#";
    text.replace(0, text.find(". Файл ведет"), raw);
    REQUIRE(text.find("\nunpaid_override = \"inject\"\n") != std::string::npos);
    Order back = parse_order(text, "заказ.toml");
    CHECK(back.unpaid_override.empty());
    CHECK(back.number == 3);
    // A line of the body keeps its number in an error: the header's lines are kept.
    std::string bad = text;
    bad.replace(bad.find("qty = 1"), 7, "qty = 0");
    auto f = failure_of([&] { parse_order(bad, "заказ.toml"); });
    CHECK(f.line == static_cast<int>(std::count(bad.begin(), bad.begin() + static_cast<long>(bad.find("qty = 0")), '\n')) + 1);
}

TEST_CASE("заказ.toml: absurd amounts of a hand edit are refused at their line") {
    std::string text = format_order(order_of("Иван"));
    text.replace(text.find("price_kopecks = 16450000"), 24, "price_kopecks = 9223372036854775807");
    auto f = failure_of([&] { parse_order(text, "заказ.toml"); });
    CHECK(f.code == Errc::data);
    CHECK(f.message.find("is beyond the largest amount gefest accepts (999 999 999 999,99)") != std::string::npos);
    CHECK(f.line > 0);
}

TEST_CASE("order lines: price, quantity and their product are bounded") {
    CHECK(failure_of([] { parse_item_spec("ПК-50:1:1000000000000"); }).message ==
          "--item ПК-50:1:1000000000000: 1 000 000 000 000,00 is beyond the largest amount gefest accepts (999 999 999 999,99)");
    CHECK(failure_of([] { parse_item_spec("ПК-50:1000000001"); }).message ==
          "--item ПК-50:1000000001: quantity 1000000001 is beyond the largest gefest accepts (1000000000)");
    CHECK(failure_of([] { parse_item_spec("ПК-50:1000000:100000000"); }).message.find("1000000 × 100 000 000,00 is beyond") !=
          std::string::npos);
    CHECK_NOTHROW(parse_item_spec("ПК-50:1:999999999999.99"));
    Order o = order_of("Иван");
    o.items[0].sku.clear();
    o.items[0].nonstandard = "особый котел";
    o.items[0].qty = 1000;
    auto f = failure_of([&] { set_nonstandard_price(o, 1, Money{input::max_kopecks}, "boss"); });
    CHECK(f.message.find("line 1: 1000 × ") == 0);
    CHECK(o.items[0].price == Money{16450000});  // unchanged
}

TEST_CASE("Сотрудники.toml: a hand-edited login outside the strict set is refused at its line") {
    const Process process = default_process();
    for (const char* login : {"CON", "a:b*c", "../x", "Petrov", "lpt1.x"}) {
        INFO(login);
        const std::string text = std::string("[[staff]]\nlogin = \"boss\"\nroles = []\n\n[[staff]]\nname = \"X\"\nlogin = \"") + login +
                                 "\"\nroles = []\n";
        auto f = failure_of([&] { parse_staff(text, "Сотрудники.toml", process); });
        CHECK(f.code == Errc::data);
        CHECK(f.file == "Сотрудники.toml");
        CHECK(f.line == 7);
        CHECK(f.message.starts_with("login: '"));
    }
}

TEST_CASE("staff add: a bad login or name is refused and Сотрудники.toml stays as it was") {
    DemoShare d;
    Session boss = session_as(d, "boss");
    const std::string before = fsio::read_file(d.at(d.share.settings().staff));
    for (const auto& bad : {std::pair<const char*, const char*>{"", "X"}, {" ", "X"}, {"petrov2 ", "X"}, {"a\x01", "X"}, {"CON", "X"},
                               {"petrov2", ""}, {"petrov2", " "}, {"petrov2", "Петров "}, {"petrov2", "Петров\nП."}}) {
        const char* login = bad.first;  // not a structured binding: clang 14 cannot capture one
        const char* name = bad.second;
        INFO(login, "/", name);
        StaffAddOptions a;
        a.login = login;
        a.name = name;
        a.roles = {"sales_manager"};
        CHECK(failure_of([&] { staff_add(boss, a); }).code == Errc::data);
        CHECK(fsio::read_file(d.at(d.share.settings().staff)) == before);
    }
}

TEST_CASE("a session refuses a login, host or --user that would name files outside the share") {
    DemoShare d;
    Identity me = d.me;
    me.login = "boss";
    me.host = "../../../escaped";
    CHECK(failure_of([&] { Session s(d.share, me); }).message.find("'../../../escaped' is not a host name") != std::string::npos);
    me.host = "pc-1";
    me.login = "a:b*c";
    CHECK(failure_of([&] { Session s(d.share, me); }).message.find("'a:b*c' is not a login") != std::string::npos);
    me.login = "boss";
    CHECK(failure_of([&] { Session s(d.share, me, "CON"); }).message.starts_with("--user: 'CON' is not a login"));
    CHECK_NOTHROW(Session(d.share, me, "petrov"));
}

TEST_CASE("CommerceML: names cleaned, a negative or absurd price skipped, the catalog still reads") {
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><КоммерческаяИнформация><ПакетПредложений><Предложения>"
        "<Предложение><Ид>1</Ид><Артикул>NEG</Артикул><Наименование>Минус</Наименование>"
        "<Цены><Цена><ЦенаЗаЕдиницу>-100</ЦенаЗаЕдиницу></Цена></Цены></Предложение>"
        "<Предложение><Ид>2</Ид><Артикул>BIG</Артикул><Наименование>Дорого</Наименование>"
        "<Цены><Цена><ЦенаЗаЕдиницу>92233720368547758.07</ЦенаЗаЕдиницу></Цена></Цены></Предложение>"
        "<Предложение><Ид>3</Ид><Артикул>NL</Артикул><Наименование>Две&#10;строки&#x202E;</Наименование>"
        "<Цены><Цена><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу></Цена></Цены></Предложение>"
        "</Предложения></ПакетПредложений></КоммерческаяИнформация>";
    CmlFile f = read_cml(xml, "offers.xml");
    REQUIRE(f.offers.size() == 3);
    CHECK_FALSE(f.offers[0].price);
    CHECK_FALSE(f.offers[1].price);
    CHECK(f.offers[2].name == "Две строки");
    Catalog catalog;
    Stock stock;
    std::vector<std::string> skipped;
    apply_cml(catalog, stock, {f}, skipped);
    REQUIRE(catalog.items.size() == 1);
    CHECK(catalog.items[0].sku == "NL");
    CHECK_NOTHROW(parse_catalog(format_catalog(catalog), "Каталог.csv"));
}

TEST_CASE("Каталог.csv: a price beyond the bound is refused at its line") {
    const std::string text = "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\nA;a;шт;1000000000000,00;22;\n";
    auto f = failure_of([&] { parse_catalog(text, "Каталог.csv"); });
    CHECK(f.line == 2);
    CHECK(f.message == "price of 'A': 1 000 000 000 000,00 is beyond the largest amount gefest accepts (999 999 999 999,99)");
}

TEST_CASE("bank statements: an absurd amount is refused at its line, control characters are cleaned") {
    const std::string head = "1CClientBankExchange\nВерсияФормата=1.03\nРасчСчет=40702810806710000123\n";
    const std::string doc = "СекцияДокумент=Платежное поручение\nНомер=1\nДата=26.11.2026\nСумма={}\nПлательщикИНН=7203145879\n"
                            "Плательщик1=ООО «Ромашка»\x01\xE2\x80\xAE\nНазначениеПлатежа=аванс\x7F\nКонецДокумента\nКонецФайла\n";
    auto with = [&](const std::string& amount) { return head + fmt::format(fmt::runtime(doc), amount); };
    auto f = failure_of([&] { parse_bank_statement(with("92233720368547758.07"), "kl_to_1c.txt"); });
    CHECK(f.line == 7);
    CHECK(f.message == "Сумма: 92 233 720 368 547 758,07 is beyond the largest amount gefest accepts (999 999 999 999,99)");
    BankStatement st = parse_bank_statement(with("999999999999.99"), "kl_to_1c.txt");
    REQUIRE(st.documents.size() == 1);
    CHECK(st.documents[0].amount == Money{input::max_kopecks});
    CHECK(st.documents[0].payer_name == "ООО «Ромашка»");
    CHECK(st.documents[0].purpose == "аванс");
}

TEST_CASE("site JSON: texts cleaned to one line, a quantity beyond a billion refused") {
    auto r = parse_site_requests(R"({"id": "s\r\n1", "name": "Пётр\r\nunpaid_override = \"x\"\u0000", "phone": "+79120003344",
                                     "comment": "строка 1\r\nстрока 2\u202e"})",
                                 "site.json");
    REQUIRE(r.size() == 1);
    CHECK(r[0].id == "s 1");
    CHECK(r[0].name == "Пётр unpaid_override = \"x\"");
    CHECK(r[0].comment == "строка 1\nстрока 2");
    for (const char* qty : {"1e30", "18446744073709551615", "1000000001"}) {
        INFO(qty);
        auto f = failure_of([&] {
            parse_site_requests(std::string(R"({"id": "1", "name": "a", "phone": "+79120003344", "items": [{"sku": "A", "qty": )") + qty + "}]}",
                                "site.json");
        });
        CHECK(f.message == "items[0].qty: must be at most 1000000000");
    }
}

TEST_CASE("e-mail: an RFC 2047 display name and subject that decode to CR LF are one line") {
    const std::string raw =
        "From: =?UTF-8?B?0JjQstCw0L0NCnVucGFpZF9vdmVycmlkZSA9ICJpbmplY3QiDQojAQ==?= <ivan@example.ru>\r\n"
        "Subject: =?UTF-8?B?0KLQtdC80LANClgtSW5qZWN0ZWQ6IDE=?=\r\nMessage-ID: <a@b>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nтекст\x01\r\nвторая\r\n";
    MailMessage m = parse_mail(raw, "a.eml");
    CHECK(m.from_name == "Иван unpaid_override = \"inject\" #");
    CHECK(m.subject == "Тема X-Injected: 1");
    CHECK(m.text == "текст \nвторая");
}
