// The `gefest client` subcommands: step 5.2.6, the values checked, the register changed,
// the client.* row recorded. See procedure/client_commands.h.
#include "procedure/client_commands.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "procedure/events/clients.h"

namespace gefest {

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) { return fmt::format("{}", fmt::join(items, separator)); }

ClientSaved saved(Session& session, Client client, std::string routing = {}) {
    ClientSaved out;
    if (const StaffMember* m = session.staff().find(client.manager)) out.manager = *m;
    out.client = std::move(client);
    out.routing = std::move(routing);
    return out;
}

// A field as typed on the command line: one line (notes: lines), no control characters,
// bounded (input.h): a name ends up in the structure of files (the comment of заказ.toml,
// an order's folder name), and every field in registers people open in Excel.
void require_typed(std::string_view key, const std::string& value) {
    const std::string option = "--" + std::string(key);
    if (key == "notes" || key == "note") input::require_text(value, option);
    else input::require_line(value, option, key == "contact" || key == "name" ? input::max_name : input::max_line);
}

// The new client's fields as typed, normalised and checked (no manager yet).
Client draft_of(Session& session, const ClientAddOptions& o) {
    for (auto [key, value] : {std::pair<const char*, const std::string*>{"name", &o.name}, {"form", &o.form}, {"inn", &o.inn},
                              {"kpp", &o.kpp}, {"ogrn", &o.ogrn}, {"city", &o.city}, {"address", &o.address},
                              {"contact", &o.contact}, {"source", &o.source}, {"manager", &o.manager}})
        require_typed(key, *value);
    for (const auto& v : o.phones) require_typed("phone", v);
    for (const auto& v : o.emails) require_typed("email", v);
    for (const auto& v : o.notes) require_typed("note", v);
    Client draft;
    draft.name = o.name;
    draft.legal_form = o.form;
    draft.inn = o.inn;
    draft.kpp = o.kpp;
    draft.ogrn = o.ogrn;
    set_client_field(draft, "phones", joined(o.phones, ","));
    set_client_field(draft, "email", joined(o.emails, ","));
    draft.city = o.city;
    draft.address = o.address;
    draft.contact = o.contact;
    draft.source = normalize_source(session.settings(), o.source);
    set_client_field(draft, "notes", joined(o.notes, "\n"));
    validate_client(draft);
    return draft;
}

// The fields client edit was given, by key.
std::vector<std::pair<std::string, const std::optional<std::string>*>> given_fields(const ClientEditOptions& o) {
    return {{"name", &o.name},     {"form", &o.form},       {"inn", &o.inn},         {"kpp", &o.kpp},
            {"ogrn", &o.ogrn},     {"email", &o.email},     {"city", &o.city},       {"address", &o.address},
            {"contact", &o.contact}, {"manager", &o.manager}, {"source", &o.source}, {"added", &o.added},
            {"notes", &o.notes}};
}

// client edit's checks before the lock: something to change, a manager, the source, and
// the typed phones and e-mails, so a typo is reported plainly. Returns the source normalised.
std::optional<std::string> check_edit(Session& session, const ClientEditOptions& o) {
    bool any = !o.phones.empty() || !o.add_phones.empty() || !o.note.empty();
    for (auto& [key, value] : given_fields(o)) any = any || value->has_value();
    if (!any) throw Error(Errc::usage, tr("nothing to change: give the fields to edit (see gefest client edit --help)"));
    for (auto& [key, value] : given_fields(o))
        if (value->has_value()) require_typed(key, **value);
    for (const auto& v : o.phones) require_typed("phone", v);
    for (const auto& v : o.add_phones) require_typed("add-phone", v);
    for (const auto& v : o.note) require_typed("note", v);
    if (o.manager && !o.manager->empty()) check_manager(session.process(), session.staff(), *o.manager);
    std::optional<std::string> source;
    if (o.source) source = normalize_source(session.settings(), *o.source);
    Client probe;
    if (!o.phones.empty()) set_client_field(probe, "phones", joined(o.phones, ","));
    if (!o.add_phones.empty()) set_client_field(probe, "phones", joined(o.add_phones, ","));
    if (o.email) set_client_field(probe, "email", *o.email);
    return source;
}

}  // namespace

ClientSaved client_add(Session& session, const ClientAddOptions& o) {
    session.writing();
    session.require_step("5.2.6");
    Client draft = draft_of(session, o);
    // Refuse a duplicate before a routing turn is taken; add_client checks again under the lock.
    if (!o.force)
        if (auto d = ClientLookup(session.store()).find_duplicate(draft))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to add anyway")),
                                                 d->client.name, d->client.id, d->field, d->value));
    std::string routing;
    if (!o.manager.empty()) {
        check_manager(session.process(), session.staff(), o.manager);
        draft.manager = o.manager;
    } else {
        draft.manager = route_new_client(session);
        routing = session.settings().routing;
    }
    std::vector<ExcelRepair> repairs;
    Client c = add_client(session.store(), draft, o.force, &repairs);
    record_client_repairs(session, repairs);
    events::ClientAdd row = client_add_row(c);
    row.routing = routing;
    row.force = o.force;
    session.record(events::make_event(row, client_object(c.id)));
    return saved(session, std::move(c), routing);
}

ClientEdited client_edit(Session& session, const ClientEditOptions& o) {
    session.writing();
    session.require_step("5.2.6");
    const std::optional<std::string> source = check_edit(session, o);
    std::vector<ExcelRepair> repairs;
    auto [before, after] = update_client(
        session.store(), o.id,
        [&](Client& c) {
            for (auto& [key, value] : given_fields(o))
                if (value->has_value()) set_client_field(c, key, key == "source" ? *source : **value);
            if (!o.phones.empty()) set_client_field(c, "phones", joined(o.phones, ","));
            if (!o.add_phones.empty()) set_client_field(c, "phones", client_field(c, "phones") + "," + joined(o.add_phones, ","));
            for (const auto& n : o.note) c.notes += (c.notes.empty() ? "" : "\n") + n;
        },
        o.force, &repairs);
    record_client_repairs(session, repairs);
    ClientEdited out;
    const auto changes = changed_fields(before, after);
    for (const auto& c : changes) out.changed.push_back(c.key);
    if (!changes.empty()) {
        events::ClientEdit row;
        row.name = after.name;
        row.changed = change_rows(changes);
        session.record(events::make_event(row, client_object(after.id)));
    }
    out.client = std::move(after);
    return out;
}

ClientAssigned client_assign(Session& session, const ClientAssignOptions& o) {
    session.writing();
    session.require_step("5.2.6");
    check_manager(session.process(), session.staff(), o.manager);
    std::vector<ExcelRepair> repairs;
    auto [before, after] = update_client(session.store(), o.id, [&](Client& c) { c.manager = o.manager; }, false, &repairs);
    record_client_repairs(session, repairs);
    ClientAssigned out;
    out.changed = before.manager != after.manager;
    if (out.changed) {
        events::ClientAssign row;
        row.name = after.name;
        row.changed = change_rows(changed_fields(before, after));
        row.manager = after.manager;
        session.record(events::make_event(row, client_object(after.id)));
    }
    out.saved = saved(session, std::move(after));
    return out;
}

MergeResult client_merge(Session& session, const ClientMergeOptions& o) {
    session.writing();
    session.require_step("5.2.6");
    std::vector<ExcelRepair> repairs;
    MergeResult r = merge_clients(session.store(), o.keep, o.gone, now().date.iso(), &repairs);
    record_client_repairs(session, repairs);
    events::ClientMerge row;
    row.name = r.kept.name;
    row.kept = r.kept.id;
    row.gone = r.gone.id;
    row.gone_name = r.gone.name;
    row.changed = change_rows(changed_fields(r.kept_before, r.kept));
    session.record(events::make_event(row, client_object(r.kept.id)));
    return r;
}

Client client_show(Session& session, const ClientShowOptions& o) { return ClientLookup(session.store()).require(o.id); }

std::vector<Client> client_find(Session& session, const ClientFindOptions& o) {
    std::vector<Client> out = ClientLookup(session.store()).find(o.text);
    if (out.empty()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client matches '{}'")), o.text));
    return out;
}

std::vector<Client> client_list(Session& session, const ClientListOptions& o) {
    const ClientBase base = load_clients(session.store());
    const std::string source = fold_case(o.source);
    std::vector<Client> out;
    for (const auto& c : base.clients()) {
        if (!o.manager.empty() && c.manager != o.manager) continue;
        if (!source.empty()) {
            const std::string s = fold_case(c.source);
            if (s != source && !s.starts_with(source + ":")) continue;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace gefest
