// Merging two records of one client (`gefest client merge`): the older id is kept, the
// other's values fill its gaps, and a note «Объединен с №N» in the kept client's
// «Примечание» remembers the gone id, so orders and calls that name it still resolve
// (resolve_client).
#include "procedure/clients.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/clients_internal.h"

namespace gefest {

using namespace clients_detail;

namespace {

constexpr std::string_view merge_marker = "бъединен с №";  // "Объединен с №7", "объединен с №7"

// `kept` with the values of `gone` it lacks, and the merge note of `date`.
Client merged(Client kept, Client gone, const std::string& date) {
    for (const auto& p : gone.phones)
        if (std::find(kept.phones.begin(), kept.phones.end(), p) == kept.phones.end()) kept.phones.push_back(p);
    auto emails = kept.emails();
    for (const auto& e : gone.emails())
        if (std::find(emails.begin(), emails.end(), e) == emails.end()) emails.push_back(e);
    kept.email = fmt::format("{}", fmt::join(emails, ", "));
    for (std::string_view key : {"form", "inn", "kpp", "ogrn", "city", "address", "contact", "manager", "source"}) {
        std::string* k = text_field(kept, key);
        if (k->empty()) *k = *text_field(gone, key);
    }
    if (!gone.added.empty() && (kept.added.empty() || gone.added < kept.added)) kept.added = gone.added;
    std::vector<std::string> notes;
    if (!kept.notes.empty()) notes.push_back(kept.notes);
    if (!gone.notes.empty()) notes.push_back(gone.notes);
    notes.push_back(merge_note(gone, date));
    kept.notes = fmt::format("{}", fmt::join(notes, "\n"));
    for (std::size_t i = 0; i < kept.extra.size() && i < gone.extra.size(); ++i)
        if (kept.extra[i].empty()) kept.extra[i] = gone.extra[i];
    return kept;
}

}  // namespace

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

MergeResult merge_clients(Store& store, std::int64_t keep_id, std::int64_t gone_id, const std::string& date,
                          std::vector<ExcelRepair>* repaired) {
    MergeResult result;
    std::vector<ExcelRepair> repairs;
    change_register(store, [&](ClientBase& base) -> std::optional<ClientBase> {
        repairs = base.repairs();
        if (keep_id == gone_id) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("cannot merge client {} with itself")), keep_id));
        const Client& a = require_client(base, keep_id);
        const Client& b = require_client(base, gone_id);
        if (a.id == b.id)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("clients {} and {} are already one client ({})")), keep_id, gone_id, a.id));
        const Client kept_before = a.id < b.id ? a : b;  // a and b point into `base`, changed below
        const Client gone = a.id < b.id ? b : a;
        if (!kept_before.inn.empty() && !gone.inn.empty() && kept_before.inn != gone.inn)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("clients {} and {} have different ИНН ({} and {}): they are different organisations")),
                                                 kept_before.id, gone.id, kept_before.inn, gone.inn));
        Client kept = merged(kept_before, gone, date);
        validate_client(kept);
        base.remove(gone.id);
        base.update(kept);
        result = {kept, gone, kept_before};
        return std::move(base);
    });
    if (repaired) repaired->insert(repaired->end(), repairs.begin(), repairs.end());
    return result;
}

}  // namespace gefest
