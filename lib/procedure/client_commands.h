// gefest client add|show|find|edit|assign|list|merge as the procedure (form 02-006-02,
// step 5.2.6): one function per subcommand, taking the session and the options as typed.
// Those that change the base check step 5.2.6 through the matrix, check every value
// before the first write, change the register (procedure/clients.h) and record the
// client.* row (procedure/events/clients.h); those that read need no step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "procedure/clients.h"
#include "store/session.h"

namespace gefest {

/// A client as changed, and its manager as the staff list has them (nullopt: not an
/// active staff member, or no manager).
struct ClientSaved {
    Client client;
    std::optional<StaffMember> manager;
    std::string routing;  ///< the [intake] routing that chose the manager; "" if it was named
};

/// client add: the new client's fields as typed.
struct ClientAddOptions {
    std::string name, form, inn, kpp, ogrn, city, address, contact, source;
    std::vector<std::string> phones, emails, notes;  ///< repeated options; notes are lines
    std::string manager;  ///< a sales manager's login; "" = chosen by [intake] routing
    bool force = false;   ///< add even if its phone, e-mail or ИНН is already in the base
};
/// Adds the client (a client.add row). Error(data) for a field that is not valid
/// (validate_client) or holds control characters, a line break (but the notes) or too
/// many characters (lib/base/input.h), Error(usage) for an unknown source or a manager who is not a
/// sales manager, Error(not_found) for an unknown one, Error(state) for a duplicate
/// without force — all before anything is written.
ClientSaved client_add(Session& session, const ClientAddOptions& options);

/// client edit: only the fields given change; "" clears one.
struct ClientEditOptions {
    std::int64_t id = 0;
    std::optional<std::string> name, form, inn, kpp, ogrn, email, city, address, contact, manager, source, added, notes;
    std::vector<std::string> phones;      ///< replace the phones
    std::vector<std::string> add_phones;  ///< add to the phones
    std::vector<std::string> note;        ///< lines added to the notes
    bool force = false;                   ///< change even if a new phone, e-mail or ИНН is another client's
};
/// What client edit changed.
struct ClientEdited {
    Client client;                     ///< after the change
    std::vector<std::string> changed;  ///< the keys of the fields that changed, in client_fields() order; empty: none
};
/// Changes the client under the register's lock (a client.edit row when anything
/// changed). Error(usage) when no field is given; the errors of client_add for the values.
ClientEdited client_edit(Session& session, const ClientEditOptions& options);

/// client assign.
struct ClientAssignOptions {
    std::int64_t id = 0;
    std::string manager;  ///< the sales manager's login
};
/// What client assign did.
struct ClientAssigned {
    ClientSaved saved;
    bool changed = false;  ///< false: the client was already theirs (nothing written)
};
/// Gives the client to the manager (a client.assign row). Error(not_found) for an
/// unknown client or login, Error(usage) for one who is not a sales manager.
ClientAssigned client_assign(Session& session, const ClientAssignOptions& options);

/// client merge: two records of one client; the older id is kept whatever the order.
struct ClientMergeOptions {
    std::int64_t keep = 0, gone = 0;
};
/// merge_clients under the lock, dated today, and a client.merge row.
MergeResult client_merge(Session& session, const ClientMergeOptions& options);

/// client show.
struct ClientShowOptions {
    std::int64_t id = 0;
};
/// The client with the id, or the one it was merged into (then client.id differs from
/// the id asked). Error(not_found) for neither.
Client client_show(Session& session, const ClientShowOptions& options);

/// client find.
struct ClientFindOptions {
    std::string text;  ///< part of a name, contact, city, e-mail, ИНН, or phone digits
};
/// ClientBase::find; Error(not_found) "no client matches '…'" when nothing does.
std::vector<Client> client_find(Session& session, const ClientFindOptions& options);

/// client list.
struct ClientListOptions {
    std::string manager;  ///< only this manager's clients; "" = all
    std::string source;   ///< only from this source, any case («Другое» includes «Другое: …»); "" = all
};
/// The clients in register order.
std::vector<Client> client_list(Session& session, const ClientListOptions& options);

}  // namespace gefest
