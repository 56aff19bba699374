#include "procedure/shipping.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "demo_share.h"
#include "procedure/carriers.h"
#include "procedure/shipping_steps.h"
#include "store/session.h"
#include "procedure/catalog.h"
#include "documents/documents.h"
#include "base/error.h"
#include "store/fsio.h"
#include "formats/words.h"

using namespace gefest;

namespace {

Process demo_process() {
    std::string file = std::string(GEFEST_DATA) + "/demo/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";
    return parse_process(fsio::read_file(file), file);
}

Catalog demo_catalog() {
    std::string file = std::string(GEFEST_DATA) + "/demo/Склад ГП/Каталог.csv";
    return parse_catalog(fsio::read_file(file), file);
}

Carriers demo_carriers() {
    std::string file = std::string(GEFEST_DATA) + "/demo/Склад ГП/Транспортные компании.toml";
    return parse_carriers(fsio::read_file(file), file);
}

Order order_of(Payment p) {
    Order o;
    o.year = 2026;
    o.number = 7;
    o.date = "2026-11-27";
    o.client_id = 1;
    o.client_name = "ООО «Ромашка» <и К>";
    o.manager = "petrov";
    o.payment = p;
    o.status = order_status::confirmed;
    o.items = items_from_catalog({parse_item_spec("ПК-100:2"), parse_item_spec("ДЫМ-200:10:3000")}, demo_catalog(), "Каталог.csv");
    o.steps = make_checklist(p, demo_process());
    return o;
}

void done_until(Order& o, const std::string& last) {
    for (auto& s : o.steps) {
        s.done_by = "petrov";
        s.done_at = "2026-11-27T10:00:00";
        if (s.id == last) break;
    }
}

Errc code_of(const std::function<void()>& f, std::string* what = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (what) *what = e.what();
        return e.code();
    }
    return static_cast<Errc>(0);  // no error
}

}  // namespace

TEST_CASE("shipping steps: order and the unpaid override") {
    Order o = order_of(Payment::noncash);
    done_until(o, "5.2.3.5");
    std::string msg;
    CHECK(code_of([&] { shipping_can_do(o, "5.2.4.4"); }, &msg) == Errc::state);
    CHECK(msg.find("comes after 5.2.4.3") != std::string::npos);
    o.unpaid_override = "клиент гарантировал оплату";
    o.unpaid_override_by = "boss";
    o.unpaid_override_at = "2026-11-27T11:00:00";
    CHECK_NOTHROW(shipping_can_do(o, "5.2.4.4"));
    CHECK(code_of([&] { shipping_can_do(o, "5.2.4.5"); }, &msg) == Errc::state);
    CHECK(msg.find("comes after 5.2.4.4") != std::string::npos);
    CHECK(!o.step("5.2.4.3")->done());  // payment still to be tracked
    Order cash = order_of(Payment::cash);
    CHECK(code_of([&] { shipping_can_do(cash, "5.2.4.4"); }, &msg) == Errc::state);
    CHECK(msg.find("not on the cash path") != std::string::npos);
    CHECK(waybill_step(cash) == "5.2.4.2");
    CHECK(waybill_step(o) == "5.2.4.8");
}

TEST_CASE("partial shipments close the order when everything has shipped") {
    Order o = order_of(Payment::cash);
    done_until(o, "5.2.4.1");
    auto part = shipment_lines(o, {"ДЫМ-200:4", "ПК-100:1"});
    REQUIRE(part.size() == 2);
    CHECK(part[0].line == 2);
    CHECK(part[0].qty == 4);
    CHECK(!record_shipment(o, {"Н-1", "28.11.2026", "sklad", "2026-11-28T09:00:00", part}));
    CHECK(o.shipments.back().date == "2026-11-28");
    CHECK(o.status == order_status::confirmed);
    CHECK(remaining_quantities(o) == std::vector<Quantity>{1, 6});
    CHECK(items_summary(o, remaining_quantities(o)).find("ДЫМ-200 Дымоход сэндвич 200 мм, 1 м — 6 м") != std::string::npos);

    std::string msg;
    CHECK(code_of([&] { shipment_lines(o, {"ДЫМ-200:7"}); }, &msg) == Errc::state);
    CHECK(msg.find("has 6 left to ship, not 7") != std::string::npos);
    CHECK(code_of([&] { shipment_lines(o, {"ДЫМ-200:4", "ДЫМ-200:3"}); }) == Errc::state);  // summed
    CHECK(code_of([&] { shipment_lines(o, {"ГВ-12:1"}); }) == Errc::not_found);
    CHECK(code_of([&] { shipment_lines(o, {"ДЫМ-200"}); }) == Errc::usage);
    CHECK(code_of([&] { shipment_lines(o, {"ДЫМ-200:0"}); }) == Errc::data);
    CHECK(shipment_lines(o, {"2:1"})[0].sku == "ДЫМ-200");  // by line number
    CHECK(code_of([&] { record_shipment(o, {"Н-1", "2026-11-29", "sklad", "", shipment_lines(o, {})}); }, &msg) == Errc::state);
    CHECK(msg.find("waybill 'Н-1'") != std::string::npos);
    CHECK(code_of([&] { record_shipment(o, {"Н-2", "вчера", "sklad", "", shipment_lines(o, {})}); }) == Errc::data);
    CHECK(code_of([&] { record_shipment(o, {" ", "2026-11-29", "sklad", "", shipment_lines(o, {})}); }) == Errc::usage);

    auto rest = shipment_lines(o, {});
    CHECK(rest.size() == 2);
    CHECK(record_shipment(o, {"Н-2", "2026-11-29", "sklad", "2026-11-29T09:00:00", rest}));
    CHECK(o.status == order_status::shipped);
    CHECK(o.step("5.2.4.2")->done_by == "sklad");
    CHECK(o.step("5.2.4.2")->note == "2 накладных, последняя № Н-2 от 29.11.2026");
    CHECK(code_of([&] { shipment_lines(o, {}); }) == Errc::state);

    // shipments survive заказ.toml
    Order back = parse_order(format_order(o), "заказ.toml");
    REQUIRE(back.shipments.size() == 2);
    CHECK(back.shipments[0].lines[1].sku == "ПК-100");
    CHECK(back.shipments[1].waybill == "Н-2");
    CHECK(fully_shipped(back));
}

TEST_CASE("shipping fields round-trip through заказ.toml and bad shipment lines are refused") {
    Order o = order_of(Payment::noncash);
    o.carrier = "ПЭК";
    o.carrier_note = "рекомендована \"ПЭК\"";
    o.tracking = "ТР-1";
    o.unpaid_override = "гарантийное письмо";
    Order back = parse_order(format_order(o), "заказ.toml");
    CHECK(back.carrier == "ПЭК");
    CHECK(back.carrier_note == o.carrier_note);
    CHECK(back.tracking == "ТР-1");
    CHECK(back.unpaid_override == "гарантийное письмо");
    CHECK(format_order(order_of(Payment::noncash)).find("carrier") == std::string::npos);  // only when set
    std::string text = format_order(o) + "\n[[shipment]]\nwaybill = \"1\"\ndate = \"2026-11-27\"\nlines = [{ line = 9, sku = \"\", qty = 1 }]\n";
    CHECK(code_of([&] { parse_order(text, "заказ.toml"); }) == Errc::data);
}

TEST_CASE("reservations are released per part") {
    Reservations r;
    r.rows = {{"ПК-50", "Склад ГП Тюмень", "2026-7", 2, 0}, {"ПК-50", "Склад ГП Екатеринбург", "2026-7", 3, 0}, {"ПК-50", "Склад ГП Тюмень", "2026-8", 1, 0}};
    Reservations after = release_shipped(r, "2026-7", {{"ПК-50", 3}});
    REQUIRE(after.rows.size() == 2);
    CHECK(after.rows[0].warehouse == "Склад ГП Екатеринбург");
    CHECK(after.rows[0].qty == 2);
    CHECK(after.rows[1].order == "2026-8");
}

TEST_CASE("the warehouse queue register") {
    QueueEntry a;
    a.date = "2026-11-28";
    a.time = "14:00";
    a.order = "2026-7";
    a.client = "ООО «Ромашка»; филиал";
    a.task = "Выдать";
    a.to = "Склад ГП";
    a.key = "2026-7/выдача";
    QueueEntry b = a;
    b.date = "2026-11-27";
    b.time = "";
    b.order = "2026-8";
    b.key = "2026-8/отгрузка";
    auto q = upsert_queue(upsert_queue({}, a), b);
    std::string text = format_queue(q);
    auto back = parse_queue(text, "q.csv");
    REQUIRE(back.size() == 2);
    CHECK(back[0].key == "2026-8/отгрузка");  // by date
    CHECK(back[1].client == "ООО «Ромашка»; филиал");
    a.task = "Выдать (перенос)";
    CHECK(upsert_queue(back, a).size() == 2);
    auto closed = close_queue_of(back, "2026-7");
    CHECK(closed[1].status == queue_status::done);
    CHECK(closed[0].status == queue_status::open);
    std::string what;
    CHECK(code_of([&] { parse_queue(text.substr(0, text.find('\n') + 1) + "завтра;;1;x;;;;;;k\r\n", "q.csv"); }, &what) == Errc::data);
    CHECK(what.find("date 'завтра'") != std::string::npos);
    CHECK(code_of([&] { parse_queue("\xEF\xBB\xBFДата;Заказ\r\n", "q.csv"); }) == Errc::data);
}

TEST_CASE("shipping documents: data in kopecks, VAT, words; the default templates render it escaped") {
    Order o = order_of(Payment::noncash);
    o.items = items_from_catalog({parse_item_spec("ПК-100:2"), parse_item_spec("ДЫМ-200:3")}, demo_catalog(), "Каталог.csv");  // 2 × 285 000,00 + 3 × 3 150,50
    o.carrier = "ПЭК";
    o.contract_number = "2026-7";
    o.contract_date = "2026-11-20";
    Settings s;
    s.company_name = "ООО «Гефест» & <партнеры>";
    s.inn = "7203001235";
    s.director = "Карпович В. П.";
    s.accounts.push_back(BankAccount{});
    s.accounts.back().account = "40702810806710000123";
    s.accounts.back().bank = "ПАО Сбербанк";

    nlohmann::json note = consignment_note_data(o, s, "2026-11-30");
    CHECK(note["document"]["date"] == "30.11.2026");
    CHECK(note["basis"] == "Договор № 2026-7 от 20.11.2026");
    CHECK(note["carrier"] == "ПЭК");
    REQUIRE(note["lines"].size() == 2);
    // VAT 22 % included, rounded per line to the kopeck: 570 000,00 × 22/122, 9 451,50 × 22/122
    CHECK(note["lines"][0]["vat"] == "102 786,89");
    CHECK(note["lines"][0]["net"] == "467 213,11");
    CHECK(note["lines"][1]["price"] == "3 150,50");
    CHECK(note["lines"][1]["vat"] == "1 704,37");
    CHECK(note["lines"][1]["net"] == "7 747,13");
    CHECK(note["lines"][1]["gross"] == "9 451,50");
    CHECK(note["lines"][1]["vat_rate"] == "22");
    CHECK(note["totals"]["qty"] == "5");
    CHECK(note["totals"]["net"] == "474 960,24");
    CHECK(note["totals"]["vat"] == "104 491,26");
    CHECK(note["totals"]["gross"] == "579 451,50");
    CHECK(note["totals"]["words"] == amount_in_words(Money{57945150}));
    CHECK(note["totals"]["words"].get<std::string>().find("50 копеек") != std::string::npos);

    // VAT on top and a line without VAT
    Order top = o;
    top.vat_included = false;
    top.items[1].vat_percent = -1;
    nlohmann::json t = consignment_note_data(top, s, "2026-11-30");
    CHECK(t["lines"][0]["vat"] == "125 400,00");  // 570 000,00 × 22 %
    CHECK(t["lines"][0]["gross"] == "695 400,00");
    CHECK(t["lines"][1]["vat_rate"] == "без НДС");
    CHECK(t["lines"][1]["vat"] == "-");  // as the invoice shows a line без НДС
    CHECK(t["totals"]["gross"] == "704 851,50");
    CHECK(t["totals"]["vat"] == "125 400,00");

    // only what remains to ship
    Order part = o;
    part.shipments.push_back({"101", "2026-11-28", "sklad", "2026-11-28T10:00:00", {{1, "ПК-100", 1}}});
    nlohmann::json p = consignment_note_data(part, s, "2026-11-30");
    CHECK(p["lines"][0]["qty"] == "1");
    CHECK(p["totals"]["gross"] == "294 451,50");
    CHECK(packing_list_data(part, s)["lines"][0]["qty"] == "1");

    nlohmann::json pack = packing_list_data(o, s);
    CHECK(pack["carrier"] == "ПЭК");
    o.carrier.clear();
    CHECK(packing_list_data(o, s)["carrier"] == "—");
    CHECK(consignment_note_data(o, s, "2026-11-30")["carrier"] == "самовывоз");

    Reservations r;
    r.rows = {{"ПК-100", "Склад ГП Тюмень", o.key(), 1, 0}};
    nlohmann::json pick = pick_list_data(o, s, r);
    CHECK(pick["lines"][0]["from"] == "Склад ГП Тюмень: 1; не в резерве: 1");
    CHECK(pick["lines"][1]["from"] == "не в резерве: 3");
    CHECK(pick["order"]["payment"] == payment_name(Payment::noncash));

    // The default templates know every name they use, and every value comes out escaped.
    Client cl;
    cl.name = o.client_name;
    cl.inn = "7202000017";
    cl.kpp = "720201001";
    cl.address = "625000, г. Тюмень, ул. Республики, д. 1";
    s.kpp = "720301001";
    s.legal_form = "";
    const nlohmann::json torg = shipping_form_data(o, s, cl, {ShippingDocument::torg12, 7, "2026-11-30"}, nullptr);
    for (const auto& [k, v] : note["totals"].items()) CHECK(torg["totals"][k] == v);  // the money is the note's
    CHECK(torg["lines"][1]["price_net"] == "2 582,38");  // 7 747,13 / 3, rounded half away from zero
    CHECK(torg["lines"][0]["price_net"] == "233 606,56");  // 467 213,11 / 2 = 233 606,555
    CHECK(torg["lines"][0]["okei"] == "796");
    CHECK(torg["lines"][1]["okei"] == "006");
    CHECK(torg["totals"]["lines_words"] == "два");
    std::string html = render_template(default_template(template_name::consignment_note), torg, "Товарная накладная.html.mustache");
    CHECK(html.find("ООО «Ромашка» &lt;и К&gt;") != std::string::npos);
    CHECK(html.find("&amp; &lt;партнеры&gt;") != std::string::npos);
    CHECK(html.find("<и К>") == std::string::npos);
    CHECK(html.find("Унифицированная форма № ТОРГ-12") != std::string::npos);
    CHECK(html.find("<td class=\"box\">0330212</td>") != std::string::npos);
    CHECK(html.find("р/с <span class=\"nowrap\">40702810806710000123</span> в ПАО Сбербанк") != std::string::npos);
    CHECK(html.find("625000, г. Тюмень, ул. Республики, д. 1") != std::string::npos);  // the consignee's address
    // «Цена» is without VAT: 2 × 233 606,56 is the 467 213,11 beside it (to the kopeck of rounding)
    CHECK(html.find("<td class=\"num\">2</td><td class=\"num\">233 606,56</td><td class=\"num\">467 213,11</td><td class=\"c nowrap\">22%</td>") !=
          std::string::npos);
    CHECK(html.find("Итого</td><td class=\"num\">5</td><td class=\"c\">Х</td><td class=\"num\">474 960,24</td><td class=\"c\">Х</td><td class=\"num\">104 491,26</td><td class=\"num\">579 451,50</td>") !=
          std::string::npos);
    CHECK(html.find("Основание</td><td class=\"v\">Договор № 2026-7 от 20.11.2026</td>") != std::string::npos);
    CHECK(html.find("содержит два порядковых номеров записей") != std::string::npos);
    CHECK(html.find("50 копеек, в т. ч. НДС 104 491,26</p>") != std::string::npos);
    CHECK(html.find("@page { size: A4 landscape;") != std::string::npos);
    CHECK(html.find("{{") == std::string::npos);
    const nlohmann::json upd = shipping_form_data(o, s, cl, {ShippingDocument::upd, 12, "2026-11-30"}, nullptr);
    std::string u = render_template(default_template(template_name::upd), upd, "УПД.html.mustache");
    CHECK(u.find("Статус: <b>1</b>") != std::string::npos);
    CHECK(u.find("Счет-фактура № 12 от 30.11.2026") != std::string::npos);
    CHECK(u.find("ИНН/КПП покупателя:</td><td class=\"v nowrap\">7202000017/720201001</td>") != std::string::npos);
    CHECK(u.find("<td class=\"c\">796</td><td class=\"c\">шт</td><td class=\"num\">2</td><td class=\"num\">233 606,56</td><td class=\"num\">467 213,11</td>"
                 "<td class=\"c\">без акциза</td><td class=\"c nowrap\">22%</td><td class=\"num\">102 786,89</td><td class=\"num\">570 000,00</td>") !=
          std::string::npos);
    CHECK(u.find("Всего к оплате (9)</b></td><td class=\"num\"><b>474 960,24</b></td><td colspan=\"2\" class=\"c\">Х</td><td class=\"num\"><b>104 491,26</b></td>"
                 "<td class=\"num\"><b>579 451,50</b></td>") != std::string::npos);
    CHECK(u.find("@page { size: A4 landscape;") != std::string::npos);
    CHECK(u.find("{{") == std::string::npos);
    s.simplified_tax = true;  // УСН: status 2, no VAT
    const nlohmann::json upd2 = shipping_form_data(o, s, cl, {ShippingDocument::upd, 13, "2026-11-30"}, nullptr);
    CHECK(upd2["status"] == "2");
    CHECK(upd2["lines"][0]["vat_amount"] == "без НДС");
    CHECK(upd2["totals"]["vat_amount"] == "без НДС");
    s.simplified_tax = false;
    s.accounts.clear();
    std::string no_bank = render_template(default_template(template_name::consignment_note),
                                          shipping_form_data(o, s, cl, {ShippingDocument::torg12, 7, "2026-11-30"}, nullptr), "T");
    CHECK(no_bank.find("р/с") == std::string::npos);
    std::string pl = render_template(default_template(template_name::pick_list), pick, "Лист подбора.html.mustache");
    CHECK(pl.find("<td>ПК-100</td><td>Котел твердотопливный «Гефест ПК-100», 100 кВт</td><td>шт</td><td class=\"n\">2</td><td>Склад ГП Тюмень: 1; не в резерве: 1</td>") !=
          std::string::npos);
    std::string pk = render_template(default_template(template_name::packing_list), pack, "Упаковочный лист.html.mustache");
    CHECK(pk.find("Перевозчик:</td><td>ПЭК</td>") != std::string::npos);
    for (const auto* doc : {&pl, &pk}) CHECK(doc->find("{{") == std::string::npos);

    // A template naming something the data lacks: Error(data) at its line.
    try {
        render_template("<p>\n{{order.tracking}}</p>", pack, "Упаковочный лист.html.mustache");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.line() == 2);
        CHECK(std::string(e.what()) == "unknown placeholder 'order.tracking'");
    }
}

namespace {

// What issue_invoice puts into the register for `order` dated `date`: its totals are
// invoice_amounts(settings, order, date) (lib/procedure/invoice.cpp).
Invoice invoice_row(const Settings& s, const Order& o, const std::string& date, InvoiceAmounts* amounts = nullptr) {
    InvoiceAmounts a = invoice_amounts(s, o, date);
    Invoice inv;
    inv.year = 2026;
    inv.number = 3;
    inv.date = date;
    inv.order = o.key();
    inv.total = a.total;
    inv.vat = a.vat;
    inv.status = invoice_status::sent;
    if (amounts) *amounts = a;
    return inv;
}

// The consignment note of the whole order repeats the invoice: totals and every line.
void check_note_is_invoice(const nlohmann::json& note, const InvoiceAmounts& a, const Invoice& inv) {
    CHECK(note["totals"]["gross"] == format_money(inv.total));
    CHECK(note["totals"]["vat"] == format_money(inv.vat));
    CHECK(note["totals"]["net"] == format_money(inv.total - inv.vat));
    CHECK(note["totals"]["words"] == amount_in_words(inv.total));
    REQUIRE(note["lines"].size() == a.lines.size());
    for (size_t k = 0; k < a.lines.size(); ++k) {
        const InvoiceLine& l = a.lines[k];
        CHECK(note["lines"][k]["qty"] == std::to_string(l.qty));
        CHECK(note["lines"][k]["vat_rate"] == (l.vat_percent < 0 ? std::string("без НДС") : std::to_string(l.vat_percent)));
        CHECK(note["lines"][k]["vat"] == (l.vat_percent < 0 ? std::string("-") : format_money(l.vat)));
        CHECK(note["lines"][k]["gross"] == format_money(a.vat_included ? l.sum : l.sum + l.vat));
    }
}

Settings dated_vat(bool included, bool simplified) {
    Settings s;
    s.vat_rates = {{"2019-01-01", 20}, {"2026-01-01", 22}};
    s.vat_included = included;
    s.simplified_tax = simplified;
    return s;
}

// Prices that round per line: 22 % of each is no whole kopeck, and a 10 % line.
Order awkward_order(bool included) {
    Order o = order_of(Payment::noncash);
    o.vat_included = included;
    o.items = items_from_catalog({parse_item_spec("ПК-100:3:1234,57"), parse_item_spec("ДЫМ-200:7:99,99")}, demo_catalog(), "Каталог.csv");
    o.items.push_back(o.items[1]);
    o.items[2].sku = "";
    o.items[2].name = "Монтаж";
    o.items[2].qty = 1;
    o.items[2].price = Money{33333};
    o.items[2].vat_percent = 10;
    return o;
}

}  // namespace

TEST_CASE("the consignment note of an invoiced order has the invoice's totals to the kopeck") {
    SUBCASE("(a) VAT included") {
        Settings s = dated_vat(true, false);
        Order o = awkward_order(true);
        InvoiceAmounts a;
        Invoice inv = invoice_row(s, o, "2026-11-27", &a);
        nlohmann::json note = consignment_note_data(o, s, "2026-11-30", &inv);
        check_note_is_invoice(note, a, inv);
        CHECK(note["lines"][0]["vat_rate"] == "22");
        CHECK(note["lines"][2]["vat_rate"] == "10");
        // per line, half away from zero: 3 703,71 × 22/122 = 667,884… → 667,88
        CHECK(note["lines"][0]["vat"] == "667,88");
        CHECK(note["lines"][0]["net"] == "3 035,83");
        CHECK(note["totals"]["vat_text"] == "в т. ч. НДС " + format_money(inv.vat));
        // the same without the invoice: the note's own date has the same rate
        CHECK(consignment_note_data(o, s, "2026-11-30")["totals"] == note["totals"]);
    }
    SUBCASE("(b) VAT on top") {
        Settings s = dated_vat(false, false);
        Order o = awkward_order(false);
        InvoiceAmounts a;
        Invoice inv = invoice_row(s, o, "2026-11-27", &a);
        nlohmann::json note = consignment_note_data(o, s, "2026-11-30", &inv);
        check_note_is_invoice(note, a, inv);
        // 3 703,71 × 22 % = 814,8162 → 814,82 on top
        CHECK(note["lines"][0]["vat"] == "814,82");
        CHECK(note["lines"][0]["net"] == "3 703,71");
        CHECK(note["lines"][0]["gross"] == "4 518,53");
        CHECK(inv.total == a.sum + a.vat);
    }
    SUBCASE("(c) simplified taxation: «без НДС», no VAT, as the invoice") {
        Settings s = dated_vat(true, true);
        Order o = awkward_order(true);  // the catalog's lines are marked 22 %: УСН overrides
        InvoiceAmounts a;
        Invoice inv = invoice_row(s, o, "2026-11-27", &a);
        CHECK(inv.vat == Money{});
        nlohmann::json note = consignment_note_data(o, s, "2026-11-30", &inv);
        check_note_is_invoice(note, a, inv);
        for (const auto& l : note["lines"]) {
            CHECK(l["vat_rate"] == "без НДС");
            CHECK(l["vat"] == "-");
            CHECK(l["net"] == l["gross"]);
        }
        CHECK(note["totals"]["vat"] == "0,00");
        CHECK(note["totals"]["vat_text"] == "без налога (НДС)");
        Client cl;
        cl.name = o.client_name;
        std::string html = render_template(default_template(template_name::consignment_note),
                                           shipping_form_data(o, s, cl, {ShippingDocument::torg12, 1, "2026-11-30"}, &inv), "Товарная накладная.html.mustache");
        CHECK(html.find(", без налога (НДС)</p>") != std::string::npos);
        CHECK(html.find("в т. ч. НДС") == std::string::npos);
    }
    SUBCASE("(d) the rate changed between the invoice and the waybill: the invoice's rate") {
        Settings s = dated_vat(true, false);
        Order o = awkward_order(true);
        o.date = "2025-12-20";
        for (auto& i : o.items)
            if (i.vat_percent == 22) i.vat_percent = 20;  // marked with the rate of the order's date
        InvoiceAmounts a;
        Invoice inv = invoice_row(s, o, "2025-12-25", &a);
        CHECK(a.lines[0].vat_percent == 20);
        // waybill in 2026 (22 %) of the order invoiced in 2025 (20 %): the invoice's figures
        nlohmann::json note = consignment_note_data(o, s, "2026-01-15", &inv);
        check_note_is_invoice(note, a, inv);
        CHECK(note["lines"][0]["vat_rate"] == "20");
        CHECK(note["document"]["date"] == "15.01.2026");
        CHECK(consignment_vat_date("2026-01-15", &inv) == "2025-12-25");
        // no invoice (or a cancelled one): the waybill's own date decides — 22 %
        nlohmann::json own = consignment_note_data(o, s, "2026-01-15");
        CHECK(own["lines"][0]["vat_rate"] == "22");
        CHECK(own["lines"][0]["vat"] == "667,88");
        Invoice cancelled = inv;
        cancelled.status = invoice_status::cancelled;
        CHECK(consignment_note_data(o, s, "2026-01-15", &cancelled)["totals"] == own["totals"]);
        CHECK(consignment_vat_date("2026-01-15", &cancelled) == "2026-01-15");
        // the order (made in 2025, lines marked 20) invoiced in 2026: the invoice says 22 %,
        // and so does the waybill — not the 20 % the order's lines are marked with
        InvoiceAmounts a26;
        Invoice inv26 = invoice_row(s, o, "2026-01-10", &a26);
        CHECK(a26.lines[0].vat_percent == 22);
        nlohmann::json note26 = consignment_note_data(o, s, "2026-01-15", &inv26);
        check_note_is_invoice(note26, a26, inv26);
        CHECK(note26["lines"][0]["vat_rate"] == "22");
    }
    SUBCASE("a partial waybill: what remains, at the invoice's rate, computed per line alike") {
        Settings s = dated_vat(true, false);
        Order o = awkward_order(true);
        Invoice inv = invoice_row(s, o, "2026-11-27");
        o.shipments.push_back({"101", "2026-11-28", "sklad", "2026-11-28T10:00:00", {{1, "ПК-100", 1}, {3, "", 1}}});
        nlohmann::json p = consignment_note_data(o, s, "2026-11-30", &inv);
        REQUIRE(p["lines"].size() == 2);
        CHECK(p["lines"][0]["qty"] == "2");
        CHECK(p["lines"][0]["vat"] == format_money(invoice_line(s, o, 1, 2, "2026-11-27").vat));
        CHECK(p["lines"][1]["qty"] == "7");
        CHECK(p["lines"][1]["n"] == "2");
    }
}

TEST_CASE("the shipping templates are among the defaults gefest init writes") {
    const auto& names = default_template_names();
    for (const auto* n : {&template_name::pick_list, &template_name::packing_list, &template_name::consignment_note, &template_name::upd}) {
        CHECK(std::find(names.begin(), names.end(), *n) != names.end());
        CHECK_FALSE(default_template(*n).empty());
        CHECK(default_template(*n).find("{{{") == std::string::npos);
    }
}

TEST_CASE("okei_unit: the ОКЕИ code of the units a catalog writes; an unknown one is not guessed") {
    CHECK(okei_unit("шт").code == "796");
    CHECK(okei_unit("шт.").code == "796");
    CHECK(okei_unit("м").code == "006");
    CHECK(okei_unit("компл.").code == "839");
    CHECK(okei_unit("компл.").name == "компл");
    CHECK(okei_unit("кг").code == "166");
    CHECK(okei_unit("бухта").code == "—");
    CHECK(okei_unit("бухта").name == "бухта");
}

TEST_CASE("carriers: register and recommendation") {
    Carriers c = demo_carriers();
    REQUIRE(c.items.size() == 4);
    CHECK(c.find("деловые линии") != nullptr);
    auto r = rank_carriers(c, {"Тобольск", "626150, Тюменская обл., г. Тобольск", ""});
    CHECK(r[0].carrier->name == "ПЭК");  // serves the city, preference 1
    CHECK(r[0].by_city);
    CHECK(r[0].route->days == 2);
    r = rank_carriers(c, {"Тобольск", "", "Байкал Сервис"});
    CHECK(r[0].carrier->name == "Байкал Сервис");  // the client's wish first
    CHECK(r[0].reasons[0] == "клиент просил эту ТК");
    r = rank_carriers(c, {"Ялуторовск", "", ""});
    CHECK(r[0].carrier->name == "КИТ");
    r = rank_carriers(c, {"Голышманово", "627300, Тюменская обл., р. п. Голышманово", ""});
    CHECK(r[0].carrier->name == "Деловые Линии");  // by region
    CHECK(!r[0].by_city);
    CHECK(r[1].route == nullptr);
    r = rank_carriers(c, {"Владивосток", "", "Байкал Сервис"});
    CHECK(r[0].route == nullptr);  // nobody serves it: a wish does not make a route
    CHECK(carrier_named_in(c, "Возить только Деловыми? нет: ТК КИТ") == "КИТ");
    CHECK(carrier_named_in(c, "самовывоз") == "");

    std::string what;
    CHECK(code_of([&] { parse_carriers("[[carrier]]\nname = \"А\"\n[[carrier]]\nname = \"а\"\n", "tk.toml"); }, &what) == Errc::data);
    CHECK(what.find("listed twice") != std::string::npos);
    CHECK(code_of([&] { parse_carriers("[[carrier]]\nname = \"А\"\n[[carrier.serves]]\ndays = 1\n", "tk.toml"); }) == Errc::data);
    CHECK(code_of([&] { parse_carriers("[[carrier]]\nname = \"А\"\npreference = 0\n", "tk.toml"); }) == Errc::data);
}

TEST_CASE("check_shipping_step: an unpaid order at 5.2.4.4 says who may ship it anyway, after an earlier step missing") {
    Order o = order_of(Payment::noncash);
    done_until(o, "5.2.3.5");
    std::string msg;
    CHECK(code_of([&] { check_shipping_step(o, "5.2.4.4", false); }, &msg) == Errc::state);
    CHECK(msg == "order 2026-7 is not paid (step 5.2.4.3 is not done); the head of sales may ship it unpaid: "
                 "gefest ship order 7 --override-unpaid --reason T");
    CHECK_NOTHROW(check_shipping_step(o, "5.2.4.4", true));  // asked to override: the action's own check decides
    CHECK(code_of([&] { check_shipping_step(o, "5.2.4.5", false); }, &msg) == Errc::state);
    CHECK(msg.find("comes after 5.2.4.3") != std::string::npos);

    Order early = order_of(Payment::noncash);
    done_until(early, "5.2.3.3");
    CHECK(code_of([&] { check_shipping_step(early, "5.2.4.4", false); }, &msg) == Errc::state);
    CHECK(msg.find("comes after 5.2.3.4") != std::string::npos);

    o.unpaid_override = "гарантийное письмо";
    o.unpaid_override_by = "boss";
    o.unpaid_override_at = "2026-11-27T11:00:00";
    CHECK_NOTHROW(check_shipping_step(o, "5.2.4.4", false));
    o.status = order_status::cancelled;
    o.unpaid_override.clear();
    CHECK(code_of([&] { check_shipping_step(o, "5.2.4.4", false); }, &msg) == Errc::state);
    CHECK(msg.find("is not paid") == std::string::npos);  // a cancelled order says so, not that it is unpaid
}

TEST_CASE("ship queue: a day that is not a date is refused; an empty share has an empty queue") {
    gefest::testing::DemoShare demo;
    Session session(demo.share, demo.me);
    CHECK(code_of([&] { ship_queue(session, {"вчера", "", false}); }) == Errc::data);
    CHECK(ship_queue(session, {"28.11.2026", "Склад ГП", true}).empty());
}
