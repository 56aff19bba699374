#include "procedure/commerceml.h"

#include <algorithm>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/invoice.h"
#include "procedure/tax.h"

namespace gefest {

namespace {

// --- export -------------------------------------------------------------------------

void text_child(pugi::xml_node parent, const char* name, const std::string& value) {
    parent.append_child(name).text().set(value.c_str());
}

// OKEI codes of the units the catalog uses; others go without a code.
void base_unit(pugi::xml_node parent, const std::string& unit) {
    pugi::xml_node u = parent.append_child("БазоваяЕдиница");
    struct Okei {
        const char *unit, *code, *full, *intl;
    };
    static const Okei known[] = {{"шт", "796", "Штука", "PCE"}, {"м", "006", "Метр", "MTR"}, {"кг", "166", "Килограмм", "KGM"},
                                 {"л", "112", "Литр", "LTR"},   {"компл", "839", "Комплект", "SET"}};
    for (const auto& k : known)
        if (unit == k.unit) {
            u.append_attribute("Код") = k.code;
            u.append_attribute("НаименованиеПолное") = k.full;
            u.append_attribute("МеждународноеСокращение") = k.intl;
        }
    u.text().set(unit.empty() ? "шт" : unit.c_str());
}

void requisite(pugi::xml_node list, const std::string& name, const std::string& value) {
    pugi::xml_node r = list.append_child("ЗначениеРеквизита");
    text_child(r, "Наименование", name);
    text_child(r, "Значение", value);
}

void tax(pugi::xml_node parent, bool included, Money sum, std::optional<int> rate) {
    pugi::xml_node t = parent.append_child("Налог");
    text_child(t, "Наименование", "НДС");
    text_child(t, "УчтеноВСумме", included ? "true" : "false");
    text_child(t, "Сумма", format_plain(sum));
    if (rate) text_child(t, "Ставка", std::to_string(*rate));
}

// The address element of CommerceML (Адрес: Представление).
void address(pugi::xml_node parent, const char* name, const std::string& text) {
    if (text.empty()) return;
    text_child(parent.append_child(name), "Представление", text);
}

// A client without a legal form of a company and without a 10-digit ИНН is a person
// (физ. лицо, ИП): CommerceML's РеквизитыФизЛица, else РеквизитыЮрЛица.
bool is_person(const Client* c, const Order& o) {
    if (o.client_inn.size() == 10) return false;
    if (!c) return o.client_inn.size() == 12;
    return c->legal_form == "ИП" || c->legal_form.find("физ") != std::string::npos || c->legal_form.find("Физ") != std::string::npos;
}

// The client as Контрагент: Ид, the name, the requisites of a company (official name,
// legal address, ИНН, КПП) or of a person (full name, ИНН, registration address).
void counterparty(pugi::xml_node d, const Order& o, const Client* c) {
    pugi::xml_node k = d.append_child("Контрагенты").append_child("Контрагент");
    text_child(k, "Ид", "gefest-client-" + std::to_string(o.client_id));
    text_child(k, "Наименование", o.client_name);
    const std::string addr = c ? c->address : std::string();
    const bool inn_ok = o.client_inn.size() == 10 || o.client_inn.size() == 12;
    if (is_person(c, o)) {
        text_child(k, "ПолноеНаименование", o.client_name);
        if (inn_ok) text_child(k, "ИНН", o.client_inn);
        address(k, "АдресРегистрации", addr);
    } else {
        text_child(k, "ОфициальноеНаименование", o.client_name);
        address(k, "ЮридическийАдрес", addr);
        if (inn_ok) text_child(k, "ИНН", o.client_inn);
        if (o.client_kpp.size() == 9) text_child(k, "КПП", o.client_kpp);
    }
    text_child(k, "Роль", "Покупатель");
}

// When the order was made: the earliest step done ("HH:MM:SS"), "" if none is.
std::string order_time(const Order& o) {
    std::string first;
    for (const auto& s : o.steps)
        if (s.done_at.size() >= 19 && s.done_at.compare(0, 10, o.date) == 0 && (first.empty() || s.done_at < first)) first = s.done_at;
    return first.empty() ? "" : first.substr(11, 8);
}

void order_document(pugi::xml_node root, const Order& o, const Settings& settings, const CmlExportContext& ctx) {
    OrderTotals totals = order_totals(settings, o);
    pugi::xml_node d = root.append_child("Документ");
    text_child(d, "Ид", "gefest-" + o.key());
    text_child(d, "Номер", std::to_string(o.number));
    text_child(d, "Дата", o.date);
    text_child(d, "ХозОперация", "Заказ товара");
    text_child(d, "Роль", "Продавец");
    text_child(d, "Валюта", "RUB");
    text_child(d, "Курс", "1");
    text_child(d, "Сумма", format_plain(totals.total));
    const Client* client = ctx.clients ? ctx.clients->by_id(o.client_id) : nullptr;
    counterparty(d, o, client);
    if (std::string t = order_time(o); !t.empty()) text_child(d, "Время", t);
    std::string comment = fmt::format("Заказ № {} от {} (gefest), менеджер {}", o.key(), Date::parse(o.date, "date").russian(), o.manager);
    if (!o.call.empty()) comment += fmt::format("; обращение № {}", o.call);
    if (!o.promised.empty()) comment += fmt::format("; срок исполнения {}", Date::parse(o.promised, "date").russian());
    text_child(d, "Комментарий", comment);
    bool any_vat = std::any_of(o.items.begin(), o.items.end(), [&](const OrderItem& i) { return line_vat_rate(settings, i.vat_percent, o.date) >= 0; });
    if (any_vat) tax(d.append_child("Налоги"), o.vat_included, totals.vat, std::nullopt);
    pugi::xml_node goods = d.append_child("Товары");
    for (size_t n = 0; n < o.items.size(); ++n) {
        const OrderItem& i = o.items[n];
        pugi::xml_node g = goods.append_child("Товар");
        // 1C matches a product by its own Ид (the GUID import-1c kept in Каталог.csv),
        // and by Артикул when it has none.
        const CatalogItem* item = ctx.catalog && !i.sku.empty() ? ctx.catalog->find(i.sku) : nullptr;
        std::string id = i.sku.empty() ? fmt::format("gefest-{}-{}", o.key(), n + 1) : i.sku;
        if (item && !item->id_1c.empty()) id = item->id_1c;
        text_child(g, "Ид", id);
        if (!i.sku.empty()) text_child(g, "Артикул", i.sku);
        text_child(g, "Наименование", i.name);
        base_unit(g, i.unit);
        pugi::xml_node req = g.append_child("ЗначенияРеквизитов");
        requisite(req, "ВидНоменклатуры", i.sku.empty() ? "Нестандартная продукция" : "Товар");
        requisite(req, "ТипНоменклатуры", "Товар");
        text_child(g, "ЦенаЗаЕдиницу", format_plain(i.price));
        text_child(g, "Количество", std::to_string(i.qty));
        text_child(g, "Сумма", format_plain(i.sum()));
        if (int rate = line_vat_rate(settings, i.vat_percent, o.date); rate >= 0)
            tax(g.append_child("Налоги"), o.vat_included, line_vat(settings, o, i), rate);
    }
    pugi::xml_node req = d.append_child("ЗначенияРеквизитов");
    requisite(req, "Статус заказа", "Принят");
    requisite(req, "Метод оплаты", o.payment == Payment::cash ? "Наличный расчет" : "Безналичный расчет");
    if (!o.promised.empty()) requisite(req, "Срок исполнения", o.promised);
    requisite(req, "Менеджер", o.manager);
}

struct StringWriter : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

}  // namespace

std::string export_orders_cml(const std::vector<Order>& orders, const Settings& settings, const DateTime& generated_at, const CmlExportContext& ctx) {
    (void)settings;
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = doc.append_child("КоммерческаяИнформация");
    root.append_attribute("xmlns") = "urn:1C.ru:commerceml_2";
    root.append_attribute("ВерсияСхемы") = "2.10";
    root.append_attribute("ДатаФормирования") = generated_at.iso().c_str();
    for (const auto& o : orders) {
        for (size_t n = 0; n < o.items.size(); ++n)
            if (!o.items[n].priced)
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("non-standard line {} of order {} has no price yet")), n + 1, o.key()));
        order_document(root, o, settings, ctx);
    }
    StringWriter w;
    doc.save(w, "  ", pugi::format_indent, pugi::encoding_utf8);
    return w.out;
}

}  // namespace gefest
