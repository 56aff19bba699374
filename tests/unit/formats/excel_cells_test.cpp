#include "formats/excel_cells.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "base/error.h"
#include "formats/requisites.h"

using namespace gefest;

namespace {

std::string data_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("exponent_form: what Excel's General format makes of a long number") {
    for (const char* s : {"1,1E+12", "7,71E+09", "7.70708E+11", "1E+12", "7,20501e+11", "1,2E-03"}) {
        CAPTURE(s);
        CHECK(excel::exponent_form(s));
    }
    for (const char* s : {"", "1,1", "E+12", "1,E+12", "1,1E", "1,1E+", " 1,1E+12", "7707083893", "abcE+1"}) {
        CAPTURE(s);
        CHECK_FALSE(excel::exponent_form(s));
    }
    CHECK(data_error([] { excel::refuse_exponent("ИНН", "1,1E+12"); }) ==
          "ИНН '1,1E+12': Excel changed this number; format the column as text and type the value again");
    excel::refuse_exponent("ИНН", "7707083893");  // no error
}

TEST_CASE("read_inn: a lost leading zero is restored when the check digits prove it") {
    CHECK(excel::read_inn("ИНН", "105012349") == "0105012349");        // 10 digits
    CHECK(excel::read_inn("ИНН", "10712345682") == "010712345682");    // 12 digits
    CHECK(excel::read_inn("ИНН", " 0105012349 ") == "0105012349");     // kept, trimmed
    CHECK(excel::read_inn("ИНН", "7707083893") == "7707083893");       // valid as it is
    CHECK(excel::read_inn("ИНН", "105012348") == "105012348");         // no padding proves it: the caller refuses it
    CHECK(excel::read_inn("ИНН", "") == "");
    CHECK(data_error([] { excel::read_inn("ИНН", "7,70708E+11"); }).find("Excel changed this number") != std::string::npos);
    // Two zeros are never restored for an ИНН: there is no region 00.
    CHECK_FALSE(excel::restore_zeros("50123456", requisites::check_inn));
    CHECK(excel::restore_zeros("50123456", requisites::check_inn, 2) == "0050123456");
}

TEST_CASE("restore_kpp and restore_bik: proven by the ИНН's office and the account's key") {
    CHECK(excel::restore_kpp("10501001", "0105012349") == "010501001");
    CHECK_FALSE(excel::restore_kpp("10501001", "7707083893"));  // another office: not proven
    CHECK_FALSE(excel::restore_kpp("010501001", "0105012349"));  // nothing lost
    CHECK(excel::restore_bik("44525225", "40702810200000000001") == "044525225");
    CHECK_FALSE(excel::restore_bik("44525225", "40702810300000000001"));  // the key does not match
    CHECK_FALSE(excel::restore_bik("044525225", "40702810200000000001"));  // nothing lost
    CHECK_FALSE(excel::restore_bik("54525225", "40702810200000000001"));  // not a Russian БИК
}

TEST_CASE("read_date and read_datetime: Excel's DD.MM.YYYY [H:MM[:SS]] read as ISO") {
    Date d;
    CHECK(excel::read_date("27.11.2026", d));
    CHECK(d.iso() == "2026-11-27");
    CHECK(excel::read_date("2026-11-27", d));
    CHECK(excel::read_date("27.11.2026 0:00", d));
    CHECK(d.iso() == "2026-11-27");
    CHECK(excel::read_date(" 01.02.2026 13:45:10 ", d));
    CHECK(d.iso() == "2026-02-01");
    for (const char* s : {"", "31.02.2026", "27.11.26", "27.11.2026 24:00", "27.11.2026 9:5", "27.11.2026T10:00", "ноя.26"}) {
        CAPTURE(s);
        CHECK_FALSE(excel::read_date(s, d));
    }
    DateTime dt;
    CHECK(excel::read_datetime("27.11.2026 9:05", dt));
    CHECK(dt.iso() == "2026-11-27T09:05:00");
    CHECK(excel::read_datetime("27.11.2026 10:05:30", dt));
    CHECK(dt.iso() == "2026-11-27T10:05:30");
    CHECK(excel::read_datetime("2026-11-27T10:05:30", dt));
    CHECK(excel::read_datetime("27.11.2026", dt));
    CHECK(dt.iso() == "2026-11-27T00:00:00");
    CHECK_FALSE(excel::read_datetime("27.11.2026 10", dt));
    CHECK(excel::iso_if_date("27.11.2026 0:00") == "2026-11-27");
    CHECK(excel::iso_if_date("2026-11-27") == "2026-11-27");
    CHECK(excel::iso_if_date("вчера") == "вчера");
    CHECK(excel::iso_if_date("") == "");
}

TEST_CASE("read_key: a key Excel re-typed as a date or a number is refused") {
    for (const char* s : {"янв.26", "янв.2026", "01.янв", "1-янв", "Янв.26", "ЯНВ.26", "май.26", "Jan-26", "01-Jan", "01.01.2026"}) {
        CAPTURE(s);
        CHECK(excel::date_made_of_key(s));
        CHECK(data_error([&] { excel::read_key("Заказ", s); }).find("Excel turned this key into a date") != std::string::npos);
    }
    for (const char* s : {"2026-1", "17", "", "Мартынов", "январь 2026 года", "SKU-12", "2026-13", "DEC-100", "МАР-5", "янв.26.1", "01.01.26"}) {
        CAPTURE(s);
        CHECK_FALSE(excel::date_made_of_key(s));
    }
    CHECK(data_error([] { excel::read_key("Заказ", "янв.26"); }) ==
          "Заказ 'янв.26': Excel turned this key into a date; format the column as text and type the key again");
    CHECK(data_error([] { excel::read_key("№", "17,00"); }).find("a number with decimals") != std::string::npos);
    CHECK(data_error([] { excel::read_key("№", "2,026E+03"); }).find("Excel changed this number") != std::string::npos);
    CHECK(excel::read_key("Заказ", " 2026-1 ") == "2026-1");
    CHECK(excel::read_key("№", "17") == "17");
}
