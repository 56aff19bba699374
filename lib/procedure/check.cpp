// gefest check: every file gefest owns parsed, the journal read, numbering, locks,
// temporaries and the mount looked at, and with repair what is derived rebuilt; one
// Checker collects the problems (procedure/check.h).
#include "procedure/check.h"

#include "procedure/clients.h"
#include "procedure/order.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "store/journal.h"
#include "store/lock.h"
#include "store/mount.h"
#include "store/numbers.h"
#include "formats/registers.h"
#include "store/shared_file.h"
#include "store/staff.h"

namespace gefest {

namespace fs = std::filesystem;

bool CheckReport::failed() const {
    return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}

namespace {

class Checker {
public:
    Checker(const Share& share, const Identity& me, bool repair) : share_(share), me_(me), repair_(repair) {}

    CheckReport run() {
        check_mount();
        std::optional<Process> process = check_process();
        std::optional<Staff> staff = check_staff(process);
        check_clients(process, staff);
        check_register(share_.settings().catalog, registers::catalog_columns());
        check_register(share_.settings().stock, registers::stock_columns());
        check_journal();
        check_numbers();
        for (auto& p : check_orders(share_)) report_.problems.push_back(std::move(p));
        check_leftovers();
        return std::move(report_);
    }

private:
    void problem(const std::string& file, int line, std::string message, bool warning = false) {
        report_.problems.push_back({file, line, std::move(message), warning});
    }
    void problem(const Error& e) { problem(e.file(), e.line(), e.what()); }

    SharedFile shared(const std::string& rel) const { return shared_file(share_, me_, share_.at(rel)); }

    // The human-facing file, re-made from its last committed version when it is gone or
    // is a stale copy (a writer killed between its version and its rename).
    std::optional<std::string> read_shared(const std::string& rel) {
        SharedFile f = shared(rel);
        Snapshot snap = f.read();
        if (!snap.content) return std::nullopt;
        auto on_disk = fsio::read_file_if_exists(f.file());
        if (snap.generation > 0 && !snap.hand_edited && on_disk != snap.content) {
            if (repair_) {
                fsio::write_atomic(f.file(), *snap.content);
                report_.repaired.push_back(fmt::format(fmt::runtime(tr("{}: restored from its last committed version")), f.file().string()));
            } else {
                problem(f.file().string(), 0, tr("differs from its last committed version (a writer was interrupted); 'gefest check --repair' restores it"));
            }
        }
        return snap.content;
    }

    void check_mount() {
        MountInfo m = mount_of(share_.root());
        if (m.fuse)
            problem(share_.root().string(), 0, fmt::format(fmt::runtime(tr("mounted through FUSE ({}): gefest refuses to write here; use mount.cifs")), m.fstype));
        auto missing = missing_cifs_options(m);
        if (!missing.empty()) {
            problem(m.mount_point, 0,
                    fmt::format(fmt::runtime(tr("CIFS mount lacks {}: correct, but other PCs may see changes seconds late")), fmt::join(missing, ",")),
                    true);
        }
    }

    std::optional<Process> check_process() {
        const std::string file = share_.at(share_.settings().process).string();
        try {
            return parse_process(fsio::read_file(file), file);
        } catch (const Error& e) {
            problem(e);
            return std::nullopt;
        }
    }

    std::optional<Staff> check_staff(const std::optional<Process>& process) {
        if (!process) return std::nullopt;
        const std::string file = share_.at(share_.settings().staff).string();
        try {
            auto text = read_shared(share_.settings().staff);
            if (!text) {
                problem(file, 0, tr("is missing"));
                return std::nullopt;
            }
            Staff staff = parse_staff(*text, file, *process);
            const std::vector<std::string> owners = process->owner_roles();
            if (staff.with_any_role(owners).empty())
                problem(file, 0, fmt::format(fmt::runtime(tr("nobody owns the process: no active staff member has the role {}")), fmt::join(owners, " or ")));
            return staff;
        } catch (const Error& e) {
            problem(e);
            return std::nullopt;
        }
    }

    // Form 02-006-02: every row valid, and every client's manager a sales manager (one of
    // the roles clients are assigned to).
    void check_clients(const std::optional<Process>& process, const std::optional<Staff>& staff) {
        const std::string file = share_.at(share_.settings().clients).string();
        try {
            auto text = read_shared(share_.settings().clients);
            if (!text) return problem(file, 0, tr("is missing"));
            ClientBase base = ClientBase::parse(*text, file);
            if (!staff) return;
            const auto managers = staff->with_any_role(process->client_manager_roles());
            for (const auto& c : base.clients()) {
                if (c.manager.empty()) continue;
                const StaffMember* m = staff->find(c.manager);
                if (!m || std::find(managers.begin(), managers.end(), m) == managers.end())
                    problem(file, c.line, fmt::format(fmt::runtime(tr("client {} '{}' is assigned to '{}', who is not an active sales manager")),
                                                      c.id, c.name, c.manager));
            }
        } catch (const Error& e) {
            problem(e);
        }
    }

    void check_register(const std::string& rel, const std::vector<std::string>& columns) {
        const std::string file = share_.at(rel).string();
        try {
            auto text = read_shared(rel);
            if (!text) return problem(file, 0, tr("is missing"));
            csv::Table t = csv::parse(*text, file);
            for (const auto& c : columns)
                if (t.column(c) < 0) problem(file, 1, fmt::format(fmt::runtime(tr("column '{}' is missing")), c));
        } catch (const Error& e) {
            problem(e);
        }
    }

    void check_journal() {
        Journal journal(share_.at(share_.settings().journal), share_.settings().share_id, me_);
        std::vector<TornTail> torn;
        try {
            journal.for_each("0000-00", "9999-99", [](const Event&) {}, &torn);
        } catch (const Error& e) {
            problem(e);
        }
        for (const auto& t : torn) {
            if (repair_ && journal.repair(t.segment)) {
                report_.repaired.push_back(fmt::format(fmt::runtime(tr("{}:{}: cut off a torn last row")), t.segment.string(), t.line));
                continue;
            }
            problem(t.segment.string(), t.line,
                    tr("torn last row (a writer was killed mid-write; it was never acknowledged): its owner's next write, or 'gefest check --repair' on that PC, cuts it off"));
        }
    }

    void check_numbers() {
        const fs::path root = share_.private_dir() / "numbers";
        for (const auto& kind : fsio::list_dir(root)) {
            for (const auto& year : fsio::list_dir(root / kind)) {
                const fs::path dir = root / kind / year;
                auto numbers = claimed_numbers(dir);
                std::int64_t expected = 1;
                for (auto n : numbers) {
                    if (n > expected)
                        problem(dir.string(), 0,
                                fmt::format(fmt::runtime(tr("numbers {}–{} of '{}' {} were never claimed (a hole: claims were removed by hand?)")),
                                            expected, n - 1, kind, year));
                    expected = n + 1;
                }
                if (repair_ && !numbers.empty()) {
                    fsio::write_atomic(dir / "next", std::to_string(numbers.back() + 1) + "\n");
                }
            }
        }
    }

    // Locks of dead processes and temporaries of killed writers.
    void check_leftovers() {
        const std::int64_t server_time = fsio::server_now(share_.private_dir());
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(share_.root(), fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            const fs::path& p = it->path();
            const std::string name = p.filename().string();
            if (name.rfind("~gefest-", 0) == 0) {
                auto mt = fsio::mtime_of(p);
                if (mt && server_time - *mt > 3600) {
                    if (repair_) {
                        fsio::remove_file(p);
                        report_.repaired.push_back(fmt::format(fmt::runtime(tr("{}: removed a temporary file left by a killed writer")), p.string()));
                    } else {
                        problem(p.string(), 0, tr("temporary file left by a killed writer; 'gefest check --repair' removes it"));
                    }
                }
            } else if (name == "lock" && p.string().find("/.gefest/state/") != std::string::npos) {
                auto text = fsio::read_file_if_exists(p);
                LockOwner owner;
                if (!text || !parse_lock_owner(*text, owner)) continue;
                bool dead = (owner.who.host == me_.host && owner.who.boot_id == me_.boot_id) ? !owner.who.alive_locally()
                                                                                          : server_time > owner.lease_until;
                if (!dead) continue;
                if (repair_) {
                    fsio::remove_file(p);
                    report_.repaired.push_back(fmt::format(fmt::runtime(tr("{}: removed the lock of a process that is gone ({})")), p.string(), describe_owner(owner)));
                } else {
                    problem(p.string(), 0, fmt::format(fmt::runtime(tr("lock left by a process that is gone ({}); the next writer breaks it")), describe_owner(owner)), true);
                }
            }
        }
    }

    const Share& share_;
    const Identity& me_;
    bool repair_;
    CheckReport report_;
};

}  // namespace

CheckReport check_share(const Share& share, const Identity& me, bool repair) { return Checker(share, me, repair).run(); }

CheckReport check_share(Session& session, const CheckOptions& options) {
    if (options.repair) session.writing();
    return check_share(session.share(), session.me(), options.repair);
}

}  // namespace gefest
