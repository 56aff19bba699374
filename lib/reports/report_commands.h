// The subcommands of `gefest report` as library functions on a Session, one per
// subcommand: what a report covers (the period of --month/--from/--to, the moment of
// --as-of), what it reads besides the journal (the client base's advertising sources,
// the staff's names, whose steps `todo` shows) and where `-o NAME` goes. The front end
// only declares the options, calls one of these and renders the result
// (lib/render/report_render.h). The options are read (report_period, report_as_of)
// before the share is opened, so a mistyped option is a usage error even where no share
// is set. Nothing here writes but report_target, which makes the reports folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "reports/report.h"
#include "store/session.h"

namespace gefest {

/// The period options of a report as given: --month YYYY-MM, or --from/--to (dates
/// YYYY-MM-DD or DD.MM.YYYY, either may be left out). All empty: this month.
struct ReportPeriodOptions {
    std::string month, from, to;
};

/// The whole days a report covers.
struct ReportPeriod {
    Date from, to;
};

/// --month (its first to its last day), or --from/--to (--to alone: from the first of
/// its month; --from alone: up to today), else this month (now(), so GEFEST_NOW fixes
/// it). Error(usage) for --month with --from/--to, a month that is not YYYY-MM or a day
/// that is not a date. A period that ends before it starts is refused by
/// build_requests_report.
ReportPeriod report_period(const ReportPeriodOptions& options);

/// --as-of: "" is now(); a bare date is the end of that day (everything recorded on it
/// counts); a date and time is that moment. Error(usage) for anything else.
DateTime report_as_of(const std::string& text);

/// Form 02-006-01 of `period` (report requests, and the sources and funnel reports,
/// which are its totals): build_requests_report over the session's journal, the
/// advertising source of a client whose inquiry is older than the period taken from
/// База клиентов.csv. `detail`: which rows it keeps (RequestsDetail::streamed: the
/// rows are read again as each_row is called, while the session lives). Throws what
/// load_clients and build_requests_report throw (Error(usage) for a period that ends
/// before it starts).
RequestsReport requests_report(Session& session, const ReportPeriod& period, RequestsDetail detail = RequestsDetail::rows);

/// The managers report: form 02-006-01 of the period and the staff's names.
struct ManagersReport {
    RequestsReport report;
    NameOf name_of;  ///< login → name from Сотрудники.toml (gone members too); "" if unknown
};
/// The managers report of `period` (its totals: no rows). Throws what requests_report and Session::staff throw.
ManagersReport managers_report(Session& session, const ReportPeriod& period);

/// Process control (5.2.9) or one person's open steps.
struct ControlReport {
    DateTime as_of;
    std::string login;  ///< whose steps (report todo); "" : everybody's (report control)
    std::vector<ControlRow> rows;
};

/// Every open step as of `as_of`, the invoices to watch (invoice_watch_rows) among them,
/// from the derived open work (open_work_now) with the session's matrix and staff: what
/// build_control_report gives. Error(data) FILE:LINE for a damaged journal row.
ControlReport control_report(Session& session, const DateTime& as_of);

/// The open steps `user` owes or is informed of as of `as_of` (todo_of); `user` empty:
/// the session's actor. Error(state) for a member no longer active, Error(not_found) for
/// a login not in the staff list; Session::actor's errors; then what control_report throws.
ControlReport todo_report(Session& session, const std::string& user, const DateTime& as_of);

/// Where `-o output` writes a report: a bare file name ("2026-11.xlsx") goes into the
/// share's reports folder (settings.reports), which is made if missing, after
/// Session::writing (so a FUSE mount or a refused actor writes nothing); a path with a
/// folder is taken as given. `output` names a file (the front end writes "-" to
/// standard output itself). Throws what Session::writing and fsio::make_dirs throw.
std::filesystem::path report_target(Session& session, const std::string& output);

}  // namespace gefest
