// gefest claim new --order N [--year Y] --text T | list [--open] [--year Y] | resolve ID --decision T
// Client claims, procedure 02-006 step 5.2.8: each subcommand is one call of
// lib/procedure/claims.h (register_claim, list_claims, decide_claim), which checks,
// writes the register and journals; this file declares the options and prints.
#include <fmt/format.h>

#include "base/i18n.h"
#include "commands.h"
#include "output.h"
#include "procedure/claims.h"

namespace gefest::cli {

void setup_claim(CLI::App& app, Context& ctx) {
    CLI::App* claim = app.add_subcommand("claim", tr("client claims (5.2.8): the claims register Претензии <year>.csv"));
    claim->require_subcommand(1);

    auto nopt = std::make_shared<ClaimNewOptions>();
    CLI::App* add = claim->add_subcommand("new", tr("register a client's claim about an order"));
    add->add_option("--order", nopt->order, tr("number of the order the claim is about"))->required();
    add->add_option("--year", nopt->year, tr("year of the order (default: this year)"));
    add->add_option("--text", nopt->text, tr("what the client claims"))->required();
    add->callback([nopt, &ctx] {
        Claim c = register_claim(ctx.session(), *nopt);
        fmt::print(fmt::runtime(tr("claim {} registered on order {} ({}); next: 5.2.8\n")), c.key(), c.order, c.client);
    });

    auto lopt = std::make_shared<ClaimListOptions>();
    CLI::App* list = claim->add_subcommand("list", tr("list the claims of a year"));
    list->add_flag("--open", lopt->open_only, tr("only claims not resolved yet"));
    list->add_option("--year", lopt->year, tr("year of the claims (default: this year)"));
    list->callback([lopt, &ctx] {
        Listing l{{"id", "date", "order", "client", "text", "status", "decision", "decided_at", "decided_by"},
                  {"№", tr("Date"), tr("Order"), tr("Client"), tr("Text"), tr("Status"), tr("Decision"), tr("Decided at"), tr("Decided by")},
                  {}};
        for (const auto& c : list_claims(ctx.session(), *lopt))
            l.rows.push_back({c.key(), c.date, c.order, c.client, c.text, c.status, c.decision, c.decided_at, c.decided_by});
        print_listing(l, ctx.options.format);
    });

    auto ropt = std::make_shared<ClaimResolveOptions>();
    CLI::App* resolve = claim->add_subcommand("resolve", tr("record the head of sales' decision on a claim (5.2.8)"));
    resolve->add_option("ID", ropt->id, tr("the claim, YEAR-NUMBER (e.g. 2026-3)"))->required();
    resolve->add_option("--decision", ropt->decision, tr("what was decided"))->required();
    resolve->callback([ropt, &ctx] {
        Claim c = decide_claim(ctx.session(), *ropt);
        fmt::print(fmt::runtime(tr("claim {} resolved\n")), c.key());
    });
}

}  // namespace gefest::cli
