// ShareStore (store/share_store.h): the layout of the share, and each Store call done on
// its files. gefest check and gefest init's part are in share_store_check.cpp.
#include "store/share_store.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"
#include "store/mount.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

// How the procedure uses a record's file.
enum class Use {
    shared,    // changed through SharedFile: versions and the lock under .gefest/state
    required,  // people's, read as it is, must exist (the matrix)
    expected,  // people's, read as it is; a name missing for a moment (SMB rename) is waited for
    optional,  // people's, read as it is, often absent
};

// Where a record lives and how it is used.
struct Place {
    fs::path file;
    Use use = Use::shared;
    bool makes_folder = false;  // its folder is made by its first change
    bool own_folder = false;    // the folder is the record's alone (an order's): removed again if the first change fails
};

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A claim file's "key=value" lines.
NumberInfo parse_claim(const std::string& text) {
    NumberInfo info;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string::npos) eol = text.size();
        const std::string line = text.substr(at, eol - at);
        at = eol + 1;
        const std::size_t eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "login") info.login = value;
        else if (key == "host") info.host = value;
        else if (key == "time") info.time = value;
        else if (key == "note") info.note = value;
    }
    return info;
}

}  // namespace

ShareStore::ShareStore(Share share, Identity me)
    : share_(std::move(share)), me_(std::move(me)), journal_(share_.at(share_.settings().journal), share_.settings().share_id, me_) {}

// --- the layout ----------------------------------------------------------------------------

namespace {

fs::path orders_year(const Share& share, int year) { return share.at(share.settings().orders) / std::to_string(year); }
fs::path beside_stock(const Share& share, const char* name) { return share.at(share.settings().stock).parent_path() / name; }
fs::path beside_statements(const Share& share, const char* name) { return share.at(share.settings().statements).parent_path() / name; }

}  // namespace

fs::path ShareStore::numbers_dir(const std::string& kind, int year) const { return share_.numbers_of(kind, year); }

fs::path ShareStore::key_file(const std::string& kind, const std::string& key) const {
    // Keys are named by their checksum (a Message-ID is no file name); survey keys are
    // order keys ("2026-5"), named as they are since the first surveys.
    return share_.keys_of(kind) / (kind == "survey" ? key : fsio::checksum(key));
}

namespace {

// The order's folder: Заказы/<year>/<N> <note of its claim>, found in O(1) from the claim.
fs::path order_folder(const Share& share, const ShareStore& store, int year, std::int64_t number) {
    auto info = store.number_info("order", year, number);
    if (!info) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no order {} of {}")), number, year));
    return orders_year(share, year) / fmt::format("{} {}", number, info->note);
}

Place place_of(const Share& share, const ShareStore& store, const RecordRef& r) {
    const Settings& s = share.settings();
    switch (r.record) {
        case Record::process: return {share.at(s.process), Use::required};
        case Record::staff: return {share.at(s.staff)};
        case Record::clients: return {share.at(s.clients)};
        case Record::routing: return {share.private_dir() / "routing.txt"};
        case Record::catalog: return {share.at(s.catalog)};
        case Record::stock: return {share.at(s.stock)};
        case Record::reservations: return {beside_stock(share, "Резервы.csv")};
        case Record::stock_queue: return {beside_stock(share, "Очередь склада.csv")};
        case Record::carriers: return {beside_stock(share, "Транспортные компании.toml"), Use::expected};
        case Record::payment_rules: return {beside_statements(share, "Правила сопоставления.txt"), Use::optional};
        case Record::payments: return {beside_statements(share, "Платежи.csv"), Use::shared, true};
        case Record::order: return {order_folder(share, store, r.year, r.number) / "заказ.toml", Use::shared, true, true};
        case Record::order_index: return {orders_year(share, r.year) / fmt::format("Заказы {}.csv", r.year), Use::shared, true};
        case Record::invoices: return {orders_year(share, r.year) / fmt::format("Счета {}.csv", r.year), Use::shared, true};
        case Record::claims: return {share.at(s.claims) / fmt::format("Претензии {}.csv", r.year), Use::shared, true};
        case Record::counter: return {share.private_dir() / "debug" / ("counter-" + r.name + ".txt"), Use::shared, true};
    }
    throw Error(Errc::state, "unknown record");
}

}  // namespace

fs::path ShareStore::path_of(const RecordRef& record) const { return place_of(share_, *this, record).file; }

std::string ShareStore::where(const RecordRef& record) const { return path_of(record).string(); }

std::string ShareStore::name(const RecordRef& record) const { return path_of(record).lexically_relative(share_.root()).string(); }

SharedFile ShareStore::shared(const RecordRef& record) const { return shared_file(share_, me_, path_of(record)); }

// --- numbers -----------------------------------------------------------------------------------

NumberClaim ShareStore::claim_number(const std::string& kind, int year, const std::string& note) {
    return gefest::claim_number(numbers_dir(kind, year), me_, note);
}

std::optional<NumberInfo> ShareStore::number_info(const std::string& kind, int year, std::int64_t number) const {
    const std::string text = claim_note(numbers_dir(kind, year), number);
    if (text.empty()) return std::nullopt;
    return parse_claim(text);
}

std::vector<std::int64_t> ShareStore::claimed_numbers(const std::string& kind, int year) const {
    return gefest::claimed_numbers(numbers_dir(kind, year));
}

std::vector<std::int64_t> ShareStore::released_numbers(const std::string& kind, int year) const {
    return gefest::released_numbers(numbers_dir(kind, year));
}

std::optional<std::int64_t> ShareStore::claim_age(const std::string& kind, int year, std::int64_t number) const {
    const fs::path dir = numbers_dir(kind, year);
    auto at = claim_mtime(dir, number);
    if (!at) return std::nullopt;
    return fsio::server_now(dir) - *at;
}

bool ShareStore::release_number(const std::string& kind, int year, std::int64_t number) {
    return gefest::release_number(numbers_dir(kind, year), number);
}

std::vector<int> ShareStore::number_years(const std::string& kind) const {
    std::vector<int> out;
    for (const auto& y : fsio::list_dir(share_.private_dir() / "numbers" / kind))
        if (all_digits(y) && y.size() < 9) out.push_back(std::stoi(y));
    std::sort(out.begin(), out.end());
    return out;
}

// --- records -------------------------------------------------------------------------------------

Snapshot ShareStore::read(const RecordRef& record) const {
    const Place p = place_of(share_, *this, record);
    Snapshot snap;
    switch (p.use) {
        case Use::shared: return shared_file(share_, me_, p.file).read();
        case Use::required: snap.content = fsio::read_file(p.file); break;
        case Use::expected: snap.content = fsio::read_file_if_exists(p.file, true); break;
        case Use::optional: snap.content = fsio::read_file_if_exists(p.file); break;
    }
    return snap;
}

bool ShareStore::exists(const RecordRef& record) const { return fsio::exists(path_of(record)); }

std::int64_t ShareStore::change(const RecordRef& record, const RecordChange& change) {
    const Place p = place_of(share_, *this, record);
    const fs::path folder = p.file.parent_path();
    const bool new_folder = p.own_folder && !fsio::exists(folder);
    if (p.makes_folder) fsio::make_dirs(folder);
    try {
        return shared_file(share_, me_, p.file).update(change);
    } catch (...) {
        std::error_code ec;
        if (new_folder && !fs::exists(p.file, ec)) fs::remove(folder, ec);  // only if empty
        throw;
    }
}

// --- keys ------------------------------------------------------------------------------------------

bool ShareStore::keep_key(const std::string& kind, const std::string& key, const std::string& note) {
    const fs::path file = key_file(kind, key);
    fsio::make_dirs(file.parent_path());
    return fsio::create_exclusive(file, note + "\n");
}

bool ShareStore::has_key(const std::string& kind, const std::string& key) const { return fsio::exists(key_file(kind, key)); }

void ShareStore::rewrite_key(const std::string& kind, const std::string& key, const std::string& note) {
    const fs::path file = key_file(kind, key);
    fsio::make_dirs(file.parent_path());
    fsio::write_atomic(file, note + "\n");
}

void ShareStore::forget_key(const std::string& kind, const std::string& key) { fsio::remove_file(key_file(kind, key)); }

// --- events, documents, writing ----------------------------------------------------------------------

void ShareStore::append_event(Event& event) { journal_.append(event); }

void ShareStore::for_each_event(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                                const JournalFilter& filter) const {
    journal_.for_each(from, to, visit, nullptr, filter);
}

fs::path ShareStore::documents_folder(const RecordRef& order) const { return order_folder(share_, *this, order.year, order.number); }

void ShareStore::require_writable() const { require_writable_mount(share_.root()); }

}  // namespace gefest
