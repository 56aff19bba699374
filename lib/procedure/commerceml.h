// Exchange with 1C:Торговля in CommerceML 2 (step 5.2.3.3 and the registers of Склад ГП):
//  - export: orders as «Заказ товара» documents of CommerceML 2.10, valid against
//    1C's published schema (commerceml-2.10.xsd);
//  - import: what 1C exports — import.xml (Классификатор + Каталог: SKUs, names, units,
//    VAT rates) and offers.xml (ПакетПредложений: prices, stock per warehouse). Real
//    exports do not validate strictly and come in UTF-8 (with or without BOM) or
//    windows-1251, with or without the urn:1C.ru:commerceml_2 namespace (prefixed or
//    default): read leniently, and say what was skipped and why.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "procedure/catalog.h"
#include "procedure/clients.h"
#include "base/money.h"
#include "procedure/order.h"
#include "store/store.h"

namespace gefest {

/// What an export knows beyond the orders (either may be null: then left out).
struct CmlExportContext {
    const Catalog* catalog = nullptr;    ///< the products' 1C Ид (Каталог.csv «Ид 1С»)
    const ClientBase* clients = nullptr; ///< the clients' address and legal form
};

/// The CommerceML 2.10 document (UTF-8, with declaration) for `orders`, one «Заказ
/// товара» Документ each: Контрагенты (the client as Покупатель: a company with
/// ОфициальноеНаименование, ЮридическийАдрес, ИНН, КПП; a person (ИП, физ. лицо, a
/// 12-digit ИНН) with ПолноеНаименование, ИНН, АдресРегистрации — the address from the
/// client base), Время (when the order's first step was done, that day), Комментарий
/// (order key and date, manager, the inquiry, the promised date), Товары (Ид: 1C's GUID
/// from the catalog when import-1c kept one, else the SKU, which is also Артикул;
/// ЗначенияРеквизитов before ЦенаЗаЕдиницу), Налоги (VAT) and sums. `generated_at` is
/// ДатаФормирования. Error(state) for an order with an unpriced line.
std::string export_orders_cml(const std::vector<Order>& orders, const Settings& settings, const DateTime& generated_at,
                              const CmlExportContext& context = {});

/// A product of import.xml.
struct CmlProduct {
    std::string id, sku, name, unit;
    std::optional<int> vat_percent;  ///< -1: без НДС
};

/// An offer of offers.xml.
struct CmlOffer {
    std::string id, sku, name, unit;
    std::optional<Money> price;
    std::vector<std::pair<std::string, Quantity>> stock;  ///< warehouse name → quantity
};

/// What one file held.
struct CmlFile {
    std::vector<CmlProduct> products;
    std::vector<CmlOffer> offers;
    std::vector<std::string> skipped;  ///< "FILE: what was skipped and why"
};

/// Reads an exchange file leniently: the bytes' charset as encoding::decode_text tells it
/// (the declaration is not believed over valid UTF-8), element names with or without a
/// namespace prefix. Error(data) FILE:LINE if it is not well-formed XML (after decoding),
/// has no КоммерческаяИнформация root, declares an entity (no DTD's entities are read or
/// expanded, nothing outside the file is ever loaded), nests elements deeper than 256 or
/// has an element whose text passes 1 MiB.
CmlFile read_cml(const std::string& bytes, const std::string& file);

/// What reading an exchange file hands on, one item at a time in the file's order (a file
/// of hundreds of thousands of offers is never held whole). Each may throw: the reading
/// stops and the exception is read_cml_file's.
struct CmlSink {
    std::function<void(CmlProduct&&)> product;
    std::function<void(CmlOffer&&)> offer;
    std::function<void(std::string&&)> skipped;  ///< "FILE: what was skipped and why"
};

/// read_cml of the file at `path`, streamed to `sink` in memory that does not grow with
/// the file: it is read in pieces, twice when it has no BOM (first only to tell valid
/// UTF-8 from its declared charset). The warehouses an offer's stock names are those of
/// the Склады before it (1C writes them first, as the schema orders). On an Error the
/// sink may have had part of the file. Errors of read_cml; Error(not_found) or Error(io)
/// if the file cannot be read.
void read_cml_file(const std::string& path, const CmlSink& sink);

/// What applying exchange files changed.
struct CmlImportCounts {
    int added = 0, updated = 0, prices = 0, stock_rows = 0;
};

/// Applies products (added or renamed; price, VAT and lead time kept unless given) and
/// offers (price; on hand per warehouse, replacing that SKU's row of that warehouse) to
/// the registers. An offer is matched to the catalog by Артикул, else by its Ид through
/// the products of `files`; an offer of an unknown SKU with a name and a price is added
/// to the catalog; anything else unusable is added to `skipped`.
CmlImportCounts apply_cml(Catalog& catalog, Stock& stock, const std::vector<CmlFile>& files, std::vector<std::string>& skipped);

/// What import_cml did.
struct CmlImportResult {
    CmlImportCounts counts;
    std::vector<std::string> skipped;
};

/// Reads every file, streamed (read_cml_file: Error(data) FILE:LINE for one that is not
/// CommerceML: then nothing is written; the files are read under the catalog's lock, and
/// again when a product comes after an offer, to apply every product first), applies
/// them as apply_cml does to Каталог.csv and Остатки.csv as committed now (a missing
/// register starts empty; both resulting registers must read back — the stock against
/// the resulting catalog — before the first write) and writes each whose text changed,
/// each under its lock (a re-import of what the registers hold writes neither).
/// Texts are cleaned to one line (input::clean_line); a price that is negative or beyond
/// input::max_kopecks, or a stock beyond input::max_quantity, is skipped as not a number.
CmlImportResult import_cml(Store& store, const std::vector<std::string>& files);

}  // namespace gefest
