#include "formats/bank_statement.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
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
    out.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
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

using Fields = std::map<std::string, std::string, std::less<>>;

const std::string* field(const Fields& f, std::string_view key) {
    auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second;
}

std::string first_of(const Fields& f, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys)
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
    const Money m = parse_money(t);
    // Bounded, so that a client's payments add up without overflow (lib/base/input.h).
    if (std::string why = input::amount_problem(m); !why.empty()) throw Error(Errc::data, why);
    return m;
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

namespace {

// Reads the lines of a decoded statement into `st`, one section at a time: the header,
// account sections (СекцияРасчСчет … КонецРасчСчет) and documents (СекцияДокумент …
// КонецДокумента), up to КонецФайла. A block left open or a stray keyword is
// Error(data) at its line.
class StatementReader {
public:
    StatementReader(BankStatement& st, const std::string& file) : st_(st), file_(file) {}

    /// Takes one line; returns false once КонецФайла is read.
    bool take(const Line& l) {
        std::string_view t = l.text;
        if (trim_blanks(t).empty()) return true;
        auto eq = t.find('=');
        const std::string_view key = trim_blanks(eq == std::string_view::npos ? t : t.substr(0, eq));
        std::string_view value = eq == std::string_view::npos ? std::string_view() : t.substr(eq + 1);
        if (key == "СекцияДокумент" || key == "СекцияРасчСчет" || key == "КонецФайла") require_closed(l.number);
        if (key == "КонецФайла") return false;
        if (keyword(key, value, l.number)) return true;
        if (eq == std::string_view::npos)
            throw data_error(fmt::format(fmt::runtime(tr("'{}' is neither Key=value nor a section keyword")), std::string(trim_blanks(t)).substr(0, 60)),
                             file_, l.number);
        if (in_ == In::header) header_field(key, value, l.number);
        else if (in_ == In::account) account_field(key, value, l.number);
        else document_field(key, value, l.number);
        return true;
    }

    /// The end of the file without КонецФайла, or with a block still open.
    void at_end(bool finished, int last_line) const {
        if (in_ == In::document)
            throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no КонецДокумента before the end of the file")), doc_.type), file_, doc_.line);
        if (in_ == In::account) throw data_error(tr("СекцияРасчСчет has no КонецРасчСчет before the end of the file"), file_, sec_.line);
        if (!finished) throw data_error(tr("the statement ends without КонецФайла (cut short?)"), file_, last_line);
    }

private:
    enum class In { header, account, document };

    // Opening a section, or the end of the file, while a block is still open: the block
    // has lost its closing line.
    void require_closed(int line) const {
        if (in_ == In::document)
            throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no КонецДокумента before line {}")), doc_.type, line), file_, doc_.line);
        if (in_ == In::account)
            throw data_error(fmt::format(fmt::runtime(tr("СекцияРасчСчет has no КонецРасчСчет before line {}")), line), file_, sec_.line);
    }

    bool keyword(std::string_view key, std::string_view value, int line) {
        if (key == "СекцияДокумент") {
            in_ = In::document;
            doc_ = BankDocument{};
            doc_.type = std::string(trim_blanks(value));
            doc_.line = line;
        } else if (key == "СекцияРасчСчет") {
            in_ = In::account;
            sec_ = BankAccountSection{};
            sec_.line = line;
        } else if (key == "КонецДокумента") {
            if (in_ != In::document) throw data_error(tr("КонецДокумента without a СекцияДокумент"), file_, line);
            close_document();
            in_ = In::header;
        } else if (key == "КонецРасчСчет") {
            if (in_ != In::account) throw data_error(tr("КонецРасчСчет without a СекцияРасчСчет"), file_, line);
            st_.sections.push_back(sec_);
            in_ = In::header;
        } else {
            return false;
        }
        return true;
    }

    void header_field(std::string_view key, std::string_view value, int line) {
        st_.header[std::string(key)] = std::string(value);
        if (key == "РасчСчет") st_.accounts.emplace_back(trim_blanks(value));
        if (key == "ДатаНачала" || key == "ДатаКонца" || key == "ДатаСоздания") statement_date(value, key, file_, line);
    }

    void account_field(std::string_view key, std::string_view value, int line) {
        if (key == "РасчСчет") sec_.account = std::string(trim_blanks(value));
        else if (key == "ДатаНачала") sec_.from = optional_date(value, key, file_, line);
        else if (key == "ДатаКонца") sec_.to = optional_date(value, key, file_, line);
        else if (key == "НачальныйОстаток") sec_.opening = statement_amount(value, key, file_, line);
        else if (key == "ВсегоПоступило") sec_.credited = statement_amount(value, key, file_, line);
        else if (key == "ВсегоСписано") sec_.debited = statement_amount(value, key, file_, line);
        else if (key == "КонечныйОстаток") sec_.closing = statement_amount(value, key, file_, line);
    }

    void document_field(std::string_view key, std::string_view value, int line) {
        // Outside text: no control characters kept. The key is copied only when new.
        auto it = doc_.fields.lower_bound(key);
        if (it != doc_.fields.end() && it->first == key) it->second = input::clean_line(value);
        else doc_.fields.emplace_hint(it, std::string(key), input::clean_line(value));
        if (key == "Дата") doc_.date = statement_date(value, key, file_, line);
        else if (key == "Сумма") doc_.amount = statement_amount(value, key, file_, line);
        else if (key == "ДатаПоступило") doc_.received = optional_date(value, key, file_, line);
        else if (key == "ДатаСписано") doc_.debited = optional_date(value, key, file_, line);
    }

    void close_document() {
        const auto& f = doc_.fields;
        for (const char* needed : {"Номер", "Дата", "Сумма"})
            if (!field(f, needed)) throw data_error(fmt::format(fmt::runtime(tr("document '{}' has no {}")), doc_.type, needed), file_, doc_.line);
        doc_.number = std::string(trim_blanks(*field(f, "Номер")));
        doc_.payer_account = first_of(f, {"ПлательщикСчет", "ПлательщикРасчСчет"});
        doc_.payer_inn = first_of(f, {"ПлательщикИНН"});
        doc_.payer_kpp = first_of(f, {"ПлательщикКПП"});
        doc_.payer_name = first_of(f, {"Плательщик1", "Плательщик"});
        doc_.payee_account = first_of(f, {"ПолучательСчет", "ПолучательРасчСчет"});
        doc_.payee_inn = first_of(f, {"ПолучательИНН"});
        doc_.payee_kpp = first_of(f, {"ПолучательКПП"});
        doc_.payee_name = first_of(f, {"Получатель1", "Получатель"});
        doc_.purpose = first_of(f, {"НазначениеПлатежа"});
        static const std::string_view more_purpose[] = {"НазначениеПлатежа1", "НазначениеПлатежа2", "НазначениеПлатежа3",
                                                        "НазначениеПлатежа4", "НазначениеПлатежа5", "НазначениеПлатежа6"};
        for (std::string_view k : more_purpose)
            if (auto v = field(f, k); v && !trim_blanks(*v).empty())
                doc_.purpose += (doc_.purpose.empty() ? "" : " ") + std::string(trim_blanks(*v));
        doc_.known_type = std::find(known_document_types().begin(), known_document_types().end(), doc_.type) != known_document_types().end();
        st_.documents.push_back(std::move(doc_));
        doc_ = BankDocument{};
    }

    BankStatement& st_;
    const std::string& file_;
    In in_ = In::header;
    BankDocument doc_;
    BankAccountSection sec_;
};

// Notes (not errors) about a statement read: an unknown format version, a declared
// charset the bytes contradict, documents of a type gefest does not import.
void add_notes(BankStatement& st, const std::vector<Line>& lines) {
    auto note = [&](int line, const std::string& what) { st.notes.push_back(fmt::format("{}:{}: {}", st.file, line, what)); };
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
}

}  // namespace

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
    StatementReader reader(st, file);
    bool finished = false;
    for (size_t i = 1; i < lines.size() && !finished; ++i) finished = !reader.take(lines[i]);
    reader.at_end(finished, lines.back().number);
    st.version = st.header.count("ВерсияФормата") ? std::string(trim_blanks(st.header["ВерсияФормата"])) : "";
    st.declared_encoding = st.header.count("Кодировка") ? std::string(trim_blanks(st.header["Кодировка"])) : "";
    add_notes(st, lines);
    return st;
}

}  // namespace gefest
