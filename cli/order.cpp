// gefest order new|show|list|stock|lead-time|price|cash|cash-receipt|contract|change|
// reassign|cancel|export-1c|import-1c (procedure 02-006, 5.2.3.1–5.2.3.7, 5.2.7). Each
// subcommand is one function of lib/procedure/order_steps.h (change and reassign:
// order_change.h, cash-receipt: cash_order.h), which checks, writes and journals; this
// file declares the options, calls it and prints its result.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/locale_text.h"
#include "commands.h"
#include "order_documents.h"
#include "output.h"
#include "procedure/cash_order.h"
#include "procedure/order_change.h"
#include "procedure/order_steps.h"

namespace gefest::cli {

namespace {

struct OrderOptions {
    NewOrderOptions made;
    OrderRef order;
    OrderLeadTimeOptions lead_time;
    OrderPriceOptions price;
    std::string contract_date, reason;
    bool override_stock = false;
    OrderExportOptions exported;
    std::vector<std::string> files;
    OrderListOptions list;
    bool documents = false;  ///< order show --documents
    OrderChangeOptions change;
    OrderReassignOptions reassign;
    CashReceiptOptions cash;
};

nlohmann::json order_json(const OrderView& v) {
    const Order& o = v.order;
    nlohmann::json j = {{"number", o.number}, {"year", o.year}, {"key", o.key()}, {"date", o.date}, {"client_id", o.client_id},
                        {"client_name", o.client_name}, {"manager", o.manager}, {"payment", payment_code(o.payment)}, {"status", o.status},
                        {"promised", o.promised}, {"exported_1c", o.exported_1c}, {"cancel_reason", o.cancel_reason},
                        {"invoice", o.invoice}, {"cash", format_plain(o.cash)}, {"cash_receipt", o.cash_receipt}, {"cash_date", o.cash_date}};
    j["total"] = format_plain(v.totals.total);
    j["vat"] = format_plain(v.totals.vat);
    j["items"] = nlohmann::json::array();
    for (const auto& i : o.items)
        j["items"].push_back({{"sku", i.sku}, {"name", i.name}, {"qty", i.qty}, {"unit", i.unit}, {"price", format_plain(i.price)},
                              {"vat_percent", i.vat_percent}, {"nonstandard", i.nonstandard}, {"priced", i.priced}});
    j["lead_time"] = nlohmann::json::array();
    for (const auto& l : o.lead_time) j["lead_time"].push_back({{"kind", l.kind}, {"by", l.by}, {"at", l.at}, {"days", l.days}, {"note", l.note}});
    j["steps"] = nlohmann::json::array();
    for (const auto& s : o.steps)
        j["steps"].push_back({{"id", s.id}, {"name", s.name}, {"done_by", s.done_by}, {"done_at", s.done_at}, {"note", s.note}});
    j["next_step"] = v.next_step;
    j["next_owes"] = v.next_owes;
    j["documents"] = documents_json(v.documents);
    return j;
}

void print_lines(const Order& o) {
    for (size_t n = 0; n < o.items.size(); ++n) {
        const OrderItem& i = o.items[n];
        std::string what = i.sku.empty() ? tr("[non-standard] ") + i.name : i.sku + " " + i.name;
        if (!i.priced) fmt::print(fmt::runtime(tr("  {}. {} — {} {}, no price yet\n")), n + 1, what, i.qty, i.unit);
        else fmt::print("  {}. {} — {} {} × {} = {}\n", n + 1, what, i.qty, i.unit, money_text(i.price), money_text(i.sum()));
    }
}

void show(const OrderView& v, const std::string& format, bool documents_only) {
    if (documents_only) return print_documents(v.documents, format);
    if (format == "json") return (void)fmt::print("{}\n", order_json(v).dump(2));
    const Order& o = v.order;
    if (format == "csv") {
        Listing l{{"id", "name", "done_by", "done_at", "note"}, {tr("Step"), tr("Name"), tr("Done by"), tr("When"), tr("Note")}, {}};
        for (const auto& s : o.steps) l.rows.push_back({s.id, s.name, s.done_by, s.done_at, s.note});
        return print_listing(l, "csv");
    }
    fmt::print(fmt::runtime(o.payment == Payment::cash ? tr("Order {} of {} (cash), status: {}\n") : tr("Order {} of {} (non-cash), status: {}\n")),
               o.key(), date_text(Date::parse(o.date, "date")), o.status);
    fmt::print(fmt::runtime(tr("Client: {} {}\nManager: {}\n")), o.client_id, o.client_name, v.manager);
    if (!o.promised.empty()) fmt::print(fmt::runtime(tr("Promised: {}\n")), date_text(Date::parse(o.promised, "date")));
    if (!o.exported_1c.empty()) fmt::print(fmt::runtime(tr("Entered into 1C: {}\n")), o.exported_1c);
    if (o.status == order_status::cancelled) fmt::print(fmt::runtime(tr("Cancelled: {} ({}, {})\n")), o.cancel_reason, o.cancelled_by, stored_date_text(o.cancelled_at));
    if (!o.cash_receipt.empty())
        fmt::print(fmt::runtime(tr("Cash received: {}, receipt {} of {} ({})\n")), money_text(o.cash), o.cash_receipt,
                   date_text(Date::parse(o.cash_date, "date")), o.cash_by);
    print_lines(o);
    fmt::print(fmt::runtime(tr("Total: {}, VAT: {}\n")), money_text(v.totals.total), money_text(v.totals.vat));
    for (const auto& l : o.lead_time)
        fmt::print(fmt::runtime(tr("Lead time: {} {} {}{}{}\n")), stored_date_text(l.at), l.kind, l.by,
                   l.kind == "answer" ? fmt::format(fmt::runtime(tr(" {} days")), l.days) : "", l.note.empty() ? "" : " — " + l.note);
    for (const auto& s : o.steps)
        fmt::print("  [{}] {} {}{}\n", s.done() ? "x" : " ", s.id, s.name,
                   s.done() ? fmt::format(" — {} {}{}", s.done_by, stored_date_text(s.done_at), s.note.empty() ? "" : " (" + s.note + ")")
                            : (s.id == v.next_step ? " ←" : ""));
    if (!v.next_step.empty()) fmt::print(fmt::runtime(tr("Next step: {} «{}» — owed by: {}\n")), v.next_step, v.next_name, v.next_owes);
    print_documents_section(v.documents);
}

void print_new(Context& ctx, const NewOrderOptions& opt) {
    OrderMade m = order_new(ctx.session(), opt);
    const OrderStep* next = order_next_step(m.order);
    fmt::print(fmt::runtime(tr("order {} created for {} ({}); next: {} «{}»\n")), m.order.key(), m.order.client_name, money_text(m.total), next->id,
               next->name);
    if (!m.documents.empty())
        fmt::print(fmt::runtime(tr("documents of inquiry {} copied into the order's folder: {}\n")), m.order.call, fmt::join(m.documents, ", "));
}

void print_stock(Context& ctx, const OrderRef& ref) {
    OrderStock r = order_stock(ctx.session(), ref);
    Listing l{{"line", "sku", "name", "qty", "warehouse", "on_hand", "reserved", "available", "shortage"},
              {"№", tr("SKU"), tr("Name"), tr("Needed"), tr("Warehouse"), tr("On hand"), tr("Reserved"), tr("Available"), tr("Shortage")},
              {}};
    for (const auto& s : r.lines) {
        const std::string line = std::to_string(s.line), qty = std::to_string(s.qty);
        if (s.sku.empty()) l.rows.push_back({line, "", s.name, qty, tr("made to order"), "", "", "", ""});
        else if (!s.in_stock_register) l.rows.push_back({line, s.sku, s.name, qty, "—", "0", "0", "0", std::to_string(s.shortage)});
        else
            l.rows.push_back({line, s.sku, s.name, qty, s.warehouse, std::to_string(s.on_hand), std::to_string(s.reserved), std::to_string(s.available),
                              s.shortage ? std::to_string(s.shortage) : ""});
    }
    print_listing(l, ctx.options.format);
}

void print_lead_time(Context& ctx, const OrderLeadTimeOptions& opt) {
    Order o = order_lead_time(ctx.session(), opt);
    const LeadTimeEntry& e = o.lead_time.back();
    if (e.kind == "ask") fmt::print(fmt::runtime(tr("order {}: lead time asked of the planning department\n")), o.key());
    else if (e.kind == "answer") fmt::print(fmt::runtime(tr("order {}: lead time {} days\n")), o.key(), e.days);
    else fmt::print(fmt::runtime(tr("order {}: lead time accepted, promised {}\n")), o.key(), date_text(Date::parse(o.promised, "date")));
}

void print_contract(Context& ctx, const OrderContractOptions& opt) {
    OrderContractDone d = order_contract(ctx.session(), opt);
    fmt::print(fmt::runtime(tr("order {}: contract № {} of {} and its specification made; step 5.2.3.4 done\n")), d.order.key(), d.contract.number,
               date_text(Date::parse(d.contract.date, "date")));
    for (const auto& f : d.contract.files) fmt::print("  {}\n", f.string());
    if (!d.contract.pdf_note.empty() && d.contract.pdf_note != "pdf = off") fmt::print(fmt::runtime(tr("  no PDF: {}\n")), d.contract.pdf_note);
}

void print_export(Context& ctx, const OrderExportOptions& opt) {
    OrderExported e = order_export_1c(ctx.session(), opt);
    if (opt.output.empty()) fmt::print("{}", e.xml);
    else fmt::print(fmt::runtime(tr("{} order(s) written to {} and marked as entered into 1C\n")), e.orders.size(), opt.output);
}

void print_import(Context& ctx, const std::vector<std::string>& files) {
    CmlImportResult r = order_import_1c(ctx.session(), files);
    fmt::print(fmt::runtime(tr("catalog: {} added, {} updated, {} prices; stock: {} rows; {} skipped\n")), r.counts.added, r.counts.updated,
               r.counts.prices, r.counts.stock_rows, r.skipped.size());
    for (const auto& s : r.skipped) fmt::print(fmt::runtime(tr("skipped: {}\n")), s);
}

void print_list(Context& ctx, const OrderListOptions& opt) {
    Listing l{{"number", "date", "client_id", "client", "manager", "payment", "status", "total", "next_step"},
              {"№", tr("Date"), tr("Code"), tr("Client"), tr("Manager"), tr("Payment"), tr("Status"), tr("Amount"), tr("Next step")},
              {}};
    for (const auto& r : order_list(ctx.session(), opt))
        l.rows.push_back({std::to_string(r.number), r.date, r.client_id, r.client, r.manager, r.payment, r.status, r.total, r.next_step});
    print_listing(l, ctx.options.format);
}

void with_number(CLI::App* c, OrderRef& ref) {
    c->add_option("N", ref.number, tr("order number"))->required()->check(CLI::PositiveNumber);
    c->add_option("--year", ref.year, tr("year of the order (default: this year)"));
}

void print_change(const OrderChanged& r) {
    fmt::print(fmt::runtime(tr("order {} changed: {}; total {}\n")), r.order.key(), fmt::join(r.changes, ", "), format_money(r.total));
    if (r.cancelled) fmt::print(fmt::runtime(tr("invoice {} cancelled; its number stays used\n")), r.cancelled->key());
    if (r.issued) {
        fmt::print(fmt::runtime(tr("invoice {} issued instead, {}; send it: gefest invoice send {}\n")), r.issued->invoice.key(),
                   format_money(r.issued->invoice.total), r.issued->invoice.key());
        for (const auto& f : r.issued->files) fmt::print("  {}\n", f.string());
    }
}

// The subcommands that change an order after it is made: its lines, its manager, its cash.
void setup_changes(CLI::App* order, Context& ctx, const std::shared_ptr<OrderOptions>& opt) {
    CLI::App* c = order->add_subcommand("change", tr("change an order's lines before it is paid or shipped (a new invoice replaces an issued one)"));
    with_number(c, opt->change.order);
    c->add_option("--add", opt->change.add, tr("add SKU:QTY[:PRICE] from the catalog"));
    c->add_option("--remove", opt->change.remove, tr("remove the line of SKU"));
    c->add_option("--qty", opt->change.qty, tr("SKU:QTY: new quantity of a line"));
    c->add_option("--price", opt->change.price, tr("SKU:PRICE: new price per unit of a line, e.g. 1200,00"));
    c->add_option("--reason", opt->change.reason, tr("why (journaled)"));
    c->callback([opt, &ctx] { print_change(order_change(ctx.session(), opt->change)); });

    c = order->add_subcommand("reassign", tr("give an order to another sales manager"));
    with_number(c, opt->reassign.order);
    c->add_option("--to", opt->reassign.to, tr("the new manager's login"))->required();
    c->add_option("--reason", opt->reassign.reason, tr("why (journaled)"));
    c->callback([opt, &ctx] {
        Order o = order_reassign(ctx.session(), opt->reassign);
        fmt::print(fmt::runtime(tr("order {} is now {}'s\n")), o.key(), o.manager);
    });

    c = order->add_subcommand("cash-receipt", tr("record the cash received for a cash order: amount and receipt (5.2.3.7)"));
    with_number(c, opt->cash.order);
    c->add_option("--amount", opt->cash.amount, tr("the amount received, e.g. 2400,00: the order's total"))->required();
    c->add_option("--receipt", opt->cash.receipt, tr("the receipt's number (ПКО or cash-register receipt)"))->required();
    c->add_option("--date", opt->cash.date, tr("the receipt's date YYYY-MM-DD (default: today)"));
    c->callback([opt, &ctx] {
        Order o = order_cash_receipt(ctx.session(), opt->cash);
        fmt::print(fmt::runtime(tr("order {}: cash {} received, receipt {} of {}\n")), o.key(), format_money(o.cash), o.cash_receipt,
                   Date::parse(o.cash_date, "date").russian());
    });
}

// The subcommands that do a step of one order: N, --year and their own options.
void setup_steps(CLI::App* order, Context& ctx, const std::shared_ptr<OrderOptions>& opt) {
    CLI::App* c = order->add_subcommand("stock", tr("stock for the order's items per warehouse (5.2.3.1 / 5.2.3.6)"));
    with_number(c, opt->order);
    c->callback([opt, &ctx] { print_stock(ctx, opt->order); });

    c = order->add_subcommand("lead-time", tr("lead time: the manager asks, planning answers, the manager accepts (5.2.3.2)"));
    with_number(c, opt->lead_time.order);
    c->add_flag("--ask", opt->lead_time.ask, tr("ask the planning department"));
    c->add_option("--days", opt->lead_time.days, tr("answer: days to make the order (planning)"));
    c->add_flag("--accept", opt->lead_time.accept, tr("accept the answer: promised date = answer date + days"));
    c->add_option("--note", opt->lead_time.note, tr("a note to the question or answer"));
    c->callback([opt, &ctx] { print_lead_time(ctx, opt->lead_time); });

    c = order->add_subcommand("price", tr("price of a non-standard line, by the head of sales (5.2.7)"));
    with_number(c, opt->price.order);
    c->add_option("--line", opt->price.line, tr("line number as order show prints it"))->required();
    c->add_option("--price", opt->price.price, tr("price per unit, e.g. 125000,00"))->required();
    c->callback([opt, &ctx] {
        Order o = order_price(ctx.session(), opt->price);
        const Money price = o.items.at(static_cast<size_t>(opt->price.line - 1)).price;
        fmt::print(fmt::runtime(tr("order {}: line {} priced {}\n")), o.key(), opt->price.line, money_text(price));
    });

    c = order->add_subcommand("cash", tr("register a cash order and reserve its stock (5.2.3.7)"));
    with_number(c, opt->order);
    c->add_flag("--override-stock", opt->override_stock, tr("register although the stock is short of what the order asks (with --reason)"));
    c->add_option("--reason", opt->reason, tr("why the order is registered without stock (journaled)"));
    c->callback([opt, &ctx] {
        Order o = order_cash(ctx.session(), {opt->order, opt->override_stock, opt->reason});
        fmt::print(fmt::runtime(tr("order {}: cash order registered, stock reserved\n")), o.key());
    });

    c = order->add_subcommand("contract", tr("contract and specification from the templates into the order's folder (5.2.3.4)"));
    with_number(c, opt->order);
    c->add_option("--date", opt->contract_date, tr("contract date YYYY-MM-DD (default: today)"));
    c->add_option("--reason", opt->reason, tr("why the contract is dated before its order or into another VAT period than its invoice (journaled)"));
    c->callback([opt, &ctx] { print_contract(ctx, {opt->order, opt->contract_date, opt->reason}); });

    c = order->add_subcommand("cancel", tr("cancel an order and release its reservations"));
    with_number(c, opt->order);
    c->add_option("--reason", opt->reason, tr("why"))->required();
    c->callback([opt, &ctx] {
        Order o = order_cancel(ctx.session(), {opt->order, opt->reason});
        fmt::print(fmt::runtime(tr("order {} cancelled, reservations released\n")), o.key());
        if (!o.invoice.empty()) fmt::print(fmt::runtime(tr("invoice {} cancelled; its number stays used\n")), o.invoice);
    });

    setup_changes(order, ctx, opt);
}

}  // namespace

void setup_order(CLI::App& app, Context& ctx) {
    CLI::App* order = app.add_subcommand("order", tr("orders: from application to a confirmed order (5.2.3, 5.2.7), exchange with 1C"));
    order->require_subcommand(1);
    auto opt = std::make_shared<OrderOptions>();

    CLI::App* c = order->add_subcommand("new", tr("new order of a client or an inquiry"));
    c->add_option("--client", opt->made.client, tr("client id (База клиентов)"));
    c->add_option("--call", opt->made.call, tr("inquiry id, e.g. 2026-5 (its client and products)"));
    c->add_option("--payment", opt->made.payment, tr("cash or noncash"))->required();
    c->add_option("--item", opt->made.items, tr("SKU:QTY[:PRICE] from the catalog (price from the catalog unless given)"));
    c->add_option("--nonstandard", opt->made.nonstandard, tr("a non-standard product, described (5.2.7)"));
    c->add_option("--manager", opt->made.manager, tr("sales manager (default: the client's)"));
    c->callback([opt, &ctx] { print_new(ctx, opt->made); });

    c = order->add_subcommand("show", tr("an order with its checklist, the next step and who owes it"));
    with_number(c, opt->order);
    c->add_flag("--documents", opt->documents, tr("only the order's documents (made, sent, received) with their steps (5.2.5)"));
    c->callback([opt, &ctx] { show(order_show(ctx.session(), opt->order), ctx.options.format, opt->documents); });

    c = order->add_subcommand("list", tr("orders of a year from the index Заказы <year>.csv"));
    c->add_option("--status", opt->list.status, tr("new, confirmed, shipped or cancelled"));
    c->add_option("--manager", opt->list.manager, tr("only this manager's orders"));
    c->add_option("--year", opt->list.year, tr("year (default: this year)"));
    c->callback([opt, &ctx] { print_list(ctx, opt->list); });

    setup_steps(order, ctx, opt);

    c = order->add_subcommand("export-1c", tr("CommerceML 2.10 «Заказ товара» for 1C; marks 5.2.3.3 done and reserves stock"));
    c->add_option("N", opt->exported.numbers, tr("order numbers"))->required()->check(CLI::PositiveNumber);
    c->add_option("--year", opt->exported.year, tr("year of the orders (default: this year)"));
    c->add_option("-o,--output", opt->exported.output, tr("write to FILE instead of standard output"));
    c->callback([opt, &ctx] { print_export(ctx, opt->exported); });

    c = order->add_subcommand("import-1c", tr("1C's import.xml / offers.xml into the catalog and stock registers"));
    c->add_option("FILE", opt->files, tr("CommerceML files"))->required()->check(CLI::ExistingFile);
    c->callback([opt, &ctx] { print_import(ctx, opt->files); });
}

}  // namespace gefest::cli
