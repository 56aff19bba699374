// Cells of a register after Excel ru-RU: see formats/excel_cells.h.
#include "formats/excel_cells.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/requisites.h"

namespace gefest::excel {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool digits_only(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

/// Consumes digits at `i`; their count.
std::size_t skip_digits(std::string_view s, std::size_t& i) {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
}

bool small_number(std::string_view s, int& out) {
    if (s.empty() || s.size() > 2 || !digits_only(s)) return false;
    out = std::stoi(std::string(s));
    return true;
}

/// "H:MM" or "H:MM:SS" with a one- or two-digit hour, as Excel ru-RU writes a time.
bool read_time(std::string_view t, DateTime& dt) {
    std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view rest = t.substr(colon + 1);
    std::string_view minutes = rest.substr(0, rest.find(':'));
    std::string_view seconds = minutes.size() < rest.size() ? rest.substr(minutes.size() + 1) : std::string_view("00");
    if (minutes.size() != 2 || seconds.size() != 2) return false;
    if (!small_number(t.substr(0, colon), dt.hour) || !small_number(minutes, dt.minute) || !small_number(seconds, dt.second))
        return false;
    return dt.hour <= 23 && dt.minute <= 59 && dt.second <= 59;
}

/// Excel's date and optional time: "27.11.2026", "27.11.2026 0:00", "27.11.2026 10:05:30".
bool read_excel_datetime(std::string_view t, DateTime& out) {
    if (t.size() < 10 || t[2] != '.' || t[5] != '.') return false;
    DateTime dt;
    if (!Date::try_parse(t.substr(0, 10), dt.date)) return false;
    if (t.size() > 10 && (t[10] != ' ' || !read_time(t.substr(11), dt))) return false;
    out = dt;
    return true;
}

/// The month names Excel ru-RU (and an English Excel) writes in the formats МММ.ГГ,
/// ДД.МММ, ДД-МММ: lower case here, matched with a case fold of the first letter.
constexpr std::array<std::string_view, 24> month_names = {
    "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/// `s` with ASCII and Russian capital letters made small.
std::string lower(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if (c == 0xD0 && i + 1 < s.size()) {
            auto d = static_cast<unsigned char>(s[++i]);
            if (d >= 0x90 && d <= 0x9F) out += "\xD0", out += static_cast<char>(d + 0x20);       // А-П
            else if (d >= 0xA0 && d <= 0xAF) out += "\xD1", out += static_cast<char>(d - 0x20);  // Р-Я
            else out += static_cast<char>(c), out += static_cast<char>(d);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

bool exponent_form(std::string_view s) {
    std::size_t i = 0;
    if (skip_digits(s, i) == 0) return false;
    if (i < s.size() && (s[i] == ',' || s[i] == '.')) {
        ++i;
        if (skip_digits(s, i) == 0) return false;
    }
    if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    return skip_digits(s, i) > 0 && i == s.size();
}

std::string changed_number_message(std::string_view column, std::string_view cell) {
    return fmt::format(fmt::runtime(tr("{} '{}': Excel changed this number; format the column as text and type the value again")), column,
                       cell);
}

void refuse_exponent(std::string_view column, std::string_view cell) {
    if (exponent_form(cell)) throw Error(Errc::data, changed_number_message(column, cell));
}

std::optional<std::string> restore_zeros(std::string_view value, std::string (*check)(std::string_view), int max_zeros) {
    if (!digits_only(value) || check(value).empty()) return std::nullopt;
    std::optional<std::string> found;
    std::string padded(value);
    for (int zeros = 1; zeros <= max_zeros; ++zeros) {
        padded.insert(padded.begin(), '0');
        if (!check(padded).empty()) continue;
        if (found) return std::nullopt;  // two readings: none is proven
        found = padded;
    }
    return found;
}

std::string read_inn(std::string_view column, std::string_view cell) {
    std::string inn(trim_space(cell));
    refuse_exponent(column, inn);
    if (auto restored = restore_zeros(inn, requisites::check_inn)) return *restored;
    return inn;
}

std::optional<std::string> restore_kpp(std::string_view kpp, std::string_view inn) {
    if (kpp.size() != 8 || !digits_only(kpp) || inn.size() != 10 || !requisites::check_inn(inn).empty()) return std::nullopt;
    std::string padded = "0" + std::string(kpp);
    if (!requisites::check_kpp(padded).empty() || padded.substr(0, 4) != inn.substr(0, 4)) return std::nullopt;
    return padded;
}

std::optional<std::string> restore_bik(std::string_view bik, std::string_view account) {
    if (bik.size() != 8 || !digits_only(bik)) return std::nullopt;
    std::string padded = "0" + std::string(bik);
    if (!requisites::check_bik(padded).empty() || !requisites::check_account(account, padded).empty()) return std::nullopt;
    return padded;
}

bool read_date(std::string_view cell, Date& out) {
    std::string_view t = trim_space(cell);
    DateTime dt;
    if (read_excel_datetime(t, dt)) {
        out = dt.date;
        return true;
    }
    return Date::try_parse(t, out);
}

bool read_datetime(std::string_view cell, DateTime& out) {
    std::string_view t = trim_space(cell);
    return read_excel_datetime(t, out) || DateTime::try_parse(t, out);
}

bool date_made_of_key(std::string_view cell) {
    Date d;
    // Without a letter there is no month name: only DD.MM.YYYY is left to look for (the
    // keys of a register, "2026-15", are read without a copy).
    const std::string_view trimmed = trim_space(cell);
    if (std::none_of(trimmed.begin(), trimmed.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
        }))
        return trimmed.size() == 10 && trimmed[2] == '.' && Date::try_parse(trimmed, d);
    // Nor is a month searched for in a key that starts with an ASCII character no month
    // name starts with ("BN-1"): only DD.MM.YYYY is left (a catalog of 400k such SKUs).
    const auto first = static_cast<unsigned char>(trimmed.front());
    const char first_small = static_cast<char>(first >= 'A' && first <= 'Z' ? first + 32 : first);
    if (first < 0x80 && !(first >= '0' && first <= '9') &&
        std::none_of(month_names.begin(), month_names.end(), [&](std::string_view name) { return name.front() == first_small; }))
        return trimmed.size() == 10 && trimmed[2] == '.' && Date::try_parse(lower(trimmed), d);
    std::string t = lower(trimmed);
    if (t.size() == 10 && t[2] == '.' && Date::try_parse(t, d)) return true;
    auto separator = [](char c) { return c == '.' || c == '-' || c == ' ' || c == '/'; };
    // ДД.МММ starts with a digit, МММ.ГГ with the month: a key that starts with neither is
    // not searched for every month (a register of 800k keys is read).
    const bool digit_first = !t.empty() && t[0] >= '0' && t[0] <= '9';
    for (auto name : month_names) {
        if (!digit_first && !t.starts_with(name)) continue;
        std::size_t at = t.find(name);
        if (at == std::string::npos) continue;
        std::string_view before = std::string_view(t).substr(0, at), after = std::string_view(t).substr(at + name.size());
        // ДД.МММ: "01.янв", "1-янв", "01-Jan"
        if (after.empty() && before.size() >= 2 && separator(before.back()) && before.size() <= 3 &&
            digits_only(before.substr(0, before.size() - 1)))
            return true;
        // МММ.ГГ and МММ.ГГГГ: "янв.26", "янв.2026", "Jan-26"
        if (before.empty() && after.size() >= 3 && separator(after.front()) && (after.size() == 3 || after.size() == 5) &&
            digits_only(after.substr(1)))
            return true;
    }
    return false;
}

std::string read_key(std::string_view column, std::string_view cell) {
    std::string key(trim_space(cell));
    refuse_exponent(column, key);
    if (date_made_of_key(key))
        throw Error(Errc::data,
                    fmt::format(fmt::runtime(tr("{} '{}': Excel turned this key into a date; format the column as text and type the key again")),
                                column, key));
    std::size_t i = 0;
    if (skip_digits(key, i) > 0 && i < key.size() && key[i] == ',') {
        ++i;
        if (skip_digits(key, i) > 0 && i == key.size())
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': Excel turned this key into a number with decimals; format the "
                                                                "column as text and type the key again")),
                                                column, key));
    }
    return key;
}

std::string read_key(std::string_view column, std::string_view cell, const std::string& file, int line) {
    try {
        return read_key(column, cell);
    } catch (const Error& e) {
        throw Error(e.code(), e.what(), file, line);
    }
}

std::string iso_if_date(std::string_view cell) {
    Date d;
    return read_date(cell, d) ? d.iso() : std::string(cell);
}

}  // namespace gefest::excel
