#include "base/locale_text.h"

#include <clocale>
#include <cstring>

namespace gefest {

bool russian_locale() {
    const char* name = std::setlocale(LC_MESSAGES, nullptr);
    return name && std::strncmp(name, "ru", 2) == 0;
}

std::string money_text(Money m) { return russian_locale() ? format_money(m) + " ₽" : format_money(m); }

std::string date_text(const Date& d) { return d.russian(); }

std::string moment_text(const DateTime& t) { return russian_locale() ? t.russian() : t.iso(); }

std::string stored_date_text(const std::string& stored) {
    if (!russian_locale()) return stored;
    DateTime t;
    if (stored.size() > 10 && DateTime::try_parse(stored, t)) return moment_text(t);
    Date d;
    if (Date::try_parse(stored, d)) return date_text(d);
    return stored;
}

}  // namespace gefest
