// Outgoing e-mail: a real MIME message (built with GMime) handed to the share's mail
// command or left as an .eml file in the outbox. Used by `invoice send` (5.2.3.5) and
// meant for payment reminders and dispatch notices too: nothing here knows invoices.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "store/share.h"

namespace gefest {

/// A file to attach; `name` is the file name the recipient sees ("" : the file's own
/// name); `content_type` "" : guessed from the extension (.html, .pdf, .txt, .csv,
/// .xml; else application/octet-stream).
struct MailAttachment {
    std::filesystem::path file;
    std::string name, content_type;
};

/// What to send. Header texts are UTF-8; non-ASCII words are encoded per RFC 2047.
/// (Not "MailMessage": that is an incoming message, lib/formats/mail_import.h.)
struct OutgoingMail {
    std::string from;                       ///< "" : settings().mail_from
    std::string from_name;                  ///< display name ("" : settings().company_name)
    std::vector<std::string> to;            ///< at least one address
    std::string subject;
    std::string body;                       ///< plain text, UTF-8
    std::vector<MailAttachment> attachments;
};

/// How a message left.
struct MailSent {
    std::string via;                        ///< "sendmail" or "outbox"
    std::string message_id;                 ///< without angle brackets
    std::filesystem::path eml;              ///< the outbox file (via == "outbox")
};

/// Error(usage) unless `message` has a recipient and each is an e-mail address (no
/// space, control character or header syntax in it: nothing a header could be
/// injected with). What build_mime checks first; a dry run checks it too.
void require_recipients(const OutgoingMail& message);

/// The message as RFC 5322 text (CRLF line ends): Date from now() (GEFEST_NOW honoured),
/// a Message-ID `<token@host-part-of-from>`, multipart/mixed with a text/plain part and
/// one base64 part per attachment. Error(usage) for no recipient or an address that is
/// not an e-mail; Error(not_found) for a missing attachment; Error(config) without a
/// sender (no `from` and no [mail] from in gefest.toml).
std::string build_mime(const Share& share, const OutgoingMail& message, std::string* message_id = nullptr);

/// Builds the message and sends it: with [mail] sendmail set, runs that command line
/// (split on spaces, no shell) with the message on stdin and Error(io) if it fails or
/// exits non-zero; otherwise writes `<date> <message-id>.eml` into settings().outbox
/// (created if missing) with fsio::create_exclusive.
MailSent send_mail(const Share& share, const OutgoingMail& message);

/// What a .eml file says, parsed back with GMime (for tests and `--dry-run` listings):
/// decoded subject, the To addresses and the attachment file names.
struct ParsedMail {
    std::string subject, raw_subject;
    std::vector<std::string> to, attachments;
    std::string text;                       ///< the text/plain body
};
/// Error(data) naming `file` if GMime cannot parse the bytes.
ParsedMail parse_mail(const std::string& bytes, const std::string& file);

}  // namespace gefest
