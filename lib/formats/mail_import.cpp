// Reading one e-mail into a MailMessage with GMime, and the HTML and source helpers
// (mail_import.h); what the words of a message say is mail_text.cpp.
#include "formats/mail_import.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>
#include <gmime/gmime.h>

#include "base/encoding.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/input.h"
#include "formats/requisites.h"
#include "base/text.h"

namespace gefest {

namespace {

struct GUnref {
    void operator()(void* p) const {
        if (p) g_object_unref(p);
    }
};
template <class T>
using GPtr = std::unique_ptr<T, GUnref>;

void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// The text parts worth reading: the first text/plain and the first text/html that are
// not attachments, anywhere in the MIME tree (alternative, mixed, related…); and the
// files: parts marked as attachments or with a file name (a PDF with the requisites).
struct TextParts {
    GMimePart* plain = nullptr;
    GMimePart* html = nullptr;
    std::vector<GMimePart*> files;
};

void find_text_parts(GMimeObject* obj, TextParts& found) {
    if (!obj) return;
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart* mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; ++i) find_text_parts(g_mime_multipart_get_part(mp, i), found);
        return;
    }
    if (!GMIME_IS_PART(obj)) return;  // a forwarded message/rfc822 is not this sender's text
    GMimePart* part = GMIME_PART(obj);
    if (g_mime_part_is_attachment(part) || g_mime_part_get_filename(part)) {
        found.files.push_back(part);
        return;
    }
    GMimeContentType* ct = g_mime_object_get_content_type(obj);
    if (!found.plain && g_mime_content_type_is_type(ct, "text", "plain")) found.plain = part;
    else if (!found.html && g_mime_content_type_is_type(ct, "text", "html")) found.html = part;
}

// The part's content with its transfer encoding (base64, quoted-printable) undone.
std::string part_bytes(GMimePart* part, const std::string& file) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return {};
    GPtr<GMimeStream> mem(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0)
        throw Error(Errc::data, tr("cannot decode the message body"), file);
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The part's content with its transfer encoding (base64, quoted-printable) undone and
// converted from its charset to UTF-8.
std::string part_text(GMimePart* part, const std::string& file) {
    const std::string bytes = part_bytes(part, file);
    std::string_view raw(bytes);
    const char* declared = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string charset = declared ? lower_utf8(trim_ascii_space(declared)) : "";
    if (charset.empty() || charset == "us-ascii" || charset == "ascii")
        return encoding::decode_text(raw);  // undeclared 8-bit text: UTF-8, else windows-1251
    const char* iconv_name = g_mime_charset_iconv_name(charset.c_str());
    try {
        return encoding::to_utf8(raw, iconv_name ? iconv_name : charset);
    } catch (const Error& e) {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the body is not readable as its charset '{}': {}")), charset, e.what()), file);
    }
}

}  // namespace

std::string lower_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if (c == 0xD0 && i + 1 < s.size()) {
            unsigned char d = s[i + 1];
            ++i;
            if (d >= 0x90 && d <= 0x9F) out += {'\xD0', static_cast<char>(d + 0x20)};        // А-П → а-п
            else if (d >= 0xA0 && d <= 0xAF) out += {'\xD1', static_cast<char>(d - 0x20)};   // Р-Я → р-я
            else if (d == 0x81) out += "\xD1\x91";                                           // Ё → ё
            else out += {'\xD0', static_cast<char>(d)};
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

namespace {

// The tag at html[i] ('<'): what it adds to the text (a line end after a block, a space
// between cells) and where the text goes on. Comments, scripts and styles add nothing.
size_t skip_tag(std::string_view html, size_t i, std::string& out) {
    if (html.substr(i, 4) == "<!--") {
        size_t end = html.find("-->", i + 4);
        return end == std::string_view::npos ? html.size() : end + 3;
    }
    size_t end = html.find('>', i);
    if (end == std::string_view::npos) return html.size();
    std::string tag = lower_utf8(html.substr(i + 1, end - i - 1));
    std::string name;
    for (char t : tag) {
        if (t == ' ' || t == '\t' || t == '\n' || t == '\r' || t == '>') break;
        if (t != '/' || name.empty()) name += t;
    }
    i = end + 1;
    if (name == "script" || name == "style") {  // their contents are not text
        size_t close = lower_utf8(html.substr(i)).find("</" + name);
        return close == std::string::npos ? html.size() : i + close;
    }
    bool heading_end = name.size() == 3 && name[0] == '/' && name[1] == 'h' && name[2] >= '1' && name[2] <= '6';
    if (name == "br" || name == "/p" || name == "/div" || name == "/tr" || name == "/li" || heading_end) out += '\n';
    else if (name == "/td" || name == "/th") out += ' ';
    return i;
}

// The text of an entity's name (nbsp, amp, #171, #xAB…); "" for one not known.
std::string entity_text(std::string_view ent) {
    static const std::pair<const char*, const char*> named[] = {{"nbsp", " "},  {"amp", "&"},     {"lt", "<"},      {"gt", ">"},
                                                                {"quot", "\""}, {"apos", "'"},    {"laquo", "«"},   {"raquo", "»"},
                                                                {"mdash", "—"}, {"ndash", "–"}};
    for (const auto& [name, text] : named)
        if (ent == name) return text;
    std::string rep;
    if (!ent.empty() && ent[0] == '#') {
        bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
        std::string digits(ent.substr(hex ? 2 : 1));
        // At most 7 digits: beyond them no code point, and stoul would throw out_of_range.
        if (!digits.empty() && digits.size() <= 7 && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string::npos)
            append_utf8(rep, static_cast<char32_t>(std::stoul(digits, nullptr, hex ? 16 : 10)));
    }
    return rep;
}

// Spaces collapsed within lines, runs of blank lines into one, none at either end.
std::string collapse_blanks(const std::string& raw) {
    std::string text, line;
    bool blank_pending = false;
    auto flush = [&] {
        std::string t;
        bool space = false;
        for (char ch : line) {
            if (ch == ' ') {
                space = !t.empty();
            } else {
                if (space) t += ' ';
                space = false;
                t += ch;
            }
        }
        if (t.empty()) {
            blank_pending = !text.empty();
        } else {
            if (!text.empty()) text += blank_pending ? "\n\n" : "\n";
            blank_pending = false;
            text += t;
        }
        line.clear();
    };
    for (char ch : raw) {
        if (ch == '\n') flush();
        else line += ch;
    }
    flush();
    return text;
}

}  // namespace

std::string html_to_text(std::string_view html) {
    std::string out;
    size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '<') {
            i = skip_tag(html, i, out);
            continue;
        }
        if (c == '&') {
            size_t semi = html.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                std::string rep = entity_text(html.substr(i + 1, semi - i - 1));
                if (!rep.empty()) {
                    out += rep;
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
        ++i;
    }
    return collapse_blanks(out);
}

std::string find_source_in_text(std::string_view text, const std::vector<std::string>& sources,
                                const std::vector<std::string>& ignore) {
    std::string hay = lower_utf8(text);
    std::string best;
    size_t best_at = std::string::npos;
    for (const auto& s : sources) {
        if (s.empty() || std::find(ignore.begin(), ignore.end(), s) != ignore.end()) continue;
        size_t at = hay.find(lower_utf8(s));
        if (at != std::string::npos && (best_at == std::string::npos || at < best_at)) {
            best = s;
            best_at = at;
        }
    }
    return best;
}

MailMessage parse_mail(std::string_view raw, const std::string& file) {
    init_gmime();
    if (trim_ascii_space(raw).empty()) throw Error(Errc::data, tr("empty file, not an e-mail message"), file);
    MailMessage m;
    m.file = file;

    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    std::unique_ptr<GMimeParserOptions, void (*)(GMimeParserOptions*)> options(g_mime_parser_options_new(), g_mime_parser_options_free);
    // Raw 8-bit headers from Russian mailers are UTF-8 or windows-1251.
    const char* fallback[] = {"UTF-8", "windows-1251", nullptr};
    g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
    GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), options.get()));
    if (!msg)
        throw Error(Errc::data, tr("not an e-mail message (no RFC 5322 header)"), file);

    InternetAddressList* from = g_mime_message_get_from(msg.get());
    if (!from || internet_address_list_length(from) == 0)
        throw Error(Errc::data, tr("no From header: the sender is unknown"), file);
    InternetAddress* sender = internet_address_list_get_address(from, 0);
    if (INTERNET_ADDRESS_IS_GROUP(sender)) {
        InternetAddressList* members = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(sender));
        sender = members && internet_address_list_length(members) > 0 ? internet_address_list_get_address(members, 0) : nullptr;
    }
    const char* addr = sender && INTERNET_ADDRESS_IS_MAILBOX(sender) ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(sender)) : nullptr;
    auto email = addr ? requisites::normalize_email(addr) : std::nullopt;
    if (!email) {
        std::string shown = addr ? addr : "";
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("the From header has no valid address ('{}')")), shown), file);
    }
    m.from_email = *email;
    // RFC 2047 lets a display name or a subject decode to anything, CR LF and NUL
    // included: outside text, cleaned where it enters (lib/base/input.h).
    if (const char* name = internet_address_get_name(sender)) m.from_name = input::clean_line(name, input::max_name);

    // The raw Subject, decoded here: GMime joins the base64 of adjacent encoded words
    // before decoding, so a word ending in padding loses every word after it.
    GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(msg.get()));
    GMimeHeader* subject_header = headers ? g_mime_header_list_get_header(headers, "Subject") : nullptr;
    if (const char* raw_subject = subject_header ? g_mime_header_get_raw_value(subject_header) : nullptr)
        m.subject = input::clean_line(trim_ascii_space(decode_header_text(raw_subject)));
    else if (const char* subject = g_mime_message_get_subject(msg.get()))
        m.subject = input::clean_line(subject);
    if (const char* id = g_mime_message_get_message_id(msg.get())) m.message_id = input::clean_line(id);
    m.key = m.message_id.empty() ? "sha:" + fsio::checksum(raw) : m.message_id;
    if (GDateTime* date = g_mime_message_get_date(msg.get())) {
        GDateTime* local = g_date_time_to_local(date);
        if (local) {
            gchar* s = g_date_time_format(local, "%Y-%m-%dT%H:%M:%S");
            if (s) m.date = s;
            g_free(s);
            g_date_time_unref(local);
        }
    }

    TextParts parts;
    find_text_parts(g_mime_message_get_mime_part(msg.get()), parts);
    if (parts.plain) m.text = trim_ascii_space(unix_line_ends(part_text(parts.plain, file)));
    else if (parts.html) m.text = trim_ascii_space(html_to_text(part_text(parts.html, file)));
    m.text = input::clean_text(m.text);
    std::size_t total = 0;
    for (GMimePart* part : parts.files) {
        ReceivedFile a;
        if (const char* name = g_mime_part_get_filename(part)) a.name = name;  // RFC 2231 / 2047 decoded by GMime
        a.content = part_bytes(part, file);
        total += a.content.size();
        if (total > max_attachment_bytes)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("the attachments are larger than {} MB")), max_attachment_bytes >> 20), file);
        m.attachments.push_back(std::move(a));
    }
    return m;
}

MailMessage read_mail_file(const std::filesystem::path& path) {
    return parse_mail(fsio::read_file(path), path.string());
}

std::vector<std::filesystem::path> maildir_files(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir / "new", ec) && !fs::is_directory(dir / "cur", ec))
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is not a Maildir (no new/ or cur/ folder)")), dir.string()));
    std::vector<fs::path> files;
    for (const char* sub : {"new", "cur"})
        for (const auto& name : fsio::list_dir(dir / sub)) {
            if (name.empty() || name[0] == '.') continue;
            fs::path p = dir / sub / name;
            if (fs::is_regular_file(p, ec)) files.push_back(p);
        }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace gefest
