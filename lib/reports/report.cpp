#include "reports/report.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "procedure/calls.h"
#include "base/error.h"
#include "base/i18n.h"
#include "procedure/order.h"

namespace gefest {

namespace {

std::string str_of(const nlohmann::json& data, const char* key) {
    auto it = data.find(key);
    if (it == data.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

std::string strip_prefix(std::string s, std::string_view prefix) {
    if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
    return s;
}

DateTime end_of(const Date& d) { return DateTime{d, 23, 59, 59}; }

// The score of a survey.score row (cli/survey.cpp), 1..5; Error(data) FILE:LINE otherwise.
std::int64_t score_of(const Event& e) {
    auto it = e.data.find("score");
    if (it == e.data.end() || !it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 5)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("survey of '{}' has no score 1..5")), e.object), e.source, e.line);
    return it->get<std::int64_t>();
}

// "ПК-50 × 2, ДЫМ-200" — the products asked; else the subject or the note's first line.
std::string asked_of(const Inquiry& q) {
    std::string out;
    for (const auto& p : q.products) {
        if (!out.empty()) out += ", ";
        out += p.qty > 0 ? fmt::format("{} × {}", p.sku, p.qty) : p.sku;
    }
    if (out.empty()) out = !q.subject.empty() ? q.subject : q.note.substr(0, q.note.find('\n'));
    return out;
}

RequestRow inquiry_row(Inquiry q) {
    RequestRow row;
    row.time = q.time;
    row.kind = "inquiry";
    row.asked = asked_of(q);
    row.id = std::move(q.id);
    row.channel = std::move(q.channel);
    row.client = q.client;
    row.client_name = std::move(q.client_name);
    row.new_client = q.new_client;
    row.source = std::move(q.source);
    row.manager = std::move(q.manager);
    row.outcome = std::move(q.outcome);
    return row;
}

GroupTotals& group(std::map<std::string, GroupTotals>& m, const std::string& name) {
    GroupTotals& g = m[name];
    g.name = name;
    return g;
}

void count_order(GroupTotals& g, const OrderTrace& o) {
    ++g.orders;
    if (o.status == order_status::cancelled) {
        ++g.cancelled;
        return;
    }
    if (o.status != order_status::draft) ++g.confirmed;
    if (o.paid()) ++g.paid;
    if (o.shipped()) ++g.shipped;
    g.revenue += o.amount;
    g.to_invoice.add(o.created, o.invoiced);
    g.to_payment.add(o.invoiced != DateTime{} ? o.invoiced : o.created, o.paid_at);
    g.to_shipment.add(o.paid_at != DateTime{} ? o.paid_at : o.created, o.shipped_at);
}

std::string display_status(const OrderTrace& o) {
    if (o.status == order_status::cancelled) return o.status;
    if (o.shipped()) return "shipped";
    if (o.paid()) return "paid";
    return o.status;
}

}  // namespace

bool OrderTrace::paid() const { return done.count("5.2.3.7") || done.count("5.2.4.3") || shipped(); }

bool OrderTrace::shipped() const {
    return status == order_status::shipped || done.count("5.2.4.2") || done.count("5.2.4.7") || done.count("5.2.4.8");
}

std::int64_t GroupTotals::conversion_bp() const { return inquiries ? orders * 10000 / inquiries : 0; }

std::int64_t GroupTotals::avg_days_x100() const { return lead_count ? lead_seconds * 100 / 86400 / lead_count : 0; }

std::int64_t GroupTotals::avg_score_x100() const { return surveys ? (score_sum * 100 + surveys / 2) / surveys : 0; }

void Interval::add(const DateTime& a, const DateTime& b) {
    if (a == DateTime{} || b == DateTime{} || b < a) return;
    ++count;
    seconds += b.seconds() - a.seconds();
}

std::int64_t Interval::avg_days_x100() const { return count ? seconds * 100 / 86400 / count : 0; }

void OrderReplay::apply(const Event& e) {
    if (e.kind.rfind("order.", 0) != 0 || e.object.rfind("order:", 0) != 0) return;
    const std::string key = e.object.substr(6);
    if (e.kind != "order.new" && !orders_.count(key)) {
        early_[key].push_back(e);
        return;
    }
    apply_order_event(orders_, e);
    if (e.kind == "order.new")
        if (auto it = early_.find(key); it != early_.end()) {
            for (const auto& later : it->second) apply_order_event(orders_, later);
            early_.erase(it);
        }
}

OrderTrace* apply_order_event(std::map<std::string, OrderTrace>& orders, const Event& e) {
    if (e.kind.rfind("order.", 0) != 0 || e.object.rfind("order:", 0) != 0) return nullptr;
    const std::string key = e.object.substr(6);
    const nlohmann::json& d = e.data;
    OrderTrace* o = nullptr;
    if (e.kind == "order.new") {
        o = &orders[key];
        o->key = key;
        o->created = e.time;
        if (auto it = d.find("client"); it != d.end() && it->is_number_integer()) o->client = it->get<std::int64_t>();
        o->client_name = str_of(d, "client_name");
        o->manager = str_of(d, "manager");
        o->payment = str_of(d, "payment");
        o->call = strip_prefix(str_of(d, "call"), "call:");
        try {
            o->amount = parse_money(str_of(d, "total"));
        } catch (const Error&) {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("order.new of '{}' has no valid total")), key), e.source, e.line);
        }
    } else {
        auto it = orders.find(key);
        if (it == orders.end()) return nullptr;  // made before the months read
        o = &it->second;
        const std::string step = str_of(d, "step");
        if (!step.empty() && (e.kind == "order.step" || e.kind == "order.export_1c")) o->done.emplace(step, e.time);
        if (e.kind == "order.lead_time") {
            const std::string k = str_of(d, "kind");
            o->lead_time = k == "ask" ? "open" : k == "answer" ? "answered" : k == "accept" ? "accepted" : o->lead_time;
            if (k == "accept" && o->payment == "noncash") o->done.emplace("5.2.3.2", e.time);
        }
        if (e.kind == "order.price") {
            try {
                o->amount += parse_money(str_of(d, "price"));  // a non-standard line is 1 piece
            } catch (const Error&) {
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("order.price of '{}' has no valid price")), key), e.source, e.line);
            }
        }
    }
    if (e.kind == "order.invoice" && o->invoiced == DateTime{}) o->invoiced = e.time;
    if (auto s = str_of(d, "status"); !s.empty()) o->status = s;
    if (o->paid_at == DateTime{} && o->paid()) o->paid_at = e.time;
    if (o->shipped_at == DateTime{} && o->shipped()) o->shipped_at = e.time;
    o->changed = e.time;
    return o;
}

RequestsReport build_requests_report(const Journal& journal, const Date& from, const Date& to, const ClientSources& sources) {
    if (to < from) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the period ends ({}) before it starts ({})")), to.iso(), from.iso()));
    const DateTime start{from, 0, 0, 0}, end = end_of(to);
    RequestsReport r;
    r.from = from;
    r.to = to;
    // Inquiries become their report rows as they are read (the whole inquiry is not
    // kept: a year may hold a million); orders are replayed and joined afterwards.
    std::unordered_map<std::string, size_t> inquiry_at;  // inquiry id → its row
    std::map<std::int64_t, std::string> client_src;       // client → latest source of the period
    OrderReplay replay;
    struct Survey {
        std::string manager, month;
        std::int64_t score = 0;
    };
    std::map<std::string, Survey> surveys;  // order → its survey (the last one wins)
    std::map<std::string, GroupTotals> src, mgr;
    JournalFilter rows_of_the_period;
    rows_of_the_period.since = start;
    rows_of_the_period.until = end;
    rows_of_the_period.kinds = {"call.", "order.", "survey.score"};
    journal.for_each(
        from.month_key(), to.month_key(),
        [&](const Event& e) {
            if (e.kind.rfind("call.", 0) == 0) {
                Inquiry q = Inquiry::from_event(e);
                inquiry_at.emplace(q.id, r.rows.size());
                if (!q.source.empty()) client_src[q.client] = q.source;
                for (GroupTotals* g : {&group(src, q.source), &group(mgr, q.manager), &r.total}) {
                    ++g->inquiries;
                    if (q.new_client) ++g->new_clients;
                }
                r.rows.push_back(inquiry_row(std::move(q)));
            } else if (e.kind == "survey.score") {
                surveys[e.object] = {str_of(e.data, "manager"), e.time.date.month_key(), score_of(e)};
            } else {
                replay.apply(e);
            }
        },
        nullptr, rows_of_the_period);
    const size_t inquiry_rows = r.rows.size();

    std::vector<const OrderTrace*> by_time;
    for (const auto& [key, o] : replay.orders()) by_time.push_back(&o);
    std::stable_sort(by_time.begin(), by_time.end(), [](auto* a, auto* b) { return a->created < b->created; });
    std::map<std::string, const OrderTrace*> order_of_inquiry;  // the first order made from it
    for (const auto* o : by_time)
        if (!o->call.empty() && inquiry_at.count(o->call)) order_of_inquiry.emplace(o->call, o);

    auto source_of_order = [&](const OrderTrace& o) -> std::string {
        if (auto it = inquiry_at.find(o.call); it != inquiry_at.end()) return r.rows[it->second].source;
        if (auto it = client_src.find(o.client); it != client_src.end()) return it->second;
        if (auto it = sources.find(o.client); it != sources.end()) return it->second;
        return "";
    };
    auto fill_order = [](RequestRow& row, const OrderTrace& o) {
        row.order = o.key;
        row.amount = o.amount;
        row.status = display_status(o);
    };
    for (const auto& [call, o] : order_of_inquiry) fill_order(r.rows[inquiry_at[call]], *o);
    for (const auto* o : by_time) {
        const std::string source = source_of_order(*o);
        auto made_from = order_of_inquiry.find(o->call);
        const bool on_its_inquiry = made_from != order_of_inquiry.end() && made_from->second == o;
        for (GroupTotals* g : {&group(src, source), &group(mgr, o->manager), &r.total}) {
            count_order(*g, *o);
            if (on_its_inquiry) {
                ++g->lead_count;
                g->lead_seconds += o->created.seconds() - r.rows[inquiry_at[o->call]].time.seconds();
            }
        }
        if (on_its_inquiry) continue;  // shown on its inquiry's row
        RequestRow row;
        row.time = o->created;
        row.kind = "order";
        row.id = o->key;
        row.channel = o->payment;
        row.client = o->client;
        row.client_name = o->client_name;
        row.source = source;
        row.manager = o->manager;
        fill_order(row, *o);
        r.rows.push_back(std::move(row));
    }
    std::map<std::string, GroupTotals> by_month;
    for (const auto& [order, survey] : surveys)
        for (GroupTotals* g : {&group(mgr, survey.manager), &group(by_month, survey.month), &r.total}) {
            ++g->surveys;
            g->score_sum += survey.score;
        }
    for (auto& [month, g] : by_month) r.surveys_by_month.push_back(g);
    // By time, then kind and id: the inquiry rows come in journal order (sorted already
    // but for rows of one second), the order rows by creation; both kept stable, merged.
    auto earlier = [](const RequestRow& a, const RequestRow& b) {
        return a.time != b.time ? a.time < b.time : a.kind != b.kind ? a.kind < b.kind : a.id < b.id;
    };
    const auto orders_begin = r.rows.begin() + static_cast<std::ptrdiff_t>(inquiry_rows);
    if (!std::is_sorted(r.rows.begin(), orders_begin, earlier)) std::stable_sort(r.rows.begin(), orders_begin, earlier);
    std::stable_sort(orders_begin, r.rows.end(), earlier);
    std::inplace_merge(r.rows.begin(), orders_begin, r.rows.end(), earlier);
    for (auto& [name, g] : src)
        if (!name.empty()) r.by_source.push_back(g);
    if (src.count("")) r.by_source.push_back(src[""]);
    for (auto& [name, g] : mgr) r.by_manager.push_back(g);
    return r;
}

std::vector<FunnelStage> funnel_of(const RequestsReport& r) {
    return {{"inquiries", r.total.inquiries}, {"orders", r.total.orders}, {"confirmed", r.total.confirmed},
            {"paid", r.total.paid}, {"shipped", r.total.shipped}};
}

std::vector<ControlRow> build_control_report(const Journal& journal, const DateTime& as_of, const Process& process, const Staff& staff) {
    OrderReplay replay;
    std::map<std::string, Event> open_claims;  // claim key → its claim.new row (lib/procedure/claims.h)
    std::set<std::string> resolved_claims;
    JournalFilter up_to;
    up_to.until = as_of;
    up_to.kinds = {"order.", "claim."};
    journal.for_each(
        "0000-00", as_of.date.month_key(),
        [&](const Event& e) {
            replay.apply(e);
            // A resolve wins whatever the order of rows with the same time (different segments).
            if (e.kind == "claim.new") open_claims[strip_prefix(e.object, "claim:")] = e;
            else if (e.kind == "claim.resolve") resolved_claims.insert(strip_prefix(e.object, "claim:"));
        },
        nullptr, up_to);
    for (const auto& k : resolved_claims) open_claims.erase(k);
    std::vector<ControlRow> out;
    // Open client claims (5.2.8): owed by the head of sales until claim resolve.
    for (const auto& [key, e] : open_claims) {
        ControlRow row;
        row.order = str_of(e.data, "order");
        row.client_name = str_of(e.data, "client");
        row.manager = str_of(e.data, "manager");
        if (auto it = replay.orders().find(row.order); it != replay.orders().end()) row.payment = it->second.payment;
        row.status = "claim:" + key;
        row.step = "5.2.8";
        row.since = e.time;
        const Step* step = process.find("5.2.8");
        row.step_name = (step ? step->name + ": " : std::string()) + "претензия " + key;
        if (step) row.deadline_hours = step->deadline_hours;
        row.roles = {"head_of_sales"};
        for (const auto* m : staff.with_role("head_of_sales")) row.owed_by.push_back(m->login);
        row.waiting_hours = std::max<std::int64_t>(0, (as_of.seconds() - row.since.seconds()) / 3600);
        out.push_back(std::move(row));
    }
    for (const auto& [key, o] : replay.orders()) {
        if (o.status == order_status::cancelled || o.status == order_status::shipped) continue;
        if (o.payment != "cash" && o.payment != "noncash") continue;
        const auto& path = path_steps(parse_payment(o.payment));
        auto next = std::find_if(path.begin(), path.end(), [&](const std::string& s) { return !o.done.count(s); });
        if (next == path.end()) continue;
        ControlRow row;
        row.order = key;
        row.client_name = o.client_name;
        row.manager = o.manager;
        row.payment = o.payment;
        row.status = o.status;
        row.step = *next;
        row.since = o.created;
        if (next != path.begin())
            if (auto it = o.done.find(*(next - 1)); it != o.done.end()) row.since = it->second;
        const Step* step = process.find(*next);
        if (step) {
            row.step_name = step->name;
            row.deadline_hours = step->deadline_hours;
            row.roles = step->responsible.empty() ? step->performers : step->responsible;
        }
        auto has = [&](const std::string& role) {
            return step && (std::count(step->responsible.begin(), step->responsible.end(), role) +
                            std::count(step->performers.begin(), step->performers.end(), role)) > 0;
        };
        if (o.lead_time == "open" && (row.step == "5.2.3.2" || row.step == "5.2.3.7")) {
            row.roles = {"head_of_planning"};
            for (const auto* m : staff.with_role("head_of_planning")) row.owed_by.push_back(m->login);
        } else if (has("sales_manager") && !o.manager.empty()) {
            row.owed_by.push_back(o.manager);
        } else {
            std::set<std::string> seen;
            for (const auto& role : row.roles)
                for (const auto* m : staff.with_role(role))
                    if (seen.insert(m->login).second) row.owed_by.push_back(m->login);
        }
        if (o.done.count("5.2.4.4"))
            for (const char* role : {"head_of_planning", "head_of_sales"})
                for (const auto* m : staff.with_role(role))
                    if (!std::count(row.owed_by.begin(), row.owed_by.end(), m->login) &&
                        !std::count(row.informed.begin(), row.informed.end(), m->login))
                        row.informed.push_back(m->login);
        row.waiting_hours = std::max<std::int64_t>(0, (as_of.seconds() - row.since.seconds()) / 3600);
        out.push_back(std::move(row));
    }
    std::stable_sort(out.begin(), out.end(), [](const ControlRow& a, const ControlRow& b) {
        if (a.overdue() != b.overdue()) return a.overdue();
        auto late = [](const ControlRow& r) { return r.waiting_hours - r.deadline_hours; };
        if (a.overdue() && late(a) != late(b)) return late(a) > late(b);
        if (a.waiting_hours != b.waiting_hours) return a.waiting_hours > b.waiting_hours;
        return a.order < b.order;
    });
    return out;
}

std::vector<ControlRow> todo_of(const std::vector<ControlRow>& rows, const StaffMember& who) {
    std::vector<ControlRow> out;
    for (const auto& r : rows) {
        bool mine = std::count(r.owed_by.begin(), r.owed_by.end(), who.login) + std::count(r.informed.begin(), r.informed.end(), who.login) > 0;
        if (r.owed_by.empty())
            for (const auto& role : r.roles) mine = mine || who.has_role(role);
        if (mine) out.push_back(r);
    }
    return out;
}

}  // namespace gefest
