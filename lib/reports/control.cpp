// Process control (5.2.9): the open steps of orders, inquiries and claims, and the
// invoices to watch, as rows owed by people (`report control`, `report todo`). The open
// work itself is replayed from the journal (OpenWork, reports/open_work.h).
#include "reports/open_work.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/money.h"
#include "procedure/events/after_sales.h"
#include "procedure/inquiry_follow_up.h"
#include "procedure/order.h"

namespace gefest {

namespace {

std::int64_t hours_between(const DateTime& since, const DateTime& as_of) {
    return std::max<std::int64_t>(0, (as_of.seconds() - since.seconds()) / 3600);
}

// Open client claims (5.2.8): owed by the owner of the process until claim resolve.
void add_claim_rows(const std::map<std::string, Event>& open_claims, const OrderReplay& replay, const DateTime& as_of, const Process& process,
                    const Staff& staff, std::vector<ControlRow>& out) {
    const Step* step = process.find("5.2.8");
    for (const auto& [key, e] : open_claims) {
        const auto claim = events::read_event<events::ClaimNew>(e);
        ControlRow row;
        row.order = claim.order;
        row.client_name = claim.client;
        row.manager = claim.manager;
        if (auto it = replay.orders().find(row.order); it != replay.orders().end()) row.payment = it->second.payment;
        row.status = "claim:" + key;
        row.step = "5.2.8";
        row.since = e.time;
        row.step_name = (step ? step->name + ": " : std::string()) + "претензия " + key;
        if (step) row.deadline_hours = step->deadline_hours;
        row.roles = process.owner_roles();
        for (const auto* m : staff.with_any_role(row.roles)) row.owed_by.push_back(m->login);
        row.waiting_hours = hours_between(row.since, as_of);
        out.push_back(std::move(row));
    }
}

// Open inquiries (5.2.1–5.2.2): owed by their manager until an order or an outcome.
void add_inquiry_rows(const std::vector<Inquiry>& open, const DateTime& as_of, const Process& process, const Staff& staff,
                      std::vector<ControlRow>& out) {
    for (const auto& q : open) {
        ControlRow row;
        row.client_name = q.client_name;
        row.manager = q.manager;
        row.status = "call:" + q.id;
        row.step = inquiry_step(q.channel);
        row.since = q.time;
        Step unknown;
        unknown.id = row.step;
        const Step* step = process.find(row.step);
        row.step_name = (step ? step->name + ": " : std::string()) + "обращение " + q.id;
        if (step) row.deadline_hours = step->deadline_hours;
        OwedBy owed = who_owes(process, staff, step ? *step : unknown, "", q.manager);
        row.roles = owed.roles;
        row.owed_by = owed.logins;
        row.waiting_hours = hours_between(row.since, as_of);
        out.push_back(std::move(row));
    }
}

// Once the shipping order is made (5.2.4.4) and until the order ships, planning (who
// answers lead-time questions) and the owner of the process see it: the warehouse ships
// on planning's word (issue 7).
std::vector<std::string> informed_roles(const Process& process) {
    std::vector<std::string> roles;
    if (const Step* lead_time = process.find("5.2.3.2")) roles = process.helper_roles(*lead_time, "answer");
    for (const auto& r : process.owner_roles()) roles.push_back(r);
    return roles;
}

// The control row of an open order's next step `next` of its path. Who owes it and who is
// informed depends on its next step, lead time, manager and whether its shipping order
// is made, nothing else: the derived state keeps orders in sections by them
// (open_work_state.cpp); as an inquiry's row on its channel and manager.
ControlRow order_row(const OrderTrace& o, const std::vector<std::string>& path, std::vector<std::string>::const_iterator next,
                     const DateTime& as_of, const Process& process, const Staff& staff) {
    ControlRow row;
    row.order = o.key;
    row.client_name = o.client_name;
    row.manager = o.manager;
    row.payment = o.payment;
    row.status = o.status;
    row.step = *next;
    row.since = o.created;
    if (next != path.begin())
        if (auto it = o.done.find(*(next - 1)); it != o.done.end()) row.since = it->second;
    Step unknown;
    unknown.id = *next;
    const Step* step = process.find(*next);
    if (step) {
        row.step_name = step->name;
        row.deadline_hours = step->deadline_hours;
    }
    OwedBy owed = who_owes(process, staff, step ? *step : unknown, o.lead_time, o.manager);
    row.roles = owed.roles;
    row.owed_by = owed.logins;
    if (o.done.count("5.2.4.4"))
        for (const auto& role : informed_roles(process))
            for (const auto* m : staff.with_role(role))
                if (!std::count(row.owed_by.begin(), row.owed_by.end(), m->login) && !std::count(row.informed.begin(), row.informed.end(), m->login))
                    row.informed.push_back(m->login);
    row.waiting_hours = hours_between(row.since, as_of);
    return row;
}

}  // namespace

std::optional<std::string> next_control_step(const OrderTrace& o) {
    if (o.status == order_status::cancelled || o.status == order_status::shipped) return std::nullopt;
    if (o.payment != "cash" && o.payment != "noncash") return std::nullopt;
    const auto& path = path_steps(parse_payment(o.payment));
    auto next = std::find_if(path.begin(), path.end(), [&](const std::string& s) { return !o.done.count(s); });
    if (next == path.end()) return std::nullopt;
    return *next;
}

std::vector<ControlRow> control_rows(const OpenWork& work, const DateTime& as_of, const Process& process, const Staff& staff) {
    std::vector<ControlRow> out;
    add_claim_rows(work.open_claims(), work.orders(), as_of, process, staff, out);
    add_inquiry_rows(work.open_inquiries(), as_of, process, staff, out);
    for (const auto& [key, o] : work.orders().orders()) {
        const auto step = next_control_step(o);
        if (!step) continue;
        const auto& path = path_steps(parse_payment(o.payment));
        out.push_back(order_row(o, path, std::find(path.begin(), path.end(), *step), as_of, process, staff));
    }
    for (auto& r : invoice_watch_rows(work.open_invoices(), as_of, process, staff)) out.push_back(std::move(r));
    sort_control_rows(out);
    return out;
}

std::vector<ControlRow> build_control_report(const Journal& journal, const DateTime& as_of, const Process& process, const Staff& staff) {
    return control_rows(replay_open_work(journal, as_of), as_of, process, staff);
}

void sort_control_rows(std::vector<ControlRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const ControlRow& a, const ControlRow& b) {
        if (a.overdue() != b.overdue()) return a.overdue();
        auto late = [](const ControlRow& r) { return r.waiting_hours - r.deadline_hours; };
        if (a.overdue() && late(a) != late(b)) return late(a) > late(b);
        if (a.waiting_hours != b.waiting_hours) return a.waiting_hours > b.waiting_hours;
        if (a.order != b.order) return a.order < b.order;
        return a.status < b.status;
    });
}

std::vector<ControlRow> invoice_watch_rows(const std::vector<Invoice>& invoices, const DateTime& as_of, const Process& process,
                                           const Staff& staff) {
    std::vector<ControlRow> out;
    const Step* step = process.find("5.2.4.3");
    if (!step) return out;
    // Watching the money is the work of the step's roles but the order's manager (told
    // when it is paid) and the owner (who owes the order's own 5.2.4.3 row): the
    // accountant in the default matrix; the owner when nobody else is left.
    std::vector<std::string> others = process.client_manager_roles();
    for (const auto& r : process.owner_roles()) others.push_back(r);
    std::vector<std::string> roles;
    for (const auto& r : process.roles_for(*step, ""))
        if (std::find(others.begin(), others.end(), r) == others.end()) roles.push_back(r);
    if (roles.empty()) roles = process.owner_roles();
    for (const auto& inv : invoices) {
        if (inv.status != invoice_status::issued && inv.status != invoice_status::sent && inv.status != invoice_status::partly_paid) continue;
        Date issued, due;
        if (!Date::try_parse(inv.date, issued) || !Date::try_parse(inv.due, due)) continue;
        const DateTime since{issued, 0, 0, 0};
        if (as_of < since) continue;
        ControlRow row;
        row.order = inv.order;
        row.client_name = inv.client;
        row.payment = "noncash";
        row.status = "invoice:" + inv.key();
        row.step = step->id;
        row.step_name = fmt::format("{}: счет {}, оплатить до {}, остаток {}", step->name, inv.key(), due.russian(), format_money(inv.total - inv.paid));
        row.since = since;
        row.roles = roles;
        for (const auto* m : staff.with_any_role(roles)) row.owed_by.push_back(m->login);
        // Due by the end of the due date: overdue from the next day on.
        row.deadline_hours = static_cast<int>((DateTime{due.plus_days(1), 0, 0, 0}.seconds() - since.seconds()) / 3600);
        row.waiting_hours = hours_between(since, as_of);
        out.push_back(std::move(row));
    }
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
