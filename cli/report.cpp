// gefest report requests|sources|managers|funnel|control|todo (form 02-006-01, 5.2.9).
// Each subcommand reads its period or moment (report_period, report_as_of: before the
// share is opened) and makes one call of lib/reports/report_commands.h (the client
// base's sources, the staff's names, whose steps), rendered by
// lib/render/report_render.h; this file declares the options and sends the rendering to
// standard output or the file of -o. Every report has its own --format
// (text|csv|json|xlsx|html), which wins over the global one (text|csv|json).
//
// -o FILE: "-" is standard output; a bare file name ("2026-11.xlsx") goes into the
// share's reports folder (report_target); a path with a folder is taken as given. The
// file is written atomically (render_to_file), so a reader or Excel never sees half a
// report. XLSX is only written to a file.
#include <cstdio>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "commands.h"
#include "terminal.h"
#include "render/report_render.h"
#include "reports/report_commands.h"

namespace gefest::cli {

namespace {

struct ReportOptions {
    ReportPeriodOptions period;
    std::string format, output, as_of, user;
};

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
        render_to(doc, format, [&format](std::string_view piece) {
            // Text is for the terminal (escaped, terminal.h); the data formats are bytes.
            const bool written = format == "text" ? std::fwrite(piece.data(), 1, piece.size(), stdout) == piece.size() : write_unescaped(piece);
            if (!written)
                throw Error(Errc::io, tr("unable to write the report to the standard output"));
        });
        return;
    }
    const std::filesystem::path target = report_target(ctx.session(), o.output);
    render_to_file(doc, format, target);
    fmt::print(fmt::runtime(tr("report written to {}\n")), target.string());
}

// Before a report of a period: every large buffer (a MiB piece of a month's facts, the
// journal's reading) mapped and unmapped on its own. glibc otherwise raises its mmap
// threshold once the first is freed and serves the next ones from the heap, between the
// report's long-lived small allocations (a million inquiries' links), where they stay
// resident: a year of form 02-006-01 made cold (its month facts made from the journal)
// peaked at 67 MiB, 62 MiB so (issue 16: 64 MiB for any period), in the same time.
void steady_heap() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);  // glibc's default, fixed
#endif
}

}  // namespace

void setup_report(CLI::App& app, Context& ctx) {
    CLI::App* report = app.add_subcommand("report", tr("reports: form 02-006-01, sources, managers, funnel, process control (5.2.9)"));
    report->require_subcommand(1);
    auto opt = std::make_shared<ReportOptions>();
    auto common = [&](CLI::App* c, bool period) {
        if (period) {
            c->add_option("--month", opt->period.month, tr("the month YYYY-MM (default: this month)"));
            c->add_option("--from", opt->period.from, tr("first day of the period"));
            c->add_option("--to", opt->period.to, tr("last day of the period"));
        }
        c->add_option("--format", opt->format, tr("text, csv, json, xlsx or html (default: the global --format)"))
            ->check(CLI::IsMember(report_formats()));
        c->add_option("-o,--output", opt->output, tr("write to FILE atomically; a bare name goes into the reports folder; - is stdout"));
    };

    CLI::App* c = report->add_subcommand("requests", tr("form 02-006-01 (the report on requests and orders) of a period"));
    common(c, true);
    c->callback([opt, &ctx] {
        steady_heap();
        const ReportPeriod period = report_period(opt->period);
        emit(ctx, *opt, requests_document(requests_report(ctx.session(), period, RequestsDetail::streamed)));
    });

    c = report->add_subcommand("sources", tr("conversion and revenue per advertising source"));
    common(c, true);
    c->callback([opt, &ctx] {
        steady_heap();
        const ReportPeriod period = report_period(opt->period);
        emit(ctx, *opt, sources_document(requests_report(ctx.session(), period, RequestsDetail::totals)));
    });

    c = report->add_subcommand("managers", tr("per manager: inquiries, orders, revenue, days from inquiry to order"));
    common(c, true);
    c->callback([opt, &ctx] {
        steady_heap();
        const ReportPeriod period = report_period(opt->period);
        const ManagersReport m = managers_report(ctx.session(), period);
        emit(ctx, *opt, managers_document(m.report, m.name_of));
    });

    c = report->add_subcommand("funnel", tr("inquiries → orders → confirmed → paid → shipped"));
    common(c, true);
    c->callback([opt, &ctx] {
        steady_heap();
        const ReportPeriod period = report_period(opt->period);
        emit(ctx, *opt, funnel_document(requests_report(ctx.session(), period, RequestsDetail::totals)));
    });

    c = report->add_subcommand("control", tr("every open order's next step, who owes it and for how long, overdue first (5.2.9)"));
    common(c, false);
    c->add_option("--as-of", opt->as_of, tr("the picture as it was at the end of this date (replays the journal)"));
    c->callback([opt, &ctx] {
        const DateTime as_of = report_as_of(opt->as_of);
        const ControlReport r = control_report(ctx.session(), as_of);
        emit(ctx, *opt, control_document(r.rows, r.as_of, r.login));
    });

    c = report->add_subcommand("todo", tr("the open steps a person owes (default: you)"));
    common(c, false);
    c->add_option("--user", opt->user, tr("whose steps (a staff login)"));
    c->add_option("--as-of", opt->as_of, tr("as it was at the end of this date"));
    c->callback([opt, &ctx] {
        const DateTime as_of = report_as_of(opt->as_of);
        const ControlReport r = todo_report(ctx.session(), opt->user, as_of);
        emit(ctx, *opt, control_document(r.rows, r.as_of, r.login));
    });
}

}  // namespace gefest::cli
