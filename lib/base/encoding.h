// Text encodings at the edges of the share. Inside gefest every string is UTF-8; files
// that come from 1C, banks or old Excel installs may be windows-1251, cp866 or koi8-r,
// and files written for 1C must be windows-1251. Conversions go through glibc's iconv.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gefest::encoding {

/// True if `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing above
/// U+10FFFF, no truncated sequence at the end. Pure ASCII (and "") is valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// True if `bytes` starts with the UTF-8 byte order mark EF BB BF (what Excel writes).
bool has_utf8_bom(std::string_view bytes);

/// `bytes` without a leading UTF-8 byte order mark; unchanged if there is none.
std::string_view strip_utf8_bom(std::string_view bytes);

/// `bytes` in `charset` converted to UTF-8. `charset` is an iconv name, case-insensitive:
/// "windows-1251", "cp1251", "cp866", "koi8-r", "utf-8"… A BOM is not removed here (see
/// decode_text). Throws Error(Errc::data) naming the charset if it is unknown or the
/// bytes are not valid in it (with the offset of the first bad byte).
std::string to_utf8(std::string_view bytes, std::string_view charset);

/// UTF-8 `utf8` converted to `charset` (e.g. "windows-1251" for files 1C reads).
/// Throws Error(Errc::data) if the charset is unknown, `utf8` is not valid UTF-8, or a
/// character has no equivalent in the charset (naming it) — never substitutes "?".
std::string from_utf8(std::string_view utf8, std::string_view charset);

/// Text of unknown origin as UTF-8, without a BOM. The order, first match wins:
///  1. a UTF-8 BOM: UTF-8 (the rest must be valid UTF-8, else Error); a UTF-16 BOM
///     (FF FE, what Excel's "Unicode Text" writes, or FE FF): UTF-16LE / UTF-16BE (Error
///     naming "UTF-16LE" if the rest is not);
///  2. valid UTF-8: taken as is, even if `declared_charset` says otherwise — real files
///     lie (1C exports in UTF-8 that still declare "Кодировка=Windows");
///  3. `declared_charset` if not empty;
///  4. windows-1251, what Russian Windows and Excel write by default.
/// Step 2 means the declared charset must be ASCII-compatible (all of 1C's are); a
/// cp1251 text that happens to be valid UTF-8 is vanishingly rare in real documents.
/// Throws Error(Errc::data) as to_utf8 does.
std::string decode_text(std::string_view bytes, std::string_view declared_charset = {});

/// Text in one charset converted to UTF-8 piece by piece, for a file too large to hold
/// whole: a character split between two pieces is completed by the next. For "utf-8" the
/// pieces are only checked. Errors as to_utf8's, the offset counted from the text's start.
class PieceDecoder {
public:
    /// Error(data) if `charset` is unknown (to_utf8's names).
    explicit PieceDecoder(std::string_view charset);
    ~PieceDecoder();
    PieceDecoder(const PieceDecoder&) = delete;
    PieceDecoder& operator=(const PieceDecoder&) = delete;

    /// The UTF-8 of `piece` (valid until the next call), less the bytes of a character it
    /// ends inside of, which the next piece's text starts with. `last`: no piece follows,
    /// so an incomplete character is an Error(data).
    std::string_view feed(std::string_view piece, bool last);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace gefest::encoding
