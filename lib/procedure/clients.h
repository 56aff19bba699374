// The client base, form 02-006-02 «База клиентов» (step 5.2.6): one row per client in
// Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv, a register people also open and edit
// in Excel ru-RU. Columns are found by their Russian header names
// (registers::client_columns()), so a file whose columns were reordered by hand still
// reads; columns gefest does not know are kept as they are.
//
// Three layers, in these files:
//  - Client / ClientBase: the register in memory. Pure. clients.cpp (fields),
//    client_register.cpp (parse, to_csv, what Excel does to a hand-edited file),
//    client_match.cpp (look-ups, search, duplicates).
//  - validate_client, normalize_source, check_manager: the rules for one client
//    (client_register.cpp, clients.cpp, client_routing.cpp).
//  - load_clients / add_client / update_client / merge_clients / route_new_client: the
//    store — locked read-modify-write of the register (Record::clients; DESIGN.md rule 3)
//    and client ids claimed with Store::claim_number (rule 1, kind "client", year 0)
//    (clients.cpp, client_merge.cpp, client_routing.cpp).
// Nothing here prints, exits or writes the journal (but record_client_repairs, which the
// writers below call): procedure/client_commands.h (the
// `gefest client` subcommands) and procedure/calls.h record the client.* rows of
// procedure/events/clients.h, built from what these return (client_add_row, change_rows).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/identity.h"
#include "procedure/events/clients.h"
#include "store/process.h"
#include "store/session.h"
#include "store/share.h"
#include "store/staff.h"
#include "store/store.h"

namespace gefest {

/// One client: a row of the register. Strings are UTF-8, trimmed; "" means not known.
struct Client {
    std::int64_t id = 0;               ///< «Код»: > 0, unique, claimed under .gefest/numbers/client/0
    std::string name;                  ///< «Наименование», required: "ООО «Ромашка»", "Иванов И. И."
    std::string legal_form;            ///< «Форма»: "ООО", "ИП", "АО", "физ. лицо"… (free text)
    std::string inn;                   ///< «ИНН»: 10 or 12 digits with valid check digits
    std::string kpp;                   ///< «КПП»: NNNNXXNNN
    std::string ogrn;                  ///< «ОГРН»: ОГРН (13) or ОГРНИП (15) with a valid check digit
    std::vector<std::string> phones;   ///< «Телефоны»: each normalised "+7XXXXXXXXXX"; cell "a, b"
    std::string email;                 ///< «E-mail»: one or more normalised addresses, ", "-separated (see emails())
    std::string city;                  ///< «Город»
    std::string address;               ///< «Адрес»
    std::string contact;               ///< «Контактное лицо»
    std::string manager;               ///< «Менеджер»: the assigned sales manager's staff login
    std::string source;                ///< «Источник рекламы»: one of [intake] sources, or "Другое: …"
    std::string added;                 ///< «Дата добавления»: YYYY-MM-DD
    std::string notes;                 ///< «Примечание»: free text; lines separated by '\n'
    std::vector<std::string> extra;    ///< cells of columns gefest does not know, as ClientBase::extra_columns()
    int line = 0;                      ///< line in the CSV file it was read from; 0 for a new client

    /// The addresses in `email` (split at ',', ';' and whitespace), in order.
    std::vector<std::string> emails() const;
};

/// A field of Client as the command line and the register name it, for `client edit`,
/// listings and the journal's record of changes.
struct ClientField {
    std::string key;     ///< "name", "form", "inn", "kpp", "ogrn", "phones", "email", "city", "address",
                         ///< "contact", "manager", "source", "added", "notes"
    std::string column;  ///< the register's header name: «Наименование»…
};

/// Every field except the id, in register order.
const std::vector<ClientField>& client_fields();

/// The field's value as the register writes it (phones joined with ", ").
/// Error(usage) for an unknown key.
std::string client_field(const Client& client, std::string_view key);

/// Sets a field from text as a person types it, trimmed; "" clears. Phones (any
/// spelling, ','/';'-separated) and e-mails are normalised here — Error(data) for one
/// that cannot be (require_phone, require_email); a date may be DD.MM.YYYY. Nothing
/// else is validated: call validate_client afterwards. Error(usage) for an unknown key.
void set_client_field(Client& client, std::string_view key, const std::string& value);

/// One changed field, for journal events: {"inn": {"from": "…", "to": "…"}}.
struct FieldChange {
    std::string key, from, to;
};

/// The fields whose register text differs between `before` and `after`, in client_fields() order.
std::vector<FieldChange> changed_fields(const Client& before, const Client& after);

/// The journal object of a client: "client:17".
std::string client_object(std::int64_t id);

/// The client.add row of `client`: its non-empty fields by client_fields() key (routing,
/// force and call are the caller's).
events::ClientAdd client_add_row(const Client& client);

/// `changes` as the "changed" field of a client.* row.
events::ClientChanges change_rows(const std::vector<FieldChange>& changes);

/// Checks one client's fields and throws the first problem as Error(Errc::data):
///  - «Наименование» empty: "client name is empty";
///  - ИНН / КПП / ОГРН via requisites::check_* : "ИНН '7707083895': wrong check digit";
///    a number Excel turned into "7,70708E+11" is named as such, with the fix;
///  - a phone that is not normalised "+7XXXXXXXXXX" (set_client_field and parse
///    normalise; an unnormalisable spelling is reported as "phone '12-34': not a Russian
///    phone number (+7 and 10 digits)");
///  - an e-mail that normalize_email rejects: "e-mail 'ivanov@': not an e-mail address";
///  - «Дата добавления» not YYYY-MM-DD.
/// `file`/`line`, when given, go into the Error (hand-edited rows).
void validate_client(const Client& client, const std::string& file = {}, int line = 0);

/// A phone as typed → "+7XXXXXXXXXX"; Error(data) "phone '…': not a Russian phone
/// number (+7 and 10 digits)" if normalize_phone cannot make one.
std::string require_phone(std::string_view phone);

/// An e-mail as typed → normalised; Error(data) "e-mail '…': not an e-mail address".
std::string require_email(std::string_view email);

/// An advertising source as typed → the spelling of [intake] sources (matched ignoring
/// case and surrounding spaces). Free text is allowed as "Другое: <text>" when
/// «Другое» is in the list (a text that matches no source becomes "Другое: <text>"
/// only if `allow_other` is true). Error(usage) listing the sources otherwise;
/// "" stays "".
std::string normalize_source(const Settings& settings, std::string_view source, bool allow_other = false);

/// Error(state) for a member no longer active (active = false), Error(not_found) for a
/// login not in the staff list; Error(usage) unless they
/// have one of the roles clients are assigned to (process.client_manager_roles(), the
/// sales manager by default): "'kuznetsov' is not a sales manager; sales managers: petrov, sidorova".
void check_manager(const Process& process, const Staff& staff, const std::string& login);

/// Lower-cased for search: ASCII and Russian letters (А-Я, Ё), and ё folded to е.
std::string fold_case(std::string_view text);

/// A refused duplicate: who already has the value, and which value.
struct Duplicate {
    const Client* client = nullptr;
    std::string field;  ///< "phone", "e-mail" or "ИНН"
    std::string value;  ///< the normalised value both have
};

/// A cell of the register Excel damaged that ClientBase::parse restored for sure: an ИНН
/// that lost its leading zero and whose check digits prove the zero, a КПП that lost it
/// and has the ИНН's tax office. Written back with the register; journaled then as a
/// client.repair row (repair_rows).
struct ExcelRepair {
    std::int64_t id = 0;  ///< the client's «Код»
    std::string name;     ///< the client's name
    int line = 0;         ///< where the cell was
    std::string key;      ///< the field: "inn", "kpp"
    std::string from, to;  ///< as read, as restored
};

/// The client.repair rows of `repairs`, one per client (object, row), in file order.
std::vector<std::pair<std::string, events::ClientRepair>> repair_rows(const std::string& file, const std::vector<ExcelRepair>& repairs);

/// Records repair_rows of `repairs` (what a write of the register restored) in the
/// session's journal; the commands that write the register call it after the write.
void record_client_repairs(Session& session, const std::vector<ExcelRepair>& repairs);

/// The register in memory.
class ClientBase {
public:
    /// An empty register with the standard columns.
    ClientBase();

    /// Reads the register's text: what gefest writes and what Excel ru-RU saves after a
    /// hand edit (UTF-8 with or without BOM, or windows-1251; ';' or ','; CRLF or LF).
    /// Columns are found by header name; a missing known column, a row of the wrong
    /// width, an empty or non-numeric «Код», a duplicated «Код», or a cell that fails
    /// validate_client is Error(Errc::data, reason, file, line) at the row's line.
    /// Phones and e-mails in any common spelling are normalised; a date Excel rewrote
    /// as 27.11.2026 (or 27.11.2026 0:00) is read as 2026-11-27; an ИНН or КПП that lost
    /// its leading zero is restored when that is proven (formats/excel_cells.h; listed
    /// in repairs()); a number Excel turned into "1,1E+12" is Error(data) naming the fix;
    /// an apostrophe put in front of a formula-like cell by to_csv is taken off. Columns
    /// gefest does not know are kept (Client::extra).
    static ClientBase parse(const std::string& csv_text, const std::string& file);

    /// What parse restored, in file order (see ExcelRepair).
    const std::vector<ExcelRepair>& repairs() const { return repairs_; }

    /// The register's text: UTF-8 BOM, ';', CRLF, the columns in the order they were
    /// read (unknown ones included), rows in base order; formula-like cells are
    /// neutralised with a leading apostrophe. parse(to_csv()).to_csv() == to_csv(), and
    /// for a file gefest wrote parse(text).to_csv() == text byte for byte.
    std::string to_csv() const;

    const std::vector<Client>& clients() const { return clients_; }
    /// Header names of columns gefest does not know, in file order (Client::extra).
    const std::vector<std::string>& extra_columns() const { return extra_; }
    /// The file it was parsed from ("" for a new base), for messages.
    const std::string& file() const { return file_; }

    const Client* by_id(std::int64_t id) const;
    /// A client having this phone; `phone` in any spelling (normalised here), nullptr
    /// if none or it does not normalise.
    const Client* by_phone(std::string_view phone) const;
    /// A client having this e-mail among its addresses (compared normalised).
    const Client* by_email(std::string_view email) const;
    const Client* by_inn(std::string_view inn) const;

    /// Clients where `text` is a case-insensitive substring (Cyrillic folded, ё = е) of
    /// the name, contact person, city, an e-mail or the ИНН, or whose phone digits
    /// contain the digits of `text` (when `text` is a phone-like string of 3+ digits;
    /// a full number in any spelling matches that number, 8… = +7…). In base order.
    std::vector<const Client*> find(std::string_view text) const;

    /// Another client (id != client.id) with the same normalised phone, e-mail or ИНН;
    /// checked in that order. nullopt if none.
    std::optional<Duplicate> find_duplicate(const Client& client) const;
    const Client* duplicate_of(const Client& client) const;

    /// Number of clients assigned to `login`.
    int count_for(const std::string& login) const;

    /// Adds `client` (its id must be > 0 and not taken: else Error(state)); `extra` is
    /// padded to extra_columns(). Returns the stored copy.
    const Client& add(Client client);
    /// Replaces the client with client.id (Error(not_found) if none).
    void update(const Client& client);
    /// Removes the client with `id` (Error(not_found) if none).
    void remove(std::int64_t id);

private:
    std::vector<std::string> header_;  ///< column names in file order
    std::vector<std::string> extra_;
    std::vector<Client> clients_;
    std::string file_;
    std::vector<ExcelRepair> repairs_;
};

/// The register's text as it is now, parsed (no lock). A missing file is an empty
/// base. Error(data) at FILE:LINE for a malformed row (see ClientBase::parse).
ClientBase load_clients(const Store& store);
/// The same on `share` read as `me`. Transitional: only cli/report.cpp calls it, until it
/// reads through its session's store (then this goes).
ClientBase load_clients(const Share& share, const Identity& me);

/// The client base's look-ups through the index the store keeps of the register
/// (Store::find_indexed, store/record_index.h): a few kilobytes read instead of the whole
/// register, whatever its size. The index is derived: made again from the register
/// (parsed as load_clients parses it, so a broken row is the same Error(data) FILE:LINE)
/// whenever it is not current — a hand edit in Excel, a command taken back — and written
/// anew by every command that changes the register (add_client, update_client,
/// reassign_clients, merge_clients). A client's keys in it: "id:<Код>", "merged:<id>" for
/// each id merged into it (merged_ids), "phone:<+7…>", "email:<address>", "inn:<ИНН>";
/// and one row that is no client, "columns:" (client_index_rows).
/// Each answers as the ClientBase function of the same name would on the register read now.
class ClientLookup {
public:
    /// Look-ups in `store` (kept by reference: it must outlive this).
    explicit ClientLookup(Store& store) : store_(store) {}

    std::optional<Client> by_id(std::int64_t id) const;
    std::optional<Client> by_phone(std::string_view phone) const;
    std::optional<Client> by_email(std::string_view email) const;
    std::optional<Client> by_inn(std::string_view inn) const;
    /// resolve_client: the client with `id`, or the one it was merged into.
    std::optional<Client> resolve(std::int64_t id) const;
    /// require_client: resolve, or Error(not_found) "no client 17 in <file>".
    Client require(std::int64_t id) const;
    /// require, with the names of the base's columns gefest does not know (what the
    /// client's `extra` cells are of: ClientBase::extra_columns), from one reading of the
    /// index. nullopt from an index made before it kept the names (the caller reads the
    /// base instead); the next change of the base makes it anew.
    struct WithColumns {
        Client client;
        std::vector<std::string> extra_columns;
    };
    std::optional<WithColumns> require_with_columns(std::int64_t id) const;

    /// ClientBase::find_duplicate for a client not in the base (a new one).
    struct Found {
        Client client;
        std::string field, value;
    };
    std::optional<Found> find_duplicate(const Client& client) const;

    /// ClientBase::find, the rows read from the index rather than parsed: only those the
    /// index's search finds by client_search_needles(text) (O(matches) for a text of
    /// search_gram bytes or more; a shorter one reads every row), each tested by
    /// client_matches.
    std::vector<Client> find(std::string_view text) const;

    /// How many clients each manager login has (ClientBase::count_for of every login with
    /// clients), from the index's tally rather than the rows.
    std::map<std::string, std::int64_t> counts_by_manager() const;

private:
    std::vector<std::optional<std::string>> get_data(const std::vector<std::string>& keys) const;
    std::vector<std::optional<Client>> get(const std::vector<std::string>& keys) const;
    Store& store_;
};

/// The index rows of `base`: one keyed "columns:" holding the names of its columns gefest
/// does not know (ClientBase::extra_columns), then each client (ClientLookup's keys; the
/// data, the client as stored) in base order.
void client_index_rows(const ClientBase& base, const IndexEmit& emit);

/// A client as client_index_rows stored it; Error(data) for data it did not write.
Client client_from_index(std::string_view data);

/// True if `client` is one ClientBase::find(text) returns.
bool client_matches(const Client& client, std::string_view text);

/// The words the index searches a client by (IndexRow::words): the fields client_matches
/// looks into, case-folded (fold_case), and the digits of each phone.
std::vector<std::string> client_search_words(const Client& client);

/// What to search the words for so that every client client_matches(text) accepts is
/// found: the folded text, and for a phone-like one its digits, the 8… spelling as 7…,
/// and the full number's digits. Empty for an empty text (every client matches).
std::vector<std::string> client_search_needles(std::string_view text);

/// The text "объединен с №<gone>" that merge_clients writes into the kept client's
/// «Примечание», e.g. "Объединен с №7 (ООО «Ромашка»), 2026-11-27".
std::string merge_note(const Client& gone, const std::string& date);

/// Ids merged into `client` (read back from its merge notes), oldest first.
std::vector<std::int64_t> merged_ids(const Client& client);

/// The client with `id`, or — if `id` was merged away — the client it was merged into
/// (following chains of merges); nullptr if neither. Orders and calls that name a
/// merged client's id are resolved with this.
const Client* resolve_client(const ClientBase& base, std::int64_t id);
/// resolve_client(base, id)->id, or 0 if the id is unknown.
std::int64_t resolve_client_id(const ClientBase& base, std::int64_t id);
/// resolve_client, or Error(not_found) "no client 17 in <file>".
const Client& require_client(const ClientBase& base, std::int64_t id);

/// Adds a new client to the share's register under its lock:
///  - validates `draft` (validate_client after normalising phones/e-mails);
///  - unless `force`, refuses a duplicate: Error(state) "client 'ООО Ромашка' (id 12)
///    already has phone +79123456789; use --force to add anyway";
///  - claims the id (store.claim_number("client", 0)) — an id already in
///    the register (a hand-added row) is skipped;
///  - sets `added` to today if empty; leaves `manager` as given (see route_new_client).
/// A hand edit of the register is taken as the base after it parses cleanly; if it
/// does not, Error(data) FILE:LINE and nothing is written (the claim is withdrawn).
/// Returns the client as stored. What the read restored (ClientBase::repairs) is written
/// too and, when `repaired` is given, appended to it for the journal.
Client add_client(Store& store, Client draft, bool force, std::vector<ExcelRepair>* repaired = nullptr);

/// Changes client `id` under the lock: `change` edits it (it may be called more than
/// once, on a fresh copy each time — no side effects); the result is normalised
/// (phones, e-mails, dates), validated and, unless `force`, refused with Error(state) if a
/// phone, e-mail or ИНН it newly gets belongs to another client (a duplicate accepted
/// earlier with --force does not block later edits). Nothing is written when nothing
/// changed. Returns {before, after}; before has what the read restored
/// (ClientBase::repairs), which is written with the change and, when `repaired` is
/// given, appended to it for the journal — if the register is written.
/// Error(not_found) if there is no such client (a merged id is resolved to the kept one).
std::pair<Client, Client> update_client(Store& store, std::int64_t id, const std::function<void(Client&)>& change, bool force = false,
                                        std::vector<ExcelRepair>* repaired = nullptr);

/// Gives every client whose manager is `from` to `to` in one locked change of the
/// register (staff handover); the manager is not checked here (check_manager). Returns
/// {before, after} of each client changed (none: nothing is written). What the read
/// restored is written too and appended to `repaired` when given.
std::vector<std::pair<Client, Client>> reassign_clients(Store& store, const std::string& from, const std::string& to,
                                                        std::vector<ExcelRepair>* repaired = nullptr);

struct MergeResult {
    Client kept;         ///< after the merge
    Client gone;         ///< as it was before it was removed
    Client kept_before;  ///< the kept client before the merge (changed_fields(kept_before, kept))
};

/// Joins two clients under the lock. The one with the smaller id (the older) is kept,
/// whatever the order of the arguments; Error(usage) if they are the same client.
/// Phones and e-mails are united (kept's first); empty fields of the kept client are
/// filled from the other (ИНН, КПП, ОГРН, city, address, contact, manager, source,
/// form); «Дата добавления» is the earlier; notes are joined and a merge_note line is
/// added; the other row is removed. resolve_client then maps the gone id to the kept.
/// Conflicting non-empty ИНН are refused (Error(state)): two organisations are not one.
/// What the read restored is written too and appended to `repaired` when given.
MergeResult merge_clients(Store& store, std::int64_t keep_id, std::int64_t gone_id, const std::string& date,
                          std::vector<ExcelRepair>* repaired = nullptr);

/// Where round_robin remembers whose turn it was: the login assigned last, in the
/// store's Record::routing, changed only under its lock so two office PCs taking a turn
/// at the same moment get consecutive managers, never the same turn.
class RoutingState {
public:
    /// The store's state (kept by reference: it must outlive this).
    explicit RoutingState(Store& store);
    /// An in-memory state (tests): `last` is the login assigned last ("" for none).
    explicit RoutingState(std::string last = {});

    /// The login assigned last ("" if none yet).
    std::string last() const;

    /// Under the lock: reads the last login, calls pick(last) and stores what it returns.
    /// `pick` may be called more than once (no side effects). Returns the stored login.
    std::string advance(const std::function<std::string(const std::string& last)>& pick);

private:
    Store* store_ = nullptr;
    std::string memory_;
};

/// The sales manager for a new client, by settings.routing, among the active staff with
/// a role clients are assigned to (process.client_manager_roles(): sales managers):
///  - "round_robin": the manager (Сотрудники.toml order) after the one assigned last
///    (state.last(); the first if none or they left); the turn is taken atomically
///    through `state`;
///  - "least_loaded": the manager with the fewest clients in `base` (ties: the first of
///    them after the one assigned last, so simultaneous new clients are spread); the
///    choice is also stored in `state`.
/// Error(state) if there is no such manager; Error(config) for another routing.
std::string route_new_client(const ClientBase& base, const Staff& staff, const Process& process, const Settings& settings,
                             RoutingState& state);
/// The same with the clients of a login counted by `count` (least_loaded only).
std::string route_new_client(const std::function<std::int64_t(const std::string& login)>& count, const Staff& staff, const Process& process,
                             const Settings& settings, RoutingState& state);

/// The same for the session's share, with the share's routing state: least_loaded counts
/// the clients from the index (ClientLookup::counts_by_manager), not the register.
std::string route_new_client(Session& session);

}  // namespace gefest
