// gefest order new|show|list|stock|lead-time|price|cash|cancel|export-1c|import-1c
// (procedure 02-006, 5.2.3.1–5.2.3.3, 5.2.3.6–5.2.3.7, 5.2.7). The rules live in
// lib/procedure/order.h, lib/procedure/catalog.h and lib/procedure/commerceml.h; this file reads options, checks the
// actor's role, calls them and prints.
#include <fmt/format.h>

#include "procedure/calls.h"
#include "procedure/catalog.h"
#include "procedure/clients.h"
#include "commands.h"
#include "procedure/commerceml.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "procedure/invoice.h"
#include "procedure/tax.h"
#include "procedure/order.h"
#include "output.h"

namespace gefest::cli {

namespace {

struct OrderOptions {
    std::int64_t client = 0;
    std::string call, payment, manager, status, reason, output, note;
    std::vector<std::string> items, nonstandard, files;
    std::vector<std::int64_t> numbers;
    std::int64_t number = 0;
    int year = 0, days = 0, line = 0;
    std::string price;
    bool ask = false, accept = false;
    std::string date;  ///< order contract --date
};

int year_of(const OrderOptions& o) { return o.year ? o.year : now().date.year; }

std::string staff_name(Context& ctx, const std::string& login) {
    const StaffMember* m = ctx.staff().find(login);
    return m ? fmt::format("{} ({})", login, m->name) : login;
}

// Who owes a step: the order's manager for a sales manager's step, planning while a
// lead-time question is open, else the roles of the matrix.
std::string owes(Context& ctx, const Order& o, const OrderStep& s) {
    if (lead_time_state(o) == "open" && (s.id == "5.2.3.2" || s.id == "5.2.3.7")) {
        std::string out;
        for (const auto* m : ctx.staff().with_role("head_of_planning")) out += (out.empty() ? "" : ", ") + staff_name(ctx, m->login);
        return out.empty() ? ctx.process().role_name("head_of_planning") : out;
    }
    auto has = [&](const std::string& r) {
        return std::count(s.performers.begin(), s.performers.end(), r) + std::count(s.responsible.begin(), s.responsible.end(), r) > 0;
    };
    if (has("sales_manager")) return staff_name(ctx, o.manager);
    std::string out;
    for (const auto& r : s.responsible.empty() ? s.performers : s.responsible) out += (out.empty() ? "" : ", ") + ctx.process().role_name(r);
    return out;
}

void record(Context& ctx, const std::string& kind, const Order& o, nlohmann::json data) {
    Event e;
    e.kind = kind;
    e.object = "order:" + o.key();
    data["status"] = o.status;
    e.data = std::move(data);
    ctx.record(e);
}

nlohmann::json order_json(Context& ctx, const Order& o) {
    nlohmann::json j = {{"number", o.number}, {"year", o.year}, {"key", o.key()}, {"date", o.date}, {"client_id", o.client_id},
                        {"client_name", o.client_name}, {"manager", o.manager}, {"payment", payment_code(o.payment)}, {"status", o.status},
                        {"promised", o.promised}, {"exported_1c", o.exported_1c}, {"cancel_reason", o.cancel_reason}};
    OrderTotals t = order_totals(ctx.share().settings(), o);
    j["total"] = format_plain(t.total);
    j["vat"] = format_plain(t.vat);
    j["items"] = nlohmann::json::array();
    for (const auto& i : o.items)
        j["items"].push_back({{"sku", i.sku}, {"name", i.name}, {"qty", i.qty}, {"unit", i.unit}, {"price", format_plain(i.price)},
                              {"vat_percent", i.vat_percent}, {"nonstandard", i.nonstandard}, {"priced", i.priced}});
    j["lead_time"] = nlohmann::json::array();
    for (const auto& l : o.lead_time) j["lead_time"].push_back({{"kind", l.kind}, {"by", l.by}, {"at", l.at}, {"days", l.days}, {"note", l.note}});
    j["steps"] = nlohmann::json::array();
    for (const auto& s : o.steps)
        j["steps"].push_back({{"id", s.id}, {"name", s.name}, {"done_by", s.done_by}, {"done_at", s.done_at}, {"note", s.note}});
    const OrderStep* next = order_next_step(o);
    j["next_step"] = next ? next->id : "";
    j["next_owes"] = next ? owes(ctx, o, *next) : "";
    return j;
}

void show(Context& ctx, const Order& o) {
    if (ctx.options.format == "json") return (void)fmt::print("{}\n", order_json(ctx, o).dump(2));
    if (ctx.options.format == "csv") {
        Listing l{{"id", "name", "done_by", "done_at", "note"}, {tr("Шаг"), tr("Наименование"), tr("Выполнил"), tr("Когда"), tr("Примечание")}, {}};
        for (const auto& s : o.steps) l.rows.push_back({s.id, s.name, s.done_by, s.done_at, s.note});
        return print_listing(l, "csv");
    }
    fmt::print(fmt::runtime(tr("Заказ {} от {} ({} расчет), статус: {}\n")), o.key(), Date::parse(o.date, "date").russian(), payment_name(o.payment), o.status);
    fmt::print(fmt::runtime(tr("Клиент: {} {}\nМенеджер: {}\n")), o.client_id, o.client_name, staff_name(ctx, o.manager));
    if (!o.promised.empty()) fmt::print(fmt::runtime(tr("Обещанный срок: {}\n")), Date::parse(o.promised, "date").russian());
    if (!o.exported_1c.empty()) fmt::print(fmt::runtime(tr("Выгружен в 1С: {}\n")), o.exported_1c);
    if (o.status == order_status::cancelled) fmt::print(fmt::runtime(tr("Отменен: {} ({}, {})\n")), o.cancel_reason, o.cancelled_by, o.cancelled_at);
    for (size_t n = 0; n < o.items.size(); ++n) {
        const OrderItem& i = o.items[n];
        std::string what = i.sku.empty() ? tr("[нестандартная] ") + i.name : i.sku + " " + i.name;
        if (!i.priced) fmt::print(fmt::runtime(tr("  {}. {} — {} {}, цена не назначена\n")), n + 1, what, i.qty, i.unit);
        else fmt::print("  {}. {} — {} {} × {} = {}\n", n + 1, what, i.qty, i.unit, format_money(i.price), format_money(i.sum()));
    }
    OrderTotals t = order_totals(ctx.share().settings(), o);
    fmt::print(fmt::runtime(tr("Итого: {}, НДС: {}\n")), format_money(t.total), format_money(t.vat));
    for (const auto& l : o.lead_time)
        fmt::print(fmt::runtime(tr("Срок: {} {} {}{}{}\n")), l.at, l.kind, l.by, l.kind == "answer" ? fmt::format(" {} дн.", l.days) : "",
                   l.note.empty() ? "" : " — " + l.note);
    const OrderStep* next = order_next_step(o);
    for (const auto& s : o.steps)
        fmt::print("  [{}] {} {}{}\n", s.done() ? "x" : " ", s.id, s.name,
                   s.done() ? fmt::format(" — {} {}{}", s.done_by, s.done_at, s.note.empty() ? "" : " (" + s.note + ")") : (&s == next ? " ←" : ""));
    if (next) fmt::print(fmt::runtime(tr("Следующий шаг: {} «{}» — за: {}\n")), next->id, next->name, owes(ctx, o, *next));
}

void cmd_new(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    Payment pay = parse_payment(opt.payment);
    ctx.require_step(path_steps(pay).front());
    if ((opt.client != 0) == !opt.call.empty()) throw Error(Errc::usage, tr("give exactly one of --client ID and --call ID"));
    std::vector<ItemSpec> specs;
    for (const auto& i : opt.items) specs.push_back(parse_item_spec(i));
    std::int64_t client_id = opt.client;
    if (!opt.call.empty()) {
        auto inq = find_inquiry(ctx.share(), ctx.journal(), opt.call);
        if (!inq) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no inquiry '{}' in the journal")), opt.call));
        if (inq->client == 0) throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry '{}' has no client")), opt.call));
        client_id = inq->client;
        if (specs.empty())
            for (const auto& p : inq->products) {
                if (p.qty <= 0)
                    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("inquiry '{}' does not say how many '{}': give --item SKU:QTY")), opt.call, p.sku));
                specs.push_back({p.sku, p.qty, std::nullopt});
            }
    }
    if (specs.empty() && opt.nonstandard.empty()) throw Error(Errc::usage, tr("an order needs at least one --item SKU:QTY or --nonstandard TEXT"));
    const Share& share = ctx.share();
    ClientBase base = load_clients(share, ctx.me());
    const Client& client = require_client(base, client_id);
    std::string manager = opt.manager;
    if (manager.empty()) manager = !client.manager.empty() ? client.manager : ctx.actor().login;
    check_manager(ctx.staff(), manager);
    auto cat_file = catalog_path(share);
    auto cat_text = shared_file(share, ctx.me(), cat_file).read().content;
    if (!cat_text && !specs.empty()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), cat_file.string()));
    Catalog catalog = cat_text ? parse_catalog(*cat_text, cat_file.string()) : Catalog{};
    Order o;
    DateTime t = now();
    o.year = t.date.year;
    o.date = t.date.iso();
    o.client_id = client.id;
    o.client_name = client.name;
    o.client_inn = client.inn;
    o.client_kpp = client.kpp;
    o.manager = manager;
    o.created_by = ctx.actor().login;
    o.payment = pay;
    o.vat_included = share.settings().vat_included;
    o.items = items_from_catalog(specs, catalog, share.settings().catalog);
    for (const auto& n : opt.nonstandard) o.items.push_back(nonstandard_item(n, vat_rate_on(share.settings(), o.date)));
    o.steps = make_checklist(pay, ctx.process());
    o.call = opt.call.rfind("call:", 0) == 0 ? opt.call.substr(5) : opt.call;
    o = create_order(share, ctx.me(), o);
    record(ctx, "order.new", o,
           {{"client", o.client_id}, {"client_name", o.client_name}, {"manager", o.manager}, {"payment", payment_code(pay)},
            {"call", opt.call}, {"total", format_plain(order_totals(ctx.share().settings(), o).total)}, {"items", o.items.size()}});
    const OrderStep* next = order_next_step(o);
    fmt::print(fmt::runtime(tr("order {} created for {} ({}); next: {} «{}»\n")), o.key(), o.client_name, format_money(order_totals(ctx.share().settings(), o).total),
               next->id, next->name);
}

void cmd_stock(Context& ctx, const OrderOptions& opt) {
    const Share& share = ctx.share();
    Order o = load_order(share, ctx.me(), year_of(opt), opt.number);
    const std::string step = o.payment == Payment::cash ? "5.2.3.6" : "5.2.3.1";
    bool mark = o.step(step) && !o.step(step)->done();
    if (mark) {
        ctx.writing();
        ctx.require_step(step);
        order_can_do(o, step);
    }
    Stock stock = load_stock(share, ctx.me());
    Reservations res = load_reservations(share, ctx.me());
    Listing l{{"line", "sku", "name", "qty", "warehouse", "on_hand", "reserved", "available", "shortage"},
              {"№", tr("Артикул"), tr("Наименование"), tr("Нужно"), tr("Склад"), tr("Остаток"), tr("Резерв"), tr("Доступно"), tr("Нехватка")},
              {}};
    std::vector<std::string> short_skus;
    for (size_t n = 0; n < o.items.size(); ++n) {
        const OrderItem& i = o.items[n];
        std::string line = std::to_string(n + 1);
        if (i.sku.empty()) {
            l.rows.push_back({line, "", i.name, std::to_string(i.qty), tr("изготовление"), "", "", "", ""});
            continue;
        }
        Quantity can = 0;
        auto levels = stock_levels(stock, res, i.sku, o.key());
        for (const auto& v : levels) can += std::max<Quantity>(0, v.available) + v.reserved_here;
        Quantity missing = i.qty > can ? i.qty - can : 0;
        if (missing) short_skus.push_back(fmt::format("{} −{}", i.sku, missing));
        if (levels.empty()) l.rows.push_back({line, i.sku, i.name, std::to_string(i.qty), "—", "0", "0", "0", std::to_string(missing)});
        for (const auto& v : levels)
            l.rows.push_back({line, i.sku, i.name, std::to_string(i.qty), v.warehouse, std::to_string(v.on_hand), std::to_string(v.reserved),
                              std::to_string(v.available), missing ? std::to_string(missing) : ""});
    }
    print_listing(l, ctx.options.format);
    if (!mark) return;
    std::string note = short_skus.empty() ? "в наличии" : "нехватка: ";
    for (size_t k = 0; k < short_skus.size(); ++k) note += (k ? ", " : "") + short_skus[k];
    std::string who = ctx.actor().login, at = now().iso();
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) {
        order_can_do(x, step);
        mark_step_done(x, step, who, at, note);
    });
    record(ctx, "order.step", o, {{"step", step}, {"note", note}});
}

void cmd_lead_time(Context& ctx, const OrderOptions& opt) {
    if ((opt.ask ? 1 : 0) + (opt.accept ? 1 : 0) + (opt.days != 0 ? 1 : 0) != 1)
        throw Error(Errc::usage, tr("give exactly one of --ask, --days D and --accept"));
    ctx.writing();
    ctx.require_step("5.2.3.2", opt.days != 0 ? "answer" : opt.ask ? "ask" : "accept");
    const Share& share = ctx.share();
    Order o = load_order(share, ctx.me(), year_of(opt), opt.number);
    lead_time_can_do(o);
    std::string who = ctx.actor().login, at = now().iso();
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) {
        lead_time_can_do(x);
        if (opt.ask) lead_time_ask(x, who, at, opt.note);
        else if (opt.accept) lead_time_accept(x, who, at);
        else lead_time_answer(x, who, at, opt.days, opt.note);
    });
    const LeadTimeEntry& e = o.lead_time.back();
    record(ctx, "order.lead_time", o, {{"kind", e.kind}, {"days", e.days}, {"note", e.note}, {"promised", o.promised}});
    if (e.kind == "ask") fmt::print(fmt::runtime(tr("order {}: lead time asked of the planning department\n")), o.key());
    else if (e.kind == "answer") fmt::print(fmt::runtime(tr("order {}: lead time {} days\n")), o.key(), e.days);
    else fmt::print(fmt::runtime(tr("order {}: lead time accepted, promised {}\n")), o.key(), Date::parse(o.promised, "date").russian());
}

void cmd_price(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    ctx.require_step("5.2.7", "price");
    Money price = parse_money(opt.price);
    std::string who = ctx.actor().login;
    Order o = change_order(ctx.share(), ctx.me(), year_of(opt), opt.number, [&](Order& x) { set_nonstandard_price(x, opt.line, price, who); });
    record(ctx, "order.price", o, {{"line", opt.line}, {"price", format_plain(price)}});
    fmt::print(fmt::runtime(tr("order {}: line {} priced {}\n")), o.key(), opt.line, format_money(price));
}

void cmd_cash(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    ctx.require_step("5.2.3.7");
    Order o = load_order(ctx.share(), ctx.me(), year_of(opt), opt.number);
    order_can_do(o, "5.2.3.7");
    check_confirmable(o);
    o = confirm_order(ctx.share(), ctx.me(), o, "5.2.3.7", ctx.actor().login, now().iso());
    record(ctx, "order.step", o, {{"step", "5.2.3.7"}});
    fmt::print(fmt::runtime(tr("order {}: cash order registered, stock reserved\n")), o.key());
}

// 5.2.3.4: contract and specification from the share's templates (lib/procedure/invoice.h).
void cmd_contract(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    ctx.require_step("5.2.3.4");
    ContractMade c = make_contract(ctx.share(), ctx.me(), year_of(opt), opt.number, opt.date, ctx.actor().login);
    Order o = load_order(ctx.share(), ctx.me(), year_of(opt), opt.number);
    record(ctx, "order.step", o, {{"step", "5.2.3.4"}, {"contract", c.number}, {"contract_date", c.date}});
    fmt::print(fmt::runtime(tr("order {}: contract № {} of {} and its specification made; step 5.2.3.4 done\n")), o.key(), c.number,
               Date::parse(c.date, "date").russian());
    for (const auto& f : c.files) fmt::print("  {}\n", f.string());
    if (!c.pdf_note.empty() && c.pdf_note != "pdf = off") fmt::print(fmt::runtime(tr("  no PDF: {}\n")), c.pdf_note);
}

void cmd_cancel(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    if (opt.reason.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::usage, tr("--reason must say why"));
    Order o = load_order(ctx.share(), ctx.me(), year_of(opt), opt.number);
    if (ctx.actor().login != o.manager && !ctx.session().actor_is_owner())
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("only the order's manager '{}' or the head of sales may cancel order {}")), o.manager, o.key()));
    std::string at = now().iso();
    o = change_order(ctx.share(), ctx.me(), o.year, o.number, [&](Order& x) {
        if (x.status == order_status::cancelled || x.status == order_status::shipped)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is {} and cannot be cancelled")), x.key(), x.status));
        x.status = order_status::cancelled;
        x.cancel_reason = opt.reason;
        x.cancelled_by = ctx.actor().login;
        x.cancelled_at = at;
    });
    release_order_stock(ctx.share(), ctx.me(), o.key());
    record(ctx, "order.cancel", o, {{"reason", opt.reason}});
    fmt::print(fmt::runtime(tr("order {} cancelled, reservations released\n")), o.key());
}

void cmd_export(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    ctx.require_step("5.2.3.3");
    std::vector<Order> orders;
    for (auto n : opt.numbers) {
        Order o = load_order(ctx.share(), ctx.me(), year_of(opt), n);
        if (o.payment == Payment::cash)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is a cash order: it is registered with gefest order cash {}")), o.key(), n));
        order_can_do(o, "5.2.3.3");
        check_confirmable(o);
        orders.push_back(o);
    }
    DateTime at = now();
    std::string xml = export_orders_cml(orders, ctx.share().settings(), at);
    if (!opt.output.empty()) fsio::write_atomic(opt.output, xml);
    else fmt::print("{}", xml);
    for (const auto& d : orders) {
        Order o = confirm_order(ctx.share(), ctx.me(), d, "5.2.3.3", ctx.actor().login, at.iso(), [&](Order& x) { x.exported_1c = at.iso(); });
        record(ctx, "order.export_1c", o, {{"step", "5.2.3.3"}, {"file", opt.output}});
    }
    if (!opt.output.empty()) fmt::print(fmt::runtime(tr("{} order(s) written to {} and marked as entered into 1C\n")), orders.size(), opt.output);
}

void cmd_import(Context& ctx, const OrderOptions& opt) {
    ctx.writing();
    ctx.require_step(step_id::catalog);
    CmlImportResult r = import_cml(ctx.share(), ctx.me(), opt.files);
    const CmlImportCounts& counts = r.counts;
    const std::vector<std::string>& skipped = r.skipped;
    Event e;
    e.kind = "catalog.import_1c";
    e.object = "catalog";
    e.data = {{"files", opt.files}, {"added", counts.added}, {"updated", counts.updated}, {"prices", counts.prices},
              {"stock_rows", counts.stock_rows}, {"skipped", skipped.size()}};
    ctx.record(e);
    fmt::print(fmt::runtime(tr("catalog: {} added, {} updated, {} prices; stock: {} rows; {} skipped\n")), counts.added, counts.updated,
               counts.prices, counts.stock_rows, skipped.size());
    for (const auto& s : skipped) fmt::print(fmt::runtime(tr("skipped: {}\n")), s);
}

}  // namespace

void setup_order(CLI::App& app, Context& ctx) {
    CLI::App* order = app.add_subcommand("order", tr("orders: from application to a confirmed order (5.2.3, 5.2.7), exchange with 1C"));
    order->require_subcommand(1);
    auto opt = std::make_shared<OrderOptions>();
    auto with_number = [&](CLI::App* c) {
        c->add_option("N", opt->number, tr("order number"))->required()->check(CLI::PositiveNumber);
        c->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    };

    CLI::App* c = order->add_subcommand("new", tr("new order of a client or an inquiry"));
    c->add_option("--client", opt->client, tr("client id (База клиентов)"));
    c->add_option("--call", opt->call, tr("inquiry id, e.g. 2026-5 (its client and products)"));
    c->add_option("--payment", opt->payment, tr("cash or noncash"))->required();
    c->add_option("--item", opt->items, tr("SKU:QTY[:PRICE] from the catalog (price from the catalog unless given)"));
    c->add_option("--nonstandard", opt->nonstandard, tr("a non-standard product, described (5.2.7)"));
    c->add_option("--manager", opt->manager, tr("sales manager (default: the client's)"));
    c->callback([opt, &ctx] { cmd_new(ctx, *opt); });

    c = order->add_subcommand("show", tr("an order with its checklist, the next step and who owes it"));
    with_number(c);
    c->callback([opt, &ctx] { show(ctx, load_order(ctx.share(), ctx.me(), year_of(*opt), opt->number)); });

    c = order->add_subcommand("list", tr("orders of a year from the index Заказы <year>.csv"));
    c->add_option("--status", opt->status, tr("new, confirmed, shipped or cancelled"));
    c->add_option("--manager", opt->manager, tr("only this manager's orders"));
    c->add_option("--year", opt->year, tr("year (default: this year)"));
    c->callback([opt, &ctx] {
        auto idx = order_index_path(ctx.share(), year_of(*opt));
        auto rows = parse_order_index(shared_file(ctx.share(), ctx.me(), idx).read().content.value_or(""), idx.string());
        Listing l{{"number", "date", "client_id", "client", "manager", "payment", "status", "total", "next_step"},
                  {"№", tr("Дата"), tr("Код"), tr("Клиент"), tr("Менеджер"), tr("Оплата"), tr("Статус"), tr("Сумма"), tr("Следующий шаг")},
                  {}};
        for (const auto& r : rows)
            if ((opt->status.empty() || r.status == opt->status) && (opt->manager.empty() || r.manager == opt->manager))
                l.rows.push_back({std::to_string(r.number), r.date, r.client_id, r.client, r.manager, r.payment, r.status, r.total, r.next_step});
        print_listing(l, ctx.options.format);
    });

    c = order->add_subcommand("stock", tr("stock for the order's items per warehouse (5.2.3.1 / 5.2.3.6)"));
    with_number(c);
    c->callback([opt, &ctx] { cmd_stock(ctx, *opt); });

    c = order->add_subcommand("lead-time", tr("lead time: the manager asks, planning answers, the manager accepts (5.2.3.2)"));
    with_number(c);
    c->add_flag("--ask", opt->ask, tr("ask the planning department"));
    c->add_option("--days", opt->days, tr("answer: days to make the order (planning)"));
    c->add_flag("--accept", opt->accept, tr("accept the answer: promised date = answer date + days"));
    c->add_option("--note", opt->note, tr("a note to the question or answer"));
    c->callback([opt, &ctx] { cmd_lead_time(ctx, *opt); });

    c = order->add_subcommand("price", tr("price of a non-standard line, by the head of sales (5.2.7)"));
    with_number(c);
    c->add_option("--line", opt->line, tr("line number as order show prints it"))->required();
    c->add_option("--price", opt->price, tr("price per unit, e.g. 125000,00"))->required();
    c->callback([opt, &ctx] { cmd_price(ctx, *opt); });

    c = order->add_subcommand("cash", tr("register a cash order and reserve its stock (5.2.3.7)"));
    with_number(c);
    c->callback([opt, &ctx] { cmd_cash(ctx, *opt); });

    c = order->add_subcommand("contract", tr("contract and specification from the templates into the order's folder (5.2.3.4)"));
    with_number(c);
    c->add_option("--date", opt->date, tr("contract date YYYY-MM-DD (default: today)"));
    c->callback([opt, &ctx] { cmd_contract(ctx, *opt); });

    c = order->add_subcommand("cancel", tr("cancel an order and release its reservations"));
    with_number(c);
    c->add_option("--reason", opt->reason, tr("why"))->required();
    c->callback([opt, &ctx] { cmd_cancel(ctx, *opt); });

    c = order->add_subcommand("export-1c", tr("CommerceML 2.10 «Заказ товара» for 1C; marks 5.2.3.3 done and reserves stock"));
    c->add_option("N", opt->numbers, tr("order numbers"))->required()->check(CLI::PositiveNumber);
    c->add_option("--year", opt->year, tr("year of the orders (default: this year)"));
    c->add_option("-o,--output", opt->output, tr("write to FILE instead of standard output"));
    c->callback([opt, &ctx] { cmd_export(ctx, *opt); });

    c = order->add_subcommand("import-1c", tr("1C's import.xml / offers.xml into the catalog and stock registers"));
    c->add_option("FILE", opt->files, tr("CommerceML files"))->required()->check(CLI::ExistingFile);
    c->callback([opt, &ctx] { cmd_import(ctx, *opt); });
}

}  // namespace gefest::cli
