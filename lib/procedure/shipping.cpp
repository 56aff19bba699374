#include "procedure/shipping.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "formats/excel_cells.h"
#include "formats/words.h"
#include "procedure/shipping_internal.h"

namespace gefest {

namespace fs = std::filesystem;

// --- rules --------------------------------------------------------------------------------

void shipping_can_do(const Order& order, const std::string& step_id) {
    if (order.payment == Payment::noncash && !order.unpaid_override.empty() && step_id != "5.2.4.3") {
        const OrderStep* paid = order.step("5.2.4.3");
        if (paid && !paid->done()) {
            Order copy = order;
            mark_step_done(copy, "5.2.4.3", copy.unpaid_override_by, copy.unpaid_override_at);
            return order_can_do(copy, step_id);
        }
    }
    order_can_do(order, step_id);
}

std::string waybill_step(const Order& order) { return order.payment == Payment::cash ? "5.2.4.2" : "5.2.4.8"; }

std::vector<Quantity> remaining_quantities(const Order& order) {
    std::vector<Quantity> left;
    for (const auto& i : order.items) left.push_back(i.qty);
    for (const auto& s : order.shipments)
        for (const auto& l : s.lines)
            if (l.line >= 1 && l.line <= static_cast<int>(left.size())) left[l.line - 1] -= l.qty;
    return left;
}

bool fully_shipped(const Order& order) {
    auto left = remaining_quantities(order);
    return std::all_of(left.begin(), left.end(), [](Quantity q) { return q <= 0; });
}

namespace {
bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

std::vector<ShipmentLine> shipment_lines(const Order& order, const std::vector<std::string>& specs) {
    auto left = remaining_quantities(order);
    std::vector<ShipmentLine> out;
    if (specs.empty()) {
        for (size_t n = 0; n < left.size(); ++n)
            if (left[n] > 0) out.push_back({static_cast<int>(n + 1), order.items[n].sku, left[n]});
        if (out.empty()) throw Error(Errc::state, fmt::format(fmt::runtime(tr("everything of order {} has shipped")), order.key()));
        return out;
    }
    for (const auto& spec : specs) {
        size_t colon = spec.rfind(':');
        if (colon == std::string::npos || colon == 0)
            throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--items '{}' is not SKU:QTY or LINE:QTY")), spec));
        std::string what = spec.substr(0, colon), q = spec.substr(colon + 1);
        if (!all_digits(q) || std::stoll(q) <= 0)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("quantity '{}' of '{}' is not a whole number above 0")), q, what));
        int line = 0;
        for (size_t n = 0; n < order.items.size() && !line; ++n)
            if (order.items[n].sku == what) line = static_cast<int>(n + 1);
        if (!line && all_digits(what) && std::stoll(what) >= 1 && std::stoll(what) <= static_cast<long long>(order.items.size()))
            line = static_cast<int>(std::stoll(what));
        if (!line) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is not on order {}")), what, order.key()));
        Quantity qty = std::stoll(q);
        for (const auto& l : out)
            if (l.line == line) qty += l.qty;
        if (qty > left[line - 1])
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("line {} of order {} ('{}') has {} left to ship, not {}")), line, order.key(), what,
                                                 left[line - 1], qty));
        auto it = std::find_if(out.begin(), out.end(), [&](const ShipmentLine& l) { return l.line == line; });
        if (it != out.end()) it->qty = qty;
        else out.push_back({line, order.items[line - 1].sku, qty});
    }
    return out;
}

bool record_shipment(Order& order, const Shipment& shipment) {
    if (shipment.waybill.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::usage, tr("--number must give the waybill number"));
    Date d;
    if (!Date::try_parse(shipment.date, d))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("waybill date '{}' is not YYYY-MM-DD or DD.MM.YYYY")), shipment.date));
    for (const auto& s : order.shipments)
        if (s.waybill == shipment.waybill)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("waybill '{}' of {} is already recorded on order {}")), s.waybill,
                                                 Date::parse(s.date, "date").russian(), order.key()));
    auto left = remaining_quantities(order);
    for (const auto& l : shipment.lines)
        if (l.line < 1 || l.line > static_cast<int>(left.size()) || l.qty <= 0 || l.qty > left[l.line - 1])
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("line {} of order {} has {} left to ship, not {}")), l.line, order.key(),
                                                 l.line >= 1 && l.line <= static_cast<int>(left.size()) ? left[l.line - 1] : 0, l.qty));
    Shipment s = shipment;
    s.date = d.iso();
    order.shipments.push_back(std::move(s));
    if (!fully_shipped(order)) return false;
    mark_step_done(order, waybill_step(order), shipment.by, shipment.at,
                   order.shipments.size() == 1 ? fmt::format("накладная № {} от {}", shipment.waybill, d.russian())
                                               : fmt::format("{} накладных, последняя № {} от {}", order.shipments.size(), shipment.waybill, d.russian()));
    order.status = order_status::shipped;
    return true;
}

Reservations release_shipped(const Reservations& current, const std::string& order_key, const std::vector<Want>& shipped) {
    Reservations out = current;
    for (const auto& w : shipped) {
        Quantity need = w.qty;
        for (auto& r : out.rows) {
            if (need <= 0) break;
            if (r.order != order_key || r.sku != w.sku) continue;
            Quantity take = std::min(need, r.qty);
            r.qty -= take;
            need -= take;
        }
    }
    out.rows.erase(std::remove_if(out.rows.begin(), out.rows.end(), [](const Reservation& r) { return r.qty <= 0; }), out.rows.end());
    return out;
}

std::string items_summary(const Order& order, const std::vector<Quantity>& qty) {
    std::string out;
    for (size_t n = 0; n < order.items.size() && n < qty.size(); ++n) {
        if (qty[n] <= 0) continue;
        const OrderItem& i = order.items[n];
        out += fmt::format("{}{}{} — {} {}", out.empty() ? "" : "; ", i.sku.empty() ? "" : i.sku + " ", i.name, qty[n], i.unit);
    }
    return out;
}

// --- the warehouse queue -------------------------------------------------------------------

namespace {
const std::vector<std::string>& queue_columns() {
    static const std::vector<std::string> c = {"Дата", "Время", "Заказ", "Клиент", "Товары", "Что сделать", "Кому", "Документы", "Статус", "Код"};
    return c;
}
}  // namespace

std::vector<QueueEntry> parse_queue(const std::string& text, const std::string& file) {
    std::vector<QueueEntry> out;
    if (text.empty()) return out;
    csv::Table t = csv::parse_guarded(text, file);
    std::vector<int> c;
    for (const auto& n : queue_columns()) {
        int i = t.column(n);
        if (i < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("missing column '{}'")), n), file, 1);
        c.push_back(i);
    }
    for (const auto& row : t.rows) {
        QueueEntry e{row.cells[c[0]], row.cells[c[1]], row.cells[c[2]], row.cells[c[3]], row.cells[c[4]], row.cells[c[5]],
                     row.cells[c[6]], row.cells[c[7]], row.cells[c[8]], row.cells[c[9]], row.line};
        Date d;
        if (!excel::read_date(e.date, d))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("date '{}' is not YYYY-MM-DD")), e.date), file, row.line);
        e.date = d.iso();
        e.order = excel::read_key(t.header[c[2]], e.order, file, row.line);
        if (e.key.empty()) throw Error(Errc::data, tr("a queue row needs its «Код»"), file, row.line);
        out.push_back(std::move(e));
    }
    return out;
}

std::string format_queue(const std::vector<QueueEntry>& entries) {
    std::vector<QueueEntry> rows = entries;
    std::stable_sort(rows.begin(), rows.end(), [](const QueueEntry& a, const QueueEntry& b) {
        return std::tie(a.date, a.time, a.key) < std::tie(b.date, b.time, b.key);
    });
    csv::Table t{queue_columns(), {}};
    for (const auto& e : rows)
        t.rows.push_back({{e.date, e.time, e.order, e.client, e.items, e.task, e.to, e.documents, e.status, e.key}, 0});
    return csv::write_guarded(t);
}

std::vector<QueueEntry> upsert_queue(std::vector<QueueEntry> entries, const QueueEntry& entry) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const QueueEntry& e) { return e.key == entry.key; });
    if (it != entries.end()) *it = entry;
    else entries.push_back(entry);
    return entries;
}

std::vector<QueueEntry> close_queue_of(std::vector<QueueEntry> entries, const std::string& order_key) {
    for (auto& e : entries)
        if (e.order == order_key) e.status = queue_status::done;
    return entries;
}

// --- documents and messages ---------------------------------------------------------------

using json = nlohmann::json;

namespace shipping_detail {

// The parts that are not empty, ", "-separated.
std::string join_nonempty(std::vector<std::string> parts) {
    parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
    return fmt::format("{}", fmt::join(parts, ", "));
}

json company_data(const Settings& c) {
    const BankAccount bank = c.accounts.empty() ? BankAccount{} : c.accounts.front();
    return {{"name", c.company_name},
            {"inn", c.inn},
            {"kpp", c.kpp},
            {"address", c.address},
            {"phone", c.phone},
            {"email", c.email},
            {"director", c.director},
            {"accountant", c.accountant},
            {"requisites", join_nonempty({c.company_name, c.inn.empty() ? "" : "ИНН " + c.inn, c.kpp.empty() ? "" : "КПП " + c.kpp, c.address,
                                          c.phone.empty() ? "" : "тел. " + c.phone})},
            {"has_bank", !c.accounts.empty()},
            {"bank", bank.bank},
            {"bik", bank.bik},
            {"corr_account", bank.corr_account},
            {"account", bank.account}};
}

std::string russian_or_empty(const std::string& iso) { return iso.empty() ? "" : Date::parse(iso, "date").russian(); }

// What every shipping document gets: company, client, order, document.
json base_data(const Order& o, const Settings& company, const std::string& title, const std::string& date) {
    json client = {{"name", o.client_name},
                   {"inn", o.client_inn},
                   {"kpp", o.client_kpp},
                   {"requisites", join_nonempty({o.client_name, o.client_inn.empty() ? "" : "ИНН " + o.client_inn,
                                                 o.client_kpp.empty() ? "" : "КПП " + o.client_kpp})}};
    json order = {{"key", o.key()},
                  {"number", std::to_string(o.number)},
                  {"date", russian_or_empty(o.date)},
                  {"manager", o.manager},
                  {"payment", payment_name(o.payment)},
                  {"arrival", o.arrival},
                  {"carrier", o.carrier},
                  {"contract_number", o.contract_number},
                  {"contract_date", russian_or_empty(o.contract_date)}};
    return {{"company", company_data(company)}, {"client", client}, {"order", order}, {"document", {{"title", title}, {"date", date}}}};
}

}  // namespace shipping_detail

using namespace shipping_detail;

json pick_list_data(const Order& o, const Settings& company, const Reservations& reservations) {
    json d = base_data(o, company, fmt::format("Лист подбора к заказу № {}", o.key()), now().date.russian());
    json lines = json::array();
    auto left = remaining_quantities(o);
    int n = 0;
    for (size_t k = 0; k < o.items.size(); ++k) {
        if (left[k] <= 0) continue;
        const OrderItem& i = o.items[k];
        std::string from;
        Quantity reserved = 0;
        for (const auto& r : reservations.rows)
            if (r.order == o.key() && r.sku == i.sku && !i.sku.empty()) {
                from += fmt::format("{}{}: {}", from.empty() ? "" : "; ", r.warehouse, r.qty);
                reserved += r.qty;
            }
        if (i.sku.empty()) from = "изготовление по заказу";
        else if (reserved < left[k]) from += fmt::format("{}не в резерве: {}", from.empty() ? "" : "; ", left[k] - reserved);
        lines.push_back({{"n", std::to_string(++n)}, {"sku", i.sku}, {"name", i.name}, {"unit", i.unit}, {"qty", std::to_string(left[k])}, {"from", from}});
    }
    d["lines"] = lines;
    return d;
}

json packing_list_data(const Order& o, const Settings& company) {
    json d = base_data(o, company, fmt::format("Упаковочный лист к заказу № {}", o.key()), now().date.russian());
    d["carrier"] = o.carrier.empty() ? "—" : o.carrier;
    json lines = json::array();
    auto left = remaining_quantities(o);
    int n = 0;
    for (size_t k = 0; k < o.items.size(); ++k) {
        if (left[k] <= 0) continue;
        const OrderItem& i = o.items[k];
        lines.push_back({{"n", std::to_string(++n)}, {"sku", i.sku}, {"name", i.name}, {"unit", i.unit}, {"qty", std::to_string(left[k])}});
    }
    d["lines"] = lines;
    return d;
}

std::string consignment_vat_date(const std::string& date, const Invoice* invoice) {
    // The invoice takes the rate on ITS date (invoice_amounts(…, inv.date)); the waybill
    // of an invoiced order mirrors it, so the client gets one set of figures for one
    // order even when the rate changed between the invoice and the shipment.
    if (invoice && invoice->status != invoice_status::cancelled && !invoice->date.empty()) return invoice->date;
    return date;
}

json consignment_note_data(const Order& o, const Settings& company, const std::string& date, const Invoice* invoice) {
    const std::string day = Date::parse(date, "date").russian();
    json d = base_data(o, company, fmt::format("Товарная накладная к заказу № {} от {}", o.key(), day), day);
    d["basis"] = o.contract_number.empty()
                     ? fmt::format("Заказ № {} от {}", o.key(), Date::parse(o.date, "date").russian())
                     : fmt::format("Договор № {}{}", o.contract_number, o.contract_date.empty() ? "" : " от " + Date::parse(o.contract_date, "date").russian());
    d["carrier"] = o.carrier.empty() ? "самовывоз" : o.carrier;
    const InvoiceAmounts a = document_amounts(company, o, remaining_quantities(o), consignment_vat_date(date, invoice));
    json lines = json::array();
    Money net_total;
    Quantity qty_total = 0;
    int n = 0;
    bool any_vat = false;
    for (const auto& l : a.lines) {
        net_total += l.net;
        qty_total += l.qty;
        any_vat = any_vat || l.vat_percent >= 0;
        lines.push_back({{"n", std::to_string(++n)},
                         {"name", l.name},
                         {"sku", l.sku},
                         {"unit", l.unit},
                         {"qty", std::to_string(l.qty)},
                         {"price", format_money(l.price)},
                         {"net", format_money(l.net)},
                         {"vat_rate", l.vat_percent < 0 ? std::string("без НДС") : std::to_string(l.vat_percent)},
                         {"vat", l.vat_percent < 0 ? std::string("-") : format_money(l.vat)},
                         {"gross", format_money(l.gross)}});
    }
    d["lines"] = lines;
    d["totals"] = {{"qty", std::to_string(qty_total)},
                   {"net", format_money(net_total)},
                   {"vat", format_money(a.vat)},
                   {"gross", format_money(a.total)},
                   {"words", amount_in_words(a.total)},
                   {"vat_text", any_vat ? "в т. ч. НДС " + format_money(a.vat) : std::string("без налога (НДС)")}};
    return d;
}

std::string dispatch_notice_text(const Order& o, const Settings& company, const std::string& contact) {
    std::string t = fmt::format("Здравствуйте{}!\n\n", contact.empty() ? "" : ", " + contact);
    t += fmt::format("Сообщаем, что груз по заказу № {} от {} отправлен", o.key(), Date::parse(o.date, "date").russian());
    t += o.carrier.empty() ? ".\n" : fmt::format(" транспортной компанией «{}».\n", o.carrier);
    if (!o.tracking.empty()) t += fmt::format("Номер для отслеживания: {}\n", o.tracking);
    t += fmt::format("\nСостав: {}\n", items_summary(o, remaining_quantities(o)));
    t += fmt::format("\nС уважением,\n{}\n{}\n{}\n", company.company_name, company.phone, company.email);
    return t;
}

// --- the store ---------------------------------------------------------------------------

std::vector<QueueEntry> load_queue(const Store& store) {
    const RecordRef queue{Record::stock_queue};
    return parse_queue(store.read(queue).content.value_or(""), store.where(queue));
}

void queue_put(Store& store, const QueueEntry& entry) {
    const RecordRef queue{Record::stock_queue};
    const std::string file = store.where(queue);
    store.change(queue, [&](const Snapshot& s) -> std::optional<std::string> {
        return format_queue(upsert_queue(parse_queue(s.content.value_or(""), file), entry));
    });
}

void queue_close_order(Store& store, const std::string& order_key) {
    const RecordRef queue{Record::stock_queue};
    const std::string file = store.where(queue);
    store.change(queue, [&](const Snapshot& s) -> std::optional<std::string> {
        auto cur = parse_queue(s.content.value_or(""), file);
        bool any = std::any_of(cur.begin(), cur.end(), [&](const QueueEntry& e) { return e.order == order_key && e.status != queue_status::done; });
        if (!any) return std::nullopt;
        return format_queue(close_queue_of(cur, order_key));
    });
}

fs::path write_order_document(const Store& store, const Order& order, const std::string& name, const std::string& content) {
    order_where(store, order.year, order.number);  // the order must be there
    fs::path p = store.documents_folder({Record::order, order.year, order.number}) / windows_safe_name(name);
    fsio::write_atomic(p, content);
    return p;
}

std::vector<StockTaken> release_shipped_stock(Store& store, const Order& order, const std::vector<ShipmentLine>& lines) {
    std::vector<Want> shipped;
    for (const auto& l : lines)
        if (!l.sku.empty()) shipped.push_back({l.sku, l.qty});
    std::vector<StockTaken> taken;
    if (shipped.empty()) return taken;
    const RecordRef reservations{Record::reservations}, stock{Record::stock};
    const std::string file = store.where(reservations), stock_file = store.where(stock);
    // The reservations say where the goods were picked: read them before they are released.
    const Reservations held = load_reservations(store);
    if (store.exists(stock))
        store.change(stock, [&](const Snapshot& s) -> std::optional<std::string> {
            if (!s.content) return std::nullopt;
            taken.clear();
            Stock next = take_shipped(parse_stock(*s.content, stock_file), held, order.key(), shipped, taken);
            if (taken.empty()) return std::nullopt;
            return format_stock(next);
        });
    store.change(reservations, [&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), file);
        Reservations next = release_shipped(cur, order.key(), shipped);
        bool same = next.rows.size() == cur.rows.size() &&
                    std::equal(next.rows.begin(), next.rows.end(), cur.rows.begin(), [](const Reservation& a, const Reservation& b) { return a.qty == b.qty; });
        if (same) return std::nullopt;
        return format_reservations(next);
    });
    return taken;
}

}  // namespace gefest
