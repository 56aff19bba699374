// Reading a JSON object's members straight from its text, without building a tree (issue
// 16: a tree per journal row was ~40% of a year's report). It is deliberately stricter
// than nlohmann::json::parse: whatever it accepts, nlohmann accepts and reads to the same
// values; whatever it is unsure of (a BOM, an escaped key, a number with an exponent, deep
// nesting) it refuses, and the caller then parses the text with nlohmann as before, so
// the results and the errors stay those of nlohmann.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gefest::light_json {

/// True if `text` is one JSON value (with whitespace around it) that nlohmann::json::parse
/// accepts: strings checked for their escapes, \u surrogate pairs and UTF-8 as nlohmann
/// checks them. False also for what nlohmann may accept but this reader does not take
/// (see the file's comment). Throws nothing.
bool valid(std::string_view text);

/// Calls `member(key, value)` for each member of the JSON object `text`, in order: the
/// key as written between its quotes (never with an escape), the value's text (a string
/// with its quotes). Stops when `member` returns false. `text` must be one valid() accepts
/// (it is not checked again: a journal row's data is checked once as it is read); for
/// other text it may give false or members of no meaning, but never reads outside
/// `text`. True if every member was passed, false otherwise (`member` may have been
/// called for some members already). Throws what `member` throws.
bool for_each_member(std::string_view text, const std::function<bool(std::string_view key, std::string_view value)>& member);

/// Calls `element(value)` for each element of the JSON array `text`; as for_each_member.
bool for_each_element(std::string_view text, const std::function<bool(std::string_view value)>& element);

/// The string of a value's text ("a\"b" → a"b, \u escapes as UTF-8) into `out`; false if
/// `value` is not a string. `value` must be valid(). Throws nothing but bad_alloc.
bool read_string(std::string_view value, std::string& out);

/// The integer of a value's text; false if it is not an integer written without a
/// fraction or exponent that fits an int64. Throws nothing.
bool read_int(std::string_view value, std::int64_t& out);

/// true / false; false if the value is neither. Throws nothing.
bool read_bool(std::string_view value, bool& out);

/// Appends `text` to `out` as a JSON string exactly as nlohmann's dump() writes it
/// (quotes, \" \\ \b \f \n \r \t, other bytes below 0x20 as \u00xx, everything else
/// as it is); false, with `out` as it was, if `text` is not valid UTF-8 (which dump
/// refuses). Throws nothing but bad_alloc.
bool write_string(std::string& out, std::string_view text);

}  // namespace gefest::light_json
