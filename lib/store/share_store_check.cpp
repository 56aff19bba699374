// ShareStore (store/share_store.h): gefest check of the share's files — the mount, the
// human-facing copies against their committed versions, the journal's torn tails, the
// numbering, the locks and temporaries of dead processes — and gefest init's part, the
// folders and first files of a new share.
#include "store/share_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"
#include "store/lock.h"
#include "store/mount.h"

namespace gefest {

namespace fs = std::filesystem;

// --- gefest check ----------------------------------------------------------------------------------

void ShareStore::check_access(StoreCheck& out) const {
    MountInfo m = mount_of(share_.root());
    if (m.fuse)
        out.problems.push_back(
            {share_.root().string(), 0, fmt::format(fmt::runtime(tr("mounted through FUSE ({}): gefest refuses to write here; use mount.cifs")), m.fstype)});
    auto missing = missing_cifs_options(m);
    if (!missing.empty()) {
        out.problems.push_back(
            {m.mount_point, 0,
             fmt::format(fmt::runtime(tr("CIFS mount lacks {}: correct, but other PCs may see changes seconds late")), fmt::join(missing, ",")), true});
    }
}

// The human-facing file, re-made from its last committed version when it is gone or is a
// stale copy (a writer killed between its version and its rename); a hand edit that is
// refused (rows lost, a conflicting save-over) reported, or with repair put beside the
// file and the last version restored; one that the next change takes, said.
std::optional<std::string> ShareStore::check_record(const RecordRef& record, bool repair, StoreCheck& out) {
    SharedFile f = shared(record);
    Snapshot snap;
    try {
        snap = f.examine();
    } catch (const Error& e) {
        out.problems.push_back({f.file().string(), 0, e.what()});  // it keeps being written
        return std::nullopt;
    }
    if (!snap.content) return std::nullopt;
    const std::string file = f.file().string();
    if (snap.hand_edit && snap.hand_edit->refused()) {
        if (!repair) {
            out.problems.push_back({file, 0, refusal_message(*snap.hand_edit, file)});
            return snap.content;
        }
        const auto beside = f.set_aside();
        if (!beside.empty())
            out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: a refused hand edit put beside as '{}'; restored from its last committed version")), file,
                                               beside.filename().string()));
        return f.examine().content;
    }
    if (snap.hand_edited && snap.hand_edit) {
        const HandEdit& h = *snap.hand_edit;
        const std::size_t rows = h.changed.empty() ? h.lines_added.size() + h.lines_removed.size() : h.changed.size();
        out.problems.push_back(
            {file, 0,
             h.save_over()
                 ? fmt::format(fmt::runtime(tr("a copy of version {} was saved over version {}; its changes ({} cells) do not overlap gefest's and are merged and journaled by the next change")),
                               h.base, h.latest, rows)
                 : fmt::format(fmt::runtime(tr("a hand edit ({} changes) not yet taken: the next change takes and journals it")), rows),
             true});
        return snap.content;
    }
    auto on_disk = fsio::read_file_if_exists(f.file());
    if (snap.generation > 0 && !snap.hand_edited && on_disk != snap.content) {
        if (repair) {
            fsio::write_atomic(f.file(), *snap.content);
            out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: restored from its last committed version")), f.file().string()));
        } else {
            out.problems.push_back(
                {f.file().string(), 0, tr("differs from its last committed version (a writer was interrupted); 'gefest check --repair' restores it")});
        }
    }
    return snap.content;
}

void ShareStore::check_events(bool repair, StoreCheck& out) {
    std::vector<TornTail> torn;
    try {
        journal_.for_each("0000-00", "9999-99", [](const Event&) {}, &torn);
    } catch (const Error& e) {
        out.problems.push_back({e.file(), e.line(), e.what()});
    }
    for (const auto& t : torn) {
        if (repair && journal_.repair(t.segment)) {
            out.repaired.push_back(fmt::format(fmt::runtime(tr("{}:{}: cut off a torn last row")), t.segment.string(), t.line));
            continue;
        }
        out.problems.push_back(
            {t.segment.string(), t.line,
             tr("torn last row (a writer was killed mid-write; it was never acknowledged): its owner's next write, or 'gefest check --repair' on that PC, cuts it off")});
    }
}

void ShareStore::check_numbers(bool repair, StoreCheck& out) {
    const fs::path root = share_.private_dir() / "numbers";
    for (const auto& kind : fsio::list_dir(root)) {
        for (const auto& year : fsio::list_dir(root / kind)) {
            const fs::path dir = root / kind / year;
            auto numbers = gefest::claimed_numbers(dir);
            std::int64_t expected = 1;
            for (auto n : numbers) {
                if (n > expected)
                    out.problems.push_back(
                        {dir.string(), 0,
                         fmt::format(fmt::runtime(tr("numbers {}–{} of '{}' {} were never claimed (a hole: claims were removed by hand?)")), expected,
                                     n - 1, kind, year)});
                expected = n + 1;
            }
            if (repair && !numbers.empty()) {
                fsio::write_atomic(dir / "next", std::to_string(numbers.back() + 1) + "\n");
            }
        }
    }
}

namespace {

// A temporary of a killed writer: reported, or removed when repairing, once an hour old.
void check_temporary(const fs::path& p, std::int64_t server_time, bool repair, StoreCheck& out) {
    auto mt = fsio::mtime_of(p);
    if (!mt || server_time - *mt <= 3600) return;
    if (repair) {
        fsio::remove_file(p);
        out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: removed a temporary file left by a killed writer")), p.string()));
    } else {
        out.problems.push_back({p.string(), 0, tr("temporary file left by a killed writer; 'gefest check --repair' removes it")});
    }
}

// A lock of a dead process: reported (the next writer breaks it), or removed when repairing.
void check_lock(const fs::path& p, const Identity& me, std::int64_t server_time, bool repair, StoreCheck& out) {
    auto text = fsio::read_file_if_exists(p);
    LockOwner owner;
    if (!text || !parse_lock_owner(*text, owner)) return;
    bool dead = (owner.who.host == me.host && owner.who.boot_id == me.boot_id) ? !owner.who.alive_locally() : server_time > owner.lease_until;
    if (!dead) return;
    if (repair) {
        fsio::remove_file(p);
        out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: removed the lock of a process that is gone ({})")), p.string(), describe_owner(owner)));
    } else {
        out.problems.push_back(
            {p.string(), 0, fmt::format(fmt::runtime(tr("lock left by a process that is gone ({}); the next writer breaks it")), describe_owner(owner)), true});
    }
}

}  // namespace

void ShareStore::check_leftovers(bool repair, StoreCheck& out) {
    const std::int64_t server_time = fsio::server_now(share_.private_dir());
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(share_.root(), fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        const std::string name = p.filename().string();
        if (name.rfind("~gefest-", 0) == 0) check_temporary(p, server_time, repair, out);
        else if (name == "lock" && p.string().find("/.gefest/state/") != std::string::npos) check_lock(p, me_, server_time, repair, out);
    }
}

// --- gefest init ----------------------------------------------------------------------------------

bool ShareStore::is_share(const fs::path& dir) { return fsio::exists(dir / "gefest.toml"); }

void ShareStore::make_folders() const {
    const Settings& s = share_.settings();
    fsio::make_dirs(share_.root());
    for (const auto& folder : {s.reports, s.journal, s.orders, s.claims, s.templates, s.outbox, s.planning, s.statements,
                               fs::path(s.catalog).parent_path().string(), fs::path(s.clients).parent_path().string()})
        fsio::make_dirs(share_.at(folder));
    fsio::make_dirs(share_.private_dir() / "tmp");
}

void ShareStore::seed(const RecordRef& record, const std::string& content) const {
    const fs::path file = path_of(record);
    if (!fsio::exists(file)) fsio::write_atomic(file, content);
}

fs::path ShareStore::templates_folder() const { return share_.at(share_.settings().templates); }

bool ShareStore::seal(const std::string& settings_text) const { return fsio::create_exclusive(share_.settings_file(), settings_text); }

}  // namespace gefest
