// The subcommands of gefest order (lib/procedure/order_steps.h): checks, writes and
// journal rows of each, in the order the front end used to do them, so errors and
// output stay as they were.
#include "procedure/order_steps.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/calls.h"
#include "procedure/catalog.h"
#include "procedure/clients.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/tax.h"
#include "store/fsio.h"

namespace gefest {

namespace {

Order load(Session& session, const OrderRef& ref) { return load_order(session.store(), year_or_this(ref.year), ref.number); }

// Every order.* row written after a change of заказ.toml carries the order's status.
template <typename Row>
void record(Session& session, Row row, const Order& order) {
    row.status = order.status;
    session.record(events::make_event(row, "order:" + order.key()));
}

// The order's lines: --item specs, else the products of the inquiry it is made from.
struct NewOrderInput {
    std::int64_t client = 0;
    std::vector<ItemSpec> specs;
};

NewOrderInput new_order_input(Session& session, const NewOrderOptions& opt) {
    if ((opt.client != 0) == !opt.call.empty()) throw Error(Errc::usage, tr("give exactly one of --client ID and --call ID"));
    NewOrderInput in;
    for (const auto& i : opt.items) in.specs.push_back(parse_item_spec(i));
    in.client = opt.client;
    if (!opt.call.empty()) {
        auto inq = find_inquiry(session.store(), opt.call);
        if (!inq) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no inquiry '{}' in the journal")), opt.call));
        if (inq->client == 0) throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry '{}' has no client")), opt.call));
        in.client = inq->client;
        if (in.specs.empty())
            for (const auto& p : inq->products) {
                if (p.qty <= 0)
                    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("inquiry '{}' does not say how many '{}': give --item SKU:QTY")), opt.call, p.sku));
                in.specs.push_back({p.sku, p.qty, std::nullopt});
            }
    }
    if (in.specs.empty() && opt.nonstandard.empty()) throw Error(Errc::usage, tr("an order needs at least one --item SKU:QTY or --nonstandard TEXT"));
    return in;
}

Catalog load_catalog_for(Session& session, bool needed) {
    const RecordRef catalog{Record::catalog};
    auto text = session.store().read(catalog).content;
    if (!text && needed) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), session.store().where(catalog)));
    return text ? parse_catalog(*text, session.store().where(catalog)) : Catalog{};
}

}  // namespace

OrderMade order_new(Session& session, const NewOrderOptions& opt) {
    session.writing();
    Payment pay = parse_payment(opt.payment);
    session.require_step(path_steps(pay).front());
    NewOrderInput in = new_order_input(session, opt);
    const Share& share = session.share();
    const Client client = ClientLookup(session.store()).require(in.client);
    std::string manager = opt.manager;
    if (manager.empty()) manager = !client.manager.empty() ? client.manager : session.actor().login;
    check_manager(session.process(), session.staff(), manager);
    Catalog catalog = load_catalog_for(session, !in.specs.empty());
    Order o;
    DateTime t = now();
    o.year = t.date.year;
    o.date = t.date.iso();
    o.client_id = client.id;
    o.client_name = client.name;
    o.client_inn = client.inn;
    o.client_kpp = client.kpp;
    o.manager = manager;
    o.created_by = session.actor().login;
    o.payment = pay;
    o.vat_included = share.settings().vat_included;
    o.items = items_from_catalog(in.specs, catalog, session.store().name({Record::catalog}));
    for (const auto& n : opt.nonstandard) o.items.push_back(nonstandard_item(n, vat_rate_on(share.settings(), o.date)));
    o.steps = make_checklist(pay, session.process());
    o.call = events::key_of(opt.call, "call:");
    OrderMade out{create_order(session, o), {}, {}};
    out.total = order_totals(share.settings(), out.order).total;
    if (!o.call.empty()) {
        // The files that came with the inquiry (5.2.5) are the order's documents now. An
        // inquiry id is YEAR-N, like an invoice key.
        const auto [cy, cn] = parse_invoice_key(o.call, o.year);
        Store& store = session.store();
        for (const auto& f : store.copy_documents(store.inquiry_folder(cy, cn), store.documents_folder({Record::order, out.order.year, out.order.number})))
            out.documents.push_back(f.filename().string());
    }
    events::OrderNew row{.client = out.order.client_id, .client_name = out.order.client_name, .manager = out.order.manager,
                         .payment = payment_code(pay), .call = opt.call, .total = out.total,
                         .items = static_cast<std::int64_t>(out.order.items.size()), .documents = out.documents};
    record(session, row, out.order);
    return out;
}

namespace {

// The rows of one order line: one per warehouse holding its SKU.
void stock_lines(const Stock& stock, const Reservations& res, const Order& o, int line, std::vector<OrderStockLine>& out) {
    const OrderItem& i = o.items[static_cast<size_t>(line - 1)];
    OrderStockLine row;
    row.line = line;
    row.sku = i.sku;
    row.name = i.name;
    row.qty = i.qty;
    if (i.sku.empty()) return out.push_back(row);
    Quantity can = 0;
    auto levels = stock_levels(stock, res, i.sku, o.key());
    for (const auto& v : levels) can += std::max<Quantity>(0, v.available) + v.reserved_here;
    row.shortage = i.qty > can ? i.qty - can : 0;
    if (levels.empty()) {
        row.in_stock_register = false;
        return out.push_back(row);
    }
    for (const auto& v : levels) {
        row.warehouse = v.warehouse;
        row.on_hand = v.on_hand;
        row.reserved = v.reserved;
        row.available = v.available;
        out.push_back(row);
    }
}

// "в наличии", or "нехватка: ПК-100 −2, …" (journal and заказ.toml text, not a message).
std::string stock_note(const std::vector<OrderStockLine>& lines) {
    std::vector<std::string> short_skus;
    int last = 0;
    for (const auto& l : lines) {
        if (l.line == last) continue;  // the next warehouse of the same line
        last = l.line;
        if (l.shortage) short_skus.push_back(fmt::format("{} −{}", l.sku, l.shortage));
    }
    return short_skus.empty() ? "в наличии" : fmt::format("нехватка: {}", fmt::join(short_skus, ", "));
}

}  // namespace

OrderStock order_stock(Session& session, const OrderRef& ref) {
    OrderStock out;
    out.order = load(session, ref);
    const std::string step = out.order.payment == Payment::cash ? "5.2.3.6" : "5.2.3.1";
    out.marked = out.order.step(step) && !out.order.step(step)->done();
    if (out.marked) {
        session.writing();
        session.require_order_step(step, "", out.order.manager, out.order.key());
        order_can_do(out.order, step);
    }
    Stock stock = load_stock(session.store());
    Reservations res = load_reservations(session.store());
    for (size_t n = 0; n < out.order.items.size(); ++n) stock_lines(stock, res, out.order, static_cast<int>(n + 1), out.lines);
    if (!out.marked) return out;
    const std::string note = stock_note(out.lines), who = session.actor().login, at = now().iso();
    out.order = change_order(session, out.order.year, out.order.number, [&](Order& x) {
        order_can_do(x, step);
        mark_step_done(x, step, who, at, note);
    });
    record(session, events::OrderStep{.step = step, .note = note}, out.order);
    return out;
}

Order order_lead_time(Session& session, const OrderLeadTimeOptions& opt) {
    if ((opt.ask ? 1 : 0) + (opt.accept ? 1 : 0) + (opt.days != 0 ? 1 : 0) != 1)
        throw Error(Errc::usage, tr("give exactly one of --ask, --days D and --accept"));
    session.writing();
    const std::string action = opt.days != 0 ? "answer" : opt.ask ? "ask" : "accept";
    session.require_step("5.2.3.2", action);
    Order o = load(session, opt.order);
    session.require_order_step("5.2.3.2", action, o.manager, o.key());
    lead_time_can_do(o);
    const std::string who = session.actor().login, at = now().iso();
    o = change_order(session, o.year, o.number, [&](Order& x) {
        lead_time_can_do(x);
        if (opt.ask) lead_time_ask(x, who, at, opt.note);
        else if (opt.accept) lead_time_accept(x, who, at);
        else lead_time_answer(x, who, at, opt.days, opt.note);
    });
    const LeadTimeEntry& e = o.lead_time.back();
    record(session, events::OrderLeadTime{.kind_of = e.kind, .days = e.days, .note = e.note, .promised = o.promised}, o);
    return o;
}

Order order_price(Session& session, const OrderPriceOptions& opt) {
    session.writing();
    session.require_step("5.2.7", "price");
    Money price = parse_money(opt.price);
    const std::string who = session.actor().login;
    Order o = change_order(session, year_or_this(opt.order.year), opt.order.number,
                           [&](Order& x) { set_nonstandard_price(x, opt.line, price, who); });
    record(session, events::OrderPrice{.line = opt.line, .price = price}, o);
    return o;
}

Order order_cash(Session& session, const OrderCashOptions& opt) {
    const bool has_reason = opt.reason.find_first_not_of(" \t") != std::string::npos;
    if (!opt.override_stock && !opt.reason.empty()) throw Error(Errc::usage, tr("--reason goes with --override-stock"));
    if (opt.override_stock && !has_reason) throw Error(Errc::usage, tr("--override-stock needs --reason saying why"));
    session.writing();
    session.require_step("5.2.3.7");
    Order o = load(session, opt.order);
    session.require_order_step("5.2.3.7", "", o.manager, o.key());
    order_can_do(o, "5.2.3.7");
    check_confirmable(o);
    std::vector<Want> wants;
    for (const auto& i : o.items)
        if (!i.sku.empty()) wants.push_back({i.sku, i.qty});
    const auto short_of = stock_shortages(load_stock(session.store()), load_reservations(session.store()), o.key(), wants);
    std::string note;
    if (!short_of.empty()) {
        std::vector<std::string> what;
        for (const auto& s : short_of) what.push_back(fmt::format(fmt::runtime(tr("{}: asked {}, available {}")), s.sku, s.asked, s.available));
        const std::string list = fmt::format("{}", fmt::join(what, "; "));
        if (!opt.override_stock)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("cash order {} is short of stock ({}); the client cannot take it from the warehouse. "
                                                                  "Register it anyway with: gefest order cash {} --override-stock --reason T")),
                                                 o.key(), list, o.number));
        note = fmt::format("без остатка ({}): {}", list, opt.reason);
    }
    o = confirm_order(session, o, "5.2.3.7", session.actor().login, now().iso(), [&](Order& x) {
        if (!note.empty()) x.step("5.2.3.7")->note = note;
    });
    record(session, events::OrderStep{.step = "5.2.3.7", .note = note}, o);
    return o;
}

OrderContractDone order_contract(Session& session, const OrderContractOptions& opt) {
    session.writing();
    session.require_step("5.2.3.4");
    const Order before = load(session, opt.order);
    session.require_order_step("5.2.3.4", "", before.manager, before.key());
    OrderContractDone out;
    out.contract = make_contract(session, year_or_this(opt.order.year), opt.order.number, opt.date, session.actor().login, opt.reason);
    out.order = load(session, opt.order);
    record(session,
           events::OrderStep{.step = "5.2.3.4", .contract = out.contract.number, .contract_date = out.contract.date, .date_reason = opt.reason},
           out.order);
    return out;
}

Order order_cancel(Session& session, const OrderCancelOptions& opt) {
    session.writing();
    if (opt.reason.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::usage, tr("--reason must say why"));
    Order o = load(session, opt.order);
    const std::string who = session.actor().login;
    if (who != o.manager && !session.actor_is_owner())
        throw Error(Errc::refused,
                    fmt::format(fmt::runtime(tr("only the order's manager '{}' or the head of sales may cancel order {}")), o.manager, o.key()));
    // Its open invoice is cancelled with it; money received is not dropped silently.
    auto check = [&](const Order& x) -> std::optional<Invoice> {
        if (x.status == order_status::cancelled || x.status == order_status::shipped)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is {} and cannot be cancelled")), x.key(), x.status));
        if (!x.cash_receipt.empty())
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is paid in cash (receipt {}): return the money before it is cancelled")),
                                                 x.key(), x.cash_receipt));
        if (x.invoice.empty()) return std::nullopt;
        auto [iy, in] = parse_invoice_key(x.invoice, x.year);
        Invoice inv = load_invoice(session.store(), iy, in);
        if (inv.paid.kopecks != 0 || inv.status == invoice_status::paid || inv.status == invoice_status::partly_paid)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} of order {} is paid ({} of {}): return the money before the order is "
                                                                  "cancelled")),
                                                 inv.key(), x.key(), format_money(inv.paid), format_money(inv.total)));
        if (inv.status == invoice_status::cancelled) return std::nullopt;
        return inv;
    };
    std::optional<Invoice> inv = check(o);
    const std::string at = now().iso();
    o = change_order(session, o.year, o.number, [&](Order& x) {
        inv = check(x);
        x.status = order_status::cancelled;
        x.cancel_reason = opt.reason;
        x.cancelled_by = who;
        x.cancelled_at = at;
    });
    release_order_stock(session.store(), o.key());
    if (inv) change_invoice(session.store(), inv->year, inv->number, [](Invoice& i) { i.status = invoice_status::cancelled; });
    record(session, events::OrderCancel{.reason = opt.reason, .invoice = inv ? inv->key() : ""}, o);
    if (inv)
        session.record(events::make_event(
            events::InvoiceCancel{.order = o.key(), .reason = opt.reason, .status = invoice_status::cancelled}, "invoice:" + inv->key()));
    return o;
}

namespace {

// The clients of `orders`, looked up in the client base's index: a few kilobytes read,
// not the whole base. A client missing from the base is simply not there (the export
// names the order's client as the order has it).
ClientBase clients_of(Session& session, const std::vector<Order>& orders) {
    const ClientLookup lookup(session.store());
    ClientBase out;
    for (const auto& o : orders)
        if (!out.by_id(o.client_id))
            if (auto c = lookup.by_id(o.client_id)) out.add(std::move(*c));
    return out;
}

}  // namespace

OrderExported order_export_1c(Session& session, const OrderExportOptions& opt) {
    session.writing();
    session.require_step("5.2.3.3");
    OrderExported out;
    for (auto n : opt.numbers) {
        Order o = load(session, {n, opt.year});
        session.require_order_step("5.2.3.3", "", o.manager, o.key());
        if (o.payment == Payment::cash)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is a cash order: it is registered with gefest order cash {}")), o.key(), n));
        order_can_do(o, "5.2.3.3");
        check_confirmable(o);
        out.orders.push_back(o);
    }
    load_stock(session.store());  // confirming reserves stock: a missing register fails here, before any write
    const DateTime at = now();
    // 1C matches products by the GUIDs import-1c kept, and the client by its requisites.
    const Catalog catalog = load_catalog_for(session, false);
    const ClientBase clients = clients_of(session, out.orders);
    out.xml = export_orders_cml(out.orders, session.settings(), at, {&catalog, &clients});
    if (!opt.output.empty()) fsio::write_atomic(opt.output, out.xml);
    for (auto& d : out.orders) {
        d = confirm_order(session, d, "5.2.3.3", session.actor().login, at.iso(), [&](Order& x) { x.exported_1c = at.iso(); });
        record(session, events::OrderExport1c{.step = "5.2.3.3", .file = opt.output}, d);
    }
    return out;
}

CmlImportResult order_import_1c(Session& session, const std::vector<std::string>& files) {
    session.writing();
    session.require_step(step_id::catalog);
    CmlImportResult r = import_cml(session.store(), files);
    events::CatalogImport1c row{.files = files, .added = r.counts.added, .updated = r.counts.updated, .prices = r.counts.prices,
                                .stock_rows = r.counts.stock_rows, .skipped = static_cast<std::int64_t>(r.skipped.size())};
    session.record(events::make_event(row, "catalog"));
    return r;
}

namespace {

std::string staff_label(Session& session, const std::string& login) {
    const StaffMember* m = session.staff().find(login);
    return m ? fmt::format("{} ({})", login, m->name) : login;
}

// Who owes `s` (who_owes, with the roles written on the order's checklist) as the front
// end shows it: the manager or the helpers by name, else the roles by their names.
std::string owes_text(Session& session, const Order& o, const OrderStep& s) {
    Step step;
    step.id = s.id;
    step.responsible = s.responsible;
    step.performers = s.performers;
    OwedBy owed = who_owes(session.process(), session.staff(), step, lead_time_state(o), o.manager);
    std::vector<std::string> names;
    if (owed.who != OwedBy::Who::roles)
        for (const auto& login : owed.logins) names.push_back(staff_label(session, login));
    if (names.empty())
        for (const auto& role : owed.roles) names.push_back(session.process().role_name(role));
    return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

OrderView order_show(Session& session, const OrderRef& ref) {
    OrderView v;
    v.order = load(session, ref);
    v.totals = order_totals(session.settings(), v.order);
    v.manager = staff_label(session, v.order.manager);
    if (const OrderStep* next = order_next_step(v.order)) {
        v.next_step = next->id;
        v.next_name = next->name;
        v.next_owes = owes_text(session, v.order, *next);
    }
    v.documents = order_documents(session, v.order);
    return v;
}

std::vector<OrderIndexRow> order_list(Session& session, const OrderListOptions& opt) {
    // Listing brings the file people open up to date too; a share this login may not
    // write is listed from the notes in memory.
    const int year = year_or_this(opt.year);
    std::vector<OrderIndexRow> rows;
    try {
        rows = refresh_order_index(session.store(), session.settings(), year);
    } catch (const Error& e) {
        if (e.code() != Errc::io) throw;
        rows = load_order_index(session.store(), session.settings(), year);
    }
    std::erase_if(rows, [&](const OrderIndexRow& r) {
        return (!opt.status.empty() && r.status != opt.status) || (!opt.manager.empty() && r.manager != opt.manager);
    });
    return rows;
}

}  // namespace gefest
