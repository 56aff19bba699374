#include "documents/mail_out.h"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "base/text.h"
#include "base/clock.h"
#include "documents/documents.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "formats/requisites.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

template <typename T>
struct GUnref {
    void operator()(T* p) const {
        if (p) g_object_unref(p);
    }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

std::string content_type_of(const fs::path& file) {
    std::string ext = file.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".html" || ext == ".htm") return "text/html";
    if (ext == ".pdf") return "application/pdf";
    if (ext == ".txt") return "text/plain";
    if (ext == ".csv") return "text/csv";
    if (ext == ".xml") return "application/xml";
    return "application/octet-stream";
}

std::string domain_of(const std::string& address) {
    size_t at = address.rfind('@');
    return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

}  // namespace

void require_recipients(const OutgoingMail& msg) {
    if (msg.to.empty()) throw Error(Errc::usage, tr("a message needs at least one recipient"));
    for (const auto& t : msg.to)
        if (!requisites::normalize_email(t)) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("'{}' is not an e-mail address")), t));
}

std::string build_mime(const Share& share, const OutgoingMail& msg, std::string* message_id) {
    init_gmime();
    const Settings& s = share.settings();
    std::string from = msg.from.empty() ? s.mail_from : msg.from;
    if (from.empty()) from = s.email;
    if (from.empty() || !requisites::normalize_email(from))
        throw Error(Errc::config, fmt::format(fmt::runtime(tr("no valid sender address: set [mail] from in gefest.toml (now '{}')")), from),
                    share.settings_file().string(), 0);
    require_recipients(msg);
    // Read every attachment first: a missing one fails before anything is built.
    std::vector<std::string> contents;
    for (const auto& a : msg.attachments) contents.push_back(fsio::read_file(a.file));

    GPtr<GMimeMessage> m(g_mime_message_new(TRUE));
    std::string from_name = msg.from_name.empty() ? s.company_name : msg.from_name;
    // Names are encoded as UTF-8 (GMime would otherwise pick windows-1251 or ISO-8859-5).
    InternetAddress* sender = internet_address_mailbox_new(from_name.c_str(), from.c_str());
    internet_address_set_charset(sender, "UTF-8");
    internet_address_list_add(g_mime_message_get_from(m.get()), sender);
    g_object_unref(sender);
    for (const auto& t : msg.to) g_mime_message_add_mailbox(m.get(), GMIME_ADDRESS_TYPE_TO, nullptr, t.c_str());
    g_mime_message_set_subject(m.get(), msg.subject.c_str(), "utf-8");
    DateTime now_t = now();
    GDateTime* date = g_date_time_new_local(now_t.date.year, now_t.date.month, now_t.date.day, now_t.hour, now_t.minute, now_t.second);
    g_mime_message_set_date(m.get(), date);
    g_date_time_unref(date);
    std::string id = fmt::format("{}.{}@{}", now_t.seconds(), fsio::random_token(), domain_of(from));
    g_mime_message_set_message_id(m.get(), id.c_str());
    if (message_id) *message_id = id;

    GPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
    GPtr<GMimeTextPart> text(g_mime_text_part_new_with_subtype("plain"));
    g_mime_text_part_set_text(text.get(), msg.body.c_str());
    g_mime_part_set_content_encoding(GMIME_PART(text.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);  // 7-bit safe
    g_mime_multipart_add(mixed.get(), GMIME_OBJECT(text.get()));
    for (size_t i = 0; i < msg.attachments.size(); ++i) {
        const auto& a = msg.attachments[i];
        std::string type = a.content_type.empty() ? content_type_of(a.file) : a.content_type;
        size_t slash = type.find('/');
        GPtr<GMimePart> part(g_mime_part_new_with_type(type.substr(0, slash).c_str(), type.substr(slash + 1).c_str()));
        std::string name = a.name.empty() ? a.file.filename().string() : a.name;
        g_mime_part_set_filename(part.get(), name.c_str());  // RFC 2231 for non-ASCII names, in UTF-8:
        if (GMimeContentDisposition* d = g_mime_object_get_content_disposition(GMIME_OBJECT(part.get())))
            if (GMimeParam* p = g_mime_param_list_get_parameter(g_mime_content_disposition_get_parameters(d), "filename"))
                g_mime_param_set_charset(p, "UTF-8");
        if (GMimeContentType* ct = g_mime_object_get_content_type(GMIME_OBJECT(part.get())))
            if (GMimeParam* p = g_mime_param_list_get_parameter(g_mime_content_type_get_parameters(ct), "name"))
                g_mime_param_set_charset(p, "UTF-8");
        GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(contents[i].data(), contents[i].size()));
        GPtr<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
        g_mime_part_set_content(part.get(), wrapper.get());
        g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(part.get()));
    }
    g_mime_message_set_mime_part(m.get(), GMIME_OBJECT(mixed.get()));
    GMimeFormatOptions* fo = g_mime_format_options_clone(nullptr);
    g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
    char* raw = g_mime_object_to_string(GMIME_OBJECT(m.get()), fo);
    g_mime_format_options_free(fo);
    std::string out = raw ? raw : "";
    g_free(raw);
    return out;
}

MailSent send_mail(const Share& share, const OutgoingMail& msg) {
    MailSent sent;
    std::string bytes = build_mime(share, msg, &sent.message_id);
    const Settings& s = share.settings();
    if (!s.sendmail.empty()) {
        std::vector<std::string> argv = split_words(s.sendmail);
        int rc = run_program(argv, &bytes);
        if (rc != 0)
            throw Error(Errc::io, fmt::format(fmt::runtime(tr("the mail command '{}' failed (exit {}); nothing was sent")), s.sendmail, rc));
        sent.via = "sendmail";
        return sent;
    }
    fs::path dir = share.at(s.outbox);
    fsio::make_dirs(dir);
    std::string stamp = now().iso();
    for (auto& c : stamp)
        if (c == ':') c = '-';
    fs::path file = dir / fmt::format("{} {}.eml", stamp, fsio::checksum(sent.message_id));
    if (!fsio::create_exclusive(file, bytes))
        throw Error(Errc::io, fmt::format(fmt::runtime(tr("'{}' already exists in the outbox")), file.string()));
    sent.via = "outbox";
    sent.eml = file;
    return sent;
}

ParsedMail parse_mail(const std::string& bytes, const std::string& file) {
    init_gmime();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!msg) throw Error(Errc::data, tr("not an e-mail message"), file, 0);
    ParsedMail out;
    if (const char* subj = g_mime_message_get_subject(msg.get())) out.subject = subj;
    if (GMimeHeaderList* hl = g_mime_object_get_header_list(GMIME_OBJECT(msg.get())))
        if (GMimeHeader* h = g_mime_header_list_get_header(hl, "Subject"))
            if (const char* raw = g_mime_header_get_raw_value(h)) out.raw_subject = raw;
    if (InternetAddressList* to = g_mime_message_get_to(msg.get()))
        for (int i = 0; i < internet_address_list_length(to); ++i) {
            InternetAddress* a = internet_address_list_get_address(to, i);
            if (INTERNET_ADDRESS_IS_MAILBOX(a)) out.to.push_back(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
        }
    GMimeObject* body = g_mime_message_get_mime_part(msg.get());
    std::vector<GMimeObject*> parts;
    if (GMIME_IS_MULTIPART(body)) {
        GMimeMultipart* mp = GMIME_MULTIPART(body);
        for (int i = 0; i < g_mime_multipart_get_count(mp); ++i) parts.push_back(g_mime_multipart_get_part(mp, i));
    } else if (body) {
        parts.push_back(body);
    }
    for (GMimeObject* p : parts) {
        if (!GMIME_IS_PART(p)) continue;
        const char* fname = g_mime_part_get_filename(GMIME_PART(p));
        if (fname) {
            out.attachments.push_back(fname);
        } else if (GMIME_IS_TEXT_PART(p) && out.text.empty()) {
            char* t = g_mime_text_part_get_text(GMIME_TEXT_PART(p));
            if (t)
                for (const char* c = t; *c; ++c)
                    if (*c != '\r') out.text += *c;
            g_free(t);
        }
    }
    return out;
}

}  // namespace gefest
