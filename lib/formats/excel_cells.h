// What Excel ru-RU does to the cells of a register someone opened by double-click,
// edited and saved as CSV, and how gefest reads such a cell back: kindly when the
// original value can be known for sure (a date re-written as 27.11.2026 10:00, an ИНН
// whose lost leading zero its check digits prove), loudly at FILE:LINE when it cannot
// (a number in exponent form "1,1E+12", an order key "2026-1" turned into "янв.26").
// The register readers (procedure/clients, invoices, payments, catalog…) call these on
// the cells of their columns; the functions here know cells, not files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace gefest::excel {

/// True for what Excel's General format shows for a long number: "1,1E+12",
/// "7,71E+09", "7.70708E+11", "1E+12" (digits, an optional ',' or '.' fraction, E or e,
/// an optional sign, digits). Surrounding spaces are not allowed: trim first.
bool exponent_form(std::string_view cell);

/// "<column> '<cell>': Excel changed this number; format the column as text and type
/// the value again" (translated): the digits an exponent form dropped are lost.
std::string changed_number_message(std::string_view column, std::string_view cell);

/// Error(Errc::data, changed_number_message) if `cell` is in exponent_form; nothing
/// otherwise.
void refuse_exponent(std::string_view column, std::string_view cell);

/// An identifier with a checksum (ИНН…) that may have lost leading zeros: if `value` is
/// all digits, fails `check` (a requisites::check_* function, "" = valid), and exactly
/// one of its forms padded with 1..`max_zeros` zeros passes it, that form; otherwise
/// nullopt (a valid value, or one no padding proves). An ИНН starts with its region
/// (01..99), so it can lose one zero at most: its callers pass 1. An ОГРН never starts
/// with 0 (its first digit says what was registered), so it has nothing to restore.
std::optional<std::string> restore_zeros(std::string_view value, std::string (*check)(std::string_view), int max_zeros = 1);

/// An ИНН cell as Excel may have left it: trimmed; "" stays ""; exponent form is
/// Error(data) (refuse_exponent, `column` naming it); a lost leading zero is restored
/// when the padded ИНН's check digits prove it (restore_zeros). Other values are
/// returned as they are: validating them is the caller's.
std::string read_inn(std::string_view column, std::string_view cell);

/// A КПП of 8 digits whose zero-padded form is a КПП with the first four digits (the
/// tax office) of the organisation's valid 10-digit `inn`: that form, else nullopt.
/// A КПП has no check digit; the ИНН's office is what proves the lost zero.
std::optional<std::string> restore_kpp(std::string_view kpp, std::string_view inn);

/// A БИК and an account at that bank as Excel may have left them: the БИК "44525225"
/// is "044525225" when that form passes requisites::check_bik and the 20-digit
/// `account` passes requisites::check_account with it (the account's control key proves
/// the БИК). nullopt unless such a restoration applies.
std::optional<std::string> restore_bik(std::string_view bik, std::string_view account);

/// A date cell: "2026-11-27", "27.11.2026" (how Excel ru-RU shows a date it recognised)
/// or "27.11.2026 0:00" / "27.11.2026 10:05[:30]" (a date Excel gave a time), trimmed.
/// False for anything else (an impossible date included).
bool read_date(std::string_view cell, Date& out);

/// A date-and-time cell: what DateTime::try_parse reads ("2026-11-27T10:05:00",
/// "2026-11-27 10:05") or Excel's "27.11.2026 10:05" and "27.11.2026 9:05:30" (one-digit
/// hour), or a bare date (midnight). False for anything else.
bool read_datetime(std::string_view cell, DateTime& out);

/// True if `cell` is what Excel ru-RU shows for a key like "2026-1" or "1-2" it took
/// for a date: a month name with digits ("янв.26", "янв.2026", "01.янв", "1-янв",
/// "Jan-26", "01-Jan", "май.26"), or a full date "01.01.2026". Case-insensitive.
bool date_made_of_key(std::string_view cell);

/// A key cell (an order "2026-1", an invoice "2026-7", a number "17") as Excel may have
/// left it, trimmed. Error(Errc::data) — at no file: the caller adds FILE:LINE — if
/// Excel re-typed it: exponent form, a date (date_made_of_key: "<column> 'янв.26':
/// Excel turned this key into a date; format the column as text and type the key
/// again"), or a number with decimals ("17,00", "2026,1": a key has none). The key's own
/// form is the caller's to check.
std::string read_key(std::string_view column, std::string_view cell);

/// read_key for the cell of a register's row: its Error(data) is at `file`:`line`.
std::string read_key(std::string_view column, std::string_view cell, const std::string& file, int line);

/// A date cell of a register's row as ISO "YYYY-MM-DD" when read_date reads it (Excel's
/// 27.11.2026 [0:00] included); anything else as it is (a column that never refused
/// a value does not start now).
std::string iso_if_date(std::string_view cell);

}  // namespace gefest::excel
