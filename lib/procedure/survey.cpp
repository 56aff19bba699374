// Client satisfaction surveys (survey.h).
#include "procedure/survey.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/after_sales.h"

namespace gefest {

void check_score(int score) {
    if (score < 1 || score > 5) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("score must be 1 to 5, not {}")), score));
}

SurveyResult record_survey(Session& session, const SurveyOptions& opt) {
    session.writing();
    check_score(opt.score);
    Store& store = session.store();
    Order order = load_order(store, opt.year ? opt.year : now().date.year, opt.order);
    const StaffMember& who = session.actor();
    if (who.login != order.manager && !session.may("5.2.8"))
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("only the order's manager '{}' or a performer of step 5.2.8 records its survey; '{}' is neither")),
                                               order.manager, who.login));
    const std::string note = fmt::format("score={} by={} at={}", opt.score, who.login, now().iso());
    if (!store.keep_key("survey", order.key(), note)) {
        if (!opt.replace) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} already has a survey: use --replace to change it")), order.key()));
        store.rewrite_key("survey", order.key(), note);
    }
    events::SurveyScore row{order.key(), order.client_name, order.client_id, order.manager, opt.score, opt.comment, opt.replace};
    session.record(events::make_event(row, "order:" + order.key()));
    return {order, opt.score};
}

}  // namespace gefest
