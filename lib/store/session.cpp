#include "store/session.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"

namespace gefest {

namespace {

// Roles as people read them (Process::roles_label: Russian names under a Russian locale).
std::string joined(const Process& process, const std::vector<std::string>& roles) {
    return roles.empty() ? tr("without a role") : process.roles_label(roles);
}

}  // namespace

Session::Session(Share share, Identity me, std::string acting_for)
    : store_(std::move(share), me), me_(std::move(me)), acting_for_(std::move(acting_for)) {
    // Both name files of the share (journal segments, locks) and rows of the journal.
    me_.require_usable();
    if (!acting_for_.empty()) input::require_login(acting_for_, "--user");
}

const Process& Session::process() {
    if (!process_) {
        const RecordRef matrix{Record::process};
        process_ = parse_process(store_.read(matrix).content.value_or(""), store_.where(matrix));
    }
    return *process_;
}

const Staff& Session::staff() {
    if (!staff_) {
        const RecordRef staff{Record::staff};
        staff_ = parse_staff(store_.read(staff).content.value_or(""), store_.where(staff), process());
    }
    return *staff_;
}

const StaffMember& Session::actor() {
    const Staff& all = staff();
    const StaffMember* self = all.find(me_.login);
    if (!self && all.find_listed(me_.login))
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("'{}' is no longer active in {} (active = false); the head of sales can take them back: gefest staff add {} …")),
                                               me_.login, store_.name({Record::staff}), me_.login));
    if (!self)
        throw Error(Errc::refused,
                    fmt::format(fmt::runtime(tr("login '{}' is not in {}; the head of sales can add it: gefest staff add {} --name \"…\" --role …")),
                                me_.login, store_.name({Record::staff}), me_.login));
    if (acting_for_.empty() || acting_for_ == me_.login) return *self;
    if (!self->act_for_others)
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("'{}' may not act for others (--user {}): act_for_others is not set in {}")),
                                               me_.login, acting_for_, store_.name({Record::staff})));
    const StaffMember* other = all.find(acting_for_);
    if (!other && all.find_listed(acting_for_))
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("'{}' is no longer active in {} (active = false): nobody may act for them")), acting_for_,
                                               store_.name({Record::staff})));
    if (!other) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no staff member '{}' in {}")), acting_for_, store_.name({Record::staff})));
    return *other;
}

void Session::writing() {
    store_.require_writable();
    actor();
}

bool Session::may(const std::string& step_id, const std::string& action) {
    const Step* step = process().find(step_id);
    return step && process().may(*step, action, actor().roles);
}

void Session::require_step(const std::string& step_id, const std::string& action) {
    const StaffMember& who = actor();
    const Step* step = process().find(step_id);
    if (!step) throw Error(Errc::config, fmt::format(fmt::runtime(tr("step {} is not in {}")), step_id, store_.name({Record::process})));
    if (process().may(*step, action, who.roles)) return;
    const std::string allowed = joined(process(), process().roles_for(*step, action)), has = joined(process(), who.roles);
    if (action.empty())
        throw StepRefused(fmt::format(fmt::runtime(tr("step {} «{}» may be done by: {}; '{}' is {}")), step->id, step->name, allowed, who.login, has),
                          step_id, action, who.roles);
    throw StepRefused(fmt::format(fmt::runtime(tr("'{}' of step {} «{}» may be done by: {}; '{}' is {}")), action, step->id, step->name, allowed,
                                  who.login, has),
                      step_id, action, who.roles);
}

void Session::require_order_step(const std::string& step_id, const std::string& action, const std::string& manager, const std::string& order) {
    require_step(step_id, action);
    const StaffMember& who = actor();
    if (manager.empty() || who.login == manager || actor_is_owner()) return;
    const Step& step = *process().find(step_id);
    const std::vector<std::string> managers = process().client_manager_roles();
    auto own_role = [&](const std::string& role) {
        return std::find(managers.begin(), managers.end(), role) == managers.end() && process().may(step, action, {role});
    };
    if (std::any_of(who.roles.begin(), who.roles.end(), own_role)) return;
    // Who may instead: the step's roles that are not a client manager's, and the owner.
    std::vector<std::string> others;
    for (const auto& role : process().roles_for(step, action))
        if (own_role(role)) others.push_back(role);
    for (const auto& role : process().owner_roles())
        if (std::find(others.begin(), others.end(), role) == others.end()) others.push_back(role);
    throw StepRefused(fmt::format(fmt::runtime(tr("order {} is '{}''s: on another manager's order step {} «{}» may be done by: {}; '{}' is {}")), order,
                                  manager, step.id, step.name, joined(process(), others), who.login, joined(process(), who.roles)),
                      step_id, action, who.roles, order);
}

void Session::require_own_step(const std::string& step_id) {
    require_step(step_id);
    if (actor().login == me_.login) return;
    const StaffMember* self = staff().find(me_.login);
    const std::vector<std::string> own = self ? self->roles : std::vector<std::string>{};
    const Step& step = *process().find(step_id);
    if (process().may(step, "", own)) return;
    throw StepRefused(fmt::format(fmt::runtime(tr("step {} «{}» is not done for others: '{}' acts for '{}' but is {}; it may be done by: {}")), step.id,
                                  step.name, me_.login, actor().login, joined(process(), own), joined(process(), process().roles_for(step))),
                      step_id, "", own);
}

bool Session::actor_is_owner() { return is_process_owner(process(), actor()); }

void Session::record(Event event) {
    const StaffMember& who = actor();
    if (who.login != me_.login) event.on_behalf = who.login;
    store_.append_event(event);
}

void Session::record(std::vector<Event> events) {
    const StaffMember& who = actor();
    for (auto& e : events)
        if (who.login != me_.login) e.on_behalf = who.login;
    store_.append_events(events);
}

}  // namespace gefest
