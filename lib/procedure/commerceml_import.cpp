// Applying 1C's exchange files to the catalog and stock registers (commerceml.h: apply_cml,
// import_cml). The files are streamed (commerceml_read.cpp) straight into the registers:
// what a file of 400k offers holds is never kept whole beside them.
#include "procedure/commerceml.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "base/error.h"
#include "base/flat_index.h"
#include "base/i18n.h"
#include "base/progress.h"
#include "store/fsio.h"

namespace gefest {

namespace cml_apply {  // named, not anonymous: the unity build joins this file with others

// Texts kept for the life of an import, in blocks never moved: the Ид of 400k products are
// 400k small allocations less (and as many frees).
class TextArena {
public:
    std::string_view keep(std::string_view s) {
        if (s.size() > left_) {
            const std::size_t n = std::max(block_size, s.size());
            blocks_.push_back(std::make_unique<char[]>(n));
            at_ = blocks_.back().get();
            left_ = n;
        }
        std::copy(s.begin(), s.end(), at_);
        const std::string_view kept(at_, s.size());
        at_ += s.size();
        left_ -= s.size();
        return kept;
    }

private:
    static constexpr std::size_t block_size = std::size_t{1} << 20;
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* at_ = nullptr;
    std::size_t left_ = 0;
};

// Products and offers applied one at a time, in the order apply_cml's contract gives.
// Where a register lists a key twice, the first row is the one found, as a scan from the
// top would.
class Applier {
public:
    Applier(Catalog& catalog, Stock& stock, std::vector<std::string>& skipped) : catalog_(catalog), stock_(stock), skipped_(skipped) {
        items_.reserve(catalog.items.size());
        for (std::size_t n = 0; n < catalog.items.size(); ++n) index_item(n);
        rows_.reserve(stock.rows.size());
        for (std::size_t n = 0; n < stock.rows.size(); ++n) index_row(n);
        ids_.reserve(catalog.items.size());
    }

    // Each takes from `p` / `o` what it keeps (the reader's strings keep their room else).
    void product(CmlProduct& p);
    void offer(CmlOffer& o);
    CmlImportCounts counts;

private:
    CatalogItem* find(std::string_view sku) {
        const std::size_t n = items_.find(text_hash(sku), [&](std::size_t m) { return catalog_.items[m].sku == sku; });
        return n == FlatIndex::none ? nullptr : &catalog_.items[n];
    }
    CatalogItem* add(CatalogItem item) {
        catalog_.items.push_back(std::move(item));
        index_item(catalog_.items.size() - 1);
        ++counts.added;
        return &catalog_.items.back();
    }
    // Where a register lists a key twice, the first row stays the one found.
    void index_item(std::size_t n) {
        const std::string& sku = catalog_.items[n].sku;
        items_.insert(text_hash(sku), n, [&](std::size_t m) { return catalog_.items[m].sku == sku; });
    }
    void index_row(std::size_t n) {
        const StockRow& r = stock_.rows[n];
        rows_.insert(text_hash(r.sku, r.warehouse), n, [&](std::size_t m) { return same_row(m, r.sku, r.warehouse); });
    }
    bool same_row(std::size_t n, std::string_view sku, std::string_view warehouse) const {
        return stock_.rows[n].sku == sku && stock_.rows[n].warehouse == warehouse;
    }

    Catalog& catalog_;
    Stock& stock_;
    std::vector<std::string>& skipped_;
    FlatIndex items_;  // of catalog_.items, by SKU
    FlatIndex rows_;   // of stock_.rows, by SKU and warehouse
    TextArena id_texts_;                                         // the products' Ид in ids_
    std::vector<std::pair<std::string_view, std::size_t>> ids_;  // a product's Ид → its catalog item
    FlatIndex id_index_;                                         // of ids_, by Ид
};

void Applier::product(CmlProduct& p) {
    const std::string& sku = p.sku.empty() ? p.id : p.sku;
    CatalogItem* c = find(sku);
    if (!c) {
        CatalogItem n;
        n.sku = sku;
        n.name = std::move(p.name);
        n.unit = p.unit.empty() ? "шт" : std::move(p.unit);
        n.vat_percent = p.vat_percent.value_or(0);
        n.id_1c = p.id;  // 1C's GUID: order export-1c writes it back as the product's Ид
        c = add(std::move(n));
    } else {
        bool changed = c->name != p.name || (!p.unit.empty() && c->unit != p.unit) || (p.vat_percent && *p.vat_percent != c->vat_percent) ||
                       (!p.id.empty() && c->id_1c != p.id);
        c->name = p.name;
        if (!p.id.empty()) c->id_1c = p.id;
        if (!p.unit.empty()) c->unit = p.unit;
        if (p.vat_percent) c->vat_percent = *p.vat_percent;
        if (changed) ++counts.updated;
    }
    const auto item = static_cast<std::size_t>(c - catalog_.items.data());
    const std::uint64_t hash = text_hash(p.id);
    const std::size_t known = id_index_.insert(hash, ids_.size(), [&](std::size_t n) { return ids_[n].first == p.id; });
    if (known != FlatIndex::none) ids_[known].second = item;
    else ids_.emplace_back(id_texts_.keep(p.id), item);
}

void Applier::offer(CmlOffer& o) {
    // Matched by Артикул when it has one and the catalog knows it; else through the
    // products' Ид (looked up only then: a hash look-up of a GUID per offer saved).
    CatalogItem* c = o.sku.empty() ? nullptr : find(o.sku);
    std::string sku;  // the SKU's text when not c's
    if (!c) {
        const std::size_t id = id_index_.find(text_hash(o.id), [&](std::size_t n) { return ids_[n].first == o.id; });
        const std::string* known = id == FlatIndex::none ? nullptr : &catalog_.items[ids_[id].second].sku;
        sku = !o.sku.empty() ? o.sku : (known ? *known : o.id);
        if (o.sku.empty()) c = find(sku);
        if (!c && known) c = find(sku = *known);
    }
    if (!c) {
        if (o.name.empty() || !o.price) {
            skipped_.push_back(fmt::format(fmt::runtime(tr("offer '{}' skipped: not in the catalog, and it has no name and price to add it")), sku));
            return;
        }
        CatalogItem n;
        n.sku = std::move(sku);
        n.name = std::move(o.name);
        n.unit = o.unit.empty() ? "шт" : std::move(o.unit);
        n.id_1c = o.id.substr(0, o.id.find('#'));  // "product#characteristic": the product's GUID
        c = add(std::move(n));
    }
    if (o.price && c->price != *o.price) {
        c->price = *o.price;
        ++counts.prices;
    }
    // c's SKU is the offer's SKU from here on (found by it, or added with it); c stays put
    // (no item is added below).
    for (auto& entry : o.stock) {
        auto& [warehouse, qty] = entry;
        const std::string& wh = warehouse;  // a lambda may not capture a structured binding (clang 14)
        const std::size_t row = rows_.find(text_hash(c->sku, wh), [&](std::size_t n) { return same_row(n, c->sku, wh); });
        if (row != FlatIndex::none) {
            stock_.rows[row].qty = qty;
        } else {
            stock_.rows.push_back({c->sku, std::move(warehouse), qty, 0});
            index_row(stock_.rows.size() - 1);
        }
        ++counts.stock_rows;
    }
}

// What check_catalog_and_stock's reading back of `stock` would say of its SKUs against
// `catalog`: Error(data) for the first row naming an SKU the catalog lacks, with its line in
// `stock_file` (rows read from the file keep theirs), or nothing.
std::optional<Error> unknown_sku(const Catalog& catalog, const Stock& stock, const std::string& stock_file) {
    FlatIndex skus;
    skus.reserve(catalog.items.size());
    for (std::size_t n = 0; n < catalog.items.size(); ++n) {
        const std::string& sku = catalog.items[n].sku;
        skus.insert(text_hash(sku), n, [&](std::size_t m) { return catalog.items[m].sku == sku; });
    }
    for (const StockRow& r : stock.rows)
        if (skus.find(text_hash(r.sku), [&](std::size_t m) { return catalog.items[m].sku == r.sku; }) == FlatIndex::none)
            return Error(Errc::data, fmt::format(fmt::runtime(tr("unknown SKU '{}': not in the catalog")), r.sku), stock_file, r.line);
    return std::nullopt;
}

// A product read after an offer of the same import: the offers must wait for every file's
// products (apply_cml's order), which one pass cannot give.
struct ProductsAfterOffers {};

// import_cml's application of the files, each streamed. One pass when every product comes
// before every offer (import.xml, then offers.xml: the usual exchange); otherwise
// ProductsAfterOffers is thrown and the caller starts again with `two_passes`: the
// products of every file, then the files read again for their offers.
CmlImportCounts apply_files(Catalog& catalog, Stock& stock, const std::vector<std::string>& paths, std::vector<std::string>& skipped,
                            bool two_passes) {
    std::vector<std::string> offer_skips;  // said after every file's own (apply_cml's order)
    Applier applier(catalog, stock, offer_skips);
    bool offers_seen = false;
    for (int pass = 0; pass < (two_passes ? 2 : 1); ++pass)
        for (std::size_t n = 0; n < paths.size(); ++n) {
            progress(tr("reading 1C files"), n + (two_passes ? pass * paths.size() : 0), paths.size() * (two_passes ? 2 : 1));
            const bool products = pass == 0, offers = !two_passes || pass == 1;
            read_cml_file(paths[n], CmlSink{[&](CmlProduct&& p) {
                                                if (!products) return;
                                                if (offers_seen) throw ProductsAfterOffers{};
                                                applier.product(p);
                                            },
                                            [&](CmlOffer&& o) {
                                                if (!offers) return;
                                                offers_seen = true;
                                                applier.offer(o);
                                            },
                                            [&](std::string&& s) {
                                                if (pass == 0) skipped.push_back(std::move(s));
                                            }});
        }
    progress(tr("reading 1C files"), paths.size(), paths.size());
    skipped.insert(skipped.end(), offer_skips.begin(), offer_skips.end());
    return applier.counts;
}

}  // namespace cml_apply

CmlImportCounts apply_cml(Catalog& catalog, Stock& stock, const std::vector<CmlFile>& files, std::vector<std::string>& skipped) {
    cml_apply::Applier applier(catalog, stock, skipped);
    for (const auto& f : files) {
        skipped.insert(skipped.end(), f.skipped.begin(), f.skipped.end());
        for (CmlProduct p : f.products) applier.product(p);
    }
    for (const auto& f : files)
        for (CmlOffer o : f.offers) applier.offer(o);
    return applier.counts;
}

CmlImportResult import_cml(Store& store, const std::vector<std::string>& paths) {
    const RecordRef catalog{Record::catalog}, stock{Record::stock};
    const std::string cp = store.where(catalog), sp = store.where(stock);
    // The registers as committed with the files applied: a retry after a concurrent change
    // recomputes from fresh content; a file that is not CommerceML throws before anything
    // is written.
    auto apply = [&](const Snapshot& cs, const Snapshot& ss, Catalog& cat, Stock& st, std::vector<std::string>& skipped) {
        for (bool two_passes : {false, true}) {
            cat = cs.content ? parse_catalog(*cs.content, cp) : Catalog{};
            st = ss.content ? parse_stock(*ss.content, sp) : Stock{};
            skipped.clear();
            try {
                return cml_apply::apply_files(cat, st, paths, skipped, two_passes);
            } catch (const cml_apply::ProductsAfterOffers&) {
            }
        }
        throw Error(Errc::state, "import-1c: products after offers in two passes");  // not reached: the second pass reads no products late
    };
    // Each register is read and written at most once: the stock computed beside the catalog
    // is written as it is unless the stock changed in between; a register whose text comes
    // out as it was read is not written (a re-import of what is known writes nothing).
    // Of the stock as read, only what tells it from a later one is kept (its generation and
    // checksum), and each register is freed as soon as its text is made: the registers of
    // a catalog of 400k items are held once, not twice.
    CmlImportResult result;
    std::int64_t stock_generation = 0;
    std::optional<std::string> stock_sum;
    std::string stock_text;
    bool stock_same = false;  // stock_text is the stock as read: nothing to write
    // The store has summed the file it read: a register of 800k rows is not summed again.
    auto sum_of = [](const Snapshot& s) -> std::optional<std::string> {
        if (!s.content) return std::nullopt;
        if (s.content_is_file && !s.file.checksum.empty()) return s.file.checksum;
        return fsio::checksum(*s.content);
    };
    store.change(catalog, [&](const Snapshot& cs) -> std::optional<std::string> {
        std::string catalog_text;
        std::optional<Error> stock_problem;  // of a stock as it was: what reading it back would say
        std::size_t stock_size = 0;
        {
            Catalog cat;
            Stock st;
            {
                const Snapshot stock_read = store.read(stock);
                stock_generation = stock_read.generation;
                stock_sum = sum_of(stock_read);
                stock_size = stock_read.content ? stock_read.content->size() : 0;
                result = CmlImportResult{};
                result.counts = apply(cs, stock_read, cat, st, result.skipped);
            }
            stock_text = format_stock(st);
            // Told by its checksum, as the store tells a changed register: the stock as read
            // is not held beside its new text.
            stock_same = stock_sum && stock_size == stock_text.size() && fsio::checksum(stock_text) == *stock_sum;
            if (stock_same) stock_problem = cml_apply::unknown_sku(cat, st, sp);
            st = Stock{};
            catalog_text = format_catalog(cat);
        }
        const bool catalog_same = cs.content && *cs.content == catalog_text;
        // Both registers as they were (an import of what is known already): each was read as
        // it is, so only the stock's SKUs against the catalog were left to check.
        if (catalog_same && stock_same) {
            if (stock_problem) throw *stock_problem;
            return std::nullopt;
        }
        // Validate all, then write: both registers must read back (the stock against the
        // catalog as read back) before either is written.
        check_catalog_and_stock(catalog_text, cp, stock_text, sp);
        // A register that would be written as it is stays as it is.
        if (catalog_same) return std::nullopt;
        return catalog_text;
    });
    store.change(stock, [&](const Snapshot& ss) -> std::optional<std::string> {
        if (ss.generation == stock_generation && sum_of(ss) == stock_sum) {
            if (stock_same) return std::nullopt;
            return stock_text;
        }
        Catalog cat;
        Stock st;
        std::vector<std::string> ignored;
        apply(store.read(catalog), ss, cat, st, ignored);
        std::string text = format_stock(st);
        if (ss.content && *ss.content == text) return std::nullopt;
        return text;
    });
    return result;
}

}  // namespace gefest
