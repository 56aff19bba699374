// Inquiries that arrive by e-mail (step 5.2.1.4): real RFC 5322 messages, read with
// GMime 3 (MIME multipart, RFC 2047 encoded words, quoted-printable and base64 bodies,
// any charset iconv knows: UTF-8, windows-1251, koi8-r…). This file only turns bytes
// into a MailMessage; matching the sender and recording the inquiry is lib/procedure/calls.h.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gefest {

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
};

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

/// `s` in lower case: ASCII and Russian letters (А-Я, Ё), the rest unchanged.
std::string lower_utf8(std::string_view s);

}  // namespace gefest
