#include "formats/bank_statement.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "store/fsio.h"

using namespace gefest;

namespace {

std::string sample_fixture(const std::string& name) {
    return fsio::read_file(std::string(GEFEST_FIXTURES "/1c-bank-exchange/") + name);
}
// Fixtures made for gefest (tests/fixtures/bank, see its README).
std::string bank_fixture(const std::string& name) {
    return fsio::read_file(std::string(GEFEST_FIXTURES "/bank/") + name);
}

struct Failure {
    std::string message, file;
    int line = -1;
};

Failure failure(const std::string& bytes, const std::string& file) {
    try {
        parse_bank_statement(bytes, file);
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return {e.what(), e.file(), e.line()};
    }
    FAIL("no gefest::Error thrown");
    return {};
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

void check_our_statement(const BankStatement& st) {
    REQUIRE(st.documents.size() == 4);
    REQUIRE(st.sections.size() == 1);
    CHECK(st.sections[0].account == "40702810806710000123");
    CHECK(st.sections[0].opening == Money{10000000});
    CHECK(st.sections[0].closing == Money{11421000});
    CHECK(st.accounts == std::vector<std::string>{"40702810806710000123"});
    const auto& d = st.documents[0];
    CHECK(d.type == "Платежное поручение");
    CHECK(d.known_type);
    CHECK(d.line == 20);
    CHECK(d.number == "101");
    CHECK(d.date == Date{2026, 11, 25});
    CHECK(d.amount == Money{1180000});
    CHECK(d.payer_inn == "7203145879");
    CHECK(d.payer_account == "40702810400000001111");
    CHECK(d.payee_account == "40702810806710000123");
    CHECK(d.payee_inn == "7203001235");
    REQUIRE(d.received.has_value());
    CHECK(*d.received == Date{2026, 11, 26});
    CHECK_FALSE(d.debited.has_value());
    CHECK(contains(d.purpose, "Оплата по счету № 1 от 20.11.2026"));
    CHECK(st.documents[1].amount == Money{500000});  // "5000": no kopecks
    CHECK(st.documents[1].line == 47);
    CHECK(st.documents[2].debited == Date{2026, 11, 26});
    CHECK_FALSE(st.documents[2].received.has_value());
    CHECK(st.documents[3].type == "Банковский ордер");
    CHECK_FALSE(st.documents[3].known_type);
}

}  // namespace

TEST_CASE("bank statement: the public sample in windows-1251 (1.02)") {
    auto st = parse_bank_statement(sample_fixture("kilylabs_one_day_cp1251.txt"), "one_day.txt");
    CHECK(st.encoding == "windows-1251");
    CHECK(st.declared_encoding == "Windows");
    CHECK(st.version == "1.02");
    CHECK(st.header["Отправитель"] == "Банк Клиент Онлайн");
    REQUIRE(st.documents.size() == 13);  // the README there says 8 + 6; the file has 7 + 6
    int orders = 0, bank_orders = 0, incoming = 0;
    for (const auto& d : st.documents) {
        if (d.type == "Банковский ордер") {
            ++bank_orders;
            CHECK_FALSE(d.known_type);
        }
        if (d.type == "Платежное поручение") {
            ++orders;
            CHECK(d.known_type);
        }
        if (d.received) {
            ++incoming;
            CHECK(*d.received == Date{2016, 1, 11});
        }
    }
    CHECK(orders == 7);
    CHECK(bank_orders == 6);
    CHECK(incoming == 3);
    CHECK(st.documents[0].number == "697162");
    CHECK(st.documents[0].amount == Money{8323});
    CHECK(st.documents[0].payer_name == "Some random payer");
    REQUIRE(st.sections.size() == 1);
    CHECK(st.sections[0].credited == Money{4000000});
    // the 6 bank orders are reported, not errors
    int reported = 0;
    for (const auto& n : st.notes) reported += contains(n, "Банковский ордер");
    CHECK(reported == 6);
}

TEST_CASE("bank statement: the UTF-8 sample that says Кодировка=Windows is read as UTF-8") {
    auto utf8 = parse_bank_statement(sample_fixture("kilylabs_one_day_utf8.txt"), "one_day_utf8.txt");
    auto cp1251 = parse_bank_statement(sample_fixture("kilylabs_one_day_cp1251.txt"), "one_day.txt");
    CHECK(utf8.encoding == "UTF-8");
    REQUIRE(utf8.documents.size() == cp1251.documents.size());
    for (size_t i = 0; i < utf8.documents.size(); ++i) {
        CHECK(utf8.documents[i].fields == cp1251.documents[i].fields);
        CHECK(utf8.documents[i].amount == cp1251.documents[i].amount);
    }
    bool noted = false;
    for (const auto& n : utf8.notes) noted |= contains(n, "Кодировка=Windows but the bytes are UTF-8");
    CHECK(noted);
}

TEST_CASE("bank statement: our statement in three encodings parses to the same documents") {
    auto u = parse_bank_statement(bank_fixture("statement-utf8.txt"), "u.txt");
    auto w = parse_bank_statement(bank_fixture("statement-cp1251.txt"), "w.txt");
    auto d = parse_bank_statement(bank_fixture("statement-cp866.txt"), "d.txt");
    auto dw = parse_bank_statement(bank_fixture("statement-cp866-says-windows.txt"), "dw.txt");
    CHECK(u.encoding == "UTF-8");
    CHECK(u.version == "1.03");
    CHECK(w.encoding == "windows-1251");
    CHECK(d.encoding == "cp866");
    CHECK(d.declared_encoding == "DOS");
    CHECK(dw.encoding == "cp866");
    for (const auto* st : {&u, &w, &d, &dw}) check_our_statement(*st);
    CHECK(u.documents[0].payer_name == "ООО «СибСтройМонтаж»");
    CHECK(d.documents[0].payer_name == "ООО \"СибСтройМонтаж\"");
    bool noted = false;
    for (const auto& n : dw.notes) noted |= contains(n, "dw.txt:3: Кодировка=Windows but the bytes are cp866");
    CHECK(noted);
    for (const auto& n : w.notes) CHECK_FALSE(contains(n, "Кодировка"));
}

TEST_CASE("bank statement: the encoding rule") {
    CHECK(detect_statement_encoding("\xEF\xBB\xBF" "1CClientBankExchange\r\n", "f") == "UTF-8");
    CHECK(detect_statement_encoding("1CClientBankExchange\r\nКонецФайла\r\n", "f") == "UTF-8");
    // pure ASCII is valid UTF-8
    CHECK(detect_statement_encoding("1CClientBankExchange\r\n", "f") == "UTF-8");
    auto f = failure(std::string("\xFF\xFE" "1\0C\0", 6), "u16.txt");
    CHECK(f.line == 1);
    CHECK(contains(f.message, "UTF-16"));
    f = failure(bank_fixture("statement-koi8r.txt"), "koi8.txt");
    CHECK(f.file == "koi8.txt");
    CHECK(f.line == 2);
    CHECK(contains(f.message, "not in windows-1251, cp866 or UTF-8"));
    // UTF-8 with one stray windows-1251 byte in a purpose: the line of that byte
    std::string mixed = bank_fixture("statement-utf8.txt");
    auto at = mixed.find("Предоплата");
    REQUIRE(at != std::string::npos);
    mixed.insert(at, "\xC7");
    f = failure(mixed, "mixed.txt");
    INFO(f.message);
    CHECK(f.line == 70);
    CHECK(contains(f.message, "not UTF-8"));
}

TEST_CASE("bank statement: malformed files give FILE:LINE") {
    auto f = failure(bank_fixture("no-end-document.txt"), "a.txt");
    CHECK(f.line == 47);
    CHECK(contains(f.message, "document 'Платежное поручение' has no КонецДокумента before line 73"));
    f = failure(bank_fixture("bad-amount.txt"), "a.txt");
    CHECK(f.line == 50);
    CHECK(contains(f.message, "'5 000,00 руб' is not an amount"));
    f = failure(bank_fixture("bad-date.txt"), "a.txt");
    CHECK(f.line == 49);
    CHECK(contains(f.message, "Дата '31.11.2026' is not a date"));
    f = failure(bank_fixture("no-header.txt"), "a.txt");
    CHECK(f.line == 1);
    CHECK(contains(f.message, "not a 1CClientBankExchange statement: the first line is 'ВерсияФормата=1.02'"));
    f = failure(bank_fixture("no-end-file.txt"), "a.txt");
    CHECK(f.line == 127);
    CHECK(contains(f.message, "without КонецФайла"));
    f = failure("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nСумма=1\nКонецДокумента\nКонецФайла\n", "b.txt");
    CHECK(f.line == 2);
    CHECK(contains(f.message, "has no Дата"));
    f = failure("1CClientBankExchange\nмусор\nКонецФайла\n", "c.txt");
    CHECK(f.line == 2);
    f = failure("1CClientBankExchange\nСекцияРасчСчет\nРасчСчет=1\nСекцияДокумент=Платежное поручение\n", "d.txt");
    CHECK(f.line == 2);
    CHECK(contains(f.message, "КонецРасчСчет"));
}

TEST_CASE("bank statement: amounts") {
    CHECK(parse_statement_amount("1500.00") == Money{150000});
    CHECK(parse_statement_amount("1500") == Money{150000});
    CHECK(parse_statement_amount("1500.5") == Money{150050});
    CHECK(parse_statement_amount("0,07") == Money{7});
    for (const char* bad : {"", "-5", "1 500", "1500.", ".5", "1.234", "1e3", "руб"})
        CHECK_THROWS_AS(parse_statement_amount(bad), Error);
}

TEST_CASE("bank statement: lines after КонецФайла are ignored, LF line ends are fine") {
    auto st = parse_bank_statement(
        "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nСекцияДокумент=Платежное поручение\nНомер=7\n"
        "Дата=01.12.2026\nСумма=10.50\nДатаПоступило=\nКонецДокумента\nКонецФайла\n</pre>garbage\n",
        "e.txt");
    REQUIRE(st.documents.size() == 1);
    CHECK(st.documents[0].amount == Money{1050});
    CHECK_FALSE(st.documents[0].received.has_value());
}
