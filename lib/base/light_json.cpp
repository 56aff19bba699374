#include "base/light_json.h"

#include <limits>

#include "base/encoding.h"

namespace gefest::light_json {

namespace {

constexpr int max_depth = 32;  // deeper: refused (nlohmann would read it)

// A cursor over JSON text that checks what it passes over as nlohmann's lexer does (or
// more strictly); with `check` false, over text valid() accepted already, it only finds
// where each value ends (never reading outside the text, whatever it is given).
template <bool check>
class Scanner {
public:
    explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    void space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    }
    bool at_end() const { return p_ == end_; }
    bool peek(char c) const { return p_ < end_ && *p_ == c; }
    bool eat(char c) {
        if (!peek(c)) return false;
        ++p_;
        return true;
    }
    const char* here() const { return p_; }

    // One value, checked; `depth`: how many arrays and objects it is inside.
    bool value(int depth) {
        if (p_ == end_) return false;
        switch (*p_) {
            case '"': return string();
            case '{': return container(depth, '}', true);
            case '[': return container(depth, ']', false);
            case 't': return word("true");
            case 'f': return word("false");
            case 'n': return word("null");
            default: return number();
        }
    }

    // A string at its opening quote, checked: escapes, \u surrogate pairs, UTF-8, no
    // control characters. `escaped` says whether it held a backslash.
    bool string(bool* escaped = nullptr) {
        if (!eat('"')) return false;
        while (p_ < end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (!check) {
                if (c == '\\') {
                    if (escaped) *escaped = true;
                    p_ += p_ + 1 < end_ ? 2 : 1;
                } else {
                    ++p_;
                }
                continue;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                if (escaped) *escaped = true;
                if (!escape()) return false;
            } else if (c < 0x80) {
                ++p_;
            } else if (!utf8()) {
                return false;
            }
        }
        return false;
    }

private:
    bool word(std::string_view w) {
        if (static_cast<size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w) return false;
        p_ += w.size();
        return true;
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)? — an exponent, or more than 30 characters, is refused.
    bool number() {
        if (!check) {
            const char* start = p_;
            while (p_ < end_ && (digit(*p_) || *p_ == '-' || *p_ == '.')) ++p_;
            return p_ > start;
        }
        const char* start = p_;
        eat('-');
        if (eat('0')) {
        } else if (p_ < end_ && *p_ >= '1' && *p_ <= '9') {
            while (p_ < end_ && digit(*p_)) ++p_;
        } else {
            return false;
        }
        if (eat('.')) {
            if (p_ == end_ || !digit(*p_)) return false;
            while (p_ < end_ && digit(*p_)) ++p_;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
        return p_ - start <= 30;
    }

    bool container(int depth, char close, bool object) {
        if (depth >= max_depth) return false;
        ++p_;
        space();
        if (eat(close)) return true;
        for (;;) {
            if (object) {
                if (!string()) return false;
                space();
                if (!eat(':')) return false;
                space();
            }
            if (!value(depth + 1)) return false;
            space();
            if (eat(close)) return true;
            if (!eat(',')) return false;
            space();
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // \uXXXX after the backslash and 'u'; -1 if not four hex digits.
    long code_unit() {
        if (end_ - p_ < 4) return -1;
        long v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(p_[i]);
            if (h < 0) return -1;
            v = v << 4 | h;
        }
        p_ += 4;
        return v;
    }

    bool escape() {
        ++p_;  // the backslash
        if (p_ == end_) return false;
        const char c = *p_++;
        switch (c) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return true;
            case 'u': break;
            default: return false;
        }
        const long unit = code_unit();
        if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;  // a lone low surrogate
        if (unit < 0xD800 || unit > 0xDBFF) return true;
        if (!word("\\u")) return false;  // a high surrogate needs its low one
        const long low = code_unit();
        return low >= 0xDC00 && low <= 0xDFFF;
    }

    // One UTF-8 sequence of 2-4 bytes, as RFC 3629 (and nlohmann) allow them.
    bool utf8() {
        const auto c = static_cast<unsigned char>(*p_);
        int more = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (c >= 0xC2 && c <= 0xDF) more = 1;
        else if (c == 0xE0) more = 2, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) more = 2;
        else if (c == 0xED) more = 2, hi = 0x9F;
        else if (c == 0xF0) more = 3, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) more = 3;
        else if (c == 0xF4) more = 3, hi = 0x8F;
        else return false;
        if (end_ - p_ <= more) return false;
        for (int i = 1; i <= more; ++i) {
            const auto b = static_cast<unsigned char>(p_[i]);
            if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
        }
        p_ += more + 1;
        return true;
    }

    const char* p_;
    const char* end_;
};

void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | cp >> 6);
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | cp >> 12);
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | cp >> 18);
        out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint32_t hex4(std::string_view s) {
    std::uint32_t v = 0;
    for (char c : s.substr(0, 4)) v = v << 4 | static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    return v;
}

// The members (object) or elements of a container, each checked.
bool each(std::string_view text, bool object, const std::function<bool(std::string_view, std::string_view)>& visit) {
    Scanner<false> s(text);
    s.space();
    if (!s.eat(object ? '{' : '[')) return false;
    const char close = object ? '}' : ']';
    s.space();
    if (!s.eat(close)) {
        for (;;) {
            std::string_view key;
            if (object) {
                const char* k = s.here();
                bool escaped = false;
                if (!s.string(&escaped) || escaped) return false;
                key = std::string_view(k + 1, static_cast<size_t>(s.here() - k - 2));
                s.space();
                if (!s.eat(':')) return false;
                s.space();
            }
            const char* v = s.here();
            if (!s.value(1)) return false;
            if (!visit(key, std::string_view(v, static_cast<size_t>(s.here() - v)))) return false;
            s.space();
            if (s.eat(close)) break;
            if (!s.eat(',')) return false;
            s.space();
        }
    }
    s.space();
    return s.at_end();
}

}  // namespace

bool valid(std::string_view text) {
    Scanner<true> s(text);
    s.space();
    if (!s.value(0)) return false;
    s.space();
    return s.at_end();
}

bool for_each_member(std::string_view text, const std::function<bool(std::string_view, std::string_view)>& member) {
    return each(text, true, member);
}

bool for_each_element(std::string_view text, const std::function<bool(std::string_view)>& element) {
    return each(text, false, [&](std::string_view, std::string_view value) { return element(value); });
}

// `value` was checked by the scanner that found it (for_each_member): only the escapes are
// decoded here, trusting their shape; a value that is not a string is refused.
bool read_string(std::string_view value, std::string& out) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return false;
    value = value.substr(1, value.size() - 2);
    out.clear();
    for (size_t i = 0; i < value.size();) {
        const size_t slash = value.find('\\', i);
        out.append(value.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i));
        if (slash == std::string_view::npos) break;
        if (slash + 1 >= value.size()) return false;
        const char c = value[slash + 1];
        i = slash + 2;
        switch (c) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                if (value.size() - i < 4) return false;
                std::uint32_t cp = hex4(value.substr(i));
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (value.size() - i < 6 || value[i] != '\\' || value[i + 1] != 'u') return false;
                    const std::uint32_t low = hex4(value.substr(i + 2));
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                put_utf8(out, cp);
                break;
            }
            default: out += c;  // " \ /
        }
    }
    return true;
}

bool read_int(std::string_view value, std::int64_t& out) {
    const bool negative = !value.empty() && value.front() == '-';
    if (negative) value.remove_prefix(1);
    if (value.empty() || value.size() > 19) return false;
    std::uint64_t v = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (v > max + (negative ? 1 : 0)) return false;
    out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
    return true;
}

bool read_bool(std::string_view value, bool& out) {
    if (value == "true") out = true;
    else if (value == "false") out = false;
    else return false;
    return true;
}

bool write_string(std::string& out, std::string_view text) {
    if (!encoding::is_valid_utf8(text)) return false;
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t from = 0;  // the bytes since the last escape, copied at once
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + from, i - from);
        from = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            }
        }
    }
    out.append(text.data() + from, text.size() - from);
    out += '"';
    return true;
}

}  // namespace gefest::light_json
