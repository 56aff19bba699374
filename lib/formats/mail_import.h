// Inquiries that arrive by e-mail (step 5.2.1.4): real RFC 5322 messages, read with
// GMime 3 (MIME multipart, RFC 2047 encoded words, quoted-printable and base64 bodies,
// any charset iconv knows: UTF-8, windows-1251, koi8-r…). This file only turns bytes
// into a MailMessage (mail_import.cpp) and reads what its words say (mail_text.cpp:
// encoded headers, quantities, phones, ИНН); matching the sender and recording the
// inquiry is lib/procedure/calls.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gefest {

/// A file that came with an e-mail (a part with a file name or marked as an attachment).
struct ReceivedFile {
    std::string name;     ///< the file name as the sender gave it, decoded to UTF-8 ("" : none given)
    std::string content;  ///< the bytes, transfer encoding undone
};

/// What gefest keeps of one e-mail.
struct MailMessage {
    std::string file;        ///< where it was read from (for messages)
    std::string message_id;  ///< Message-ID without angle brackets; "" if the message has none
    std::string key;         ///< idempotency key: the Message-ID, else "sha:" + checksum of the raw bytes
    std::string from_name;   ///< display name of the sender, decoded to UTF-8, one line (input::clean_line); "" if none
    std::string from_email;  ///< sender's address, normalised (lower case)
    std::string subject;     ///< decoded to UTF-8, one line (input::clean_line)
    std::string date;        ///< the Date header as local "YYYY-MM-DDTHH:MM:SS"; "" if absent or unreadable
    std::string text;        ///< the body as UTF-8 plain text (text/plain preferred, else text/html without tags), input::clean_text
    std::vector<ReceivedFile> attachments;  ///< in MIME order; not the text parts read into `text`
};

/// Most bytes of attachments one message may bring (all of them together); a message
/// with more is Error(data): a mailbox is not a file store.
inline constexpr std::size_t max_attachment_bytes = 50u << 20;

/// A raw header value (folded or not) with its RFC 2047 encoded words decoded to UTF-8,
/// the way mailers really write them: adjacent encoded words of one charset are decoded
/// each (base64 or Q) and their bytes joined before the charset is converted, so a
/// character split between two words (or a word ending in base64 padding) is kept
/// whole; whitespace between two encoded words is dropped, other text is kept (raw
/// 8-bit text as UTF-8, else windows-1251). Bytes invalid in their charset are kept as
/// windows-1251 text rather than lost. Throws nothing.
std::string decode_header_text(std::string_view raw);

/// Parses one raw RFC 5322 message. Throws Error(Errc::data, reason, file) when it
/// cannot be imported: empty or not a message, no From header, a From without a valid
/// address, or a text body whose bytes are not valid in its declared charset.
MailMessage parse_mail(std::string_view raw, const std::string& file);

/// Reads and parses `path` (Error(not_found/io) from reading, Error(data) as parse_mail).
MailMessage read_mail_file(const std::filesystem::path& path);

/// The message files of a Maildir: regular files in DIR/new and DIR/cur (names not
/// starting with '.'), sorted by name. Error(not_found) if DIR has neither folder.
std::vector<std::filesystem::path> maildir_files(const std::filesystem::path& dir);

/// HTML as plain text: tags removed, <script>/<style> contents dropped, <br>, </p>,
/// </div>, </tr>, </li>, </h1-6> as line breaks, the common entities and numeric
/// character references decoded, runs of blank lines and spaces collapsed.
std::string html_to_text(std::string_view html);

/// The first of `sources` named in `text` (case-insensitive for Latin and Cyrillic),
/// by position in the text; "" if none. Sources in `ignore` are never matched (e.g.
/// «Другое», too common a word, and «E-mail», the default anyway).
std::string find_source_in_text(std::string_view text, const std::vector<std::string>& sources,
                                 const std::vector<std::string>& ignore = {});

/// The quantity written next to a product code found at text[at, end) of a message: after
/// it («ПК-50 2 шт», «ПК-50 — 5 штук», «ПК-50: 3 шт.», «ПК-50 x 10 pcs», «ПК-50 × 2»)
/// or, failing that, just before it («2 шт ПК-50», «10 pcs ПК-50»). A number after
/// the code needs a unit word (шт, штук, штуки, штука, pcs, pc, pieces, ед, м, метров,
/// метра, кг, компл, комплект(а/ов)) or a multiplication sign before it; a number before
/// the code needs the unit word. 0 when none is written (or it is not a whole number
/// from 1 to 1 000 000). Throws nothing.
std::int64_t quantity_near(std::string_view text, std::size_t at, std::size_t end);

/// Phone numbers written in a message (a signature: «Тел. +7 (3452) 68-41-20»), each
/// normalised (requisites::normalize_phone), in text order, each once. Throws nothing.
std::vector<std::string> phones_in_text(std::string_view text);

/// ИНН written in a message after the word «ИНН» («ИНН 7203145879», «ИНН/КПП
/// 7203145879/720301001»), only those whose check digits are right, in text order,
/// each once. Throws nothing.
std::vector<std::string> inns_in_text(std::string_view text);

/// `s` in lower case: ASCII and Russian letters (А-Я, Ё), the rest unchanged.
std::string lower_utf8(std::string_view s);

}  // namespace gefest
