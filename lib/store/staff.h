// Who works in the process (Сотрудники.toml): logins, names, roles. What each role may
// do is the responsibility matrix (store/process.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/process.h"

namespace gefest {

/// A staff member.
struct StaffMember {
    std::string login, name, email, phone_ext;
    std::vector<std::string> roles;
    bool act_for_others = false;  ///< may run gefest --user LOGIN (head of sales, cron's account)
    bool active = true;           ///< removed staff stay on file so the journal's names resolve
    int line = 0;

    bool has_role(const std::string& code) const;
};

struct Staff {
    std::vector<StaffMember> members;

    /// The active member with this login, or nullptr.
    const StaffMember* find(const std::string& login) const;
    /// The member with this login, active or not (active = false), or nullptr.
    const StaffMember* find_listed(const std::string& login) const;
    /// Active members having `role`, in file order.
    std::vector<const StaffMember*> with_role(const std::string& role) const;
    /// Active members having any of `roles`, in file order.
    std::vector<const StaffMember*> with_any_role(const std::vector<std::string>& roles) const;
};

/// True if `who` has one of the process owner's roles (Process::owner_roles).
bool is_process_owner(const Process& process, const StaffMember& who);

/// Parses Сотрудники.toml; roles are checked against `process`. Error(data) at
/// FILE:LINE for a malformed entry, a login that is not one (input::require_login), an
/// unknown role, a duplicated login. A name is taken as written (escapes included):
/// `staff add` refuses control characters in it, a hand edit is the editor's word.
Staff parse_staff(const std::string& text, const std::string& file, const Process& process);

/// Сотрудники.toml text for `staff` (with an explanatory header for people editing it).
std::string format_staff(const Staff& staff, const Process& process);

}  // namespace gefest
