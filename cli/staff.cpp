// gefest staff add LOGIN --name N --role R[,R…] [--email E] | list | remove LOGIN
#include <fmt/format.h>

#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "output.h"

namespace gefest::cli {

namespace {

struct StaffOptions {
    std::string login, name, email, phone_ext;
    std::vector<std::string> roles;
    bool act_for_others = false;
};

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// Staff are managed by the roles of the matrix's "staff" duty (the head of sales); the
// account cron runs under may act for others but not grant roles.
void require_staff_admin(Context& ctx) { ctx.require_step(step_id::staff); }

void change_staff(Context& ctx, const std::function<void(Staff&)>& edit) {
    auto path = ctx.share().at(ctx.share().settings().staff);
    ctx.shared(path).update([&](const Snapshot& snap) -> std::optional<std::string> {
        Staff staff = parse_staff(snap.content.value_or(""), path.string(), ctx.process());
        edit(staff);
        return format_staff(staff, ctx.process());
    });
    ctx.forget_staff();
}

}  // namespace

void setup_staff(CLI::App& app, Context& ctx) {
    CLI::App* staff = app.add_subcommand("staff", tr("who works in the process and in which roles (Сотрудники.toml)"));
    staff->require_subcommand(1);

    auto add_opt = std::make_shared<StaffOptions>();
    CLI::App* add = staff->add_subcommand("add", tr("add a staff member, or change one's name, roles and e-mail"));
    add->add_option("LOGIN", add_opt->login, tr("the person's OS login"))->required();
    add->add_option("--name", add_opt->name, tr("full name, as on documents"))->required();
    add->add_option("--role", add_opt->roles, tr("role codes: head_of_sales, office_manager, sales_manager, head_of_planning, warehouse, senior_planner, accountant"))
        ->required()
        ->delimiter(',');
    add->add_option("--email", add_opt->email, tr("e-mail for reminders and notices"));
    add->add_option("--phone-ext", add_opt->phone_ext, tr("extension number for call transfers"));
    add->add_flag("--act-for-others", add_opt->act_for_others, tr("may run gefest --user LOGIN (e.g. the account cron runs under)"));
    add->callback([add_opt, &ctx] {
        ctx.writing();
        require_staff_admin(ctx);
        for (const auto& r : add_opt->roles)
            if (!ctx.process().knows_role(r))
                throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown role '{}'; roles are: {}")), r, [&] {
                                std::vector<std::string> codes;
                                for (auto& [code, name] : ctx.process().roles) codes.push_back(code);
                                return join(codes, ", ");
                            }()));
        bool existed = false;
        change_staff(ctx, [&](Staff& s) {
            existed = false;
            StaffMember* m = nullptr;
            for (auto& x : s.members)
                if (x.login == add_opt->login) m = &x;
            if (m) existed = true;
            else m = &s.members.emplace_back();
            m->login = add_opt->login;
            m->name = add_opt->name;
            m->roles = add_opt->roles;
            if (!add_opt->email.empty()) m->email = add_opt->email;
            if (!add_opt->phone_ext.empty()) m->phone_ext = add_opt->phone_ext;
            m->act_for_others = add_opt->act_for_others || (existed && m->act_for_others);
            m->active = true;
        });
        Event e;
        e.kind = existed ? "staff.change" : "staff.add";
        e.object = "staff:" + add_opt->login;
        e.data = {{"name", add_opt->name}, {"roles", add_opt->roles}, {"email", add_opt->email}};
        ctx.record(e);
        fmt::print(fmt::runtime(existed ? tr("updated {} ({}): {}\n") : tr("added {} ({}): {}\n")), add_opt->login, add_opt->name, join(add_opt->roles, ", "));
    });

    CLI::App* list = staff->add_subcommand("list", tr("list the staff and their roles"));
    list->callback([&ctx] {
        Listing l{{"login", "name", "roles", "email", "phone_ext", "act_for_others"},
                  {tr("Логин"), tr("ФИО"), tr("Роли"), "E-mail", tr("Доб."), tr("За других")},
                  {}};
        for (const auto& m : ctx.staff().members)
            if (m.active) l.rows.push_back({m.login, m.name, join(m.roles, ", "), m.email, m.phone_ext, m.act_for_others ? "да" : ""});
        print_listing(l, ctx.options.format);
    });

    auto remove_login = std::make_shared<std::string>();
    CLI::App* remove = staff->add_subcommand("remove", tr("mark a staff member as gone (kept on file for the journal's names)"));
    remove->add_option("LOGIN", *remove_login, tr("the login to remove"))->required();
    remove->callback([remove_login, &ctx] {
        ctx.writing();
        require_staff_admin(ctx);
        if (*remove_login == ctx.me().login) throw Error(Errc::refused, tr("you cannot remove yourself"));
        if (!ctx.staff().find(*remove_login))
            throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no staff member '{}'")), *remove_login));
        change_staff(ctx, [&](Staff& s) {
            for (auto& m : s.members)
                if (m.login == *remove_login) m.active = false;
            if (s.with_any_role(ctx.process().owner_roles()).empty())
                throw Error(Errc::refused, tr("this would leave nobody owning the process (the head of sales)"));
        });
        Event e;
        e.kind = "staff.remove";
        e.object = "staff:" + *remove_login;
        ctx.record(e);
        fmt::print(fmt::runtime(tr("removed {}\n")), *remove_login);
    });
}

}  // namespace gefest::cli
