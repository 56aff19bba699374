// The input boundary (base/input.h): one decoder of UTF-8 and one list of the characters
// a kept text may not hold, used by the checks that refuse and the cleaners that replace.
#include "base/input.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/locale_text.h"
#include "base/text.h"

namespace gefest::input {

namespace {

constexpr char32_t invalid = 0xFFFFFFFF;

// The code point at `s[i]` and its length in bytes; `invalid` and 1 for a byte that does
// not start a well-formed sequence (overlong forms, surrogates and > U+10FFFF included).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) return {c, 1};
    std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return {invalid, 1};
    char32_t cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(k) & 0xC0) != 0x80) return {invalid, 1};
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    static constexpr std::array<char32_t, 5> least = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {invalid, 1};
    return {cp, len};
}

bool is_bidi_control(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

// C0 (NUL…US), DEL, C1, and the Unicode line and paragraph separators.
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029; }

std::string problem(std::string_view text, std::size_t max_chars, bool multiline) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = decode(text, i);
        if (cp == invalid)
            return fmt::format(fmt::runtime(tr("byte {} is not UTF-8 text (0x{:02X})")), i + 1, static_cast<unsigned char>(text[i]));
        const bool allowed = multiline && (cp == '\n' || cp == '\t');
        if (is_control(cp) && !allowed) return fmt::format(fmt::runtime(tr("control character U+{:04X} is not allowed")), static_cast<unsigned>(cp));
        if (is_bidi_control(cp))
            return fmt::format(fmt::runtime(tr("bidirectional control character U+{:04X} is not allowed")), static_cast<unsigned>(cp));
        i += len;
        ++chars;
    }
    if (chars > max_chars) return fmt::format(fmt::runtime(tr("longer than {} characters ({})")), max_chars, chars);
    return {};
}

[[noreturn]] void fail(std::string_view field, const std::string& what, const std::string& file = {}, int line = 0) {
    throw Error(Errc::data, fmt::format("{}: {}", field, what), file, line);
}

// Cuts `out` to at most `max_chars` characters; `out` is well-formed UTF-8.
void cut(std::string& out, std::size_t max_chars) {
    std::size_t chars = 0, i = 0;
    while (i < out.size() && chars < max_chars) {
        i += decode(out, i).second;
        ++chars;
    }
    out.resize(i);
}

// A line cleaning leaves as it is: printable ASCII and two-byte characters from U+00A0
// (Cyrillic letters, «»), no space at either end, at most `max_chars` characters. Most
// outside text is so (a 1C catalog of 400k products is millions of such fields).
bool already_clean_line(std::string_view text, std::size_t max_chars) {
    if (text.empty()) return true;
    if (text.front() == ' ' || text.back() == ' ') return false;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            ++i;
        } else if (c >= 0xC2 && c <= 0xDF && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80 &&
                   !(c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)) {
            // Two bytes of U+00A0…U+07FF: never a control (U+0080…U+009F are C2 80…C2 9F)
            // nor a bidi control, never overlong (the lead is C2 or above).
            i += 2;
        } else {
            return false;
        }
    }
    return chars <= max_chars;
}

std::string cleaned(std::string_view text, std::size_t max_chars, bool multiline) {
    if (!multiline && already_clean_line(text, max_chars)) return std::string(text);
    std::string out;
    out.reserve(text.size());
    bool replaced = false;  // the last thing written stands for a control character
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = decode(text, i);
        i += len;
        if (cp == invalid) cp = 0xFFFD;
        if (multiline && cp == '\r') {
            if (i < text.size() && text[i] == '\n') continue;  // CR LF: the LF follows
            cp = '\n';
        }
        if (is_bidi_control(cp)) continue;
        if (is_control(cp) && !(multiline && (cp == '\n' || cp == '\t'))) {
            // One line: a line break between two words becomes one space, not two.
            if (multiline || (!out.empty() && out.back() != ' ')) out += ' ';
            replaced = true;
            continue;
        }
        if (!multiline && replaced && cp == ' ' && !out.empty() && out.back() == ' ') continue;
        replaced = false;
        append_utf8(out, cp);
    }
    if (!multiline) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out.erase(0, std::min(out.find_first_not_of(' '), out.size()));
    }
    cut(out, max_chars);
    if (!multiline)
        while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool is_device_name(std::string_view name) {
    std::string base(name.substr(0, name.find('.')));
    for (char& c : base) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (base == "CON" || base == "PRN" || base == "AUX" || base == "NUL") return true;
    return base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) && base[3] >= '1' && base[3] <= '9';
}

std::string name_problem(std::string_view name, std::size_t max_chars, bool upper_ok) {
    const bool ok_chars = std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (upper_ok && c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
    const char* allowed = upper_ok ? "A-Z, a-z, 0-9, '.', '_', '-'" : "a-z, 0-9, '.', '_', '-'";
    if (name.empty() || name.size() > max_chars || !ok_chars)
        return fmt::format(fmt::runtime(tr("use 1 to {} characters of {}")), max_chars, allowed);
    if (name.front() == '.' || name.front() == '-') return tr("must not start with '.' or '-'");
    if (is_device_name(name)) return tr("a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9) cannot name a file");
    return {};
}

}  // namespace

std::string line_problem(std::string_view text, std::size_t max_chars) { return problem(text, max_chars, false); }

std::string text_problem(std::string_view text, std::size_t max_chars) { return problem(text, max_chars, true); }

void require_line(std::string_view text, std::string_view field, std::size_t max_chars, const std::string& file, int line) {
    if (std::string why = line_problem(text, max_chars); !why.empty()) fail(field, why, file, line);
}

void require_text(std::string_view text, std::string_view field, std::size_t max_chars, const std::string& file, int line) {
    if (std::string why = text_problem(text, max_chars); !why.empty()) fail(field, why, file, line);
}

void require_name(std::string_view text, std::string_view field, std::size_t max_chars, const std::string& file, int line) {
    require_line(text, field, max_chars, file, line);
    if (text.find_first_not_of(" \t") == std::string_view::npos) fail(field, tr("is empty"), file, line);
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    if (blank(text.front()) || blank(text.back())) fail(field, tr("starts or ends with a space"), file, line);
}

std::string clean_line(std::string_view text, std::size_t max_chars) { return cleaned(text, max_chars, false); }

void clean_line_in_place(std::string& text, std::size_t max_chars) {
    if (!already_clean_line(text, max_chars)) text = cleaned(text, max_chars, false);
}

std::string clean_text(std::string_view text, std::size_t max_chars) { return cleaned(text, max_chars, true); }

std::string login_problem(std::string_view login) { return name_problem(login, max_login, false); }

std::string host_problem(std::string_view host) { return name_problem(host, max_host, true); }

void require_login(std::string_view login, std::string_view field, const std::string& file, int line) {
    if (std::string why = login_problem(login); !why.empty())
        fail(field, fmt::format(fmt::runtime(tr("'{}' is not a login: {}")), shown(login), why), file, line);
}

void require_host(std::string_view host, std::string_view field) {
    if (std::string why = host_problem(host); !why.empty())
        fail(field, fmt::format(fmt::runtime(tr("'{}' is not a host name: {}")), shown(host), why));
}

bool amount_in_range(Money amount) { return amount.kopecks >= -max_kopecks && amount.kopecks <= max_kopecks; }

std::string amount_problem(Money amount) {
    if (amount_in_range(amount)) return {};
    return fmt::format(fmt::runtime(tr("{} is beyond the largest amount gefest accepts ({})")), money_text(amount), money_text(Money{max_kopecks}));
}

void require_amount(Money amount, std::string_view field) {
    if (std::string why = amount_problem(amount); !why.empty()) fail(field, why);
}

void require_quantity(std::int64_t qty, std::string_view field) {
    if (qty < -max_quantity || qty > max_quantity)
        fail(field, fmt::format(fmt::runtime(tr("quantity {} is beyond the largest gefest accepts ({})")), qty, max_quantity));
}

std::string shown(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = decode(text, i);
        if (cp == invalid) out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
        else if (cp == '\n') out += "\\n";
        else if (cp == '\r') out += "\\r";
        else if (cp == '\t') out += "\\t";
        else if (is_control(cp) || is_bidi_control(cp)) out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
        else out += text.substr(i, len);
        i += len;
    }
    return out;
}

}  // namespace gefest::input
