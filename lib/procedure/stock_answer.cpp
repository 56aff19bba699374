#include "procedure/stock_answer.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest {

namespace {

// The committed content of a register (stock and reservations are changed under their
// locks by orders: read as committed, never a stale or torn copy); Error(not_found) if
// it is missing.
std::string must_exist(const Store& store, const RecordRef& record) {
    auto content = store.read(record).content;
    if (!content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), store.where(record)));
    return *content;
}

}  // namespace

ProductAsk parse_product_ask(const std::string& text, const std::string& option, bool qty_required) {
    ProductAsk ask;
    std::string t(trim_blanks(text));
    size_t colon = t.rfind(':');
    ask.sku = trim_blanks(colon == std::string::npos ? t : t.substr(0, colon));
    if (ask.sku.empty())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': the SKU is missing (SKU:QTY)")), option, text));
    if (colon == std::string::npos) {
        if (qty_required)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': the quantity is missing (SKU:QTY)")), option, text));
        return ask;
    }
    std::string q(trim_blanks(t.substr(colon + 1)));
    bool digits = !q.empty() && q.size() <= 12 && q.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoll(q) <= 0)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': the quantity must be a whole number greater than 0")), option, text));
    ask.qty = std::stoll(q);
    return ask;
}

std::string StockAnswer::text() const {
    std::string where;
    for (const auto& p : places) where += fmt::format("{}{} — {}", where.empty() ? "" : ", ", p.warehouse, p.available);
    if (status == "not_in_stock") return "нет в наличии";
    if (status == "partial") return fmt::format("в наличии {} {} из {}: {}", total, unit, asked, where);
    return fmt::format("в наличии {} {}: {}", total, unit, where);
}

nlohmann::json StockAnswer::to_json() const {
    nlohmann::json avail = nlohmann::json::object();
    for (const auto& p : places) avail[p.warehouse] = p.available;
    return {{"sku", sku}, {"qty", asked}, {"answer", status}, {"available", avail}, {"text", text()}};
}

StockRegister StockRegister::load(const Store& store) {
    const RecordRef cat{Record::catalog}, stock{Record::stock}, res{Record::reservations};
    Catalog catalog = parse_catalog(must_exist(store, cat), store.where(cat));
    Stock levels = parse_stock(must_exist(store, stock), store.where(stock));
    Reservations reservations = parse_reservations(store.read(res).content.value_or(""), store.where(res));
    return StockRegister(std::move(catalog), std::move(levels), std::move(reservations), store.name(cat));
}

const CatalogItem& StockRegister::require(const std::string& sku) const {
    const CatalogItem* item = catalog_.find(sku);
    if (!item)
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("unknown SKU '{}' (not in {})")), sku, catalog_file_));
    return *item;
}

StockAnswer StockRegister::answer(const ProductAsk& ask) const {
    const CatalogItem& item = require(ask.sku);
    StockAnswer a;
    a.sku = item.sku;
    a.name = item.name;
    a.unit = item.unit.empty() ? "шт" : item.unit;
    a.asked = ask.qty;
    for (const auto& level : stock_levels(stock_, reservations_, item.sku, "")) {
        if (level.available <= 0) continue;
        a.places.push_back({level.warehouse, level.available});
        a.total += level.available;
    }
    a.status = a.total <= 0 ? "not_in_stock" : (a.asked > 0 && a.total < a.asked ? "partial" : "in_stock");
    return a;
}

}  // namespace gefest
