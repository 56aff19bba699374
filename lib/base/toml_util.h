// Reading hand-edited TOML with messages that point at FILE:LINE.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace gefest::tomlu {

/// Parses TOML text; a syntax error is Error(data) with the file and line of the fault.
toml::table parse(const std::string& text, const std::string& file);

/// Typed look-ups: a key that is present with the wrong type is Error(data) at its
/// line; a required key that is absent is Error(data) at the table's line.
std::string need_string(const toml::table& t, std::string_view key, const std::string& file);
std::optional<std::string> opt_string(const toml::table& t, std::string_view key, const std::string& file);
std::optional<std::int64_t> opt_int(const toml::table& t, std::string_view key, const std::string& file);
std::optional<bool> opt_bool(const toml::table& t, std::string_view key, const std::string& file);
std::vector<std::string> opt_strings(const toml::table& t, std::string_view key, const std::string& file);

/// The tables of an array of tables `[[key]]`, in file order; none if the key is
/// absent. Anything else under `key`, or an element that is not a table, is
/// Error(data) at its line.
std::vector<const toml::table*> tables_of(const toml::table& t, std::string_view key, const std::string& file);

/// The line of a node (0 if unknown).
int line_of(const toml::node& n);

/// A TOML basic string literal for `s`, quotes included ("…" with escapes).
std::string quote(std::string_view s);

/// A TOML array of strings: ["a", "b"].
std::string quote_list(const std::vector<std::string>& items);

}  // namespace gefest::tomlu
