#include "procedure/catalog.h"
#include "procedure/catalog_internal.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/csv_writer.h"
#include "base/error.h"
#include "base/flat_index.h"
#include "base/i18n.h"
#include "base/input.h"
#include "formats/excel_cells.h"
#include "formats/registers.h"
#include "base/text.h"

namespace gefest {

namespace catalog_detail {

// The cells' readers catalog_internal.h declares.

bool parse_whole(std::string_view text, std::int64_t& out) {
    std::string digits;
    std::string t(trim_blanks(text));
    bool negative = false;
    size_t i = 0;
    if (!t.empty() && t[0] == '-') negative = true, i = 1;
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (c >= '0' && c <= '9') digits += c;
        else if (c == ' ') continue;
        else return false;
    }
    if (digits.empty() || digits.size() > 15) return false;
    out = std::stoll(digits) * (negative ? -1 : 1);
    return true;
}

std::vector<int> columns(const std::vector<std::string>& header, const std::vector<std::string>& names, const std::string& file) {
    std::vector<int> out;
    for (const auto& n : names) {
        auto it = std::find(header.begin(), header.end(), n);
        if (it == header.end()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("missing column '{}'")), n), file, 1);
        out.push_back(static_cast<int>(it - header.begin()));
    }
    return out;
}

std::vector<int> columns(const csv::Table& table, const std::vector<std::string>& names, const std::string& file) {
    return columns(table.header, names, file);
}

Quantity need_quantity(const std::string& cell, bool zero_ok, const std::string& file, int line) {
    std::int64_t q = 0;
    if (!parse_whole(cell, q) || q < 0 || (!zero_ok && q == 0))
        throw Error(Errc::data,
                    fmt::format(fmt::runtime(zero_ok ? tr("quantity '{}' is not a whole number of 0 or more")
                                                     : tr("quantity '{}' is not a whole number above 0")),
                                cell),
                    file, line);
    return q;
}

}  // namespace catalog_detail

using catalog_detail::columns;
using catalog_detail::need_quantity;
using catalog_detail::parse_whole;

namespace {

// A cell as parse_guarded gives it (guard_formula taken off), in place: only a cell that
// starts with an apostrophe can change.
std::string& unguarded(std::string& cell) {
    if (!cell.empty() && cell.front() == '\'') cell = csv::unguard_formula(cell);
    return cell;
}

// The rows of a register, with `header` called first: a row at a time, no table of every
// cell beside the register (a catalog of 400k items). `row` gets the cells as csv::parse
// gives them, to unguard. A file that cannot be read so — or has an error, to name the one
// csv::parse meets first — is parsed whole: `restart` is called before, to drop what the
// rows read so far made.
void each_row(const std::string& text, const std::string& file, const std::function<void(const std::vector<std::string>&)>& header,
              const std::function<void(std::vector<std::string>& cells, int line)>& row, const std::function<void()>& restart) {
    try {
        csv::parse_each(text, file, header, [&](csv::Row& r) { row(r.cells, r.line); });
        return;
    } catch (const Error&) {
    }
    restart();
    csv::Table t = csv::parse(text, file);
    header(t.header);
    for (auto& r : t.rows) row(r.cells, r.line);
}

// At least the number of rows `text` has (each ends a line, but the last): a register's
// rows are reserved, never moved, when views of their keys are kept.
std::size_t rows_at_most(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1; }


}  // namespace

const CatalogItem* Catalog::find(const std::string& sku) const {
    for (const auto& i : items)
        if (i.sku == sku) return &i;
    return nullptr;
}

std::string format_vat(int vat_percent) { return vat_percent < 0 ? std::string("без НДС") : std::to_string(vat_percent); }

namespace {

// «Ставка НДС»: a percent 0..100 (an optional '%'), or -1 for «без НДС».
int catalog_vat(const std::string& cell, const std::string& sku, const std::string& file, int line) {
    std::string vat(trim_blanks(cell));
    auto starts = [&](const char* p) { return vat.rfind(p, 0) == 0; };
    bool no_vat = (starts("без") || starts("Без") || starts("БЕЗ")) &&
                  (vat.find("НДС") != std::string::npos || vat.find("ндс") != std::string::npos || vat.find("Ндс") != std::string::npos);
    if (no_vat) return -1;
    if (!vat.empty() && vat.back() == '%') vat = trim_blanks(vat.substr(0, vat.size() - 1));
    std::int64_t p = 0;
    if (!parse_whole(vat, p) || p < 0 || p > 100)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("VAT rate '{}' of '{}' is neither a percent 0..100 nor «без НДС»")), cell, sku),
                    file, line);
    return static_cast<int>(p);
}

}  // namespace

namespace {

// A catalog row's texts, trimmed: views of its cells, valid while `take` runs (a check
// that keeps nothing of a row copies nothing).
struct CatalogTexts {
    std::string_view name, unit, id_1c;
};

// The catalog's rows checked, handed to `take` in file order (the item's name, unit and Ид
// 1С in `texts`). `listed(sku)`: whether the
// SKU came before (it may note the SKU as seen: the row is then taken, or the reading
// fails); `restart`: the rows are read again from the first (forget them).
void catalog_rows(const std::string& text, const std::string& file, const std::function<bool(const std::string&)>& listed,
                  const std::function<void(CatalogItem&, const CatalogTexts&)>& take, const std::function<void()>& restart) {
    std::vector<int> c;
    int id_col = -1;  // optional
    auto on_header = [&](const std::vector<std::string>& header) {
        c = columns(header, registers::catalog_columns(), file);
        auto id = std::find(header.begin(), header.end(), catalog_id_1c_column);
        id_col = id == header.end() ? -1 : static_cast<int>(id - header.begin());
    };
    auto on_row = [&](std::vector<std::string>& cells, int line) {
        auto cell = [&](int col) -> std::string& { return unguarded(cells[static_cast<std::size_t>(col)]); };
        CatalogItem it;
        CatalogTexts texts;
        it.line = line;
        it.sku = excel::read_key(registers::catalog_columns()[0], cell(c[0]), file, line);
        texts.name = trim_blanks(cell(c[1]));
        texts.unit = trim_blanks(cell(c[2]));
        if (it.sku.empty()) throw Error(Errc::data, tr("empty SKU (Артикул)"), file, line);
        if (listed(it.sku)) throw Error(Errc::data, fmt::format(fmt::runtime(tr("SKU '{}' is listed twice")), it.sku), file, line);
        try {
            it.price = parse_money(cell(c[3]));
        } catch (const Error& e) {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("price of '{}': {}")), it.sku, e.what()), file, line);
        }
        if (it.price.kopecks < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("price of '{}' is negative")), it.sku), file, line);
        if (std::string why = input::amount_problem(it.price); !why.empty())
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("price of '{}': {}")), it.sku, why), file, line);
        it.vat_percent = catalog_vat(cell(c[4]), it.sku, file, line);
        std::string days(trim_blanks(cell(c[5])));
        std::int64_t d = 0;
        if (!days.empty() && (!parse_whole(days, d) || d < 0 || d > 100000))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("lead time '{}' of '{}' is not a whole number of days")), days, it.sku),
                        file, line);
        it.lead_days = static_cast<int>(d);
        if (id_col >= 0 && static_cast<size_t>(id_col) < cells.size()) texts.id_1c = trim_blanks(cell(id_col));
        take(it, texts);
    };
    each_row(text, file, on_header, on_row, restart);
}

// The SKUs a stock's rows may name: `find(sku)` is the SKU's number, or FlatIndex::none.
using SkuFinder = std::function<std::size_t(std::string_view sku)>;

// The stock's rows checked (against the SKUs of `skus` when given), handed to `take` in
// file order with the row's warehouse (a view of its cell: not in the row) and the number
// `skus` gives its SKU (FlatIndex::none without `skus`); take returns false, and keeps
// nothing, when the SKU came before for the warehouse. `restart` as catalog_rows'.
void stock_rows(const std::string& text, const std::string& file, const SkuFinder* skus,
                const std::function<bool(StockRow&, std::string_view warehouse, std::size_t)>& take, const std::function<void()>& restart) {
    std::vector<int> c;
    auto on_row = [&](std::vector<std::string>& cells, int line) {
        auto cell = [&](int col) -> std::string& { return unguarded(cells[static_cast<std::size_t>(col)]); };
        StockRow r;
        r.line = line;
        r.sku = excel::read_key(registers::stock_columns()[0], cell(c[0]), file, line);
        const std::string_view warehouse = trim_blanks(cell(c[1]));
        if (r.sku.empty()) throw Error(Errc::data, tr("empty SKU (Артикул)"), file, line);
        if (warehouse.empty()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("empty warehouse (Склад) for '{}'")), r.sku), file, line);
        std::size_t known = FlatIndex::none;
        if (skus) {
            known = (*skus)(r.sku);
            if (known == FlatIndex::none)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown SKU '{}': not in the catalog")), r.sku), file, line);
        }
        r.qty = need_quantity(cell(c[2]), true, file, line);
        if (!take(r, warehouse, known))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("SKU '{}' is listed twice for warehouse '{}'")), r.sku, warehouse), file,
                        line);
    };
    each_row(
        text, file, [&](const std::vector<std::string>& header) { c = columns(header, registers::stock_columns(), file); }, on_row,
        restart);
}

}  // namespace

Catalog parse_catalog(const std::string& text, const std::string& file) {
    Catalog out;
    FlatIndex seen;  // of out.items, by SKU
    out.items.reserve(rows_at_most(text));
    seen.reserve(out.items.capacity());
    catalog_rows(
        text, file,
        [&](const std::string& sku) {
            return seen.find(text_hash(sku), [&](std::size_t n) { return out.items[n].sku == sku; }) != FlatIndex::none;
        },
        [&](CatalogItem& it, const CatalogTexts& texts) {
            it.name = texts.name;
            it.unit = texts.unit;
            it.id_1c = texts.id_1c;
            out.items.push_back(std::move(it));
            seen.insert(text_hash(out.items.back().sku), out.items.size() - 1, [](std::size_t) { return false; });
        },
        [&] {
            out.items.clear();
            seen.clear();
        });
    return out;
}

std::string format_catalog(const Catalog& catalog) {
    std::vector<std::string> header = registers::catalog_columns();
    const bool ids = std::any_of(catalog.items.begin(), catalog.items.end(), [](const CatalogItem& i) { return !i.id_1c.empty(); });
    if (ids) header.push_back(catalog_id_1c_column);
    csv::GuardedWriter out(header);
    std::size_t bytes = 0;  // about the text's size: 400k items' text is not copied as it grows
    for (const auto& i : catalog.items) bytes += i.sku.size() + i.name.size() + i.unit.size() + i.id_1c.size() + 32;
    out.reserve(bytes);
    for (const auto& i : catalog.items) {
        const std::string price = format_money(i.price, ',', false), vat = format_vat(i.vat_percent);
        const fmt::format_int days(i.lead_days);
        const std::string_view lead = i.lead_days ? std::string_view(days.data(), days.size()) : std::string_view();
        if (ids) out.row({i.sku, i.name, i.unit, price, vat, lead, i.id_1c});
        else out.row({i.sku, i.name, i.unit, price, vat, lead});
    }
    return out.take();
}

std::vector<const StockRow*> Stock::of(const std::string& sku) const {
    std::vector<const StockRow*> out;
    for (const auto& r : rows)
        if (r.sku == sku) out.push_back(&r);
    return out;
}

Stock parse_stock(const std::string& text, const std::string& file, const Catalog* catalog) {
    Stock out;
    FlatIndex seen;  // of out.rows, by SKU and warehouse
    FlatIndex skus;  // of catalog->items, by SKU
    if (catalog) {
        skus.reserve(catalog->items.size());
        for (std::size_t n = 0; n < catalog->items.size(); ++n)
            skus.insert(text_hash(catalog->items[n].sku), n, [&](std::size_t m) { return catalog->items[m].sku == catalog->items[n].sku; });
    }
    const SkuFinder find_sku = [&](std::string_view sku) {
        return skus.find(text_hash(sku), [&](std::size_t n) { return catalog->items[n].sku == sku; });
    };
    out.rows.reserve(rows_at_most(text));
    seen.reserve(out.rows.capacity());
    stock_rows(
        text, file, catalog ? &find_sku : nullptr,
        [&](StockRow& r, std::string_view warehouse, std::size_t) {
            const std::size_t twin = seen.insert(text_hash(r.sku, warehouse), out.rows.size(), [&](std::size_t n) {
                return out.rows[n].sku == r.sku && out.rows[n].warehouse == warehouse;
            });
            if (twin != FlatIndex::none) return false;
            r.warehouse = warehouse;
            out.rows.push_back(std::move(r));
            return true;
        },
        [&] {
            out.rows.clear();
            seen.clear();
        });
    return out;
}

void check_catalog_and_stock(const std::string& catalog_text, const std::string& catalog_file, const std::string& stock_text,
                             const std::string& stock_file) {
    // Of the catalog only its SKUs are kept; of the stock only its keys, each the numbers
    // of its SKU and of its warehouse (a stock names a few).
    std::vector<std::string> sku_list;
    FlatIndex skus;  // of sku_list
    sku_list.reserve(rows_at_most(catalog_text));
    skus.reserve(sku_list.capacity());
    catalog_rows(
        catalog_text, catalog_file,
        [&](const std::string& sku) {
            if (skus.insert(text_hash(sku), sku_list.size(), [&](std::size_t n) { return sku_list[n] == sku; }) != FlatIndex::none)
                return true;
            sku_list.push_back(sku);
            return false;
        },
        [](CatalogItem&, const CatalogTexts&) {},
        [&] {
            sku_list.clear();
            skus.clear();
        });
    const SkuFinder find_sku = [&](std::string_view sku) {
        return skus.find(text_hash(sku), [&](std::size_t n) { return sku_list[n] == sku; });
    };
    std::vector<std::string> warehouses;
    FlatIndex warehouse_index;                 // of warehouses
    std::size_t warehouse = FlatIndex::none;  // the last row's: rows of one warehouse come together
    std::vector<std::uint64_t> keys;           // SKU's number << 32 | warehouse's
    FlatIndex seen;                            // of keys
    seen.reserve(rows_at_most(stock_text));
    stock_rows(
        stock_text, stock_file, &find_sku,
        [&](StockRow&, std::string_view name, std::size_t sku) {
            if (warehouse == FlatIndex::none || warehouses[warehouse] != name) {
                warehouse = warehouse_index.insert(text_hash(name), warehouses.size(), [&](std::size_t n) { return warehouses[n] == name; });
                if (warehouse == FlatIndex::none) {
                    warehouse = warehouses.size();
                    warehouses.emplace_back(name);
                }
            }
            const std::uint64_t key = static_cast<std::uint64_t>(sku) << 32 | warehouse;
            if (seen.insert(key, keys.size(), [&](std::size_t n) { return keys[n] == key; }) != FlatIndex::none) return false;
            keys.push_back(key);
            return true;
        },
        [&] {
            keys.clear();
            seen.clear();
            warehouses.clear();
            warehouse_index.clear();
            warehouse = FlatIndex::none;
        });
}

std::string format_stock(const Stock& stock) {
    csv::GuardedWriter out(registers::stock_columns());
    std::size_t bytes = 0;  // about the text's size, as format_catalog's
    for (const auto& r : stock.rows) bytes += r.sku.size() + r.warehouse.size() + 16;
    out.reserve(bytes);
    for (const auto& r : stock.rows) {
        const fmt::format_int qty(r.qty);
        out.row({r.sku, r.warehouse, std::string_view(qty.data(), qty.size())});
    }
    return out.take();
}

}  // namespace gefest
