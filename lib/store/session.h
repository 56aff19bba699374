// One run of gefest against a share: the share, the person running it (the OS login on
// this machine), the staff member it acts for (--user, where the login may act for
// others), the responsibility matrix, and the store (numbers, records, keys, events).
// Library functions that act on the share take a Session& instead of a share, an
// identity, a login and a clock apart, ask store() for what is kept, and every role
// check goes through require_step (DESIGN.md, "Who is acting").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/identity.h"
#include "store/journal.h"
#include "store/process.h"
#include "store/share.h"
#include "store/share_store.h"
#include "store/staff.h"
#include "store/store.h"

namespace gefest {

/// The Error(refused) of Session::require_step and require_order_step, saying what was
/// refused, so the front end can journal who tried what (procedure/refusals.h) before
/// it shows the message.
class StepRefused : public Error {
public:
    StepRefused(std::string message, std::string step, std::string action, std::vector<std::string> roles, std::string order = {})
        : Error(Errc::refused, std::move(message)), step_(std::move(step)), action_(std::move(action)), roles_(std::move(roles)),
          order_(std::move(order)) {}
    const std::string& step() const { return step_; }
    const std::string& action() const { return action_; }  ///< "": the step as a whole
    const std::vector<std::string>& roles() const { return roles_; }  ///< the actor's roles
    const std::string& order() const { return order_; }  ///< the order's key, "" if none was named

private:
    std::string step_, action_;
    std::vector<std::string> roles_;
    std::string order_;
};

class Session {
public:
    /// A session on `share` run by `me`, acting for `acting_for` (empty: for itself).
    /// Nothing is read until asked for, so a command that needs no staff reads none.
    /// Error(data) for a login or host name unfit for the share's file names
    /// (Identity::require_usable) or an `acting_for` that is not a login (input::require_login).
    Session(Share share, Identity me, std::string acting_for = {});

    /// The share: its settings (gefest.toml), its templates and outbox.
    const Share& share() const { return store_.share(); }
    const Settings& settings() const { return store_.share().settings(); }
    /// Where everything the procedure keeps is kept: the share's files.
    Store& store() { return store_; }
    const Store& store() const { return store_; }
    /// The person running gefest (journal rows carry this login).
    const Identity& me() const { return me_; }
    /// The responsibility matrix (Процесс.toml, completed from the defaults).
    const Process& process();
    /// Сотрудники.toml.
    const Staff& staff();
    /// Re-reads Сотрудники.toml (after a change of it).
    void forget_staff() { staff_.reset(); }

    /// The staff member this session acts for: the acting_for member if the login may act
    /// for others, else the login's own. Error(refused) for a login not on the staff list,
    /// no longer active there (said so), or not allowed to act for others, and for an
    /// acting_for no longer active; Error(not_found) for an unknown acting_for.
    const StaffMember& actor();

    /// Call before changing anything: checks the mount (FUSE refused) and the actor.
    void writing();

    /// True if the actor may do `action` of step `step_id` (any action: "").
    bool may(const std::string& step_id, const std::string& action = "");
    /// StepRefused (Error(refused)) unless the actor may do `action` of step `step_id`,
    /// naming the step and the roles that may; Error(config) for a step the matrix does
    /// not have.
    void require_step(const std::string& step_id, const std::string& action = "");
    /// require_step on a record that belongs to `manager` (an order, "": nobody's): the
    /// order's manager and the owner of the process may; anyone else only with a role
    /// the matrix gives the step that is not a client manager's role (the office manager
    /// at the cash desk, planning answering a lead-time question) — a sales manager does
    /// not do steps of a colleague's order. StepRefused naming the order's manager.
    void require_order_step(const std::string& step_id, const std::string& action, const std::string& manager, const std::string& order);
    /// require_step for a duty that is never done on behalf of someone else (keeping the
    /// staff list: who may grant roles): when acting for another (--user), the login's
    /// own roles must also have it, so an account that may act for others (cron's) does
    /// not borrow the head of sales' right to add staff. StepRefused otherwise.
    void require_own_step(const std::string& step_id);
    /// True if the actor is an owner of the process (Process::owner_roles): may act on
    /// any order and override the procedure's checks.
    bool actor_is_owner();

    /// The journal of the share, appending as `me` (for readers that take a Journal;
    /// the procedure reads events through store().for_each_event).
    Journal& journal() { return store_.journal(); }
    /// Appends `event` to the store's events with the real login, and the actor when
    /// acting for someone.
    void record(Event event);
    /// record() of each of `events`, appended in one step (Store::append_events).
    void record(std::vector<Event> events);

private:
    ShareStore store_;
    Identity me_;
    std::string acting_for_;
    std::optional<Process> process_;
    std::optional<Staff> staff_;
};

}  // namespace gefest
