// Invoices (lib/procedure/invoice.h, up to "issuing"): the invoice's key, the money of a
// document's lines, and the register Счета <year>.csv. The documents and sending are
// invoice_documents.cpp.
#include "procedure/invoice.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/csv_writer.h"
#include "base/error.h"
#include "base/i18n.h"
#include "formats/excel_cells.h"
#include "formats/requisites.h"
#include "procedure/tax.h"

namespace gefest {

// Not fmt::format: matching a statement asks 100k invoices for their keys.
std::string Invoice::key() const { return std::to_string(year) + '-' + std::to_string(number); }

namespace {

bool digits_upto(const std::string& s, size_t max = 12) {
    return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::pair<int, std::int64_t> Invoice::order_ref() const {
    size_t p = order.find('-');
    if (p == std::string::npos || !digits_upto(order.substr(0, p), 4) || !digits_upto(order.substr(p + 1)))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("order '{}' of invoice {} is not YEAR-NUMBER")), order, key()));
    return {std::stoi(order.substr(0, p)), std::stoll(order.substr(p + 1))};
}

std::pair<int, std::int64_t> parse_invoice_key(const std::string& text, int default_year) {
    size_t p = text.find('-');
    if (p == std::string::npos && digits_upto(text) && std::stoll(text) > 0) return {default_year, std::stoll(text)};
    if (p != std::string::npos && digits_upto(text.substr(0, p), 4) && digits_upto(text.substr(p + 1)) && std::stoll(text.substr(p + 1)) > 0)
        return {std::stoi(text.substr(0, p)), std::stoll(text.substr(p + 1))};
    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("invoice '{}' is not NUMBER or YEAR-NUMBER")), text));
}

// --- money ------------------------------------------------------------------------------

InvoiceLine invoice_line(const Settings& settings, const Order& order, int n, Quantity qty, const std::string& date) {
    const OrderItem& i = order.items.at(static_cast<size_t>(n - 1));  // n out of range: a caller's bug
    if (!i.priced)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("line {} of order {} ('{}') has no price yet")), n, order.key(), i.name));
    InvoiceLine l;
    l.n = n;
    l.sku = i.sku;
    l.name = i.name;
    l.unit = i.unit;
    l.qty = qty;
    l.price = i.price;
    l.sum = i.price * qty;
    l.vat_percent = line_vat_rate(settings, i.vat_percent, date);
    if (l.vat_percent > 0) l.vat = order.vat_included ? vat_included(l.sum, l.vat_percent) : vat_on_top(l.sum, l.vat_percent);
    l.gross = order.vat_included ? l.sum : l.sum + l.vat;
    l.net = l.gross - l.vat;
    return l;
}

InvoiceAmounts document_amounts(const Settings& settings, const Order& order, const std::vector<Quantity>& qty, const std::string& date) {
    InvoiceAmounts a;
    a.vat_included = order.vat_included;
    std::map<int, Money, std::greater<int>> by_rate;
    for (size_t k = 0; k < order.items.size() && k < qty.size(); ++k) {
        if (qty[k] <= 0) continue;
        InvoiceLine l = invoice_line(settings, order, static_cast<int>(k + 1), qty[k], date);
        if (l.vat_percent >= 0) by_rate[l.vat_percent] += l.vat;
        a.sum += l.sum;
        a.vat += l.vat;
        a.lines.push_back(std::move(l));
    }
    a.total = order.vat_included ? a.sum : a.sum + a.vat;
    for (const auto& [rate, amount] : by_rate) a.vat_lines.push_back({rate, amount});
    if (a.vat_lines.empty()) a.vat_lines.push_back({-1, Money{}});
    return a;
}

InvoiceAmounts invoice_amounts(const Settings& settings, const Order& order, const std::string& date) {
    std::vector<Quantity> all;
    for (const auto& i : order.items) all.push_back(i.qty);
    return document_amounts(settings, order, all, date);
}

std::string invoice_file_stem(std::int64_t number, const std::string& date) {
    return fmt::format("Счет № {} от {}", number, Date::parse(date, "date").russian());
}

std::string contract_file_stem(const std::string& number, const std::string& date) {
    return windows_safe_name(fmt::format("Договор № {} от {}", number, Date::parse(date, "date").russian()));
}

std::string specification_file_stem(const std::string& number) {
    return windows_safe_name(fmt::format("Спецификация № 1 к договору № {}", number));
}

// --- the register -------------------------------------------------------------------------

namespace {

const std::vector<std::string>& register_columns() {
    static const std::vector<std::string> c = {"№", "Дата", "Заказ", "Клиент", "ИНН", "Сумма", "НДС", "Срок оплаты", "Оплачено", "Статус"};
    return c;
}

// The register's word for a status: Russian, for the people who open it (issue 15); the
// codes an older register has are read too.
constexpr std::pair<const char*, const char*> status_words[] = {
    {"issued", "выставлен"}, {"sent", "отправлен"}, {"partial", "оплачен частично"}, {"paid", "оплачен"}, {"cancelled", "аннулирован"}};

std::string_view status_word(const std::string& code) {
    for (const auto& [c, w] : status_words)
        if (code == c) return w;
    return code;
}

std::string status_code(const std::string& cell) {
    for (const auto& [c, w] : status_words)
        if (cell == w) return c;
    return cell;
}

bool known_status(const std::string& s) {
    return s == invoice_status::issued || s == invoice_status::sent || s == invoice_status::partly_paid || s == invoice_status::paid ||
           s == invoice_status::cancelled;
}

}  // namespace

namespace {

// Where the register's columns are in `header` (register_columns() order). Error(data) at
// line 1 for a missing one.
std::vector<int> register_columns_in(const std::vector<std::string>& header, const std::string& file) {
    std::vector<int> c;
    for (const auto& n : register_columns()) {
        auto it = std::find(header.begin(), header.end(), n);
        if (it == header.end()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("missing column '{}'")), n), file, 1);
        c.push_back(static_cast<int>(it - header.begin()));
    }
    return c;
}

// The invoice of one row (cells as parse_guarded gives them; `c` from register_columns_in).
// Error(data) at `file`:`line` for a cell that does not read.
Invoice invoice_of_row(const std::vector<std::string>& cells, const std::vector<int>& c, const std::string& file, int line, int year) {
    auto cell = [&](int k) -> const std::string& { return cells[static_cast<std::size_t>(c[static_cast<std::size_t>(k)])]; };
    auto money = [&](int k) {
        try {
            return parse_money(cell(k));
        } catch (const Error& e) {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{}: {}")), register_columns()[k], e.what()), file, line);
        }
    };
    auto date = [&](int k) {
        Date d;
        if (!excel::read_date(cell(k), d))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}' is not a date")), register_columns()[k], cell(k)), file, line);
        return d.iso();
    };
    // What Excel re-typed in a key or a number column is refused at the row; an ИНН
    // whose lost leading zero its check digits prove is read restored (a payment from
    // "0105…" must find the invoice of "105…").
    auto key = [&](int k) { return excel::read_key(register_columns()[k], cell(k), file, line); };
    Invoice inv;
    inv.line = line;
    inv.year = year;
    const std::string number = key(0);
    if (!digits_upto(number))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("invoice number '{}' is not a whole number")), number), file, line);
    inv.number = std::stoll(number);
    inv.date = date(1);
    inv.order = key(2);
    inv.client = cell(3);
    try {
        inv.client_inn = excel::read_inn(register_columns()[4], cell(4));
    } catch (const Error& e) {
        throw Error(Errc::data, e.what(), file, line);
    }
    if (auto why = requisites::check_inn(inv.client_inn); !inv.client_inn.empty() && !why.empty())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': {}")), register_columns()[4], inv.client_inn, why), file, line);
    inv.total = money(5);
    inv.vat = money(6);
    inv.due = date(7);
    inv.paid = cell(8).empty() ? Money{} : money(8);
    inv.status = status_code(cell(9));
    if (!known_status(inv.status))
        throw Error(Errc::data,
                    fmt::format(fmt::runtime(tr("unknown invoice status '{}' (выставлен, отправлен, оплачен частично, оплачен, аннулирован)")),
                                inv.status),
                    file, line);
    return inv;
}

// The whole table first (csv::parse_guarded), then its rows: the first error of the file
// is the one reported, a CSV error before any row's.
std::vector<Invoice> parse_register_table(const std::string& text, const std::string& file, int year) {
    std::vector<Invoice> out;
    csv::Table t = csv::parse_guarded(text, file);
    const std::vector<int> c = register_columns_in(t.header, file);
    for (const auto& row : t.rows) out.push_back(invoice_of_row(row.cells, c, file, row.line, year));
    return out;
}

// The number of line ends in `text` (memchr, not a byte loop: a register of 12 MB).
std::size_t line_count(std::string_view text) {
    std::size_t n = 0;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (const void* at = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
        ++n;
        p = static_cast<const char*>(at) + 1;
    }
    return n;
}

}  // namespace

std::vector<Invoice> parse_invoice_register(const std::string& text, const std::string& file, int year) {
    if (text.empty()) return {};
    // A row at a time (csv::parse_each), without a table of a million cells. A file it
    // refuses, or any row refused, is read again the whole-table way, which names the
    // error it always named (a register hand-edited in Excel reads either way).
    try {
        std::vector<Invoice> out;
        out.reserve(line_count(text));
        std::vector<int> c;
        csv::parse_guarded_each(
            text, file, [&](const std::vector<std::string>& header) { c = register_columns_in(header, file); },
            [&](csv::Row& row) { out.push_back(invoice_of_row(row.cells, c, file, row.line, year)); });
        return out;
    } catch (const Error&) {
    }
    return parse_register_table(text, file, year);
}

std::string format_invoice_register(const std::vector<Invoice>& invoices) {
    // Sorted by number through pointers, written row by row: a register of 100k invoices
    // is not copied three times to be written.
    std::vector<const Invoice*> rows;
    rows.reserve(invoices.size());
    for (const auto& i : invoices) rows.push_back(&i);
    auto by_number = [](const Invoice* a, const Invoice* b) { return a->number < b->number; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_number)) std::stable_sort(rows.begin(), rows.end(), by_number);
    csv::GuardedWriter out(register_columns());
    out.reserve(rows.size() * 128);
    for (const Invoice* i : rows) {
        const std::string number = std::to_string(i->number), total = format_money(i->total, ',', false),
                          vat = format_money(i->vat, ',', false), paid = format_money(i->paid, ',', false);
        const std::string date = Date::parse(i->date, "date").russian(), due = Date::parse(i->due, "date").russian();
        out.row({number, date, i->order, i->client, i->client_inn, total, vat, due, paid, status_word(i->status)});
    }
    return out.take();
}

std::vector<Invoice> load_invoices(const Store& store, int year) {
    const RecordRef invoices{Record::invoices, year};
    return parse_invoice_register(store.read(invoices).content.value_or(""), store.where(invoices), year);
}

namespace {

// The register's header as format_invoice_register writes it (BOM, columns, CRLF).
const std::string& register_header() {
    static const std::string header = format_invoice_register({});
    return header;
}

}  // namespace

void invoice_index_rows(const std::vector<Invoice>& invoices, const IndexEmit& emit) {
    const std::string& header = register_header();
    IndexRow row;
    for (const auto& i : invoices) {
        row.keys = {std::to_string(i.number)};
        row.data = format_invoice_register({i}).substr(header.size());
        emit(row);
    }
}

IndexRows invoice_register_rows(const std::string& file, int year) {
    return [file, year](const Snapshot& s, const IndexEmit& emit) { invoice_index_rows(parse_invoice_register(s.content.value_or(""), file, year), emit); };
}

Invoice load_invoice(Store& store, int year, std::int64_t number) {
    const RecordRef invoices{Record::invoices, year};
    const std::string file = store.where(invoices);
    auto found = store.find_indexed(invoices, {std::to_string(number)}, invoice_register_rows(file, year));
    if (!found.front()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no invoice {}-{}")), year, number));
    auto rows = parse_invoice_register(register_header() + *found.front(), file, year);
    if (rows.size() != 1 || rows.front().number != number)  // an index that does not hold what it was made of
        throw Error(Errc::data, tr("the index of the register is damaged; the next look-up or 'gefest check --repair' makes it again"), file, 0);
    return rows.front();
}

Invoice change_invoice(Store& store, int year, std::int64_t number, const std::function<void(Invoice&)>& change) {
    const RecordRef invoices{Record::invoices, year};
    const std::string file = store.where(invoices);
    Invoice result;
    std::vector<Invoice> rows;
    auto changed = [&](const Snapshot& s) -> std::optional<std::string> {
        rows = parse_invoice_register(s.content.value_or(""), file, year);
        auto it = std::find_if(rows.begin(), rows.end(), [&](const Invoice& i) { return i.number == number; });
        if (it == rows.end()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no invoice {}-{}")), year, number));
        change(*it);
        it->year = year;
        it->number = number;
        result = *it;
        return format_invoice_register(rows);
    };
    store.change_indexed(invoices, changed, [&](const IndexEmit& emit) { invoice_index_rows(rows, emit); });
    return result;
}

}  // namespace gefest
