// libFuzzer harness: values typed on the command line — amounts (parse_money, and
// written back by format_money / format_plain / amount_in_words), dates and times
// (Date::parse, DateTime::parse), --item SKU:QTY[:PRICE], --item SKU[:QTY] of stock
// questions, --payment, invoice and claim numbers, phones, e-mails and requisites.
// An amount, date or time that parses is written back and must read again to the
// same value.
#include "fuzz.h"

#include "base/clock.h"
#include "base/money.h"
#include "formats/bank_statement.h"
#include "formats/requisites.h"
#include "formats/words.h"
#include "procedure/claims.h"
#include "procedure/clients.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "procedure/stock_answer.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;
using gefest::fuzz::require;

namespace {

void money_values(const std::string& text) {
    refused_or_ok([&] {
        const Money m = parse_money(text);
        require(parse_money(format_money(m)) == m, "parse_money(format_money(m)) != m");
        require(parse_money(format_money(m, '.', false)) == m, "parse_money(format_money(m, '.', false)) != m");
        require(parse_money(format_plain(m)) == m, "parse_money(format_plain(m)) != m");
        amount_in_words(m);
        refused_or_ok([&] { vat_included(m, 22); });
        refused_or_ok([&] { vat_on_top(m, 22); });
        refused_or_ok([&] { multiply(m, 1500); });
        refused_or_ok([&] { (void)(m * Quantity{3}); });
    });
    refused_or_ok([&] { parse_statement_amount(text); });
}

void date_values(const std::string& text) {
    refused_or_ok([&] {
        const Date d = Date::parse(text, "--date");
        require(Date::parse(d.iso(), "iso") == d, "Date::parse(d.iso()) != d");
        require(Date::parse(d.russian(), "russian") == d, "Date::parse(d.russian()) != d");
        require(Date::from_days(d.days()) == d, "Date::from_days(d.days()) != d");
        d.plus_days(30);
        d.month_key();
    });
    refused_or_ok([&] {
        const DateTime t = DateTime::parse(text, "--at");
        require(DateTime::parse(t.iso(), "iso") == t, "DateTime::parse(t.iso()) != t");
        require(DateTime::from_seconds(t.seconds()) == t, "DateTime::from_seconds(t.seconds()) != t");
        t.russian();
    });
    Date d;
    DateTime t;
    Date::try_parse(text, d);
    DateTime::try_parse(text, t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 256) return 0;  // a command-line value, not a file
    const std::string text = fuzz::text_of(data, size);
    money_values(text);
    date_values(text);
    refused_or_ok([&] { parse_item_spec(text); });
    refused_or_ok([&] { parse_product_ask(text, "--item", false); });
    refused_or_ok([&] { parse_product_ask(text, "--item", true); });
    refused_or_ok([&] { parse_payment(text); });
    refused_or_ok([&] { parse_invoice_key(text, 2026); });
    refused_or_ok([&] {
        int year = 0;
        std::int64_t number = 0;
        parse_claim_id(text, year, number);
    });
    refused_or_ok([&] { require_phone(text); });
    refused_or_ok([&] { require_email(text); });
    refused_or_ok([&] { fold_case(text); });
    refused_or_ok([&] {
        requisites::check_inn(text);
        requisites::check_kpp(text);
        requisites::check_ogrn_any(text);
        requisites::check_bik(text);
        if (text.size() > 9) requisites::check_account(text, text.substr(0, 9));
        requisites::normalize_phone(text);
        requisites::normalize_email(text);
    });
    return 0;
}
