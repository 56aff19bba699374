// Who gets a client (form 02-006-02's «Менеджер»): the roles clients are assigned to are
// the matrix's (Process::client_manager_roles, the sales managers by default);
// check_manager refuses anyone else, and route_new_client picks one for a new client by
// [intake] routing, taking turns through a shared state file.
#include "procedure/clients.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest {

void check_manager(const Process& process, const Staff& staff, const std::string& login) {
    const std::vector<std::string> roles = process.client_manager_roles();
    std::vector<std::string> managers;
    for (const auto* s : staff.with_any_role(roles)) managers.push_back(s->login);
    const std::string listed = managers.empty() ? tr("none") : fmt::format("{}", fmt::join(managers, ", "));
    const StaffMember* m = staff.find(login);
    if (!m && staff.find_listed(login))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is no longer active in the staff list (active = false); sales managers: {}")), login, listed));
    if (!m) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no active staff member '{}'; sales managers: {}")), login, listed));
    if (std::none_of(roles.begin(), roles.end(), [&](const std::string& role) { return m->has_role(role); }))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("'{}' is not a sales manager; sales managers: {}")), login, listed));
}

RoutingState::RoutingState(Store& store) : store_(&store) {}

RoutingState::RoutingState(std::string last) : memory_(std::move(last)) {}

std::string RoutingState::last() const {
    if (!store_) return memory_;
    return std::string(trim_space(store_->read({Record::routing}).content.value_or("")));
}

std::string RoutingState::advance(const std::function<std::string(const std::string& last)>& pick) {
    if (!store_) {
        std::string chosen = pick(memory_);
        if (!chosen.empty()) memory_ = chosen;
        return chosen;
    }
    std::string chosen;
    store_->change({Record::routing}, [&](const Snapshot& snap) -> std::optional<std::string> {
        std::string last(trim_space(snap.content.value_or("")));
        chosen = pick(last);
        if (chosen.empty() || (chosen == last && snap.content)) return std::nullopt;
        return chosen + "\n";
    });
    return chosen;
}

std::string route_new_client(const ClientBase& base, const Staff& staff, const Process& process, const Settings& settings,
                             RoutingState& state) {
    return route_new_client([&base](const std::string& login) { return std::int64_t{base.count_for(login)}; }, staff, process, settings, state);
}

std::string route_new_client(const std::function<std::int64_t(const std::string& login)>& count, const Staff& staff, const Process& process,
                             const Settings& settings, RoutingState& state) {
    const std::vector<std::string> roles = process.client_manager_roles();
    std::vector<const StaffMember*> managers = staff.with_any_role(roles);
    if (managers.empty())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("there is no active sales manager to give a new client to (gefest staff add … --role {})")),
                                             fmt::join(roles, ",")));
    // The managers in turn after `last` (all of them, `last` itself at the end).
    auto in_turn = [&](const std::string& last) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < managers.size(); ++i)
            if (managers[i]->login == last) start = i + 1;
        std::vector<const StaffMember*> out;
        for (std::size_t i = 0; i < managers.size(); ++i) out.push_back(managers[(start + i) % managers.size()]);
        return out;
    };
    if (settings.routing == "round_robin")
        return state.advance([&](const std::string& last) { return in_turn(last).front()->login; });
    if (settings.routing == "least_loaded")
        return state.advance([&](const std::string& last) {
            const StaffMember* best = nullptr;
            std::int64_t best_count = 0;
            for (const auto* m : in_turn(last)) {
                const std::int64_t n = count(m->login);
                if (!best || n < best_count) best = m, best_count = n;
            }
            return best->login;
        });
    throw Error(Errc::config, fmt::format(fmt::runtime(tr("routing = '{}' in gefest.toml [intake]: use \"round_robin\" or \"least_loaded\"")),
                                          settings.routing));
}

std::string route_new_client(Session& session) {
    RoutingState state(session.store());
    // Only least_loaded counts clients (from the index's tally, once): round_robin reads none.
    std::optional<std::map<std::string, std::int64_t>> counts;
    auto count = [&](const std::string& login) -> std::int64_t {
        if (!counts) counts = ClientLookup(session.store()).counts_by_manager();
        auto it = counts->find(login);
        return it == counts->end() ? 0 : it->second;
    };
    return route_new_client(count, session.staff(), session.process(), session.settings(), state);
}

}  // namespace gefest
