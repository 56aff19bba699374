// Bank statements in the 1CClientBankExchange format («Стандарт обмена с системами
// Клиент банка», versions 1.02 and 1.03): the kl_to_1c.txt a bank's client program
// exports for 1C. Plain "Key=value" lines: a header, СекцияРасчСчет … КонецРасчСчет
// per account, СекцияДокумент=<type> … КонецДокумента per payment document, КонецФайла.
// Parsing is pure: bytes in, a BankStatement out, or Error(data) at FILE:LINE.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/money.h"

namespace gefest {

/// One СекцияДокумент block. The named fields are the ones gefest uses; every key of
/// the block is also in `fields` (the last value when a key repeats).
struct BankDocument {
    std::string type;         ///< СекцияДокумент value: «Платежное поручение», «Банковский ордер»…
    bool known_type = false;  ///< one of the payment documents gefest imports (known_document_types)
    int line = 0;             ///< line of the СекцияДокумент line
    std::string number;       ///< Номер
    Date date;                ///< Дата
    Money amount;             ///< Сумма
    std::string payer_account, payer_inn, payer_kpp, payer_name;  ///< ПлательщикСчет (else ПлательщикРасчСчет), …ИНН, …КПП, Плательщик1 (else Плательщик)
    std::string payee_account, payee_inn, payee_kpp, payee_name;  ///< ПолучательСчет (else ПолучательРасчСчет), …
    std::string purpose;                                           ///< НазначениеПлатежа (with НазначениеПлатежа1… appended)
    std::optional<Date> received;  ///< ДатаПоступило: credited to the payee's account
    std::optional<Date> debited;   ///< ДатаСписано: debited from the payer's account
    std::map<std::string, std::string, std::less<>> fields;  ///< values cleaned to one line (input::clean_line)
};

/// One СекцияРасчСчет block (balances of one account over the statement's period).
struct BankAccountSection {
    int line = 0;
    std::string account;
    std::optional<Date> from, to;
    std::optional<Money> opening, credited, debited, closing;  ///< НачальныйОстаток, ВсегоПоступило, ВсегоСписано, КонечныйОстаток
};

struct BankStatement {
    std::string file;
    std::string encoding;            ///< detected from the bytes: "UTF-8", "windows-1251" or "cp866"
    std::string declared_encoding;   ///< Кодировка= as written ("Windows", "DOS", "")
    std::string version;             ///< ВерсияФормата
    std::map<std::string, std::string> header;  ///< header keys (the last value of a repeated key)
    std::vector<std::string> accounts;          ///< РасчСчет= lines of the header
    std::vector<BankAccountSection> sections;
    std::vector<BankDocument> documents;        ///< in file order, unknown types included
    /// Things a person may want to know that do not stop the import, as
    /// "FILE:LINE: text" (Кодировка= contradicting the bytes, an unknown version…).
    std::vector<std::string> notes;
};

/// Document types gefest imports as payments: «Платежное поручение», «Платежное
/// требование», «Инкассовое поручение», «Платежный ордер». Other types (e.g.
/// «Банковский ордер», «Мемориальный ордер») are parsed, kept with known_type = false
/// and reported, never an error.
const std::vector<std::string>& known_document_types();

/// The charset of a statement, decided from its bytes in this order:
///  1. a UTF-8 byte order mark: "UTF-8";
///  2. UTF-16 byte order marks: Error(data) at line 1 (1C never writes UTF-16);
///  3. bytes that are valid UTF-8: "UTF-8", whatever Кодировка= says (files lie);
///  4. otherwise the bytes are decoded both as windows-1251 and as cp866 and the one
///     in which more line keys are keys of the format (ВерсияФормата, Кодировка,
///     СекцияДокумент, Номер, Сумма, Плательщик1…) wins; a tie (no Cyrillic key at
///     all) goes to what Кодировка= declares ("DOS" → cp866, else windows-1251).
///  5. If neither decoding yields a single known Cyrillic key although the file has
///     lines with non-ASCII keys, the encoding is wrong: Error(data) at the first such
///     line (at the first byte that is not UTF-8 if the file is mostly UTF-8).
/// Both single-byte charsets decode every byte, so step 4 decides by meaning, not by
/// validity: «ВерсияФормата» in cp1251 bytes reads as box-drawing garbage in cp866 and
/// vice versa.
std::string detect_statement_encoding(std::string_view bytes, const std::string& file);

/// Parses a statement. Throws Error(data, …, file, line) for: a first line that is not
/// «1CClientBankExchange» (line 1), undecodable bytes (see detect_statement_encoding),
/// a СекцияДокумент or СекцияРасчСчет without its КонецДокумента / КонецРасчСчет (at
/// the opening line), a missing КонецФайла (at the last line), a Сумма that is not
/// "1500", "1500.00" or "1500,00" (at its line), a date that is not DD.MM.YYYY (at its
/// line), a document without Номер, Дата or Сумма (at its opening line), a line that
/// is neither "Key=value" nor a section keyword (at its line). Lines after КонецФайла
/// are ignored.
BankStatement parse_bank_statement(std::string_view bytes, const std::string& file);

/// A statement amount: digits, optionally '.' or ',' and one or two decimals, at most
/// input::max_kopecks. Error(data) quoting `text` otherwise (no FILE:LINE: the caller adds it).
Money parse_statement_amount(std::string_view text);

}  // namespace gefest
