// Journal rows after the shipment: client satisfaction surveys and claims (5.2.8).
// Object "order:<key>" (survey.score) or "claim:<year>-<n>".
#pragma once

#include <cstdint>
#include <string>

#include "procedure/events/event.h"

namespace gefest::events {

/// survey.score: the client's satisfaction with an order, 1..5; a later row with
/// replace = true replaces the order's score.
struct SurveyScore {
    static constexpr const char* kind = "survey.score";
    std::string order;
    std::string client;         ///< the client's name
    std::int64_t client_id = 0;
    std::string manager;        ///< the order's manager
    std::int64_t score = 0;
    std::string comment;
    bool replace = false;
};
GEFEST_EVENT_FIELDS(SurveyScore, order, client, client_id, manager, score, comment, replace)

/// Every row of a claim has a kind that starts with this.
inline constexpr const char* claim_kind_prefix = "claim.";

/// claim.new: a client's claim on an order was registered.
struct ClaimNew {
    static constexpr const char* kind = "claim.new";
    std::string order, client;
    std::int64_t client_id = 0;
    std::string manager, text;
};
GEFEST_EVENT_FIELDS(ClaimNew, order, client, client_id, manager, text)

/// claim.resolve: the owner of the process decided on a claim.
struct ClaimResolve {
    static constexpr const char* kind = "claim.resolve";
    std::string order, client, decision;
};
GEFEST_EVENT_FIELDS(ClaimResolve, order, client, decision)

}  // namespace gefest::events
