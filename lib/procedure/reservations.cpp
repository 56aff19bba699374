// The reservations confirmed orders hold against the stock (Резервы.csv) and what the
// stock is to an order: levels, shortages, what a shipment takes off. Declared in
// procedure/catalog.h beside the registers they are counted against.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/excel_cells.h"
#include "procedure/catalog.h"
#include "procedure/catalog_internal.h"

namespace gefest {

using catalog_detail::columns;
using catalog_detail::need_quantity;
namespace {
const std::vector<std::string>& reservation_columns() {
    static const std::vector<std::string> c = {"Артикул", "Склад", "Заказ", "Количество"};
    return c;
}
}  // namespace

Quantity Reservations::reserved(const std::string& sku, const std::string& warehouse) const {
    Quantity q = 0;
    for (const auto& r : rows)
        if (r.sku == sku && r.warehouse == warehouse) q += r.qty;
    return q;
}

Quantity Reservations::reserved_by(const std::string& sku, const std::string& warehouse, const std::string& order) const {
    Quantity q = 0;
    for (const auto& r : rows)
        if (r.sku == sku && r.warehouse == warehouse && r.order == order) q += r.qty;
    return q;
}

Reservations parse_reservations(const std::string& text, const std::string& file) {
    Reservations out;
    if (text.empty()) return out;
    csv::Table t = csv::parse_guarded(text, file);
    auto c = columns(t, reservation_columns(), file);
    for (const auto& row : t.rows) {
        Reservation r;
        r.line = row.line;
        r.sku = excel::read_key(t.header[c[0]], row.cells[c[0]], file, row.line);
        r.warehouse = trim_blanks(row.cells[c[1]]);
        r.order = excel::read_key(t.header[c[2]], row.cells[c[2]], file, row.line);
        if (r.sku.empty() || r.warehouse.empty() || r.order.empty())
            throw Error(Errc::data, tr("a reservation needs Артикул, Склад and Заказ"), file, row.line);
        r.qty = need_quantity(row.cells[c[3]], false, file, row.line);
        out.rows.push_back(std::move(r));
    }
    return out;
}

std::string format_reservations(const Reservations& reservations) {
    csv::Table t{reservation_columns(), {}};
    for (const auto& r : reservations.rows) t.rows.push_back({{r.sku, r.warehouse, r.order, std::to_string(r.qty)}, 0});
    return csv::write_guarded(t);
}

Reservations release(const Reservations& current, const std::string& order) {
    Reservations out;
    for (const auto& r : current.rows)
        if (r.order != order) out.rows.push_back(r);
    return out;
}

Reservations reserve(const Reservations& current, const Stock& stock, const std::string& order, const std::vector<Want>& wants) {
    Reservations out = release(current, order);
    std::vector<std::string> skus;
    std::map<std::string, Quantity> total;
    for (const auto& w : wants) {
        if (w.qty <= 0) continue;
        if (!total.count(w.sku)) skus.push_back(w.sku);
        total[w.sku] += w.qty;
    }
    for (const auto& sku : skus) {
        Quantity left = total[sku];
        for (const StockRow* s : stock.of(sku)) {
            if (left <= 0) break;
            Quantity available = s->qty - out.reserved(sku, s->warehouse);
            Quantity take = std::min(left, available);
            if (take <= 0) continue;
            out.rows.push_back({sku, s->warehouse, order, take, 0});
            left -= take;
        }
    }
    return out;
}

std::vector<StockLevel> stock_levels(const Stock& stock, const Reservations& reservations, const std::string& sku,
                                     const std::string& order) {
    std::vector<StockLevel> out;
    for (const StockRow* s : stock.of(sku)) {
        StockLevel l;
        l.warehouse = s->warehouse;
        l.on_hand = s->qty;
        l.reserved = reservations.reserved(sku, s->warehouse);
        l.available = l.on_hand - l.reserved;
        l.reserved_here = order.empty() ? 0 : reservations.reserved_by(sku, s->warehouse, order);
        out.push_back(l);
    }
    return out;
}

Stock take_shipped(const Stock& stock, const Reservations& reservations, const std::string& order, const std::vector<Want>& shipped,
                   std::vector<StockTaken>& taken) {
    Stock out = stock;
    for (const auto& w : shipped) {
        Quantity left = w.qty;
        auto take_from = [&](StockRow& row) {
            const Quantity take = std::min(left, row.qty);
            if (take <= 0) return;
            row.qty -= take;
            left -= take;
            taken.push_back({row.sku, row.warehouse, take});
        };
        // Where the order's reservations were, the goods were picked.
        for (const auto& r : reservations.rows) {
            if (r.order != order || r.sku != w.sku) continue;
            for (auto& row : out.rows)
                if (left > 0 && row.sku == w.sku && row.warehouse == r.warehouse) take_from(row);
        }
        for (auto& row : out.rows)
            if (left > 0 && row.sku == w.sku) take_from(row);
    }
    return out;
}

std::vector<Shortage> stock_shortages(const Stock& stock, const Reservations& reservations, const std::string& order,
                                      const std::vector<Want>& wants) {
    std::vector<std::string> skus;
    std::map<std::string, Quantity> asked;
    for (const auto& w : wants) {
        if (w.qty <= 0 || w.sku.empty()) continue;
        if (!asked.count(w.sku)) skus.push_back(w.sku);
        asked[w.sku] += w.qty;
    }
    std::vector<Shortage> out;
    for (const auto& sku : skus) {
        Quantity available = 0;
        for (const StockRow* s : stock.of(sku)) {
            const Quantity others = reservations.reserved(sku, s->warehouse) - reservations.reserved_by(sku, s->warehouse, order);
            available += std::max<Quantity>(0, s->qty - others);
        }
        if (available < asked[sku]) out.push_back({sku, asked[sku], available});
    }
    return out;
}

}  // namespace gefest
