// Journal rows of the staff list (Сотрудники.toml, gefest staff; object "staff:<login>"),
// of refused steps (who tried what the matrix does not give them; object "order:<key>"
// or "step:<id>") and of the storage probes (gefest debug; object "debug:<tag>").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "procedure/events/event.h"

namespace gefest::events {

/// staff.add: a member was added; staff.change (the same fields, kind_change): an
/// existing member's name, roles or e-mail were set again. Every field is written.
struct StaffAdd {
    static constexpr const char* kind = "staff.add";
    static constexpr const char* kind_change = "staff.change";
    std::string name;
    std::vector<std::string> roles;  ///< role codes of the matrix
    std::string email;               ///< as given ("" when not)
};
GEFEST_EVENT_ALL_FIELDS(StaffAdd, name, roles, email)

/// staff.remove: a member was marked as gone (kept on file). No data fields.
struct StaffRemove {
    static constexpr const char* kind = "staff.remove";
};
inline void to_json(nlohmann::json& j, const StaffRemove&) { j = nlohmann::json::object(); }
inline void from_json(const nlohmann::json&, StaffRemove&) {}

/// step.refused: the actor tried `action` of step `step` (or the step) and the matrix
/// refused it (Session::require_step, require_order_step); the row's login and on_behalf
/// say who. Written by record_refusal (procedure/refusals.h); reports do not read it.
struct StepRefused {
    static constexpr const char* kind = "step.refused";
    std::string step;
    std::string action;              ///< "": the step as a whole
    std::vector<std::string> roles;  ///< the actor's roles at the time
    std::string command;             ///< what was run, e.g. "invoice issue"
};
GEFEST_EVENT_FIELDS(StepRefused, step, action, roles, command)

/// debug.stress: one row of `gefest debug journal-write` (the storage tests count them).
struct DebugStress {
    static constexpr const char* kind = "debug.stress";
    std::string tag;
    std::int64_t i = 0;  ///< 0, 1, … within one run
};
GEFEST_EVENT_ALL_FIELDS(DebugStress, tag, i)

}  // namespace gefest::events
