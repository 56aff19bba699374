// Client satisfaction surveys (survey.h).
#include "procedure/survey.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/after_sales.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

void check_score(int score) {
    if (score < 1 || score > 5) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("score must be 1 to 5, not {}")), score));
}

fs::path survey_key_path(const Share& share, const std::string& order_key) { return share.keys_of("survey") / order_key; }

SurveyResult record_survey(Session& session, const SurveyOptions& opt) {
    session.writing();
    check_score(opt.score);
    const Share& share = session.share();
    Order order = load_order(share, session.me(), opt.year ? opt.year : now().date.year, opt.order);
    const StaffMember& who = session.actor();
    if (who.login != order.manager && !session.may("5.2.8"))
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("only the order's manager '{}' or a performer of step 5.2.8 records its survey; '{}' is neither")),
                                               order.manager, who.login));
    auto key = survey_key_path(share, order.key());
    fsio::make_dirs(key.parent_path());
    const std::string note = fmt::format("score={} by={} at={}\n", opt.score, who.login, now().iso());
    if (!fsio::create_exclusive(key, note)) {
        if (!opt.replace) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} already has a survey: use --replace to change it")), order.key()));
        fsio::write_atomic(key, note);
    }
    events::SurveyScore row{order.key(), order.client_name, order.client_id, order.manager, opt.score, opt.comment, opt.replace};
    session.record(events::make_event(row, "order:" + order.key()));
    return {order, opt.score};
}

}  // namespace gefest
