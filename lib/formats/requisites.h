// Checks of a Russian counterparty's requisites (ИНН, КПП, ОГРН, БИК, bank accounts)
// and normalisation of contact fields. The check_* functions return an empty string
// when the value is valid and otherwise a one-line reason in English (translated via
// tr) without the field's name, which the caller adds: "ИНН '7707083894': wrong check
// digit". Values are taken as they are: trim them first; a space is not a digit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gefest::requisites {

/// ИНН: 10 digits (organisation; check digit over the first 9 with weights
/// 2,4,10,3,5,9,4,6,8) or 12 digits (individual; two check digits with weights
/// 7,2,4,10,3,5,9,4,6,8 and 3,7,2,4,10,3,5,9,4,6,8), each check digit being
/// (sum mod 11) mod 10. The reason tells non-digits, wrong length and wrong checksum apart.
std::string check_inn(std::string_view inn);

/// КПП: 9 characters NNNNXXNNN, N a digit and X a digit or capital Latin letter.
std::string check_kpp(std::string_view kpp);

/// ОГРН of an organisation: 13 digits, the 13th equal to (first 12 mod 11) mod 10.
std::string check_ogrn(std::string_view ogrn);

/// ОГРНИП of an individual entrepreneur: 15 digits, the 15th equal to
/// (first 14 mod 13) mod 10.
std::string check_ogrnip(std::string_view ogrnip);

/// check_ogrn for 13 characters, check_ogrnip for 15, a length reason otherwise.
std::string check_ogrn_any(std::string_view number);

/// БИК: 9 digits starting with "04" (the Bank of Russia's code for Russia).
std::string check_bik(std::string_view bik);

/// A settlement (расчётный) account of 20 digits held at the bank `bik`: the control
/// key over the last three digits of the БИК followed by the account, weights 7,1,3
/// repeated, must give a sum divisible by 10. An invalid БИК is reported as the reason.
std::string check_account(std::string_view account, std::string_view bik);

/// A correspondent account of 20 digits of the bank `bik`: the control key as in
/// check_account but over "0", digits 5-6 of the БИК and the account.
std::string check_corr_account(std::string_view account, std::string_view bik);

/// Throws Error(Errc::data, "<field> '<value>': <reason>") when `reason` (the result
/// of a check_* above) is not empty; does nothing otherwise.
void require(std::string_view field, std::string_view value, const std::string& reason);

/// A Russian phone number as "+7XXXXXXXXXX", from "8 912 345-67-89",
/// "+7 (912) 345-67-89", "912-345-67-89", "7 912 3456789" or "(3452) 12-34-56".
/// Separators allowed: spaces (also NBSP), '-', '.', one pair of parentheses; a '+'
/// only at the start and only as "+7". The digits must be 10 (the national number)
/// or 11 starting with 7 or 8; the national number cannot start with 0, 1 or 2 (no
/// such codes in zone +7). Anything else, extensions ("доб. 12") and letters
/// included, gives nullopt.
std::optional<std::string> normalize_phone(std::string_view phone);

/// An e-mail address trimmed of surrounding whitespace and lower-cased (ASCII and
/// Russian letters), or nullopt unless it has the shape user@domain.tld: one '@',
/// a non-empty local part, a domain of dot-separated non-empty labels not starting or
/// ending with '-', at least two labels, a top-level label of two or more characters,
/// and no whitespace, control characters or any of `"(),:;<>[\]` anywhere.
std::optional<std::string> normalize_email(std::string_view email);

}  // namespace gefest::requisites
