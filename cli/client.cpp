// gefest client add|show|find|edit|assign|list|merge: the client base, form 02-006-02
// (step 5.2.6). The rules live in lib/procedure/clients.h; this file reads options, checks who
// may, prints and records journal events.
#include <fmt/format.h>

#include "procedure/clients.h"
#include "base/clock.h"
#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "output.h"

namespace gefest::cli {

namespace {

struct ClientOptions {
    std::int64_t id = 0, other = 0;
    std::string name, form, inn, kpp, ogrn, city, address, contact, manager, source;
    std::vector<std::string> phones, emails, notes;
    bool force = false;
};

// `client edit`: only the options given change something.
struct EditOptions {
    std::int64_t id = 0;
    std::optional<std::string> name, form, inn, kpp, ogrn, email, city, address, contact, manager, source, added, notes;
    std::vector<std::string> phones, add_phones, note;
    bool force = false;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

void add_format_option(CLI::App* sub, Context& ctx) {
    sub->add_option("--format", ctx.options.format, tr("output: text, csv or json"))->check(CLI::IsMember({"text", "csv", "json"}));
}

// Every field, for csv/json and `client show`.
Listing full_listing(const std::vector<const Client*>& clients) {
    Listing l;
    l.keys.push_back("id");
    l.titles.push_back("Код");
    for (const auto& f : client_fields()) {
        l.keys.push_back(f.key);
        l.titles.push_back(f.column);
    }
    for (const Client* c : clients) {
        std::vector<std::string> row{std::to_string(c->id)};
        for (const auto& f : client_fields()) row.push_back(client_field(*c, f.key));
        l.rows.push_back(std::move(row));
    }
    return l;
}

// A list for people: the columns that fit on a screen; csv/json get every field.
void print_clients(const std::vector<const Client*>& clients, const std::string& format) {
    if (format != "text") return print_listing(full_listing(clients), format);
    Listing l{{"id", "name", "phones", "email", "city", "manager", "source"},
              {"Код", "Наименование", "Телефоны", "E-mail", "Город", "Менеджер", "Источник"},
              {}};
    for (const Client* c : clients)
        l.rows.push_back({std::to_string(c->id), c->name, join(c->phones, ", "), c->email, c->city, c->manager, c->source});
    print_listing(l, format);
}

nlohmann::json changes_json(const std::vector<FieldChange>& changes) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& c : changes) out[c.key] = {{"from", c.from}, {"to", c.to}};
    return out;
}

void record(Context& ctx, const std::string& kind, std::int64_t id, nlohmann::json data) {
    Event e;
    e.kind = kind;
    e.object = "client:" + std::to_string(id);
    e.data = std::move(data);
    ctx.record(e);
}

std::string manager_text(Context& ctx, const std::string& login) {
    const StaffMember* m = ctx.staff().find(login);
    if (!m) return login;
    return m->phone_ext.empty() ? fmt::format("{} ({})", login, m->name) : fmt::format("{} ({}, {} {})", login, m->name, tr("ext."), m->phone_ext);
}

void run_add(Context& ctx, const ClientOptions& o) {
    ctx.writing();
    ctx.require_step("5.2.6");
    const Share& share = ctx.share();
    Client draft;
    draft.name = o.name;
    draft.legal_form = o.form;
    draft.inn = o.inn;
    draft.kpp = o.kpp;
    draft.ogrn = o.ogrn;
    set_client_field(draft, "phones", join(o.phones, ","));
    set_client_field(draft, "email", join(o.emails, ","));
    draft.city = o.city;
    draft.address = o.address;
    draft.contact = o.contact;
    draft.source = normalize_source(share.settings(), o.source);
    set_client_field(draft, "notes", join(o.notes, "\n"));
    validate_client(draft);
    // Refuse a duplicate before a routing turn is taken; add_client checks again under the lock.
    const ClientBase base = load_clients(share, ctx.me());
    if (!o.force)
        if (auto d = base.find_duplicate(draft))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to add anyway")),
                                                 d->client->name, d->client->id, d->field, d->value));
    bool routed = false;
    if (!o.manager.empty()) {
        check_manager(ctx.staff(), o.manager);
        draft.manager = o.manager;
    } else {
        draft.manager = route_new_client(share, ctx.me(), ctx.staff());
        routed = true;
    }
    Client c = add_client(share, ctx.me(), draft, o.force);
    nlohmann::json data = nlohmann::json::object();
    for (const auto& f : client_fields())
        if (auto v = client_field(c, f.key); !v.empty()) data[f.key] = v;
    if (routed) data["routing"] = share.settings().routing;
    if (o.force) data["force"] = true;
    record(ctx, "client.add", c.id, data);
    fmt::print(fmt::runtime(tr("added client {}: {}\nmanager: {}{}\n")), c.id, c.name, manager_text(ctx, c.manager),
               routed ? fmt::format(" [{}]", share.settings().routing) : "");
}

void run_edit(Context& ctx, const EditOptions& o) {
    ctx.writing();
    ctx.require_step("5.2.6");
    const Share& share = ctx.share();
    std::vector<std::pair<std::string, const std::optional<std::string>*>> given = {
        {"name", &o.name}, {"form", &o.form},       {"inn", &o.inn},         {"kpp", &o.kpp},         {"ogrn", &o.ogrn},
        {"email", &o.email}, {"city", &o.city},     {"address", &o.address}, {"contact", &o.contact}, {"manager", &o.manager},
        {"source", &o.source}, {"added", &o.added}, {"notes", &o.notes}};
    bool any = !o.phones.empty() || !o.add_phones.empty() || !o.note.empty();
    for (auto& [k, v] : given) any = any || v->has_value();
    if (!any) throw Error(Errc::usage, tr("nothing to change: give the fields to edit (see gefest client edit --help)"));
    if (o.manager && !o.manager->empty()) check_manager(ctx.staff(), *o.manager);
    std::optional<std::string> source;
    if (o.source) source = normalize_source(share.settings(), *o.source);
    // Check the typed values once before locking, so a typo is reported plainly.
    Client probe;
    if (!o.phones.empty()) set_client_field(probe, "phones", join(o.phones, ","));
    if (!o.add_phones.empty()) set_client_field(probe, "phones", join(o.add_phones, ","));
    if (o.email) set_client_field(probe, "email", *o.email);
    auto [before, after] = update_client(
        share, ctx.me(), o.id,
        [&](Client& c) {
            for (auto& [key, value] : given)
                if (value->has_value()) set_client_field(c, key, key == "source" ? *source : **value);
            if (!o.phones.empty()) set_client_field(c, "phones", join(o.phones, ","));
            if (!o.add_phones.empty()) set_client_field(c, "phones", client_field(c, "phones") + "," + join(o.add_phones, ","));
            for (const auto& n : o.note) c.notes += (c.notes.empty() ? "" : "\n") + n;
        },
        o.force);
    auto changes = changed_fields(before, after);
    if (changes.empty()) {
        fmt::print(fmt::runtime(tr("client {}: nothing changed\n")), after.id);
        return;
    }
    record(ctx, "client.edit", after.id, {{"name", after.name}, {"changed", changes_json(changes)}});
    fmt::print(fmt::runtime(tr("client {} ({}): changed {}\n")), after.id, after.name, [&] {
        std::vector<std::string> keys;
        for (const auto& c : changes) keys.push_back(c.key);
        return join(keys, ", ");
    }());
}

}  // namespace

void setup_client(CLI::App& app, Context& ctx) {
    CLI::App* client = app.add_subcommand("client", tr("the client base, form 02-006-02 (step 5.2.6)"));
    client->require_subcommand(1);

    auto ao = std::make_shared<ClientOptions>();
    CLI::App* add = client->add_subcommand("add", tr("add a client (refused if its phone, e-mail or ИНН is already in the base)"));
    add->add_option("--name", ao->name, tr("name: «ООО «Ромашка»», «Иванов Иван Иванович»"))->required();
    add->add_option("--form", ao->form, tr("legal form: ООО, АО, ИП, физ. лицо…"));
    add->add_option("--inn", ao->inn, tr("ИНН: 10 digits (organisation) or 12 (individual)"));
    add->add_option("--kpp", ao->kpp, tr("КПП: 9 characters"));
    add->add_option("--ogrn", ao->ogrn, tr("ОГРН (13 digits) or ОГРНИП (15)"));
    add->add_option("--phone", ao->phones, tr("a phone in any common spelling (repeat for several)"));
    add->add_option("--email", ao->emails, tr("an e-mail address (repeat for several)"));
    add->add_option("--city", ao->city, tr("city"));
    add->add_option("--address", ao->address, tr("address"));
    add->add_option("--contact", ao->contact, tr("contact person"));
    add->add_option("--manager", ao->manager, tr("assigned sales manager's login (else chosen by [intake] routing)"));
    add->add_option("--source", ao->source, tr("advertising source, one of [intake] sources or «Другое: …»"));
    add->add_option("--note", ao->notes, tr("a note (repeat for several lines)"));
    add->add_flag("--force", ao->force, tr("add even if the phone, e-mail or ИНН is already in the base"));
    add->callback([ao, &ctx] { run_add(ctx, *ao); });

    auto show_id = std::make_shared<std::int64_t>(0);
    CLI::App* show = client->add_subcommand("show", tr("show one client (a merged client's id shows the client it was merged into)"));
    show->add_option("ID", *show_id, tr("client id"))->required();
    add_format_option(show, ctx);
    show->callback([show_id, &ctx] {
        ClientBase base = load_clients(ctx.share(), ctx.me());
        const Client& c = require_client(base, *show_id);
        if (c.id != *show_id && ctx.options.format == "text")
            fmt::print(fmt::runtime(tr("client {} was merged into client {}\n")), *show_id, c.id);
        print_record(full_listing({&c}), ctx.options.format);
    });

    auto find_text = std::make_shared<std::string>();
    CLI::App* find = client->add_subcommand("find", tr("find clients by name, contact, city, phone, e-mail or ИНН (any case)"));
    find->add_option("TEXT", *find_text, tr("part of a name, phone digits, e-mail…"))->required();
    add_format_option(find, ctx);
    find->callback([find_text, &ctx] {
        ClientBase base = load_clients(ctx.share(), ctx.me());
        auto found = base.find(*find_text);
        if (found.empty()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client matches '{}'")), *find_text));
        print_clients(found, ctx.options.format);
    });

    auto eo = std::make_shared<EditOptions>();
    CLI::App* edit = client->add_subcommand("edit", tr("change a client's fields (an empty value clears a field)"));
    edit->add_option("ID", eo->id, tr("client id"))->required();
    edit->add_option("--name", eo->name, tr("name"));
    edit->add_option("--form", eo->form, tr("legal form"));
    edit->add_option("--inn", eo->inn, tr("ИНН"));
    edit->add_option("--kpp", eo->kpp, tr("КПП"));
    edit->add_option("--ogrn", eo->ogrn, tr("ОГРН or ОГРНИП"));
    edit->add_option("--phone", eo->phones, tr("replace the phones (repeat for several)"));
    edit->add_option("--add-phone", eo->add_phones, tr("add a phone to those there are"));
    edit->add_option("--email", eo->email, tr("replace the e-mail addresses (comma-separated)"));
    edit->add_option("--city", eo->city, tr("city"));
    edit->add_option("--address", eo->address, tr("address"));
    edit->add_option("--contact", eo->contact, tr("contact person"));
    edit->add_option("--manager", eo->manager, tr("assigned sales manager (as client assign)"));
    edit->add_option("--source", eo->source, tr("advertising source"));
    edit->add_option("--added", eo->added, tr("date added (YYYY-MM-DD or DD.MM.YYYY)"));
    edit->add_option("--notes", eo->notes, tr("replace the notes"));
    edit->add_option("--note", eo->note, tr("add a line to the notes"));
    edit->add_flag("--force", eo->force, tr("change even if the new phone, e-mail or ИНН belongs to another client"));
    edit->callback([eo, &ctx] { run_edit(ctx, *eo); });

    auto as = std::make_shared<ClientOptions>();
    CLI::App* assign = client->add_subcommand("assign", tr("assign a client to a sales manager"));
    assign->add_option("ID", as->id, tr("client id"))->required();
    assign->add_option("--manager", as->manager, tr("the sales manager's login"))->required();
    assign->callback([as, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.6");
        check_manager(ctx.staff(), as->manager);
        auto [before, after] = update_client(ctx.share(), ctx.me(), as->id, [&](Client& c) { c.manager = as->manager; });
        if (before.manager == after.manager) {
            fmt::print(fmt::runtime(tr("client {} ({}) is already assigned to {}\n")), after.id, after.name, after.manager);
            return;
        }
        record(ctx, "client.assign", after.id,
               {{"name", after.name}, {"changed", changes_json(changed_fields(before, after))}, {"manager", after.manager}});
        fmt::print(fmt::runtime(tr("client {} ({}): manager {}\n")), after.id, after.name, manager_text(ctx, after.manager));
    });

    auto lo = std::make_shared<ClientOptions>();
    CLI::App* list = client->add_subcommand("list", tr("list clients, optionally of one manager or one advertising source"));
    list->add_option("--manager", lo->manager, tr("only this manager's clients"));
    list->add_option("--source", lo->source, tr("only clients from this source («Другое» includes «Другое: …»)"));
    add_format_option(list, ctx);
    list->callback([lo, &ctx] {
        ClientBase base = load_clients(ctx.share(), ctx.me());
        const std::string source = fold_case(lo->source);
        std::vector<const Client*> out;
        for (const auto& c : base.clients()) {
            if (!lo->manager.empty() && c.manager != lo->manager) continue;
            if (!source.empty()) {
                std::string s = fold_case(c.source);
                if (s != source && !s.starts_with(source + ":")) continue;
            }
            out.push_back(&c);
        }
        print_clients(out, ctx.options.format);
    });

    auto mo = std::make_shared<ClientOptions>();
    CLI::App* merge = client->add_subcommand("merge", tr("join two records of one client; the older id is kept"));
    merge->add_option("KEEP_ID", mo->id, tr("the client to keep"))->required();
    merge->add_option("GONE_ID", mo->other, tr("the duplicate to merge into it"))->required();
    merge->callback([mo, &ctx] {
        ctx.writing();
        ctx.require_step("5.2.6");
        MergeResult r = merge_clients(ctx.share(), ctx.me(), mo->id, mo->other, now().date.iso());
        record(ctx, "client.merge", r.kept.id,
               {{"name", r.kept.name},
                {"kept", r.kept.id},
                {"gone", r.gone.id},
                {"gone_name", r.gone.name},
                {"changed", changes_json(changed_fields(r.kept_before, r.kept))}});
        fmt::print(fmt::runtime(tr("merged client {} ({}) into client {} ({})\n")), r.gone.id, r.gone.name, r.kept.id, r.kept.name);
    });
}

}  // namespace gefest::cli
