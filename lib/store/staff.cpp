#include "store/staff.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/toml_util.h"

namespace gefest {

namespace {

const toml::array* tables_of(const toml::table& root, std::string_view key, const std::string& file) {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    const toml::array* arr = n->as_array();
    if (!arr || !arr->is_array_of_tables())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' must be written as [[{}]] tables")), key, key), file, tomlu::line_of(*n));
    return arr;
}

bool contains(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

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

bool Process::may(const Step& step, const std::vector<std::string>& who) const {
    return std::any_of(who.begin(), who.end(), [&](auto& r) { return contains(step.responsible, r) || contains(step.performers, r); });
}

Process parse_process(const std::string& text, const std::string& file) {
    toml::table root = tomlu::parse(text, file);
    Process p;
    const toml::node* roles = root.get("roles");
    if (!roles || !roles->is_table()) throw Error(Errc::data, tr("[roles] is missing: the role codes and their names"), file, roles ? tomlu::line_of(*roles) : 1);
    for (const auto& [key, value] : *roles->as_table()) {
        auto name = value.value<std::string>();
        if (!name) throw Error(Errc::data, fmt::format(fmt::runtime(tr("role '{}' must have a name in quotes")), key.str()), file, tomlu::line_of(value));
        p.roles.emplace_back(std::string(key.str()), *name);
    }
    // toml++ keeps tables sorted by key; show roles in the order of the procedure instead.
    static const std::vector<std::string> order = {"head_of_sales", "office_manager", "sales_manager", "head_of_planning",
                                                   "warehouse", "senior_planner", "accountant"};
    std::stable_sort(p.roles.begin(), p.roles.end(), [](auto& a, auto& b) {
        auto ia = std::find(order.begin(), order.end(), a.first), ib = std::find(order.begin(), order.end(), b.first);
        return ia < ib;
    });
    std::set<std::string> seen;
    if (const toml::array* steps = tables_of(root, "step", file)) {
        for (const auto& item : *steps) {
            const toml::table& t = *item.as_table();
            Step s;
            s.line = tomlu::line_of(t);
            s.id = tomlu::need_string(t, "id", file);
            s.name = tomlu::opt_string(t, "name", file).value_or("");
            s.responsible = tomlu::opt_strings(t, "responsible", file);
            s.performers = tomlu::opt_strings(t, "performers", file);
            s.deadline_hours = static_cast<int>(tomlu::opt_int(t, "deadline_hours", file).value_or(0));
            if (!seen.insert(s.id).second)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("step '{}' is listed twice")), s.id), file, s.line);
            for (const auto* list : {&s.responsible, &s.performers})
                for (const auto& r : *list)
                    if (!p.knows_role(r))
                        throw Error(Errc::data, fmt::format(fmt::runtime(tr("step '{}' names an unknown role '{}'")), s.id, r), file, s.line);
            p.steps.push_back(std::move(s));
        }
    }
    return p;
}

bool StaffMember::has_role(const std::string& code) const { return contains(roles, code); }

const StaffMember* Staff::find(const std::string& login) const {
    for (const auto& m : members)
        if (m.active && m.login == login) return &m;
    return nullptr;
}

std::vector<const StaffMember*> Staff::with_role(const std::string& role) const {
    std::vector<const StaffMember*> out;
    for (const auto& m : members)
        if (m.active && m.has_role(role)) out.push_back(&m);
    return out;
}

Staff parse_staff(const std::string& text, const std::string& file, const Process& process) {
    toml::table root = tomlu::parse(text, file);
    Staff staff;
    std::set<std::string> logins;
    if (const toml::array* arr = tables_of(root, "staff", file)) {
        for (const auto& item : *arr) {
            const toml::table& t = *item.as_table();
            StaffMember m;
            m.line = tomlu::line_of(t);
            m.login = tomlu::need_string(t, "login", file);
            m.name = tomlu::opt_string(t, "name", file).value_or(m.login);
            m.email = tomlu::opt_string(t, "email", file).value_or("");
            m.phone_ext = tomlu::opt_string(t, "phone_ext", file).value_or("");
            m.roles = tomlu::opt_strings(t, "roles", file);
            m.act_for_others = tomlu::opt_bool(t, "act_for_others", file).value_or(false);
            m.active = tomlu::opt_bool(t, "active", file).value_or(true);
            if (m.login.empty()) throw Error(Errc::data, tr("'login' is empty"), file, m.line);
            if (!logins.insert(m.login).second)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("login '{}' is listed twice")), m.login), file, m.line);
            for (const auto& r : m.roles)
                if (!process.knows_role(r))
                    throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' has an unknown role '{}'")), m.login, r), file, m.line);
            staff.members.push_back(std::move(m));
        }
    }
    return staff;
}

std::string format_staff(const Staff& staff, const Process& process) {
    std::string out =
        "# Сотрудники: логин в системе → ФИО, роли, e-mail, добавочный телефон.\n"
        "# Меняйте командой «gefest staff» или вручную; роли:\n";
    for (const auto& [code, name] : process.roles) out += fmt::format("#   {} — {}\n", code, name);
    out += "# act_for_others = true: может работать от имени других (gefest --user ЛОГИН).\n";
    for (const auto& m : staff.members) {
        out += "\n[[staff]]\n";
        out += "login = " + tomlu::quote(m.login) + "\n";
        out += "name = " + tomlu::quote(m.name) + "\n";
        out += "roles = " + tomlu::quote_list(m.roles) + "\n";
        if (!m.email.empty()) out += "email = " + tomlu::quote(m.email) + "\n";
        if (!m.phone_ext.empty()) out += "phone_ext = " + tomlu::quote(m.phone_ext) + "\n";
        if (m.act_for_others) out += "act_for_others = true\n";
        if (!m.active) out += "active = false\n";
    }
    return out;
}

}  // namespace gefest
