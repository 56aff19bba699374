#include "store/process.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/toml_util.h"
#include "store/defaults.h"

namespace gefest {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

void add_once(std::vector<std::string>& out, const std::vector<std::string>& more) {
    for (const auto& r : more)
        if (!contains(out, r)) out.push_back(r);
}

const std::vector<std::string>* action_roles(const Step& step, const std::string& action) {
    for (const auto& [name, roles] : step.actions)
        if (name == action) return &roles;
    return nullptr;
}

std::vector<std::string> roles_of(const Step& s, const std::string& action) {
    std::vector<std::string> out;
    if (const auto* listed = action.empty() ? nullptr : action_roles(s, action)) {
        add_once(out, *listed);
        return out;
    }
    add_once(out, s.responsible);
    add_once(out, s.performers);
    return out;
}

void check_roles(const Process& p, const Step& s, const std::vector<std::string>& roles, const std::string& file) {
    for (const auto& r : roles)
        if (!p.knows_role(r))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("step '{}' names an unknown role '{}'")), s.id, r), file, s.line);
}

std::vector<std::pair<std::string, std::string>> parse_roles(const toml::table& root, const std::string& file) {
    const toml::node* roles = root.get("roles");
    if (!roles || !roles->is_table()) throw Error(Errc::data, tr("[roles] is missing: the role codes and their names"), file, roles ? tomlu::line_of(*roles) : 1);
    std::vector<std::pair<std::pair<int, std::string>, std::string>> by_line;
    for (const auto& [key, value] : *roles->as_table()) {
        auto name = value.value<std::string>();
        if (!name) throw Error(Errc::data, fmt::format(fmt::runtime(tr("role '{}' must have a name in quotes")), key.str()), file, tomlu::line_of(value));
        by_line.push_back({{tomlu::line_of(value), std::string(key.str())}, *name});
    }
    // toml++ keeps a table sorted by key; people read the roles in the order they wrote them.
    std::sort(by_line.begin(), by_line.end());
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [at, name] : by_line) out.emplace_back(at.second, std::move(name));
    return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> parse_actions(const toml::table& t, const std::string& file) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const toml::node* n = t.get("actions");
    if (!n) return out;
    const toml::table* actions = n->as_table();
    if (!actions) throw Error(Errc::data, tr("'actions' must be a table of action = [\"role\", …]"), file, tomlu::line_of(*n));
    for (const auto& [key, value] : *actions) out.emplace_back(std::string(key.str()), tomlu::opt_strings(*actions, key.str(), file));
    return out;
}

Step parse_step(const toml::table& t, const std::string& file) {
    Step s;
    s.line = tomlu::line_of(t);
    s.id = tomlu::need_string(t, "id", file);
    s.name = tomlu::opt_string(t, "name", file).value_or("");
    s.responsible = tomlu::opt_strings(t, "responsible", file);
    s.performers = tomlu::opt_strings(t, "performers", file);
    s.actions = parse_actions(t, file);
    s.deadline_hours = static_cast<int>(tomlu::opt_int(t, "deadline_hours", file).value_or(0));
    return s;
}

Process parse_matrix(const std::string& text, const std::string& file) {
    toml::table root = tomlu::parse(text, file);
    Process p;
    p.roles = parse_roles(root, file);
    std::set<std::string> seen;
    for (const toml::table* t : tomlu::tables_of(root, "step", file)) {
        Step s = parse_step(*t, file);
        if (!seen.insert(s.id).second) throw Error(Errc::data, fmt::format(fmt::runtime(tr("step '{}' is listed twice")), s.id), file, s.line);
        check_roles(p, s, s.responsible, file);
        check_roles(p, s, s.performers, file);
        for (const auto& [action, roles] : s.actions) check_roles(p, s, roles, file);
        p.steps.push_back(std::move(s));
    }
    return p;
}

// What the share's matrix lacks of the default one: whole steps, and the actions of a step
// it has (a share made before the action existed), when their roles exist on the share.
void complete_from(Process& p, const Process& defaults) {
    auto known = [&](const std::vector<std::string>& roles) {
        return std::all_of(roles.begin(), roles.end(), [&](const std::string& r) { return p.knows_role(r); });
    };
    for (const Step& d : defaults.steps) {
        Step* s = nullptr;
        for (auto& x : p.steps)
            if (x.id == d.id) s = &x;
        if (!s) {
            if (known(d.responsible) && known(d.performers)) p.steps.push_back(d), p.steps.back().line = 0;
            continue;
        }
        if (!s->actions.empty()) continue;  // the company wrote its own actions
        for (const auto& [action, roles] : d.actions)
            if (known(roles)) s->actions.emplace_back(action, roles);
    }
}

}  // namespace

const Step* Process::find(const std::string& id) const {
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

bool Process::knows_role(const std::string& code) const {
    return std::any_of(roles.begin(), roles.end(), [&](auto& r) { return r.first == code; });
}

std::string Process::role_name(const std::string& code) const {
    for (const auto& [c, name] : roles)
        if (c == code) return name;
    return code;
}

std::string Process::role_label(const std::string& code) const { return messages_translated() ? role_name(code) : code; }

std::string Process::roles_label(const std::vector<std::string>& codes) const {
    std::string out;
    for (const auto& c : codes) out += (out.empty() ? "" : ", ") + role_label(c);
    return out;
}

bool Process::may(const Step& step, const std::vector<std::string>& who) const { return may(step, "", who); }

bool Process::may(const Step& step, const std::string& action, const std::vector<std::string>& who) const {
    const std::vector<std::string> allowed = roles_for(step, action);
    return std::any_of(who.begin(), who.end(), [&](const std::string& r) { return contains(allowed, r); });
}

std::vector<std::string> Process::roles_for(const Step& step, const std::string& action) const { return roles_of(step, action); }

std::vector<std::string> Process::owner_roles() const {
    const Step* s = find(step_id::process);
    return s ? s->responsible : std::vector<std::string>{};
}

std::vector<std::string> Process::client_manager_roles() const {
    const Step* s = find(step_id::existing_client);
    return s ? s->responsible : std::vector<std::string>{};
}

std::vector<std::string> Process::helper_roles(const Step& step, const std::string& action) const {
    std::vector<std::string> out;
    for (const auto& r : roles_for(step, action))
        if (!contains(step.responsible, r)) out.push_back(r);
    return out;
}

Process parse_process(const std::string& text, const std::string& file) {
    Process p = parse_matrix(text, file);
    complete_from(p, default_process());
    return p;
}

const Process& default_process() {
    static const Process p = parse_matrix(std::string(default_file("Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml")), "Процесс.toml");
    return p;
}

}  // namespace gefest
