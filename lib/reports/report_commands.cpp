#include "reports/report_commands.h"

#include <map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/clients.h"
#include "reports/open_work.h"
#include "store/fsio.h"

namespace gefest {

namespace {

Date month_start(const std::string& month) {
    Date d;
    if (month.size() != 7 || month[4] != '-' || !Date::try_parse(month + "-01", d))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--month must be YYYY-MM, not '{}'")), month));
    return d;
}

Date month_end(const Date& start) {
    Date next = start.month == 12 ? Date{start.year + 1, 1, 1} : Date{start.year, start.month + 1, 1};
    return next.plus_days(-1);
}

Date parse_day(const std::string& text, const char* option) {
    Date d;
    if (!Date::try_parse(text, d))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("{} must be a date YYYY-MM-DD or DD.MM.YYYY, not '{}'")), option, text));
    return d;
}

// The advertising source of every client in База клиентов.csv: for an order whose
// client's inquiry is older than the period.
// And the clients merged away, each to the client kept in the end.
ClientSources client_sources(Session& session, ClientMerges& merges) {
    ClientSources out;
    const ClientBase base = load_clients(session.share(), session.me());  // kept alive: clients() is a reference into it
    for (const auto& c : base.clients()) {
        out[c.id] = c.source;
        // Merge notes are joined, so the client kept in the end names every id it absorbed.
        for (std::int64_t gone : merged_ids(c))
            if (!base.by_id(gone)) merges[gone] = {c.id, c.name};
    }
    return out;
}

}  // namespace

ReportPeriod report_period(const ReportPeriodOptions& o) {
    if (!o.month.empty() && (!o.from.empty() || !o.to.empty()))
        throw Error(Errc::usage, tr("give either --month or --from/--to, not both"));
    if (!o.from.empty() || !o.to.empty()) {
        Date to = o.to.empty() ? now().date : parse_day(o.to, "--to");
        Date from = o.from.empty() ? Date{to.year, to.month, 1} : parse_day(o.from, "--from");
        return {from, to};
    }
    Date start = o.month.empty() ? Date{now().date.year, now().date.month, 1} : month_start(o.month);
    return {start, month_end(start)};
}

DateTime report_as_of(const std::string& text) {
    if (text.empty()) return now();
    DateTime t;
    if (!DateTime::try_parse(text, t))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--as-of must be a date or date and time, not '{}'")), text));
    if (text.size() <= 10) t = DateTime{t.date, 23, 59, 59};  // a bare date: the end of that day
    return t;
}

RequestsReport requests_report(Session& session, const ReportPeriod& period, RequestsDetail detail) {
    ClientMerges merges;
    const ClientSources sources = client_sources(session, merges);
    return build_requests_report(session.journal(), period.from, period.to, sources, merges, detail, &session.store());
}

ManagersReport managers_report(Session& session, const ReportPeriod& period) {
    ManagersReport out;
    out.report = requests_report(session, period, RequestsDetail::totals);
    std::map<std::string, std::string> names;
    for (const auto& m : session.staff().members) names.emplace(m.login, m.name);  // the first of a login, as before
    out.name_of = [names = std::move(names)](const std::string& login) {
        auto it = names.find(login);
        return it == names.end() ? std::string() : it->second;
    };
    return out;
}

ControlReport control_report(Session& session, const DateTime& as_of) {
    ControlReport out;
    out.as_of = as_of;
    out.rows = control_rows(open_work_now(session, as_of), as_of, session.process(), session.staff());
    return out;
}

ControlReport todo_report(Session& session, const std::string& user, const DateTime& as_of) {
    const StaffMember* who = user.empty() ? &session.actor() : session.staff().find(user);
    if (!who && session.staff().find_listed(user))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is no longer active in the staff list (active = false)")), user));
    if (!who) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no active staff member '{}'")), user));
    const StaffMember member = *who;  // a copy: the staff list is the session's
    ControlReport out;
    out.as_of = as_of;
    out.login = member.login;
    // The work of this member's rows: a current state's sections of them only.
    out.rows = todo_of(control_rows(open_work_now(session, as_of, &member), as_of, session.process(), session.staff()), member);
    return out;
}

std::filesystem::path report_target(Session& session, const std::string& output) {
    std::filesystem::path target = output;
    if (target.has_parent_path()) return target;
    session.writing();
    target = session.share().at(session.settings().reports) / target;
    fsio::make_dirs(target.parent_path());
    return target;
}

}  // namespace gefest
