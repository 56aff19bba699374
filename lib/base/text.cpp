#include "base/text.h"

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

}  // namespace gefest
