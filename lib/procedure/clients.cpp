#include "procedure/clients.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "store/numbers.h"
#include "formats/registers.h"
#include "formats/requisites.h"
#include "store/shared_file.h"
#include "base/text.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view formula_start = "=+-@\t\r\n";

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

// Cells of a list: "a, b; c" and line breaks (Alt+Enter in Excel); with `spaces` also at whitespace.
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

// What Excel writes for a long number in a General-formatted column: "7,70708E+11".
bool excel_scientific(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (!digits()) return false;
    if (i < s.size() && (s[i] == ',' || s[i] == '.')) {
        ++i;
        if (!digits()) return false;
    }
    if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    return digits() && i == s.size();
}

std::string excel_number_message(std::string_view field, std::string_view value) {
    return fmt::format(fmt::runtime(tr("{} '{}': Excel turned it into a number; format the column as Text and type the value again")),
                       field, value);
}

// Runs requisites::check_* on a number Excel may have damaged, with a hint when it has.
void check_number(std::string_view field, const std::string& value, std::string (*check)(std::string_view)) {
    if (value.empty()) return;
    if (excel_scientific(value)) throw Error(Errc::data, excel_number_message(field, value));
    std::string reason = check(value);
    if (reason.empty()) return;
    // Excel drops leading zeros of a number-looking cell (ИНН 0105…, КПП 0105…).
    for (std::string padded = "0" + value; padded.size() <= value.size() + 2; padded = "0" + padded)
        if (all_digits(value) && check(padded).empty())
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': {} (leading zeros lost? it would be valid as '{}'; format the column as Text in Excel)")),
                                                field, value, reason, padded));
    requisites::require(field, value, reason);
}

bool is_normal_phone(std::string_view p) {
    return p.size() == 12 && p.starts_with("+7") && all_digits(p.substr(2));
}

// What gefest writes in a cell and what it reads back (CSV injection, csv.h): a
// formula-like cell gets a leading apostrophe; one that already starts with
// apostrophes before a formula character gets one more, so reading back (taking one
// off) is exact.
bool after_apostrophes_formula(std::string_view cell) {
    std::size_t i = 0;
    while (i < cell.size() && cell[i] == '\'') ++i;
    return i > 0 && i < cell.size() && formula_start.find(cell[i]) != std::string_view::npos;
}

std::string neutralize(const std::string& cell) {
    if (after_apostrophes_formula(cell)) return "'" + cell;
    return csv::neutralize_formula(cell);
}

std::string unneutralize(std::string cell) {
    if (after_apostrophes_formula(cell)) cell.erase(0, 1);
    return cell;
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
    return join(out, ", ");
}

// Trims every field and normalises phones, e-mails and the date (Error(data) if one cannot be).
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

std::string phone_digits(std::string_view phone) {
    std::string d;
    for (char c : phone)
        if (c >= '0' && c <= '9') d += c;
    return d;
}

const std::string& column_of(std::string_view key);

std::string describe(const Duplicate& d) {
    return fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to add anyway")), d.client->name,
                       d.client->id, d.field, d.value);
}

SharedFile register_file(const Share& share, const Identity& me) { return shared_file(share, me, share.at(share.settings().clients)); }

ClientBase parse_snapshot(const Snapshot& snap, const std::string& file) {
    return snap.content ? ClientBase::parse(*snap.content, file) : ClientBase();
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

namespace {

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

}  // namespace

std::string client_field(const Client& client, std::string_view key) {
    if (key == "phones") return join(client.phones, ", ");
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

// --- rules --------------------------------------------------------------------------------

std::string require_phone(std::string_view phone) {
    std::string t(trim_space(phone));
    if (excel_scientific(t)) throw Error(Errc::data, excel_number_message(tr("phone"), t));
    if (auto n = requisites::normalize_phone(t)) return *n;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("phone '{}': not a Russian phone number (+7 and 10 digits)")), t));
}

std::string require_email(std::string_view email) {
    if (auto n = requisites::normalize_email(email)) return *n;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("e-mail '{}': not an e-mail address")), trim_space(email)));
}

void validate_client(const Client& c, const std::string& file, int line) {
    try {
        if (trim_space(c.name).empty()) throw Error(Errc::data, tr("client name is empty"));
        check_number("ИНН", c.inn, requisites::check_inn);
        check_number("КПП", c.kpp, requisites::check_kpp);
        check_number("ОГРН", c.ogrn, requisites::check_ogrn_any);
        for (const auto& p : c.phones)
            if (!is_normal_phone(p)) {
                require_phone(p);  // throws for what is no phone at all
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("phone '{}': not normalised (+7XXXXXXXXXX)")), p));
            }
        for (const auto& e : c.emails())
            if (requisites::normalize_email(e) != e) {
                require_email(e);  // throws for what is no address at all
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("e-mail '{}': not normalised (lower case)")), e));
            }
        if (!c.added.empty()) {
            Date d;
            if (!Date::try_parse(c.added, d) || d.iso() != c.added)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': not a date (YYYY-MM-DD)")), column_of("added"), c.added));
        }
    } catch (const Error& e) {
        if (file.empty() || !e.file().empty()) throw;
        throw Error(e.code(), e.what(), file, line);
    }
}

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
                                         join(settings.sources, ", "), has_other ? tr(", or «Другое: <text>»") : ""));
}

void check_manager(const Staff& staff, const std::string& login) {
    const StaffMember* m = staff.find(login);
    std::vector<std::string> managers;
    for (const auto* s : staff.with_role("sales_manager")) managers.push_back(s->login);
    if (!m)
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no active staff member '{}'; sales managers: {}")), login,
                                                 managers.empty() ? tr("none") : join(managers, ", ")));
    if (!m->has_role("sales_manager"))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("'{}' is not a sales manager; sales managers: {}")), login,
                                             managers.empty() ? tr("none") : join(managers, ", ")));
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

// --- the register -------------------------------------------------------------------------

ClientBase::ClientBase() : header_(registers::client_columns()) {}

ClientBase ClientBase::parse(const std::string& csv_text, const std::string& file) {
    csv::Table t = csv::parse(csv_text, file);
    ClientBase base;
    base.file_ = file;
    base.header_ = t.header;

    const auto& known = registers::client_columns();
    const int id_col = t.column(known[0]);
    if (id_col < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("column '{}' is missing")), known[0]), file, 1);
    std::vector<std::pair<std::string, int>> field_cols;  // key → column
    for (const auto& f : client_fields()) {
        int c = t.column(f.column);
        if (c < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("column '{}' is missing")), f.column), file, 1);
        field_cols.emplace_back(f.key, c);
    }
    std::vector<int> extra_cols;
    for (std::size_t i = 0; i < t.header.size(); ++i)
        if (std::find(known.begin(), known.end(), t.header[i]) == known.end()) {
            extra_cols.push_back(static_cast<int>(i));
            base.extra_.push_back(t.header[i]);
        }

    std::map<std::int64_t, int> seen;  // id → line
    for (const auto& row : t.rows) {
        auto cell = [&](int col) { return unneutralize(row.cells.at(col)); };
        auto at_line = [&](const std::string& msg) { return Error(Errc::data, msg, file, row.line); };
        Client c;
        c.line = row.line;
        std::string id(trim_space(cell(id_col)));
        if (id.empty())
            throw at_line(fmt::format(fmt::runtime(tr("'{}' is empty: add new clients with 'gefest client add'")), known[0]));
        if (!all_digits(id) || id.size() > 15 || std::stoll(id) <= 0)
            throw at_line(fmt::format(fmt::runtime(tr("'{}' '{}': not a client number")), known[0], id));
        c.id = std::stoll(id);
        if (auto it = seen.find(c.id); it != seen.end())
            throw at_line(fmt::format(fmt::runtime(tr("client number {} is used twice (also on line {})")), c.id, it->second));
        seen[c.id] = row.line;
        try {
            for (const auto& [key, col] : field_cols) {
                std::string v = cell(col);
                if (key == "phones") {
                    std::string t2(trim_space(v));
                    if (excel_scientific(t2)) throw Error(Errc::data, excel_number_message(column_of("phones"), t2));
                    c.phones = normalize_phones(split_list(t2, false));
                } else if (key == "email") {
                    c.email = normalize_emails(v);
                } else if (key == "added") {
                    c.added = trim_space(v);
                    Date d;
                    if (!c.added.empty()) {
                        if (!Date::try_parse(c.added, d))
                            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': not a date (YYYY-MM-DD or DD.MM.YYYY)")),
                                                                column_of("added"), c.added));
                        c.added = d.iso();
                    }
                } else if (key == "notes") {
                    c.notes = trim_space(unix_line_ends(v));
                } else {
                    *text_field(c, key) = trim_space(v);
                }
            }
        } catch (const Error& e) {
            throw at_line(e.what());
        }
        for (int col : extra_cols) c.extra.push_back(cell(col));
        validate_client(c, file, row.line);
        base.clients_.push_back(std::move(c));
    }
    return base;
}

std::string ClientBase::to_csv() const {
    const auto& known = registers::client_columns();
    csv::Table t;
    t.header = header_;
    for (const auto& c : clients_) {
        csv::Row row;
        for (const auto& name : header_) {
            std::string v;
            if (name == known[0]) {
                v = std::to_string(c.id);
            } else if (auto it = std::find(extra_.begin(), extra_.end(), name); it != extra_.end()) {
                std::size_t i = static_cast<std::size_t>(it - extra_.begin());
                v = i < c.extra.size() ? c.extra[i] : std::string();
            } else {
                for (const auto& f : client_fields())
                    if (f.column == name) v = client_field(c, f.key);
            }
            row.cells.push_back(neutralize(v));
        }
        t.rows.push_back(std::move(row));
    }
    return csv::write(t);
}

const Client* ClientBase::by_id(std::int64_t id) const {
    for (const auto& c : clients_)
        if (c.id == id) return &c;
    return nullptr;
}

const Client* ClientBase::by_phone(std::string_view phone) const {
    auto n = requisites::normalize_phone(trim_space(phone));
    if (!n) return nullptr;
    for (const auto& c : clients_)
        if (std::find(c.phones.begin(), c.phones.end(), *n) != c.phones.end()) return &c;
    return nullptr;
}

const Client* ClientBase::by_email(std::string_view email) const {
    auto n = requisites::normalize_email(email);
    if (!n) return nullptr;
    for (const auto& c : clients_) {
        auto all = c.emails();
        if (std::find(all.begin(), all.end(), *n) != all.end()) return &c;
    }
    return nullptr;
}

const Client* ClientBase::by_inn(std::string_view inn) const {
    std::string t(trim_space(inn));
    if (t.empty()) return nullptr;
    for (const auto& c : clients_)
        if (c.inn == t) return &c;
    return nullptr;
}

std::vector<const Client*> ClientBase::find(std::string_view text) const {
    std::vector<const Client*> out;
    const std::string q(trim_space(text));
    const std::string folded = fold_case(q);
    // A phone-like query: digits and the separators people type in phone numbers.
    const bool phone_like = std::all_of(q.begin(), q.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '+' || c == '.';
    });
    const std::string qd = phone_digits(q);
    const auto full = requisites::normalize_phone(q);
    for (const auto& c : clients_) {
        bool hit = q.empty();
        for (const std::string* s : {&c.name, &c.contact, &c.city, &c.email, &c.inn})
            if (!hit && fold_case(*s).find(folded) != std::string::npos) hit = true;
        if (!hit && phone_like && qd.size() >= 3) {
            for (const auto& p : c.phones) {
                if (full && p == *full) hit = true;
                std::string pd = phone_digits(p);  // "7912…"
                if (pd.find(qd) != std::string::npos) hit = true;
                if (qd[0] == '8' && pd.starts_with("7" + qd.substr(1))) hit = true;  // 8 912… is +7 912…
            }
        }
        if (hit) out.push_back(&c);
    }
    return out;
}

std::optional<Duplicate> ClientBase::find_duplicate(const Client& client) const {
    for (const auto& p : client.phones)
        for (const auto& c : clients_)
            if (c.id != client.id && std::find(c.phones.begin(), c.phones.end(), p) != c.phones.end())
                return Duplicate{&c, tr("phone"), p};
    for (const auto& e : client.emails())
        for (const auto& c : clients_) {
            if (c.id == client.id) continue;
            auto all = c.emails();
            if (std::find(all.begin(), all.end(), e) != all.end()) return Duplicate{&c, tr("e-mail"), e};
        }
    if (!client.inn.empty())
        for (const auto& c : clients_)
            if (c.id != client.id && c.inn == client.inn) return Duplicate{&c, "ИНН", c.inn};
    return std::nullopt;
}

const Client* ClientBase::duplicate_of(const Client& client) const {
    auto d = find_duplicate(client);
    return d ? d->client : nullptr;
}

int ClientBase::count_for(const std::string& login) const {
    return static_cast<int>(std::count_if(clients_.begin(), clients_.end(), [&](const Client& c) { return c.manager == login; }));
}

const Client& ClientBase::add(Client client) {
    if (client.id <= 0) throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} is not valid")), client.id));
    if (by_id(client.id)) throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} is already taken")), client.id));
    client.extra.resize(extra_.size());
    clients_.push_back(std::move(client));
    return clients_.back();
}

void ClientBase::update(const Client& client) {
    for (auto& c : clients_)
        if (c.id == client.id) {
            int line = c.line;
            c = client;
            c.line = line;
            c.extra.resize(extra_.size());
            return;
        }
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {}")), client.id));
}

void ClientBase::remove(std::int64_t id) {
    auto it = std::find_if(clients_.begin(), clients_.end(), [&](const Client& c) { return c.id == id; });
    if (it == clients_.end()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {}")), id));
    clients_.erase(it);
}

// --- merges -------------------------------------------------------------------------------

namespace {
constexpr std::string_view merge_marker = "бъединен с №";  // "Объединен с №7", "объединен с №7"
}

std::string merge_note(const Client& gone, const std::string& date) {
    return fmt::format("Объединен с №{} ({}), {}", gone.id, gone.name, date);
}

std::vector<std::int64_t> merged_ids(const Client& client) {
    std::vector<std::int64_t> out;
    const std::string& n = client.notes;
    for (std::size_t at = n.find(merge_marker); at != std::string::npos; at = n.find(merge_marker, at + 1)) {
        std::size_t i = at + merge_marker.size();
        std::string digits;
        while (i < n.size() && n[i] >= '0' && n[i] <= '9' && digits.size() < 15) digits += n[i++];
        if (!digits.empty()) {
            std::int64_t id = std::stoll(digits);
            if (id != client.id && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
        }
    }
    return out;
}

const Client* resolve_client(const ClientBase& base, std::int64_t id) {
    if (const Client* c = base.by_id(id)) return c;
    // Notes of merged clients are joined, so the client that finally absorbed `id`
    // names it directly, however many merges ago.
    for (const auto& c : base.clients()) {
        auto ids = merged_ids(c);
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) return &c;
    }
    return nullptr;
}

std::int64_t resolve_client_id(const ClientBase& base, std::int64_t id) {
    const Client* c = resolve_client(base, id);
    return c ? c->id : 0;
}

const Client& require_client(const ClientBase& base, std::int64_t id) {
    if (const Client* c = resolve_client(base, id)) return *c;
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {} in {}")), id, base.file().empty() ? "База клиентов.csv" : base.file()));
}

// --- the share ----------------------------------------------------------------------------

ClientBase load_clients(const Share& share, const Identity& me) {
    SharedFile f = register_file(share, me);
    return parse_snapshot(f.read(), f.file().string());
}

Client add_client(const Share& share, const Identity& me, Client draft, bool force) {
    normalize_client(draft);
    draft.id = 0;
    draft.line = 0;
    if (draft.added.empty()) draft.added = now().date.iso();
    validate_client(draft);

    SharedFile f = register_file(share, me);
    const std::string file = f.file().string();
    // Read first: a broken hand edit or a duplicate is reported before a number is claimed.
    ClientBase current = parse_snapshot(f.read(), file);
    if (!force)
        if (auto d = current.find_duplicate(draft)) throw Error(Errc::state, describe(*d));

    const fs::path numbers = share.numbers_of("client", 0);
    const std::string note = fmt::format("{}: {}", share.settings().clients, draft.name);
    std::optional<NumberClaim> claim;
    for (int tries = 0;; ++tries) {
        claim.emplace(claim_number(numbers, me, note));
        if (!current.by_id(claim->number())) break;
        claim->commit();  // a row added by hand already uses this number: it stays claimed
        if (tries > 1000) throw Error(Errc::state, tr("cannot find a free client number"));
    }
    draft.id = claim->number();

    Client stored;
    f.update([&](const Snapshot& snap) -> std::optional<std::string> {
        ClientBase base = parse_snapshot(snap, file);
        if (base.by_id(draft.id))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} appeared in {} meanwhile (a hand edit?); run the command again")),
                                                 draft.id, file));
        if (!force)
            if (auto d = base.find_duplicate(draft)) throw Error(Errc::state, describe(*d));
        stored = base.add(draft);
        return base.to_csv();
    });
    claim->commit();
    return stored;
}

std::pair<Client, Client> update_client(const Share& share, const Identity& me, std::int64_t id,
                                        const std::function<void(Client&)>& change, bool force) {
    SharedFile f = register_file(share, me);
    const std::string file = f.file().string();
    Client before, after;
    f.update([&](const Snapshot& snap) -> std::optional<std::string> {
        ClientBase base = parse_snapshot(snap, file);
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
        Client added_values;
        added_values.id = after.id;
        for (const auto& p : after.phones)
            if (std::find(before.phones.begin(), before.phones.end(), p) == before.phones.end()) added_values.phones.push_back(p);
        std::vector<std::string> new_emails, old_emails = before.emails();
        for (const auto& e : after.emails())
            if (std::find(old_emails.begin(), old_emails.end(), e) == old_emails.end()) new_emails.push_back(e);
        added_values.email = join(new_emails, ", ");
        if (after.inn != before.inn) added_values.inn = after.inn;
        if (!force)
            if (auto d = base.find_duplicate(added_values))
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (id {}) already has {} {}; use --force to change anyway")),
                                                     d->client->name, d->client->id, d->field, d->value));
        base.update(after);
        return base.to_csv();
    });
    return {before, after};
}

MergeResult merge_clients(const Share& share, const Identity& me, std::int64_t keep_id, std::int64_t gone_id,
                          const std::string& date) {
    SharedFile f = register_file(share, me);
    const std::string file = f.file().string();
    MergeResult result;
    f.update([&](const Snapshot& snap) -> std::optional<std::string> {
        ClientBase base = parse_snapshot(snap, file);
        if (keep_id == gone_id) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("cannot merge client {} with itself")), keep_id));
        const Client& a = require_client(base, keep_id);
        const Client& b = require_client(base, gone_id);
        if (a.id == b.id)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("clients {} and {} are already one client ({})")), keep_id, gone_id, a.id));
        Client kept = a.id < b.id ? a : b;
        Client gone = a.id < b.id ? b : a;
        const Client kept_before = kept;  // a and b point into `base`, changed below
        if (!kept.inn.empty() && !gone.inn.empty() && kept.inn != gone.inn)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("clients {} and {} have different ИНН ({} and {}): they are different organisations")),
                                                 kept.id, gone.id, kept.inn, gone.inn));
        for (const auto& p : gone.phones)
            if (std::find(kept.phones.begin(), kept.phones.end(), p) == kept.phones.end()) kept.phones.push_back(p);
        auto emails = kept.emails();
        for (const auto& e : gone.emails())
            if (std::find(emails.begin(), emails.end(), e) == emails.end()) emails.push_back(e);
        kept.email = join(emails, ", ");
        for (std::string_view key : {"form", "inn", "kpp", "ogrn", "city", "address", "contact", "manager", "source"}) {
            std::string* k = text_field(kept, key);
            if (k->empty()) *k = *text_field(gone, key);
        }
        if (!gone.added.empty() && (kept.added.empty() || gone.added < kept.added)) kept.added = gone.added;
        std::vector<std::string> notes;
        if (!kept.notes.empty()) notes.push_back(kept.notes);
        if (!gone.notes.empty()) notes.push_back(gone.notes);
        notes.push_back(merge_note(gone, date));
        kept.notes = join(notes, "\n");
        for (std::size_t i = 0; i < kept.extra.size() && i < gone.extra.size(); ++i)
            if (kept.extra[i].empty()) kept.extra[i] = gone.extra[i];
        validate_client(kept);
        base.remove(gone.id);
        base.update(kept);
        result = {kept, gone, kept_before};
        return base.to_csv();
    });
    return result;
}

// --- routing ------------------------------------------------------------------------------

RoutingState::RoutingState(const Share& share, const Identity& me)
    : file_(share.private_dir() / "routing.txt"), state_dir_(share.state_of(share.private_dir() / "routing.txt")), me_(me) {
    lock_options_ = lock_options(share, *file_);
}

RoutingState::RoutingState(std::string last) : memory_(std::move(last)) {}

std::string RoutingState::last() const {
    if (!file_) return memory_;
    SharedFile f(*file_, *state_dir_, me_);
    return std::string(trim_space(f.read().content.value_or("")));
}

std::string RoutingState::advance(const std::function<std::string(const std::string& last)>& pick) {
    if (!file_) {
        std::string chosen = pick(memory_);
        if (!chosen.empty()) memory_ = chosen;
        return chosen;
    }
    SharedFile f(*file_, *state_dir_, me_);
    f.set_lock_options(lock_options_);
    std::string chosen;
    f.update([&](const Snapshot& snap) -> std::optional<std::string> {
        std::string last(trim_space(snap.content.value_or("")));
        chosen = pick(last);
        if (chosen.empty() || (chosen == last && snap.content)) return std::nullopt;
        return chosen + "\n";
    });
    return chosen;
}

std::string route_new_client(const ClientBase& base, const Staff& staff, const Settings& settings, RoutingState& state) {
    std::vector<const StaffMember*> managers = staff.with_role("sales_manager");
    if (managers.empty()) throw Error(Errc::state, tr("there is no active sales manager to give a new client to (gefest staff add … --role sales_manager)"));
    // The managers in turn after `last` (all of them, `last` itself at the end).
    auto in_turn = [&](const std::string& last) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < managers.size(); ++i)
            if (managers[i]->login == last) start = i + 1;
        std::vector<const StaffMember*> out;
        for (std::size_t i = 0; i < managers.size(); ++i) out.push_back(managers[(start + i) % managers.size()]);
        return out;
    };
    if (settings.routing == "round_robin")
        return state.advance([&](const std::string& last) { return in_turn(last).front()->login; });
    if (settings.routing == "least_loaded")
        return state.advance([&](const std::string& last) {
            const StaffMember* best = nullptr;
            int best_count = 0;
            for (const auto* m : in_turn(last)) {
                int n = base.count_for(m->login);
                if (!best || n < best_count) best = m, best_count = n;
            }
            return best->login;
        });
    throw Error(Errc::config, fmt::format(fmt::runtime(tr("routing = '{}' in gefest.toml [intake]: use \"round_robin\" or \"least_loaded\"")),
                                          settings.routing));
}

std::string route_new_client(const Share& share, const Identity& me, const Staff& staff) {
    RoutingState state(share, me);
    return route_new_client(load_clients(share, me), staff, share.settings(), state);
}

}  // namespace gefest
