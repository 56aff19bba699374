#include "shape.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "base/i18n.h"
#include "base/locale_text.h"
#include "render/table.h"

namespace gefest::cli {

namespace {

// CLI11's own words, in the user's language. The type names are split at ':' (a
// validator adds ":POSITIVE", ":{text,csv,json}") and each part looked up here.
void translate_labels(CLI::Formatter& f) {
    f.label("Usage", tr("Usage"));
    f.label("OPTIONS", tr("OPTIONS"));
    f.label("SUBCOMMAND", tr("SUBCOMMAND"));
    f.label("SUBCOMMANDS", tr("SUBCOMMANDS"));
    f.label("REQUIRED", tr("REQUIRED"));
    f.label("Positionals", tr("Positionals"));
    f.label("Env", tr("Env"));
    f.label("Needs", tr("Needs"));
    f.label("Excludes", tr("Excludes"));
    f.label("TEXT", tr("TEXT"));
    f.label("INT", tr("INT"));
    f.label("UINT", tr("UINT"));
    f.label("FLOAT", tr("FLOAT"));
    f.label("BOOLEAN", tr("BOOLEAN"));
    f.label("POSITIVE", tr("POSITIVE"));
    f.label("NONNEGATIVE", tr("NONNEGATIVE"));
    f.label("FILE", tr("FILE"));
    f.label("DIR", tr("DIR"));
}

// "  NAME     description", padded by what the terminal shows (a Russian type name is
// two bytes a letter), the description's own lines indented under the first.
std::string help_line(const std::string& name, const std::string& description, std::size_t width) {
    std::string out = "  " + name;
    std::size_t shown = 2 + display_width(name);
    if (!description.empty()) {
        if (shown >= width) {
            out += "\n";
            shown = 0;
        }
        out.append(width - shown, ' ');
        for (char c : description) {
            out += c;
            if (c == '\n') out.append(width, ' ');
        }
    }
    return out + "\n";
}

class Formatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        return help_line(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt), column_width_);
    }

    std::string make_subcommand(const CLI::App* sub) const override {
        return help_line(sub->get_display_name(true), sub->get_description(), column_width_);
    }

    // As CLI11's, but a required option or a positional shows no default (it has none:
    // "N INT:POSITIVE=0 REQUIRED" was the zero the variable starts with).
    std::string make_option_opts(const CLI::Option* opt) const override {
        std::string out;
        if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
        if (opt->get_type_size() != 0) {
            if (!opt->get_type_name().empty()) out += " " + type_label(opt->get_type_name());
            if (!opt->get_default_str().empty() && !opt->get_required() && !opt->get_positional()) out += "=" + opt->get_default_str();
            if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
            else if (opt->get_expected_min() > 1) out += " x " + std::to_string(opt->get_expected());
            if (opt->get_required()) out += " " + get_label("REQUIRED");
        }
        if (!opt->get_envname().empty()) out += " (" + get_label("Env") + ":" + opt->get_envname() + ")";
        if (!opt->get_needs().empty()) {
            out += " " + get_label("Needs") + ":";
            for (const CLI::Option* o : opt->get_needs()) out += " " + o->get_name();
        }
        if (!opt->get_excludes().empty()) {
            out += " " + get_label("Excludes") + ":";
            for (const CLI::Option* o : opt->get_excludes()) out += " " + o->get_name();
        }
        return out;
    }

private:
    std::string type_label(const std::string& type) const {
        std::string out;
        std::size_t from = 0;
        while (true) {
            const std::size_t colon = type.find(':', from);
            out += get_label(type.substr(from, colon == std::string::npos ? std::string::npos : colon - from));
            if (colon == std::string::npos) return out;
            out += ':';
            from = colon + 1;
        }
    }
};

// Every app under `app` (itself included), depth first.
template <typename F>
void for_each_app(CLI::App& app, const F& f) {
    f(app);
    for (CLI::App* sub : app.get_subcommands({})) for_each_app(*sub, f);
}

// The names of the global options, for the line at the end of a subcommand's help.
std::string global_option_names(CLI::App& app) {
    std::string out;
    for (const CLI::Option* o : app.get_options()) {
        if (o == app.get_help_ptr() || o->get_lnames().empty() || o->get_name(false, true) == "--version") continue;
        out += (out.empty() ? "" : ", ") + std::string("--") + o->get_lnames().front();
    }
    return out;
}

// Levenshtein distance with transpositions (optimal string alignment), bytes.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// The visible subcommand nearest to `word`, if near enough to be a typo of it.
std::string nearest(const CLI::App& app, const std::string& word) {
    std::string best;
    std::size_t best_distance = 0;
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_group().empty() || sub->get_name().empty()) continue;  // hidden
        const std::string& name = sub->get_name();
        std::size_t dist = edit_distance(word, name);
        if (word.size() >= 2 && name.rfind(word, 0) == 0) dist = 1;  // a prefix: "ord"
        if (dist <= std::max<std::size_t>(2, name.size() / 3) && (best.empty() || dist < best_distance)) {
            best = name;
            best_distance = dist;
        }
    }
    return best;
}

}  // namespace

const CLI::Option* option_of(const CLI::App* app, const std::string& name) {
    for (; app; app = app->get_parent())
        if (const CLI::Option* o = app->get_option_no_throw(name)) return o;
    return nullptr;
}

CLI::App* subcommand_named(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : app.get_subcommands({}))
        if (!sub->get_name().empty() && sub->check_name(name)) return sub;
    return nullptr;
}

namespace {

struct Walk {
    CLI::App* app;                  ///< the deepest subcommand named
    std::vector<std::string> words; ///< the subcommands named, in order
    std::string stray;              ///< a word where a subcommand was expected
};

Walk walk(CLI::App& root, const std::vector<std::string>& args) {
    Walk w{&root, {}, {}};
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") break;
        if (a.size() > 1 && a[0] == '-') {
            const std::size_t eq = a.find('=');
            const CLI::Option* o = option_of(w.app, a.substr(0, eq));
            if (o && o->get_type_size() != 0 && eq == std::string::npos) ++i;  // its value
            continue;
        }
        if (CLI::App* sub = subcommand_named(*w.app, a)) {
            w.app = sub;
            w.words.push_back(a);
            if (sub->get_prefix_command()) break;  // the rest is its own (__complete)
            continue;
        }
        const bool takes_words = !w.app->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
        if (!takes_words && !w.app->get_subcommands({}).empty()) w.stray = a;
        break;
    }
    return w;
}

}  // namespace

void shape_command_line(CLI::App& app) {
    auto formatter = std::make_shared<Formatter>();
    translate_labels(*formatter);
    const std::string globals = fmt::format(fmt::runtime(tr("Global options ({}) may also be given after the subcommand: see gefest --help.")),
                                            global_option_names(app));
    const std::string help_text = tr("Print this help message and exit");
    for_each_app(app, [&](CLI::App& a) {
        a.formatter(formatter);
        a.fallthrough();
        a.set_help_flag("-h,--help", help_text);
        if (&a != &app && a.get_group() == "Subcommands") a.group(tr("Subcommands"));
        if (&a != &app) a.footer(globals);
        for (CLI::Option* o : a.get_options())
            if (o->get_group() == "Options") o->group(tr("Options"));
    });
}

std::vector<std::string> command_words(CLI::App& app, const std::vector<std::string>& args) { return walk(app, args).words; }

std::optional<std::string> unknown_command(CLI::App& app, const std::vector<std::string>& args) {
    const Walk w = walk(app, args);
    if (w.stray.empty()) return std::nullopt;
    std::string where;
    if (!w.words.empty()) {
        where = "gefest";
        for (const auto& word : w.words) where += " " + word;
    }
    std::string msg = where.empty() ? fmt::format(fmt::runtime(tr("'{}' is not a command")), w.stray)
                                    : fmt::format(fmt::runtime(tr("'{}' is not a command of '{}'")), w.stray, where);
    const std::string near = nearest(*w.app, w.stray);
    if (!near.empty()) msg += fmt::format(fmt::runtime(tr("; did you mean '{}'?")), near);
    else msg += fmt::format(" ({})", tr("see gefest --help"));
    return msg;
}

std::string parse_error_text(const CLI::ParseError& e) {
    const std::string what = e.what();
    if (!russian_locale()) return what;  // CLI11's own English, as scripts have long read it
    std::smatch m;
    static const std::regex required("^(.+) is required$"), extras("^The following arguments? (?:were|was) not expected: (.*)$"),
        convert("^Could not convert: (.+) = (.*)$"), missing("^(\\S+): \\d+ required \\S+ missing$"), excludes("^(\\S+) excludes (\\S+)$"),
        member("^(\\S+): (.*) not in (\\{.*\\})$"), positive("^(\\S+): Value (.*) not in range 2\\.2.*$"),
        no_file("^(\\S+): File does not exist: (.*)$");
    if (std::regex_match(what, m, required))
        return m[1] == "A subcommand" ? tr("a subcommand is required") : fmt::format(fmt::runtime(tr("{} is required")), m[1].str());
    if (std::regex_match(what, m, extras)) return fmt::format(fmt::runtime(tr("not expected here: {}")), m[1].str());
    if (std::regex_match(what, m, convert)) return fmt::format(fmt::runtime(tr("{}: «{}» is not a valid value")), m[1].str(), m[2].str());
    if (std::regex_match(what, m, missing)) return fmt::format(fmt::runtime(tr("{} needs a value")), m[1].str());
    if (std::regex_match(what, m, excludes)) return fmt::format(fmt::runtime(tr("{} cannot be given with {}")), m[1].str(), m[2].str());
    if (std::regex_match(what, m, member)) return fmt::format(fmt::runtime(tr("{}: «{}» is not one of {}")), m[1].str(), m[2].str(), m[3].str());
    if (std::regex_match(what, m, positive)) return fmt::format(fmt::runtime(tr("{}: {} is not a positive number")), m[1].str(), m[2].str());
    if (std::regex_match(what, m, no_file)) return fmt::format(fmt::runtime(tr("{}: no such file: {}")), m[1].str(), m[2].str());
    return what;
}

}  // namespace gefest::cli
