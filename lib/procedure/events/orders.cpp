#include "procedure/events/orders.h"

namespace gefest::events {

// "kind" is the row's own key for the dialogue's entry (ask, answer, accept), while the
// struct's `kind` names the row; so this one is written out by hand.
void to_json(nlohmann::json& j, const OrderLeadTime& row) {
    j = nlohmann::json::object();
    j["kind"] = row.kind_of;
    if (row.days != 0) j["days"] = row.days;
    if (!row.note.empty()) j["note"] = row.note;
    if (!row.promised.empty()) j["promised"] = row.promised;
    if (!row.status.empty()) j["status"] = row.status;
}

void from_json(const nlohmann::json& j, OrderLeadTime& row) {
    row.kind_of = j.value("kind", std::string());
    row.days = j.value("days", std::int64_t{0});
    row.note = j.value("note", std::string());
    row.promised = j.value("promised", std::string());
    row.status = j.value("status", std::string());
}

}  // namespace gefest::events
