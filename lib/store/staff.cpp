#include "store/staff.h"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/toml_util.h"

namespace gefest {

bool StaffMember::has_role(const std::string& code) const { return std::find(roles.begin(), roles.end(), code) != roles.end(); }

const StaffMember* Staff::find(const std::string& login) const {
    for (const auto& m : members)
        if (m.active && m.login == login) return &m;
    return nullptr;
}

const StaffMember* Staff::find_listed(const std::string& login) const {
    for (const auto& m : members)
        if (m.login == login) return &m;
    return nullptr;
}

std::vector<const StaffMember*> Staff::with_role(const std::string& role) const {
    std::vector<const StaffMember*> out;
    for (const auto& m : members)
        if (m.active && m.has_role(role)) out.push_back(&m);
    return out;
}

std::vector<const StaffMember*> Staff::with_any_role(const std::vector<std::string>& roles) const {
    std::vector<const StaffMember*> out;
    for (const auto& m : members)
        if (m.active && std::any_of(roles.begin(), roles.end(), [&](const std::string& r) { return m.has_role(r); })) out.push_back(&m);
    return out;
}

bool is_process_owner(const Process& process, const StaffMember& who) {
    const std::vector<std::string> owners = process.owner_roles();
    return std::any_of(owners.begin(), owners.end(), [&](const std::string& r) { return who.has_role(r); });
}

Staff parse_staff(const std::string& text, const std::string& file, const Process& process) {
    toml::table root = tomlu::parse(text, file);
    Staff staff;
    std::set<std::string> logins;
    for (const toml::table* item : tomlu::tables_of(root, "staff", file)) {
        const toml::table& t = *item;
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
        // A login names files of the share (journal segments, locks): the strict set, here too.
        input::require_login(m.login, "login", file, tomlu::line_of(*t.get("login")));
        if (!logins.insert(m.login).second)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("login '{}' is listed twice")), m.login), file, m.line);
        for (const auto& r : m.roles)
            if (!process.knows_role(r))
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' has an unknown role '{}'")), m.login, r), file, m.line);
        staff.members.push_back(std::move(m));
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
