// gefest claim new --order N [--year Y] --text T | list [--open] [--year Y] | resolve ID --decision T
// Client claims, procedure 02-006 step 5.2.8 (lib/procedure/claims.h). Anyone on the staff may
// register a claim received from a client; only a performer of 5.2.8 (the head of
// sales) resolves it.
#include <fmt/format.h>

#include "procedure/claims.h"
#include "base/clock.h"
#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "procedure/order.h"
#include "output.h"

namespace gefest::cli {

namespace {

struct ClaimOptions {
    std::int64_t order = 0;
    int year = 0;
    std::string text, id, decision;
    bool open_only = false;
};

int year_or_now(int y) { return y ? y : now().date.year; }

}  // namespace

void setup_claim(CLI::App& app, Context& ctx) {
    CLI::App* claim = app.add_subcommand("claim", tr("client claims (5.2.8): the claims register Претензии <year>.csv"));
    claim->require_subcommand(1);

    auto nopt = std::make_shared<ClaimOptions>();
    CLI::App* add = claim->add_subcommand("new", tr("register a client's claim about an order"));
    add->add_option("--order", nopt->order, tr("number of the order the claim is about"))->required();
    add->add_option("--year", nopt->year, tr("year of the order (default: this year)"));
    add->add_option("--text", nopt->text, tr("what the client claims"))->required();
    add->callback([nopt, &ctx] {
        ctx.writing();
        ctx.actor();
        std::string text = require_text(nopt->text, tr("claim text"));
        Order order = load_order(ctx.share(), ctx.me(), year_or_now(nopt->year), nopt->order);
        DateTime t = now();
        Claim c;
        c.year = t.date.year;
        c.date = t.date.iso();
        c.order = order.key();
        c.client = order.client_name;
        c.text = text;
        c = create_claim(ctx.share(), ctx.me(), c);
        Event e;
        e.kind = "claim.new";
        e.object = "claim:" + c.key();
        e.data = {{"order", c.order}, {"client", c.client}, {"client_id", order.client_id}, {"manager", order.manager}, {"text", c.text}};
        ctx.record(e);
        fmt::print(fmt::runtime(tr("claim {} registered on order {} ({}); next: 5.2.8\n")), c.key(), c.order, c.client);
    });

    auto lopt = std::make_shared<ClaimOptions>();
    CLI::App* list = claim->add_subcommand("list", tr("list the claims of a year"));
    list->add_flag("--open", lopt->open_only, tr("only claims not resolved yet"));
    list->add_option("--year", lopt->year, tr("year of the claims (default: this year)"));
    list->callback([lopt, &ctx] {
        Listing l{{"id", "date", "order", "client", "text", "status", "decision", "decided_at", "decided_by"},
                  {"№", tr("Дата"), tr("Заказ"), tr("Клиент"), tr("Текст"), tr("Статус"), tr("Решение"), tr("Дата решения"), tr("Кто решил")},
                  {}};
        for (const auto& c : load_claims(ctx.share(), ctx.me(), year_or_now(lopt->year)))
            if (!lopt->open_only || c.is_open())
                l.rows.push_back({c.key(), c.date, c.order, c.client, c.text, c.status, c.decision, c.decided_at, c.decided_by});
        print_listing(l, ctx.options.format);
    });

    auto ropt = std::make_shared<ClaimOptions>();
    CLI::App* resolve = claim->add_subcommand("resolve", tr("record the head of sales' decision on a claim (5.2.8)"));
    resolve->add_option("ID", ropt->id, tr("the claim, YEAR-NUMBER (e.g. 2026-3)"))->required();
    resolve->add_option("--decision", ropt->decision, tr("what was decided"))->required();
    resolve->callback([ropt, &ctx] {
        ctx.writing();
        int year = 0;
        std::int64_t number = 0;
        parse_claim_id(ropt->id, year, number);
        std::string decision = require_text(ropt->decision, tr("decision"));
        ctx.require_step("5.2.8");
        Claim c = resolve_claim(ctx.share(), ctx.me(), year, number, decision, ctx.actor().login, now().iso());
        Event e;
        e.kind = "claim.resolve";
        e.object = "claim:" + c.key();
        e.data = {{"order", c.order}, {"client", c.client}, {"decision", c.decision}};
        ctx.record(e);
        fmt::print(fmt::runtime(tr("claim {} resolved\n")), c.key());
    });
}

}  // namespace gefest::cli
