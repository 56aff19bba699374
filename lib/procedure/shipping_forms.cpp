// The shipping document proper (5.2.4.6): the УПД (универсальный передаточный документ,
// the счёт-фактура's layout of Постановление Правительства РФ № 1137 with the transfer
// fields of ФНС letter ММВ-20-3/96@) or the unified form ТОРГ-12 (ОКУД 0330212), as
// gefest.toml's [documents] shipping chooses. The money is consignment_note_data's, the
// invoice's own computation; this file adds what the forms show beyond it: prices
// without VAT, ОКЕИ codes, the parties' addresses, the document's number and status.
#include <array>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/toml_util.h"
#include "documents/documents.h"
#include "formats/words.h"
#include "procedure/shipping.h"
#include "procedure/shipping_internal.h"
#include "store/fsio.h"

namespace gefest {

using json = nlohmann::json;
using namespace shipping_detail;

namespace {

// ОК 015-94 (ОКЕИ): the units a catalog of this trade writes, by their usual Russian
// abbreviation (compared as written, with and without the final dot).
struct Okei {
    const char* unit;
    const char* code;
    const char* name;  // the national symbol the form prints
};
constexpr std::array<Okei, 18> okei_table{{
    {"шт", "796", "шт"},       {"штука", "796", "шт"},   {"м", "006", "м"},           {"метр", "006", "м"},
    {"пог. м", "018", "пог. м"}, {"кг", "166", "кг"},     {"т", "168", "т"},           {"л", "112", "л"},
    {"м2", "055", "м2"},       {"м²", "055", "м2"},      {"кв. м", "055", "м2"},      {"м3", "113", "м3"},
    {"м³", "113", "м3"},       {"компл", "839", "компл"}, {"комплект", "839", "компл"}, {"упак", "778", "упак"},
    {"пар", "715", "пар"},     {"рул", "736", "рул"},
}};

// The rouble amount without VAT per unit: net / qty rounded half away from zero.
Money unit_net(Money net, Quantity qty) {
    if (qty <= 0) return net;
    std::int64_t k = net.kopecks, q = qty;
    std::int64_t r = (k >= 0 ? (2 * k + q) : (2 * k - q)) / (2 * q);
    return Money{r};
}

// "три" for 3: the number of lines in words (ТОРГ-12 «содержит … порядковых номеров»).
std::string count_in_words(std::int64_t n) {
    std::string w = amount_in_words(Money{n * 100});
    size_t p = w.find(" рубл");
    if (p != std::string::npos) w.resize(p);
    // lower-case the first (Cyrillic capital, two bytes) letter
    if (w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xD0) {
        auto c = static_cast<unsigned char>(w[1]);
        if (c >= 0x90 && c <= 0x9F) w[1] = static_cast<char>(c + 0x20);
        else if (c >= 0xA0 && c <= 0xAF) w[0] = static_cast<char>(0xD1), w[1] = static_cast<char>(c - 0x20);
    }
    return w;
}

std::string inn_kpp(const std::string& inn, const std::string& kpp) { return kpp.empty() ? inn : inn + "/" + kpp; }

}  // namespace

OkeiUnit okei_unit(const std::string& unit) {
    std::string u = unit;
    while (!u.empty() && (u.back() == '.' || u.back() == ' ')) u.pop_back();
    for (const auto& e : okei_table)
        if (u == e.unit) return {e.code, e.name};
    return {"—", unit};
}

json shipping_form_data(const Order& o, const Settings& company, const Client& client, const ShippingForm& form, const Invoice* invoice) {
    json d = consignment_note_data(o, company, form.date, invoice);
    const std::string& seller = company.company_name;  // «ООО «Гефест»»: the form is in the name
    d["kind"] = form.kind == ShippingDocument::upd ? "УПД" : "ТОРГ-12";
    d["status"] = company.simplified_tax ? "2" : "1";
    d["invoice_part"] = !company.simplified_tax;  // status 1: the счёт-фактура's fields count
    d["number"] = std::to_string(form.number);
    d["date_long"] = russian_long_date(form.date);
    d["seller"] = {{"name", seller},
                   {"address", company.address},
                   {"inn_kpp", inn_kpp(company.inn, company.kpp)},
                   {"okpo", "—"},
                   {"requisites", join_nonempty({seller, company.inn.empty() ? "" : "ИНН " + company.inn,
                                                 company.kpp.empty() ? "" : "КПП " + company.kpp, company.address,
                                                 company.phone.empty() ? "" : "тел. " + company.phone})}};
    // The address from the client base; a client with only its town gets the town.
    std::string address = client.address;
    if (address.empty() && !client.city.empty()) address = client.city.starts_with("г.") ? client.city : "г. " + client.city;
    d["buyer"] = {{"name", client.name},
                  {"address", address.empty() ? "—" : address},
                  {"inn_kpp", inn_kpp(client.inn, client.kpp)},
                  {"requisites", join_nonempty({client.name, client.inn.empty() ? "" : "ИНН " + client.inn,
                                                client.kpp.empty() ? "" : "КПП " + client.kpp, address})}};
    d["shipper"] = "он же";  // the seller ships from its own warehouse
    d["consignee"] = join_nonempty({client.name, address});
    d["invoice_ref"] = invoice && invoice->status != invoice_status::cancelled
                           ? fmt::format("Счет № {} от {}", invoice->number, Date::parse(invoice->date, "date").russian())
                           : std::string("—");
    const InvoiceAmounts a = document_amounts(company, o, remaining_quantities(o), consignment_vat_date(form.date, invoice));
    json& lines = d["lines"];
    for (size_t k = 0; k < a.lines.size() && k < lines.size(); ++k) {
        const InvoiceLine& l = a.lines[k];
        const OkeiUnit u = okei_unit(l.unit);
        json& j = lines[k];
        j["okei"] = u.code;
        j["unit_name"] = u.name;
        j["price_net"] = format_money(unit_net(l.net, l.qty));
        j["excise"] = "без акциза";
        j["rate"] = l.vat_percent < 0 ? std::string("без НДС") : std::to_string(l.vat_percent) + "%";
        j["vat_amount"] = l.vat_percent < 0 ? std::string("без НДС") : format_money(l.vat);
        j["country_code"] = "—";
        j["country"] = "—";
        j["declaration"] = "—";
        j["code"] = l.sku.empty() ? std::string("—") : l.sku;
    }
    d["totals"]["lines"] = std::to_string(a.lines.size());
    d["totals"]["lines_words"] = count_in_words(static_cast<std::int64_t>(a.lines.size()));
    d["totals"]["vat_amount"] = d["totals"]["vat_text"] == "без налога (НДС)" ? std::string("без НДС") : d["totals"]["vat"].get<std::string>();
    return d;
}

ShippingDocument shipping_document(const Share& share) {
    const std::string file = share.settings_file().string();
    toml::table t = tomlu::parse(fsio::read_file(share.settings_file()), file);
    const toml::table* d = t["documents"].as_table();
    if (!d) return ShippingDocument::upd;
    std::string v = tomlu::opt_string(*d, "shipping", file).value_or("УПД");
    if (v == "УПД" || v == "upd" || v.empty()) return ShippingDocument::upd;
    if (v == "ТОРГ-12" || v == "torg12" || v == "торг-12") return ShippingDocument::torg12;
    const toml::node* n = d->get("shipping");
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("[documents] shipping must be \"УПД\" or \"ТОРГ-12\", not '{}'")), v), file,
                n ? tomlu::line_of(*n) : 0);
}

}  // namespace gefest
