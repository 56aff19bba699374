#include "procedure/order.h"

#include <algorithm>

#include <fmt/format.h>

#include "procedure/catalog.h"
#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "procedure/tax.h"
#include "store/numbers.h"
#include "base/toml_util.h"

namespace gefest {

namespace fs = std::filesystem;

std::string payment_code(Payment p) { return p == Payment::cash ? "cash" : "noncash"; }
std::string payment_name(Payment p) { return p == Payment::cash ? "наличный" : "безналичный"; }

Payment parse_payment(const std::string& code) {
    if (code == "cash") return Payment::cash;
    if (code == "noncash") return Payment::noncash;
    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("payment must be cash or noncash, not '{}'")), code));
}

std::string Order::key() const { return fmt::format("{}-{}", year, number); }

bool Order::has_nonstandard() const {
    return std::any_of(items.begin(), items.end(), [](const OrderItem& i) { return !i.nonstandard.empty(); });
}

const OrderStep* Order::step(const std::string& id) const {
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

OrderStep* Order::step(const std::string& id) {
    for (auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

Money line_vat(const Settings& settings, const Order& order, const OrderItem& item) {
    const int rate = line_vat_rate(settings, item.vat_percent, order.date);
    if (rate <= 0) return Money{};
    return order.vat_included ? vat_included(item.sum(), rate) : vat_on_top(item.sum(), rate);
}

OrderTotals order_totals(const Settings& settings, const Order& order) {
    OrderTotals t;
    for (const auto& i : order.items) {
        t.sum += i.sum();
        t.vat += line_vat(settings, order, i);
    }
    t.total = order.vat_included ? t.sum : t.sum + t.vat;
    return t;
}

const std::vector<std::string>& path_steps(Payment p) {
    static const std::vector<std::string> noncash = {"5.2.3.1", "5.2.3.2", "5.2.3.3", "5.2.3.4", "5.2.3.5", "5.2.4.3",
                                                     "5.2.4.4", "5.2.4.5", "5.2.4.6", "5.2.4.7", "5.2.4.8"};
    static const std::vector<std::string> cash = {"5.2.3.6", "5.2.3.7", "5.2.4.1", "5.2.4.2"};
    return p == Payment::cash ? cash : noncash;
}

std::vector<OrderStep> make_checklist(Payment p, const Process& process) {
    std::vector<OrderStep> out;
    for (const auto& id : path_steps(p)) {
        const Step* s = process.find(id);
        if (!s) throw Error(Errc::config, fmt::format(fmt::runtime(tr("step {} of the order path is not in the responsibility matrix")), id));
        OrderStep o;
        o.id = s->id;
        o.name = s->name;
        o.responsible = s->responsible;
        o.performers = s->performers;
        out.push_back(std::move(o));
    }
    return out;
}

const OrderStep* order_next_step(const Order& order) {
    if (order.status == order_status::cancelled) return nullptr;
    for (const auto& s : order.steps)
        if (!s.done()) return &s;
    return nullptr;
}

void order_can_do(const Order& order, const std::string& step_id) {
    if (order.status == order_status::cancelled)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is cancelled")), order.key()));
    const OrderStep* target = order.step(step_id);
    if (!target)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("step {} is not on the {} path of order {}")), step_id,
                                             order.payment == Payment::cash ? tr("cash") : tr("non-cash"), order.key()));
    if (target->done())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("step {} «{}» of order {} is already done by {} at {}")), target->id,
                                             target->name, order.key(), target->done_by, target->done_at));
    for (const auto& s : order.steps) {
        if (&s == target) break;
        if (!s.done())
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("step {} «{}» comes after {} «{}», which is not done")), target->id,
                                                 target->name, s.id, s.name));
    }
}

void mark_step_done(Order& order, const std::string& step_id, const std::string& login, const std::string& at,
                    const std::string& note) {
    OrderStep* s = order.step(step_id);
    if (!s) return;
    s->done_by = login;
    s->done_at = at;
    s->note = note;
}

void lead_time_can_do(const Order& order) {
    if (order.payment == Payment::noncash) return order_can_do(order, "5.2.3.2");
    if (!order.has_nonstandard())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("cash order {} has no non-standard items: its path has no lead-time step")), order.key()));
    order_can_do(order, "5.2.3.7");
}

std::string lead_time_state(const Order& order) {
    if (order.lead_time.empty()) return "";
    const std::string& k = order.lead_time.back().kind;
    if (k == "ask") return "open";
    if (k == "answer") return "answered";
    return "accepted";
}

void check_confirmable(const Order& order) {
    for (size_t i = 0; i < order.items.size(); ++i)
        if (!order.items[i].priced)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("non-standard line {} of order {} has no price yet; the head of sales sets it: "
                                                                  "gefest order price {} --line {} --price P")),
                                                 i + 1, order.key(), order.number, i + 1));
    if (order.has_nonstandard() && lead_time_state(order) != "accepted")
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} has non-standard items and needs an accepted lead time first: "
                                                              "gefest order lead-time {} --ask")),
                                             order.key(), order.number));
}

ItemSpec parse_item_spec(const std::string& text) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        size_t p = text.find(':', start);
        parts.push_back(text.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) break;
        start = p + 1;
    }
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty())
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--item '{}' is not SKU:QTY or SKU:QTY:PRICE")), text));
    ItemSpec s;
    s.sku = parts[0];
    const std::string& q = parts[1];
    bool digits = !q.empty() && q.size() <= 12 && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoll(q) <= 0)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("quantity '{}' of '{}' is not a whole number above 0")), q, s.sku));
    s.qty = std::stoll(q);
    if (parts.size() == 3) {
        Money m = parse_money(parts[2]);
        if (m.kopecks < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("price '{}' of '{}' is negative")), parts[2], s.sku));
        s.price = m;
    }
    return s;
}

std::vector<OrderItem> items_from_catalog(const std::vector<ItemSpec>& specs, const Catalog& catalog,
                                          const std::string& catalog_file) {
    std::vector<OrderItem> out;
    for (const auto& s : specs) {
        const CatalogItem* c = catalog.find(s.sku);
        if (!c) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("unknown SKU '{}': not in {}")), s.sku, catalog_file));
        OrderItem i;
        i.sku = c->sku;
        i.name = c->name;
        i.unit = c->unit;
        i.qty = s.qty;
        i.price = s.price.value_or(c->price);
        i.vat_percent = c->vat_percent;
        out.push_back(std::move(i));
    }
    return out;
}

OrderItem nonstandard_item(const std::string& text, int vat_percent) {
    if (text.find_first_not_of(" \t") == std::string::npos)
        throw Error(Errc::usage, tr("--nonstandard needs a description of the product"));
    OrderItem i;
    i.name = text;
    i.nonstandard = text;
    i.unit = "шт";
    i.qty = 1;
    i.priced = false;
    i.vat_percent = vat_percent;
    return i;
}

namespace {

void require_lead_state(const Order& order, const std::string& want, const char* message) {
    if (order.status == order_status::cancelled)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is cancelled")), order.key()));
    std::string st = lead_time_state(order);
    if (st == "accepted")
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("the lead time of order {} is already accepted (promised {})")), order.key(),
                                             order.promised));
    bool ok = want == "ask" ? (st.empty() || st == "answered") : st == want;
    if (!ok) throw Error(Errc::state, fmt::format(fmt::runtime(message), order.key(), order.number));
}

}  // namespace

void lead_time_ask(Order& order, const std::string& login, const std::string& at, const std::string& note) {
    require_lead_state(order, "ask", tr("a lead-time question on order {} is already open; planning answers: gefest order lead-time {} --days D"));
    order.lead_time.push_back({"ask", login, at, 0, note});
}

void lead_time_answer(Order& order, const std::string& login, const std::string& at, int days, const std::string& note) {
    require_lead_state(order, "open", tr("no open lead-time question on order {}; the manager asks first: gefest order lead-time {} --ask"));
    if (days <= 0 || days > 3650)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("lead time must be 1 to 3650 days, not {}")), days));
    order.lead_time.push_back({"answer", login, at, days, note});
}

void lead_time_accept(Order& order, const std::string& login, const std::string& at) {
    require_lead_state(order, "answered", tr("no lead-time answer to accept on order {}; planning answers first: gefest order lead-time {} --days D"));
    const LeadTimeEntry& answer = order.lead_time.back();
    Date answered = DateTime::parse(answer.at, "lead-time answer").date;
    order.promised = answered.plus_days(answer.days).iso();
    order.lead_time.push_back({"accept", login, at, answer.days, ""});
    if (order.payment == Payment::noncash)
        mark_step_done(order, "5.2.3.2", login, at, fmt::format("{} дн., срок {}", answer.days, Date::parse(order.promised, "date").russian()));
}

void set_nonstandard_price(Order& order, int line, Money price, const std::string& login) {
    if (line < 1 || line > static_cast<int>(order.items.size()))
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} has no line {}")), order.key(), line));
    OrderItem& i = order.items[line - 1];
    if (i.nonstandard.empty())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("line {} of order {} is a catalog item ('{}'), not a non-standard one")), line,
                                             order.key(), i.sku));
    if (order.status != order_status::draft)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is {}: prices can no longer change")), order.key(), order.status));
    if (price.kopecks < 0) throw Error(Errc::data, tr("a price cannot be negative"));
    i.price = price;
    i.priced = true;
    i.priced_by = login;
}

// --- заказ.toml -----------------------------------------------------------------------

std::string format_order(const Order& o) {
    using tomlu::quote;
    std::string out = fmt::format("# Заказ № {} от {}, {}. Файл ведет gefest (gefest order …); правка вручную — только корректный TOML.\n\n",
                                  o.number, Date::parse(o.date, "date").russian(), o.client_name);
    auto kv = [&](const char* k, const std::string& v) { out += fmt::format("{} = {}\n", k, quote(v)); };
    out += fmt::format("number = {}\nyear = {}\n", o.number, o.year);
    kv("date", o.date);
    out += fmt::format("client_id = {}\n", o.client_id);
    kv("client_name", o.client_name);
    kv("client_inn", o.client_inn);
    kv("client_kpp", o.client_kpp);
    kv("manager", o.manager);
    kv("created_by", o.created_by);
    kv("call", o.call);
    kv("payment", payment_code(o.payment));
    kv("status", o.status);
    out += fmt::format("vat_included = {}\n", o.vat_included ? "true" : "false");
    kv("promised", o.promised);
    kv("exported_1c", o.exported_1c);
    if (!o.invoice.empty()) kv("invoice", o.invoice);
    if (!o.contract_number.empty()) kv("contract_number", o.contract_number);
    if (!o.contract_date.empty()) kv("contract_date", o.contract_date);
    kv("cancel_reason", o.cancel_reason);
    kv("cancelled_by", o.cancelled_by);
    kv("cancelled_at", o.cancelled_at);
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"arrival", &o.arrival}, {"carrier", &o.carrier},
                        {"carrier_note", &o.carrier_note}, {"tracking", &o.tracking}, {"unpaid_override", &o.unpaid_override},
                        {"unpaid_override_by", &o.unpaid_override_by}, {"unpaid_override_at", &o.unpaid_override_at}})
        if (!v->empty()) kv(k, *v);
    for (const auto& i : o.items) {
        out += "\n[[item]]\n";
        kv("sku", i.sku);
        kv("name", i.name);
        kv("unit", i.unit);
        out += fmt::format("qty = {}\nprice_kopecks = {}   # {}\nvat_percent = {}   # -1: без НДС\n", i.qty, i.price.kopecks,
                           format_money(i.price), i.vat_percent);
        kv("nonstandard", i.nonstandard);
        out += fmt::format("priced = {}\n", i.priced ? "true" : "false");
        kv("priced_by", i.priced_by);
    }
    for (const auto& l : o.lead_time) {
        out += "\n[[lead_time]]\n";
        kv("kind", l.kind);
        kv("by", l.by);
        kv("at", l.at);
        out += fmt::format("days = {}\n", l.days);
        kv("note", l.note);
    }
    for (const auto& s : o.steps) {
        out += "\n[[step]]\n";
        kv("id", s.id);
        kv("name", s.name);
        out += fmt::format("responsible = {}\nperformers = {}\n", tomlu::quote_list(s.responsible), tomlu::quote_list(s.performers));
        kv("done_by", s.done_by);
        kv("done_at", s.done_at);
        kv("note", s.note);
    }
    for (const auto& sh : o.shipments) {
        out += "\n[[shipment]]\n";
        kv("waybill", sh.waybill);
        kv("date", sh.date);
        kv("by", sh.by);
        kv("at", sh.at);
        out += "lines = [";
        for (size_t k = 0; k < sh.lines.size(); ++k)
            out += fmt::format("{}{{ line = {}, sku = {}, qty = {} }}", k ? ", " : "", sh.lines[k].line, quote(sh.lines[k].sku), sh.lines[k].qty);
        out += "]\n";
    }
    return out;
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

}  // namespace

Order parse_order(const std::string& text, const std::string& file) {
    toml::table t = tomlu::parse(text, file);
    Order o;
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
    o.arrival = str(t, "arrival", file);
    o.carrier = str(t, "carrier", file);
    o.carrier_note = str(t, "carrier_note", file);
    o.tracking = str(t, "tracking", file);
    o.unpaid_override = str(t, "unpaid_override", file);
    o.unpaid_override_by = str(t, "unpaid_override_by", file);
    o.unpaid_override_at = str(t, "unpaid_override_at", file);
    for (const toml::table* it : tomlu::tables_of(t, "item", file)) {
        OrderItem i;
        i.sku = str(*it, "sku", file);
        i.name = tomlu::need_string(*it, "name", file);
        i.unit = str(*it, "unit", file);
        i.qty = need_int(*it, "qty", file);
        if (i.qty <= 0) throw Error(Errc::data, tr("qty must be above 0"), file, line_at(*it, "qty"));
        i.price.kopecks = need_int(*it, "price_kopecks", file);
        if (i.price.kopecks < 0) throw Error(Errc::data, tr("a price cannot be negative"), file, line_at(*it, "price_kopecks"));
        i.vat_percent = static_cast<int>(tomlu::opt_int(*it, "vat_percent", file).value_or(0));
        if (i.vat_percent < -1 || i.vat_percent > 100)
            throw Error(Errc::data, tr("vat_percent must be -1 (без НДС) or 0..100"), file, line_at(*it, "vat_percent"));
        i.nonstandard = str(*it, "nonstandard", file);
        i.priced = tomlu::opt_bool(*it, "priced", file).value_or(true);
        i.priced_by = str(*it, "priced_by", file);
        if (i.sku.empty() && i.nonstandard.empty())
            throw Error(Errc::data, tr("an item needs a sku or a nonstandard description"), file, tomlu::line_of(*it));
        o.items.push_back(std::move(i));
    }
    for (const toml::table* it : tomlu::tables_of(t, "lead_time", file)) {
        LeadTimeEntry l;
        l.kind = tomlu::need_string(*it, "kind", file);
        if (l.kind != "ask" && l.kind != "answer" && l.kind != "accept")
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("lead_time kind must be ask, answer or accept, not '{}'")), l.kind), file,
                        line_at(*it, "kind"));
        l.by = str(*it, "by", file);
        l.at = str(*it, "at", file);
        l.days = static_cast<int>(tomlu::opt_int(*it, "days", file).value_or(0));
        l.note = str(*it, "note", file);
        o.lead_time.push_back(std::move(l));
    }
    for (const toml::table* st : tomlu::tables_of(t, "step", file)) {
        OrderStep s;
        s.id = tomlu::need_string(*st, "id", file);
        s.name = str(*st, "name", file);
        s.responsible = tomlu::opt_strings(*st, "responsible", file);
        s.performers = tomlu::opt_strings(*st, "performers", file);
        s.done_by = str(*st, "done_by", file);
        s.done_at = str(*st, "done_at", file);
        s.note = str(*st, "note", file);
        o.steps.push_back(std::move(s));
    }
    for (const toml::table* st : tomlu::tables_of(t, "shipment", file)) {
        Shipment sh;
        sh.waybill = tomlu::need_string(*st, "waybill", file);
        sh.date = tomlu::need_string(*st, "date", file);
        sh.by = str(*st, "by", file);
        sh.at = str(*st, "at", file);
        for (const toml::table* ln : tomlu::tables_of(*st, "lines", file)) {
            ShipmentLine l;
            l.line = static_cast<int>(need_int(*ln, "line", file));
            l.sku = str(*ln, "sku", file);
            l.qty = need_int(*ln, "qty", file);
            if (l.line < 1 || l.line > static_cast<int>(o.items.size()) || l.qty <= 0)
                throw Error(Errc::data, tr("a shipment line needs an existing order line and a quantity above 0"), file, tomlu::line_of(*ln));
            sh.lines.push_back(std::move(l));
        }
        o.shipments.push_back(std::move(sh));
    }
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
const std::vector<std::string>& index_columns() {
    static const std::vector<std::string> c = {"№", "Дата", "Код клиента", "Клиент", "Менеджер", "Оплата", "Статус", "Сумма", "Следующий шаг", "Папка"};
    return c;
}
}  // namespace

std::vector<OrderIndexRow> parse_order_index(const std::string& text, const std::string& file) {
    std::vector<OrderIndexRow> out;
    if (text.empty()) return out;
    csv::Table t = csv::parse(text, file);
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
        r.date = row.cells[c[1]];
        r.client_id = row.cells[c[2]];
        r.client = row.cells[c[3]];
        r.manager = row.cells[c[4]];
        r.payment = row.cells[c[5]];
        r.status = row.cells[c[6]];
        r.total = row.cells[c[7]];
        r.next_step = row.cells[c[8]];
        r.folder = row.cells[c[9]];
        out.push_back(std::move(r));
    }
    return out;
}

std::string upsert_order_index(const std::string& current, const std::string& file, const Order& order, const std::string& folder,
                               const Settings& settings) {
    auto rows = parse_order_index(current, file);
    const OrderStep* next = order_next_step(order);
    OrderIndexRow r{order.number,
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
    auto it = std::find_if(rows.begin(), rows.end(), [&](const OrderIndexRow& x) { return x.number == order.number; });
    if (it != rows.end()) *it = r;
    else rows.push_back(r);
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    csv::Table t{index_columns(), {}};
    for (const auto& x : rows)
        t.rows.push_back({{std::to_string(x.number), x.date, x.client_id, x.client, x.manager, x.payment, x.status, x.total, x.next_step, x.folder}, 0});
    return csv::write(t);
}

// --- the share ------------------------------------------------------------------------

fs::path orders_year_dir(const Share& share, int year) { return share.at(share.settings().orders) / std::to_string(year); }

fs::path order_index_path(const Share& share, int year) {
    return orders_year_dir(share, year) / fmt::format("Заказы {}.csv", year);
}

std::string order_folder_tail(const std::string& client_name) { return windows_safe_name(client_name); }

namespace {
std::string note_of_claim(const std::string& claim) {
    size_t p = claim.find("\nnote=");
    if (p == std::string::npos) return "";
    size_t e = claim.find('\n', p + 6);
    return claim.substr(p + 6, e == std::string::npos ? std::string::npos : e - p - 6);
}
}  // namespace

fs::path order_path(const Share& share, int year, std::int64_t number) {
    std::string claim = claim_note(share.numbers_of("order", year), number);
    if (claim.empty())
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no order {} of {}")), number, year));
    fs::path dir = orders_year_dir(share, year) / fmt::format("{} {}", number, note_of_claim(claim));
    fs::path file = dir / "заказ.toml";
    if (fsio::exists(file)) return file;
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, file.string()));
}

Order load_order(const Share& share, const Identity& me, int year, std::int64_t number) {
    fs::path p = order_path(share, year, number);
    auto content = shared_file(share, me, p).read().content;
    if (!content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, p.string()));
    return parse_order(*content, p.string());
}

void update_order_index(const Share& share, const Identity& me, const Order& order, const std::string& folder) {
    fs::path idx = order_index_path(share, order.year);
    shared_file(share, me, idx).update([&](const Snapshot& s) -> std::optional<std::string> {
        return upsert_order_index(s.content.value_or(""), idx.string(), order, folder, share.settings());
    });
}

Order create_order(const Share& share, const Identity& me, Order draft) {
    const std::string tail = order_folder_tail(draft.client_name);
    fs::path year_dir = orders_year_dir(share, draft.year);
    fsio::make_dirs(year_dir);
    NumberClaim claim = claim_number(share.numbers_of("order", draft.year), me, tail);
    draft.number = claim.number();
    const std::string folder = fmt::format("{} {}", draft.number, tail);
    fs::path dir = year_dir / folder;
    try {
        fsio::make_dirs(dir);
        const std::string text = format_order(draft);
        shared_file(share, me, dir / "заказ.toml").update([&](const Snapshot& s) -> std::optional<std::string> {
            if (s.content)
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' already exists: run gefest check")), (dir / "заказ.toml").string()));
            return text;
        });
    } catch (...) {
        std::error_code ec;
        if (!fs::exists(dir / "заказ.toml", ec)) fs::remove(dir, ec);  // only if empty
        throw;
    }
    claim.commit();
    update_order_index(share, me, draft, folder);
    return draft;
}

Order change_order(const Share& share, const Identity& me, int year, std::int64_t number, const std::function<void(Order&)>& change) {
    fs::path file = order_path(share, year, number);
    Order result;
    shared_file(share, me, file).update([&](const Snapshot& s) -> std::optional<std::string> {
        if (!s.content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), file.string()));
        Order o = parse_order(*s.content, file.string());
        change(o);
        result = o;
        return format_order(o);
    });
    update_order_index(share, me, result, file.parent_path().filename().string());
    return result;
}

Stock load_stock(const Share& share, const Identity& me) {
    fs::path sp = stock_path(share);
    auto stock_text = shared_file(share, me, sp).read().content;
    if (!stock_text) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), sp.string()));
    return parse_stock(*stock_text, sp.string());
}

Reservations load_reservations(const Share& share, const Identity& me) {
    fs::path rp = reservations_path(share);
    return parse_reservations(shared_file(share, me, rp).read().content.value_or(""), rp.string());
}

Order confirm_order(const Share& share, const Identity& me, const Order& draft, const std::string& step, const std::string& login,
                    const std::string& at, const std::function<void(Order&)>& extra) {
    reserve_order_stock(share, me, draft);
    try {
        return change_order(share, me, draft.year, draft.number, [&](Order& x) {
            order_can_do(x, step);
            check_confirmable(x);
            mark_step_done(x, step, login, at);
            x.status = order_status::confirmed;
            if (extra) extra(x);
        });
    } catch (...) {
        if (load_order(share, me, draft.year, draft.number).status == order_status::draft) release_order_stock(share, me, draft.key());
        throw;
    }
}

void reserve_order_stock(const Share& share, const Identity& me, const Order& order) {
    fs::path rp = reservations_path(share);
    Stock stock = load_stock(share, me);
    std::vector<Want> wants;
    for (const auto& i : order.items)
        if (!i.sku.empty()) wants.push_back({i.sku, i.qty});
    shared_file(share, me, rp).update([&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), rp.string());
        return format_reservations(reserve(cur, stock, order.key(), wants));
    });
}

void release_order_stock(const Share& share, const Identity& me, const std::string& order_key) {
    fs::path rp = reservations_path(share);
    shared_file(share, me, rp).update([&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), rp.string());
        Reservations next = release(cur, order_key);
        if (next.rows.size() == cur.rows.size()) return std::nullopt;
        return format_reservations(next);
    });
}

std::vector<Problem> check_orders(const Share& share) {
    std::vector<Problem> out;
    fs::path root = share.private_dir() / "numbers" / "order";
    for (const auto& y : fsio::list_dir(root)) {
        if (y.empty() || !std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        int year = std::stoi(y);
        std::vector<OrderIndexRow> index;
        fs::path index_file = order_index_path(share, year);
        try {
            index = parse_order_index(fsio::read_file_if_exists(index_file).value_or(""), index_file.string());
        } catch (const Error& e) {
            out.push_back({e.file(), e.line(), e.what()});
        }
        for (std::int64_t n : claimed_numbers(share.numbers_of("order", year))) {
            try {
                Order o = load_order(share, Identity::current(), year, n);
                if (o.number != n || o.year != year)
                    out.push_back({order_path(share, year, n).string(), 0,
                                   fmt::format(fmt::runtime(tr("holds order {}-{} but its number is {}-{}")), o.year, o.number, year, n)});
                auto it = std::find_if(index.begin(), index.end(), [&](const OrderIndexRow& r) { return r.number == n; });
                if (it == index.end())
                    out.push_back({index_file.string(), 0, fmt::format(fmt::runtime(tr("order {}-{} is missing from the index")), year, n)});
                else if (it->status != o.status)
                    out.push_back({index_file.string(), it->line,
                                   fmt::format(fmt::runtime(tr("order {}-{} is '{}' in the index but '{}' in its file")), year, n, it->status, o.status)});
            } catch (const Error& e) {
                out.push_back({e.file(), e.line(), e.what()});
            }
        }
    }
    return out;
}

}  // namespace gefest
