// The client base: a client's fields as people type them and the register writes them,
// the rows of the journal made from them, advertising sources, and the register on the
// share (load_clients, add_client, update_client). The register's text is
// client_register.cpp, look-ups client_match.cpp, merges client_merge.cpp, routing
// client_routing.cpp.
#include "procedure/clients.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/registers.h"
#include "procedure/clients_internal.h"
#include "store/numbers.h"
#include "store/share_store.h"

namespace gefest {

namespace clients_detail {

std::vector<std::string> split_list(std::string_view text, bool spaces) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        std::string t(trim_space(cur));
        if (!t.empty()) out.push_back(t);
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ';' || c == '\n' || c == '\r' || (spaces && (c == ' ' || c == '\t'))) flush();
        else cur += c;
    }
    flush();
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> normalize_phones(const std::vector<std::string>& phones) {
    std::vector<std::string> out;
    for (const auto& p : phones) {
        std::string n = require_phone(p);
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
}

std::string normalize_emails(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& e : split_list(text, true)) {
        std::string n = require_email(e);
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return fmt::format("{}", fmt::join(out, ", "));
}

void normalize_client(Client& c) {
    for (std::string* s : {&c.name, &c.legal_form, &c.inn, &c.kpp, &c.ogrn, &c.city, &c.address, &c.contact, &c.manager,
                           &c.source, &c.added})
        *s = std::string(trim_space(*s));
    c.notes = trim_space(unix_line_ends(c.notes));
    c.phones = normalize_phones(c.phones);
    c.email = normalize_emails(c.email);
    if (!c.added.empty()) {
        Date d;
        if (Date::try_parse(c.added, d)) c.added = d.iso();
    }
}

const std::string& column_of(std::string_view key) {
    for (const auto& f : client_fields())
        if (f.key == key) return f.column;
    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown client field '{}'")), key));
}

std::string* text_field(Client& c, std::string_view key) {
    if (key == "name") return &c.name;
    if (key == "form") return &c.legal_form;
    if (key == "inn") return &c.inn;
    if (key == "kpp") return &c.kpp;
    if (key == "ogrn") return &c.ogrn;
    if (key == "email") return &c.email;
    if (key == "city") return &c.city;
    if (key == "address") return &c.address;
    if (key == "contact") return &c.contact;
    if (key == "manager") return &c.manager;
    if (key == "source") return &c.source;
    if (key == "added") return &c.added;
    if (key == "notes") return &c.notes;
    return nullptr;
}

ClientBase parse_snapshot(const Snapshot& snap, const std::string& file) {
    return snap.content ? ClientBase::parse(*snap.content, file) : ClientBase();
}

void change_register(Store& store, const std::function<std::optional<ClientBase>(ClientBase& read)>& change) {
    const std::string file = store.where({client_register});
    std::optional<ClientBase> written;
    store.change_indexed(
        {client_register},
        [&](const Snapshot& snap) -> std::optional<std::string> {
            ClientBase base = parse_snapshot(snap, file);
            written = change(base);
            if (!written) return std::nullopt;
            return written->to_csv();
        },
        [&](const IndexEmit& emit) { client_index_rows(*written, emit); });
}

}  // namespace clients_detail

using namespace clients_detail;

namespace {

std::string describe(const Duplicate& d) {
    return fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to add anyway")), d.client->name,
                       d.client->id, d.field, d.value);
}

// Under the register's lock: `draft` with the next free client number added, unless a
// duplicate (without `force`) or a number a hand edit took meanwhile refuses it.
Client store_new_client(Store& store, Client draft, bool force, std::vector<ExcelRepair>& repairs) {
    const std::string file = store.where({client_register});
    Client stored;
    change_register(store, [&](ClientBase& base) -> std::optional<ClientBase> {
        repairs = base.repairs();
        if (base.by_id(draft.id))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} appeared in {} meanwhile (a hand edit?); run the command again")),
                                                 draft.id, file));
        if (!force)
            if (auto d = base.find_duplicate(draft)) throw Error(Errc::state, describe(*d));
        stored = base.add(draft);
        return std::move(base);
    });
    return stored;
}

// The phones, e-mails and ИНН `after` has that `before` had not, as a client of its own
// (for find_duplicate: only what a change brings in can make a new duplicate).
Client added_values(const Client& before, const Client& after) {
    Client added;
    added.id = after.id;
    for (const auto& p : after.phones)
        if (std::find(before.phones.begin(), before.phones.end(), p) == before.phones.end()) added.phones.push_back(p);
    std::vector<std::string> new_emails, old_emails = before.emails();
    for (const auto& e : after.emails())
        if (std::find(old_emails.begin(), old_emails.end(), e) == old_emails.end()) new_emails.push_back(e);
    added.email = fmt::format("{}", fmt::join(new_emails, ", "));
    if (after.inn != before.inn) added.inn = after.inn;
    return added;
}

}  // namespace

// --- fields -------------------------------------------------------------------------------

std::vector<std::string> Client::emails() const { return split_list(email, true); }

const std::vector<ClientField>& client_fields() {
    static const std::vector<ClientField> fields = [] {
        const auto& cols = registers::client_columns();  // [0] is «Код»
        const char* keys[] = {"name",    "form",    "inn",     "kpp",    "ogrn",   "phones", "email",
                              "city",    "address", "contact", "manager", "source", "added",  "notes"};
        std::vector<ClientField> out;
        for (std::size_t i = 0; i < std::size(keys); ++i) out.push_back({keys[i], cols.at(i + 1)});
        return out;
    }();
    return fields;
}

std::string client_field(const Client& client, std::string_view key) {
    if (key == "phones") return fmt::format("{}", fmt::join(client.phones, ", "));
    if (std::string* s = text_field(const_cast<Client&>(client), key)) return *s;
    column_of(key);  // throws for an unknown key
    return {};
}

void set_client_field(Client& client, std::string_view key, const std::string& value) {
    if (key == "phones") {
        client.phones = normalize_phones(split_list(value, false));
        return;
    }
    std::string* s = text_field(client, key);
    if (!s) {
        column_of(key);
        return;
    }
    if (key == "email") *s = normalize_emails(value);
    else if (key == "notes") *s = trim_space(unix_line_ends(value));
    else *s = trim_space(value);
    if (key == "added" && !s->empty()) *s = Date::parse(*s, column_of("added")).iso();
}

std::vector<FieldChange> changed_fields(const Client& before, const Client& after) {
    std::vector<FieldChange> out;
    for (const auto& f : client_fields()) {
        std::string a = client_field(before, f.key), b = client_field(after, f.key);
        if (a != b) out.push_back({f.key, a, b});
    }
    return out;
}

// --- journal rows -------------------------------------------------------------------------

std::string client_object(std::int64_t id) { return "client:" + std::to_string(id); }

events::ClientAdd client_add_row(const Client& client) {
    // The row's members are named as client_fields()' keys: read back from them.
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& f : client_fields())
        if (auto v = client_field(client, f.key); !v.empty()) fields[f.key] = v;
    return fields.get<events::ClientAdd>();
}

events::ClientChanges change_rows(const std::vector<FieldChange>& changes) {
    events::ClientChanges out;
    for (const auto& c : changes) out[c.key] = {c.from, c.to};
    return out;
}

// --- sources and search -------------------------------------------------------------------

std::string normalize_source(const Settings& settings, std::string_view source, bool allow_other) {
    std::string s(trim_space(source));
    if (s.empty() || settings.sources.empty()) return s;
    const std::string folded = fold_case(s);
    for (const auto& listed : settings.sources)
        if (fold_case(listed) == folded) return listed;
    const std::string other = "Другое";
    bool has_other = std::find(settings.sources.begin(), settings.sources.end(), other) != settings.sources.end();
    if (has_other) {
        const std::string folded_other = fold_case(other);
        if (folded.starts_with(folded_other)) {
            std::string rest = s.substr(other.size());
            std::size_t i = 0;
            while (i < rest.size() && (rest[i] == ':' || rest[i] == ' ' || rest[i] == '-' || rest[i] == '\t')) ++i;
            rest = trim_space(rest.substr(i));
            return rest.empty() ? other : other + ": " + rest;
        }
        if (allow_other) return other + ": " + s;
    }
    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown advertising source '{}'; the sources are: {}{}")), s,
                                         fmt::join(settings.sources, ", "), has_other ? tr(", or «Другое: <text>»") : ""));
}

std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = text[i];
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if ((c == 0xD0 || c == 0xD1) && i + 1 < text.size()) {
            unsigned char d = text[i + 1];
            ++i;
            if (c == 0xD0 && d >= 0x90 && d <= 0x9F) out += "\xD0", out += static_cast<char>(d + 0x20);       // А-П
            else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) out += "\xD1", out += static_cast<char>(d - 0x20);  // Р-Я
            else if ((c == 0xD0 && d == 0x81) || (c == 0xD1 && d == 0x91)) out += "\xD0\xB5";                 // Ё, ё → е
            else out += static_cast<char>(c), out += static_cast<char>(d);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// --- the share ----------------------------------------------------------------------------

ClientBase load_clients(const Store& store) { return parse_snapshot(store.read({client_register}), store.where({client_register})); }

ClientBase load_clients(const Share& share, const Identity& me) { return load_clients(ShareStore(share, me)); }

Client add_client(Store& store, Client draft, bool force, std::vector<ExcelRepair>* repaired) {
    normalize_client(draft);
    draft.id = 0;
    draft.line = 0;
    if (draft.added.empty()) draft.added = now().date.iso();
    validate_client(draft);

    // Look up first (the index, made again from the register if it is not current): a
    // broken hand edit or a duplicate is reported before a number is claimed.
    const ClientLookup current(store);
    if (!force)
        if (auto d = current.find_duplicate(draft))
            throw Error(Errc::state, describe(Duplicate{&d->client, d->field, d->value}));

    const std::string note = fmt::format("{}: {}", store.name({client_register}), draft.name);
    std::optional<NumberClaim> claim;
    for (int tries = 0;; ++tries) {
        claim.emplace(store.claim_number("client", 0, note));
        if (!current.by_id(claim->number())) break;
        claim->commit();  // a row added by hand already uses this number: it stays claimed
        if (tries > 1000) throw Error(Errc::state, tr("cannot find a free client number"));
    }
    draft.id = claim->number();
    std::vector<ExcelRepair> repairs;
    Client stored = store_new_client(store, draft, force, repairs);
    claim->commit();
    if (repaired) repaired->insert(repaired->end(), repairs.begin(), repairs.end());
    return stored;
}

std::pair<Client, Client> update_client(Store& store, std::int64_t id, const std::function<void(Client&)>& change, bool force,
                                        std::vector<ExcelRepair>* repaired) {
    Client before, after;
    std::vector<ExcelRepair> repairs;
    change_register(store, [&](ClientBase& base) -> std::optional<ClientBase> {
        repairs.clear();
        before = require_client(base, id);
        after = before;
        change(after);
        after.id = before.id;
        after.line = before.line;
        normalize_client(after);
        validate_client(after);
        if (changed_fields(before, after).empty()) return std::nullopt;
        // Only values this change brings in can make a new duplicate: one accepted
        // earlier with --force does not block every later edit.
        if (!force)
            if (auto d = base.find_duplicate(added_values(before, after)))
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to change anyway")),
                                                     d->client->name, d->client->id, d->field, d->value));
        base.update(after);
        repairs = base.repairs();
        return std::move(base);
    });
    if (repaired) repaired->insert(repaired->end(), repairs.begin(), repairs.end());
    return {before, after};
}

std::vector<std::pair<Client, Client>> reassign_clients(Store& store, const std::string& from, const std::string& to,
                                                        std::vector<ExcelRepair>* repaired) {
    std::vector<std::pair<Client, Client>> out;
    std::vector<ExcelRepair> repairs;
    change_register(store, [&](ClientBase& base) -> std::optional<ClientBase> {
        out.clear();
        for (const auto& c : base.clients())
            if (c.manager == from) {
                Client after = c;
                after.manager = to;
                out.push_back({c, after});
            }
        if (out.empty()) return std::nullopt;
        for (const auto& [before, after] : out) base.update(after);
        repairs = base.repairs();
        return std::move(base);
    });
    if (repaired && !out.empty()) repaired->insert(repaired->end(), repairs.begin(), repairs.end());
    return out;
}

}  // namespace gefest
