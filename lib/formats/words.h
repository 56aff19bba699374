// "Сумма прописью": an amount in roubles written out in Russian words, as invoices,
// acts and contracts print it under the total.
#pragma once

#include <string>

#include "base/money.h"

namespace gefest {

/// The amount in Russian words, roubles spelt out and kopecks as two digits:
/// "Сто двадцать три рубля 05 копеек", "Одна тысяча один рубль 01 копейка",
/// "Ноль рублей 00 копеек". The kopeck digits are always two ("00", "05") and the
/// word after them agrees with their value (01 копейка, 02 копейки, 11 копеек): the
/// convention of both reference implementations in fixtures/propis/ru_rub_words.tsv.
/// The first letter is a capital, words are separated by single spaces. A negative
/// amount is written "Минус …". Covers every Money value (up to квадриллионы).
/// Does not throw.
std::string amount_in_words(Money m);

}  // namespace gefest
