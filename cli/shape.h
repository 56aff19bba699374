// The command line as people expect it (issue 17), applied to the whole tree of
// subcommands after they are all declared, so a subcommand added later gets it too:
// global options anywhere, help in the user's language, the nearest command for a typo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gefest::cli {

/// Shapes `app` and every subcommand under it: options of a parent (the global --share,
/// --user, --format, --quiet…) are taken after any subcommand at any depth (CLI11's
/// fallthrough); help, its headings, type names and "REQUIRED" go through tr(), and no
/// default is shown that the option does not have; every subcommand's help ends with a
/// line naming the global options. Call once, after every subcommand is declared.
void shape_command_line(CLI::App& app);

/// The subcommands named by `args` (argv without argv[0]), as far as they are real:
/// {"invoice", "pay"}. Options and their values are skipped, walking the same tree the
/// parser does; stops at "--" and at the first word that is not a subcommand where one
/// is expected.
std::vector<std::string> command_words(CLI::App& app, const std::vector<std::string>& args);

/// If `args` names a subcommand that does not exist where one is expected, the one-line
/// message for it, without the "gefest: " prefix: "'ordr' is not a command; did you mean
/// 'order'?" (a sub-subcommand: "'shw' is not a command of 'gefest order'; …"). Nothing
/// when every word is in its place.
std::optional<std::string> unknown_command(CLI::App& app, const std::vector<std::string>& args);

/// The option `name` ("--user", "-u", a positional's name) of `app` or of an app above it
/// (where fallthrough takes it); nullptr if none.
const CLI::Option* option_of(const CLI::App* app, const std::string& name);

/// The subcommand of `app` called `name`, hidden ones included; nullptr if none.
CLI::App* subcommand_named(CLI::App& app, const std::string& name);

/// The one-line message for a CLI11 parse error: under a Russian locale in Russian where
/// CLI11's wording is known ("--phone is required", "The following arguments were not
/// expected"); otherwise CLI11's own words.
std::string parse_error_text(const CLI::ParseError& e);

}  // namespace gefest::cli
