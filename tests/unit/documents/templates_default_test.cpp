// templates_default: the templates gefest init writes must render with the data their
// documents give. The invoice, contract and specification are rendered here with
// document_data (lib/procedure/invoice.h); the pick list, packing list and consignment
// note with the shipping data in tests/unit/procedure/shipping_test.cpp.
#include <doctest/doctest.h>

#include <filesystem>

#include "documents/documents.h"
#include "base/money.h"
#include "procedure/clients.h"
#include "procedure/invoice.h"
#include "store/fsio.h"

using namespace gefest;
namespace fs = std::filesystem;

namespace {

const std::string demo = GEFEST_DATA "/demo";

Settings demo_settings() { return parse_settings(fsio::read_file(demo + "/gefest.toml"), "gefest.toml"); }

Order noncash_order() {
    Order o;
    o.year = 2026;
    o.number = 5;
    o.date = "2026-11-27";
    o.client_id = 1;
    o.client_name = "ООО \"Ромашка\" <Тюмень> & К";
    o.manager = "petrov";
    o.payment = Payment::noncash;
    o.contract_number = "2026-5";
    o.contract_date = "2026-11-28";
    o.promised = "2026-12-20";
    OrderItem boiler;
    boiler.sku = "ПК-100";
    boiler.name = "Котел «Гефест ПК-100», 100 кВт";
    boiler.unit = "шт";
    boiler.price = Money{28500000};
    boiler.qty = 2;
    boiler.vat_percent = 22;
    OrderItem pipe = boiler;
    pipe.sku = "ДЫМ-200";
    pipe.name = "Дымоход 200 мм";
    pipe.unit = "м";
    pipe.price = Money{315050};
    pipe.qty = 10;
    pipe.vat_percent = 10;
    o.items = {boiler, pipe};
    return o;
}

Client client_of(const Order& o) {
    Client c;
    c.id = o.client_id;
    c.name = o.client_name;
    c.inn = "7202123456";
    c.kpp = "720201001";
    c.address = "625000, г. Тюмень, ул. Республики, д. 1";
    c.phones = {"+73452000000"};
    c.email = "snab@romashka.example";
    c.contact = "Иванов И. И.";
    return c;
}

Invoice invoice_of(const Order& o, const InvoiceAmounts& a) {
    Invoice i;
    i.year = 2026;
    i.number = 7;
    i.date = "2026-11-28";
    i.due = "2026-12-03";
    i.order = o.key();
    i.client = o.client_name;
    i.total = a.total;
    i.vat = a.vat;
    return i;
}

// Renders the default template `name` with `data`; no tag may be left in the output.
std::string render_default(const std::string& name, const nlohmann::json& data) {
    std::string html = render_template(default_template(name), data, name);
    CHECK(html.find("{{") == std::string::npos);
    CHECK(html.find("}}") == std::string::npos);
    return html;
}

}  // namespace

TEST_CASE("templates_default: the demo share carries the default templates") {
    for (const auto& name : default_template_names()) {
        CAPTURE(name);
        CHECK(fsio::read_file(demo + "/Отдел продаж/Шаблоны/" + name) == default_template(name));
    }
}

TEST_CASE("templates_default: the invoice, contract and specification render with document_data") {
    for (bool on_top : {false, true}) {
        for (bool simplified : {false, true}) {
            CAPTURE(on_top);
            CAPTURE(simplified);
            Settings s = demo_settings();
            s.vat_included = !on_top;
            s.simplified_tax = simplified;
            Order o = noncash_order();
            o.vat_included = !on_top;
            const InvoiceAmounts a = invoice_amounts(s, o, "2026-11-28");
            const Invoice inv = invoice_of(o, a);
            const Client c = client_of(o);

            const std::string invoice = render_default(template_name::invoice, document_data(s, o, c, a, &inv, 5));
            CHECK(invoice.find("Счет на оплату № 7 от 28 ноября 2026 г.") != std::string::npos);
            CHECK(invoice.find("ООО &quot;Ромашка&quot; &lt;Тюмень&gt; &amp; К") != std::string::npos);  // escaped
            CHECK(invoice.find("<Тюмень>") == std::string::npos);
            CHECK(invoice.find("Котел «Гефест ПК-100», 100 кВт") != std::string::npos);
            CHECK(invoice.find(format_money(a.total)) != std::string::npos);
            CHECK(invoice.find("047102651") != std::string::npos);  // the company's bank
            if (simplified) CHECK(invoice.find("Без налога (НДС)") != std::string::npos);

            // The contract and the specification are made before the invoice: no invoice data.
            const nlohmann::json data = document_data(s, o, c, a, nullptr, 5);
            const std::string contract = render_default(template_name::contract, data);
            CHECK(contract.find("2026-5") != std::string::npos);
            CHECK(contract.find("28 ноября 2026 г.") != std::string::npos);
            const std::string spec = render_default(template_name::specification, data);
            CHECK(spec.find("Дымоход 200 мм") != std::string::npos);
            CHECK(spec.find(format_money(a.total)) != std::string::npos);
        }
    }
}
