// The client base's index (ClientLookup, procedure/clients.h): what a client is found by
// and how a client is kept in the index the store keeps of the register, and the
// look-ups of the daily commands (a call, an order, client show) through it.
#include "procedure/clients.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/requisites.h"
#include "procedure/clients_internal.h"

namespace gefest {

using namespace clients_detail;

namespace {

// A field as "<length>:<bytes>", so any byte may be in it.
void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) {}
    std::string next() {
        const auto colon = data_.find(':', at_);
        if (colon == std::string_view::npos || colon == at_ || colon - at_ > 12) bad();
        std::size_t n = 0;
        for (std::size_t i = at_; i < colon; ++i) {
            if (data_[i] < '0' || data_[i] > '9') bad();
            n = n * 10 + static_cast<std::size_t>(data_[i] - '0');
        }
        if (colon + 1 + n > data_.size()) bad();
        std::string out(data_.substr(colon + 1, n));
        at_ = colon + 1 + n;
        return out;
    }
    std::int64_t number() {
        const std::string s = next();
        if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) bad();
        return std::stoll(s);
    }
    bool done() const { return at_ == data_.size(); }
    [[noreturn]] static void bad() { throw Error(Errc::data, tr("a client row of the index is not one gefest wrote")); }

private:
    std::string_view data_;
    std::size_t at_ = 0;
};

// The text fields of a client, in the order they are kept.
std::vector<std::string*> kept_fields(Client& c) {
    return {&c.name, &c.legal_form, &c.inn, &c.kpp, &c.ogrn, &c.email, &c.city, &c.address, &c.contact, &c.manager, &c.source, &c.added, &c.notes};
}

std::string client_data(const Client& client) {
    Client& c = const_cast<Client&>(client);  // kept_fields only reads here
    std::string out;
    put(out, std::to_string(c.id));
    put(out, std::to_string(c.line));
    for (const std::string* f : kept_fields(c)) put(out, *f);
    put(out, std::to_string(c.phones.size()));
    for (const auto& p : c.phones) put(out, p);
    put(out, std::to_string(c.extra.size()));
    for (const auto& e : c.extra) put(out, e);
    return out;
}

std::string phone_digits(std::string_view phone) {
    std::string d;
    for (char ch : phone)
        if (ch >= '0' && ch <= '9') d += ch;
    return d;
}

}  // namespace

Client client_from_index(std::string_view data) {
    Reader r(data);
    Client c;
    c.id = r.number();
    c.line = static_cast<int>(r.number());
    for (std::string* f : kept_fields(c)) *f = r.next();
    for (std::int64_t n = r.number(); n > 0; --n) c.phones.push_back(r.next());
    for (std::int64_t n = r.number(); n > 0; --n) c.extra.push_back(r.next());
    if (!r.done()) Reader::bad();
    return c;
}

namespace {

// The data of the index's one row that is not a client: the names of the base's columns
// gefest does not know (what Client::extra's cells are of), after an empty first field
// (a client's is its number, never empty).
constexpr std::string_view columns_key = "columns:";

std::string columns_data(const std::vector<std::string>& names) {
    std::string out;
    put(out, "");
    put(out, std::to_string(names.size()));
    for (const auto& n : names) put(out, n);
    return out;
}

bool is_columns_row(std::string_view data) { return data.starts_with("0:"); }

std::vector<std::string> columns_from_index(std::string_view data) {
    Reader r(data);
    if (!r.next().empty()) Reader::bad();
    std::vector<std::string> names;
    for (std::int64_t n = r.number(); n > 0; --n) names.push_back(r.next());
    if (!r.done()) Reader::bad();
    return names;
}

}  // namespace

void client_index_rows(const ClientBase& base, const IndexEmit& emit) {
    IndexRow row;
    row.keys = {std::string(columns_key)};
    row.data = columns_data(base.extra_columns());
    emit(row);  // no words, no tally: found by its key only
    for (const auto& c : base.clients()) {
        row.keys.clear();
        row.keys.push_back("id:" + std::to_string(c.id));
        for (auto id : merged_ids(c)) row.keys.push_back("merged:" + std::to_string(id));
        for (const auto& p : c.phones) row.keys.push_back("phone:" + p);
        for (const auto& e : c.emails()) row.keys.push_back("email:" + e);
        if (!c.inn.empty()) row.keys.push_back("inn:" + c.inn);
        row.data = client_data(c);
        row.words = client_search_words(c);
        row.tally = {c.manager};
        emit(row);
    }
}

namespace {

// The fields a search looks into as text (client_matches, client_search_words).
std::vector<const std::string*> searched_text(const Client& c) { return {&c.name, &c.contact, &c.city, &c.email, &c.inn}; }

// The digits of a phone-like query of 3 digits or more ("" for another): digits and the
// separators people type in phone numbers.
std::string phone_query(std::string_view q) {
    const bool phone_like = std::all_of(q.begin(), q.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '(' || ch == ')' || ch == '+' || ch == '.';
    });
    std::string qd = phone_digits(q);
    return phone_like && qd.size() >= 3 ? qd : std::string();
}

}  // namespace

std::vector<std::string> client_search_words(const Client& c) {
    std::vector<std::string> out;
    for (const std::string* s : searched_text(c))
        if (!s->empty()) out.push_back(fold_case(*s));
    for (const auto& p : c.phones) out.push_back(phone_digits(p));
    return out;
}

std::vector<std::string> client_search_needles(std::string_view text) {
    const std::string q(trim_space(text));
    if (q.empty()) return {};
    // A client matches if the folded text is in a folded field, or (see client_matches) a
    // phone's digits contain the query's digits, start with 7 and the query's digits after
    // its 8, or are the digits of the full number the query spells: each needle is in the
    // words of such a client.
    std::vector<std::string> out{fold_case(q)};
    const std::string qd = phone_query(q);
    if (qd.empty()) return out;
    out.push_back(qd);
    if (qd[0] == '8') out.push_back("7" + qd.substr(1));
    if (const auto full = requisites::normalize_phone(q)) out.push_back(phone_digits(*full));
    return out;
}

bool client_matches(const Client& c, std::string_view text) {
    const std::string q(trim_space(text));
    if (q.empty()) return true;
    const std::string folded = fold_case(q);
    for (const std::string* s : searched_text(c))
        if (fold_case(*s).find(folded) != std::string::npos) return true;
    const std::string qd = phone_query(q);
    if (qd.empty()) return false;
    const auto full = requisites::normalize_phone(q);
    for (const auto& p : c.phones) {
        if (full && p == *full) return true;
        const std::string pd = phone_digits(p);  // "7912…"
        if (pd.find(qd) != std::string::npos) return true;
        if (qd[0] == '8' && pd.starts_with("7" + qd.substr(1))) return true;  // 8 912… is +7 912…
    }
    return false;
}

// --- look-ups ------------------------------------------------------------------------------

std::vector<std::optional<std::string>> ClientLookup::get_data(const std::vector<std::string>& keys) const {
    const std::string file = store_.where({client_register});
    auto rows = [&file](const Snapshot& snap, const IndexEmit& emit) { client_index_rows(parse_snapshot(snap, file), emit); };
    return store_.find_indexed({client_register}, keys, rows);
}

std::vector<std::optional<Client>> ClientLookup::get(const std::vector<std::string>& keys) const {
    std::vector<std::optional<Client>> out;
    for (auto& data : get_data(keys)) out.push_back(data ? std::optional<Client>(client_from_index(*data)) : std::nullopt);
    return out;
}

std::optional<Client> ClientLookup::by_id(std::int64_t id) const { return get({"id:" + std::to_string(id)}).front(); }

std::optional<Client> ClientLookup::by_phone(std::string_view phone) const {
    auto n = requisites::normalize_phone(trim_space(phone));
    if (!n) return std::nullopt;
    return get({"phone:" + *n}).front();
}

std::optional<Client> ClientLookup::by_email(std::string_view email) const {
    auto n = requisites::normalize_email(email);
    if (!n) return std::nullopt;
    return get({"email:" + *n}).front();
}

std::optional<Client> ClientLookup::by_inn(std::string_view inn) const {
    const std::string t(trim_space(inn));
    if (t.empty()) return std::nullopt;
    return get({"inn:" + t}).front();
}

std::optional<Client> ClientLookup::resolve(std::int64_t id) const {
    auto found = get({"id:" + std::to_string(id), "merged:" + std::to_string(id)});
    return found[0] ? found[0] : found[1];
}

std::optional<ClientLookup::WithColumns> ClientLookup::require_with_columns(std::int64_t id) const {
    auto found = get_data({"id:" + std::to_string(id), "merged:" + std::to_string(id), std::string(columns_key)});
    if (!found[2]) return std::nullopt;  // an index made before it kept the columns
    const auto& data = found[0] ? found[0] : found[1];
    if (!data) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {} in {}")), id, store_.where({client_register})));
    return WithColumns{client_from_index(*data), columns_from_index(*found[2])};
}

Client ClientLookup::require(std::int64_t id) const {
    if (auto c = resolve(id)) return *c;
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {} in {}")), id, store_.where({client_register})));
}

std::optional<ClientLookup::Found> ClientLookup::find_duplicate(const Client& client) const {
    std::vector<std::string> keys;
    std::vector<std::pair<std::string, std::string>> what;  // field, value
    for (const auto& p : client.phones) keys.push_back("phone:" + p), what.emplace_back(tr("phone"), p);
    for (const auto& e : client.emails()) keys.push_back("email:" + e), what.emplace_back(tr("e-mail"), e);
    if (!client.inn.empty()) keys.push_back("inn:" + client.inn), what.emplace_back("ИНН", client.inn);
    if (keys.empty()) return std::nullopt;
    auto found = get(keys);
    for (std::size_t i = 0; i < found.size(); ++i)
        if (found[i] && found[i]->id != client.id) return Found{*found[i], what[i].first, what[i].second};
    return std::nullopt;
}

std::vector<Client> ClientLookup::find(std::string_view text) const {
    const std::string file = store_.where({client_register});
    auto rows = [&file](const Snapshot& snap, const IndexEmit& emit) { client_index_rows(parse_snapshot(snap, file), emit); };
    std::vector<std::string> needles = client_search_needles(text);
    if (needles.empty()) needles.emplace_back();  // every client: a needle shorter than a trigram
    std::vector<Client> out;
    const auto found = store_.search_indexed({client_register}, needles, rows,
                                             [&](const std::string& data) { return !is_columns_row(data) && client_matches(client_from_index(data), text); });
    out.reserve(found.size());
    for (const auto& data : found) out.push_back(client_from_index(data));
    return out;
}

std::map<std::string, std::int64_t> ClientLookup::counts_by_manager() const {
    const std::string file = store_.where({client_register});
    auto rows = [&file](const Snapshot& snap, const IndexEmit& emit) { client_index_rows(parse_snapshot(snap, file), emit); };
    return store_.tally_indexed({client_register}, rows);
}

}  // namespace gefest
