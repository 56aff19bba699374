// Client satisfaction surveys after shipment (procedure 02-006, 5.2.8): a score 1..5 per
// order, recorded by the order's sales manager or a performer of 5.2.8 (the owner of the
// process by default). The score lives in the journal (survey.score,
// events/after_sales.h); one per order, guarded by the store's key ("survey", order
// key), and replaced only when asked to.
#pragma once

#include <cstdint>
#include <string>

#include "procedure/order.h"
#include "store/session.h"

namespace gefest {

/// Error(usage) unless 1 <= score <= 5.
void check_score(int score);

/// gefest survey: the client's score of an order.
struct SurveyOptions {
    std::int64_t order = 0;
    int year = 0;  ///< 0: this year
    int score = 0;
    std::string comment;
    bool replace = false;  ///< replace the order's earlier score
};
/// The score recorded, with its order.
struct SurveyResult {
    Order order;
    int score = 0;
};
/// Records the score: Error(usage) for a score out of 1..5, Error(not_found) for an
/// unknown order, Error(refused) unless the actor is the order's manager or may do step
/// 5.2.8, Error(state) if the order has a survey and `replace` is not set. Journals
/// survey.score.
SurveyResult record_survey(Session& session, const SurveyOptions& options);

}  // namespace gefest
