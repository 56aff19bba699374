// The one input boundary: what a value must be before gefest keeps it, wherever it comes
// from. Values come from three kinds of place, and each gets one treatment:
//  - typed by a person (the command line, the environment): refused with a one-line
//    Error(data) naming the field, before anything is written (require_*);
//  - hand-edited files on the share (Сотрудники.toml…): refused the same way, with
//    FILE:LINE;
//  - outside texts nobody at the company typed (an e-mail's From display name, a web-site
//    application, a CommerceML export, a bank statement): cleaned where they enter
//    (clean_*), since refusing the whole message for one stray character helps nobody.
// A kept text never holds control characters (C0 incl. NUL, DEL, C1), line or paragraph
// separators, or the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
// that make a name display as something else; multi-line texts may hold LF (and tab).
// Logins and host names end up in file names of the share (journal segments, locks), so
// they are held to a strict character set a Windows server accepts. Amounts are bounded
// so that sums of them cannot overflow Money's int64 kopecks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/money.h"

namespace gefest::input {

/// Longest texts, in characters (code points).
inline constexpr std::size_t max_name = 300;    ///< a name: a client's, a contact's, a staff member's
inline constexpr std::size_t max_line = 1000;   ///< any other one-line field (address, subject, SKU…)
inline constexpr std::size_t max_text = 20000;  ///< a multi-line text: notes, an e-mail's body
inline constexpr std::size_t max_login = 32;    ///< a login (Linux's useradd allows 32)
inline constexpr std::size_t max_host = 63;     ///< a host name (one DNS label; NetBIOS names are 15)

/// The largest amount gefest accepts anywhere, in kopecks: 999 999 999 999,99 roubles,
/// under 10^12 roubles. int64 kopecks hold 92 233 amounts of this size, so the sum of the
/// lines of an order or an invoice, or of a client's payments, cannot overflow.
inline constexpr std::int64_t max_kopecks = 99'999'999'999'999;
/// The largest quantity of one line (pieces, packs…): a billion.
inline constexpr std::int64_t max_quantity = 1'000'000'000;

/// Why `text` cannot be kept as one line of at most `max_chars` characters, in the
/// user's words ("control character U+000A is not allowed"); "" when it can. Invalid
/// UTF-8, a control character, a line or paragraph separator, a bidi control and an
/// overlong text are the problems. Throws nothing.
std::string line_problem(std::string_view text, std::size_t max_chars = max_line);
/// As line_problem, for a multi-line text: LF and tab are allowed (CR is not: texts are
/// kept with LF line ends, see unix_line_ends).
std::string text_problem(std::string_view text, std::size_t max_chars = max_text);

/// Throws Error(data) "FIELD: <problem>" (with `file`/`line` when given, for a
/// hand-edited file) unless line_problem(text, max_chars) is "".
void require_line(std::string_view text, std::string_view field, std::size_t max_chars = max_line, const std::string& file = {},
                  int line = 0);
/// As require_line for a multi-line text (text_problem).
void require_text(std::string_view text, std::string_view field, std::size_t max_chars = max_text, const std::string& file = {},
                  int line = 0);
/// As require_line, and the text must hold more than blanks and must not start or end
/// with a space or tab (Error(data) "FIELD: is empty" / "FIELD: starts or ends with a space").
void require_name(std::string_view text, std::string_view field, std::size_t max_chars = max_name, const std::string& file = {},
                  int line = 0);

/// An outside text as one line that line_problem accepts: invalid UTF-8 bytes become
/// U+FFFD, control characters and separators (CR, LF, tab included) a space, bidi
/// controls are dropped, a control character next to a space adds none, the ends trimmed,
/// and the result cut at `max_chars` characters (never inside a character). Throws nothing.
std::string clean_line(std::string_view text, std::size_t max_chars = max_line);
/// `text` made clean_line(text) where it stands: a text that is clean already (nearly every
/// one) is neither copied nor allocated again. Throws std::bad_alloc.
void clean_line_in_place(std::string& text, std::size_t max_chars = max_line);
/// As clean_line for a multi-line text: CR LF and lone CR become LF, LF and tab are
/// kept, everything else as clean_line (no runs are collapsed, nothing is trimmed).
std::string clean_text(std::string_view text, std::size_t max_chars = max_text);

/// Why `login` cannot be a login, "" when it can: 1 to max_login characters of a-z, 0-9,
/// '.', '_', '-', not starting with '.' or '-', and not a Windows device name (CON, PRN,
/// AUX, NUL, COM1–COM9, LPT1–LPT9, in any case, alone or before a dot). Throws nothing.
std::string login_problem(std::string_view login);
/// As login_problem for a host name: the same rules, upper-case letters allowed too
/// (host names are case-insensitive; Windows machines report theirs in capitals), at most
/// max_host characters.
std::string host_problem(std::string_view host);
/// Error(data) "FIELD: '<login>' is not a login: …" (FILE:LINE when given) unless login_problem is "".
void require_login(std::string_view login, std::string_view field, const std::string& file = {}, int line = 0);
/// Error(data) "FIELD: '<host>' is not a host name: …" unless host_problem is "".
void require_host(std::string_view host, std::string_view field);

/// "<amount> is beyond the largest amount gefest accepts (999 999 999 999,99)" unless
/// |amount| <= max_kopecks; "" when it is not. Throws nothing.
std::string amount_problem(Money amount);
/// Error(data) "FIELD: <amount_problem>" unless |amount| <= max_kopecks.
void require_amount(Money amount, std::string_view field);
/// Error(data) "FIELD: quantity N is beyond the largest gefest accepts (1000000000)"
/// unless |qty| <= max_quantity.
void require_quantity(std::int64_t qty, std::string_view field);
/// True if |amount| <= max_kopecks.
bool amount_in_range(Money amount);

/// `text` for an error message or a comment: control characters, separators and bidi
/// controls shown as "\n", "\t" or "\u202E", invalid bytes as "\xFF", so the message stays
/// one line and shows what was typed. Throws nothing.
std::string shown(std::string_view text);

}  // namespace gefest::input
