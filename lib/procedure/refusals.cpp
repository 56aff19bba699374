// The step.refused row (refusals.h).
#include "procedure/refusals.h"

#include "procedure/events/staff.h"

namespace gefest {

void record_refusal(Session& session, const StepRefused& refusal, const std::string& command) noexcept {
    try {
        const events::StepRefused row{.step = refusal.step(), .action = refusal.action(), .roles = refusal.roles(), .command = command};
        const std::string object = refusal.order().empty() ? "step:" + refusal.step() : "order:" + refusal.order();
        session.record(events::make_event(row, object));
    } catch (...) {
        // The refusal is what the user must see; a lost row is the lesser harm.
    }
}

}  // namespace gefest
