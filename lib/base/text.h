// Small helpers for text as people type, paste and import it: trimming at the ends and
// line ends. Bytes are UTF-8; only the characters named are touched, never a byte of
// another character (a lone 0xC2 or 0xA0 byte is text, not a space).
#pragma once

#include <string>
#include <string_view>

namespace gefest {

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

}  // namespace gefest
