#include "formats/requisites.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest::requisites {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

int digit(std::string_view s, std::size_t i) { return s[i] - '0'; }

// (sum of digit*weight over the first weights.size() digits mod 11) mod 10.
int weighted_check(std::string_view s, std::span<const int> weights) {
    int sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += digit(s, i) * weights[i];
    return sum % 11 % 10;
}

// The first `n` digits as a number (n <= 18, so it fits) mod `m`.
std::uint64_t prefix_mod(std::string_view s, std::size_t n, std::uint64_t m) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + static_cast<std::uint64_t>(digit(s, i));
    return v % m;
}

constexpr std::string_view nbsp = "\xC2\xA0";

// Lower-cases ASCII and Russian capitals in UTF-8 (Ё D0 81 -> ё D1 91, А-П D0 90-9F ->
// а-п D0 B0-BF, Р-Я D0 A0-AF -> р-я D1 80-8F); every other byte is kept.
std::string lower_ru(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + ('a' - 'A'));
        } else if (c == 0xD0 && next == 0x81) {
            out += "\xD1\x91";
            ++i;
        } else if (c == 0xD0 && next >= 0x90 && next <= 0x9F) {
            out += static_cast<char>(0xD0);
            out += static_cast<char>(next + 0x20);
            ++i;
        } else if (c == 0xD0 && next >= 0xA0 && next <= 0xAF) {
            out += static_cast<char>(0xD1);
            out += static_cast<char>(next - 0x20);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string not_digits() { return tr("must contain only digits"); }

std::string wrong_length(int expected, std::size_t got) {
    return fmt::format(fmt::runtime(tr("must have {} digits, not {}")), expected, got);
}

std::string wrong_checksum() { return tr("wrong check digit"); }

// Bank of Russia control key: weights 7,1,3 repeated over the 23 digits `prefix` +
// `account`; valid when the sum is divisible by 10.
bool account_key_ok(std::string_view prefix, std::string_view account) {
    static constexpr std::array<int, 3> weights = {7, 1, 3};
    int sum = 0, i = 0;
    for (std::string_view part : {prefix, account})
        for (char c : part) sum += (c - '0') * weights[i++ % 3];
    return sum % 10 == 0;
}

std::string check_account_digits(std::string_view account) {
    if (!all_digits(account)) return not_digits();
    if (account.size() != 20) return wrong_length(20, account.size());
    return {};
}

std::string bad_bik(std::string_view bik, const std::string& reason) {
    return fmt::format(fmt::runtime(tr("cannot be checked against BIK '{}': {}")), bik, reason);
}

}  // namespace

std::string check_inn(std::string_view inn) {
    static constexpr std::array<int, 9> w10 = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static constexpr std::array<int, 10> w11 = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static constexpr std::array<int, 11> w12 = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (!all_digits(inn)) return not_digits();
    if (inn.size() == 10) {
        if (weighted_check(inn, w10) != digit(inn, 9)) return wrong_checksum();
        return {};
    }
    if (inn.size() == 12) {
        if (weighted_check(inn, w11) != digit(inn, 10) || weighted_check(inn, w12) != digit(inn, 11))
            return wrong_checksum();
        return {};
    }
    return fmt::format(fmt::runtime(tr("must have 10 or 12 digits, not {}")), inn.size());
}

std::string check_kpp(std::string_view kpp) {
    if (kpp.size() != 9) return fmt::format(fmt::runtime(tr("must have 9 characters, not {}")), kpp.size());
    for (std::size_t i = 0; i < kpp.size(); ++i) {
        char c = kpp[i];
        bool ok = is_digit(c) || ((i == 4 || i == 5) && c >= 'A' && c <= 'Z');
        if (!ok) return tr("must be 4 digits, 2 digits or capital Latin letters, then 3 digits");
    }
    return {};
}

std::string check_ogrn(std::string_view ogrn) {
    if (!all_digits(ogrn)) return not_digits();
    if (ogrn.size() != 13) return wrong_length(13, ogrn.size());
    if (prefix_mod(ogrn, 12, 11) % 10 != static_cast<std::uint64_t>(digit(ogrn, 12))) return wrong_checksum();
    return {};
}

std::string check_ogrnip(std::string_view ogrnip) {
    if (!all_digits(ogrnip)) return not_digits();
    if (ogrnip.size() != 15) return wrong_length(15, ogrnip.size());
    if (prefix_mod(ogrnip, 14, 13) % 10 != static_cast<std::uint64_t>(digit(ogrnip, 14))) return wrong_checksum();
    return {};
}

std::string check_ogrn_any(std::string_view number) {
    if (!all_digits(number)) return not_digits();
    if (number.size() == 13) return check_ogrn(number);
    if (number.size() == 15) return check_ogrnip(number);
    return fmt::format(fmt::runtime(tr("must have 13 or 15 digits, not {}")), number.size());
}

std::string check_bik(std::string_view bik) {
    if (!all_digits(bik)) return not_digits();
    if (bik.size() != 9) return wrong_length(9, bik.size());
    if (!bik.starts_with("04")) return tr("must start with '04'");
    return {};
}

std::string check_account(std::string_view account, std::string_view bik) {
    if (auto reason = check_account_digits(account); !reason.empty()) return reason;
    if (auto reason = check_bik(bik); !reason.empty()) return bad_bik(bik, reason);
    if (!account_key_ok(bik.substr(6, 3), account))
        return fmt::format(fmt::runtime(tr("wrong control key for BIK '{}'")), bik);
    return {};
}

std::string check_corr_account(std::string_view account, std::string_view bik) {
    if (auto reason = check_account_digits(account); !reason.empty()) return reason;
    if (auto reason = check_bik(bik); !reason.empty()) return bad_bik(bik, reason);
    std::string prefix = "0";
    prefix += bik.substr(4, 2);
    if (!account_key_ok(prefix, account))
        return fmt::format(fmt::runtime(tr("wrong control key for BIK '{}'")), bik);
    return {};
}

void require(std::string_view field, std::string_view value, const std::string& reason) {
    if (reason.empty()) return;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} '{}': {}")), field, value, reason));
}

std::optional<std::string> normalize_phone(std::string_view phone) {
    std::string digits;
    bool plus = false, open = false, closed = false;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        char c = phone[i];
        if (is_digit(c)) {
            digits += c;
        } else if (c == ' ' || c == '\t' || c == '-' || c == '.') {
        } else if (phone.substr(i).starts_with(nbsp)) {
            ++i;
        } else if (c == '+' && digits.empty() && !plus && !open) {
            plus = true;
        } else if (c == '(' && !open) {
            open = true;
        } else if (c == ')' && open && !closed) {
            closed = true;
        } else {
            return std::nullopt;
        }
    }
    if (open != closed) return std::nullopt;
    if (digits.size() == 11) {
        if (digits[0] != '7' && !(digits[0] == '8' && !plus)) return std::nullopt;
        digits.erase(0, 1);
    } else if (digits.size() != 10 || plus) {
        return std::nullopt;
    }
    if (digits[0] < '3') return std::nullopt;
    return "+7" + digits;
}

std::optional<std::string> normalize_email(std::string_view email) {
    email = trim_space(email);
    std::string out = lower_ru(email);
    for (char ch : out) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F || std::string_view("\"(),:;<>[\\]").find(ch) != std::string_view::npos)
            return std::nullopt;
    }
    if (out.find(nbsp) != std::string::npos) return std::nullopt;

    auto at = out.find('@');
    if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) return std::nullopt;
    std::string_view domain = std::string_view(out).substr(at + 1);
    std::size_t labels = 0;
    std::string_view last;
    while (true) {
        auto dot = domain.find('.');
        std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.front() == '-' || label.back() == '-') return std::nullopt;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        domain.remove_prefix(dot + 1);
    }
    if (labels < 2 || last.size() < 2) return std::nullopt;  // bytes: "рф" counts 4
    return out;
}

}  // namespace gefest::requisites
