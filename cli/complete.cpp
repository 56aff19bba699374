// gefest __complete WORD… — what the shell completion scripts (data/completion/gefest.bash,
// _gefest for zsh) call: the words typed after "gefest" up to the one being completed
// (the last, maybe empty). Prints one candidate a line: subcommands and options from the
// command tree itself (so a subcommand added anywhere completes without a change here),
// and values of options and arguments from the share (lib/procedure/completion.h).
// A line "__files__" asks the shell for its own file names. Never fails: on any error
// (no share, a broken register) it prints what it has.
#include "complete.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "shape.h"
#include "base/clock.h"
#include "procedure/completion.h"

namespace gefest::cli {

namespace {

// Fixed value lists of options (the ones CLI11 checks with IsMember and the procedure's codes).
const std::map<std::string, std::vector<std::string>>& fixed_values() {
    static const std::map<std::string, std::vector<std::string>> values{
        {"--format", {"text", "csv", "json"}},
        {"--payment", {"cash", "noncash"}},
        {"--status", {"new", "confirmed", "shipped", "cancelled"}},
        {"--channel", {"new", "existing", "visit", "email", "request", "site"}},
    };
    return values;
}

bool in_path(const std::vector<std::string>& path, const std::string& word) {
    return std::find(path.begin(), path.end(), word) != path.end();
}

// What the value of `name` (an option "--client" or a positional "N") is completed from.
Completion kind_of(const std::vector<std::string>& path, const std::string& name) {
    if (name == "--user" || name == "--manager" || (name == "LOGIN" && !in_path(path, "add"))) return Completion::staff;
    if (name == "--client" || name == "KEEP_ID" || name == "GONE_ID" || (name == "ID" && in_path(path, "client"))) return Completion::client_ids;
    if (name == "TEXT" && in_path(path, "find")) return Completion::client_names;
    if (name == "N" || name == "--order") return Completion::orders;
    if (name == "INVOICE" || name == "--invoice") return Completion::invoices;
    if (name == "--item" || name == "--product") return Completion::skus;
    if (name == "--source") return Completion::sources;
    if (name == "--month") return Completion::months;
    return Completion::none;
}

bool is_file_slot(const CLI::Option* o) {
    const std::string name = o->get_name(false, true);
    return o->get_type_name().find("FILE") != std::string::npos || o->get_type_name().find("DIR") != std::string::npos || name == "FILE" ||
           name == "DIR" || name.find("--output") != std::string::npos || name == "--share" || name == "--maildir";
}

// The name completion keys on: the long name of an option ("--client"), a positional's name.
std::string key_of(const CLI::Option* o) {
    if (o->get_positional()) return o->get_name(true, false);
    return o->get_lnames().empty() ? o->get_name() : "--" + o->get_lnames().front();
}

struct Position {
    CLI::App* app;                      ///< the deepest subcommand typed
    std::vector<std::string> path;      ///< its words
    const CLI::Option* value_of = nullptr;  ///< the current word is this option's value
    std::size_t positionals = 0;        ///< arguments typed to `app` so far
    std::optional<std::string> share;   ///< --share typed
};

Position locate(CLI::App& root, const std::vector<std::string>& before) {
    Position p{&root, {}, nullptr, 0, std::nullopt};
    for (const std::string& w : before) {
        if (p.value_of) {
            if (key_of(p.value_of) == "--share") p.share = w;
            p.value_of = nullptr;
            continue;
        }
        if (w.size() > 1 && w[0] == '-') {
            const auto eq = w.find('=');
            const CLI::Option* o = option_of(p.app, w.substr(0, eq));
            if (o && o->get_type_size() != 0 && eq == std::string::npos) p.value_of = o;
            if (o && eq != std::string::npos && key_of(o) == "--share") p.share = w.substr(eq + 1);
            continue;
        }
        if (CLI::App* sub = subcommand_named(*p.app, w)) {
            p.app = sub;
            p.path.push_back(w);
            p.positionals = 0;
        } else {
            ++p.positionals;
        }
    }
    return p;
}

void add_options(const CLI::App* app, std::vector<std::string>& out) {
    for (; app; app = app->get_parent())
        for (const CLI::Option* o : app->get_options())
            for (const auto& l : o->get_lnames()) out.push_back("--" + l);
}

// Candidates for a value slot (`o` takes it): fixed lists, the share's values, files.
std::vector<std::string> values_for(Context& ctx, const Position& p, const CLI::Option* o) {
    const std::string key = key_of(o);
    if (key == "--format" && in_path(p.path, "report")) return {"text", "csv", "json", "xlsx", "html"};
    if (auto f = fixed_values().find(key); f != fixed_values().end()) return f->second;
    if (key == "--role") {
        std::vector<std::string> roles;
        for (const auto& [code, name] : default_process().roles) roles.push_back(code);
        return roles;
    }
    const Completion kind = in_path(p.path, "claim") && key == "ID" ? Completion::none : kind_of(p.path, key);
    if (kind == Completion::none) return is_file_slot(o) ? std::vector<std::string>{"__files__"} : std::vector<std::string>{};
    if (kind == Completion::months) return recent_months(now().date);
    if (p.share) ctx.options.share = p.share;
    return completion_values(ctx.session(), kind);
}

std::vector<std::string> candidates(CLI::App& root, Context& ctx, const std::vector<std::string>& words, const std::string& current) {
    const Position p = locate(root, words);
    std::vector<std::string> out;
    if (p.value_of) return values_for(ctx, p, p.value_of);
    if (current.size() > 0 && current[0] == '-') {
        add_options(p.app, out);
        return out;
    }
    for (const CLI::App* sub : p.app->get_subcommands({}))
        if (!sub->get_group().empty() && !sub->get_name().empty()) out.push_back(sub->get_name());
    const auto positionals = p.app->get_options([](const CLI::Option* o) { return o->get_positional(); });
    if (!positionals.empty()) {
        const CLI::Option* slot = positionals[std::min(p.positionals, positionals.size() - 1)];
        for (auto& v : values_for(ctx, p, slot)) out.push_back(std::move(v));
    }
    return out;
}

}  // namespace

int complete_words(CLI::App& root, Context& ctx, const std::vector<std::string>& words) {
    if (words.empty()) return 0;
    const std::string current = words.back();
    std::vector<std::string> found;
    try {
        found = candidates(root, ctx, {words.begin(), words.end() - 1}, current);
    } catch (const std::exception&) {
        // No share, a broken register: nothing from it (the shell shows no candidates).
    }
    for (const auto& c : found)
        if (c == "__files__" || c.compare(0, current.size(), current) == 0) std::fwrite((c + "\n").data(), 1, c.size() + 1, stdout);
    return 0;
}

}  // namespace gefest::cli
