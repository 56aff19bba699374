// The responsibility matrix of procedure 02-006 (Процесс.toml): which roles answer for
// (О) and perform (И) each step, and the one place that says whether a person may do a
// step. Every role check of gefest asks here; the role codes live only in the matrix file
// (data/defaults/…/Процесс.toml is the default a new share gets).
//
// Besides the steps of the procedure the matrix holds gefest's own duties ("staff":
// keeping Сотрудники.toml, "catalog": loading the catalog and stock from 1C), and a step
// may split into actions done by different roles, e.g. 5.2.3.2: the sales manager asks
// for a lead time and accepts it, planning answers:
//
//     [[step]]
//     id = "5.2.3.2"
//     responsible = ["sales_manager"]
//     performers = ["sales_manager", "head_of_planning"]
//     actions = { ask = ["sales_manager"], answer = ["head_of_planning"], accept = ["sales_manager"] }
//
// A share whose Процесс.toml predates a step or an action gefest asks for takes that one
// from the built-in default matrix, so an old share keeps working and a step the company
// did write is never overridden.
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
    /// Parts of the step done by different roles (action → roles), in file order.
    std::vector<std::pair<std::string, std::vector<std::string>>> actions;
    int deadline_hours = 0;  ///< for process control; 0: no deadline
    int line = 0;
};

/// Step ids gefest asks the matrix about that are not numbered steps of the procedure.
namespace step_id {
inline const std::string process = "5.2";          ///< the whole process: its О is the owner
inline const std::string existing_client = "5.2.1.2";  ///< its О are the roles clients are assigned to
inline const std::string staff = "staff";          ///< keeping Сотрудники.toml (gefest staff)
inline const std::string catalog = "catalog";      ///< loading the catalog and stock (order import-1c)
}  // namespace step_id

/// The responsibility matrix.
struct Process {
    std::vector<std::pair<std::string, std::string>> roles;  ///< code → Russian name, in file order
    std::vector<Step> steps;

    const Step* find(const std::string& id) const;
    bool knows_role(const std::string& code) const;
    std::string role_name(const std::string& code) const;  ///< the Russian name, or the code
    /// A role as people read it: its Russian name when messages are translated
    /// (messages_translated()), else its code (English messages, scripts, the tests).
    std::string role_label(const std::string& code) const;
    /// role_label of each of `codes`, joined with ", ".
    std::string roles_label(const std::vector<std::string>& codes) const;
    /// True if any of `roles` is responsible for or performs `step`.
    bool may(const Step& step, const std::vector<std::string>& roles) const;
    /// True if any of `roles` may do `action` of `step`: the action's roles where the
    /// step lists that action, else (no such action) everyone on the step.
    bool may(const Step& step, const std::string& action, const std::vector<std::string>& roles) const;
    /// The roles that may do `action` of `step` (as may()), each once: the action's, else
    /// the step's responsible then performers.
    std::vector<std::string> roles_for(const Step& step, const std::string& action = "") const;
    /// The roles of the process owner: the О of step 5.2 (the head of sales by default).
    /// The owner may act on any order and override the procedure's checks.
    std::vector<std::string> owner_roles() const;
    /// The roles clients are assigned to (form 02-006-02): the О of step 5.2.1.2.
    std::vector<std::string> client_manager_roles() const;
    /// The roles that do `action` of `step` but do not answer for the step: e.g. the
    /// planning department answering a lead-time question of 5.2.3.2.
    std::vector<std::string> helper_roles(const Step& step, const std::string& action) const;
};

/// Parses Процесс.toml. Error(data) at FILE:LINE for a malformed file, an unknown role
/// in a step or an action, a duplicated step id. Steps and actions the file lacks are
/// taken from the default matrix (see above).
Process parse_process(const std::string& text, const std::string& file);

/// The default matrix, as gefest init writes it (data/defaults/…/Процесс.toml).
const Process& default_process();

}  // namespace gefest
