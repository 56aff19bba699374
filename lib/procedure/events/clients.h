// Journal rows of the client base, form 02-006-02 (step 5.2.6). Object "client:<id>".
// The field names of a client are those of procedure/clients.h client_fields() (name,
// form, inn, …, notes), each as the register writes it (phones joined with ", ").
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "procedure/events/event.h"

namespace gefest::events {

/// One changed field of a client: both sides always written ("" for an empty field).
struct ClientChange {
    std::string from, to;
    bool operator==(const ClientChange&) const = default;
};
GEFEST_EVENT_ALL_FIELDS(ClientChange, from, to)

/// The fields a row of a change names: field key ("inn") → from/to.
using ClientChanges = std::map<std::string, ClientChange>;

/// client.add: a client was added (client add, or an inquiry from a new client); the
/// client's non-empty fields.
struct ClientAdd {
    static constexpr const char* kind = "client.add";
    std::string name, form, inn, kpp, ogrn, phones, email, city, address, contact, manager, source, added, notes;
    std::string routing;  ///< the [intake] routing that chose the manager; "" if one was given
    bool force = false;   ///< added although its phone, e-mail or ИНН was in the base
    std::string call;     ///< the inquiry that created it ("2026-5"), "" if none
};
GEFEST_EVENT_FIELDS(ClientAdd, name, form, inn, kpp, ogrn, phones, email, city, address, contact, manager, source, added, notes,
                    routing, force, call)

/// client.edit: fields of a client were changed.
struct ClientEdit {
    static constexpr const char* kind = "client.edit";
    std::string name;  ///< the client's name after the change
    ClientChanges changed;
};
GEFEST_EVENT_FIELDS(ClientEdit, name, changed)

/// client.assign: a client was given to a sales manager (client assign, or an inquiry of
/// a client without an active manager, then by routing).
struct ClientAssign {
    static constexpr const char* kind = "client.assign";
    std::string name;
    ClientChanges changed;
    std::string manager;  ///< the new manager's login
    std::string routing;  ///< the [intake] routing that chose them; "" if named
    std::string call;     ///< the inquiry that caused it, "" if none
};
GEFEST_EVENT_FIELDS(ClientAssign, name, changed, manager, routing, call)

/// client.merge: client `gone` was merged into `kept` (the object is the kept one).
struct ClientMerge {
    static constexpr const char* kind = "client.merge";
    std::string name;  ///< the kept client's name
    std::int64_t kept = 0, gone = 0;
    std::string gone_name;
    ClientChanges changed;  ///< of the kept client
};
GEFEST_EVENT_FIELDS(ClientMerge, name, kept, gone, gone_name, changed)

/// client.repair: a cell of the register that Excel damaged in a hand edit was restored
/// when gefest read it, and written back (procedure/clients.h ExcelRepair): an ИНН or
/// КПП that lost its leading zero, proven by its check digits or the ИНН's tax office.
struct ClientRepair {
    static constexpr const char* kind = "client.repair";
    std::string name;       ///< the client's name
    ClientChanges changed;  ///< field key → {as Excel left it, as restored}
    std::string file;       ///< the register, as the share names it
    int line = 0;           ///< the row's line in it when it was read
};
GEFEST_EVENT_FIELDS(ClientRepair, name, changed, file, line)

}  // namespace gefest::events
