// What the office manager tells a caller who asks for a product (step 5.2.1.1): in
// stock / how many on which warehouse / not in stock. Reads the registers through
// lib/procedure/catalog.h (Каталог.csv, Остатки.csv and the reservations beside them) and answers
// with what is available (on hand − reserved by confirmed orders).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/catalog.h"
#include "store/store.h"

namespace gefest {

/// A product as asked: "ПК-50" or "ПК-50:2".
struct ProductAsk {
    std::string sku;
    std::int64_t qty = 0;  ///< 0: the caller did not say how many
};

/// Parses "SKU[:QTY]" (`option` names the command-line option for messages). With
/// `qty_required`, "SKU:QTY" is required. Error(data) "--item 'ПК-50:0': the quantity
/// must be a whole number greater than 0".
ProductAsk parse_product_ask(const std::string& text, const std::string& option, bool qty_required);

/// The answer for one product.
struct StockAnswer {
    std::string sku, name, unit;
    std::int64_t asked = 0;  ///< 0: any
    struct Place {
        std::string warehouse;
        std::int64_t available = 0;
    };
    std::vector<Place> places;  ///< warehouses with something available, register order
    std::int64_t total = 0;
    /// "in_stock" (all asked available; with asked 0: anything), "partial" (some, less
    /// than asked), "not_in_stock" (nothing available).
    std::string status;

    /// The sentence for the caller, in Russian: "в наличии 12 шт: Склад ГП Тюмень — 9,
    /// Склад ГП Екатеринбург — 3", "в наличии 3 шт из 5: …", "нет в наличии".
    std::string text() const;
    /// {"sku", "qty", "answer", "available": {warehouse: n}, "text"} for the journal.
    nlohmann::json to_json() const;
};

/// The catalog, stock and reservations of a share, read once.
class StockRegister {
public:
    /// Reads the three registers as they are committed now (no lock). Error(not_found) if
    /// the catalog or the stock register is missing, Error(data) FILE:LINE if malformed.
    static StockRegister load(const Store& store);
    StockRegister(Catalog catalog, Stock stock, Reservations reservations, std::string catalog_file)
        : catalog_(std::move(catalog)), stock_(std::move(stock)), reservations_(std::move(reservations)),
          catalog_file_(std::move(catalog_file)) {}

    const Catalog& catalog() const { return catalog_; }

    /// Error(not_found) "unknown SKU 'X' (not in FILE)" unless `sku` is in the catalog.
    const CatalogItem& require(const std::string& sku) const;

    /// The answer for `ask` (Error(not_found) for an unknown SKU).
    StockAnswer answer(const ProductAsk& ask) const;

private:
    Catalog catalog_;
    Stock stock_;
    Reservations reservations_;
    std::string catalog_file_;
};

}  // namespace gefest
