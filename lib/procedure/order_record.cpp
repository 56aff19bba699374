// заказ.toml and the orders index Заказы <year>.csv: text ↔ Order (lib/procedure/order.h,
// "заказ.toml" and "names, index"). Pure: no share access.
#include "procedure/order.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "formats/excel_cells.h"
#include "base/toml_util.h"

namespace gefest {

namespace {

// `key = "value"` lines of заказ.toml.
struct TomlOut {
    std::string text;
    void kv(const char* key, const std::string& value) { text += fmt::format("{} = {}\n", key, tomlu::quote(value)); }
};

void format_head(TomlOut& out, const Order& o) {
    out.text += fmt::format("number = {}\nyear = {}\n", o.number, o.year);
    out.kv("date", o.date);
    out.text += fmt::format("client_id = {}\n", o.client_id);
    out.kv("client_name", o.client_name);
    out.kv("client_inn", o.client_inn);
    out.kv("client_kpp", o.client_kpp);
    out.kv("manager", o.manager);
    out.kv("created_by", o.created_by);
    out.kv("call", o.call);
    out.kv("payment", payment_code(o.payment));
    out.kv("status", o.status);
    out.text += fmt::format("vat_included = {}\n", o.vat_included ? "true" : "false");
    out.kv("promised", o.promised);
    out.kv("exported_1c", o.exported_1c);
    if (!o.invoice.empty()) out.kv("invoice", o.invoice);
    if (!o.contract_number.empty()) out.kv("contract_number", o.contract_number);
    if (!o.contract_date.empty()) out.kv("contract_date", o.contract_date);
    out.kv("cancel_reason", o.cancel_reason);
    out.kv("cancelled_by", o.cancelled_by);
    out.kv("cancelled_at", o.cancelled_at);
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"arrival", &o.arrival}, {"carrier", &o.carrier},
                        {"carrier_note", &o.carrier_note}, {"tracking", &o.tracking}, {"upd", &o.upd}, {"torg12", &o.torg12}, {"unpaid_override", &o.unpaid_override},
                        {"unpaid_override_by", &o.unpaid_override_by}, {"unpaid_override_at", &o.unpaid_override_at}})
        if (!v->empty()) out.kv(k, *v);
    if (o.cash.kopecks != 0) out.text += fmt::format("cash_kopecks = {}   # {}\n", o.cash.kopecks, format_money(o.cash));
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"cash_receipt", &o.cash_receipt}, {"cash_date", &o.cash_date},
                        {"cash_by", &o.cash_by}, {"cash_at", &o.cash_at}})
        if (!v->empty()) out.kv(k, *v);
}

void format_items(TomlOut& out, const Order& o) {
    for (const auto& i : o.items) {
        out.text += "\n[[item]]\n";
        out.kv("sku", i.sku);
        out.kv("name", i.name);
        out.kv("unit", i.unit);
        out.text += fmt::format("qty = {}\nprice_kopecks = {}   # {}\nvat_percent = {}   # -1: без НДС\n", i.qty, i.price.kopecks,
                                format_money(i.price), i.vat_percent);
        out.kv("nonstandard", i.nonstandard);
        out.text += fmt::format("priced = {}\n", i.priced ? "true" : "false");
        out.kv("priced_by", i.priced_by);
    }
    for (const auto& l : o.lead_time) {
        out.text += "\n[[lead_time]]\n";
        out.kv("kind", l.kind);
        out.kv("by", l.by);
        out.kv("at", l.at);
        out.text += fmt::format("days = {}\n", l.days);
        out.kv("note", l.note);
    }
}

void format_steps(TomlOut& out, const Order& o) {
    for (const auto& s : o.steps) {
        out.text += "\n[[step]]\n";
        out.kv("id", s.id);
        out.kv("name", s.name);
        out.text += fmt::format("responsible = {}\nperformers = {}\n", tomlu::quote_list(s.responsible), tomlu::quote_list(s.performers));
        out.kv("done_by", s.done_by);
        out.kv("done_at", s.done_at);
        out.kv("note", s.note);
    }
    for (const auto& sh : o.shipments) {
        out.text += "\n[[shipment]]\n";
        out.kv("waybill", sh.waybill);
        out.kv("date", sh.date);
        out.kv("by", sh.by);
        out.kv("at", sh.at);
        out.text += "lines = [";
        for (size_t k = 0; k < sh.lines.size(); ++k)
            out.text += fmt::format("{}{{ line = {}, sku = {}, qty = {} }}", k ? ", " : "", sh.lines[k].line, tomlu::quote(sh.lines[k].sku),
                                    sh.lines[k].qty);
        out.text += "]\n";
    }
}

}  // namespace

namespace {

// The end of the comment line at the top of заказ.toml and the first key after it.
constexpr std::string_view header_end = "правка вручную — только корректный TOML.\n\nnumber = ";

// `text` with the header comment gefest writes blanked out (its line breaks kept, so
// lines keep their numbers). Older versions wrote the client's name raw into it: a name
// with a line break made the file unreadable, or added keys of its own. The header ends
// at the last `header_end`: a raw name comes before the real one, and every value after
// it is quoted, its line breaks escaped. A file without the header is read as it is.
std::string without_header(const std::string& text) {
    if (!text.starts_with("# Заказ № ")) return text;
    const size_t end = text.rfind(header_end);
    if (end == std::string::npos) return text;
    std::string out = text;
    const size_t blank_to = end + header_end.size() - std::string_view("\n\nnumber = ").size();
    for (size_t i = 0; i < blank_to; ++i)
        if (out[i] != '\n') out[i] = ' ';
    return out;
}

}  // namespace

std::string format_order(const Order& o) {
    TomlOut out;
    // The name goes into a comment: never raw (a line break in it would end the comment).
    out.text = fmt::format("# Заказ № {} от {}, {}. Файл ведет gefest (gefest order …); правка вручную — только корректный TOML.\n\n", o.number,
                           Date::parse(o.date, "date").russian(), input::clean_line(o.client_name, input::max_name));
    format_head(out, o);
    format_items(out, o);
    format_steps(out, o);
    return out.text;
}

namespace {

std::int64_t need_int(const toml::table& t, std::string_view key, const std::string& file) {
    if (auto v = tomlu::opt_int(t, key, file)) return *v;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is missing")), key), file, tomlu::line_of(t));
}

std::string str(const toml::table& t, std::string_view key, const std::string& file) {
    return tomlu::opt_string(t, key, file).value_or("");
}

int line_at(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    return n ? tomlu::line_of(*n) : tomlu::line_of(t);
}

void parse_head(const toml::table& t, const std::string& file, Order& o) {
    o.number = need_int(t, "number", file);
    o.year = static_cast<int>(need_int(t, "year", file));
    o.date = tomlu::need_string(t, "date", file);
    Date d;
    if (!Date::try_parse(o.date, d)) throw Error(Errc::data, fmt::format(fmt::runtime(tr("date '{}' is not YYYY-MM-DD")), o.date), file, line_at(t, "date"));
    o.client_id = need_int(t, "client_id", file);
    o.client_name = tomlu::need_string(t, "client_name", file);
    o.client_inn = str(t, "client_inn", file);
    o.client_kpp = str(t, "client_kpp", file);
    o.manager = tomlu::need_string(t, "manager", file);
    o.created_by = str(t, "created_by", file);
    o.call = str(t, "call", file);
    std::string pay = tomlu::need_string(t, "payment", file);
    if (pay != "cash" && pay != "noncash")
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("payment must be cash or noncash, not '{}'")), pay), file, line_at(t, "payment"));
    o.payment = parse_payment(pay);
    o.status = tomlu::need_string(t, "status", file);
    if (o.status != order_status::draft && o.status != order_status::confirmed && o.status != order_status::shipped &&
        o.status != order_status::cancelled)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown status '{}'")), o.status), file, line_at(t, "status"));
    o.vat_included = tomlu::opt_bool(t, "vat_included", file).value_or(true);
    o.promised = str(t, "promised", file);
    o.exported_1c = str(t, "exported_1c", file);
    o.invoice = str(t, "invoice", file);
    o.contract_number = str(t, "contract_number", file);
    o.contract_date = str(t, "contract_date", file);
    o.cancel_reason = str(t, "cancel_reason", file);
    o.cancelled_by = str(t, "cancelled_by", file);
    o.cancelled_at = str(t, "cancelled_at", file);
    for (auto [k, v] : {std::pair<const char*, std::string*>{"arrival", &o.arrival}, {"carrier", &o.carrier}, {"carrier_note", &o.carrier_note},
                        {"tracking", &o.tracking}, {"upd", &o.upd}, {"torg12", &o.torg12}, {"unpaid_override", &o.unpaid_override},
                        {"unpaid_override_by", &o.unpaid_override_by}, {"unpaid_override_at", &o.unpaid_override_at}})
        *v = str(t, k, file);
    o.cash.kopecks = tomlu::opt_int(t, "cash_kopecks", file).value_or(0);
    if (o.cash.kopecks < 0 || o.cash.kopecks > input::max_kopecks)
        throw Error(Errc::data, tr("cash_kopecks must be a whole number of kopecks, not negative"), file, line_at(t, "cash_kopecks"));
    for (auto [k, v] : {std::pair<const char*, std::string*>{"cash_receipt", &o.cash_receipt}, {"cash_date", &o.cash_date}, {"cash_by", &o.cash_by},
                        {"cash_at", &o.cash_at}})
        *v = str(t, k, file);
    if (Date cash_day; !o.cash_date.empty() && !Date::try_parse(o.cash_date, cash_day))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("cash_date '{}' is not a date")), o.cash_date), file, line_at(t, "cash_date"));
}

OrderItem parse_item(const toml::table& it, const std::string& file) {
    OrderItem i;
    i.sku = str(it, "sku", file);
    i.name = tomlu::need_string(it, "name", file);
    i.unit = str(it, "unit", file);
    i.qty = need_int(it, "qty", file);
    if (i.qty <= 0) throw Error(Errc::data, tr("qty must be above 0"), file, line_at(it, "qty"));
    i.price.kopecks = need_int(it, "price_kopecks", file);
    if (i.price.kopecks < 0) throw Error(Errc::data, tr("a price cannot be negative"), file, line_at(it, "price_kopecks"));
    require_line_amount(i.price, i.qty, "price_kopecks", file, line_at(it, "price_kopecks"));
    i.vat_percent = static_cast<int>(tomlu::opt_int(it, "vat_percent", file).value_or(0));
    if (i.vat_percent < -1 || i.vat_percent > 100)
        throw Error(Errc::data, tr("vat_percent must be -1 (без НДС) or 0..100"), file, line_at(it, "vat_percent"));
    i.nonstandard = str(it, "nonstandard", file);
    i.priced = tomlu::opt_bool(it, "priced", file).value_or(true);
    i.priced_by = str(it, "priced_by", file);
    if (i.sku.empty() && i.nonstandard.empty())
        throw Error(Errc::data, tr("an item needs a sku or a nonstandard description"), file, tomlu::line_of(it));
    return i;
}

LeadTimeEntry parse_lead_time(const toml::table& it, const std::string& file) {
    LeadTimeEntry l;
    l.kind = tomlu::need_string(it, "kind", file);
    if (l.kind != "ask" && l.kind != "answer" && l.kind != "accept")
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("lead_time kind must be ask, answer or accept, not '{}'")), l.kind), file,
                    line_at(it, "kind"));
    l.by = str(it, "by", file);
    l.at = str(it, "at", file);
    l.days = static_cast<int>(tomlu::opt_int(it, "days", file).value_or(0));
    l.note = str(it, "note", file);
    return l;
}

OrderStep parse_step(const toml::table& st, const std::string& file) {
    OrderStep s;
    s.id = tomlu::need_string(st, "id", file);
    s.name = str(st, "name", file);
    s.responsible = tomlu::opt_strings(st, "responsible", file);
    s.performers = tomlu::opt_strings(st, "performers", file);
    s.done_by = str(st, "done_by", file);
    s.done_at = str(st, "done_at", file);
    s.note = str(st, "note", file);
    return s;
}

Shipment parse_shipment(const toml::table& st, const std::string& file, size_t items) {
    Shipment sh;
    sh.waybill = tomlu::need_string(st, "waybill", file);
    sh.date = tomlu::need_string(st, "date", file);
    sh.by = str(st, "by", file);
    sh.at = str(st, "at", file);
    for (const toml::table* ln : tomlu::tables_of(st, "lines", file)) {
        ShipmentLine l;
        l.line = static_cast<int>(need_int(*ln, "line", file));
        l.sku = str(*ln, "sku", file);
        l.qty = need_int(*ln, "qty", file);
        if (l.line < 1 || l.line > static_cast<int>(items) || l.qty <= 0)
            throw Error(Errc::data, tr("a shipment line needs an existing order line and a quantity above 0"), file, tomlu::line_of(*ln));
        sh.lines.push_back(std::move(l));
    }
    return sh;
}

}  // namespace

Order parse_order(const std::string& text, const std::string& file) {
    toml::table t = tomlu::parse(without_header(text), file);
    Order o;
    parse_head(t, file, o);
    for (const toml::table* it : tomlu::tables_of(t, "item", file)) o.items.push_back(parse_item(*it, file));
    for (const toml::table* it : tomlu::tables_of(t, "lead_time", file)) o.lead_time.push_back(parse_lead_time(*it, file));
    for (const toml::table* st : tomlu::tables_of(t, "step", file)) o.steps.push_back(parse_step(*st, file));
    for (const toml::table* st : tomlu::tables_of(t, "shipment", file)) o.shipments.push_back(parse_shipment(*st, file, o.items.size()));
    const auto& want = path_steps(o.payment);
    bool same = o.steps.size() == want.size();
    for (size_t i = 0; same && i < want.size(); ++i) same = o.steps[i].id == want[i];
    if (!same)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the [[step]] list does not match the {} path ({} … {})")), payment_code(o.payment),
                                            want.front(), want.back()),
                    file, 0);
    return o;
}

// --- names, index -----------------------------------------------------------------------

std::string windows_safe_name(const std::string& name) {
    std::string out;
    size_t chars = 0;
    for (size_t i = 0; i < name.size() && chars < 80;) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (len == 1) {
            bool bad = c < 0x20 || c == 0x7F || std::string_view("\\/:*?\"<>|").find(static_cast<char>(c)) != std::string_view::npos;
            out += bad ? '_' : static_cast<char>(c);
        } else {
            out += name.substr(i, len);
        }
        i += len;
        ++chars;
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out.empty() ? "_" : out;
}

namespace {

// The index is a register people open in Excel: its payment kinds and statuses are in
// Russian, its dates DD.MM.YYYY (issue 15). An older index with the codes (noncash,
// confirmed) and ISO dates still reads; every row is written the new way.
constexpr std::pair<const char*, const char*> index_words[] = {
    {"cash", "наличный"},       {"noncash", "безналичный"}, {"draft", "черновик"},
    {"confirmed", "подтвержден"}, {"shipped", "отгружен"},  {"cancelled", "отменен"}};

std::string index_word(const std::string& code) {
    for (const auto& [c, w] : index_words)
        if (code == c) return w;
    return code;
}

std::string index_code(const std::string& cell) {
    for (const auto& [c, w] : index_words)
        if (cell == w) return c;
    return cell;
}

std::string index_date(const std::string& iso) {
    Date d;
    return Date::try_parse(iso, d) ? d.russian() : iso;
}

const std::vector<std::string>& index_columns() {
    static const std::vector<std::string> c = {"№", "Дата", "Код клиента", "Клиент", "Менеджер", "Оплата", "Статус", "Сумма", "Следующий шаг", "Папка"};
    return c;
}
}  // namespace

std::vector<OrderIndexRow> parse_order_index(const std::string& text, const std::string& file) {
    std::vector<OrderIndexRow> out;
    if (text.empty()) return out;
    csv::Table t = csv::parse_guarded(text, file);
    std::vector<int> c;
    for (const auto& n : index_columns()) {
        int i = t.column(n);
        if (i < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("missing column '{}'")), n), file, 1);
        c.push_back(i);
    }
    for (const auto& row : t.rows) {
        OrderIndexRow r;
        r.line = row.line;
        const std::string& n = row.cells[c[0]];
        if (n.empty() || n.size() > 12 || !std::all_of(n.begin(), n.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("order number '{}' is not a whole number")), n), file, row.line);
        r.number = std::stoll(n);
        r.date = excel::iso_if_date(row.cells[c[1]]);
        r.client_id = row.cells[c[2]];
        r.client = row.cells[c[3]];
        r.manager = row.cells[c[4]];
        r.payment = index_code(row.cells[c[5]]);
        r.status = index_code(row.cells[c[6]]);
        r.total = row.cells[c[7]];
        r.next_step = row.cells[c[8]];
        r.folder = row.cells[c[9]];
        out.push_back(std::move(r));
    }
    return out;
}

OrderIndexRow order_index_row(const Order& order, const std::string& folder, const Settings& settings) {
    const OrderStep* next = order_next_step(order);
    return {order.number,
            order.date,
            std::to_string(order.client_id),
            order.client_name,
            order.manager,
            payment_code(order.payment),
            order.status,
            format_money(order_totals(settings, order).total, ',', false),
            next ? next->id : "",
            folder,
            0};
}

std::string upsert_order_index(const std::string& current, const std::string& file, const Order& order, const std::string& folder,
                               const Settings& settings) {
    auto rows = parse_order_index(current, file);
    OrderIndexRow r = order_index_row(order, folder, settings);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const OrderIndexRow& x) { return x.number == order.number; });
    if (it != rows.end()) *it = r;
    else rows.push_back(r);
    return format_order_index(std::move(rows));
}

std::string format_order_index(std::vector<OrderIndexRow> rows) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    csv::Table t{index_columns(), {}};
    for (const auto& x : rows)
        t.rows.push_back({{std::to_string(x.number), index_date(x.date), x.client_id, x.client, x.manager, index_word(x.payment), index_word(x.status),
                           x.total, x.next_step, x.folder},
                          0});
    return csv::write_guarded(t);
}

}  // namespace gefest
