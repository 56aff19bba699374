// What the company sells and what lies on its warehouses: the registers in Склад ГП/
// (kept by hand in Excel or imported from 1C) and the reservations confirmed orders
// hold against them (available = on hand − reserved).
//  - Каталог.csv  Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней
//                 [;Ид 1С]  (the product's GUID in 1C, kept from import-1c; the column is
//                 written only when some product has one, and may be absent)
//  - Остатки.csv  Артикул;Склад;Количество
//  - Резервы.csv  Артикул;Склад;Заказ;Количество  (beside Остатки.csv; one row per order,
//                 SKU and warehouse; changed only under its lock, so reserving is one
//                 locked record per command, never a scan of every order)
// Pure: parsing and formatting text. The store keeps them as Record::catalog, stock and
// reservations (store/store.h). The reservations are counted in reservations.cpp.
#pragma once

#include <string>
#include <vector>

#include "base/money.h"

namespace gefest {

/// A row of the catalog.
struct CatalogItem {
    std::string sku, name, unit;
    Money price;           ///< per unit, as the catalog states it (VAT included or not per gefest.toml)
    int vat_percent = 0;   ///< -1: «без НДС»
    int lead_days = 0;     ///< «Срок изготовления, дней»; 0: not stated
    int line = 0;
    std::string id_1c;     ///< «Ид 1С»: the product's Ид in 1C (a GUID) from import-1c; "" : not known (last: aggregate initialisers stay valid)
};

/// The optional column of Каталог.csv with the product's Ид in 1C.
inline const std::string catalog_id_1c_column = "Ид 1С";

struct Catalog {
    std::vector<CatalogItem> items;
    /// The item with this SKU (exact match), or nullptr.
    const CatalogItem* find(const std::string& sku) const;
};

/// Parses Каталог.csv. Error(data) FILE:LINE for a missing column, an empty or duplicated
/// SKU, a price that is not an amount, negative or beyond input::max_kopecks, a VAT rate
/// that is neither 0..100 (an optional '%' allowed) nor «без НДС», a lead time that is
/// not a whole number ≥ 0.
Catalog parse_catalog(const std::string& text, const std::string& file);
/// The register's text (BOM, ';', CRLF; the standard columns, and «Ид 1С» when an item
/// has one).
std::string format_catalog(const Catalog& catalog);
/// "22" or "без НДС", as the register writes a rate.
std::string format_vat(int vat_percent);

/// A row of the stock register: on hand of one SKU on one warehouse.
struct StockRow {
    std::string sku, warehouse;
    Quantity qty = 0;
    int line = 0;
};

struct Stock {
    std::vector<StockRow> rows;
    /// Rows of `sku`, in file order.
    std::vector<const StockRow*> of(const std::string& sku) const;
};

/// Parses Остатки.csv. With `catalog`, a SKU not in it is Error(data) at its line.
/// Error(data) FILE:LINE for a missing column, an empty SKU or warehouse, a quantity that
/// is not a whole number ≥ 0, a SKU listed twice for one warehouse.
Stock parse_stock(const std::string& text, const std::string& file, const Catalog* catalog = nullptr);
std::string format_stock(const Stock& stock);

/// parse_stock(stock_text, stock_file, &catalog) of the catalog parse_catalog(catalog_text,
/// catalog_file) gives, for its errors only: throws what they would throw, in that order,
/// and holds neither register parsed (what a change of both checks before writing them).
void check_catalog_and_stock(const std::string& catalog_text, const std::string& catalog_file, const std::string& stock_text,
                             const std::string& stock_file);

/// Stock held for a confirmed order.
struct Reservation {
    std::string sku, warehouse, order;  ///< order: "2026-5" (year-number)
    Quantity qty = 0;
    int line = 0;
};

struct Reservations {
    std::vector<Reservation> rows;
    /// Reserved of `sku` on `warehouse` by all orders.
    Quantity reserved(const std::string& sku, const std::string& warehouse) const;
    /// Reserved of `sku` on `warehouse` by `order`.
    Quantity reserved_by(const std::string& sku, const std::string& warehouse, const std::string& order) const;
};

/// Parses Резервы.csv ("" or a missing file: none). Error(data) FILE:LINE for a missing
/// column, an empty cell, a quantity that is not a whole number > 0.
Reservations parse_reservations(const std::string& text, const std::string& file);
std::string format_reservations(const Reservations& reservations);

/// What an order wants of one SKU.
struct Want {
    std::string sku;
    Quantity qty = 0;
};

/// `current` with the rows of `order` replaced by a reservation of `wants`: each SKU is
/// taken from the warehouses in stock-register order, as much as is available there
/// (on hand − reserved by other orders); what is not available is not reserved (it is
/// to be manufactured within the order's lead time). Wants of one SKU are summed.
Reservations reserve(const Reservations& current, const Stock& stock, const std::string& order, const std::vector<Want>& wants);

/// `current` without the rows of `order`.
Reservations release(const Reservations& current, const std::string& order);

/// Stock of one SKU on one warehouse, as order stock shows it.
struct StockLevel {
    std::string warehouse;
    Quantity on_hand = 0, reserved = 0, available = 0;  ///< available = on hand − reserved (may be < 0 after a hand edit)
    Quantity reserved_here = 0;  ///< of `reserved`, held by the order asked about
};

/// Levels of `sku` on each warehouse of the stock register.
std::vector<StockLevel> stock_levels(const Stock& stock, const Reservations& reservations, const std::string& sku,
                                     const std::string& order);

/// Stock taken off the stock register by a shipment: `qty` of `sku` from `warehouse`.
struct StockTaken {
    std::string sku, warehouse;
    Quantity qty = 0;
};

/// `stock` with what shipped taken off: each SKU first from the warehouses where the
/// reservations of `order` hold it (in their order), then from the other warehouses in
/// register order; a row never goes below 0 (what the register does not have is not
/// taken: the register was behind). `taken` gets one entry per row reduced.
Stock take_shipped(const Stock& stock, const Reservations& reservations, const std::string& order, const std::vector<Want>& shipped,
                   std::vector<StockTaken>& taken);

/// A SKU of which an order wants more than is available to it.
struct Shortage {
    std::string sku;
    Quantity asked = 0;      ///< what the order wants (its lines of the SKU summed)
    Quantity available = 0;  ///< on hand − reserved by other orders, over every warehouse (≥ 0)
};
/// The SKUs of `wants` that `order` cannot have from stock now (available: on hand −
/// reserved by orders other than `order`), in the order first wanted.
std::vector<Shortage> stock_shortages(const Stock& stock, const Reservations& reservations, const std::string& order,
                                      const std::vector<Want>& wants);

}  // namespace gefest
