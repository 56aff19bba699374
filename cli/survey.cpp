// gefest survey N [--year Y] --score 1..5 [--comment T] [--replace]
// The client's satisfaction with an order after shipment (lib/procedure/claims.h): a journal
// event survey.score, one per order. Recorded by the order's sales manager or a
// performer of 5.2.8 (the head of sales).
#include <fmt/format.h>

#include "procedure/claims.h"
#include "base/clock.h"
#include "commands.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "procedure/order.h"

namespace gefest::cli {

namespace {

struct SurveyOptions {
    std::int64_t order = 0;
    int year = 0, score = 0;
    std::string comment;
    bool replace = false;
};

}  // namespace

void setup_survey(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<SurveyOptions>();
    CLI::App* s = app.add_subcommand("survey", tr("record the client's satisfaction score (1..5) with an order"));
    s->add_option("N", opt->order, tr("number of the order"))->required();
    s->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    s->add_option("--score", opt->score, tr("the client's score, 1 (bad) to 5 (excellent)"))->required();
    s->add_option("--comment", opt->comment, tr("what the client said"));
    s->add_flag("--replace", opt->replace, tr("replace the order's earlier score"));
    s->callback([opt, &ctx] {
        ctx.writing();
        check_score(opt->score);
        const Share& share = ctx.share();
        Order order = load_order(share, ctx.me(), opt->year ? opt->year : now().date.year, opt->order);
        const StaffMember& who = ctx.actor();
        const Step* step = ctx.process().find("5.2.8");
        if (who.login != order.manager && !(step && ctx.process().may(*step, who.roles)))
            throw Error(Errc::refused,
                        fmt::format(fmt::runtime(tr("only the order's manager '{}' or a performer of step 5.2.8 records its survey; '{}' is neither")),
                                    order.manager, who.login));
        auto key = survey_key_path(share, order.key());
        fsio::make_dirs(key.parent_path());
        const std::string note = fmt::format("score={} by={} at={}\n", opt->score, who.login, now().iso());
        if (!fsio::create_exclusive(key, note)) {
            if (!opt->replace)
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} already has a survey: use --replace to change it")), order.key()));
            fsio::write_atomic(key, note);
        }
        Event e;
        e.kind = "survey.score";
        e.object = "order:" + order.key();
        e.data = {{"order", order.key()}, {"client", order.client_name}, {"client_id", order.client_id}, {"manager", order.manager},
                  {"score", opt->score}, {"comment", opt->comment}, {"replace", opt->replace}};
        ctx.record(e);
        fmt::print(fmt::runtime(tr("survey of order {} ({}, manager {}): {}\n")), order.key(), order.client_name, order.manager, opt->score);
    });
}

}  // namespace gefest::cli
