#include "procedure/commerceml.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "base/encoding.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/progress.h"
#include "base/text.h"
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

// --- import -------------------------------------------------------------------------

namespace {

std::string_view local_name(const char* name) {
    std::string_view n(name);
    size_t p = n.find(':');
    return p == std::string_view::npos ? n : n.substr(p + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view name) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) out.push_back(c);
    return out;
}

// Outside text: one line, control characters replaced (lib/base/input.h).
std::string text_of(pugi::xml_node parent, std::string_view name) { return input::clean_line(child(parent, name).text().get()); }

pugi::xml_attribute attr(pugi::xml_node n, std::string_view name) {
    for (pugi::xml_attribute a : n.attributes())
        if (local_name(a.name()) == name) return a;
    return {};
}

std::string declared_encoding(const std::string& bytes) {
    size_t end = bytes.find("?>");
    if (end == std::string::npos || end > 300) return "";
    std::string head = bytes.substr(0, end);
    size_t p = head.find("encoding=");
    if (p == std::string::npos) return "";
    p += 9;
    if (p >= head.size()) return "";
    char q = head[p];
    size_t e = head.find(q, p + 1);
    return e == std::string::npos ? "" : head.substr(p + 1, e - p - 1);
}

int line_of_offset(const std::string& text, ptrdiff_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min<ptrdiff_t>(offset, text.size()), '\n'));
}

std::optional<Quantity> whole_quantity(std::string s) {
    s = trimmed(s);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    // 1C writes "5", "5.000" or "5,000": a whole number with zero decimals is fine.
    size_t dot = s.find_first_of(".,");
    if (dot != std::string::npos) {
        if (s.find_first_not_of('0', dot + 1) != std::string::npos) return std::nullopt;
        s = s.substr(0, dot);
    }
    if (s.empty() || s.size() > 15 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const Quantity q = std::stoll(s);
    if (q > input::max_quantity) return std::nullopt;
    return q;
}

std::optional<Money> money_of(std::string s) {
    s = trimmed(s);
    // 1C may write more decimals ("100.0000"); drop trailing zeros beyond two.
    size_t dot = s.find_first_of(".,");
    if (dot != std::string::npos)
        while (s.size() > dot + 3 && s.back() == '0') s.pop_back();
    try {
        // A price is never negative, and within the bound every amount keeps (input.h).
        const Money m = parse_money(s);
        if (m.kopecks < 0 || !input::amount_in_range(m)) return std::nullopt;
        return m;
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::optional<int> vat_of(const std::string& rate) {
    std::string r = trimmed(rate);
    if (r.empty()) return std::nullopt;
    if (r.find("Без") != std::string::npos || r.find("без") != std::string::npos || r.find("БЕЗ") != std::string::npos) return -1;
    if (!r.empty() && r.back() == '%') r.pop_back();
    auto q = whole_quantity(r);
    if (!q || *q > 100) return std::nullopt;
    return static_cast<int>(*q);
}

void read_products(pugi::xml_node catalog, CmlFile& out, const std::string& file) {
    for (pugi::xml_node g : children(child(catalog, "Товары"), "Товар")) {
        CmlProduct p;
        p.id = text_of(g, "Ид");
        p.sku = text_of(g, "Артикул");
        p.name = text_of(g, "Наименование");
        pugi::xml_node u = child(g, "БазоваяЕдиница");
        p.unit = input::clean_line(u.child_value());
        if (p.unit.empty()) p.unit = input::clean_line(attr(u, "НаименованиеКраткое").value());
        if (p.unit.empty() && trimmed(attr(u, "Код").value()) == "796") p.unit = "шт";
        for (pugi::xml_node s : children(child(g, "СтавкиНалогов"), "СтавкаНалога"))
            if (text_of(s, "Наименование") == "НДС") p.vat_percent = vat_of(text_of(s, "Ставка"));
        if ((p.sku.empty() && p.id.empty()) || p.name.empty()) {
            out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: a product without Артикул/Ид or Наименование ('{}')")), file, p.sku + p.id + p.name));
            continue;
        }
        out.products.push_back(std::move(p));
    }
}

void read_offers(pugi::xml_node package, CmlFile& out, const std::string& file) {
    std::map<std::string, std::string> warehouses;
    for (pugi::xml_node w : children(child(package, "Склады"), "Склад")) warehouses[text_of(w, "Ид")] = text_of(w, "Наименование");
    for (pugi::xml_node p : children(child(package, "Предложения"), "Предложение")) {
        CmlOffer o;
        o.id = text_of(p, "Ид");
        o.sku = text_of(p, "Артикул");
        o.name = text_of(p, "Наименование");
        o.unit = input::clean_line(child(p, "БазоваяЕдиница").child_value());
        if (o.unit.empty() && trimmed(attr(child(p, "БазоваяЕдиница"), "Код").value()) == "796") o.unit = "шт";
        std::string label = o.sku.empty() ? o.id : o.sku;
        for (pugi::xml_node price : children(child(p, "Цены"), "Цена")) {
            std::string text = text_of(price, "ЦенаЗаЕдиницу");
            if (auto m = money_of(text)) {
                o.price = m;
                break;
            }
            out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: price '{}' of '{}' is not an amount")), file, text, label));
        }
        for (pugi::xml_node s : children(p, "Склад")) {
            std::string wid = input::clean_line(attr(s, "ИдСклада").value());
            std::string qty = attr(s, "КоличествоНаСкладе").value();
            if (wid.empty()) wid = text_of(s, "ИдСклада");
            if (qty.empty()) qty = text_of(s, "Количество");
            std::string name = warehouses.count(wid) ? warehouses[wid] : wid;
            auto q = whole_quantity(qty);
            if (name.empty() || !q) {
                out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: stock '{}' of '{}' on warehouse '{}' is not a whole number")), file, qty, label, name));
                continue;
            }
            o.stock.push_back({name, *q});
        }
        if (o.sku.empty() && o.id.empty()) {
            out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: an offer without Артикул and Ид ('{}')")), file, o.name));
            continue;
        }
        out.offers.push_back(std::move(o));
    }
}

}  // namespace

CmlFile read_cml(const std::string& bytes, const std::string& file) {
    std::string text = encoding::decode_text(bytes, declared_encoding(bytes));
    // Parsed in place, each element's text kept as its value rather than a node of its own:
    // a catalog of 400k offers is hundreds of megabytes, and its tree was twice that.
    pugi::xml_document doc;
    pugi::xml_parse_result r = doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default | pugi::parse_embed_pcdata, pugi::encoding_utf8);
    if (!r)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("not well-formed XML: {}")), r.description()), file,
                    line_of_offset(encoding::decode_text(bytes, declared_encoding(bytes)), r.offset));
    pugi::xml_node root = doc.document_element();
    if (local_name(root.name()) != "КоммерческаяИнформация")
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("not a CommerceML file: the root is <{}>, not <КоммерческаяИнформация>")), root.name()), file, 0);
    CmlFile out;
    for (pugi::xml_node c : root.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view n = local_name(c.name());
        if (n == "Каталог") read_products(c, out, file);
        else if (n == "ПакетПредложений") read_offers(c, out, file);
        else if (n == "Документ")
            out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: document {} ({}) skipped: gefest imports catalog and stock, not documents")), file,
                                              text_of(c, "Номер"), text_of(c, "ХозОперация")));
        else if (n == "Классификатор") continue;  // groups and properties: nothing gefest keeps
        else out.skipped.push_back(fmt::format(fmt::runtime(tr("{}: <{}> skipped")), file, std::string(n)));
    }
    return out;
}

CmlImportCounts apply_cml(Catalog& catalog, Stock& stock, const std::vector<CmlFile>& files, std::vector<std::string>& skipped) {
    CmlImportCounts counts;
    // Every lookup by a hash of the SKU (and warehouse): an import of a 1C catalog of
    // hundreds of thousands of offers is linear, not quadratic. Where a register lists a
    // key twice, the first row is the one found, as a scan from the top would.
    std::unordered_map<std::string, std::string> sku_of_id;
    std::unordered_map<std::string, std::size_t> item_at;
    item_at.reserve(catalog.items.size());
    for (std::size_t n = 0; n < catalog.items.size(); ++n) item_at.emplace(catalog.items[n].sku, n);
    auto find = [&](const std::string& sku) -> CatalogItem* {
        auto it = item_at.find(sku);
        return it == item_at.end() ? nullptr : &catalog.items[it->second];
    };
    auto add = [&](CatalogItem item) -> CatalogItem* {
        item_at.emplace(item.sku, catalog.items.size());
        catalog.items.push_back(std::move(item));
        ++counts.added;
        return &catalog.items.back();
    };
    auto stock_key = [](const std::string& sku, const std::string& warehouse) { return sku + '\0' + warehouse; };
    std::unordered_map<std::string, std::size_t> row_at;
    row_at.reserve(stock.rows.size());
    for (std::size_t n = 0; n < stock.rows.size(); ++n) row_at.emplace(stock_key(stock.rows[n].sku, stock.rows[n].warehouse), n);
    auto id_sku = [&](const std::string& id) -> const std::string* {
        auto it = sku_of_id.find(id);
        return it == sku_of_id.end() ? nullptr : &it->second;
    };
    for (const auto& f : files) {
        skipped.insert(skipped.end(), f.skipped.begin(), f.skipped.end());
        for (const auto& p : f.products) {
            std::string sku = p.sku.empty() ? p.id : p.sku;
            sku_of_id[p.id] = sku;
            CatalogItem* c = find(sku);
            if (!c) {
                CatalogItem n;
                n.sku = sku;
                n.name = p.name;
                n.unit = p.unit.empty() ? "шт" : p.unit;
                n.vat_percent = p.vat_percent.value_or(0);
                n.id_1c = p.id;  // 1C's GUID: order export-1c writes it back as the product's Ид
                add(std::move(n));
                continue;
            }
            bool changed = c->name != p.name || (!p.unit.empty() && c->unit != p.unit) || (p.vat_percent && *p.vat_percent != c->vat_percent) ||
                           (!p.id.empty() && c->id_1c != p.id);
            c->name = p.name;
            if (!p.id.empty()) c->id_1c = p.id;
            if (!p.unit.empty()) c->unit = p.unit;
            if (p.vat_percent) c->vat_percent = *p.vat_percent;
            if (changed) ++counts.updated;
        }
    }
    for (const auto& f : files)
        for (const auto& o : f.offers) {
            const std::string* known = id_sku(o.id);
            std::string sku = !o.sku.empty() ? o.sku : (known ? *known : o.id);
            CatalogItem* c = find(sku);
            if (!c && known) c = find(sku = *known);
            if (!c) {
                if (o.name.empty() || !o.price) {
                    skipped.push_back(fmt::format(fmt::runtime(tr("offer '{}' skipped: not in the catalog, and it has no name and price to add it")), sku));
                    continue;
                }
                CatalogItem n;
                n.sku = sku;
                n.name = o.name;
                n.unit = o.unit.empty() ? "шт" : o.unit;
                n.id_1c = o.id.substr(0, o.id.find('#'));  // "product#characteristic": the product's GUID
                c = add(std::move(n));
            }
            if (o.price && c->price != *o.price) {
                c->price = *o.price;
                ++counts.prices;
            }
            for (const auto& [warehouse, qty] : o.stock) {
                auto [it, added] = row_at.emplace(stock_key(sku, warehouse), stock.rows.size());
                if (added) stock.rows.push_back({sku, warehouse, qty, 0});
                else stock.rows[it->second].qty = qty;
                ++counts.stock_rows;
            }
        }
    return counts;
}

CmlImportResult import_cml(Store& store, const std::vector<std::string>& paths) {
    std::vector<CmlFile> files;
    for (std::size_t n = 0; n < paths.size(); ++n) {
        progress(tr("reading 1C files"), n, paths.size());
        files.push_back(read_cml(fsio::read_file(paths[n]), paths[n]));
    }
    progress(tr("reading 1C files"), paths.size(), paths.size());
    const RecordRef catalog{Record::catalog}, stock{Record::stock};
    const std::string cp = store.where(catalog), sp = store.where(stock);
    // Both registers are computed from committed states, so a retry of one update after a
    // concurrent change recomputes from fresh content. Each register is read and written
    // once: the stock computed beside the catalog is written as it is unless the stock
    // changed in between.
    CmlImportResult result;
    Snapshot stock_read;
    std::string stock_text;
    store.change(catalog, [&](const Snapshot& cs) -> std::optional<std::string> {
        stock_read = store.read(stock);
        Catalog cat = cs.content ? parse_catalog(*cs.content, cp) : Catalog{};
        Stock st = stock_read.content ? parse_stock(*stock_read.content, sp) : Stock{};
        result = CmlImportResult{};
        result.counts = apply_cml(cat, st, files, result.skipped);
        // Validate all, then write: both registers must read back before either is written.
        std::string catalog_text = format_catalog(cat);
        stock_text = format_stock(st);
        parse_catalog(catalog_text, cp);
        parse_stock(stock_text, sp, &cat);
        return catalog_text;
    });
    store.change(stock, [&](const Snapshot& ss) -> std::optional<std::string> {
        if (ss.generation == stock_read.generation && ss.content == stock_read.content) return stock_text;
        const Snapshot cs = store.read(catalog);
        Catalog cat = cs.content ? parse_catalog(*cs.content, cp) : Catalog{};
        Stock st = ss.content ? parse_stock(*ss.content, sp) : Stock{};
        std::vector<std::string> ignored;
        apply_cml(cat, st, files, ignored);
        return format_stock(st);
    });
    return result;
}

}  // namespace gefest
