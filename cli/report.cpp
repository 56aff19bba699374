// gefest report requests|sources|managers|funnel|control|todo (form 02-006-01, 5.2.9).
// The reports are data from lib/reports/report.h (one pass over the journal), rendered by
// lib/render/report_render.h; this file resolves the period, the format and where the output
// goes. Every report has its own --format (text|csv|json|xlsx|html), which wins over
// the global one (text|csv|json).
//
// -o FILE: "-" is standard output; a bare file name ("2026-11.xlsx") goes into the
// share's reports folder (settings.reports, «Отчет о заявках и заказах/»); a path with
// a folder is taken as given. The file is written atomically (fsio::write_atomic), so a
// reader or Excel never sees half a report. XLSX is only written to a file.
#include <cstdio>

#include <fmt/format.h>

#include "procedure/clients.h"
#include "commands.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "reports/report.h"
#include "render/report_render.h"

namespace gefest::cli {

namespace {

struct ReportOptions {
    std::string month, from, to, format, output, as_of, user;
};

struct Period {
    Date from, to;
};

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

// --month, or --from/--to, else this month (GEFEST_NOW).
Period period_of(const ReportOptions& o) {
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

std::string extension_of(const std::string& file) {
    auto dot = file.rfind('.');
    return dot == std::string::npos ? "" : file.substr(dot + 1);
}

// The report's format: its own --format, else the extension of -o, else the global one.
std::string format_of(Context& ctx, const ReportOptions& o) {
    if (!o.format.empty()) return o.format;
    const std::string ext = extension_of(o.output);
    for (const auto& f : report_formats())
        if (ext == f && f != "text") return f;
    return ctx.options.format;
}

void emit(Context& ctx, const ReportOptions& o, const Document& doc) {
    const std::string format = format_of(ctx, o);
    if (format == "xlsx" && (o.output.empty() || o.output == "-"))
        throw Error(Errc::usage, tr("an XLSX workbook is not written to the terminal: give -o FILE"));
    // Rendered piece by piece (a year of form 02-006-01 is never one string); a format
    // error comes before the first byte.
    if (o.output.empty() || o.output == "-") {
        std::fflush(stdout);
        render_to(doc, format, [](std::string_view piece) {
            if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size())
                throw Error(Errc::io, tr("unable to write the report to the standard output"));
        });
        return;
    }
    std::filesystem::path target = o.output;
    if (!target.has_parent_path()) {
        ctx.writing();
        target = ctx.share().at(ctx.share().settings().reports) / target;
        fsio::make_dirs(target.parent_path());
    }
    fsio::write_atomic_streamed(target, [&](const std::function<void(std::string_view)>& write) { render_to(doc, format, write); });
    fmt::print(fmt::runtime(tr("report written to {}\n")), target.string());
}

ClientSources client_sources(Context& ctx) {
    ClientSources out;
    const ClientBase base = load_clients(ctx.share(), ctx.me());  // kept alive: clients() is a reference into it
    for (const auto& c : base.clients()) out[c.id] = c.source;
    return out;
}

RequestsReport requests(Context& ctx, const ReportOptions& o) {
    Period p = period_of(o);
    return build_requests_report(ctx.journal(), p.from, p.to, client_sources(ctx));
}

DateTime as_of_of(const ReportOptions& o) {
    if (o.as_of.empty()) return now();
    DateTime t;
    if (!DateTime::try_parse(o.as_of, t))
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--as-of must be a date or date and time, not '{}'")), o.as_of));
    // A bare date means the end of that day: everything recorded on it counts.
    if (o.as_of.size() <= 10) t = DateTime{t.date, 23, 59, 59};
    return t;
}

std::vector<ControlRow> control(Context& ctx, const ReportOptions& o) {
    return build_control_report(ctx.journal(), as_of_of(o), ctx.process(), ctx.staff());
}

}  // namespace

void setup_report(CLI::App& app, Context& ctx) {
    CLI::App* report = app.add_subcommand("report", tr("reports: form 02-006-01, sources, managers, funnel, process control (5.2.9)"));
    report->require_subcommand(1);
    auto opt = std::make_shared<ReportOptions>();
    auto common = [&](CLI::App* c, bool period) {
        if (period) {
            c->add_option("--month", opt->month, tr("the month YYYY-MM (default: this month)"));
            c->add_option("--from", opt->from, tr("first day of the period"));
            c->add_option("--to", opt->to, tr("last day of the period"));
        }
        c->add_option("--format", opt->format, tr("text, csv, json, xlsx or html (default: the global --format)"))
            ->check(CLI::IsMember(report_formats()));
        c->add_option("-o,--output", opt->output, tr("write to FILE atomically; a bare name goes into the reports folder; - is stdout"));
    };

    CLI::App* c = report->add_subcommand("requests", tr("form 02-006-01 «Отчет о заявках и заказах» of a period"));
    common(c, true);
    c->callback([opt, &ctx] { emit(ctx, *opt, requests_document(requests(ctx, *opt))); });

    c = report->add_subcommand("sources", tr("conversion and revenue per advertising source"));
    common(c, true);
    c->callback([opt, &ctx] { emit(ctx, *opt, sources_document(requests(ctx, *opt))); });

    c = report->add_subcommand("managers", tr("per manager: inquiries, orders, revenue, days from inquiry to order"));
    common(c, true);
    c->callback([opt, &ctx] {
        const Staff& staff = ctx.staff();
        NameOf name_of = [&staff](const std::string& login) {
            for (const auto& m : staff.members)
                if (m.login == login) return m.name;
            return std::string();
        };
        emit(ctx, *opt, managers_document(requests(ctx, *opt), name_of));
    });

    c = report->add_subcommand("funnel", tr("inquiries → orders → confirmed → paid → shipped"));
    common(c, true);
    c->callback([opt, &ctx] { emit(ctx, *opt, funnel_document(requests(ctx, *opt))); });

    c = report->add_subcommand("control", tr("every open order's next step, who owes it and for how long, overdue first (5.2.9)"));
    common(c, false);
    c->add_option("--as-of", opt->as_of, tr("the picture as it was at the end of this date (replays the journal)"));
    c->callback([opt, &ctx] { emit(ctx, *opt, control_document(control(ctx, *opt), as_of_of(*opt), "")); });

    c = report->add_subcommand("todo", tr("the open steps a person owes (default: you)"));
    common(c, false);
    c->add_option("--user", opt->user, tr("whose steps (a staff login)"));
    c->add_option("--as-of", opt->as_of, tr("as it was at the end of this date"));
    c->callback([opt, &ctx] {
        const StaffMember* who = opt->user.empty() ? &ctx.actor() : ctx.staff().find(opt->user);
        if (!who) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no active staff member '{}'")), opt->user));
        emit(ctx, *opt, control_document(todo_of(control(ctx, *opt), *who), as_of_of(*opt), who->login));
    });
}

}  // namespace gefest::cli
