#include "shipping.h"

#include <algorithm>

#include <fmt/format.h>

#include "csv.h"
#include "error.h"
#include "fsio.h"
#include "i18n.h"
#include "words.h"

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
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("waybill '{}' of {} is already recorded on order {}")), s.waybill, s.date, order.key()));
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
    csv::Table t = csv::parse(text, file);
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
        if (!Date::try_parse(e.date, d))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("date '{}' is not YYYY-MM-DD")), e.date), file, row.line);
        e.date = d.iso();
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
    return csv::write(t);
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

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

const char* kStyle =
    "<style>body{font-family:Arial,sans-serif;font-size:11pt;margin:15mm}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #000;padding:3px 5px;vertical-align:top}th{background:#eee}.n{text-align:right}"
    ".plain td{border:none}h1{font-size:14pt}.sign{margin-top:18px}@media print{body{margin:0}}</style>";

std::string head(const std::string& title) {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title>{}</head><body>\n", html_escape(title), kStyle);
}

std::string company_line(const Settings& c) {
    std::string s = c.company_name;
    if (!c.inn.empty()) s += ", ИНН " + c.inn;
    if (!c.kpp.empty()) s += ", КПП " + c.kpp;
    if (!c.address.empty()) s += ", " + c.address;
    if (!c.phone.empty()) s += ", тел. " + c.phone;
    return html_escape(s);
}

std::string client_line(const Order& o) {
    std::string s = o.client_name;
    if (!o.client_inn.empty()) s += ", ИНН " + o.client_inn;
    if (!o.client_kpp.empty()) s += ", КПП " + o.client_kpp;
    return html_escape(s);
}

std::string today_russian() { return now().date.russian(); }

}  // namespace

std::string pick_list_html(const Order& o, const Settings& company, const Reservations& reservations) {
    const std::string title = fmt::format("Лист подбора к заказу № {}", o.key());
    std::string h = head(title);
    h += fmt::format("<h1>{}</h1>\n<table class=\"plain\"><tr><td>Поставщик:</td><td>{}</td></tr>\n<tr><td>Клиент:</td><td>{}</td></tr>\n",
                     html_escape(title), company_line(company), client_line(o));
    h += fmt::format("<tr><td>Приезд клиента:</td><td>{}</td></tr>\n<tr><td>Оплата:</td><td>{}</td></tr>\n<tr><td>Менеджер:</td><td>{}</td></tr></table>\n",
                     html_escape(o.arrival), html_escape(payment_name(o.payment)), html_escape(o.manager));
    h += "<p></p><table><tr><th>№</th><th>Артикул</th><th>Наименование</th><th>Ед.</th><th>Кол-во</th><th>Откуда взять</th><th>Собрано</th></tr>\n";
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
        h += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td></td></tr>\n", ++n,
                         html_escape(i.sku), html_escape(i.name), html_escape(i.unit), left[k], html_escape(from));
    }
    h += fmt::format("</table>\n<p class=\"sign\">Составил: {} ____________ &nbsp; Собрал: ____________ &nbsp; Дата: {}</p>\n</body></html>\n",
                     html_escape(o.manager), html_escape(today_russian()));
    return h;
}

std::string packing_list_html(const Order& o, const Settings& company) {
    const std::string title = fmt::format("Упаковочный лист к заказу № {}", o.key());
    std::string h = head(title);
    h += fmt::format("<h1>{}</h1>\n<table class=\"plain\"><tr><td>Грузоотправитель:</td><td>{}</td></tr>\n<tr><td>Грузополучатель:</td><td>{}</td></tr>\n",
                     html_escape(title), company_line(company), client_line(o));
    h += fmt::format("<tr><td>Перевозчик:</td><td>{}</td></tr></table>\n<p></p>", html_escape(o.carrier.empty() ? "—" : o.carrier));
    h += "<table><tr><th>№</th><th>Артикул</th><th>Наименование</th><th>Ед.</th><th>Кол-во</th><th>Мест</th><th>Отметка</th></tr>\n";
    auto left = remaining_quantities(o);
    int n = 0;
    for (size_t k = 0; k < o.items.size(); ++k) {
        if (left[k] <= 0) continue;
        const OrderItem& i = o.items[k];
        h += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td></td><td></td></tr>\n", ++n,
                         html_escape(i.sku), html_escape(i.name), html_escape(i.unit), left[k]);
    }
    h += "</table>\n<p class=\"sign\">Упаковал: ____________ &nbsp; Проверил: ____________</p>\n</body></html>\n";
    return h;
}

std::string consignment_note_html(const Order& o, const Settings& company, const std::string& date) {
    const std::string title = fmt::format("Товарная накладная к заказу № {} от {}", o.key(), Date::parse(date, "date").russian());
    std::string h = head(title);
    std::string basis = o.contract_number.empty() ? fmt::format("Заказ № {} от {}", o.key(), Date::parse(o.date, "date").russian())
                                                   : fmt::format("Договор № {}{}", o.contract_number,
                                                                 o.contract_date.empty() ? "" : " от " + Date::parse(o.contract_date, "date").russian());
    h += fmt::format("<p>Унифицированная форма ТОРГ-12 (образец для подготовки)</p>\n<h1>{}</h1>\n<table class=\"plain\">\n", html_escape(title));
    h += fmt::format("<tr><td>Грузоотправитель и поставщик:</td><td>{}</td></tr>\n", company_line(company));
    if (!company.accounts.empty()) {
        const BankAccount& a = company.accounts.front();
        h += fmt::format("<tr><td>Банк:</td><td>р/с {} в {}, БИК {}, к/с {}</td></tr>\n", html_escape(a.account), html_escape(a.bank),
                         html_escape(a.bik), html_escape(a.corr_account));
    }
    h += fmt::format("<tr><td>Грузополучатель и плательщик:</td><td>{}</td></tr>\n<tr><td>Основание:</td><td>{}</td></tr>\n", client_line(o),
                     html_escape(basis));
    h += fmt::format("<tr><td>Перевозчик:</td><td>{}</td></tr></table>\n<p></p>", html_escape(o.carrier.empty() ? "самовывоз" : o.carrier));
    h += "<table><tr><th>№</th><th>Товар</th><th>Код</th><th>Ед.</th><th>Кол-во</th><th>Цена</th><th>Сумма без НДС</th><th>НДС, %</th>"
         "<th>Сумма НДС</th><th>Сумма с НДС</th></tr>\n";
    auto left = remaining_quantities(o);
    Money net_total, vat_total, gross_total;
    Quantity qty_total = 0;
    int n = 0;
    for (size_t k = 0; k < o.items.size(); ++k) {
        if (left[k] <= 0) continue;
        OrderItem i = o.items[k];
        i.qty = left[k];
        Money vat = line_vat(o, i);
        Money gross = o.vat_included ? i.sum() : i.sum() + vat;
        Money net = gross - vat;
        net_total += net;
        vat_total += vat;
        gross_total += gross;
        qty_total += i.qty;
        h += fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                         "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                         ++n, html_escape(i.name), html_escape(i.sku), html_escape(i.unit), i.qty, html_escape(format_money(i.price)),
                         html_escape(format_money(net)), i.vat_percent < 0 ? "без НДС" : std::to_string(i.vat_percent), html_escape(format_money(vat)),
                         html_escape(format_money(gross)));
    }
    h += fmt::format("<tr><th colspan=\"4\">Итого</th><th class=\"n\">{}</th><th></th><th class=\"n\">{}</th><th></th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></table>\n",
                     qty_total, html_escape(format_money(net_total)), html_escape(format_money(vat_total)), html_escape(format_money(gross_total)));
    h += fmt::format("<p>Всего отпущено на сумму: {}, в т. ч. НДС {}</p>\n", html_escape(amount_in_words(gross_total)), html_escape(format_money(vat_total)));
    h += fmt::format("<p class=\"sign\">Отпуск разрешил: руководитель ____________ {} &nbsp; Главный бухгалтер ____________ {}</p>\n",
                     html_escape(company.director), html_escape(company.accountant));
    h += "<p class=\"sign\">Отпуск груза произвел: ____________ &nbsp; Груз принял: ____________ &nbsp; Груз получил грузополучатель: ____________</p>\n</body></html>\n";
    return h;
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

namespace {
std::string base64(std::string_view in) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
    }
    if (i + 1 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16;
        out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
    }
    return out;
}
}  // namespace

std::string format_eml(const std::string& from, const std::string& to, const std::string& subject, const std::string& body,
                       const std::string& date, const std::string& message_id) {
    std::string crlf_body;
    for (char c : body) {
        if (c == '\n') crlf_body += "\r\n";
        else if (c != '\r') crlf_body += c;
    }
    return fmt::format("From: {}\r\nTo: {}\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {}\r\nMessage-ID: <{}>\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}",
                       from, to, base64(subject), date, message_id, crlf_body);
}

std::string rfc5322_date(const DateTime& t) {
    static const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t d = t.date.days();
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", days[((d % 7) + 7) % 7], t.date.day, months[t.date.month - 1], t.date.year,
                       t.hour, t.minute, t.second);
}

// --- the share ---------------------------------------------------------------------------

fs::path queue_path(const Share& share) { return stock_path(share).parent_path() / "Очередь склада.csv"; }

std::vector<QueueEntry> load_queue(const Share& share, const Identity& me) {
    fs::path p = queue_path(share);
    return parse_queue(share_file(share, me, p).read().content.value_or(""), p.string());
}

void queue_put(const Share& share, const Identity& me, const QueueEntry& entry) {
    fs::path p = queue_path(share);
    share_file(share, me, p).update([&](const Snapshot& s) -> std::optional<std::string> {
        return format_queue(upsert_queue(parse_queue(s.content.value_or(""), p.string()), entry));
    });
}

void queue_close_order(const Share& share, const Identity& me, const std::string& order_key) {
    fs::path p = queue_path(share);
    share_file(share, me, p).update([&](const Snapshot& s) -> std::optional<std::string> {
        auto cur = parse_queue(s.content.value_or(""), p.string());
        bool any = std::any_of(cur.begin(), cur.end(), [&](const QueueEntry& e) { return e.order == order_key && e.status != queue_status::done; });
        if (!any) return std::nullopt;
        return format_queue(close_queue_of(cur, order_key));
    });
}

fs::path order_folder(const Share& share, const Order& order) { return order_path(share, order.year, order.number).parent_path(); }

fs::path write_order_document(const Share& share, const Order& order, const std::string& name, const std::string& content) {
    fs::path p = order_folder(share, order) / windows_safe_name(name);
    fsio::write_atomic(p, content);
    return p;
}

void release_shipped_stock(const Share& share, const Identity& me, const Order& order, const std::vector<ShipmentLine>& lines) {
    std::vector<Want> shipped;
    for (const auto& l : lines)
        if (!l.sku.empty()) shipped.push_back({l.sku, l.qty});
    if (shipped.empty()) return;
    fs::path rp = reservations_path(share);
    share_file(share, me, rp).update([&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), rp.string());
        Reservations next = release_shipped(cur, order.key(), shipped);
        bool same = next.rows.size() == cur.rows.size() &&
                    std::equal(next.rows.begin(), next.rows.end(), cur.rows.begin(), [](const Reservation& a, const Reservation& b) { return a.qty == b.qty; });
        if (same) return std::nullopt;
        return format_reservations(next);
    });
}

}  // namespace gefest
