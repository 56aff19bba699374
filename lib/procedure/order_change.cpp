// Changing an order after it is made (lib/procedure/order_change.h): its lines, its
// manager, and a leaving manager's clients and orders handed over.
#include "procedure/order_change.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "procedure/catalog.h"
#include "procedure/clients.h"
#include "procedure/events/clients.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"

namespace gefest {

namespace {

int year_of(int year) { return year ? year : now().date.year; }

// "SKU:VALUE" split at its last ':' (a SKU may hold none, an amount none either).
std::pair<std::string, std::string> split_spec(const std::string& text, const std::string& option, const std::string& shape) {
    const size_t p = text.rfind(':');
    if (p == std::string::npos || p == 0 || p + 1 == text.size())
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("{} '{}' is not {}")), option, input::shown(text), shape));
    return {text.substr(0, p), text.substr(p + 1)};
}

OrderItem& line_of(Order& o, const std::string& sku) {
    auto it = std::find_if(o.items.begin(), o.items.end(), [&](const OrderItem& i) { return !i.sku.empty() && i.sku == sku; });
    if (it == o.items.end()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is not on order {}")), input::shown(sku), o.key()));
    return *it;
}

Quantity parse_qty(const std::string& q, const std::string& sku) {
    const bool digits = !q.empty() && q.size() <= 12 && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoll(q) <= 0)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("quantity '{}' of '{}' is not a whole number above 0 (to drop the line: --remove {})")),
                                            input::shown(q), sku, sku));
    return std::stoll(q);
}

// The order's invoice as the register has it now (none: it has none).
std::optional<Invoice> invoice_of(Store& store, const Order& o) {
    if (o.invoice.empty()) return std::nullopt;
    auto [year, number] = parse_invoice_key(o.invoice, o.year);
    return load_invoice(store, year, number);
}

// Days from the invoice's date to its due date: the new invoice keeps the payment term.
int due_days_of(const Invoice& inv) {
    const int days = static_cast<int>(Date::parse(inv.due, "due").days() - Date::parse(inv.date, "date").days());
    return std::clamp(days, 0, 365);
}

void reopen_step(Order& o, const std::string& id) {
    if (OrderStep* s = o.step(id)) s->done_by.clear(), s->done_at.clear(), s->note.clear();
}

// The order's manager (with the role of the path's first step on it) or the owner of the
// process (Process::owner_roles), who may act on any order.
void require_order_owner(Session& session, const Order& o) {
    if (session.actor_is_owner()) return;
    session.require_order_step(path_steps(o.payment).front(), "", o.manager, o.key());
}

}  // namespace

void order_change_can_do(const Order& o, const Invoice* inv) {
    auto refuse = [&](const std::string& why) {
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} cannot be changed: {}")), o.key(), why));
    };
    if (o.status == order_status::cancelled) refuse(tr("it is cancelled"));
    if (o.status == order_status::shipped || !o.shipments.empty()) refuse(tr("goods of it have shipped"));
    if (!o.cash_receipt.empty()) refuse(fmt::format(fmt::runtime(tr("its cash was received (receipt {})")), o.cash_receipt));
    if (inv && (inv->paid.kopecks != 0 || inv->status == invoice_status::paid || inv->status == invoice_status::partly_paid))
        refuse(fmt::format(fmt::runtime(tr("invoice {} is paid ({} of {}); a paid invoice is not cancelled silently: cancel the order "
                                           "after the money is returned, or make a new order for the difference")),
                           inv->key(), format_money(inv->paid), format_money(inv->total)));
    for (const char* step : {"5.2.4.3", "5.2.4.1", "5.2.4.4"})
        if (const OrderStep* s = o.step(step); s && s->done())
            refuse(fmt::format(fmt::runtime(tr("step {} «{}» is done")), s->id, s->name));
}

std::vector<std::string> apply_order_change(Order& o, const OrderChangeOptions& opt, const Catalog& catalog, const std::string& catalog_file) {
    if (opt.add.empty() && opt.remove.empty() && opt.qty.empty() && opt.price.empty())
        throw Error(Errc::usage, tr("say what changes: --add SKU:QTY[:PRICE], --remove SKU, --qty SKU:QTY or --price SKU:PRICE"));
    std::vector<std::string> changes;
    std::set<std::string> removed;
    for (const auto& sku : opt.remove) {
        line_of(o, sku);  // not_found names it
        if (!removed.insert(sku).second) continue;
        std::erase_if(o.items, [&](const OrderItem& i) { return i.sku == sku; });
        changes.push_back("−" + sku);
    }
    for (const auto& spec : opt.qty) {
        auto [sku, text] = split_spec(spec, "--qty", "SKU:QTY");
        OrderItem& i = line_of(o, sku);
        const Quantity q = parse_qty(text, sku);
        require_line_amount(i.price, q, "--qty " + input::shown(spec));
        if (q != i.qty) changes.push_back(fmt::format("{} ×{}→{}", sku, i.qty, q));
        i.qty = q;
    }
    for (const auto& spec : opt.price) {
        auto [sku, text] = split_spec(spec, "--price", "SKU:PRICE");
        OrderItem& i = line_of(o, sku);
        const Money m = parse_money(text);
        if (m.kopecks < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("price '{}' of '{}' is negative")), input::shown(text), sku));
        require_line_amount(m, i.qty, "--price " + input::shown(spec));
        if (m != i.price) changes.push_back(fmt::format("{} {}→{}", sku, format_plain(i.price), format_plain(m)));
        i.price = m;
    }
    std::vector<ItemSpec> specs;
    for (const auto& spec : opt.add) {
        ItemSpec s = parse_item_spec(spec);
        if (std::any_of(o.items.begin(), o.items.end(), [&](const OrderItem& i) { return i.sku == s.sku; }))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is on order {} already: change its quantity with --qty {}:QTY")), s.sku, o.key(), s.sku));
        specs.push_back(s);
    }
    for (auto& item : items_from_catalog(specs, catalog, catalog_file)) {
        changes.push_back(fmt::format("+{} ×{}", item.sku, item.qty));
        o.items.push_back(std::move(item));
    }
    if (o.items.empty()) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} would have no lines left: cancel it instead (gefest order cancel {} --reason T)")), o.key(), o.number));
    if (changes.empty()) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("order {} already has these lines: nothing changes")), o.key()));
    return changes;
}

OrderChanged order_change(Session& session, const OrderChangeOptions& opt) {
    session.writing();
    Order o = load_order(session.store(), year_of(opt.order.year), opt.order.number);
    require_order_owner(session, o);
    const std::optional<Invoice> old = invoice_of(session.store(), o);
    order_change_can_do(o, old ? &*old : nullptr);
    if (old && !session.actor_is_owner()) session.require_order_step("5.2.3.5", "", o.manager, o.key());  // the new invoice: 5.2.3.5's roles
    const RecordRef catalog_ref{Record::catalog};
    const auto catalog_text = session.store().read(catalog_ref).content;
    const Catalog catalog = catalog_text ? parse_catalog(*catalog_text, session.store().where(catalog_ref)) : Catalog{};
    const std::string catalog_name = session.store().name(catalog_ref);
    Order trial = o;
    apply_order_change(trial, opt, catalog, catalog_name);  // every check of the lines before the first write
    order_totals(session.settings(), trial);
    const bool reserved = o.status == order_status::confirmed;
    if (reserved) load_stock(session.store());  // a missing stock register stops us here

    OrderChanged out;
    out.order = change_order(session, o.year, o.number, [&](Order& x) {
        std::optional<Invoice> now_inv = invoice_of(session.store(), x);
        order_change_can_do(x, now_inv ? &*now_inv : nullptr);
        out.changes = apply_order_change(x, opt, catalog, catalog_name);
        if (!x.invoice.empty()) {
            x.invoice.clear();
            reopen_step(x, "5.2.3.5");  // the new invoice is to be sent
        }
    });
    if (reserved) reserve_order_stock(session.store(), out.order);
    out.total = order_totals(session.settings(), out.order).total;
    events::OrderChange row{.changes = out.changes, .reason = opt.reason, .total = out.total};
    if (old) {
        out.cancelled = change_invoice(session.store(), old->year, old->number, [](Invoice& i) { i.status = invoice_status::cancelled; });
        IssueOptions io;
        io.due_days = due_days_of(*old);
        io.login = session.actor().login;
        out.issued = issue_invoice(session, out.order.year, out.order.number, io);
        out.order = load_order(session.store(), out.order.year, out.order.number);
        row.invoice_cancelled = old->key();
        row.invoice = out.issued->invoice.key();
        if (const OrderStep* s = o.step("5.2.3.5"); s && s->done()) row.reopened.push_back("5.2.3.5");
    }
    row.status = out.order.status;
    session.record(events::make_event(row, "order:" + out.order.key()));
    if (old) {
        const Invoice& inv = out.issued->invoice;
        events::InvoiceCancel cancel{.order = o.key(), .reason = opt.reason, .replaced_by = inv.key(), .status = invoice_status::cancelled};
        session.record(events::make_event(cancel, "invoice:" + old->key()));
        events::InvoiceIssue issue{.order = inv.order, .number = inv.number, .date = inv.date, .due = inv.due, .client = inv.client,
                                   .inn = inv.client_inn, .total = inv.total, .vat = inv.vat, .status = inv.status};
        session.record(events::make_event(issue, "invoice:" + inv.key()));
        session.record(events::make_event(events::OrderInvoice{.invoice = inv.key(), .total = inv.total}, "order:" + inv.order));
    }
    return out;
}

Order order_reassign(Session& session, const OrderReassignOptions& opt) {
    session.writing();
    Order o = load_order(session.store(), year_of(opt.order.year), opt.order.number);
    require_order_owner(session, o);
    check_manager(session.process(), session.staff(), opt.to);
    const std::string from = o.manager;
    auto check = [&](const Order& x) {
        if (x.status == order_status::cancelled || x.status == order_status::shipped)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is {}: it keeps its manager")), x.key(), x.status));
        if (x.manager == opt.to) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is {}'s already")), x.key(), opt.to));
    };
    check(o);
    o = change_order(session, o.year, o.number, [&](Order& x) {
        check(x);
        x.manager = opt.to;
    });
    session.record(events::make_event(events::OrderReassign{.from = from, .manager = o.manager, .reason = opt.reason, .status = o.status},
                                      "order:" + o.key()));
    return o;
}

StaffHandedOver staff_handover(Session& session, const StaffHandoverOptions& opt) {
    session.writing();
    session.require_own_step(step_id::staff);
    if (!session.staff().find(opt.from)) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no staff member '{}'")), opt.from));
    if (opt.from == opt.to) throw Error(Errc::usage, tr("--to must name another manager"));
    check_manager(session.process(), session.staff(), opt.to);
    const int year = now().date.year;
    std::vector<std::pair<int, std::int64_t>> open;  // read every index before the first write
    for (int y : {year - 1, year})
        for (const auto& r : load_order_index(session.store(), session.settings(), y))
            if (r.manager == opt.from && r.status != order_status::cancelled && r.status != order_status::shipped) open.push_back({y, r.number});
    StaffHandedOver out;
    std::vector<ExcelRepair> repairs;
    for (auto& [before, after] : reassign_clients(session.store(), opt.from, opt.to, &repairs)) {
        events::ClientAssign row;
        row.name = after.name;
        row.changed = change_rows(changed_fields(before, after));
        row.manager = after.manager;
        session.record(events::make_event(row, client_object(after.id)));
        out.clients.push_back(std::move(after));
    }
    record_client_repairs(session, repairs);
    for (auto [y, n] : open) {
        bool moved = false;
        Order o = change_order(session, y, n, [&](Order& x) {
            moved = x.manager == opt.from && x.status != order_status::cancelled && x.status != order_status::shipped;
            if (moved) x.manager = opt.to;
        });
        if (!moved) continue;  // closed or given away meanwhile
        session.record(events::make_event(events::OrderReassign{.from = opt.from, .manager = opt.to, .reason = opt.reason, .status = o.status},
                                          "order:" + o.key()));
        out.orders.push_back(std::move(o));
    }
    return out;
}

}  // namespace gefest
