// Small helpers for text as people type, paste and import it: trimming at the ends and
// line ends. Bytes are UTF-8; only the characters named are touched, never a byte of
// another character (a lone 0xC2 or 0xA0 byte is text, not a space).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gefest {

/// The hash of an unordered container of std::string keys looked up by a
/// std::string_view with no copy of it: std::unordered_map<std::string, T, TextHash,
/// std::equal_to<>>.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// `s` without leading and trailing blanks: ASCII space and tab only. CR, LF and NBSP
/// are kept (a CSV cell, a 1C key, a charset name). The result is a view into `s`: keep
/// what `s` refers to alive while using it, or copy it into a std::string.
std::string_view trim_blanks(std::string_view s);

/// `s` without leading and trailing ASCII white space: space, tab, CR and LF. NBSP is
/// kept (e-mail headers and bodies, site JSON fields). A view into `s`, as trim_blanks.
std::string_view trim_ascii_space(std::string_view s);

/// trim_ascii_space as a string of its own (for a value kept after `s` is gone).
inline std::string trimmed(std::string_view s) { return std::string(trim_ascii_space(s)); }

/// `s` without leading and trailing space, tab, CR, LF and NBSP (U+00A0, UTF-8 C2 A0;
/// pasted from Word or 1C), in any mix. An NBSP inside the text is kept, and so is a
/// lone 0xC2 byte at either end. A view into `s`, as trim_blanks.
std::string_view trim_space(std::string_view s);

/// `s` with every CR LF pair and every lone CR turned into LF; nothing else changes.
std::string unix_line_ends(std::string_view s);

/// `s` made safe to show on a terminal: what could move the cursor, recolour, retitle,
/// overwrite or reorder the text around it is shown as visible text instead. C0 control
/// bytes and DEL become \xNN (CR, LF and TAB \r, \n, \t); with `keep_lines`, LF and TAB
/// are kept as they are (text of several lines). The C1 controls U+0080–U+009F and the
/// bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 become <U+XXXX>.
/// Everything else, invalid UTF-8 included, is kept byte for byte. Never throws.
std::string escape_controls(std::string_view s, bool keep_lines);

/// Appends code point `cp` to `out` as UTF-8; one beyond U+10FFFF, or a surrogate, appends
/// nothing. Never throws (but bad_alloc).
void append_utf8(std::string& out, char32_t cp);

/// The words of a command line split at spaces and tabs (no quoting): a converter or
/// sendmail setting of gefest.toml as argv.
std::vector<std::string> split_words(std::string_view line);

/// How many bytes at the end of `s` (0–3) begin a UTF-8 sequence that is cut short: a
/// caller escaping a stream piece by piece keeps them for the next piece.
std::size_t incomplete_utf8_tail(std::string_view s);

/// `name` (a file name someone else chose: an e-mail attachment's) as a file name safe on
/// the share and in gefest's lists: only its last path component (after the last '/' or
/// '\\'); control characters (C0, DEL, C1, bidi overrides and isolates), ':*?"<>|' and
/// ';' (documents are listed ';'-separated) become '_'; leading and trailing dots and
/// spaces are dropped (no "..", no hidden file); a Windows device name (CON, PRN, AUX,
/// NUL, COM1–9, LPT1–9) gets a '_' in front; invalid UTF-8 is read as windows-1251; at
/// most `max_bytes` bytes (UTF-8 safe), the extension (up to 10 bytes) kept; "" becomes
/// `fallback`. Throws nothing (but bad_alloc).
std::string safe_file_name(std::string_view name, std::string_view fallback = "file", std::size_t max_bytes = 120);

}  // namespace gefest
