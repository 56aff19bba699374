// gefest: the front end. Parses the command line, runs one subcommand, and turns any
// gefest::Error into one line on stderr (control characters shown as text, terminal.h)
// and the exit code of lib/base/error.h, after taking back what the failed command had
// changed.
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.h"
#include "complete.h"
#include "context.h"
#include "help.h"
#include "progress.h"
#include "shape.h"
#include "terminal.h"
#include "base/error.h"
#include "base/i18n.h"

namespace {

// The subcommands run, "invoice issue".
std::string command_path(const CLI::App& app) {
    std::string out;
    for (const CLI::App* a = &app; !a->get_subcommands().empty();) {
        a = a->get_subcommands().front();
        out += (out.empty() ? "" : " ") + a->get_name();
    }
    return out;
}

// `--man` anywhere before "--": the command's manual page instead of running it.
bool asks_for_manual(const std::vector<std::string>& args) {
    for (const auto& a : args) {
        if (a == "--") return false;
        if (a == "--man") return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    gefest::init_translations(argv[0]);
    gefest::cli::Context ctx;
    gefest::cli::escape_terminal_output(ctx.options.format);
    CLI::App app{gefest::tr("gefest — order process of the sales department (procedure 02-006) over a shared folder"), "gefest"};
    app.set_help_flag("-h,--help", gefest::tr("Print this help message and exit"));
    app.set_version_flag("--version", "gefest 0.1.0", gefest::tr("Display program version information and exit"));
    // Global options: taken before or after the subcommand (shape_command_line).
    app.add_option("--share", ctx.options.share, gefest::tr("the share folder (else GEFEST_SHARE, else share = in ~/.config/gefest/config.toml)"));
    app.add_option("--user", ctx.options.user, gefest::tr("act for this staff member (only where your login may act for others)"))
        ->envname("GEFEST_USER");
    app.add_option("--format", ctx.options.format, gefest::tr("output of lists and records: text, csv or json"))
        ->check(CLI::IsMember({"text", "csv", "json"}))
        ->capture_default_str();
    app.add_flag("-q,--quiet", ctx.options.quiet, gefest::tr("no progress on the terminal during long work"));
    app.add_flag("--man")->description(gefest::tr("show the command's manual page instead of running it (as gefest help COMMAND)"));
    app.require_subcommand(1);
    gefest::cli::setup_all(app, ctx);
    gefest::cli::shape_command_line(app);
    gefest::cli::show_progress_on_terminal(ctx.options.quiet);

    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!args.empty() && args.front() == "__complete")  // the shell completion scripts
            return gefest::cli::complete_words(app, ctx, {args.begin() + 1, args.end()});
        if (auto unknown = gefest::cli::unknown_command(app, args)) throw gefest::Error(gefest::Errc::usage, *unknown);
        if (asks_for_manual(args)) return gefest::cli::open_manual(gefest::cli::command_words(app, args));
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        // One line, like every other error, so scripts and people read it the same way.
        fmt::print(stderr, "gefest: {} ({})\n", gefest::cli::one_line(gefest::cli::parse_error_text(e)), gefest::tr("see gefest --help"));
        return static_cast<int>(gefest::Errc::usage);
    } catch (const gefest::StepRefused& e) {
        // What it changed is taken back; who tried what is journaled; the refusal is shown
        // as any other error.
        ctx.take_back_changes();
        ctx.journal_refusal(e, command_path(app));
        std::fflush(stdout);
        fmt::print(stderr, "gefest: {}\n", gefest::cli::one_line(e.where_and_what()));
        return static_cast<int>(e.code());
    } catch (const gefest::Error& e) {
        ctx.take_back_changes();
        std::fflush(stdout);
        fmt::print(stderr, "gefest: {}\n", gefest::cli::one_line(e.where_and_what()));
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        ctx.take_back_changes();
        std::fflush(stdout);
        fmt::print(stderr, "gefest: {}: {}\n", gefest::tr("internal error"), gefest::cli::one_line(e.what()));
        return 70;
    }
    return 0;
}
