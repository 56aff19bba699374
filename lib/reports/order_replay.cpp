// Orders replayed from their order.* journal rows (OrderTrace, OrderReplay): shared by
// the reports of form 02-006-01 and by the open work of process control. See
// reports/report.h.
#include "reports/report.h"

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

}  // namespace gefest
