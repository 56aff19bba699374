// gefest survey N [--year Y] --score 1..5 [--comment T] [--replace]
// The client's satisfaction with an order after shipment: one call of
// lib/procedure/survey.h (record_survey), which checks who may, keeps one score per
// order and journals it; this file declares the options and prints the result.
#include <fmt/format.h>

#include "base/i18n.h"
#include "commands.h"
#include "procedure/survey.h"

namespace gefest::cli {

void setup_survey(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<SurveyOptions>();
    CLI::App* s = app.add_subcommand("survey", tr("record the client's satisfaction score (1..5) with an order"));
    s->add_option("N", opt->order, tr("number of the order"))->required();
    s->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    s->add_option("--score", opt->score, tr("the client's score, 1 (bad) to 5 (excellent)"))->required();
    s->add_option("--comment", opt->comment, tr("what the client said"));
    s->add_flag("--replace", opt->replace, tr("replace the order's earlier score"));
    s->callback([opt, &ctx] {
        auto r = record_survey(ctx.session(), *opt);
        fmt::print(fmt::runtime(tr("survey of order {} ({}, manager {}): {}\n")), r.order.key(), r.order.client_name, r.order.manager, r.score);
    });
}

}  // namespace gefest::cli
