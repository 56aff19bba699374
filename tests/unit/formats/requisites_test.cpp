#include "formats/requisites.h"

#include <doctest/doctest.h>

#include <string>

#include "base/error.h"

namespace rq = gefest::requisites;

namespace {

// Every single-digit change of a valid number must fail its check: the check digits
// catch any one wrong digit (weights are non-zero mod 10 / mod 11 and the checked
// digit itself is compared directly).
template <typename Check>
void each_single_digit_change_fails(const std::string& valid, Check check) {
    for (std::size_t i = 0; i < valid.size(); ++i) {
        for (char d = '0'; d <= '9'; ++d) {
            if (d == valid[i]) continue;
            std::string mutated = valid;
            mutated[i] = d;
            CAPTURE(mutated);
            CHECK_FALSE(check(mutated).empty());
        }
    }
}

}  // namespace

// ПАО Сбербанк: ИНН 7707083893, КПП 773601001, ОГРН 1027700132195, БИК 044525225,
// к/с 30101810400000000225 (published on sberbank.ru and in every payment order).

TEST_CASE("requisites: ИНН") {
    CHECK(rq::check_inn("7707083893") == "");    // ПАО Сбербанк
    CHECK(rq::check_inn("7736050003") == "");    // ПАО Газпром
    CHECK(rq::check_inn("500100732259") == "");  // an individual (12 digits)
    CHECK(rq::check_inn("7707083894") == "wrong check digit");
    CHECK(rq::check_inn("500100732258") == "wrong check digit");  // second check digit
    CHECK(rq::check_inn("500100732269") == "wrong check digit");  // first check digit
    CHECK(rq::check_inn("770708389") == "must have 10 or 12 digits, not 9");
    CHECK(rq::check_inn("77070838931") == "must have 10 or 12 digits, not 11");
    CHECK(rq::check_inn("") == "must have 10 or 12 digits, not 0");
    CHECK(rq::check_inn("77O7083893") == "must contain only digits");  // Latin O
    CHECK(rq::check_inn("7707 083893") == "must contain only digits");
    CHECK(rq::check_inn(" 7707083893") == "must contain only digits");  // no trimming
    // Constructed numbers whose weighted sum is 10 mod 11: the check digit is
    // (sum mod 11) mod 10 = 0.
    CHECK(rq::check_inn("7707083090") == "");
    CHECK(rq::check_inn("500100700708") == "");  // first check digit 0
    CHECK(rq::check_inn("500100718600") == "");  // both check digits 0
    CHECK(rq::check_inn("0000000000") == "");     // checksum-wise valid (not a real ИНН)
    each_single_digit_change_fails("7707083893", rq::check_inn);
    // For 12 digits a change may keep one check digit right, never both.
    each_single_digit_change_fails("500100732259", rq::check_inn);
}

TEST_CASE("requisites: КПП") {
    CHECK(rq::check_kpp("773601001") == "");
    CHECK(rq::check_kpp("7736AB001") == "");
    CHECK(rq::check_kpp("77360Z001") == "");
    CHECK(rq::check_kpp("77360100") == "must have 9 characters, not 8");
    CHECK(rq::check_kpp("7736010011") == "must have 9 characters, not 10");
    CHECK_FALSE(rq::check_kpp("7736ab001").empty());   // lower case
    CHECK_FALSE(rq::check_kpp("773A01001").empty());   // letter outside 5-6
    CHECK_FALSE(rq::check_kpp("77360100A").empty());
    CHECK_FALSE(rq::check_kpp("7736 1001").empty());
}

TEST_CASE("requisites: ОГРН and ОГРНИП") {
    CHECK(rq::check_ogrn("1027700132195") == "");  // ПАО Сбербанк
    CHECK(rq::check_ogrn("1027700067328") == "");
    CHECK(rq::check_ogrn("1027700130040") == "");  // constructed: first 12 mod 11 = 10
    CHECK(rq::check_ogrn("1027700132196") == "wrong check digit");
    CHECK(rq::check_ogrn("102770013219") == "must have 13 digits, not 12");
    CHECK(rq::check_ogrn("10277001321x5") == "must contain only digits");
    each_single_digit_change_fails("1027700132195", rq::check_ogrn);

    CHECK(rq::check_ogrnip("304500116000157") == "");
    CHECK(rq::check_ogrnip("316861700133226") == "");
    CHECK(rq::check_ogrnip("304500116000072") == "");  // constructed: first 14 mod 13 = 12
    CHECK(rq::check_ogrnip("304500116000158") == "wrong check digit");
    CHECK(rq::check_ogrnip("1027700132195") == "must have 15 digits, not 13");

    CHECK(rq::check_ogrn_any("1027700132195") == "");
    CHECK(rq::check_ogrn_any("304500116000157") == "");
    CHECK(rq::check_ogrn_any("1027700132194") == "wrong check digit");
    CHECK(rq::check_ogrn_any("304500116000150") == "wrong check digit");
    CHECK(rq::check_ogrn_any("12345678901234") == "must have 13 or 15 digits, not 14");
    CHECK(rq::check_ogrn_any("ОГРН") == "must contain only digits");
}

TEST_CASE("requisites: БИК") {
    CHECK(rq::check_bik("044525225") == "");
    CHECK(rq::check_bik("044525974") == "");
    CHECK(rq::check_bik("04452522") == "must have 9 digits, not 8");
    CHECK(rq::check_bik("144525225") == "must start with '04'");
    CHECK(rq::check_bik("04452522A") == "must contain only digits");
}

TEST_CASE("requisites: correspondent accounts") {
    // Published к/с of the largest banks.
    CHECK(rq::check_corr_account("30101810400000000225", "044525225") == "");  // Сбербанк
    CHECK(rq::check_corr_account("30101810700000000187", "044525187") == "");  // ВТБ
    CHECK(rq::check_corr_account("30101810200000000593", "044525593") == "");  // Альфа-Банк
    CHECK(rq::check_corr_account("30101810145250000974", "044525974") == "");  // Т-Банк
    CHECK(rq::check_corr_account("30101810400000000226", "044525225") == "wrong control key for BIK '044525225'");
    CHECK(rq::check_corr_account("30101810400000000225", "044525187") == "");  // same digits 5-6
    CHECK_FALSE(rq::check_corr_account("30101810400000000225", "044030653").empty());  // digits 5-6 differ
    CHECK(rq::check_corr_account("3010181040000000022", "044525225") == "must have 20 digits, not 19");
    CHECK(rq::check_corr_account("30101810400000000225", "04452522") ==
          "cannot be checked against BIK '04452522': must have 9 digits, not 8");
    each_single_digit_change_fails("30101810400000000225",
                                   [](const std::string& a) { return rq::check_corr_account(a, "044525225"); });
}

TEST_CASE("requisites: settlement accounts") {
    // The example account of the SWIFT IBAN registry for Russia
    // (RU0304452522540817810538091310419: БИК 044525225, account 40817810538091310419).
    CHECK(rq::check_account("40817810538091310419", "044525225") == "");
    // The same key rule gives exactly one check digit (position 9) per account number.
    int valid = 0;
    for (char d = '0'; d <= '9'; ++d) {
        std::string account = "40702810X38000000001";
        account[8] = d;
        if (rq::check_account(account, "044525225").empty()) ++valid;
    }
    CHECK(valid == 1);
    CHECK(rq::check_account("40702810938000000001", "044525225") == "");
    CHECK(rq::check_account("40702810038000000001", "044525225") == "wrong control key for BIK '044525225'");
    // A settlement account checked against the wrong bank fails.
    CHECK_FALSE(rq::check_account("40817810538091310419", "044525187").empty());
    // A correspondent account is not a settlement account of its own bank.
    CHECK_FALSE(rq::check_account("30101810400000000225", "044525225").empty());
    CHECK(rq::check_account("4081781053809131041", "044525225") == "must have 20 digits, not 19");
    CHECK(rq::check_account("40817 810538091310419", "044525225") == "must contain only digits");
    CHECK(rq::check_account("40817810538091310419", "144525225") ==
          "cannot be checked against BIK '144525225': must start with '04'");
    each_single_digit_change_fails("40817810538091310419",
                                   [](const std::string& a) { return rq::check_account(a, "044525225"); });
}

TEST_CASE("requisites: require throws with the field name") {
    CHECK_NOTHROW(rq::require("ИНН", "7707083893", rq::check_inn("7707083893")));
    try {
        rq::require("ИНН", "7707083894", rq::check_inn("7707083894"));
        FAIL("no throw");
    } catch (const gefest::Error& e) {
        CHECK(e.code() == gefest::Errc::data);
        CHECK(std::string(e.what()) == "ИНН '7707083894': wrong check digit");
    }
}

TEST_CASE("requisites: normalize_phone") {
    using rq::normalize_phone;
    CHECK(normalize_phone("8 912 345-67-89") == "+79123456789");
    CHECK(normalize_phone("+7 (912) 345-67-89") == "+79123456789");
    CHECK(normalize_phone("912-345-67-89") == "+79123456789");
    CHECK(normalize_phone("7 912 3456789") == "+79123456789");
    CHECK(normalize_phone("(3452) 12-34-56") == "+73452123456");
    CHECK(normalize_phone("+79123456789") == "+79123456789");
    CHECK(normalize_phone("89123456789") == "+79123456789");
    CHECK(normalize_phone("  8(812)123.45.67 ") == "+78121234567");
    CHECK(normalize_phone("812 123 45 67") == "+78121234567");  // 10 digits: the code is 812
    CHECK(normalize_phone("8\xC2\xA0" "912\xC2\xA0" "345-67-89") == "+79123456789");

    for (const char* bad : {"", "123", "345-67-89", "8 912 345-67", "8 912 345-67-890", "+8 912 345-67-89",
                            "+912 345-67-89", "+7 912 345-67-8", "8 912 345-67-89 доб. 12", "8 912 345-67-89 ext 1",
                            "8-9l2-345-67-89", "8 (912 345-67-89", "8 912) 345-67-89", "(8 (912)) 3456789",
                            "8 912 + 345 67 89", "7+9123456789", "+7 +9123456789", "89123456789, 89123456780",
                            "0123456789", "8 012 345-67-89", "+7 212 345 67 89", "+44 20 7946 0958",
                            "8/912/345/67/89"}) {
        std::string text = bad;
        CAPTURE(text);
        CHECK(normalize_phone(bad) == std::nullopt);
    }
}

TEST_CASE("requisites: normalize_email") {
    using rq::normalize_email;
    CHECK(normalize_email("  Ivan.Petrov@Example.COM \t") == "ivan.petrov@example.com");
    CHECK(normalize_email("sales+orders@mail.ru") == "sales+orders@mail.ru");
    CHECK(normalize_email("a@b.co") == "a@b.co");
    CHECK(normalize_email("Info@Завод-Гефест.РФ") == "info@завод-гефест.рф");
    CHECK(normalize_email("\xC2\xA0" "info@x.ru" "\xC2\xA0") == "info@x.ru");
    CHECK(normalize_email("ЁЛКА@ёлка.рф") == "ёлка@ёлка.рф");

    for (const char* bad : {"", "   ", "user", "user@", "@domain.ru", "user@domain", "user@domain.r", "user@@domain.ru",
                            "us@er@domain.ru", "user@.domain.ru", "user@domain..ru", "user@domain.ru.",
                            "user@-domain.ru", "user@domain-.ru", "us er@domain.ru", "user@dom ain.ru",
                            "Иван Петров <ivan@mail.ru>", "ivan@mail.ru;", "ivan@mail.ru, petr@mail.ru",
                            "ivan\xC2\xA0petrov@mail.ru", "\"ivan\"@mail.ru", "ivan@mail.ru\nx"}) {
        std::string text = bad;
        CAPTURE(text);
        CHECK(normalize_email(bad) == std::nullopt);
    }
}
