// Reading 1C's exchange files (commerceml.h) as a stream: expat hands over one element at
// a time and only what gefest keeps of the current product or offer is held, so a catalog
// of 400k offers (hundreds of megabytes) is read in a few megabytes of memory.
//
// Why expat (libexpat1-dev) and not libxml2's xmlTextReader: expat is a push parser that
// does no I/O of its own (it cannot fetch a DTD or an external entity: there is no code
// path for it unless a handler is installed), has billion-laughs protection built in
// (2.4+), and is a few times faster than a reader that builds a node per event. The
// charset is gefest's own decision (encoding::decode_text's order) and expat gets UTF-8.
#include "procedure/commerceml.h"

#include <expat.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <unordered_map>

#include <fmt/format.h>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/text.h"
#include "procedure/commerceml_internal.h"
#include "store/fsio.h"

namespace gefest {

namespace cml_read {  // named, not anonymous: the unity build joins this file with others

constexpr std::size_t max_text = std::size_t{1} << 20;  // one element's text
constexpr std::size_t max_depth = 256;
constexpr std::size_t piece_size = std::size_t{1} << 16;

// Where an element is: what it is to gefest, decided from its parent and its name.
enum class Role : unsigned char {
    ignored, text, root, catalog, goods, product, unit, taxes, tax, package, warehouses, warehouse, offers, offer, prices, price, stock, document
};

struct Frame {
    Role role;
    unsigned seen = 0;            // which of its single children were met (the first counts)
    std::string* text = nullptr;  // where its character data goes
};

std::string_view local_name(std::string_view n) {
    const std::size_t p = n.find(':');
    return p == std::string_view::npos ? n : n.substr(p + 1);
}

std::string attribute(const XML_Char** attrs, std::string_view name) {
    for (; attrs && *attrs; attrs += 2)
        if (local_name(attrs[0]) == name) return attrs[1];
    return {};
}

std::optional<Quantity> whole_quantity(std::string_view written) {
    // What 1C writes nearly always: plain digits.
    if (!written.empty() && written.size() <= 15 && std::all_of(written.begin(), written.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        Quantity q = 0;
        for (char c : written) q = q * 10 + (c - '0');
        if (q > input::max_quantity) return std::nullopt;
        return q;
    }
    std::string s = trimmed(written);
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

// The unit of БазоваяЕдиница: its text, else its short name, else "шт" for OKEI 796.
std::string unit_of(const std::string& text, const std::string& short_name, const std::string& code) {
    std::string u = input::clean_line(text);
    if (u.empty()) u = input::clean_line(short_name);
    if (u.empty() && trimmed(code) == "796") u = "шт";
    return u;
}

void XMLCALL on_text(void* d, const XML_Char* s, int len);

// The reader's state between expat's calls. Of an element that gefest reads once (Ид,
// Наименование, Цены…) the first is taken, as a look-up of the first child would.
class Reader {
public:
    Reader(XML_Parser parser, const std::string& file, const CmlSink& sink) : parser_(parser), file_(file), sink_(sink) {}

    void start(std::string_view name, const XML_Char** attrs);
    void end();
    void text(std::string_view s) {
        if (std::string* t = frames_.back().text) {
            if (t->size() + s.size() > max_text) throw refused(tr("an element's text is longer than 1 MiB"));
            t->append(s);
        }
    }
    void stop(std::exception_ptr e) {
        failure = std::move(e);
        XML_StopParser(parser_, XML_FALSE);
    }
    Error refused(const std::string& why) const {
        return Error(Errc::data, why, file_, static_cast<int>(XML_GetCurrentLineNumber(parser_)));
    }

    std::exception_ptr failure;  // what a handler threw: expat is C, nothing may unwind through it

private:
    void push(Role role, std::string* text = nullptr) {
        frames_.push_back({role, 0, text});
        take_text(text != nullptr);
    }
    // expat hands over character data only where a frame keeps it: the text of elements
    // gefest ignores, and the line breaks between elements, are not passed one by one.
    void take_text(bool on) {
        if (on != taking_text_) XML_SetCharacterDataHandler(parser_, on ? on_text : nullptr);
        taking_text_ = on;
    }
    // The first child of its name, read as text into `to`; a later one is ignored.
    void single(unsigned bit, std::string* to, Role role = Role::text) {
        Frame& parent = frames_.back();
        if (parent.seen & bit) return push(Role::ignored);
        parent.seen |= bit;
        to->clear();
        push(role, to);
    }
    void start_child(Role parent, std::string_view n, const XML_Char** attrs);
    // The product and the offer are emptied, not made anew: their strings keep their room
    // from one to the next (what the sink keeps, it moves out).
    void start_product() {
        product_.id.clear(), product_.sku.clear(), product_.name.clear(), product_.unit.clear(), product_.vat_percent.reset();
        unit_text_.clear(), unit_short_.clear(), unit_code_.clear();
    }
    void start_offer() {
        offer_.id.clear(), offer_.sku.clear(), offer_.name.clear(), offer_.unit.clear(), offer_.price.reset();  // stock: end_offer's
        unit_text_.clear(), unit_code_.clear(), bad_prices_.clear(), stock_count_ = 0;
    }
    void end_product();
    void end_offer();
    void skip(std::string message) { sink_.skipped(std::move(message)); }

    XML_Parser parser_;
    bool taking_text_ = false;
    const std::string& file_;
    const CmlSink& sink_;
    std::vector<Frame> frames_;
    CmlProduct product_;
    std::string unit_text_, unit_short_, unit_code_, tax_name_, tax_rate_;
    std::unordered_map<std::string, std::string> warehouses_;  // of the current ПакетПредложений: Ид → name
    std::string warehouse_id_, warehouse_name_;
    CmlOffer offer_;
    std::vector<std::string> bad_prices_;                        // of the current offer
    std::vector<std::pair<std::string, std::string>> stock_;     // of the current offer (its first stock_count_): warehouse, quantity as written
    std::size_t stock_count_ = 0;
    std::string price_text_, stock_id_, stock_qty_, stock_id_text_, stock_qty_text_, number_, operation_;
};

void Reader::start(std::string_view name, const XML_Char** attrs) {
    if (frames_.size() >= max_depth) throw refused(fmt::format(fmt::runtime(tr("elements nested deeper than {}")), max_depth));
    const std::string_view n = local_name(name);
    if (frames_.empty()) {
        if (n != "КоммерческаяИнформация")
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("not a CommerceML file: the root is <{}>, not <КоммерческаяИнформация>")), name), file_, 0);
        return push(Role::root);
    }
    start_child(frames_.back().role, n, attrs);
}

void Reader::start_child(Role parent, std::string_view n, const XML_Char** attrs) {
    switch (parent) {
        case Role::root:
            if (n == "Каталог") return push(Role::catalog);
            if (n == "ПакетПредложений") return push(Role::package);
            if (n == "Документ") return number_.clear(), operation_.clear(), push(Role::document);
            if (n != "Классификатор")  // groups and properties: nothing gefest keeps
                skip(fmt::format(fmt::runtime(tr("{}: <{}> skipped")), file_, std::string(n)));
            return push(Role::ignored);
        case Role::catalog:
            if (n == "Товары") return single(1, &unit_text_, Role::goods);  // the text is never kept: only the flag counts
            break;
        case Role::goods:
            if (n == "Товар") return start_product(), push(Role::product);
            break;
        case Role::product:
            if (n == "Ид") return single(1, &product_.id);
            if (n == "Артикул") return single(2, &product_.sku);
            if (n == "Наименование") return single(4, &product_.name);
            if (n == "БазоваяЕдиница" && !(frames_.back().seen & 8)) {
                unit_short_ = attribute(attrs, "НаименованиеКраткое");
                unit_code_ = attribute(attrs, "Код");
                return single(8, &unit_text_);
            }
            if (n == "СтавкиНалогов") return single(16, &tax_name_, Role::taxes);
            break;
        case Role::taxes:
            if (n == "СтавкаНалога") return tax_name_.clear(), tax_rate_.clear(), push(Role::tax);
            break;
        case Role::tax:
            if (n == "Наименование") return single(1, &tax_name_);
            if (n == "Ставка") return single(2, &tax_rate_);
            break;
        case Role::package:
            if (n == "Склады") return single(1, &warehouse_id_, Role::warehouses);
            if (n == "Предложения") return single(2, &warehouse_id_, Role::offers);
            break;
        case Role::warehouses:
            if (n == "Склад") return warehouse_id_.clear(), warehouse_name_.clear(), push(Role::warehouse);
            break;
        case Role::warehouse:
            if (n == "Ид") return single(1, &warehouse_id_);
            if (n == "Наименование") return single(2, &warehouse_name_);
            break;
        case Role::offers:
            if (n == "Предложение") return start_offer(), push(Role::offer);
            break;
        case Role::offer:
            if (n == "Ид") return single(1, &offer_.id);
            if (n == "Артикул") return single(2, &offer_.sku);
            if (n == "Наименование") return single(4, &offer_.name);
            if (n == "БазоваяЕдиница" && !(frames_.back().seen & 8)) return unit_code_ = attribute(attrs, "Код"), single(8, &unit_text_);
            if (n == "Цены") return single(16, &price_text_, Role::prices);
            if (n == "Склад") {
                stock_id_ = attribute(attrs, "ИдСклада");
                stock_qty_ = attribute(attrs, "КоличествоНаСкладе");
                stock_id_text_.clear(), stock_qty_text_.clear();
                return push(Role::stock);
            }
            break;
        case Role::prices:
            if (n == "Цена") return price_text_.clear(), push(Role::price);
            break;
        case Role::price:
            if (n == "ЦенаЗаЕдиницу") return single(1, &price_text_);
            break;
        case Role::stock:
            if (n == "ИдСклада") return single(1, &stock_id_text_);
            if (n == "Количество") return single(2, &stock_qty_text_);
            break;
        case Role::document:
            if (n == "Номер") return single(1, &number_);
            if (n == "ХозОперация") return single(2, &operation_);
            break;
        default: break;
    }
    push(Role::ignored);
}

void Reader::end() {
    const Role role = frames_.back().role;
    frames_.pop_back();
    take_text(!frames_.empty() && frames_.back().text);
    switch (role) {
        case Role::product: return end_product();
        case Role::tax:
            if (input::clean_line(tax_name_) == "НДС") product_.vat_percent = vat_of(input::clean_line(tax_rate_));
            return;
        case Role::warehouse: warehouses_[input::clean_line(warehouse_id_)] = input::clean_line(warehouse_name_); return;
        case Role::package: warehouses_.clear(); return;
        case Role::price:
            // The first price that is an amount is the offer's; those before it are said.
            if (offer_.price) return;
            if (auto m = money_of(input::clean_line(price_text_))) offer_.price = m;
            else bad_prices_.push_back(input::clean_line(price_text_));
            return;
        case Role::stock: {
            if (stock_count_ == stock_.size()) stock_.emplace_back();
            auto& [id, qty] = stock_[stock_count_++];
            id = stock_id_, qty = stock_qty_;
            input::clean_line_in_place(id);
            if (id.empty()) id = stock_id_text_, input::clean_line_in_place(id);
            if (qty.empty()) qty = stock_qty_text_, input::clean_line_in_place(qty);
            return;
        }
        case Role::offer: return end_offer();
        case Role::document:
            skip(fmt::format(fmt::runtime(tr("{}: document {} ({}) skipped: gefest imports catalog and stock, not documents")), file_,
                             input::clean_line(number_), input::clean_line(operation_)));
            return;
        default: return;
    }
}

void Reader::end_product() {
    CmlProduct& p = product_;
    input::clean_line_in_place(p.id);
    input::clean_line_in_place(p.sku);
    input::clean_line_in_place(p.name);
    p.unit = unit_of(unit_text_, unit_short_, unit_code_);
    if ((p.sku.empty() && p.id.empty()) || p.name.empty())
        return skip(fmt::format(fmt::runtime(tr("{}: a product without Артикул/Ид or Наименование ('{}')")), file_, p.sku + p.id + p.name));
    sink_.product(std::move(p));
}

// The offer's messages come in the order a reading of the whole offer gives them: its
// prices, its stock, then the offer itself; warehouses are named by the Склады before.
void Reader::end_offer() {
    CmlOffer& o = offer_;
    input::clean_line_in_place(o.id);
    input::clean_line_in_place(o.sku);
    input::clean_line_in_place(o.name);
    o.unit = unit_of(unit_text_, {}, unit_code_);
    const std::string& label = o.sku.empty() ? o.id : o.sku;
    for (const auto& text : bad_prices_) skip(fmt::format(fmt::runtime(tr("{}: price '{}' of '{}' is not an amount")), file_, text, label));
    std::size_t kept = 0;  // o.stock's entries are refilled: their names keep their room
    for (std::size_t n = 0; n < stock_count_; ++n) {
        const auto& [id, qty] = stock_[n];
        auto known = warehouses_.find(id);
        const std::string& name = known == warehouses_.end() ? id : known->second;
        auto q = whole_quantity(qty);
        if (name.empty() || !q) {
            skip(fmt::format(fmt::runtime(tr("{}: stock '{}' of '{}' on warehouse '{}' is not a whole number")), file_, qty, label, name));
            continue;
        }
        if (kept == o.stock.size()) o.stock.emplace_back();
        o.stock[kept].first = name;
        o.stock[kept++].second = *q;
    }
    o.stock.resize(kept);
    if (o.sku.empty() && o.id.empty()) return skip(fmt::format(fmt::runtime(tr("{}: an offer without Артикул and Ид ('{}')")), file_, o.name));
    sink_.offer(std::move(o));
}

// expat's callbacks: a throw is kept and the parser stopped, to be rethrown in C++.
template <typename F>
void guarded(void* data, F&& f) {
    auto* r = static_cast<Reader*>(data);
    if (r->failure) return;
    try {
        f(*r);
    } catch (...) {
        r->stop(std::current_exception());
    }
}

void XMLCALL on_start(void* d, const XML_Char* name, const XML_Char** attrs) {
    guarded(d, [&](Reader& r) { r.start(name, attrs); });
}
void XMLCALL on_end(void* d, const XML_Char*) {
    guarded(d, [](Reader& r) { r.end(); });
}
void XMLCALL on_text(void* d, const XML_Char* s, int len) {
    guarded(d, [&](Reader& r) { r.text(std::string_view(s, static_cast<std::size_t>(len))); });
}
// A DTD may declare entities that expand a few bytes into gigabytes (billion laughs) or
// name outside files; CommerceML has no use for either, so a declaration is refused.
void XMLCALL on_entity(void* d, const XML_Char* name, int, const XML_Char*, int, const XML_Char*, const XML_Char*, const XML_Char*,
                       const XML_Char*) {
    guarded(d, [&](Reader& r) {
        throw r.refused(fmt::format(fmt::runtime(tr("entity '{}' declared: gefest reads no DTD's entities")), name));
    });
}

void parse(const Pieces& pieces, const std::string& file, const CmlSink& sink) {
    // Not structured bindings: clang 14 cannot capture them in the lambdas below.
    const auto found = charset_of(pieces);
    const std::string& charset = found.first;
    std::size_t skip = found.second;
    std::optional<encoding::PieceDecoder> decoder;
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"), XML_ParserFree);  // the declaration is not read
    if (!parser) throw std::bad_alloc();
    XML_Parser p = parser.get();
    Reader reader(p, file, sink);
    XML_SetUserData(p, &reader);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    auto decoded = [&](std::string_view piece, bool last) -> std::string_view {
        if (!decoder) return piece;
        try {
            return decoder->feed(piece, last);
        } catch (const Error& e) {
            throw Error(e.code(), e.what(), file, static_cast<int>(XML_GetCurrentLineNumber(p)));
        }
    };
    auto feed = [&](std::string_view utf8, bool last) {
        if (XML_Parse(p, utf8.data(), static_cast<int>(utf8.size()), last ? XML_TRUE : XML_FALSE) != XML_STATUS_ERROR) return;
        if (reader.failure) std::rethrow_exception(reader.failure);
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("not well-formed XML: {}")), XML_ErrorString(XML_GetErrorCode(p))), file,
                    static_cast<int>(XML_GetCurrentLineNumber(p)));
    };
    try {
        if (!charset.empty()) decoder.emplace(charset);
    } catch (const Error& e) {
        throw Error(e.code(), e.what(), file, 0);
    }
    pieces([&](std::string_view piece) {
        const std::size_t k = std::min(skip, piece.size());
        piece.remove_prefix(k);
        skip -= k;
        feed(decoded(piece, false), false);
        return true;
    });
    feed(decoded({}, true), true);
}

}  // namespace cml_read

CmlFile read_cml(const std::string& bytes, const std::string& file) {
    CmlFile out;
    CmlSink sink{[&](CmlProduct&& p) { out.products.push_back(std::move(p)); }, [&](CmlOffer&& o) { out.offers.push_back(std::move(o)); },
                 [&](std::string&& s) { out.skipped.push_back(std::move(s)); }};
    cml_read::parse(
        [&](const std::function<bool(std::string_view)>& take) {
            for (std::size_t at = 0; at < bytes.size(); at += cml_read::piece_size)
                if (!take(std::string_view(bytes).substr(at, cml_read::piece_size))) return;
        },
        file, sink);
    return out;
}

void read_cml_file(const std::string& path, const CmlSink& sink) {
    cml_read::parse([&](const std::function<bool(std::string_view)>& take) { fsio::read_pieces(path, cml_read::piece_size, take); }, path,
                    sink);
}

}  // namespace gefest
