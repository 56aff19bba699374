// Accountability for refusals: a step the matrix does not give the actor is refused
// (Session::require_step throws StepRefused) and journaled here, so the head of sales
// can see who tried what (issue 13). The front end calls it where it catches the
// refusal, then shows the message and exits as before.
#pragma once

#include <string>

#include "store/session.h"

namespace gefest {

/// Appends a step.refused row (events/staff.h) for `refusal` to the journal: object
/// "order:<key>" when the refusal names an order, else "step:<id>"; `command` is what
/// was run ("invoice issue"). Never throws: a row that cannot be written (a read-only
/// share, the disk full) is given up, since the refusal must be shown regardless.
void record_refusal(Session& session, const StepRefused& refusal, const std::string& command) noexcept;

}  // namespace gefest
