// ShareStore (store/share_store.h): the layout of the share, and each Store call done on
// its files. gefest check and gefest init's part are in share_store_check.cpp.
#include "store/share_store.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <unordered_set>

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
    RowKey key{};               // a register whose rows are gefest's: none may go by hand (store/hand_edit.h)
};

// The registers whose rows only gefest removes, and the columns that tell their rows apart.
// (The catalog and the stock are people's lists: a row removed there by hand is theirs.)
RowKey keyed_by(std::initializer_list<const char*> columns) { return RowKey{{columns.begin(), columns.end()}}; }

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

namespace {

// The name key_file gives a key, without making its path (a statement keeps 10k keys):
// keys are named by their checksum (a Message-ID is no file name); survey keys are order
// keys ("2026-5"), named as they are since the first surveys.
std::string key_name(const std::string& kind, const std::string& key) {
    return kind == "survey" ? key : fsio::checksum(key);
}

}  // namespace

fs::path ShareStore::key_file(const std::string& kind, const std::string& key) const { return share_.keys_of(kind) / key_name(kind, key); }

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
        case Record::clients: return {share.at(s.clients), Use::shared, false, false, keyed_by({"Код"})};
        case Record::routing: return {share.private_dir() / "routing.txt"};
        case Record::catalog: return {share.at(s.catalog)};
        case Record::stock: return {share.at(s.stock)};
        case Record::reservations: return {beside_stock(share, "Резервы.csv"), Use::shared, false, false, keyed_by({"Артикул", "Склад", "Заказ"})};
        case Record::stock_queue: return {beside_stock(share, "Очередь склада.csv"), Use::shared, false, false, keyed_by({"Код"})};
        case Record::carriers: return {beside_stock(share, "Транспортные компании.toml"), Use::expected};
        case Record::payment_rules: return {beside_statements(share, "Правила сопоставления.txt"), Use::optional};
        case Record::payments: return {beside_statements(share, "Платежи.csv"), Use::shared, true, false, keyed_by({"Ид"})};
        case Record::order: return {order_folder(share, store, r.year, r.number) / "заказ.toml", Use::shared, true, true};
        case Record::order_index: return {orders_year(share, r.year) / fmt::format("Заказы {}.csv", r.year), Use::shared, true, false, keyed_by({"№"})};
        case Record::invoices: return {orders_year(share, r.year) / fmt::format("Счета {}.csv", r.year), Use::shared, true, false, keyed_by({"№"})};
        case Record::claims: return {share.at(s.claims) / fmt::format("Претензии {}.csv", r.year), Use::shared, true, false, keyed_by({"№"})};
        case Record::counter: return {share.private_dir() / "debug" / ("counter-" + r.name + ".txt"), Use::shared, true};
    }
    throw Error(Errc::state, "unknown record");
}

}  // namespace

fs::path ShareStore::path_of(const RecordRef& record) const { return place_of(share_, *this, record).file; }

std::string ShareStore::where(const RecordRef& record) const { return path_of(record).string(); }

std::string ShareStore::name(const RecordRef& record) const { return path_of(record).lexically_relative(share_.root()).string(); }

SharedFile ShareStore::shared(const RecordRef& record) const {
    const Place p = place_of(share_, *this, record);
    SharedFile f = shared_file(share_, me_, p.file);
    f.set_row_key(p.key);
    return f;
}

// --- numbers -----------------------------------------------------------------------------------

NumberClaim ShareStore::claim_number(const std::string& kind, int year, const std::string& note) {
    // The claim as numbers.cpp keeps or withdraws it, wrapped so that a commit is also
    // remembered: a command failing after it gives the number back.
    const fs::path dir = numbers_dir(kind, year);
    auto inner = std::make_shared<NumberClaim>(gefest::claim_number(dir, me_, note));
    const std::int64_t number = inner->number();
    return NumberClaim(number, [this, inner, dir](std::int64_t n, bool keep) {
        if (!keep) return;  // dropped with the last copy of `inner`: withdrawn there
        inner->commit();
        remember([dir, n] { take_back_claim(dir, n); });
    });
}

std::optional<NumberInfo> ShareStore::number_info(const std::string& kind, int year, std::int64_t number) const {
    // A number never claimed is told by one stat of its name, the path made in one piece
    // (a statement asks about the orders of thousands of invoices).
    const fs::path claim = fmt::format("{}/numbers/{}/{}/{}", share_.private_dir().native(), kind, year, number);
    if (!fsio::exists(claim)) return std::nullopt;
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

namespace {
// What a command may keep for taking its changes back; past it, it keeps none (and a
// failure leaves what was done, as before there was any taking back).
constexpr std::size_t undo_budget = 64u << 20;
}  // namespace

Snapshot ShareStore::read(const RecordRef& record) const {
    const Place p = place_of(share_, *this, record);
    Snapshot snap;
    switch (p.use) {
        case Use::shared: return shared(record).read();
        case Use::required: snap.content = fsio::read_file(p.file); break;
        case Use::expected: snap.content = fsio::read_file_if_exists(p.file, true); break;
        case Use::optional: snap.content = fsio::read_file_if_exists(p.file); break;
    }
    return snap;
}

bool ShareStore::exists(const RecordRef& record) const { return fsio::exists(path_of(record)); }

std::optional<std::uintmax_t> ShareStore::size(const RecordRef& record) const {
    std::error_code ec;
    const std::uintmax_t bytes = fs::file_size(path_of(record), ec);
    if (ec) return std::nullopt;
    return bytes;
}

std::int64_t ShareStore::change(const RecordRef& record, const RecordChange& change) { return change_with(record, change, {}); }

std::int64_t ShareStore::change_with(const RecordRef& record, const RecordChange& change, const Committed& after_commit) {
    const Place p = place_of(share_, *this, record);
    const fs::path folder = p.file.parent_path();
    const bool new_folder = p.own_folder && !fsio::exists(folder);
    if (p.makes_folder) fsio::make_dirs(folder);
    SharedFile file = shared(record);
    SharedFile::Replaced replaced;
    // Past the budget nothing is kept for taking back (remember): then not even read.
    replaced.keep_limit = undo_off_ ? 0 : undo_budget - std::min(undo_budget, undo_bytes_);
    try {
        // A hand edit this change was based on is journaled with what it changed.
        const std::int64_t generation = file.update(change, replaced, [&](const Snapshot& taken, std::int64_t committed) {
            if (!taken.hand_edit) return;
            Event e;
            e.kind = hand_edit_kind;
            e.object = "record:" + name(record);
            e.data = hand_edit_row(*taken.hand_edit, name(record), committed);
            journal_.append(e);
        }, after_commit);
        if (replaced.generation != 0) {
            const std::size_t bytes =
                replaced.file_before.value_or("").size() + replaced.pruned_version.value_or("").size() + replaced.unkept;
            remember(
                [file, replaced, folder, new_folder]() mutable {
                    if (!file.take_back(replaced) || !new_folder) return;
                    std::error_code ec;
                    fs::remove(folder, ec);  // only if empty
                },
                bytes);
        }
        return generation;
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
    if (!fsio::create_exclusive(file, note + "\n")) return false;
    remember([file] { fsio::remove_file(file); });
    return true;
}

namespace {

constexpr std::string_view key_group_extension = ".keys";

bool valid_group(const std::string& group) {
    return !group.empty() && group.size() <= 64 && std::all_of(group.begin(), group.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
           });
}

// The names of the keys a group file holds: the first word of each line.
std::unordered_set<std::string_view> group_names(std::string_view text) {
    std::unordered_set<std::string_view> out;
    while (!text.empty()) {
        const std::size_t eol = std::min(text.find('\n'), text.size());
        const std::string_view line = text.substr(0, eol);
        if (!line.empty()) out.insert(line.substr(0, line.find(' ')));
        text.remove_prefix(std::min(eol + 1, text.size()));
    }
    return out;
}

// `text` without the line of key `name`; nullopt if it has none.
std::optional<std::string> without_key(std::string_view text, std::string_view name) {
    std::string out;
    bool found = false;
    while (!text.empty()) {
        const std::size_t eol = std::min(text.find('\n'), text.size());
        const std::string_view line = text.substr(0, std::min(eol + 1, text.size()));
        if (line.substr(0, line.find_first_of(" \n")) == name) found = true;
        else out += line;
        text.remove_prefix(line.size());
    }
    if (!found) return std::nullopt;
    return out;
}

}  // namespace

fs::path ShareStore::key_groups_dir(const std::string& kind) const { return share_.private_dir() / "key-groups" / kind; }

std::vector<fs::path> ShareStore::key_groups(const std::string& kind) const {
    std::vector<fs::path> out;
    const fs::path dir = key_groups_dir(kind);
    for (const auto& name : fsio::list_dir(dir))
        if (name.size() > key_group_extension.size() && name.ends_with(key_group_extension)) out.push_back(dir / name);
    std::sort(out.begin(), out.end());
    return out;
}

void ShareStore::change_key_group(const fs::path& file, const RecordChange& change) {
    SharedFile shared = shared_file(share_, me_, file);
    SharedFile::Replaced replaced;
    shared.update(change, replaced);
    if (replaced.generation == 0) return;
    const std::size_t bytes = replaced.file_before.value_or("").size() + replaced.pruned_version.value_or("").size();
    remember([shared, replaced]() mutable { shared.take_back(replaced); }, bytes);
}

std::vector<bool> ShareStore::keep_keys(const std::string& kind, const std::vector<KeyToKeep>& keys) {
    std::vector<bool> kept(keys.size(), false);
    if (keys.empty()) return kept;
    std::map<std::string, std::vector<std::size_t>> groups;  // group → its keys, in the order given
    std::vector<std::string> names(keys.size());             // as keep_key names their files
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (!valid_group(keys[i].group))
            throw Error(Errc::state, fmt::format("key group '{}' is not a name of letters, digits, '-' and '_'", keys[i].group));
        groups[keys[i].group].push_back(i);
        names[i] = kind == "survey" ? key_file(kind, keys[i].key).filename().string() : key_name(kind, keys[i].key);
    }
    // The keys kept one by one (keep_key, and every key an older gefest kept), listed once.
    std::unordered_set<std::string> single;
    for (auto& name : fsio::list_dir(share_.keys_of(kind))) single.insert(std::move(name));
    const fs::path dir = key_groups_dir(kind);
    fsio::make_dirs(dir);
    for (const auto& entry : groups) {
        const auto& group = entry.first;  // not structured bindings: clang 14 cannot capture them
        const auto& members = entry.second;
        change_key_group(dir / (group + std::string(key_group_extension)), [&](const Snapshot& snap) -> std::optional<std::string> {
            // Computes only (it may run again on a fresher copy).
            const std::string_view before = snap.content ? std::string_view(*snap.content) : std::string_view();
            std::unordered_set<std::string_view> have = group_names(before);
            std::string after(before);
            bool any = false;
            for (std::size_t i : members) {
                kept[i] = !single.count(names[i]) && have.insert(names[i]).second;
                if (!kept[i]) continue;
                std::string note = keys[i].note;
                std::replace_if(note.begin(), note.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
                after += names[i] + ' ' + note + '\n';
                any = true;
            }
            if (!any) return std::nullopt;
            return after;
        });
    }
    return kept;
}

bool ShareStore::has_key(const std::string& kind, const std::string& key) const {
    const fs::path file = key_file(kind, key);
    if (fsio::exists(file)) return true;
    const std::string name = file.filename().string();
    for (const auto& group : key_groups(kind)) {
        const Snapshot snap = shared_file(share_, me_, group).read();
        if (snap.content && group_names(*snap.content).count(name)) return true;
    }
    return false;
}

void ShareStore::rewrite_key(const std::string& kind, const std::string& key, const std::string& note) {
    const fs::path file = key_file(kind, key);
    fsio::make_dirs(file.parent_path());
    auto before = fsio::read_file_if_exists(file);
    fsio::write_atomic(file, note + "\n");
    remember([file, before] { before ? fsio::write_atomic(file, *before) : fsio::remove_file(file); }, before.value_or("").size());
}

void ShareStore::forget_key(const std::string& kind, const std::string& key) {
    const fs::path file = key_file(kind, key);
    auto before = fsio::read_file_if_exists(file);
    fsio::remove_file(file);
    if (before) remember([file, before] { fsio::create_exclusive(file, *before); }, before->size());
    const std::string name = file.filename().string();
    for (const auto& group : key_groups(kind))
        change_key_group(group, [&](const Snapshot& snap) -> std::optional<std::string> {
            return snap.content ? without_key(*snap.content, name) : std::nullopt;
        });
}

// --- events, documents, writing ----------------------------------------------------------------------

void ShareStore::append_event(Event& event) {
    Journal::Appended appended;
    journal_.append(event, appended);
    remember([journal = journal_, appended] { journal.take_back(appended); });
}

void ShareStore::append_events(std::vector<Event>& events) {
    std::vector<Journal::Appended> appended;
    try {
        journal_.append_all(events, appended);
    } catch (...) {
        for (const auto& a : appended) remember([journal = journal_, a] { journal.take_back(a); });
        throw;
    }
    for (const auto& a : appended) remember([journal = journal_, a] { journal.take_back(a); });
}

void ShareStore::for_each_event(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                                const JournalFilter& filter) const {
    journal_.for_each(from, to, visit, nullptr, filter);
}

fs::path ShareStore::documents_folder(const RecordRef& order) const { return order_folder(share_, *this, order.year, order.number); }

// --- a command that fails -----------------------------------------------------------------------

void ShareStore::remember(std::function<void()> undo, std::size_t bytes) {
    if (undo_off_) return;
    undo_bytes_ += bytes;
    if (undo_bytes_ > undo_budget) {
        undo_off_ = true;
        undo_.clear();
        return;
    }
    undo_.push_back(std::move(undo));
}

void ShareStore::take_back_changes() noexcept {
    std::vector<std::function<void()>> undo;
    undo.swap(undo_);
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
        try {
            (*it)();
        } catch (...) {
            // Left as a crash at this point would leave it; gefest check explains it.
        }
    }
}

void ShareStore::created_document(const fs::path& file) {
    remember([file] { fsio::remove_file(file); });
}

// Beside the orders' folder: Отдел продаж/Обращения/<year>/<number>/.
fs::path ShareStore::inquiry_folder(int year, std::int64_t number) const {
    return share_.at(share_.settings().orders).parent_path() / "Обращения" / std::to_string(year) / std::to_string(number);
}

std::vector<fs::path> ShareStore::copy_documents(const fs::path& from, const fs::path& to) {
    std::vector<fs::path> out;
    if (!fsio::exists(from)) return out;
    auto names = fsio::list_dir(from);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        if (name.empty() || name[0] == '.' || name[0] == '~') continue;
        std::error_code ec;
        if (!fs::is_regular_file(from / name, ec)) continue;
        out.push_back(add_document(to, name, fsio::read_file(from / name)));
    }
    return out;
}

fs::path ShareStore::add_document(const fs::path& folder, const std::string& name, std::string_view content) {
    fsio::make_dirs(folder);
    const fs::path base(name);
    const std::string stem = base.stem().string(), ext = base.extension().string();
    for (int n = 1;; ++n) {
        fs::path file = folder / (n == 1 ? name : fmt::format("{} ({}){}", stem, n, ext));
        if (fsio::create_exclusive(file, content)) {
            created_document(file);
            return file;
        }
        if (n >= 1000) throw Error(Errc::io, fmt::format(fmt::runtime(tr("cannot add '{}' to '{}': too many files of that name")), name, folder.string()));
    }
}

void ShareStore::require_writable() const { require_writable_mount(share_.root()); }

}  // namespace gefest
