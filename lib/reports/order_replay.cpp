// Orders replayed from their order.* journal rows: OrderTrace and OrderReplay (the open
// work of process control; reports/report.h), and the compact OrderFacts of form
// 02-006-01 (reports/order_facts.h), which the same rows change alike.
#include "reports/report.h"

#include <algorithm>
#include <array>
#include <memory>

#include "reports/order_facts.h"

#include "procedure/events/orders.h"
#include "procedure/order.h"

namespace gefest {

bool OrderTrace::paid() const { return done.count("5.2.3.7") || done.count("5.2.4.3") || shipped(); }

bool OrderTrace::shipped() const {
    return status == order_status::shipped || done.count("5.2.4.2") || done.count("5.2.4.7") || done.count("5.2.4.8");
}

void OrderReplay::apply(const Event& e) {
    if (e.kind.rfind(events::order_kind_prefix, 0) != 0 || e.object.rfind(events::order_object_prefix, 0) != 0) return;
    const std::string key = events::key_of(e.object, events::order_object_prefix);
    if (e.kind != events::OrderNew::kind && !orders_.count(key)) {
        early_[key].push_back(e);
        return;
    }
    apply_order_event(orders_, e);
    if (e.kind == events::OrderNew::kind)
        if (auto it = early_.find(key); it != early_.end()) {
            for (const auto& later : it->second) apply_order_event(orders_, later);
            early_.erase(it);
        }
}

void OrderReplay::forget(const std::function<bool(const OrderTrace&)>& drop) {
    for (auto it = orders_.begin(); it != orders_.end();) it = drop(it->second) ? orders_.erase(it) : std::next(it);
    early_.clear();
}

namespace {

void apply_new(OrderTrace& o, const Event& e) {
    const auto row = events::read_event<events::OrderNew>(e);
    o.created = e.time;
    o.client = row.client;
    o.client_name = row.client_name;
    o.manager = row.manager;
    o.payment = row.payment;
    o.call = events::key_of(row.call, "call:");
    o.amount = row.total;
}

// What a row after order.new changes: the steps done, the lead-time dialogue, the amount,
// the manager.
void apply_change(OrderTrace& o, const Event& e) {
    std::string step;
    if (e.kind == events::OrderStep::kind) step = events::read_event<events::OrderStep>(e).step;
    else if (e.kind == events::OrderExport1c::kind) step = events::read_event<events::OrderExport1c>(e).step;
    if (!step.empty()) o.done.emplace(step, e.time);
    if (e.kind == events::OrderLeadTime::kind) {
        const std::string k = events::read_event<events::OrderLeadTime>(e).kind_of;
        o.lead_time = k == "ask" ? "open" : k == "answer" ? "answered" : k == "accept" ? "accepted" : o.lead_time;
        if (k == "accept" && o.payment == "noncash") o.done.emplace("5.2.3.2", e.time);
    }
    if (e.kind == events::OrderPrice::kind) o.amount += events::read_event<events::OrderPrice>(e).price;  // a non-standard line is 1 piece
    if (e.kind == events::OrderInvoice::kind && o.invoiced == DateTime{}) o.invoiced = e.time;
    if (e.kind == events::OrderChange::kind) {
        const auto row = events::read_event<events::OrderChange>(e);
        o.amount = row.total;
        for (const auto& s : row.reopened) o.done.erase(s);
    }
    if (e.kind == events::OrderReassign::kind) o.manager = events::read_event<events::OrderReassign>(e).manager;
}

}  // namespace

OrderTrace* apply_order_event(std::map<std::string, OrderTrace>& orders, const Event& e) {
    if (e.kind.rfind(events::order_kind_prefix, 0) != 0 || e.object.rfind(events::order_object_prefix, 0) != 0) return nullptr;
    const std::string key = events::key_of(e.object, events::order_object_prefix);
    OrderTrace* o = nullptr;
    if (e.kind == events::OrderNew::kind) {
        o = &orders[key];
        o->key = key;
        apply_new(*o, e);
    } else {
        auto it = orders.find(key);
        if (it == orders.end()) return nullptr;  // made before the months read
        o = &it->second;
        apply_change(*o, e);
    }
    if (auto s = events::read_event<events::OrderStatusOf>(e).status; !s.empty()) o->status = s;
    if (o->paid_at == DateTime{} && o->paid()) o->paid_at = e.time;
    if (o->shipped_at == DateTime{} && o->shipped()) o->shipped_at = e.time;
    o->changed = e.time;
    return o;
}

// --- OrderFacts ------------------------------------------------------------------------

namespace {

// The steps OrderTrace::paid and shipped look at, by bit.
constexpr std::array<const char*, 5> fact_steps = {"5.2.3.7", "5.2.4.3", "5.2.4.2", "5.2.4.7", "5.2.4.8"};
constexpr std::uint8_t paid_bits = 0b00011, shipped_bits = 0b11100;
constexpr std::uint32_t facts_new = 1, facts_shipped = 2, facts_cancelled = 3;  // OrderFactsReplay::texts_

std::uint8_t step_bit(const std::string& step) {
    for (size_t i = 0; i < fact_steps.size(); ++i)
        if (step == fact_steps[i]) return static_cast<std::uint8_t>(1u << i);
    return 0;
}

}  // namespace

bool OrderFacts::draft() const { return status == facts_new; }
bool OrderFacts::cancelled() const { return status == facts_cancelled; }
bool OrderFacts::shipped() const { return status == facts_shipped || (steps & shipped_bits); }
bool OrderFacts::paid() const { return (steps & paid_bits) || shipped(); }

std::uint32_t OrderFactsReplay::intern(const std::string& text) {
    auto it = std::find(texts_.begin(), texts_.end(), text);
    if (it != texts_.end()) return static_cast<std::uint32_t>(it - texts_.begin());
    texts_.push_back(text);
    return static_cast<std::uint32_t>(texts_.size() - 1);
}

std::optional<OrderRowFact> order_row_fact(const Event& e) {
    if (e.kind.rfind(events::order_kind_prefix, 0) != 0 || e.object.rfind(events::order_object_prefix, 0) != 0) return std::nullopt;
    using Kind = OrderRowFact::Kind;
    OrderRowFact f;
    f.time = e.time.seconds();
    f.key = events::key_of(e.object, events::order_object_prefix);
    if (e.kind == events::OrderNew::kind) {
        auto row = events::read_event<events::OrderNew>(e);
        f.kind = Kind::created;
        f.client = row.client;
        f.client_name = std::move(row.client_name);
        f.manager = std::move(row.manager);
        f.payment = std::move(row.payment);
        f.call = events::key_of(row.call, "call:");
        f.amount = row.total;
    } else if (e.kind == events::OrderStep::kind) {
        f.kind = Kind::step;
        f.step = events::read_event<events::OrderStep>(e).step;
    } else if (e.kind == events::OrderExport1c::kind) {
        f.kind = Kind::step;
        f.step = events::read_event<events::OrderExport1c>(e).step;
    } else if (e.kind == events::OrderLeadTime::kind) {
        (void)events::read_event<events::OrderLeadTime>(e);  // its steps are none of the report's
    } else if (e.kind == events::OrderPrice::kind) {
        f.kind = Kind::price;
        f.amount = events::read_event<events::OrderPrice>(e).price;
    } else if (e.kind == events::OrderInvoice::kind) {
        f.kind = Kind::invoice;
    } else if (e.kind == events::OrderChange::kind) {
        auto row = events::read_event<events::OrderChange>(e);
        f.kind = Kind::change;
        f.amount = row.total;
        f.reopened = std::move(row.reopened);
    } else if (e.kind == events::OrderReassign::kind) {
        f.kind = Kind::reassign;
        f.manager = events::read_event<events::OrderReassign>(e).manager;
    }
    f.status = events::read_event<events::OrderStatusOf>(e).status;
    return f;
}

void OrderFactsReplay::apply(const Event& e) {
    if (auto row = order_row_fact(e)) apply(*row);
}

OrderFacts** OrderFactsReplay::number_slot(std::string_view key) {
    if (key.size() < 6 || key.size() > 11 || key[4] != '-' || key[5] == '0') return nullptr;
    std::uint32_t year = 0, n = 0;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i == 4) continue;
        if (key[i] < '0' || key[i] > '9') return nullptr;
        (i < 4 ? year : n) = (i < 4 ? year : n) * 10 + static_cast<std::uint32_t>(key[i] - '0');
    }
    if (n > 2 * orders_.size() + 65536) return nullptr;  // numbers far apart: the map alone
    // In chunks of 4096, so that growing never holds two copies.
    auto& chunks = by_number_[year];
    const std::size_t chunk = n / number_chunk;
    if (chunks.size() <= chunk) chunks.resize(chunk + 1);
    if (!chunks[chunk]) chunks[chunk] = std::make_unique<std::array<OrderFacts*, number_chunk>>();
    return &(*chunks[chunk])[n % number_chunk];
}

void OrderFactsReplay::apply(const OrderRowFact& row) {
    const bool is_new = row.kind == OrderRowFact::Kind::created;
    // One look-up a row (100k orders a year): by the key's number, else found in the map
    // (noted by its number then), or made where it was not found.
    OrderFacts** slot = number_slot(row.key);
    OrderFacts* o = slot ? *slot : nullptr;
    if (!o) {
        auto it = orders_.lower_bound(row.key);
        if (it == orders_.end() || it->first != row.key) {
            if (!is_new) {
                early_[row.key].push_back(row);
                return;
            }
            it = orders_.emplace_hint(it, row.key, OrderFacts{});
            it->second.key = &it->first;
            it->second.status = facts_new;
        }
        o = &it->second;
        if (slot) *slot = o;
    }
    apply_one(*o, row);
    if (is_new)
        if (auto early = early_.find(row.key); early != early_.end()) {
            for (const auto& later : early->second) apply_one(*o, later);
            early_.erase(early);
        }
}

void OrderFactsReplay::apply_one(OrderFacts& o, const OrderRowFact& row) {
    using Kind = OrderRowFact::Kind;
    switch (row.kind) {
    case Kind::created:
        o.created = row.time;
        o.client = row.client;
        if (keep_names_) o.client_name = row.client_name;
        o.manager = intern(row.manager);
        o.payment = intern(row.payment);
        o.call = row.call;
        o.amount = row.amount;
        break;
    case Kind::step: o.steps |= step_bit(row.step); break;
    case Kind::price: o.amount += row.amount; break;
    case Kind::invoice:
        if (o.invoiced == 0) o.invoiced = row.time;
        break;
    case Kind::change:
        o.amount = row.amount;
        for (const auto& s : row.reopened) o.steps &= static_cast<std::uint8_t>(~step_bit(s));
        break;
    case Kind::reassign: o.manager = intern(row.manager); break;
    case Kind::other: break;
    }
    if (!row.status.empty()) o.status = intern(row.status);
    if (o.paid_at == 0 && o.paid()) o.paid_at = row.time;
    if (o.shipped_at == 0 && o.shipped()) o.shipped_at = row.time;
}

}  // namespace gefest
