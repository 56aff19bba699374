// gefest ship notify|waybill|order|carrier|docs|dispatch|queue (procedure 02-006,
// 5.2.4.1–5.2.4.2 cash, 5.2.4.4–5.2.4.8 non-cash). Each subcommand is one call of
// lib/procedure/shipping_steps.h, which checks, writes and journals; this file declares
// the options and prints the result.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/i18n.h"
#include "commands.h"
#include "output.h"
#include "procedure/shipping_steps.h"

namespace gefest::cli {

namespace {

struct ShipOptions {
    std::int64_t number = 0;
    int year = 0;
    std::string arrival, waybill, date, reason, choose, tracking, to;
    std::vector<std::string> items;
    bool override_unpaid = false, dry_run = false, all = false;
};

void cmd_notify(Context& ctx, const ShipOptions& opt) {
    auto r = ship_notify(ctx.session(), {opt.number, opt.year, opt.arrival});
    fmt::print(fmt::runtime(tr("order {}: the warehouse expects the client at {}; pick list '{}'\n")), r.order.key(), r.arrival.russian(), r.document);
}

void cmd_waybill(Context& ctx, const ShipOptions& opt) {
    auto r = ship_waybill(ctx.session(), {opt.number, opt.year, opt.waybill, opt.date, opt.items});
    if (r.closed)
        fmt::print(fmt::runtime(tr("order {}: waybill {} recorded; everything has shipped, the order is closed\n")), r.order.key(), r.waybill);
    else
        fmt::print(fmt::runtime(tr("order {}: waybill {} recorded; still to ship: {}\n")), r.order.key(), r.waybill, r.still_to_ship);
}

void cmd_order(Context& ctx, const ShipOptions& opt) {
    auto r = ship_order(ctx.session(), {opt.number, opt.year, opt.override_unpaid, opt.reason});
    fmt::print(fmt::runtime(tr("order {}: shipping order made{}; next: 5.2.4.5 gefest ship carrier {}\n")), r.order.key(),
               r.unpaid ? tr(" (unpaid, by decision of the head of sales)") : "", r.order.number);
}

void cmd_carrier(Context& ctx, const ShipOptions& opt) {
    auto r = ship_carrier(ctx.session(), {opt.number, opt.year, opt.choose, opt.dry_run});
    if (ctx.options.format == "text") {
        fmt::print(fmt::runtime(tr("order {}, {} ({}):\n")), r.order.key(), r.order.client_name, r.city.empty() ? "?" : r.city);
        for (const auto& c : r.choice.rows) fmt::print("  {} {} — {}\n", c.chosen ? "*" : " ", c.name, fmt::join(c.reasons, "; "));
    } else {
        Listing l{{"carrier", "chosen", "serves", "days", "terminal", "reasons"},
                  {tr("Carrier"), tr("Chosen"), tr("Serves"), tr("Days"), tr("Terminal"), tr("Why")}, {}};
        for (const auto& c : r.choice.rows)
            l.rows.push_back({c.name, c.chosen ? "yes" : "", c.serves ? "yes" : "", c.serves ? std::to_string(c.days) : "", c.terminal,
                              fmt::format("{}", fmt::join(c.reasons, "; "))});
        print_listing(l, ctx.options.format);
    }
    if (r.recorded && ctx.options.format == "text") fmt::print(fmt::runtime(tr("told the client: {}\n")), r.choice.told);
}

void cmd_docs(Context& ctx, const ShipOptions& opt) {
    auto r = ship_docs(ctx.session(), {opt.number, opt.year});
    fmt::print(fmt::runtime(tr("order {}: '{}' and '{}' made and handed to the warehouse queue\n")), r.order.key(), r.packing, r.note);
}

void cmd_dispatch(Context& ctx, const ShipOptions& opt) {
    auto r = ship_dispatch(ctx.session(), {opt.number, opt.year, opt.tracking});
    if (r.sent.via.empty())
        fmt::print(fmt::runtime(tr("order {}: client {} has no e-mail: tell them by phone; the accountant is informed\n")), r.order.key(),
                   r.order.client_name);
    else
        fmt::print(fmt::runtime(tr("order {}: dispatch notice sent to {} ({}{}); the accountant is informed\n")), r.order.key(), r.to, r.sent.via,
                   r.sent.eml.empty() ? "" : ": " + r.sent.eml.string());
}

void cmd_queue(Context& ctx, const ShipOptions& opt) {
    Listing l{{"date", "time", "order", "client", "items", "task", "to", "documents", "status"},
              {tr("Date"), tr("Time"), tr("Order"), tr("Client"), tr("Items"), tr("Task"), tr("To"), tr("Documents"), tr("Status")}, {}};
    for (const auto& e : ship_queue(ctx.session(), {opt.date, opt.to, opt.all}))
        l.rows.push_back({e.date, e.time, e.order, e.client, e.items, e.task, e.to, e.documents, e.status});
    print_listing(l, ctx.options.format);
}

}  // namespace

void setup_ship(CLI::App& app, Context& ctx) {
    CLI::App* ship = app.add_subcommand("ship", tr("shipping: from a paid order to the waybill back in the sales department (5.2.4)"));
    ship->require_subcommand(1);
    auto opt = std::make_shared<ShipOptions>();
    auto with_number = [&](CLI::App* c) {
        c->add_option("N", opt->number, tr("order number"))->required()->check(CLI::PositiveNumber);
        c->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    };
    CLI::App* c = ship->add_subcommand("notify", tr("cash: tell the warehouse the client is coming; pick list (5.2.4.1)"));
    with_number(c);
    c->add_option("--arrival", opt->arrival, tr("when the client comes, \"YYYY-MM-DD HH:MM\""))->required();
    c->callback([opt, &ctx] { cmd_notify(ctx, *opt); });

    c = ship->add_subcommand("waybill", tr("record a shipping waybill; the order closes when everything has shipped (5.2.4.2 / 5.2.4.8)"));
    with_number(c);
    c->add_option("--number", opt->waybill, tr("waybill (накладная) number"))->required();
    c->add_option("--date", opt->date, tr("waybill date YYYY-MM-DD"))->required();
    c->add_option("--items", opt->items, tr("only part of the order: SKU:QTY or LINE:QTY… (default: all that remains)"));
    c->callback([opt, &ctx] { cmd_waybill(ctx, *opt); });

    c = ship->add_subcommand("order", tr("non-cash: shipping order for a paid order (5.2.4.4)"));
    with_number(c);
    c->add_flag("--override-unpaid", opt->override_unpaid, tr("head of sales: ship although not paid (journaled)"));
    c->add_option("--reason", opt->reason, tr("why an unpaid order ships"));
    c->callback([opt, &ctx] { cmd_order(ctx, *opt); });

    c = ship->add_subcommand("carrier", tr("non-cash: recommend a transport company and record what the client was told (5.2.4.5)"));
    with_number(c);
    c->add_option("--choose", opt->choose, tr("the carrier the client chose, if not the recommended one"));
    c->add_flag("--dry-run", opt->dry_run, tr("only show the recommendation"));
    c->callback([opt, &ctx] { cmd_carrier(ctx, *opt); });

    c = ship->add_subcommand("docs", tr("non-cash: packing list and waybill for the warehouse (5.2.4.6)"));
    with_number(c);
    c->callback([opt, &ctx] { cmd_docs(ctx, *opt); });

    c = ship->add_subcommand("dispatch", tr("non-cash: tell the client the cargo has left; inform the accountant (5.2.4.7)"));
    with_number(c);
    c->add_option("--tracking", opt->tracking, tr("the carrier's tracking number"));
    c->callback([opt, &ctx] { cmd_dispatch(ctx, *opt); });

    c = ship->add_subcommand("queue", tr("what the warehouse (and the accountant) must do"));
    c->add_option("--date", opt->date, tr("only this day"));
    c->add_option("--to", opt->to, tr("only for «Склад ГП» or «Бухгалтерия»"));
    c->add_flag("--all", opt->all, tr("done tasks too"));
    c->callback([opt, &ctx] { cmd_queue(ctx, *opt); });
}

}  // namespace gefest::cli
