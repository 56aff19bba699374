#include "base/encoding.h"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest::encoding {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t npos = std::string_view::npos;

/// Offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
/// Follows the table of well-formed sequences in Unicode 15, section 3.9 (D92).
std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // ASCII eight bytes at a time: most of a large file is markup.
        for (std::uint64_t w; i + 8 <= s.size() && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080u) == 0);) i += 8;
        if (i >= s.size()) break;
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        // A two-byte letter (Cyrillic: most of the bytes of a Russian register).
        if (c >= 0xC2 && c <= 0xDF) {
            if (i + 1 >= s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) return i;
            i += 2;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // overlong
            if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;  // overlong
            if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
        } else {
            return i;
        }
        if (s.size() - i < len) return i;
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        if (c1 < lo || c1 > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += len;
    }
    return npos;
}

/// The code point and its length at `i` of valid UTF-8 `s`, for error messages.
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return {cp, len};
}

bool is_utf8_name(std::string_view charset) {
    std::string lower(charset);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return lower == "utf-8" || lower == "utf8";
}

using IconvHandle = std::unique_ptr<void, int (*)(iconv_t)>;

/// An iconv descriptor; glibc matches names case-insensitively.
IconvHandle open_iconv(const std::string& to, const std::string& from, std::string_view charset) {
    // glibc reads "//IGNORE" or "//TRANSLIT" in a name as "drop or replace what does not
    // fit": a charset declared in a file must never switch that on.
    iconv_t cd = charset.empty() || charset.find('/') != npos ? reinterpret_cast<iconv_t>(-1)
                                                              : iconv_open(to.c_str(), from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown charset '{}'")), charset));
    return IconvHandle(cd, iconv_close);
}

enum class Direction { to_utf8, from_utf8 };

std::string convert(std::string_view in, std::string_view charset, Direction dir) {
    const std::string name(charset);
    auto cd = dir == Direction::to_utf8 ? open_iconv("UTF-8", name, charset) : open_iconv(name, "UTF-8", charset);
    if (in.empty()) return {};

    // Cyrillic single-byte text doubles in UTF-8; the loop grows the buffer if needed.
    std::string out(in.size() * 2 + 16, '\0');
    std::size_t done = 0;
    char* ip = const_cast<char*>(in.data());  // iconv's signature predates const
    std::size_t in_left = in.size();
    for (bool flushing = false;;) {
        char* op = out.data() + done;
        std::size_t out_left = out.size() - done;
        // The final call with null input writes any pending shift state.
        std::size_t r = flushing ? iconv(cd.get(), nullptr, nullptr, &op, &out_left)
                                 : iconv(cd.get(), &ip, &in_left, &op, &out_left);
        done = static_cast<std::size_t>(op - out.data());
        if (r != static_cast<std::size_t>(-1)) {
            if (flushing) break;
            flushing = true;
            continue;
        }
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        std::size_t at = static_cast<std::size_t>(ip - in.data());
        if (dir == Direction::from_utf8) {  // the input was validated: it just does not fit
            auto [cp, len] = code_point_at(in, at);
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' (U+{:04X}) cannot be written in '{}'")),
                                                in.substr(at, len), static_cast<std::uint32_t>(cp), charset));
        }
        if (errno == EINVAL)
            throw Error(Errc::data,
                        fmt::format(fmt::runtime(tr("incomplete '{}' character at the end of the text")), charset));
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("invalid '{}' text: byte 0x{:02X} at offset {}")),
                                            charset, static_cast<unsigned char>(in[at]), at));
    }
    out.resize(done);
    return out;
}

void require_utf8(std::string_view bytes, std::string_view charset) {
    if (auto at = first_invalid_utf8(bytes); at != npos)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("invalid '{}' text: byte 0x{:02X} at offset {}")),
                                            charset, static_cast<unsigned char>(bytes[at]), at));
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) { return first_invalid_utf8(bytes) == npos; }

bool has_utf8_bom(std::string_view bytes) { return bytes.starts_with(utf8_bom); }

std::string_view strip_utf8_bom(std::string_view bytes) {
    return has_utf8_bom(bytes) ? bytes.substr(utf8_bom.size()) : bytes;
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
    charset = trim_blanks(charset);
    // UTF-8 to UTF-8 needs only a check; iconv would copy it byte for byte.
    if (is_utf8_name(charset)) {
        require_utf8(bytes, charset);
        return std::string(bytes);
    }
    return convert(bytes, charset, Direction::to_utf8);
}

std::string from_utf8(std::string_view utf8, std::string_view charset) {
    charset = trim_blanks(charset);
    require_utf8(utf8, "utf-8");
    if (is_utf8_name(charset)) return std::string(utf8);
    return convert(utf8, charset, Direction::from_utf8);
}

std::string decode_text(std::string_view bytes, std::string_view declared_charset) {
    if (has_utf8_bom(bytes)) return to_utf8(strip_utf8_bom(bytes), "utf-8");
    // Excel's "Unicode Text" (and Notepad's "Unicode"): UTF-16 with its BOM.
    if (bytes.starts_with("\xFF\xFE")) return to_utf8(bytes.substr(2), "UTF-16LE");
    if (bytes.starts_with("\xFE\xFF")) return to_utf8(bytes.substr(2), "UTF-16BE");
    if (is_valid_utf8(bytes)) return std::string(bytes);
    if (!trim_blanks(declared_charset).empty()) return to_utf8(bytes, declared_charset);
    return to_utf8(bytes, "windows-1251");
}

}  // namespace gefest::encoding

namespace gefest::encoding {

struct PieceDecoder::State {
    std::string charset;
    bool utf8 = false;
    IconvHandle cd{nullptr, iconv_close};
    std::string carry;        // the start of a character the last piece ended inside of
    std::string joined, out;  // carry + piece; the UTF-8 returned
    std::size_t offset = 0;   // bytes of the text before `carry`
};

PieceDecoder::PieceDecoder(std::string_view charset) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.charset = std::string(trim_blanks(charset));
    s.utf8 = is_utf8_name(s.charset);
    if (!s.utf8) s.cd = open_iconv("UTF-8", s.charset, s.charset);
}

PieceDecoder::~PieceDecoder() = default;

std::string_view PieceDecoder::feed(std::string_view piece, bool last) {
    State& s = *state_;
    std::string_view in = piece;
    if (!s.carry.empty()) {
        s.joined.assign(s.carry).append(piece);
        s.carry.clear();
        in = s.joined;
    }
    const std::size_t base = s.offset;
    auto invalid = [&](std::size_t at) {
        return Error(Errc::data, fmt::format(fmt::runtime(tr("invalid '{}' text: byte 0x{:02X} at offset {}")), s.charset,
                                             static_cast<unsigned char>(in[at]), base + at));
    };
    if (s.utf8) {
        std::size_t keep = 0;
        if (const std::size_t at = first_invalid_utf8(in); at != npos) {
            // A character cut by the piece's end is completed by the next; a bad byte
            // among the last three is carried and found bad then.
            if (last || in.size() - at >= 4) throw invalid(at);
            keep = in.size() - at;
        }
        s.carry.assign(in.substr(in.size() - keep));
        s.offset += in.size() - keep;
        return in.substr(0, in.size() - keep);
    }
    s.out.resize(in.size() * 2 + 16);
    std::size_t done = 0;
    char* ip = const_cast<char*>(in.data());  // iconv's signature predates const
    std::size_t in_left = in.size();
    for (bool flushing = false;;) {
        char* op = s.out.data() + done;
        std::size_t out_left = s.out.size() - done;
        std::size_t r = flushing ? iconv(s.cd.get(), nullptr, nullptr, &op, &out_left) : iconv(s.cd.get(), &ip, &in_left, &op, &out_left);
        done = static_cast<std::size_t>(op - s.out.data());
        if (r != static_cast<std::size_t>(-1)) {
            if (flushing || !last) break;
            flushing = true;  // the final call writes any pending shift state
            continue;
        }
        if (errno == E2BIG) {
            s.out.resize(s.out.size() * 2);
            continue;
        }
        if (errno == EINVAL && !last) break;  // the rest is a character the next piece ends
        if (errno == EINVAL)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("incomplete '{}' character at the end of the text")), s.charset));
        throw invalid(static_cast<std::size_t>(ip - in.data()));
    }
    s.carry.assign(in.substr(in.size() - in_left));
    s.offset += in.size() - in_left;
    return std::string_view(s.out.data(), done);
}

}  // namespace gefest::encoding
