// gefest staff add|list|remove as the procedure: who works in the process and in which
// roles (Сотрудники.toml). Changing the list is the matrix's "staff" duty (step_id::staff:
// the head of sales by default); the account cron runs under may act for others but not
// grant roles. Each change is one staff.* row (procedure/events/staff.h).
#pragma once

#include <string>
#include <vector>

#include "store/session.h"
#include "store/staff.h"

namespace gefest {

/// staff add: a new member, or new name, roles and e-mail for one on file.
struct StaffAddOptions {
    std::string login, name;
    std::vector<std::string> roles;  ///< role codes of the matrix
    std::string email, phone_ext;    ///< "" keeps what a member on file has
    bool act_for_others = false;     ///< set it (an existing member keeps a flag set before)
};
/// Adds or changes the member, active again if they had been removed (a staff.add or
/// staff.change row). Before anything is written: Error(data) for a login that is not
/// one (input::require_login), a name that is empty, padded with spaces or holds control
/// characters (input::require_name), an e-mail or extension with control characters;
/// refused unless the actor has the staff duty; Error(usage) for a role the matrix does
/// not know. Returns true if the login was on file already (changed rather than added).
bool staff_add(Session& session, const StaffAddOptions& options);

/// staff list: the active members, in file order.
std::vector<StaffMember> staff_list(Session& session);

/// staff remove: whom.
struct StaffRemoveOptions {
    std::string login;
};
/// Marks the member as gone, kept on file so the journal's names resolve (a
/// staff.remove row). Refused unless the actor has the staff duty, for the login
/// running gefest itself, and when it would leave nobody owning the process
/// (Process::owner_roles); Error(not_found) for a login that is not an active member.
void staff_remove(Session& session, const StaffRemoveOptions& options);

}  // namespace gefest
