// The rules of an order (lib/procedure/order.h, up to "заказ.toml"): payment paths and
// their checklists, totals, which step may be done now, items, the lead-time dialogue,
// non-standard prices, and who owes a step. Pure: the record's text is order_record.cpp,
// the share order_share.cpp.
#include "procedure/order.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/locale_text.h"
#include "procedure/catalog.h"
#include "procedure/tax.h"

namespace gefest {

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

void order_can_record(const Order& order, const std::string& step_id) {
    if (order.status == order_status::cancelled)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is cancelled")), order.key()));
    const OrderStep* target = order.step(step_id);
    if (!target)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("step {} is not on the {} path of order {}")), step_id,
                                             order.payment == Payment::cash ? tr("cash") : tr("non-cash"), order.key()));
    if (target->done())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("step {} «{}» of order {} is already done by {} at {}")), target->id,
                                             target->name, order.key(), target->done_by, target->done_at));
}

void order_can_do(const Order& order, const std::string& step_id) {
    order_can_record(order, step_id);
    const OrderStep* target = order.step(step_id);
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

void require_line_amount(Money price, Quantity qty, const std::string& what, const std::string& file, int line) {
    const auto beyond = [&](const std::string& amount) {
        throw Error(Errc::data,
                    fmt::format(fmt::runtime(tr("{}: {} is beyond the largest amount gefest accepts ({})")), what, amount,
                                money_text(Money{input::max_kopecks})),
                    file, line);
    };
    if (qty > input::max_quantity)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{}: quantity {} is beyond the largest gefest accepts ({})")), what, qty, input::max_quantity),
                    file, line);
    if (!input::amount_in_range(price)) beyond(money_text(price));
    // Compared by division: the product itself may not fit.
    if (qty > 0 && price.kopecks != 0 && (price.kopecks < 0 ? -price.kopecks : price.kopecks) > input::max_kopecks / qty)
        beyond(fmt::format("{} × {}", qty, money_text(price)));
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
    require_line_amount(s.price.value_or(Money{}), s.qty, "--item " + input::shown(text));
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
        require_line_amount(i.price, i.qty, "--item " + i.sku);
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
    // A copy: the push_back below may move the entries (a reference would dangle).
    const int days = order.lead_time.back().days;
    Date answered = DateTime::parse(order.lead_time.back().at, "lead-time answer").date;
    order.promised = answered.plus_days(days).iso();
    order.lead_time.push_back({"accept", login, at, days, ""});
    if (order.payment == Payment::noncash)
        mark_step_done(order, "5.2.3.2", login, at, fmt::format("{} дн., срок {}", days, Date::parse(order.promised, "date").russian()));
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
    require_line_amount(price, i.qty, fmt::format(fmt::runtime(tr("line {}")), line));
    i.price = price;
    i.priced = true;
    i.priced_by = login;
}

OwedBy who_owes(const Process& process, const Staff& staff, const Step& step, const std::string& lead_time_state, const std::string& manager) {
    OwedBy out;
    auto staff_with = [&](const std::vector<std::string>& roles) {
        for (const auto& role : roles)
            for (const auto* m : staff.with_role(role))
                if (std::find(out.logins.begin(), out.logins.end(), m->login) == out.logins.end()) out.logins.push_back(m->login);
    };
    // The cash path has no step of its own for the lead time: its question waits at 5.2.3.7.
    if (lead_time_state == "open" && (step.id == "5.2.3.2" || step.id == "5.2.3.7")) {
        out.who = OwedBy::Who::helpers;
        if (const Step* lead_time = process.find("5.2.3.2")) out.roles = process.helper_roles(*lead_time, "answer");
        staff_with(out.roles);
        return out;
    }
    out.roles = step.responsible.empty() ? step.performers : step.responsible;
    auto on_step = [&](const std::string& role) {
        return std::count(step.responsible.begin(), step.responsible.end(), role) + std::count(step.performers.begin(), step.performers.end(), role) > 0;
    };
    const auto managers = process.client_manager_roles();
    if (!manager.empty() && std::any_of(managers.begin(), managers.end(), on_step)) {
        out.who = OwedBy::Who::manager;
        out.logins = {manager};
        return out;
    }
    staff_with(out.roles);
    return out;
}

}  // namespace gefest
