// The `gefest staff` subcommands: the staff duty of the matrix, Сотрудники.toml changed
// under its lock, the staff.* row recorded. See procedure/staff_commands.h.
#include "procedure/staff_commands.h"

#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "procedure/events/staff.h"

namespace gefest {

namespace {

// Сотрудники.toml changed by `edit` under its lock; the session reads it again afterwards.
void change_staff(Session& session, const std::function<void(Staff&)>& edit) {
    const RecordRef staff_list{Record::staff};
    const std::string file = session.store().where(staff_list);
    const Process& process = session.process();
    session.store().change(staff_list, [&](const Snapshot& snap) -> std::optional<std::string> {
        Staff staff = parse_staff(snap.content.value_or(""), file, process);
        edit(staff);
        std::string text = format_staff(staff, process);
        parse_staff(text, file, process);  // what is written must read back: validate all, then write
        return text;
    });
    session.forget_staff();
}

void require_known_roles(const Process& process, const std::vector<std::string>& roles) {
    for (const auto& r : roles)
        if (!process.knows_role(r)) {
            std::vector<std::string> codes;
            for (const auto& [code, name] : process.roles) codes.push_back(code);
            throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown role '{}'; roles are: {}")), r, fmt::join(codes, ", ")));
        }
}

}  // namespace

bool staff_add(Session& session, const StaffAddOptions& o) {
    input::require_login(o.login, "LOGIN");
    input::require_name(o.name, "--name");
    input::require_line(o.email, "--email");
    input::require_line(o.phone_ext, "--phone-ext");
    session.writing();
    session.require_own_step(step_id::staff);
    require_known_roles(session.process(), o.roles);
    bool existed = false;
    change_staff(session, [&](Staff& s) {
        existed = false;
        StaffMember* m = nullptr;
        for (auto& x : s.members)
            if (x.login == o.login) m = &x;
        if (m) existed = true;
        else m = &s.members.emplace_back();
        m->login = o.login;
        m->name = o.name;
        m->roles = o.roles;
        if (!o.email.empty()) m->email = o.email;
        if (!o.phone_ext.empty()) m->phone_ext = o.phone_ext;
        m->act_for_others = o.act_for_others || (existed && m->act_for_others);
        m->active = true;
    });
    events::StaffAdd row{o.name, o.roles, o.email};
    session.record(events::make_event(row, "staff:" + o.login, existed ? events::StaffAdd::kind_change : events::StaffAdd::kind));
    return existed;
}

std::vector<StaffMember> staff_list(Session& session) {
    std::vector<StaffMember> out;
    for (const auto& m : session.staff().members)
        if (m.active) out.push_back(m);
    return out;
}

void staff_remove(Session& session, const StaffRemoveOptions& o) {
    const std::string& login = o.login;
    session.writing();
    session.require_own_step(step_id::staff);
    if (login == session.me().login) throw Error(Errc::refused, tr("you cannot remove yourself"));
    if (!session.staff().find(login)) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no staff member '{}'")), login));
    const std::vector<std::string> owners = session.process().owner_roles();
    change_staff(session, [&](Staff& s) {
        for (auto& m : s.members)
            if (m.login == login) m.active = false;
        if (s.with_any_role(owners).empty()) throw Error(Errc::refused, tr("this would leave nobody owning the process (the head of sales)"));
    });
    session.record(events::make_event(events::StaffRemove{}, "staff:" + login));
}

}  // namespace gefest
