// gefest help [COMMAND…] and COMMAND --man: the manual page, as `git help` opens it.
// The page is the installed one (<prefix>/share/man/manN next to bin/), else the source
// tree's man/ (a build tree run). On a terminal `man -l PAGE` shows it in the pager;
// otherwise man prints it formatted as plain text, and without man the page's source is
// printed. Topics besides commands: "share" (gefest-share(5)), "procedure" (gefest(7)).
#include "help.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "commands.h"
#include "shape.h"

#ifndef GEFEST_SOURCE_MAN
#define GEFEST_SOURCE_MAN ""
#endif

namespace gefest::cli {

namespace {

namespace fs = std::filesystem;

// "gefest-ship.1" for {"ship", "list"}, gefest.1 for none.
std::string page_file(const std::vector<std::string>& words) {
    if (words.empty()) return "gefest.1";
    if (words.front() == "share") return "gefest-share.5";
    if (words.front() == "procedure") return "gefest.7";
    return "gefest-" + words.front() + ".1";
}

fs::path find_page(const std::string& file) {
    std::error_code ec;
    const std::string section = "man" + file.substr(file.rfind('.') + 1);
    const fs::path exe = fs::canonical("/proc/self/exe", ec);
    std::vector<fs::path> places;
    if (!ec) places.push_back(exe.parent_path().parent_path() / "share" / "man" / section / file);
    if (*GEFEST_SOURCE_MAN) places.push_back(fs::path(GEFEST_SOURCE_MAN) / file);
    for (const auto& p : places)
        if (fs::is_regular_file(p, ec)) return p;
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("the manual page {} is not installed")), file));
}

}  // namespace

int open_manual(const std::vector<std::string>& words) {
    const fs::path page = find_page(page_file(words));
    std::fflush(stdout);
    // man formats for the terminal, or as plain text when stdout is a pipe or a file.
    if (isatty(STDOUT_FILENO) || access("/usr/bin/man", X_OK) == 0) {
        const std::string p = page.string();
        execlp("man", "man", "-l", p.c_str(), static_cast<char*>(nullptr));
    }
    std::ifstream in(page, std::ios::binary);
    std::cout << in.rdbuf();
    return in ? 0 : static_cast<int>(Errc::io);
}

void setup_help(CLI::App& app, Context&) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* help = app.add_subcommand("help", tr("the manual page of a command (gefest help ship), of the share (share) or of the procedure (procedure)"));
    help->add_option("COMMAND", *words, tr("a command and its subcommands; none: gefest(1)"));
    help->callback([words, &app] {
        if (!words->empty() && words->front() != "share" && words->front() != "procedure") {
            if (auto unknown = unknown_command(app, *words)) throw Error(Errc::usage, *unknown);
        }
        std::exit(open_manual(*words));
    });
}

}  // namespace gefest::cli
