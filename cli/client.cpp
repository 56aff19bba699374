// gefest client add|show|find|edit|assign|list|merge: the client base, form 02-006-02
// (step 5.2.6). The procedure is lib/procedure/client_commands.h; this file reads the
// options and prints the clients and what was done.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "output.h"
#include "base/i18n.h"
#include "procedure/client_commands.h"

namespace gefest::cli {

namespace {

void add_format_option(CLI::App* sub, Context& ctx) {
    sub->add_option("--format", ctx.options.format, tr("output: text, csv or json"))->check(CLI::IsMember({"text", "csv", "json"}));
}

// Every field, for csv/json and `client show`.
Listing full_listing(const std::vector<Client>& clients) {
    Listing l;
    l.keys.push_back("id");
    l.titles.push_back("Код");
    for (const auto& f : client_fields()) {
        l.keys.push_back(f.key);
        l.titles.push_back(f.column);
    }
    for (const Client& c : clients) {
        std::vector<std::string> row{std::to_string(c.id)};
        for (const auto& f : client_fields()) row.push_back(client_field(c, f.key));
        l.rows.push_back(std::move(row));
    }
    return l;
}

// A list for people: the columns that fit on a screen; csv/json get every field.
void print_clients(const std::vector<Client>& clients, const std::string& format) {
    if (format != "text") return print_listing(full_listing(clients), format);
    Listing l{{"id", "name", "phones", "email", "city", "manager", "source"},
              {"Код", "Наименование", "Телефоны", "E-mail", "Город", "Менеджер", "Источник"},
              {}};
    for (const Client& c : clients)
        l.rows.push_back({std::to_string(c.id), c.name, client_field(c, "phones"), c.email, c.city, c.manager, c.source});
    print_listing(l, format);
}

// "petrov (Петров Сергей Иванович, ext. 111)": the manager as the staff list has them.
std::string manager_text(const ClientSaved& s) {
    const std::string& login = s.client.manager;
    if (!s.manager) return login;
    const StaffMember& m = *s.manager;
    return m.phone_ext.empty() ? fmt::format("{} ({})", login, m.name) : fmt::format("{} ({}, {} {})", login, m.name, tr("ext."), m.phone_ext);
}

void print_added(const ClientSaved& s) {
    fmt::print(fmt::runtime(tr("added client {}: {}\nmanager: {}{}\n")), s.client.id, s.client.name, manager_text(s),
               s.routing.empty() ? "" : fmt::format(" [{}]", s.routing));
}

void print_edited(const ClientEdited& e) {
    if (e.changed.empty()) fmt::print(fmt::runtime(tr("client {}: nothing changed\n")), e.client.id);
    else fmt::print(fmt::runtime(tr("client {} ({}): changed {}\n")), e.client.id, e.client.name, fmt::join(e.changed, ", "));
}

void print_assigned(const ClientAssigned& a) {
    const Client& c = a.saved.client;
    if (!a.changed) fmt::print(fmt::runtime(tr("client {} ({}) is already assigned to {}\n")), c.id, c.name, c.manager);
    else fmt::print(fmt::runtime(tr("client {} ({}): manager {}\n")), c.id, c.name, manager_text(a.saved));
}

void setup_add(CLI::App* client, Context& ctx) {
    auto o = std::make_shared<ClientAddOptions>();
    CLI::App* add = client->add_subcommand("add", tr("add a client (refused if its phone, e-mail or ИНН is already in the base)"));
    add->add_option("--name", o->name, tr("name: «ООО «Ромашка»», «Иванов Иван Иванович»"))->required();
    add->add_option("--form", o->form, tr("legal form: ООО, АО, ИП, физ. лицо…"));
    add->add_option("--inn", o->inn, tr("ИНН: 10 digits (organisation) or 12 (individual)"));
    add->add_option("--kpp", o->kpp, tr("КПП: 9 characters"));
    add->add_option("--ogrn", o->ogrn, tr("ОГРН (13 digits) or ОГРНИП (15)"));
    add->add_option("--phone", o->phones, tr("a phone in any common spelling (repeat for several)"));
    add->add_option("--email", o->emails, tr("an e-mail address (repeat for several)"));
    add->add_option("--city", o->city, tr("city"));
    add->add_option("--address", o->address, tr("address"));
    add->add_option("--contact", o->contact, tr("contact person"));
    add->add_option("--manager", o->manager, tr("assigned sales manager's login (else chosen by [intake] routing)"));
    add->add_option("--source", o->source, tr("advertising source, one of [intake] sources or «Другое: …»"));
    add->add_option("--note", o->notes, tr("a note (repeat for several lines)"));
    add->add_flag("--force", o->force, tr("add even if the phone, e-mail or ИНН is already in the base"));
    add->callback([o, &ctx] { print_added(client_add(ctx.session(), *o)); });
}

void setup_edit(CLI::App* client, Context& ctx) {
    auto o = std::make_shared<ClientEditOptions>();
    CLI::App* edit = client->add_subcommand("edit", tr("change a client's fields (an empty value clears a field)"));
    edit->add_option("ID", o->id, tr("client id"))->required();
    edit->add_option("--name", o->name, tr("name"));
    edit->add_option("--form", o->form, tr("legal form"));
    edit->add_option("--inn", o->inn, tr("ИНН"));
    edit->add_option("--kpp", o->kpp, tr("КПП"));
    edit->add_option("--ogrn", o->ogrn, tr("ОГРН or ОГРНИП"));
    edit->add_option("--phone", o->phones, tr("replace the phones (repeat for several)"));
    edit->add_option("--add-phone", o->add_phones, tr("add a phone to those there are"));
    edit->add_option("--email", o->email, tr("replace the e-mail addresses (comma-separated)"));
    edit->add_option("--city", o->city, tr("city"));
    edit->add_option("--address", o->address, tr("address"));
    edit->add_option("--contact", o->contact, tr("contact person"));
    edit->add_option("--manager", o->manager, tr("assigned sales manager (as client assign)"));
    edit->add_option("--source", o->source, tr("advertising source"));
    edit->add_option("--added", o->added, tr("date added (YYYY-MM-DD or DD.MM.YYYY)"));
    edit->add_option("--notes", o->notes, tr("replace the notes"));
    edit->add_option("--note", o->note, tr("add a line to the notes"));
    edit->add_flag("--force", o->force, tr("change even if the new phone, e-mail or ИНН belongs to another client"));
    edit->callback([o, &ctx] { print_edited(client_edit(ctx.session(), *o)); });
}

}  // namespace

void setup_client(CLI::App& app, Context& ctx) {
    CLI::App* client = app.add_subcommand("client", tr("the client base, form 02-006-02 (step 5.2.6)"));
    client->require_subcommand(1);
    setup_add(client, ctx);

    auto show = std::make_shared<ClientShowOptions>();
    CLI::App* sh = client->add_subcommand("show", tr("show one client (a merged client's id shows the client it was merged into)"));
    sh->add_option("ID", show->id, tr("client id"))->required();
    add_format_option(sh, ctx);
    sh->callback([show, &ctx] {
        const Client c = client_show(ctx.session(), *show);
        if (c.id != show->id && ctx.options.format == "text") fmt::print(fmt::runtime(tr("client {} was merged into client {}\n")), show->id, c.id);
        print_record(full_listing({c}), ctx.options.format);
    });

    auto find = std::make_shared<ClientFindOptions>();
    CLI::App* fd = client->add_subcommand("find", tr("find clients by name, contact, city, phone, e-mail or ИНН (any case)"));
    fd->add_option("TEXT", find->text, tr("part of a name, phone digits, e-mail…"))->required();
    add_format_option(fd, ctx);
    fd->callback([find, &ctx] { print_clients(client_find(ctx.session(), *find), ctx.options.format); });

    setup_edit(client, ctx);

    auto as = std::make_shared<ClientAssignOptions>();
    CLI::App* assign = client->add_subcommand("assign", tr("assign a client to a sales manager"));
    assign->add_option("ID", as->id, tr("client id"))->required();
    assign->add_option("--manager", as->manager, tr("the sales manager's login"))->required();
    assign->callback([as, &ctx] { print_assigned(client_assign(ctx.session(), *as)); });

    auto lo = std::make_shared<ClientListOptions>();
    CLI::App* list = client->add_subcommand("list", tr("list clients, optionally of one manager or one advertising source"));
    list->add_option("--manager", lo->manager, tr("only this manager's clients"));
    list->add_option("--source", lo->source, tr("only clients from this source («Другое» includes «Другое: …»)"));
    add_format_option(list, ctx);
    list->callback([lo, &ctx] { print_clients(client_list(ctx.session(), *lo), ctx.options.format); });

    auto mo = std::make_shared<ClientMergeOptions>();
    CLI::App* merge = client->add_subcommand("merge", tr("join two records of one client; the older id is kept"));
    merge->add_option("KEEP_ID", mo->keep, tr("the client to keep"))->required();
    merge->add_option("GONE_ID", mo->gone, tr("the duplicate to merge into it"))->required();
    merge->callback([mo, &ctx] {
        const MergeResult r = client_merge(ctx.session(), *mo);
        fmt::print(fmt::runtime(tr("merged client {} ({}) into client {} ({})\n")), r.gone.id, r.gone.name, r.kept.id, r.kept.name);
    });
}

}  // namespace gefest::cli
