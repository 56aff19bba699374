// gefest init DIR [--company NAME]: a new share (lib/procedure/share_init.h). It runs
// before there is a share, so it takes no session: only who runs it.
#include <fmt/format.h>

#include "commands.h"
#include "base/i18n.h"
#include "procedure/share_init.h"

namespace gefest::cli {

void setup_init(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<InitOptions>();
    CLI::App* cmd = app.add_subcommand("init", tr("create a new share with the layout of the company's server"));
    cmd->add_option("DIR", opt->dir, tr("folder for the new share (may exist, must not be a share)"))->required();
    cmd->add_option("--company", opt->company, tr("the company's name for documents"));
    cmd->callback([opt, &ctx] {
        const std::string owner = init_share(ctx.me(), *opt);
        fmt::print(fmt::runtime(tr("created the share '{}'; '{}' is its head of sales (gefest staff add … to add people)\n")), opt->dir, owner);
    });
}

}  // namespace gefest::cli
