#include "documents/documents.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "base/clock.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/toml_util.h"

extern char** environ;

namespace gefest {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

namespace mu = kainjow::mustache;

mu::data to_data(const json& j) {
    switch (j.type()) {
    case json::value_t::object: {
        mu::data d{mu::data::type::object};
        for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
        return d;
    }
    case json::value_t::array: {
        mu::data d{mu::data::type::list};
        for (const auto& e : j) d.push_back(to_data(e));
        return d;
    }
    case json::value_t::boolean: return mu::data{j.get<bool>()};
    case json::value_t::string: return mu::data{j.get<std::string>()};
    case json::value_t::null: return mu::data{false};
    default: return mu::data{j.dump()};
    }
}

int line_at(const std::string& text, size_t pos) {
    int line = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    return line;
}

// The contexts mustache would look a name up in: the data, then each open section's
// value. A list section stands for its elements (the union of their keys).
struct Scope {
    std::vector<const json*> values;  // an array: any of its elements
};

// Finds the first part of a dotted name in the open scopes (innermost first), then
// descends. Returns the values the name may denote (several for lists), empty if unknown.
std::vector<const json*> resolve(const std::vector<Scope>& scopes, const std::string& name) {
    if (name == ".") return scopes.back().values;
    std::vector<std::string> parts;
    for (size_t s = 0;;) {
        size_t p = name.find('.', s);
        parts.push_back(name.substr(s, p == std::string::npos ? std::string::npos : p - s));
        if (p == std::string::npos) break;
        s = p + 1;
    }
    for (auto sc = scopes.rbegin(); sc != scopes.rend(); ++sc) {
        std::vector<const json*> found;
        for (const json* v : sc->values)
            if (v->is_object() && v->contains(parts[0])) found.push_back(&(*v)[parts[0]]);
        if (found.empty()) continue;
        for (size_t i = 1; i < parts.size(); ++i) {
            std::vector<const json*> next;
            for (const json* v : found)
                if (v->is_object() && v->contains(parts[i])) next.push_back(&(*v)[parts[i]]);
            if (next.empty()) return {};
            found = next;
        }
        return found;
    }
    return {};
}

// Walks the template's tags against the data: every name must exist, no unescaped
// output, no partials, no delimiter changes (they would hide tags from this check).
void check_tags(const std::string& text, const json& data, const std::string& file) {
    std::vector<Scope> scopes{{{&data}}};
    std::vector<std::string> open;
    size_t skip_depth = 0;  // > 0 inside a section over an empty list: nothing to check against
    auto fail = [&](const std::string& msg, size_t pos) { throw Error(Errc::data, msg, file, line_at(text, pos)); };
    for (size_t pos = text.find("{{"); pos != std::string::npos; pos = text.find("{{", pos)) {
        if (text.compare(pos, 3, "{{{") == 0) {
            size_t e = text.find("}}}", pos);
            std::string name = std::string(trim_blanks(text.substr(pos + 3, e == std::string::npos ? 0 : e - pos - 3)));
            fail(fmt::format(fmt::runtime(tr("unescaped placeholder '{{{{{{{}}}}}}}': write '{{{{{}}}}}' so the value is HTML-escaped")), name, name), pos);
        }
        size_t end = text.find("}}", pos + 2);
        if (end == std::string::npos) fail(tr("'{{' without a closing '}}'"), pos);
        std::string tag = std::string(trim_blanks(text.substr(pos + 2, end - pos - 2)));
        size_t at = pos;
        pos = end + 2;
        if (tag.empty()) fail(tr("empty tag '{{}}'"), at);
        char sigil = tag[0];
        std::string name = std::string(trim_blanks(std::string("#^/!>&=").find(sigil) != std::string::npos ? tag.substr(1) : tag));
        switch (sigil) {
        case '!': continue;
        case '>': fail(fmt::format(fmt::runtime(tr("partial '{}' is not supported in document templates")), name), at); break;
        case '=': fail(tr("changing the delimiters ('{{=… …=}}') is not supported in document templates"), at); break;
        case '&':
            fail(fmt::format(fmt::runtime(tr("unescaped placeholder '{{{{& {}}}}}': write '{{{{{}}}}}' so the value is HTML-escaped")), name, name), at);
            break;
        default: break;
        }
        if (sigil == '/') {
            if (open.empty() || open.back() != name)
                fail(fmt::format(fmt::runtime(tr("'{{{{/{}}}}}' closes a section that is not open")), name), at);
            open.pop_back();
            if (skip_depth > 0) --skip_depth;
            else scopes.pop_back();
            continue;
        }
        if (skip_depth > 0) {
            if (sigil == '#' || sigil == '^') {
                open.push_back(name);
                ++skip_depth;
            }
            continue;
        }
        std::vector<const json*> found = resolve(scopes, name);
        if (found.empty()) fail(fmt::format(fmt::runtime(tr("unknown placeholder '{}'")), name), at);
        if (sigil == '#' || sigil == '^') {
            open.push_back(name);
            Scope next;
            for (const json* v : found) {
                if (v->is_array()) {
                    for (const auto& e : *v) next.values.push_back(&e);
                } else if (v->is_object()) {
                    next.values.push_back(v);
                }
            }
            bool all_arrays = std::all_of(found.begin(), found.end(), [](const json* v) { return v->is_array(); });
            if (next.values.empty() && all_arrays) {
                ++skip_depth;  // an empty list: its section renders nothing
                continue;
            }
            if (next.values.empty()) next = scopes.back();  // a boolean or string section keeps the context
            scopes.push_back(next);
        }
    }
    if (!open.empty()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("section '{{{{#{}}}}}' is not closed")), open.back()), file, 0);
}

}  // namespace

std::string render_template(const std::string& text, const json& data, const std::string& template_file) {
    check_tags(text, data, template_file);
    mu::mustache tmpl{text};
    if (!tmpl.is_valid())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("template does not parse: {}")), tmpl.error_message()), template_file, 0);
    std::string out = tmpl.render(to_data(data));
    if (!tmpl.is_valid())
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("template does not render: {}")), tmpl.error_message()), template_file, 0);
    return out;
}

std::string render_share_template(const Share& share, const std::string& name, const json& data) {
    fs::path file = share.at(share.settings().templates) / name;
    auto text = fsio::read_file_if_exists(file, true);
    if (!text)
        throw Error(Errc::not_found,
                    fmt::format(fmt::runtime(tr("template '{}' is missing; gefest init writes the default one into an empty folder")), file.string()));
    return render_template(*text, data, file.string());
}

std::string pdf_setting(const Share& share) {
    const std::string file = share.settings_file().string();
    toml::table t = tomlu::parse(fsio::read_file(share.settings_file()), file);
    const toml::table* d = t["documents"].as_table();
    if (!d) return "auto";
    std::string v = tomlu::opt_string(*d, "pdf", file).value_or("auto");
    return v.empty() ? "auto" : v;
}

namespace {

std::string find_on_path(const std::string& program) {
    if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : "";
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (size_t s = 0;;) {
        size_t e = p.find(':', s);
        std::string dir = p.substr(s, e == std::string::npos ? std::string::npos : e - s);
        if (!dir.empty()) {
            std::string cand = dir + "/" + program;
            if (access(cand.c_str(), X_OK) == 0) return cand;
        }
        if (e == std::string::npos) break;
        s = e + 1;
    }
    return "";
}

}  // namespace

int run_program(const std::vector<std::string>& argv, const std::string* input) {
    if (argv.empty()) return -1;
    int pipefd[2] = {-1, -1};
    if (input && pipe(pipefd) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (input) {
        posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
        posix_spawn_file_actions_addclose(&fa, pipefd[1]);
        posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    } else {
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (input) {
        close(pipefd[0]);
        if (rc == 0) {
            const char* p = input->data();
            size_t left = input->size();
            while (left > 0) {
                ssize_t n = write(pipefd[1], p, left);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) break;
                p += n;
                left -= static_cast<size_t>(n);
            }
        }
        close(pipefd[1]);
    }
    if (rc != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

// A file: URL of `path` (absolute): every byte but the unreserved ones and '/' as %XX,
// so a folder named «ООО "А; Б" #2» stays one path.
std::string file_url(const fs::path& path) {
    std::string out = "file://";
    for (unsigned char c : fs::absolute(path).string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

// A private temporary folder (mkdtemp), removed by the destructor.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "gefest-pdf-XXXXXX").string();
        if (mkdtemp(t.data())) path = t;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

std::string find_chromium() {
    for (const char* n : {"chromium", "chromium-browser", "google-chrome"})
        if (std::string c = find_on_path(n); !c.empty()) return c;
    return "";
}

}  // namespace

std::string make_pdf(const Share& share, const fs::path& html, const fs::path& pdf) {
    std::string setting = pdf_setting(share);
    if (setting == "off") return "pdf = off";
    std::vector<std::string> argv;
    std::string name;
    std::error_code ec;
    TempDir tmp;  // chromium's profile; libreoffice's input and output (a path without «;»)
    fs::path lo_out;  // libreoffice writes <stem>.pdf into --outdir
    const std::string chromium = setting == "auto" ? find_chromium() : "";
    if (setting != "auto") {
        argv = split_words(setting);
        argv.push_back(html.string());
        argv.push_back(pdf.string());
        name = argv[0];
    } else if (!chromium.empty()) {
        // The page size and margins are the template's @page; no header or footer.
        argv = {chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + (tmp.path / "profile").string(), "--no-pdf-header-footer", "--print-to-pdf-no-header",
                "--print-to-pdf=" + pdf.string(), file_url(html)};
        name = "chromium";
    } else if (std::string w = find_on_path("wkhtmltopdf"); !w.empty()) {
        // --print-media-type and zoom 1: the template's CSS as printed, not shrunk.
        argv = {w, "--quiet", "--encoding", "utf-8", "--page-size", "A4", "--print-media-type", "--disable-smart-shrinking", html.string(), pdf.string()};
        name = "wkhtmltopdf";
    } else {
        std::string l = find_on_path("libreoffice");
        if (l.empty()) l = find_on_path("soffice");
        if (l.empty()) return tr("no PDF converter (chromium, wkhtmltopdf, libreoffice) on this machine");
        // LibreOffice reads a ';' in a path as an option separator: convert a copy.
        if (tmp.path.empty() || !fs::copy_file(html, tmp.path / "document.html", ec)) return tr("no temporary folder for the PDF converter");
        argv = {l, "--headless", "-env:UserInstallation=" + file_url(tmp.path / "profile"), "--convert-to", "pdf:writer_web_pdf_Export",
                "--outdir", tmp.path.string(), (tmp.path / "document.html").string()};
        lo_out = tmp.path / "document.pdf";
        name = "libreoffice";
    }
    int rc = run_program(argv, nullptr);
    if (!lo_out.empty() && rc == 0 && fs::exists(lo_out, ec)) {
        fs::copy_file(lo_out, pdf, fs::copy_options::overwrite_existing, ec);
        if (ec) rc = -1;
    }
    if (rc != 0 || !fs::exists(pdf, ec) || fs::file_size(pdf, ec) == 0) {
        fs::remove(pdf, ec);
        return fmt::format(fmt::runtime(tr("the PDF converter '{}' failed (exit {})")), name, rc);
    }
    return "";
}

std::string russian_long_date(const std::string& iso_date) {
    static const char* months[] = {"января", "февраля", "марта",    "апреля",  "мая",    "июня",
                                   "июля",   "августа", "сентября", "октября", "ноября", "декабря"};
    Date d = Date::parse(iso_date, "date");
    return fmt::format("{} {} {} г.", d.day, months[d.month - 1], d.year);
}

void write_default_templates(const fs::path& dir) {
    fsio::make_dirs(dir);
    for (const auto& name : default_template_names()) {
        fs::path f = dir / name;
        if (!fsio::exists(f)) fsio::write_atomic(f, default_template(name));
    }
}

}  // namespace gefest
