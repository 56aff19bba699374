// Who works in the process (Сотрудники.toml) and what each role may do
// (Процесс.toml, the responsibility matrix of procedure 02-006 as editable data).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gefest {

/// One step of the procedure and the roles that answer for it (О) and perform it (И).
struct Step {
    std::string id;    ///< "5.2.1.1"
    std::string name;  ///< «Прием обращений новых клиентов по телефону»
    std::vector<std::string> responsible, performers;
    int deadline_hours = 0;  ///< for process control; 0: no deadline
    int line = 0;
};

/// The responsibility matrix.
struct Process {
    std::vector<std::pair<std::string, std::string>> roles;  ///< code → Russian name, in file order
    std::vector<Step> steps;

    const Step* find(const std::string& id) const;
    bool knows_role(const std::string& code) const;
    std::string role_name(const std::string& code) const;  ///< the Russian name, or the code
    /// True if any of `roles` is responsible for or performs `step`.
    bool may(const Step& step, const std::vector<std::string>& roles) const;
};

/// Parses Процесс.toml. Error(data) at FILE:LINE for a malformed file, an unknown role
/// in a step, a duplicated step id.
Process parse_process(const std::string& text, const std::string& file);

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
    /// Active members having `role`, in file order.
    std::vector<const StaffMember*> with_role(const std::string& role) const;
};

/// Parses Сотрудники.toml; roles are checked against `process`. Error(data) at
/// FILE:LINE for a malformed entry, an unknown role, a duplicated login.
Staff parse_staff(const std::string& text, const std::string& file, const Process& process);

/// Сотрудники.toml text for `staff` (with an explanatory header for people editing it).
std::string format_staff(const Staff& staff, const Process& process);

}  // namespace gefest
