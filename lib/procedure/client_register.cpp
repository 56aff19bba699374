// The client base's text (ClientBase::parse, to_csv) and the rules of one client's cells
// (validate_client, require_phone, require_email), with what Excel ru-RU does to a
// hand-edited register read back kindly (formats/excel_cells.h): an ИНН or КПП stripped
// of its leading zero is restored where that is proven and named with the fix where not,
// a long number turned into "7,70708E+11" is named with the fix, a date rewritten as
// 27.11.2026 is read as 2026-11-27, and the apostrophe gefest puts before a formula-like
// cell (CSV injection) is taken off again.
#include "procedure/clients.h"

#include <algorithm>
#include <unordered_map>
#include <map>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/excel_cells.h"
#include "formats/registers.h"
#include "formats/requisites.h"
#include "procedure/clients_internal.h"

namespace gefest {

using namespace clients_detail;

namespace {

// Runs requisites::check_* on a number Excel may have damaged, with a hint when it has.
void check_number(std::string_view field, const std::string& value, std::string (*check)(std::string_view)) {
    if (value.empty()) return;
    excel::refuse_exponent(field, value);
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

// Sets field `key` of `c` from register cell `v`, read as a hand edit may have left it.
void read_cell(Client& c, const std::string& key, const std::string& v) {
    if (key == "phones") {
        std::string t(trim_space(v));
        excel::refuse_exponent(column_of("phones"), t);
        c.phones = normalize_phones(split_list(t, false));
    } else if (key == "email") {
        c.email = normalize_emails(v);
    } else if (key == "added") {
        c.added = trim_space(v);
        Date d;
        if (!c.added.empty()) {
            if (!excel::read_date(c.added, d))
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': not a date (YYYY-MM-DD or DD.MM.YYYY)")), column_of("added"), c.added));
            c.added = d.iso();
        }
    } else if (key == "notes") {
        c.notes = trim_space(unix_line_ends(v));
    } else {
        *text_field(c, key) = trim_space(v);
    }
}

// Restores what Excel's lost leading zeros prove (formats/excel_cells.h), noting each.
void restore_cells(Client& c, std::vector<ExcelRepair>& repairs) {
    auto restore = [&](const char* key, std::string& value, std::optional<std::string> restored) {
        if (!restored) return;
        repairs.push_back({c.id, c.name, c.line, key, value, *restored});
        value = std::move(*restored);
    };
    restore("inn", c.inn, excel::restore_zeros(c.inn, requisites::check_inn));
    restore("kpp", c.kpp, excel::restore_kpp(c.kpp, c.inn));
}

// «Код» of a row: Error(data) at `line` unless it is a client number.
std::int64_t read_id(const std::string& cell, const std::string& column, const std::string& file, int line) {
    std::string id(trim_space(cell));
    if (id.empty())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is empty: add new clients with 'gefest client add'")), column), file, line);
    if (!all_digits(id) || id.size() > 15 || std::stoll(id) <= 0)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' '{}': not a client number")), column, id), file, line);
    return std::stoll(id);
}

}  // namespace

// --- the rules of a client's cells --------------------------------------------------------

std::string require_phone(std::string_view phone) {
    std::string t(trim_space(phone));
    excel::refuse_exponent(tr("phone"), t);
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

std::vector<std::pair<std::string, events::ClientRepair>> repair_rows(const std::string& file, const std::vector<ExcelRepair>& repairs) {
    std::vector<std::pair<std::string, events::ClientRepair>> out;
    for (const auto& r : repairs) {
        if (out.empty() || out.back().first != client_object(r.id)) {
            events::ClientRepair row;
            row.name = r.name;
            row.file = file;
            row.line = r.line;
            out.emplace_back(client_object(r.id), std::move(row));
        }
        out.back().second.changed[r.key] = {r.from, r.to};
    }
    return out;
}

void record_client_repairs(Session& session, const std::vector<ExcelRepair>& repairs) {
    for (auto& [object, row] : repair_rows(session.store().name({client_register}), repairs))
        session.record(events::make_event(row, object));
}

// --- the register's text ------------------------------------------------------------------

ClientBase::ClientBase() : header_(registers::client_columns()) {}

namespace {

// Where a register's columns are: «Код», each field, and the ones gefest does not know.
struct Columns {
    int id = -1;
    std::vector<std::pair<std::string, int>> fields;  // key → column
    std::vector<int> extra;
};

int column_in(const std::vector<std::string>& header, const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

Columns columns_of(const std::vector<std::string>& header, const std::string& file, std::vector<std::string>& extra_names) {
    const auto& known = registers::client_columns();
    Columns cols;
    cols.id = column_in(header, known[0]);
    if (cols.id < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("column '{}' is missing")), known[0]), file, 1);
    for (const auto& f : client_fields()) {
        int c = column_in(header, f.column);
        if (c < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("column '{}' is missing")), f.column), file, 1);
        cols.fields.emplace_back(f.key, c);
    }
    extra_names.clear();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (std::find(known.begin(), known.end(), header[i]) == known.end()) {
            cols.extra.push_back(static_cast<int>(i));
            extra_names.push_back(header[i]);
        }
    return cols;
}

}  // namespace

ClientBase ClientBase::parse(const std::string& csv_text, const std::string& file) {
    ClientBase base;
    Columns cols;
    std::unordered_map<std::int64_t, int> seen;  // id → line
    auto on_header = [&](const std::vector<std::string>& header) {
        base = ClientBase();
        base.file_ = file;
        base.header_ = header;
        cols = columns_of(header, file, base.extra_);
        seen.clear();
        // About one client a line: the vector is not grown by doubling (half again its size).
        const auto lines = static_cast<std::size_t>(std::count(csv_text.begin(), csv_text.end(), '\n'));
        base.clients_.reserve(lines);
        seen.reserve(lines);
    };
    auto on_row = [&](const csv::Row& row) {
        auto cell = [&](int col) { return csv::unguard_formula(row.cells.at(static_cast<std::size_t>(col))); };
        Client c;
        c.line = row.line;
        c.id = read_id(cell(cols.id), registers::client_columns()[0], file, row.line);
        if (auto [it, fresh] = seen.emplace(c.id, row.line); !fresh)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("client number {} is used twice (also on line {})")), c.id, it->second), file,
                        row.line);
        try {
            for (const auto& [key, col] : cols.fields) read_cell(c, key, cell(col));
        } catch (const Error& e) {
            throw Error(Errc::data, e.what(), file, row.line);
        }
        for (int col : cols.extra) c.extra.push_back(cell(col));
        restore_cells(c, base.repairs_);
        validate_client(c, file, row.line);
        base.clients_.push_back(std::move(c));
    };
    // A row at a time, no table of every cell beside the clients (a base of 100 MB). A file
    // that cannot be read so — or has an error, to name the one parse meets first — is
    // parsed whole.
    try {
        csv::parse_each(csv_text, file, on_header, [&](csv::Row& row) { on_row(row); });
        return base;
    } catch (const Error&) {
    }
    csv::Table t = csv::parse(csv_text, file);
    on_header(t.header);
    for (const auto& row : t.rows) on_row(row);
    return base;
}

std::string ClientBase::to_csv() const {
    const auto& known = registers::client_columns();
    // What each column holds: «Код», an unknown column's cell, or a field.
    struct Source {
        bool id = false;
        int extra = -1;
        std::string key;
    };
    std::vector<Source> sources;
    for (const auto& name : header_) {
        Source src;
        if (auto it = std::find(extra_.begin(), extra_.end(), name); it != extra_.end()) src.extra = static_cast<int>(it - extra_.begin());
        else if (name == known[0]) src.id = true;
        else
            for (const auto& f : client_fields())
                if (f.column == name) src.key = f.key;
        sources.push_back(std::move(src));
    }
    csv::Table head;
    head.header = header_;
    std::string out = csv::write(head);
    // Row by row into the text, not through a table of every cell.
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
        const Client& c = clients_[i];
        cells.clear();
        for (const auto& src : sources) {
            std::string v;
            if (src.extra >= 0) v = static_cast<std::size_t>(src.extra) < c.extra.size() ? c.extra[static_cast<std::size_t>(src.extra)] : std::string();
            else if (src.id) v = std::to_string(c.id);
            else if (!src.key.empty()) v = client_field(c, src.key);
            cells.push_back(csv::guard_formula(v));
        }
        out += csv::write_row(cells);
        // Room for the rest as long as the first rows are, and a tenth more: a text grown
        // by doubling would hold both copies at the last doubling.
        if (i + 1 == 64 && clients_.size() > 64) out.reserve(out.size() / 64 * clients_.size() * 11 / 10);
    }
    return out;
}

}  // namespace gefest
