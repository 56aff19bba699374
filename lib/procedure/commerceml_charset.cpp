// The charset of a 1C exchange file, decided before expat reads it
// (commerceml_internal.h).
#include <algorithm>
#include <string>
#include <utility>

#include "base/encoding.h"
#include "base/error.h"
#include "base/text.h"
#include "procedure/commerceml_internal.h"

namespace gefest::cml_read {

namespace {

// The charset named in the XML declaration at the start of `head` ("" if none).
std::string declared_encoding(const std::string& head) {
    size_t end = head.find("?>");
    if (end == std::string::npos) return "";
    size_t p = head.find("encoding=");
    if (p == std::string::npos || p > end) return "";
    p += 9;
    if (p >= end) return "";
    char q = head[p];
    size_t e = head.find(q, p + 1);
    return e == std::string::npos || e > end ? "" : head.substr(p + 1, e - p - 1);
}

bool utf8_name(std::string s) {
    s = trimmed(s);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return s == "utf-8" || s == "utf8";
}

}  // namespace

std::pair<std::string, std::size_t> charset_of(const Pieces& pieces) {
    std::string head;
    bool utf8 = true;
    encoding::PieceDecoder check("utf-8");
    auto bom = [&] { return encoding::has_utf8_bom(head) ? 3 : head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") ? 2 : 0; };
    pieces([&](std::string_view p) {
        if (head.size() < 300) head.append(p.substr(0, std::min(p.size(), 300 - head.size())));
        if (head.size() >= 3 && bom()) return false;
        if (head.size() >= 300 && utf8_name(declared_encoding(head))) return false;
        if (utf8) try {
                check.feed(p, false);
            } catch (const Error&) {
                utf8 = false;
            }
        return utf8 || head.size() < 300;
    });
    if (const int b = bom()) return {b == 3 ? "" : head[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", static_cast<std::size_t>(b)};
    if (utf8_name(declared_encoding(head))) return {"", 0};
    if (utf8) try {
            check.feed({}, true);
            return {"", 0};  // "": UTF-8 known valid, handed to expat as it is
        } catch (const Error&) {
        }
    const std::string declared = declared_encoding(head);
    return {trimmed(declared).empty() ? "windows-1251" : declared, 0};
}

}  // namespace gefest::cml_read
