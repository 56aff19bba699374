#include "base/text.h"

#include <algorithm>
#include <exception>
#include <iterator>

#include "base/encoding.h"

namespace gefest {

namespace {

constexpr std::string_view nbsp = "\xC2\xA0";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view trim_ascii_space(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view trim_space(std::string_view s) {
    for (;;) {
        if (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
        else if (s.starts_with(nbsp)) s.remove_prefix(nbsp.size());
        else break;
    }
    for (;;) {
        if (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
        else if (s.ends_with(nbsp)) s.remove_suffix(nbsp.size());
        else break;
    }
    return s;
}

std::string unix_line_ends(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string escape_controls(std::string_view s, bool keep_lines) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    // Runs of bytes that cannot start an escape are copied at once (a listing of 10k
    // payments goes through here).
    auto plain = [](unsigned char c) { return c >= 0x20 && c != 0x7F && c != 0xC2 && c != 0xE2; };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (plain(static_cast<unsigned char>(s[i]))) {
            std::size_t end = i + 1;
            while (end < s.size() && plain(static_cast<unsigned char>(s[end]))) ++end;
            out.append(s.data() + i, end - i);
            i = end - 1;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' || c == '\t') {
            if (keep_lines) out += s[i];
            else out += c == '\n' ? "\\n" : "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            const auto cp = static_cast<unsigned char>(s[++i]);
            out += "<U+00";
            out += hex[cp >> 4];
            out += hex[cp & 15];
            out += '>';
        } else if (c == 0xE2 && i + 2 < s.size() &&
                   ((s[i + 1] == '\x80' && s[i + 2] >= '\xAA' && s[i + 2] <= '\xAE') ||
                    (s[i + 1] == '\x81' && s[i + 2] >= '\xA6' && s[i + 2] <= '\xA9'))) {
            const unsigned cp = 0x2000u | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) | (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            out += "<U+2";
            out += hex[(cp >> 8) & 15];
            out += hex[(cp >> 4) & 15];
            out += hex[cp & 15];
            out += '>';
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::size_t incomplete_utf8_tail(std::string_view s) {
    // Look back over at most three continuation bytes for the lead byte of the last sequence.
    for (std::size_t back = 1; back <= 4 && back <= s.size(); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte: keep looking
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? back : 0;
    }
    return 0;
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ' ' || c == '\t') {
            if (!cur.empty()) out.push_back(cur), cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

namespace {

// The UTF-8 character at s[i] that may not be in a file name: its length, else 0.
std::size_t unsafe_char_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F || std::string_view(":*?\"<>|;").find(static_cast<char>(c)) != std::string_view::npos) return 1;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return 2;
    if (c == 0xE2 && i + 2 < s.size()) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
        if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) return 3;
    }
    return 0;
}

}  // namespace

std::string safe_file_name(std::string_view name, std::string_view fallback, std::size_t max_bytes) {
    std::string text;
    try {
        text = encoding::decode_text(name);
    } catch (const std::exception&) {
        text = std::string(name);
    }
    if (auto slash = text.find_last_of("/\\"); slash != std::string::npos) text.erase(0, slash + 1);
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (std::size_t n = unsafe_char_at(text, i)) {
            out += '_';
            i += n;
        } else {
            out += text[i++];
        }
    }
    auto edge = [](char c) { return c == '.' || c == ' '; };
    while (!out.empty() && edge(out.front())) out.erase(0, 1);
    while (!out.empty() && edge(out.back())) out.pop_back();
    if (out.empty()) out = std::string(fallback);
    std::string stem = out, ext;
    if (auto dot = out.rfind('.'); dot != std::string::npos && dot > 0 && out.size() - dot <= 10) {
        stem = out.substr(0, dot);
        ext = out.substr(dot);
    }
    std::string upper;
    for (char c : stem) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    static const char* devices[] = {"CON", "PRN", "AUX", "NUL"};
    bool device = std::any_of(std::begin(devices), std::end(devices), [&](const char* d) { return upper == d; }) ||
                  (upper.size() == 4 && (upper.rfind("COM", 0) == 0 || upper.rfind("LPT", 0) == 0) && upper[3] >= '1' && upper[3] <= '9');
    if (device) stem = "_" + stem;
    const std::size_t room = max_bytes > ext.size() + 1 ? max_bytes - ext.size() : 1;
    if (stem.size() > room) {
        std::size_t cut = room;
        while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        stem.resize(cut);
        while (!stem.empty() && edge(stem.back())) stem.pop_back();
        if (stem.empty()) stem = "_";
    }
    return stem + ext;
}

}  // namespace gefest
