#include "procedure/payments.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "base/error.h"
#include "demo_share.h"
#include "failure.h"
#include "procedure/events/invoices.h"
#include "procedure/payment_reminders.h"
#include "procedure/payment_steps.h"
#include "store/fsio.h"
#include "store/session.h"

using namespace gefest;
using gefest::testing::failure_of;

namespace {

Invoice invoice(int year, std::int64_t number, const std::string& inn, std::int64_t total_kop, std::int64_t paid_kop = 0,
                const std::string& status = invoice_status::sent) {
    Invoice i;
    i.year = year;
    i.number = number;
    i.date = fmt::format("{}-11-20", year);
    i.order = fmt::format("{}-{}", year, number + 100);
    i.client = "Клиент " + inn;
    i.client_inn = inn;
    i.total = Money{total_kop};
    i.paid = Money{paid_kop};
    i.status = status;
    return i;
}

IncomingPayment payment(const std::string& inn, std::int64_t kop, const std::string& purpose) {
    IncomingPayment p;
    p.account = "40702810806710000123";
    p.received = Date{2026, 11, 26};
    p.date = Date{2026, 11, 25};
    p.number = "101";
    p.amount = Money{kop};
    p.payer_inn = inn;
    p.payer_name = "ООО «Плательщик»";
    p.purpose = purpose;
    return p;
}

std::vector<std::int64_t> numbers(const std::string& purpose, const PaymentRules& rules = {}) {
    std::vector<std::int64_t> out;
    for (const auto& r : invoice_refs(purpose, rules)) out.push_back(r.number);
    return out;
}

const std::string A = "7203145879", B = "7206021134", C = "7204129051";

}  // namespace

TEST_CASE("payments: invoice numbers in the purpose, in their common spellings") {
    using V = std::vector<std::int64_t>;
    CHECK(numbers("Оплата по счету № 123 от 20.11.2026 за трубы") == V{123});
    CHECK(numbers("оплата счет №123") == V{123});
    CHECK(numbers("Оплата по сч.123, НДС не облагается") == V{123});
    CHECK(numbers("Оплата по сч N 45") == V{45});
    CHECK(numbers("ОПЛАТА ПО СЧЁТУ 7") == V{7});
    CHECK(numbers("оплата по счёту №7 от 01.12.2026") == V{7});
    CHECK(numbers("Оплата счета на оплату № 5") == V{5});
    CHECK(numbers("по счету No. 12") == V{12});
    CHECK(numbers("сч№9") == V{9});
    CHECK(numbers("Предоплата по договору поставки № 15") == V{});
    CHECK(numbers("Оплата по расчету № 15") == V{});        // «расчет» is not «счет»
    CHECK(numbers("по счету-фактуре № 15") == V{});         // a счет-фактура is not an invoice
    CHECK(numbers("НДС 22% 2127.87") == V{});
    CHECK(invoice_refs("по счету 7 от 20.12.2025", {})[0].year == 2025);
    CHECK(invoice_refs("по счету 7", {})[0].year == 0);
}

TEST_CASE("payments: rules add patterns and aliases; errors at FILE:LINE") {
    auto rules = parse_payment_rules(
        "# rules\n\npattern инв\\.?\\s*(\\d+)\ninn 7203001235 = 7203145879\nname \"Захаров\" = 720501234548\n"
        "account 40702810400000009999 = 7206021134\n",
        "rules.txt");
    CHECK(rules.patterns.size() == 1);
    REQUIRE(rules.aliases.size() == 3);
    CHECK(numbers("Оплата ИНВ. 77", rules) == std::vector<std::int64_t>{77});
    auto p = payment("7203001235", 100000, "за трубы");
    auto m = match_payment(p, {invoice(2026, 3, A, 100000)}, rules, {});
    CHECK(m.rule == "inn+amount");
    CHECK(m.client_inn == A);
    CHECK(m.reason.find("alias of payer 7203001235") != std::string::npos);
    auto q = payment("", 5000, "за Захарова Д.О.");
    q.payer_name = "Захаров Дмитрий Олегович";
    CHECK(match_payment(q, {invoice(2026, 4, "720501234548", 5000)}, rules, {}).invoice == "2026-4");

    auto fails_at = [](const std::string& text) {
        try {
            parse_payment_rules(text, "r.txt");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::data);
            CHECK(e.file() == "r.txt");
            return e.line();
        }
        return 0;
    };
    CHECK(fails_at("# x\nsomething 1 = 2\n") == 2);
    CHECK(fails_at("pattern (unclosed\n") == 1);
    CHECK(fails_at("pattern no group\n") == 1);
    CHECK(fails_at("\n\ninn 1234567890 = 7203145879\n") == 3);  // bad check digit
    CHECK(fails_at("inn 7203145879 7206021134\n") == 1);
}

// Found by tests/fuzz/csv_registers_fuzz.cpp: std::regex overflowed the stack compiling 30000
// nested groups, and took seconds and gigabytes expanding counted repetitions.
TEST_CASE("payments: a rule's pattern too deep or too large for std::regex is Error(data) at its line") {
    auto refused = [](const std::string& text) {
        try {
            parse_payment_rules(text, "r.txt");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::data);
            CHECK(e.line() == 2);
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(refused("# deep\npattern " + std::string(30000, '(') + "a" + std::string(30000, ')') + "\n").find("is too long or too complex") != std::string::npos);
    CHECK(refused("\npattern (" + std::string(21, '(') + "a" + std::string(22, ')') + "\n").find("is too long or too complex") != std::string::npos);
    CHECK(refused("\npattern (a{1000}){1000}{1000}\n").find("is too long or too complex") != std::string::npos);
    CHECK(refused("\npattern (\\d{1,200})x{60}\n").find("is too long or too complex") != std::string::npos);
    CHECK(refused("\npattern (" + std::string(200, 'a') + ")\n").find("is too long or too complex") != std::string::npos);
    CHECK(parse_payment_rules("pattern сч[её]т\\s*№?\\s*(\\d{1,9})\\s+от\\s+\\d{2}\\.\\d{2}\\.\\d{4}\n", "r.txt").patterns.size() == 1);
    CHECK(parse_payment_rules("pattern ((((((((((((((((((((x))))))))))))))))))))(\\d{1,9})\n", "r.txt").patterns.size() == 1);
}

// Issue 14: an `inn` alias plus a `pattern` rule made "ambiguous 2026-2, 2025-2" where
// 2025-2 was the invoice of another client, one without an ИНН.
TEST_CASE("payments: a payer known by ИНН is never offered an invoice of a client without one") {
    auto rules = parse_payment_rules("pattern инв\\.?\\s*(\\d+)\ninn 7702070139 = 7204129051\n", "rules.txt");
    Invoice theirs = invoice(2025, 2, "", 500000);
    theirs.client = "Кравченко Павел Андреевич";
    std::vector<Invoice> inv = {invoice(2026, 2, C, 500000), theirs};
    auto m = match_payment(payment("7702070139", 500000, "Оплата инв. 2 за ТюменьАгроСнаб"), inv, rules, {});
    CHECK(m.rule == "number");
    CHECK(m.invoice == "2026-2");
    CHECK(m.candidates.empty());
    SUBCASE("the other client's invoice alone is not taken either") {
        auto only = match_payment(payment("7702070139", 500000, "Оплата инв. 2"), {theirs}, rules, {});
        CHECK(only.invoice.empty());
        CHECK(only.rule == "ambiguous");
        CHECK(only.reason.find("2025-2 of 'Кравченко Павел Андреевич' (ИНН —)") != std::string::npos);
    }
    SUBCASE("a payer without an ИНН may pay an invoice without one") {
        auto p = payment("", 500000, "Оплата по счету 2 от 21.11.2025");
        p.payer_name = "Кравченко Павел Андреевич";
        CHECK(match_payment(p, {theirs}, rules, {}).invoice == "2025-2");
    }
}

TEST_CASE("payments: matching in order number, ИНН + amount, ИНН + single invoice") {
    std::vector<Invoice> inv = {invoice(2026, 1, A, 1180000), invoice(2026, 2, B, 500000), invoice(2026, 3, B, 700000),
                                invoice(2025, 9, C, 100000)};
    SUBCASE("number") {
        auto m = match_payment(payment(A, 1180000, "Оплата по счету № 1 от 20.11.2026"), inv, {}, {});
        CHECK(m.rule == "number");
        CHECK(m.invoice == "2026-1");
        CHECK(m.reason.find("its number is in the purpose") != std::string::npos);
    }
    SUBCASE("number of last year, for a January payment of a December invoice") {
        auto p = payment(C, 100000, "сч.9");
        CHECK(match_payment(p, inv, {}, {}).invoice == "2025-9");
    }
    SUBCASE("a number of another client's invoice is not taken for it") {
        auto m = match_payment(payment(C, 500000, "по счету 2"), inv, {}, {});
        CHECK(m.invoice != "2026-2");
    }
    SUBCASE("ИНН + exact amount among several open invoices") {
        auto m = match_payment(payment(B, 700000, "за металлопрокат"), inv, {}, {});
        CHECK(m.rule == "inn+amount");
        CHECK(m.invoice == "2026-3");
    }
    SUBCASE("ИНН with several open invoices and no exact amount: ambiguous") {
        auto m = match_payment(payment(B, 300000, "за металлопрокат"), inv, {}, {});
        CHECK(m.rule == "ambiguous");
        CHECK(m.candidates == std::vector<std::string>{"2026-2", "2026-3"});
    }
    SUBCASE("ИНН with a single open invoice, partial amount") {
        auto m = match_payment(payment(A, 200000, "аванс"), inv, {}, {});
        CHECK(m.rule == "inn+single");
        CHECK(m.invoice == "2026-1");
    }
    SUBCASE("same exact amount on two invoices: ambiguous") {
        auto two = inv;
        two.push_back(invoice(2026, 5, B, 700000));
        auto m = match_payment(payment(B, 700000, "оплата"), two, {}, {});
        CHECK(m.rule == "ambiguous");
        CHECK(m.candidates.size() == 2);
    }
    SUBCASE("known client without open invoices: advance; stranger: none") {
        std::vector<KnownClient> clients = {{"720501234548", "ИП Захаров"}};
        CHECK(match_payment(payment("720501234548", 100, "предоплата"), inv, {}, clients).rule == "advance");
        auto m = match_payment(payment("7707083893", 100, "предоплата"), inv, {}, clients);
        CHECK(m.rule == "none");
        CHECK(m.client_inn.empty());
    }
    SUBCASE("paid and cancelled invoices are not open") {
        std::vector<Invoice> v = {invoice(2026, 1, A, 1000, 1000, invoice_status::paid), invoice(2026, 2, A, 500, 0, invoice_status::cancelled)};
        CHECK(match_payment(payment(A, 500, "оплата"), v, {}, {}).rule == "advance");
    }
}

TEST_CASE("payments: allocation, partial and overpayment, advances applied") {
    std::vector<Invoice> inv = {invoice(2026, 1, A, 1000000)};
    auto p1 = payment(A, 400000, "по счету 1");
    allocate(p1, match_payment(p1, inv, {}, {}), inv);
    CHECK(p1.status == payment_status::matched);
    CHECK(inv[0].paid == Money{400000});
    CHECK(payment_state(inv[0]) == "partial");
    CHECK(invoice_balance(inv[0]) == Money{600000});

    auto p2 = payment(A, 700000, "по счету 1");
    p2.number = "102";
    allocate(p2, match_payment(p2, inv, {}, {}), inv);
    CHECK(p2.allocations.size() == 1);
    CHECK(p2.allocations[0].amount == Money{600000});
    CHECK(p2.left() == Money{100000});
    CHECK(p2.status == payment_status::advance);
    CHECK(payment_state(inv[0]) == "paid");
    CHECK(p2.reason.find("1 000,00 over the invoice") != std::string::npos);

    // a new invoice takes the advance
    std::vector<IncomingPayment> rows = {p1, p2};
    CHECK(advance_of(rows, A) == Money{100000});
    CHECK(advance_of(rows, "7203000000") == Money{});
    CHECK(advance_of(rows, "") == Money{});
    Invoice next = invoice(2026, 2, A, 250000);
    auto changed = apply_advances(rows, next);
    CHECK(changed == std::vector<std::string>{p2.id});
    CHECK(next.paid == Money{100000});
    CHECK(rows[1].status == payment_status::matched);
    CHECK(rows[1].left() == Money{});
    CHECK(advance_of(rows, A) == Money{});  // all of it applied
}

TEST_CASE("payments: register round trip and identity") {
    auto p = payment(A, 1180000, "Оплата по счету № 1; =cmd");
    p.id = "abc123def456";
    p.allocations = {{"2026-1", Money{1000000}}};
    p.client_inn = A;
    p.status = payment_status::advance;
    p.reason = "why";
    p.source = "st.txt:20";
    p.by = "buh";
    p.at = "2026-11-27T10:00:00";
    auto text = format_payments({p});
    auto back = parse_payments(text, "Платежи.csv");
    REQUIRE(back.size() == 1);
    CHECK(back[0].id == p.id);
    CHECK(back[0].amount == p.amount);
    CHECK(back[0].left() == Money{180000});
    CHECK(back[0].allocations[0].invoice == "2026-1");
    CHECK(back[0].received == p.received);
    CHECK(payment_identity(p) == "40702810806710000123|2026-11-25|101|11800.00|7203145879");
    CHECK(paid_by_invoice(back)["2026-1"] == Money{1000000});
    // over-allocation is refused at its line
    auto bad = text;
    bad.replace(bad.find("2026-1:10000,00"), 15, "2026-1:99999,00");
    try {
        parse_payments(bad, "Платежи.csv");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.line() == 2);
    }
}

TEST_CASE("payments: the register after Excel ru-RU") {
    auto p = payment(A, 1180000, "Оплата по счету № 1");
    p.id = fsio::checksum(payment_identity(p)).substr(0, 12);
    p.payer_inn = A;
    p.status = payment_status::unmatched;
    const std::string text = format_payments({p});
    auto excel = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        REQUIRE(t.find(from) != std::string::npos);
        t.replace(t.find(from), from.size(), to);
        return t;
    };
    // Dates re-typed, the amount's kopecks dropped: read as they were.
    auto back = parse_payments(excel(";" + p.received.iso() + ";", ";" + p.received.russian() + " 0:00;"), "Платежи.csv");
    REQUIRE(back.size() == 1);
    CHECK(back[0].received == p.received);
    CHECK(parse_payments(excel(";11800,00;", ";11800;"), "Платежи.csv")[0].amount == p.amount);
    // Our 20-digit account in exponent form: refused at its line.
    try {
        parse_payments(excel(";" + p.account + ";", ";4,07028E+19;"), "Платежи.csv");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.where_and_what() == "Платежи.csv:2: Наш счет '4,07028E+19': Excel changed this number; format the column as text and type the value again");
    }
}

TEST_CASE("payments: an Ид of digits Excel stripped of its leading zero is restored when the payment hashes to it") {
    auto p = payment(A, 1180000, "Оплата по счету № 1");
    for (int n = 1;; ++n) {  // a payment whose Ид is digits with a leading zero (1 in ~3000)
        REQUIRE(n < 1000000);
        p.number = std::to_string(n);
        p.id = fsio::checksum(payment_identity(p)).substr(0, 12);
        if (p.id[0] == '0' && p.id.find_first_not_of("0123456789") == std::string::npos) break;
    }
    p.status = payment_status::unmatched;
    std::string text = format_payments({p});
    const std::string stripped = p.id.substr(p.id.find_first_not_of('0'));
    text.replace(text.find(p.id), p.id.size(), stripped);
    CHECK(parse_payments(text, "Платежи.csv")[0].id == p.id);
}

TEST_CASE("payments: gefest's own Ид that reads like a number with an exponent is read as it is") {
    auto p = payment(A, 1180000, "Оплата по счету № 1");
    p.id = "08081e022852";  // 12 hex digits: about 1 Ид in 300 looks so
    p.status = payment_status::unmatched;
    CHECK(parse_payments(format_payments({p}), "Платежи.csv")[0].id == p.id);
    // What Excel writes of a number is refused still.
    std::string text = format_payments({p});
    text.replace(text.find(p.id), p.id.size(), "8,08E+25");
    CHECK_THROWS_AS(parse_payments(text, "Платежи.csv"), Error);
}

TEST_CASE("payments: incoming payments of a statement") {
    Settings s;
    s.accounts.push_back({"bank", "047102651", "30101810800000000651", "40702810806710000123"});
    auto st = parse_bank_statement(
        "1CClientBankExchange\nВерсияФормата=1.03\n"
        "СекцияДокумент=Платежное поручение\nНомер=1\nДата=25.11.2026\nСумма=100\nПолучательСчет=40702810806710000123\n"
        "ПлательщикИНН=7203145879\nДатаПоступило=26.11.2026\nКонецДокумента\n"
        "СекцияДокумент=Банковский ордер\nНомер=2\nДата=25.11.2026\nСумма=5\nПолучательСчет=40702810806710000123\n"
        "ДатаПоступило=26.11.2026\nКонецДокумента\n"
        "СекцияДокумент=Платежное поручение\nНомер=3\nДата=25.11.2026\nСумма=7\nПолучательСчет=40702810806710000123\n"
        "ДатаПоступило=\nКонецДокумента\n"
        "СекцияДокумент=Платежное поручение\nНомер=4\nДата=25.11.2026\nСумма=9\nПолучательСчет=40702810000000000000\n"
        "ДатаПоступило=26.11.2026\nКонецДокумента\nКонецФайла\n",
        "s.txt");
    std::vector<std::string> skipped;
    auto in = incoming_payments(st, s, &skipped);
    REQUIRE(in.size() == 1);
    CHECK(in[0].number == "1");
    CHECK(in[0].source == "s.txt:3");
    CHECK(in[0].id.size() == 12);
    REQUIRE(skipped.size() == 2);
    CHECK(skipped[0].rfind("s.txt:11: 'Банковский ордер' № 2", 0) == 0);
    CHECK(skipped[1].rfind("s.txt:18:", 0) == 0);
}

namespace {

DebtRow debt(std::int64_t number, int days_overdue) {
    DebtRow d;
    d.invoice = invoice(2026, number, B, 700000);
    d.invoice.due = "2026-11-26";
    d.balance = Money{700000};
    d.days_overdue = days_overdue;
    d.manager = "sidorova";
    return d;
}

std::vector<std::string> levels(const std::vector<Reminder>& due) {
    std::vector<std::string> out;
    for (const auto& r : due) out.push_back(r.level);
    return out;
}

}  // namespace

TEST_CASE("payments: reminders to the manager, the client and the owner, once each; old owner keys count") {
    gefest::testing::DemoShare demo;
    PaymentSettings s;
    s.remind_after_days = 1;
    s.escalate_after_days = 3;
    s.client_template = "Напоминание.txt";
    using V = std::vector<std::string>;
    CHECK(due_reminders(demo.store, {debt(4, 0)}, s, 0).empty());
    CHECK(levels(due_reminders(demo.store, {debt(4, 2)}, s, 0)) == V{"manager", "client"});
    CHECK(due_reminders(demo.store, {debt(4, 2)}, s, 3).empty());  // --days 3
    auto due = due_reminders(demo.store, {debt(4, 3)}, s, 0);
    REQUIRE(levels(due) == V{"manager", "client", "owner"});
    CHECK(due[2].key == "2026-4|owner");
    CHECK(claim_reminder(demo.store, due[2], "buh 2026-11-29T08:00:00"));
    CHECK_FALSE(claim_reminder(demo.store, due[2], "buh 2026-11-29T08:00:00"));
    CHECK(levels(due_reminders(demo.store, {debt(4, 3)}, s, 0)) == V{"manager", "client"});
    release_reminder(demo.store, due[2]);
    CHECK(levels(due_reminders(demo.store, {debt(4, 3)}, s, 0)) == V{"manager", "client", "owner"});

    // A share whose escalation went out under the level's old name does not send it again.
    CHECK(demo.store.keep_key("reminder", "2026-5|" + std::string(events::remind_level::owner_before), "old"));
    CHECK(levels(due_reminders(demo.store, {debt(5, 9)}, s, 0)) == V{"manager", "client"});
    CHECK(events::remind_level::current(events::remind_level::owner_before) == events::remind_level::owner);
    CHECK(events::remind_level::current("manager") == "manager");
    s.client_template.clear();
    CHECK(levels(due_reminders(demo.store, {debt(6, 9)}, s, 0)) == V{"manager", "owner"});
}

TEST_CASE("payments: reminder_mail — the client's text from the template, the staff's with the figures") {
    gefest::testing::DemoShare demo;
    fsio::write_atomic(demo.at("Напоминание.txt"), "Счет № {invoice} от {date}: остаток {balance}, срок {due}, {days} дн.\n");
    PaymentSettings s;
    s.client_template = "Напоминание.txt";
    Reminder client{debt(4, 3), "client", "2026-4|client"};
    OutgoingMail m = reminder_mail(demo.share, s, client, Date{2026, 11, 29}, {"zakupki@tmz-tobolsk.ru"});
    CHECK(m.to == std::vector<std::string>{"zakupki@tmz-tobolsk.ru"});
    CHECK(m.subject == "Напоминание об оплате счета № 4");
    CHECK(m.body == "Счет № 4 от 20.11.2026: остаток 7 000,00, срок 26.11.2026, 3 дн.\n");
    Reminder owner{debt(4, 3), "owner", "2026-4|owner"};
    m = reminder_mail(demo.share, s, owner, Date{2026, 11, 29}, {"sokolov@gefest.example"});
    CHECK(m.subject == "Просрочена оплата счета 2026-4 (Клиент 7206021134): 3 дн.");
    // a person reads it: dates DD.MM.YYYY (issue 15)
    CHECK(m.body.find("Счет № 4 от 20.11.2026, Клиент 7206021134: к оплате 7 000,00 руб., оплачено 0,00, остаток 7 000,00.\nСрок оплаты 26.11.2026, просрочка 3 дн.\n"
                      "Заказ 2026-104, менеджер sidorova.\n") != std::string::npos);
    CHECK(m.body.find("2026-11-") == std::string::npos);
}

TEST_CASE("payments: mark_order_paid says why step 5.2.4.3 was not marked instead of failing") {
    gefest::testing::DemoShare demo;
    Identity buh = demo.me;
    buh.login = "buh";
    Session session(demo.share, buh);
    PaidInvoice p = mark_order_paid(session, invoice(2026, 1, A, 1180000, 1180000, invoice_status::paid));
    CHECK(p.invoice.key() == "2026-1");
    CHECK(p.manager.empty());
    REQUIRE(p.not_marked);
    CHECK(p.not_marked->find("no order 101 of 2026") != std::string::npos);
}

TEST_CASE("payments: the steps refuse a person the matrix does not allow, before anything is written") {
    gefest::testing::DemoShare demo;
    Identity petrov = demo.me;
    petrov.login = "petrov";
    Session session(demo.share, petrov);
    CHECK(failure_of([&] { enter_payment(session, {"2026-1", "10", "", "", false}); }).code == Errc::refused);
    CHECK(failure_of([&] { import_bank_statements(session, {{}, true}); }).code == Errc::refused);
    CHECK_FALSE(demo.store.exists({Record::payments}));
    Identity buh = demo.me;
    buh.login = "buh";
    Session accountant(demo.share, buh);
    CHECK(failure_of([&] { enter_payment(accountant, {"2026-1", "десять", "", "", false}); }).code == Errc::data);
    CHECK(failure_of([&] { enter_payment(accountant, {"2026-1", "10", "31.02.2026", "", false}); }).code == Errc::data);
    CHECK(list_payments(accountant, {true}).empty());
    CHECK(send_reminders(accountant, {0, true}).empty());  // nothing owed: quiet
}

TEST_CASE("payments: a payment marks its invoice in a register sorted by number or not") {
    for (const bool sorted : {true, false}) {
        gefest::testing::DemoShare demo;
        Identity buh = demo.me;
        buh.login = "buh";
        Session accountant(demo.share, buh);
        const RecordRef reg{Record::invoices, 2026};
        const std::filesystem::path file = demo.store.where(reg);
        fsio::make_dirs(file.parent_path());
        const std::string header = "№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r\n";
        auto row = [&](int n) {
            return fmt::format("{};0{}.11.2026;2026-{};ООО «Клиент {}»;{};1000,00;0,00;30.12.2026;0,00;отправлен\r\n", n, n, 100 + n, n, A);
        };
        fsio::write_atomic(file, sorted ? header + row(1) + row(2) + row(3) + row(5) : header + row(3) + row(5) + row(1) + row(2));
        CAPTURE(sorted);
        enter_payment(accountant, {"2026-2", "1000", "", "", false});
        enter_payment(accountant, {"2026-5", "400", "", "", false});
        std::map<std::int64_t, Invoice> by_number;
        for (auto& i : load_invoices(demo.store, 2026)) by_number[i.number] = i;
        REQUIRE(by_number.size() == 4);
        CHECK(by_number[2].status == invoice_status::paid);
        CHECK(by_number[2].paid == Money{100000});
        CHECK(by_number[5].status == invoice_status::partly_paid);
        CHECK(by_number[5].paid == Money{40000});
        for (std::int64_t n : {1, 3}) {
            CHECK(by_number[n].status == invoice_status::sent);
            CHECK(by_number[n].paid == Money{});
        }
        CHECK(failure_of([&] { enter_payment(accountant, {"2026-4", "10", "", "", false}); }).code == Errc::not_found);
    }
}
