// gefest check: every record gefest owns parsed, and the store's own checks (the mount,
// the journal, numbering, locks, temporaries) run, with repair what is derived rebuilt;
// one Checker collects the problems (procedure/check.h).
#include "procedure/check.h"

#include "procedure/clients.h"
#include "procedure/order.h"
#include "procedure/invoice.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/progress.h"
#include "formats/registers.h"
#include "store/staff.h"

namespace gefest {

bool CheckReport::failed() const {
    return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}

namespace {

// A cell ClientBase::parse restored: a warning, since commands read it right already.
std::string repair_note(const ExcelRepair& r) {
    std::string column = r.key;
    for (const auto& f : client_fields())
        if (f.key == r.key) column = f.column;
    return fmt::format(fmt::runtime(tr("{} '{}' read as '{}': Excel dropped its leading zero; the next change of the client base writes it back")),
                       column, r.from, r.to);
}

// The storage checks come from the store (StoreCheck); the records' own checks are here.
class Checker {
public:
    Checker(Store& store, bool repair, const Settings* settings) : store_(store), repair_(repair), settings_(settings) {}

    CheckReport run() {
        // How far the check has got, in its stages (a big share takes a while).
        const std::size_t stages = 10;
        auto stage = [&](std::size_t n) { progress(tr("checking the share"), n, stages); };
        stage(0);
        store_.check_access(report_);
        std::optional<Process> process = check_process();
        std::optional<Staff> staff = check_staff(process);
        stage(1);
        check_clients(process, staff);
        stage(2);
        check_register(Record::catalog, registers::catalog_columns());
        check_register(Record::stock, registers::stock_columns());
        stage(3);
        check_kept_registers();
        stage(4);
        store_.check_events(repair_, report_);
        stage(5);
        store_.check_numbers(repair_, report_);
        stage(6);
        check_issued_numbers(store_, repair_, report_);
        // First what is derived from the orders, so that a repaired index is what
        // check_orders then reads.
        if (settings_) check_order_registers(store_, *settings_, repair_, report_);
        stage(7);
        for (auto& p : check_orders(store_, settings_ ? *settings_ : Settings{})) report_.problems.push_back(std::move(p));
        stage(8);
        store_.check_leftovers(repair_, report_);
        stage(stages);
        return std::move(report_);
    }

private:
    void problem(const std::string& file, int line, std::string message, bool warning = false) {
        report_.problems.push_back({file, line, std::move(message), warning});
    }
    void problem(const Error& e) { problem(e.file(), e.line(), e.what()); }

    std::optional<Process> check_process() {
        const RecordRef matrix{Record::process};
        try {
            return parse_process(store_.read(matrix).content.value_or(""), store_.where(matrix));
        } catch (const Error& e) {
            problem(e);
            return std::nullopt;
        }
    }

    std::optional<Staff> check_staff(const std::optional<Process>& process) {
        if (!process) return std::nullopt;
        const RecordRef staff_list{Record::staff};
        const std::string file = store_.where(staff_list);
        try {
            auto text = store_.check_record(staff_list, repair_, report_);
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
        const RecordRef clients{Record::clients};
        const std::string file = store_.where(clients);
        try {
            auto text = store_.check_record(clients, repair_, report_);
            if (!text) return problem(file, 0, tr("is missing"));
            ClientBase base = ClientBase::parse(*text, file);
            for (const auto& r : base.repairs()) problem(file, r.line, repair_note(r), true);
            // Its index (ClientLookup): made again with repair; a damaged one named.
            auto rows = [&file](const Snapshot& snap, const IndexEmit& emit) {
                client_index_rows(snap.content ? ClientBase::parse(*snap.content, file) : ClientBase(), emit);
            };
            store_.check_index(clients, rows, repair_, report_);
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

    void check_register(Record record, const std::vector<std::string>& columns) {
        const std::string file = store_.where({record});
        try {
            auto text = store_.check_record({record}, repair_, report_);
            if (!text) return problem(file, 0, tr("is missing"));
            csv::Table t = csv::parse(*text, file);
            for (const auto& c : columns)
                if (t.column(c) < 0) problem(file, 1, fmt::format(fmt::runtime(tr("column '{}' is missing")), c));
        } catch (const Error& e) {
            problem(e);
        }
    }

    // The registers gefest keeps (their rows go only through gefest): a hand edit of one that
    // lost rows or was saved over a newer version is reported (store/hand_edit.h).
    void check_kept_registers() {
        std::vector<RecordRef> records{{Record::reservations}, {Record::stock_queue}, {Record::payments}};
        for (int year : store_.number_years("order")) records.push_back({Record::order_index, year});
        for (int year : store_.number_years("invoice")) records.push_back({Record::invoices, year});
        for (int year : store_.number_years("claim")) records.push_back({Record::claims, year});
        for (const auto& r : records) {
            try {
                if (!store_.exists(r)) continue;
                store_.check_record(r, repair_, report_);
                // The invoices' look-up index (load_invoice): made again with repair; a damaged one named.
                if (r.record == Record::invoices) store_.check_index(r, invoice_register_rows(store_.where(r), r.year), repair_, report_);
            } catch (const Error& e) {
                problem(e);
            }
        }
    }

    Store& store_;
    bool repair_;
    const Settings* settings_;
    CheckReport report_;
};

}  // namespace

CheckReport check_share(Store& store, bool repair, const Settings* settings) { return Checker(store, repair, settings).run(); }

CheckReport check_share(Session& session, const CheckOptions& options) {
    if (options.repair) session.writing();
    return check_share(session.store(), options.repair, &session.settings());
}

}  // namespace gefest
