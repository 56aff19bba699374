// What a received e-mail says in its words (mail_import.h): RFC 2047 headers decoded as
// mailers really write them, the quantities next to a product code, the phones and ИНН
// of a signature or requisites. Pure; GMime only for its base64 and quoted-printable
// step decoders and its charset names.
#include "formats/mail_import.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <gmime/gmime.h>

#include "base/encoding.h"
#include "base/error.h"
#include "formats/requisites.h"

namespace gefest {

namespace {

// An RFC 2047 encoded word =?charset?B|Q?text?= at raw[i].
struct EncodedWord {
    std::string charset;  ///< lower case, without an RFC 2231 language ("utf-8*ru")
    char encoding = 'B';
    std::string_view text;
    size_t end = 0;       ///< just after "?="
};

std::optional<EncodedWord> encoded_word_at(std::string_view raw, size_t i) {
    if (raw.substr(i, 2) != "=?") return std::nullopt;
    const size_t q1 = raw.find('?', i + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= raw.size() || raw[q1 + 2] != '?') return std::nullopt;
    const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(raw[q1 + 1])));
    if (enc != 'B' && enc != 'Q') return std::nullopt;
    const size_t end = raw.find("?=", q1 + 3);
    if (end == std::string_view::npos) return std::nullopt;
    EncodedWord w;
    w.charset = lower_utf8(raw.substr(i + 2, q1 - i - 2));
    if (auto star = w.charset.find('*'); star != std::string::npos) w.charset.resize(star);
    if (w.charset.empty() || w.charset.find_first_of(" \t\r\n") != std::string::npos) return std::nullopt;
    w.encoding = enc;
    w.text = raw.substr(q1 + 3, end - q1 - 3);
    if (w.text.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
    w.end = end + 2;
    return w;
}

// The bytes of one encoded word, each word decoded on its own (GMime's step decoders
// with fresh state: base64 padding ends only this word).
std::string word_bytes(const EncodedWord& w) {
    std::string out(w.text.size() + 3, '\0');
    auto in = reinterpret_cast<const unsigned char*>(w.text.data());
    auto buf = reinterpret_cast<unsigned char*>(out.data());
    int state = 0;
    guint32 save = 0;
    if (w.encoding == 'B') {
        out.resize(g_mime_encoding_base64_decode_step(in, w.text.size(), buf, &state, &save));
        return out;
    }
    std::string q(w.text);
    std::replace(q.begin(), q.end(), '_', ' ');  // Q: '_' is a space; the rest is quoted-printable
    out.resize(g_mime_encoding_quoted_decode_step(reinterpret_cast<const unsigned char*>(q.data()), q.size(), buf, &state, &save));
    return out;
}

std::string charset_text(const std::string& bytes, const std::string& charset) {
    const char* iconv_name = g_mime_charset_iconv_name(charset.c_str());
    try {
        return encoding::to_utf8(bytes, iconv_name ? iconv_name : charset);
    } catch (const Error&) {
        try {
            return encoding::decode_text(bytes);  // a wrong charset label: UTF-8 or windows-1251
        } catch (const Error&) {
            return encoding::to_utf8(bytes, "windows-1251");  // every byte is a character there
        }
    }
}

}  // namespace

std::string decode_header_text(std::string_view raw) {
    std::string out, pending, pending_charset, between;
    auto flush = [&] {
        if (!pending.empty()) out += charset_text(pending, pending_charset);
        pending.clear();
        pending_charset.clear();
    };
    auto plain = [&](std::string_view text) {
        std::string t;
        for (char c : text)
            if (c != '\r' && c != '\n') t += c;  // unfolded: the folding whitespace stays
        try {
            out += encoding::decode_text(t);
        } catch (const Error&) {
            out += encoding::to_utf8(t, "windows-1251");
        }
    };
    size_t i = 0, text_from = 0;
    bool after_word = false;
    while (i < raw.size()) {
        auto w = encoded_word_at(raw, i);
        if (!w) {
            ++i;
            continue;
        }
        std::string_view gap = raw.substr(text_from, i - text_from);
        const bool only_space = gap.find_first_not_of(" \t\r\n") == std::string_view::npos;
        if (!(after_word && only_space)) {  // whitespace between two encoded words is not text
            flush();
            plain(gap);
        }
        if (w->charset != pending_charset) flush();
        pending_charset = w->charset;
        pending += word_bytes(*w);
        i = text_from = w->end;
        after_word = true;
    }
    flush();
    plain(raw.substr(text_from));
    return out;
}

namespace {

bool unit_word(std::string_view word) {
    static const char* units[] = {"шт", "штук", "штуки", "штука", "pcs", "pc", "pieces", "piece", "ед", "м", "метров", "метра", "метр",
                                  "кг", "компл", "комплект", "комплекта", "комплектов"};
    for (const char* u : units)
        if (word == u) return true;
    return false;
}

// The word at s[i] (letters, ASCII or UTF-8), lower case; `i` moves past it.
std::string word_at(std::string_view s, size_t& i) {
    size_t from = i;
    while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80)) ++i;
    return lower_utf8(s.substr(from, i - from));
}

std::int64_t digits_at(std::string_view s, size_t& i) {
    std::int64_t n = 0;
    size_t from = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - from < 8) n = n * 10 + (s[i++] - '0');
    if (i == from || (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))) return 0;
    return n <= 1'000'000 ? n : 0;
}

bool starts(std::string_view s, size_t i, std::string_view what) { return s.substr(i, what.size()) == what; }

}  // namespace

std::int64_t quantity_near(std::string_view text, std::size_t at, std::size_t end) {
    // After: [spaces] [: – — - x × х *] [spaces] N [spaces] [unit]
    size_t i = end;
    auto spaces = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    };
    spaces();
    bool times = false;
    for (std::string_view sep : {"×", "х", "x", "X", "*", "—", "–", "-", ":", "="}) {
        if (!starts(text, i, sep)) continue;
        times = sep == "×" || sep == "х" || sep == "x" || sep == "X" || sep == "*";
        i += sep.size();
        break;
    }
    spaces();
    if (std::int64_t n = digits_at(text, i); n > 0) {
        spaces();
        if (times || unit_word(word_at(text, i))) return n;
    }
    // Before: N [spaces] unit [.] [spaces] CODE
    size_t j = at;
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t' || text[j - 1] == '.')) --j;
    size_t word_end = j;
    while (j > 0 && (std::isalpha(static_cast<unsigned char>(text[j - 1])) || static_cast<unsigned char>(text[j - 1]) >= 0x80)) --j;
    if (j == word_end || !unit_word(lower_utf8(text.substr(j, word_end - j)))) return 0;
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t')) --j;
    size_t digits_end = j;
    while (j > 0 && std::isdigit(static_cast<unsigned char>(text[j - 1]))) --j;
    if (j == digits_end || (j > 0 && std::isalnum(static_cast<unsigned char>(text[j - 1])))) return 0;
    size_t k = j;
    return digits_at(text.substr(0, digits_end), k);
}

std::vector<std::string> phones_in_text(std::string_view text) {
    std::vector<std::string> out;
    auto phone_char = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.'; };
    size_t i = 0;
    while (i < text.size()) {
        const bool plus = text[i] == '+';
        if (!plus && !(text[i] == '(' || std::isdigit(static_cast<unsigned char>(text[i]))) ) {
            ++i;
            continue;
        }
        if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) {  // inside a word or a longer number
            while (i < text.size() && phone_char(text[i])) ++i;
            ++i;
            continue;
        }
        size_t end = i + (plus ? 1 : 0);
        while (end < text.size() && phone_char(text[end])) ++end;
        std::string_view candidate = text.substr(i, end - i);
        while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '.' || candidate.back() == '-')) candidate.remove_suffix(1);
        if (auto p = requisites::normalize_phone(candidate); p && std::find(out.begin(), out.end(), *p) == out.end()) out.push_back(*p);
        i = end + 1;
    }
    return out;
}

std::vector<std::string> inns_in_text(std::string_view text) {
    std::vector<std::string> out;
    for (size_t at = text.find("ИНН"); at != std::string_view::npos; at = text.find("ИНН", at + 1)) {
        size_t i = at + std::string_view("ИНН").size();
        while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && i - at < 24 && text[i] != '\n') ++i;
        size_t from = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        std::string inn(text.substr(from, i - from));
        if ((inn.size() == 10 || inn.size() == 12) && requisites::check_inn(inn).empty() && std::find(out.begin(), out.end(), inn) == out.end())
            out.push_back(inn);
    }
    return out;
}

}  // namespace gefest
