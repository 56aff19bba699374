// gefest check [--repair]
#include <fmt/format.h>

#include "procedure/check.h"
#include "commands.h"
#include "base/error.h"
#include "base/i18n.h"

namespace gefest::cli {

void setup_check(CLI::App& app, Context& ctx) {
    auto repair = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("check", tr("check that every file of the share parses and the records agree"));
    cmd->add_flag("--repair", *repair, tr("rebuild what is derived: torn journal tails, dead locks, temporaries, number hints"));
    cmd->callback([repair, &ctx] {
        if (*repair) ctx.writing();
        CheckReport report = check_share(ctx.share(), ctx.me(), *repair);
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
