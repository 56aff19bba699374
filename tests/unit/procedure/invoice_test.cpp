// Invoices: VAT by document date and per line, the register, template checks and
// escaping, and the MIME message read back.
#include <doctest/doctest.h>

#include <filesystem>

#include "documents/documents.h"
#include "base/encoding.h"
#include "base/error.h"
#include "store/fsio.h"
#include "procedure/invoice.h"
#include "procedure/tax.h"
#include "documents/mail_out.h"
#include "temp_folder.h"

using namespace gefest;
namespace fs = std::filesystem;

namespace {

Settings vat_settings(bool included = true, bool simplified = false) {
    Settings s;
    s.vat_rates = {{"2019-01-01", 20}, {"2026-01-01", 22}};
    s.vat_included = included;
    s.simplified_tax = simplified;
    return s;
}

Order order_with(std::vector<OrderItem> items, bool included = true) {
    Order o;
    o.year = 2026;
    o.number = 5;
    o.date = "2026-11-27";
    o.vat_included = included;
    o.items = std::move(items);
    return o;
}

OrderItem item(const std::string& name, std::int64_t kopecks, Quantity qty, int vat) {
    OrderItem i;
    i.sku = name;
    i.name = name;
    i.unit = "шт";
    i.price = Money{kopecks};
    i.qty = qty;
    i.vat_percent = vat;
    return i;
}

}  // namespace

TEST_CASE("the VAT rate follows the document date: 20% in 2025, 22% from 2026-01-01") {
    Settings s = vat_settings();
    Order o = order_with({item("A", 12200, 1, 22)});
    InvoiceAmounts a25 = invoice_amounts(s, o, "2025-12-31");
    CHECK(a25.lines[0].vat_percent == 20);
    CHECK(a25.vat.kopecks == 2033);  // 122,00 * 20/120 = 20,333… → 20,33
    REQUIRE(a25.vat_lines.size() == 1);
    CHECK(a25.vat_lines[0].percent == 20);
    InvoiceAmounts a26 = invoice_amounts(s, o, "2026-01-01");
    CHECK(a26.lines[0].vat_percent == 22);
    CHECK(a26.vat.kopecks == 2200);  // 122,00 * 22/122
    CHECK(a26.total.kopecks == 12200);
    // a catalog still marked 20 is invoiced at the rate of the date
    CHECK(invoice_amounts(s, order_with({item("A", 12000, 1, 20)}), "2026-03-01").lines[0].vat_percent == 22);
}

TEST_CASE("10% goods keep their rate; per-rate VAT lines, highest first") {
    Settings s = vat_settings();
    Order o = order_with({item("A", 12200, 2, 22), item("B", 1100, 3, 10)});
    InvoiceAmounts a = invoice_amounts(s, o, "2026-11-27");
    REQUIRE(a.vat_lines.size() == 2);
    CHECK(a.vat_lines[0].percent == 22);
    CHECK(a.vat_lines[0].amount.kopecks == 4400);
    CHECK(a.vat_lines[1].percent == 10);
    CHECK(a.vat_lines[1].amount.kopecks == 300);
    CHECK(a.vat.kopecks == 4700);
    CHECK(a.sum.kopecks == 27700);
    CHECK(a.total.kopecks == 27700);
}

TEST_CASE("VAT on top is added to the total") {
    Settings s = vat_settings(false);
    Order o = order_with({item("A", 10000, 3, 22)}, false);
    InvoiceAmounts a = invoice_amounts(s, o, "2026-11-27");
    CHECK(a.sum.kopecks == 30000);
    CHECK(a.vat.kopecks == 6600);
    CHECK(a.total.kopecks == 36600);
    CHECK_FALSE(a.vat_included);
}

TEST_CASE("VAT is rounded per line, half away from zero, then summed") {
    Settings s = vat_settings();
    // each line 0,05 incl. 22%: 0,05*22/122 = 0,00901… → 0,01 per line; on the sum
    // (0,15) it would be 0,027 → 0,03
    Order o = order_with({item("A", 5, 1, 22), item("B", 5, 1, 22), item("C", 5, 1, 22)});
    InvoiceAmounts a = invoice_amounts(s, o, "2026-11-27");
    CHECK(a.vat.kopecks == 3);
    Order o2 = order_with({item("A", 61, 1, 22), item("B", 61, 1, 22)});  // 0,61*22/122 = 0,11 each
    CHECK(invoice_amounts(s, o2, "2026-11-27").vat.kopecks == 22);
    // 0,25 net on top at 22% = 0,055 → 0,06 (half away from zero), twice → 0,12 (not 0,11)
    Order o3 = order_with({item("A", 25, 1, 22), item("B", 25, 1, 22)}, false);
    CHECK(invoice_amounts(vat_settings(false), o3, "2026-11-27").vat.kopecks == 12);
}

TEST_CASE("simplified taxation: no VAT, one «Без налога (НДС)» line") {
    Settings s = vat_settings(true, true);
    Order o = order_with({item("A", 12200, 1, 22), item("B", 1100, 1, 10)});
    InvoiceAmounts a = invoice_amounts(s, o, "2026-11-27");
    CHECK(a.vat.kopecks == 0);
    CHECK(a.total.kopecks == 13300);
    REQUIRE(a.vat_lines.size() == 1);
    CHECK(a.vat_lines[0].percent == -1);
    CHECK(line_vat_rate(s, 22, "2026-11-27") == -1);
    CHECK(line_vat_rate(vat_settings(), -1, "2026-11-27") == -1);
}

TEST_CASE("an unpriced non-standard line stops the amounts") {
    OrderItem i = item("X", 0, 1, 22);
    i.priced = false;
    CHECK_THROWS_AS(invoice_amounts(vat_settings(), order_with({i}), "2026-11-27"), Error);
}

TEST_CASE("invoice keys and file names") {
    CHECK(parse_invoice_key("7", 2026) == std::pair<int, std::int64_t>{2026, 7});
    CHECK(parse_invoice_key("2025-12", 2026) == std::pair<int, std::int64_t>{2025, 12});
    CHECK_THROWS_AS(parse_invoice_key("abc", 2026), Error);
    CHECK_THROWS_AS(parse_invoice_key("0", 2026), Error);
    CHECK(invoice_file_stem(123, "2026-11-27") == "Счет № 123 от 27.11.2026");
    CHECK(russian_long_date("2026-11-27") == "27 ноября 2026 г.");
    CHECK(russian_long_date("2026-01-05") == "5 января 2026 г.");
}

TEST_CASE("the register round-trips and rejects a bad row with FILE:LINE") {
    Invoice i;
    i.year = 2026;
    i.number = 2;
    i.date = "2026-11-27";
    i.order = "2026-5";
    i.client = "=ООО «Ромашка»; и Ко";
    i.client_inn = "7203145879";
    i.total = Money{88500000};
    i.vat = Money{15959017};
    i.due = "2026-12-02";
    i.status = invoice_status::issued;
    Invoice j = i;
    j.number = 1;
    std::string text = format_invoice_register({i, j});
    CHECK(text.find("1;27.11.2026;2026-5;") != std::string::npos);  // sorted by number
    CHECK(text.find("885000,00;159590,17;02.12.2026;0,00;выставлен") != std::string::npos);  // statuses in Russian (issue 15)
    auto rows = parse_invoice_register(text, "Счета 2026.csv", 2026);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].status == invoice_status::issued);
    // an older register with the English codes still reads; each status round-trips
    for (const auto& [word, code] : std::vector<std::pair<std::string, std::string>>{{"issued", invoice_status::issued},
                                                                                     {"отправлен", invoice_status::sent},
                                                                                     {"partial", invoice_status::partly_paid},
                                                                                     {"оплачен частично", invoice_status::partly_paid},
                                                                                     {"оплачен", invoice_status::paid},
                                                                                     {"paid", invoice_status::paid},
                                                                                     {"аннулирован", invoice_status::cancelled}}) {
        std::string one = text.substr(0, text.find('\n') + 1) + "3;27.11.2026;2026-6;X;;1,00;0,00;02.12.2026;0,00;" + word + "\r\n";
        CHECK(parse_invoice_register(one, "Счета 2026.csv", 2026).at(0).status == code);
    }
    CHECK(rows[1].number == 2);
    CHECK(text.find(";\"'=ООО «Ромашка»; и Ко\";") != std::string::npos);  // formula neutralised for Excel
    CHECK(rows[1].client == "=ООО «Ромашка»; и Ко");                           // and read back as it was
    CHECK(rows[1].total.kopecks == 88500000);
    CHECK(rows[1].due == "2026-12-02");
    CHECK(rows[1].key() == "2026-2");
    CHECK(rows[1].order_ref() == std::pair<int, std::int64_t>{2026, 5});
    std::string bad = text + "3;27.11.2026;2026-6;X;;1,00;0,00;02.12.2026;0,00;lost\r\n";
    try {
        parse_invoice_register(bad, "Счета 2026.csv", 2026);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.line() == 4);
        CHECK(std::string(e.what()).find("unknown invoice status 'lost'") != std::string::npos);
    }
}

TEST_CASE("the register after Excel ru-RU: restored where proven, refused at FILE:LINE where not") {
    // Saved by Excel as «CSV (разделители - точки с запятой)»: cp1251, dates re-typed,
    // kopecks dropped, the ИНН's leading zero lost.
    const std::string header = "№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r\n";
    const std::string excel = header + "1;27.11.2026;2026-5;ООО «Майкоп»;105012349;164500;27416,67;02.12.2026 0:00;0;issued\r\n";
    auto rows = parse_invoice_register(encoding::from_utf8(excel, "windows-1251"), "Счета 2026.csv", 2026);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].client_inn == "0105012349");  // a payment from 0105012349 finds it
    CHECK(rows[0].total == Money{16450000});
    CHECK(rows[0].paid == Money{});
    CHECK(rows[0].due == "2026-12-02");
    CHECK(rows[0].order == "2026-5");
    CHECK(format_invoice_register(rows).find(";0105012349;164500,00;") != std::string::npos);

    auto error = [&](const std::string& row) {
        try {
            parse_invoice_register(header + "1;27.11.2026;2026-5;А;7203145879;1,00;0,00;02.12.2026;0,00;issued\r\n" + row + "\r\n",
                                   "Счета 2026.csv", 2026);
        } catch (const Error& e) {
            return e.where_and_what();
        }
        return std::string("no error");
    };
    CHECK(error("2;27.11.2026;май.26;Б;;1,00;0,00;02.12.2026;0,00;issued") ==
          "Счета 2026.csv:3: Заказ 'май.26': Excel turned this key into a date; format the column as text and type the key again");
    CHECK(error("2;27.11.2026;янв.2026;Б;;1,00;0,00;02.12.2026;0,00;issued").starts_with("Счета 2026.csv:3: Заказ 'янв.2026': Excel"));
    CHECK(error("2;27.11.2026;01.янв;Б;;1,00;0,00;02.12.2026;0,00;issued").starts_with("Счета 2026.csv:3: Заказ '01.янв': Excel"));
    CHECK(error("2,00;27.11.2026;2026-6;Б;;1,00;0,00;02.12.2026;0,00;issued").starts_with("Счета 2026.csv:3: № '2,00': Excel"));
    CHECK(error("2;27.11.2026;2026-6;Б;7,20315E+11;1,00;0,00;02.12.2026;0,00;issued") ==
          "Счета 2026.csv:3: ИНН '7,20315E+11': Excel changed this number; format the column as text and type the value again");
    // An ИНН no zero proves is refused, not taken for another client's.
    CHECK(error("2;27.11.2026;2026-6;Б;105012348;1,00;0,00;02.12.2026;0,00;issued").starts_with("Счета 2026.csv:3: ИНН '105012348': "));
}

TEST_CASE("templates: values are HTML-escaped, unknown placeholders name the template and line") {
    nlohmann::json data = {{"client", {{"name", "<script>alert('x')</script> & Co"}}}, {"lines", {{{"n", "1"}}, {{"n", "2"}}}}, {"empty", nlohmann::json::array()}};
    std::string out = render_template("<p>{{client.name}}</p>{{#lines}}[{{n}}]{{/lines}}", data, "T.mustache");
    CHECK(out == "<p>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; Co</p>[1][2]");
    // inside a list section the outer names stay visible
    CHECK(render_template("{{#lines}}{{client.name}}{{/lines}}", {{"client", {{"name", "a"}}}, {"lines", {{{"n", "1"}}}}}, "T") == "a");
    try {
        render_template("line one\n<b>{{client.nmae}}</b>", data, "Шаблоны/Счет.html.mustache");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.file() == "Шаблоны/Счет.html.mustache");
        CHECK(e.line() == 2);
        CHECK(std::string(e.what()) == "unknown placeholder 'client.nmae'");
    }
    CHECK_THROWS_WITH_AS(render_template("{{#lines}}{{nope}}{{/lines}}", data, "T"), "unknown placeholder 'nope'", Error);
    CHECK_THROWS_AS(render_template("{{{client.name}}}", data, "T"), Error);
    CHECK_THROWS_AS(render_template("{{& client.name}}", data, "T"), Error);
    CHECK_THROWS_AS(render_template("{{> other}}", data, "T"), Error);
    CHECK_THROWS_AS(render_template("{{#lines}}", data, "T"), Error);
    CHECK(render_template("{{! a comment }}{{#empty}}{{anything}}{{/empty}}ok", data, "T") == "ok");
}

TEST_CASE("the default templates use only the names documents get") {
    for (const auto& name : {template_name::invoice, template_name::contract, template_name::specification}) {
        std::string text = default_template(name);
        REQUIRE_FALSE(text.empty());
        CHECK(text.find("{{{") == std::string::npos);
        CHECK(text.find("@page { size: A4") != std::string::npos);
    }
}

TEST_CASE("a MIME message: RFC 2047 subject, attachments, outbox .eml parsed back") {
    testing::TempFolder tmp;
    fs::path root = tmp / "share";
    fs::copy(std::string(GEFEST_DATA) + "/demo", root, fs::copy_options::recursive);
    Share share = Share::open(root);
    fsio::write_atomic(tmp / "Счет № 1 от 27.11.2026.html", "<html>счет</html>");
    OutgoingMail m;
    m.to = {"snab@sibstroymontazh.ru"};
    m.subject = "Счет на оплату № 1 от 27.11.2026 — ООО «Гефест»";
    m.body = "Здравствуйте!\n";
    m.attachments = {{tmp / "Счет № 1 от 27.11.2026.html", "", ""}};
    std::string id;
    std::string raw = build_mime(share, m, &id);
    CHECK(raw.find("Subject: =?UTF-8?B?") != std::string::npos);
    CHECK(raw.find("From: =?UTF-8?b?") != std::string::npos);
    CHECK(raw.find("filename*0*=UTF-8''%D0%A1%D1%87%D0%B5%D1%82") != std::string::npos);
    CHECK(raw.find("\r\n") != std::string::npos);
    CHECK_FALSE(id.empty());
    ParsedMail p = parse_mail(raw, "x.eml");
    CHECK(p.subject == m.subject);
    CHECK(p.raw_subject.find("=?") != std::string::npos);
    REQUIRE(p.to.size() == 1);
    CHECK(p.to[0] == "snab@sibstroymontazh.ru");
    REQUIRE(p.attachments.size() == 1);
    CHECK(p.attachments[0] == "Счет № 1 от 27.11.2026.html");
    CHECK(p.text == "Здравствуйте!\n");

    MailSent sent = send_mail(share, m);
    CHECK(sent.via == "outbox");
    CHECK(sent.eml.parent_path() == share.at(share.settings().outbox));
    CHECK(parse_mail(fsio::read_file(sent.eml), sent.eml.string()).subject == m.subject);

    m.to = {"not an address"};
    CHECK_THROWS_AS(build_mime(share, m), Error);
    m.to = {"a@b.ru"};
    m.attachments = {{tmp / "нет.pdf", "", ""}};
    CHECK_THROWS_AS(build_mime(share, m), Error);
}
