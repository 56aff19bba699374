#include "base/toml_util.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"

namespace gefest::tomlu {

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

toml::table parse(const std::string& text, const std::string& file) {
    std::string_view body = text;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // Notepad's BOM
    try {
        return toml::parse(body, file);
    } catch (const toml::parse_error& e) {
        throw Error(Errc::data, std::string(e.description()), file, static_cast<int>(e.source().begin.line));
    }
}

namespace {

[[noreturn]] void wrong_type(std::string_view key, const char* expected, const toml::node& n, const std::string& file) {
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' must be {}")), key, tr(expected)), file, line_of(n));
}

}  // namespace

std::optional<std::string> opt_string(const toml::table& t, std::string_view key, const std::string& file) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto v = n->value<std::string>()) return *v;
    wrong_type(key, "a string in quotes", *n, file);
}

std::string need_string(const toml::table& t, std::string_view key, const std::string& file) {
    if (auto v = opt_string(t, key, file)) return *v;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is missing")), key), file, line_of(t));
}

std::optional<std::int64_t> opt_int(const toml::table& t, std::string_view key, const std::string& file) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_integer()) return n->as_integer()->get();
    wrong_type(key, "a whole number", *n, file);
}

std::optional<bool> opt_bool(const toml::table& t, std::string_view key, const std::string& file) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_boolean()) return n->as_boolean()->get();
    wrong_type(key, "true or false", *n, file);
}

std::vector<std::string> opt_strings(const toml::table& t, std::string_view key, const std::string& file) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) wrong_type(key, "a list of strings", *n, file);
    for (const auto& item : *arr) {
        auto v = item.value<std::string>();
        if (!v) wrong_type(key, "a list of strings", item, file);
        out.push_back(*v);
    }
    return out;
}

std::vector<const toml::table*> tables_of(const toml::table& t, std::string_view key, const std::string& file) {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' must be a list of [[{}]] tables")), key, key), file, line_of(*n));
    for (const auto& e : *arr) {
        const toml::table* tt = e.as_table();
        if (!tt) throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' must be a list of [[{}]] tables")), key, key), file, line_of(e));
        out.push_back(tt);
    }
    return out;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                // TOML forbids DEL (U+007F) unescaped like the other control characters;
                // without this a name pasted with one made a Сотрудники.toml gefest cannot read.
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\u{:04X}", static_cast<int>(c));
                else out += c;
        }
    }
    return out + "\"";
}

std::string quote_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quote(items[i]);
    return out + "]";
}

}  // namespace gefest::tomlu
