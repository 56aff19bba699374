// gefest staff add LOGIN --name N --role R[,R…] [--email E] | list | remove LOGIN |
// handover FROM --to TO. The procedure is lib/procedure/staff_commands.h (handover:
// lib/procedure/order_change.h); this file reads the options and prints.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "output.h"
#include "base/i18n.h"
#include "procedure/order_change.h"
#include "procedure/staff_commands.h"

namespace gefest::cli {

namespace {

// The role codes of the default matrix, for --help (no share is open yet).
std::string default_role_codes() {
    std::vector<std::string> codes;
    for (const auto& [code, name] : default_process().roles) codes.push_back(code);
    return fmt::format("{}", fmt::join(codes, ", "));
}

void print_staff(Context& ctx, const std::vector<StaffMember>& members) {
    Listing l{{"login", "name", "roles", "email", "phone_ext", "act_for_others"},
              {tr("Login"), tr("Full name"), tr("Roles"), "E-mail", tr("Ext."), tr("For others")},
              {}};
    // People read role names (Russian under a Russian locale); scripts get the codes.
    const Process& process = ctx.session().process();
    const bool text = ctx.options.format == "text";
    for (const auto& m : members)
        l.rows.push_back({m.login, m.name, text ? process.roles_label(m.roles) : fmt::format("{}", fmt::join(m.roles, ", ")), m.email, m.phone_ext,
                          m.act_for_others ? "да" : ""});
    print_listing(l, ctx.options.format);
}

// What staff handover moved: one row per client and per order.
void print_handover(Context& ctx, const StaffHandoverOptions& opt, const StaffHandedOver& r) {
    if (ctx.options.format != "text") {
        Listing l{{"what", "id", "name", "manager"}, {tr("What"), tr("Number"), tr("Name"), tr("Manager")}, {}};
        for (const auto& c : r.clients) l.rows.push_back({"client", std::to_string(c.id), c.name, c.manager});
        for (const auto& o : r.orders) l.rows.push_back({"order", o.key(), o.client_name, o.manager});
        return print_listing(l, ctx.options.format);
    }
    fmt::print(fmt::runtime(tr("{} client(s) and {} open order(s) of {} handed over to {}\n")), r.clients.size(), r.orders.size(), opt.from, opt.to);
    for (const auto& o : r.orders) fmt::print(fmt::runtime(tr("  order {} ({})\n")), o.key(), o.client_name);
}

}  // namespace

void setup_staff(CLI::App& app, Context& ctx) {
    CLI::App* staff = app.add_subcommand("staff", tr("who works in the process and in which roles (Сотрудники.toml)"));
    staff->require_subcommand(1);

    auto add_opt = std::make_shared<StaffAddOptions>();
    CLI::App* add = staff->add_subcommand("add", tr("add a staff member, or change one's name, roles and e-mail"));
    add->add_option("LOGIN", add_opt->login, tr("the person's OS login"))->required();
    add->add_option("--name", add_opt->name, tr("full name, as on documents"))->required();
    add->add_option("--role", add_opt->roles, fmt::format(fmt::runtime(tr("role codes: {}")), default_role_codes()))->required()->delimiter(',');
    add->add_option("--email", add_opt->email, tr("e-mail for reminders and notices"));
    add->add_option("--phone-ext", add_opt->phone_ext, tr("extension number for call transfers"));
    add->add_flag("--act-for-others", add_opt->act_for_others, tr("may run gefest --user LOGIN (e.g. the account cron runs under)"));
    add->callback([add_opt, &ctx] {
        const bool existed = staff_add(ctx.session(), *add_opt);
        fmt::print(fmt::runtime(existed ? tr("updated {} ({}): {}\n") : tr("added {} ({}): {}\n")), add_opt->login, add_opt->name,
                   ctx.session().process().roles_label(add_opt->roles));
    });

    CLI::App* list = staff->add_subcommand("list", tr("list the staff and their roles"));
    list->callback([&ctx] { print_staff(ctx, staff_list(ctx.session())); });

    auto remove_opt = std::make_shared<StaffRemoveOptions>();
    CLI::App* remove = staff->add_subcommand("remove", tr("mark a staff member as gone (kept on file for the journal's names)"));
    remove->add_option("LOGIN", remove_opt->login, tr("the login to remove"))->required();
    remove->callback([remove_opt, &ctx] {
        staff_remove(ctx.session(), *remove_opt);
        fmt::print(fmt::runtime(tr("removed {}\n")), remove_opt->login);
    });

    auto handover_opt = std::make_shared<StaffHandoverOptions>();
    CLI::App* handover =
        staff->add_subcommand("handover", tr("give all clients and open orders of a manager (e.g. one who leaves) to another manager"));
    handover->add_option("FROM", handover_opt->from, tr("the login whose clients and orders are handed over"))->required();
    handover->add_option("--to", handover_opt->to, tr("the sales manager who takes them over"))->required();
    handover->add_option("--reason", handover_opt->reason, tr("why (journaled)"));
    handover->callback([handover_opt, &ctx] { print_handover(ctx, *handover_opt, staff_handover(ctx.session(), *handover_opt)); });
}

}  // namespace gefest::cli
