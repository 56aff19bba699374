// ShareStore (store/share_store.h): the change notes of .gefest/notes/<log> — for each
// log a journal of its own (store/journal.h), one segment per writer and month, of rows
// of kind "note" whose object is the key; read after marks, pruned once read.
#include "store/share_store.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

Journal ShareStore::notes(const std::string& log) const {
    if (log.empty() || !std::all_of(log.begin(), log.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
        throw std::logic_error("bad notes name '" + log + "'");  // a caller's mistake
    return Journal(share_.private_dir() / "notes" / log, share_.settings().share_id + "|notes/" + log, me_);
}

void ShareStore::append_notes(const std::string& log, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    std::vector<Event> rows(keys.size());
    for (std::size_t n = 0; n < keys.size(); ++n) {
        rows[n].kind = "note";
        rows[n].object = keys[n];
    }
    std::vector<Journal::Appended> appended;
    Journal journal = notes(log);
    try {
        journal.append_all(rows, appended);
    } catch (...) {
        for (const auto& a : appended) remember([journal, a] { journal.take_back(a); });
        throw;
    }
    for (const auto& a : appended) remember([journal, a] { journal.take_back(a); });
}

Journal::After ShareStore::for_each_note_after(const std::string& log, Journal::Marks& marks,
                                               const std::function<void(const std::string& key)>& visit) const {
    return notes(log).for_each_after(marks, [&](const Event& e) { visit(e.object); });
}

void ShareStore::prune_notes(const std::string& log, const std::string& month, Journal::Marks& marks) {
    const Journal journal = notes(log);
    const fs::path root = share_.private_dir() / "notes" / log;
    for (const auto& m : journal.months()) {
        if (m >= month) break;
        bool all_read = true;
        for (const auto& name : fsio::list_dir(root / m)) {
            const std::string key = m + "/" + name;
            std::error_code ec;
            const auto size = fs::file_size(root / m / name, ec);
            auto it = marks.find(key);
            if (ec || it == marks.end() || it->second.offset != size) {
                all_read = false;
                continue;
            }
            fsio::remove_file(root / m / name);
            marks.erase(it);
        }
        if (all_read) {
            std::error_code ec;
            fs::remove(root / m, ec);  // empty now; a segment made meanwhile keeps it
        }
    }
}

}  // namespace gefest
