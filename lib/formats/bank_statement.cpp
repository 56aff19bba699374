#include "formats/bank_statement.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest {

namespace {

const std::string magic = "1CClientBankExchange";

// Keys of the format (header, account and document sections, section keywords). Only
// used to recognise the charset: a bank may write keys not listed here.
const std::set<std::string>& format_keys() {
    static const std::set<std::string> keys = {
        "ВерсияФормата", "Кодировка", "Отправитель", "Получатель", "ДатаСоздания", "ВремяСоздания", "ДатаНачала",
        "ДатаКонца", "РасчСчет", "Документ", "СекцияРасчСчет", "НачальныйОстаток", "ВсегоПоступило", "ВсегоСписано",
        "КонечныйОстаток", "КонецРасчСчет", "СекцияДокумент", "КонецДокумента", "КонецФайла", "Номер", "Дата", "Сумма",
        "КвитанцияДата", "КвитанцияВремя", "КвитанцияСодержание", "ПлательщикСчет", "ДатаСписано", "Плательщик",
        "ПлательщикИНН", "Плательщик1", "Плательщик2", "Плательщик3", "Плательщик4", "ПлательщикРасчСчет",
        "ПлательщикБанк1", "ПлательщикБанк2", "ПлательщикБИК", "ПлательщикКорсчет", "ПлательщикКПП", "ПолучательСчет",
        "ДатаПоступило", "ПолучательИНН", "Получатель1", "Получатель2", "ПолучательРасчСчет", "ПолучательБанк1",
        "ПолучательБанк2", "ПолучательБИК", "ПолучательКорсчет", "ПолучательКПП", "ВидПлатежа", "ВидОплаты",
        "Очередность", "НазначениеПлатежа", "СрокПлатежа", "Код", "СтатусСоставителя", "ПоказательКБК", "ОКАТО",
        "ПоказательОснования", "ПоказательПериода", "ПоказательНомера", "ПоказательДаты", "ПоказательТипа"};
    return keys;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

struct Line {
    std::string_view text;
    int number = 0;
};

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> out;
    int n = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        out.push_back({l, ++n});
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    if (!out.empty() && out.back().text.empty()) out.pop_back();  // the final line end
    return out;
}

std::string_view key_of(std::string_view line) {
    auto eq = line.find('=');
    return eq == std::string_view::npos ? line : line.substr(0, eq);
}

// How many lines of `text` have a non-ASCII key that is a key of the format.
int known_cyrillic_keys(std::string_view text) {
    int n = 0;
    for (const auto& l : split_lines(text)) {
        auto k = trim_blanks(key_of(l.text));
        if (!is_ascii(k) && format_keys().count(std::string(k))) ++n;
    }
    return n;
}

// The byte offset of the first malformed UTF-8 sequence (npos if none).
size_t first_bad_utf8(std::string_view b) {
    size_t i = 0;
    while (i < b.size()) {
        size_t len = 1;
        auto c = static_cast<unsigned char>(b[i]);
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) len = 3;
        else if (c >= 0xF0 && c <= 0xF4) len = 4;
        else if (c >= 0x80) return i;
        if (i + len > b.size() || !encoding::is_valid_utf8(b.substr(i, len))) return i;
        i += len;
    }
    return std::string_view::npos;
}

int line_at(std::string_view bytes, size_t offset) {
    return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n'));
}

std::optional<std::string> try_decode(std::string_view bytes, const char* charset) {
    try {
        return encoding::to_utf8(bytes, charset);
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::string declared_charset(std::string_view bytes) {
    // Кодировка= is Cyrillic: look for its value in either single-byte decoding.
    for (const char* cs : {"windows-1251", "cp866"}) {
        auto text = try_decode(bytes, cs);
        if (!text) continue;
        for (const auto& l : split_lines(*text))
            if (trim_blanks(key_of(l.text)) == "Кодировка") {
                auto v = trim_blanks(l.text.substr(l.text.find('=') + 1));
                return std::string(v);
            }
    }
    return {};
}

Error data_error(const std::string& message, const std::string& file, int line) {
    return Error(Errc::data, message, file, line);
}

Date statement_date(std::string_view value, std::string_view key, const std::string& file, int line) {
    Date d;
    auto v = trim_blanks(value);
    if (v.size() != 10 || v[2] != '.' || !Date::try_parse(v, d))
        throw data_error(fmt::format(fmt::runtime(tr("{} '{}' is not a date (expected DD.MM.YYYY)")), key, v), file, line);
    return d;
}

std::optional<Date> optional_date(std::string_view value, std::string_view key, const std::string& file, int line) {
    if (trim_blanks(value).empty()) return std::nullopt;
    return statement_date(value, key, file, line);
}

Money statement_amount(std::string_view value, std::string_view key, const std::string& file, int line) {
    try {
        return parse_statement_amount(value);
    } catch (const Error& e) {
        throw data_error(fmt::format(fmt::runtime(tr("{}: {}")), key, e.what()), file, line);
    }
}

const std::string* field(const std::map<std::string, std::string>& f, const std::string& key) {
    auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second;
}

std::string first_of(const std::map<std::string, std::string>& f, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (auto v = field(f, k); v && !trim_blanks(*v).empty()) return std::string(trim_blanks(*v));
    return {};
}

}  // namespace

const std::vector<std::string>& known_document_types() {
    static const std::vector<std::string> types = {"Платежное поручение", "Платежное требование", "Инкассовое поручение",
                                                   "Платежный ордер"};
    return types;
}

Money parse_statement_amount(std::string_view text) {
    auto t = trim_blanks(text);
    size_t i = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    bool ok = i > 0;
    if (ok && i < t.size()) {
        size_t decimals = t.size() - i - 1;
        ok = (t[i] == '.' || t[i] == ',') && decimals >= 1 && decimals <= 2 &&
             std::all_of(t.begin() + static_cast<long>(i) + 1, t.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (!ok) throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is not an amount (expected 1500.00)")), t));
    return parse_money(t);
}

std::string detect_statement_encoding(std::string_view bytes, const std::string& file) {
    if (encoding::has_utf8_bom(bytes)) {
        auto rest = encoding::strip_utf8_bom(bytes);
        if (auto bad = first_bad_utf8(rest); bad != std::string_view::npos)
            throw data_error(fmt::format(fmt::runtime(tr("the file starts with a UTF-8 byte order mark but byte {} is not UTF-8")), bad + 3),
                             file, line_at(rest, bad));
        return "UTF-8";
    }
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        throw data_error(tr("the statement is in UTF-16; save it as windows-1251 or UTF-8"), file, 1);
    if (encoding::is_valid_utf8(bytes)) return "UTF-8";

    // A charset that cannot decode the bytes at all (0x98 is undefined in windows-1251)
    // is out of the running.
    std::optional<std::string> cp1251 = try_decode(bytes, "windows-1251");
    std::optional<std::string> cp866 = try_decode(bytes, "cp866");
    int k1251 = cp1251 ? known_cyrillic_keys(*cp1251) : -1, k866 = cp866 ? known_cyrillic_keys(*cp866) : -1;
    if (k1251 <= 0 && k866 <= 0) {
        // No Cyrillic key is recognised in either charset: if there are Cyrillic keys at
        // all, the file is in some other encoding (KOI8-R, broken UTF-8…).
        for (const auto& l : split_lines(bytes)) {
            if (is_ascii(key_of(l.text))) continue;
            size_t bad = first_bad_utf8(bytes);
            int at = l.number;
            std::string why = tr("the statement is not in windows-1251, cp866 or UTF-8: key '{}' is not a key of 1CClientBankExchange in any of them");
            std::string shown;
            const std::string decoded = cp1251 ? *cp1251 : cp866 ? *cp866 : std::string(bytes);
            for (const auto& d : split_lines(decoded))
                if (d.number == at) shown = std::string(trim_blanks(key_of(d.text)));
            // Mostly UTF-8 with a stray byte: point at that byte rather than at a key.
            if (encoding::is_valid_utf8(bytes.substr(0, bad)) && known_cyrillic_keys(bytes.substr(0, bad)) > 0)
                throw data_error(fmt::format(fmt::runtime(tr("byte {} is not UTF-8 in a statement otherwise in UTF-8")), bad),
                                 file, line_at(bytes, bad));
            throw data_error(fmt::format(fmt::runtime(why), shown), file, at);
        }
    }
    if (k1251 > k866) return "windows-1251";
    if (k866 > k1251) return "cp866";
    std::string declared = declared_charset(bytes);
    std::string lower;
    for (char c : declared) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "dos" ? "cp866" : "windows-1251";
}

BankStatement parse_bank_statement(std::string_view bytes, const std::string& file) {
    BankStatement st;
    st.file = file;
    st.encoding = detect_statement_encoding(bytes, file);
    std::string text = st.encoding == "UTF-8" ? std::string(encoding::strip_utf8_bom(bytes)) : encoding::to_utf8(bytes, st.encoding);
    auto lines = split_lines(text);

    if (lines.empty() || trim_blanks(lines[0].text) != magic)
        throw data_error(fmt::format(fmt::runtime(tr("not a 1CClientBankExchange statement: the first line is '{}'")),
                                     lines.empty() ? std::string() : std::string(trim_blanks(lines[0].text).substr(0, 60))),
                         file, 1);

    auto note = [&](int line, const std::string& what) { st.notes.push_back(fmt::format("{}:{}: {}", file, line, what)); };

    enum class In { header, account, document } in = In::header;
    BankDocument doc;
    BankAccountSection sec;
    bool finished = false;
    int last_line = lines.back().number;

    auto close_document = [&](int end_line) {
        (void)end_line;
        const auto& f = doc.fields;
        if (!field(f, "Номер"))
            throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no Номер")), doc.type), file, doc.line);
        if (!field(f, "Дата")) throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no Дата")), doc.type), file, doc.line);
        if (!field(f, "Сумма")) throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no Сумма")), doc.type), file, doc.line);
        doc.number = std::string(trim_blanks(*field(f, "Номер")));
        doc.payer_account = first_of(f, {"ПлательщикСчет", "ПлательщикРасчСчет"});
        doc.payer_inn = first_of(f, {"ПлательщикИНН"});
        doc.payer_kpp = first_of(f, {"ПлательщикКПП"});
        doc.payer_name = first_of(f, {"Плательщик1", "Плательщик"});
        doc.payee_account = first_of(f, {"ПолучательСчет", "ПолучательРасчСчет"});
        doc.payee_inn = first_of(f, {"ПолучательИНН"});
        doc.payee_kpp = first_of(f, {"ПолучательКПП"});
        doc.payee_name = first_of(f, {"Получатель1", "Получатель"});
        doc.purpose = first_of(f, {"НазначениеПлатежа"});
        for (int i = 1; i <= 6; ++i)
            if (auto v = field(f, "НазначениеПлатежа" + std::to_string(i)); v && !trim_blanks(*v).empty())
                doc.purpose += (doc.purpose.empty() ? "" : " ") + std::string(trim_blanks(*v));
        doc.known_type = std::find(known_document_types().begin(), known_document_types().end(), doc.type) != known_document_types().end();
        st.documents.push_back(std::move(doc));
        doc = BankDocument{};
    };

    for (size_t i = 1; i < lines.size() && !finished; ++i) {
        const Line& l = lines[i];
        std::string_view t = l.text;
        if (trim_blanks(t).empty()) continue;
        auto eq = t.find('=');
        std::string key(trim_blanks(eq == std::string_view::npos ? t : t.substr(0, eq)));
        std::string_view value = eq == std::string_view::npos ? std::string_view() : t.substr(eq + 1);

        // Opening a section, or the end of the file, while a block is still open: the
        // block has lost its closing line.
        bool opens = key == "СекцияДокумент" || key == "СекцияРасчСчет" || key == "КонецФайла";
        if (opens && in == In::document)
            throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no КонецДокумента before line {}")), doc.type, l.number),
                             file, doc.line);
        if (opens && in == In::account)
            throw data_error(fmt::format(fmt::runtime(tr("СекцияРасчСчет has no КонецРасчСчет before line {}")), l.number), file, sec.line);

        if (key == "КонецФайла") {
            finished = true;
            continue;
        }
        if (key == "СекцияДокумент") {
            in = In::document;
            doc = BankDocument{};
            doc.type = std::string(trim_blanks(value));
            doc.line = l.number;
            continue;
        }
        if (key == "СекцияРасчСчет") {
            in = In::account;
            sec = BankAccountSection{};
            sec.line = l.number;
            continue;
        }
        if (key == "КонецДокумента") {
            if (in != In::document) throw data_error(tr("КонецДокумента without a СекцияДокумент"), file, l.number);
            close_document(l.number);
            in = In::header;
            continue;
        }
        if (key == "КонецРасчСчет") {
            if (in != In::account) throw data_error(tr("КонецРасчСчет without a СекцияРасчСчет"), file, l.number);
            st.sections.push_back(sec);
            in = In::header;
            continue;
        }
        if (eq == std::string_view::npos)
            throw data_error(fmt::format(fmt::runtime(tr("'{}' is neither Key=value nor a section keyword")), std::string(trim_blanks(t)).substr(0, 60)),
                             file, l.number);

        switch (in) {
        case In::header:
            st.header[key] = std::string(value);
            if (key == "РасчСчет") st.accounts.emplace_back(trim_blanks(value));
            if (key == "ДатаНачала" || key == "ДатаКонца" || key == "ДатаСоздания") statement_date(value, key, file, l.number);
            break;
        case In::account:
            if (key == "РасчСчет") sec.account = std::string(trim_blanks(value));
            else if (key == "ДатаНачала") sec.from = optional_date(value, key, file, l.number);
            else if (key == "ДатаКонца") sec.to = optional_date(value, key, file, l.number);
            else if (key == "НачальныйОстаток") sec.opening = statement_amount(value, key, file, l.number);
            else if (key == "ВсегоПоступило") sec.credited = statement_amount(value, key, file, l.number);
            else if (key == "ВсегоСписано") sec.debited = statement_amount(value, key, file, l.number);
            else if (key == "КонечныйОстаток") sec.closing = statement_amount(value, key, file, l.number);
            break;
        case In::document:
            doc.fields[key] = std::string(value);
            if (key == "Дата") doc.date = statement_date(value, key, file, l.number);
            else if (key == "Сумма") doc.amount = statement_amount(value, key, file, l.number);
            else if (key == "ДатаПоступило") doc.received = optional_date(value, key, file, l.number);
            else if (key == "ДатаСписано") doc.debited = optional_date(value, key, file, l.number);
            break;
        }
    }
    if (in == In::document)
        throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no КонецДокумента before the end of the file")), doc.type), file, doc.line);
    if (in == In::account) throw data_error(tr("СекцияРасчСчет has no КонецРасчСчет before the end of the file"), file, sec.line);
    if (!finished) throw data_error(tr("the statement ends without КонецФайла (cut short?)"), file, last_line);

    st.version = st.header.count("ВерсияФормата") ? std::string(trim_blanks(st.header["ВерсияФормата"])) : "";
    st.declared_encoding = st.header.count("Кодировка") ? std::string(trim_blanks(st.header["Кодировка"])) : "";
    auto line_of_key = [&](const std::string& k) {
        for (const auto& l : lines)
            if (trim_blanks(key_of(l.text)) == k) return l.number;
        return 0;
    };
    if (st.version != "1.02" && st.version != "1.03")
        note(line_of_key("ВерсияФормата"), fmt::format(fmt::runtime(tr("format version '{}' is neither 1.02 nor 1.03; read as 1.03")), st.version));
    bool says_dos = st.declared_encoding == "DOS" || st.declared_encoding == "dos";
    if (!st.declared_encoding.empty() && st.encoding != (says_dos ? "cp866" : "windows-1251"))
        note(line_of_key("Кодировка"), fmt::format(fmt::runtime(tr("Кодировка={} but the bytes are {}; read as {}")), st.declared_encoding,
                                                    st.encoding, st.encoding));
    for (const auto& d : st.documents)
        if (!d.known_type) note(d.line, fmt::format(fmt::runtime(tr("document type '{}' № {} is not a payment gefest imports; kept")), d.type, d.number));
    return st;
}

}  // namespace gefest
