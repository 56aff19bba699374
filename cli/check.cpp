// gefest check [--repair]: the checks are lib/procedure/check.h; this file prints what
// was repaired and every problem as FILE[:LINE]: message, and fails if one is an error.
#include <fmt/format.h>

#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"
#include "procedure/check.h"

namespace gefest::cli {

void setup_check(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand("check", tr("check that every file of the share parses and the records agree"));
    cmd->add_flag("--repair", opt->repair, tr("rebuild what is derived: torn journal tails, dead locks, temporaries, number hints"));
    cmd->callback([opt, &ctx] {
        const CheckReport report = check_share(ctx.session(), *opt);
        for (const auto& line : report.repaired) fmt::print("{}\n", line);
        for (const auto& p : report.problems) {
            std::string where = p.file;
            if (p.line > 0) where += ":" + std::to_string(p.line);
            fmt::print("{}: {}{}\n", where, p.warning ? tr("warning: ") : "", p.message);
        }
        if (report.failed()) throw Error(Errc::problems, fmt::format(fmt::runtime(tr("check found {} problem(s)")), report.problems.size()));
    });
}

}  // namespace gefest::cli
