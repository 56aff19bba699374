// gefest log [--order K] [--client ID] [--person LOGIN] [--month M | --from D --to D]
// The audit trail as people read it: one call of lib/reports/audit_log.h (audit_log),
// rendered one event a line (text), or as rows (--format csv|json).
#include <fmt/format.h>

#include "base/i18n.h"
#include "commands.h"
#include "output.h"
#include "reports/audit_log.h"

namespace gefest::cli {

namespace {

void print_log(Context& ctx, const std::vector<AuditEntry>& entries) {
    const bool text = ctx.options.format == "text";
    Listing l{{"time", "login", "on_behalf", "name", "kind", "object", "what", "source"},
              {tr("When"), tr("Who"), tr("For"), tr("Name"), tr("Kind"), tr("Record"), tr("What"), tr("Journal")},
              {}};
    if (text)  // a line per event: when, who (for whom), what, which record
        l = Listing{{"time", "who", "what", "object"}, {tr("When"), tr("Who"), tr("What"), tr("Record")}, {}};
    for (const auto& e : entries) {
        if (text) {
            std::string who = e.name.empty() ? e.login : fmt::format("{} ({})", e.login, e.name);
            if (!e.on_behalf.empty()) who = fmt::format(fmt::runtime(tr("{} for {}")), e.login, e.name.empty() ? e.on_behalf : e.on_behalf + " (" + e.name + ")");
            l.rows.push_back({e.time.russian(), who, e.what, e.object});
        } else {
            l.rows.push_back({e.time.iso(), e.login, e.on_behalf, e.name, e.kind, e.object, e.what, e.source});
        }
    }
    print_listing(l, ctx.options.format);
}

}  // namespace

void setup_log(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<AuditOptions>();
    CLI::App* log = app.add_subcommand("log", tr("the audit trail: who did what and when, from the journal"));
    auto month = log->add_option("--month", opt->month, tr("the calendar month, YYYY-MM (default: this month)"));
    log->add_option("--from", opt->from, tr("from this date (YYYY-MM-DD or DD.MM.YYYY)"))->excludes(month);
    log->add_option("--to", opt->to, tr("to this date, inclusive"))->excludes(month);
    log->add_option("--order", opt->order, tr("only this order (2026-5, or 5 for this year's): its steps, invoices, payments, claims"));
    log->add_option("--client", opt->client, tr("only this client (its id): its record, inquiries and orders"));
    log->add_option("--person", opt->person, tr("only what this login did or had done for them"));
    log->callback([opt, &ctx] { print_log(ctx, audit_log(ctx.session(), *opt)); });
}

}  // namespace gefest::cli
