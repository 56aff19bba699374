// Money and dates in messages for people, in the forms of the user's locale: under a
// Russian locale (LC_MESSAGES ru_*) «377 900,00 ₽» and «27.11.2026» / «27.11.2026 10:00»;
// under any other the forms gefest has always printed («377 900,00», «27.11.2026»,
// «2026-11-27T10:00:00»), which scripts and tests read. Registers, journals and
// documents never use these: their forms are fixed (format_plain, Date::iso).
#pragma once

#include <string>

#include "base/clock.h"
#include "base/money.h"

namespace gefest {

/// True when messages are shown in Russian (LC_MESSAGES, as setlocale left it, is ru_*).
bool russian_locale();

/// An amount for a message: "377 900,00 ₽" under a Russian locale, else "377 900,00".
std::string money_text(Money m);

/// A date for a message: "27.11.2026" (the date form of both).
std::string date_text(const Date& d);

/// A moment for a message: "27.11.2026 10:00" under a Russian locale, else ISO
/// "2026-11-27T10:00:00".
std::string moment_text(const DateTime& t);

/// A date or moment as stored ("2026-11-27", "2026-11-27T10:00:00") for a message:
/// under a Russian locale as date_text / moment_text; otherwise, and for text that is
/// neither, as it is.
std::string stored_date_text(const std::string& stored);

}  // namespace gefest
