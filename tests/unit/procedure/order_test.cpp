#include "procedure/order.h"

#include <doctest/doctest.h>

#include <functional>

#include <cstdlib>
#include <filesystem>

#include "procedure/catalog.h"
#include "base/error.h"
#include "store/fsio.h"
#include "store/session.h"
#include "store/share_store.h"

using namespace gefest;
namespace fs = std::filesystem;

namespace {

Process demo_process() {
    std::string file = GEFEST_DATA "/demo/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";
    return parse_process(fsio::read_file(file), file);
}

Catalog demo_catalog() {
    std::string file = GEFEST_DATA "/demo/Склад ГП/Каталог.csv";
    return parse_catalog(fsio::read_file(file), file);
}

Order draft(Payment p) {
    Order o;
    o.year = 2026;
    o.number = 7;
    o.date = "2026-11-27";
    o.client_id = 1;
    o.client_name = "ООО «Ромашка»";
    o.manager = "petrov";
    o.payment = p;
    o.items = items_from_catalog({parse_item_spec("ПК-100:2"), parse_item_spec("ДЫМ-200:10:3000")}, demo_catalog(), "Каталог.csv");
    o.steps = make_checklist(p, demo_process());
    return o;
}

std::string state_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == Errc::state);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("item specs") {
    ItemSpec s = parse_item_spec("ПК-100:3");
    CHECK(s.sku == "ПК-100");
    CHECK(s.qty == 3);
    CHECK(!s.price);
    CHECK(parse_item_spec("ДЫМ-200:10:3150,50").price->kopecks == 315050);
    CHECK_THROWS_AS(parse_item_spec("ПК-100"), Error);
    for (const char* bad : {"ПК-100:0", "ПК-100:-1", "ПК-100:1.5", "ПК-100:x", "ПК-100:1:-5"}) {
        try {
            parse_item_spec(bad);
            FAIL(bad);
        } catch (const Error& e) {
            CHECK(e.code() == Errc::data);
        }
    }
    try {
        items_from_catalog({parse_item_spec("НЕТ:1")}, demo_catalog(), "Каталог.csv");
        FAIL("unknown SKU");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::not_found);
        CHECK(std::string(e.what()) == "unknown SKU 'НЕТ': not in Каталог.csv");
    }
}

TEST_CASE("checklists follow the payment paths with the matrix's roles") {
    Order n = draft(Payment::noncash);
    REQUIRE(n.steps.size() == 11);
    CHECK(n.steps.front().id == "5.2.3.1");
    CHECK(n.steps[5].id == "5.2.4.3");
    CHECK(n.steps.back().id == "5.2.4.8");
    CHECK(n.step("5.2.3.2")->performers == std::vector<std::string>{"sales_manager", "head_of_planning"});
    Order c = draft(Payment::cash);
    REQUIRE(c.steps.size() == 4);
    CHECK(c.steps[1].id == "5.2.3.7");
    CHECK(c.steps[3].id == "5.2.4.2");
    CHECK(c.step("5.2.4.2")->responsible == std::vector<std::string>{"warehouse"});
}

TEST_CASE("steps out of order are refused with what comes first") {
    Order o = draft(Payment::noncash);
    CHECK(order_next_step(o)->id == "5.2.3.1");
    CHECK(state_error([&] { order_can_do(o, "5.2.3.3"); }) ==
          "step 5.2.3.3 «Безналичный расчет: набор заказа в 1С:Торговля» comes after 5.2.3.1 «Безналичный расчет: определение остатков на складах», which is not done");
    CHECK(state_error([&] { order_can_do(o, "5.2.3.7"); }) == "step 5.2.3.7 is not on the non-cash path of order 2026-7");
    order_can_do(o, "5.2.3.1");
    mark_step_done(o, "5.2.3.1", "petrov", "2026-11-27T10:00:00");
    CHECK(order_next_step(o)->id == "5.2.3.2");
    CHECK(state_error([&] { order_can_do(o, "5.2.3.1"); }).find("already done by petrov") != std::string::npos);
    o.status = order_status::cancelled;
    CHECK(order_next_step(o) == nullptr);
    CHECK(state_error([&] { order_can_do(o, "5.2.3.2"); }) == "order 2026-7 is cancelled");
}

TEST_CASE("lead-time dialogue: ask, answer, ask again, accept") {
    Order o = draft(Payment::noncash);
    CHECK(state_error([&] { lead_time_can_do(o); }).find("comes after 5.2.3.1") != std::string::npos);
    mark_step_done(o, "5.2.3.1", "petrov", "2026-11-27T10:00:00");
    lead_time_can_do(o);
    CHECK(state_error([&] { lead_time_answer(o, "kuznetsov", "2026-11-27T11:00:00", 5, ""); }).find("no open lead-time question") == 0);
    CHECK(state_error([&] { lead_time_accept(o, "petrov", "2026-11-27T11:00:00"); }).find("no lead-time answer") == 0);
    lead_time_ask(o, "petrov", "2026-11-27T10:00:00", "");
    CHECK(lead_time_state(o) == "open");
    CHECK(state_error([&] { lead_time_ask(o, "petrov", "2026-11-27T10:00:00", ""); }).find("already open") != std::string::npos);
    lead_time_answer(o, "kuznetsov", "2026-11-27T11:00:00", 30, "");
    lead_time_ask(o, "petrov", "2026-11-27T12:00:00", "быстрее?");
    lead_time_answer(o, "kuznetsov", "2026-11-28T09:00:00", 10, "");
    CHECK(lead_time_state(o) == "answered");
    lead_time_accept(o, "petrov", "2026-11-29T09:00:00");
    CHECK(o.promised == "2026-12-08");
    CHECK(o.step("5.2.3.2")->done_by == "petrov");
    CHECK(order_next_step(o)->id == "5.2.3.3");
    CHECK(o.lead_time.size() == 5);
    CHECK(state_error([&] { lead_time_ask(o, "petrov", "2026-11-29T09:00:00", ""); }).find("already accepted") != std::string::npos);
}

// Found by the demo lifecycle under AddressSanitizer (-DGEFEST_SANITIZE=ON): accept read the
// answer through a reference into the entries after appending to them (use after free when
// the append moved them; here 4 entries fill a capacity of 4).
TEST_CASE("lead-time accept takes the days of the answer when appending moves the entries") {
    Order o = draft(Payment::noncash);
    mark_step_done(o, "5.2.3.1", "petrov", "2026-11-27T10:00:00");
    lead_time_ask(o, "petrov", "2026-11-27T10:00:00", "");
    lead_time_answer(o, "kuznetsov", "2026-11-27T11:00:00", 30, "");
    lead_time_ask(o, "petrov", "2026-11-27T12:00:00", "");
    lead_time_answer(o, "kuznetsov", "2026-11-28T09:00:00", 10, "");
    o.lead_time.shrink_to_fit();
    lead_time_accept(o, "petrov", "2026-11-29T09:00:00");
    REQUIRE(o.lead_time.size() == 5);
    CHECK(o.lead_time.back().kind == "accept");
    CHECK(o.lead_time.back().days == 10);
    CHECK(o.promised == "2026-12-08");
    CHECK(o.step("5.2.3.2")->note == "10 дн., срок 08.12.2026");
}

TEST_CASE("who owes a step: the order's manager, planning while a question is open, else the step's roles") {
    const Process process = demo_process();
    Staff staff;
    StaffMember k, boss, old;
    k.login = "kuznetsov";
    k.roles = {"head_of_planning"};
    boss.login = "boss";
    boss.roles = {"head_of_sales"};
    old.login = "old";
    old.roles = {"head_of_sales"};
    old.active = false;
    staff.members = {k, boss, old};
    const Step& stock = *process.find("5.2.3.1");
    const Step& lead_time = *process.find("5.2.3.2");
    const Step& paid = *process.find("5.2.4.3");

    OwedBy owed = who_owes(process, staff, stock, "", "petrov");
    CHECK(owed.who == OwedBy::Who::manager);
    CHECK(owed.logins == std::vector<std::string>{"petrov"});
    CHECK(owed.roles == stock.responsible);

    owed = who_owes(process, staff, lead_time, "open", "petrov");
    CHECK(owed.who == OwedBy::Who::helpers);
    CHECK(owed.roles == process.helper_roles(lead_time, "answer"));
    CHECK(owed.logins == std::vector<std::string>{"kuznetsov"});
    CHECK(who_owes(process, staff, *process.find("5.2.3.7"), "open", "petrov").who == OwedBy::Who::helpers);  // cash, non-standard
    CHECK(who_owes(process, staff, lead_time, "answered", "petrov").who == OwedBy::Who::manager);  // the manager accepts

    owed = who_owes(process, staff, paid, "", "petrov");  // no role of a client manager: the step's roles, active staff
    CHECK(owed.who == OwedBy::Who::roles);
    CHECK(owed.roles == paid.responsible);
    CHECK(owed.logins == std::vector<std::string>{"boss"});
    CHECK(who_owes(process, staff, stock, "", "").who == OwedBy::Who::roles);  // an order without a manager
}

TEST_CASE("non-standard products need a price and a lead time (5.2.7)") {
    Order o = draft(Payment::cash);
    o.items.push_back(nonstandard_item("Котел с правым теплообменником", 22));
    CHECK(o.has_nonstandard());
    CHECK(state_error([&] { check_confirmable(o); }).find("non-standard line 3 of order 2026-7 has no price") == 0);
    CHECK_THROWS_AS(set_nonstandard_price(o, 4, Money{100}, "boss"), Error);
    CHECK(state_error([&] { set_nonstandard_price(o, 1, Money{100}, "boss"); }).find("is a catalog item") != std::string::npos);
    set_nonstandard_price(o, 3, Money{31000000}, "boss");
    CHECK(state_error([&] { check_confirmable(o); }).find("needs an accepted lead time") != std::string::npos);
    CHECK(state_error([&] { lead_time_can_do(o); }).find("comes after 5.2.3.6") != std::string::npos);
    mark_step_done(o, "5.2.3.6", "petrov", "2026-11-27T10:00:00");
    lead_time_ask(o, "petrov", "2026-11-27T10:00:00", "");
    lead_time_answer(o, "kuznetsov", "2026-11-27T10:00:00", 3, "");
    lead_time_accept(o, "petrov", "2026-11-27T10:00:00");
    check_confirmable(o);
    CHECK(!o.step("5.2.3.7")->done());  // the cash path has no 5.2.3.2; confirming is `order cash`
    Order plain = draft(Payment::cash);
    mark_step_done(plain, "5.2.3.6", "petrov", "2026-11-27T10:00:00");
    CHECK(state_error([&] { lead_time_can_do(plain); }).find("has no non-standard items") != std::string::npos);
}

TEST_CASE("totals in kopecks, VAT per line as 1C does") {
    Order o = draft(Payment::noncash);
    OrderTotals t = order_totals(Settings{}, o);
    CHECK(t.sum.kopecks == 60000000);
    CHECK(t.total.kopecks == 60000000);
    CHECK(t.vat.kopecks == 10278689 + 540984);  // 570000·22/122 + 30000·22/122, each rounded
    o.vat_included = false;
    t = order_totals(Settings{}, o);
    CHECK(t.vat.kopecks == 13200000);
    CHECK(t.total.kopecks == 73200000);
}

TEST_CASE("order totals take VAT as the invoice does: rate by the order's date, none under УСН") {
    Order o = draft(Payment::noncash);  // lines marked 22%
    o.vat_included = false;
    Settings s;
    s.vat_rates = {{"0000-01-01", 20}, {"2026-01-01", 22}};
    o.date = "2025-12-31";
    CHECK(order_totals(s, o).vat.kopecks == 12000000);  // 20% on top of 600 000,00
    CHECK(line_vat(s, o, o.items[0]).kopecks == 11400000);
    o.date = "2026-01-01";
    CHECK(order_totals(s, o).vat.kopecks == 13200000);
    s.simplified_tax = true;
    OrderTotals t = order_totals(s, o);
    CHECK(t.vat.kopecks == 0);
    CHECK(t.total == t.sum);  // nothing added on top: the invoice says «Без налога (НДС)»
}

TEST_CASE("заказ.toml round trip and errors at FILE:LINE") {
    Order o = draft(Payment::noncash);
    o.items.push_back(nonstandard_item("Особый \"котел\"\nс переносом", 22));
    mark_step_done(o, "5.2.3.1", "petrov", "2026-11-27T10:00:00", "в наличии");
    lead_time_ask(o, "petrov", "2026-11-27T10:00:00", "к 15.12?");
    std::string text = format_order(o);
    Order back = parse_order(text, "заказ.toml");
    CHECK(format_order(back) == text);
    CHECK(back.items[2].nonstandard == "Особый \"котел\"\nс переносом");
    CHECK(!back.items[2].priced);
    CHECK(back.items[0].price.kopecks == 28500000);
    CHECK(back.step("5.2.3.1")->note == "в наличии");
    std::string bad = text;
    bad.replace(bad.find("payment = \"noncash\""), 19, "payment = \"card\"");
    try {
        parse_order(bad, "заказ.toml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.line() > 1);
    }
    CHECK_THROWS_AS(parse_order("number = 1\n", "заказ.toml"), Error);
}

TEST_CASE("Windows-safe folder names") {
    CHECK(windows_safe_name("ООО «Ромашка»") == "ООО «Ромашка»");
    CHECK(windows_safe_name("ИП \"Иванов\": a/b\\c*?<>|") == "ИП _Иванов__ a_b_c_____");
    CHECK(windows_safe_name("Конец. ") == "Конец");
    CHECK(windows_safe_name("   ") == "_");
    CHECK(windows_safe_name(std::string(200, 'x')).size() == 80);
    std::string cyr;
    for (int i = 0; i < 100; ++i) cyr += "я";
    CHECK(windows_safe_name(cyr).size() == 160);  // 80 characters, never half of one
}

TEST_CASE("orders index: upsert keeps one row per number, sorted") {
    Order a = draft(Payment::noncash);
    std::string idx = upsert_order_index("", "Заказы 2026.csv", a, "7 ООО «Ромашка»", Settings{});
    Order b = draft(Payment::cash);
    b.number = 3;
    idx = upsert_order_index(idx, "Заказы 2026.csv", b, "3 x", Settings{});
    a.status = order_status::cancelled;
    idx = upsert_order_index(idx, "Заказы 2026.csv", a, "7 ООО «Ромашка»", Settings{});
    auto rows = parse_order_index(idx, "Заказы 2026.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].number == 3);
    CHECK(rows[0].next_step == "5.2.3.6");
    CHECK(rows[1].status == "cancelled");
    CHECK(rows[1].total == "600000,00");
    // people read it: Russian payment kinds and statuses, DD.MM.YYYY (issue 15)
    CHECK(idx.find(";безналичный;отменен;") != std::string::npos);
    CHECK(idx.find(";наличный;") != std::string::npos);
    CHECK(idx.find("noncash") == std::string::npos);
    CHECK(rows[1].payment == "noncash");
    // an index written before (codes, ISO dates) still reads
    auto old = parse_order_index("\xEF\xBB\xBF№;Дата;Код клиента;Клиент;Менеджер;Оплата;Статус;Сумма;Следующий шаг;Папка\r\n"
                                 "5;2026-11-27;1;X;petrov;noncash;confirmed;1,00;5.2.3.4;5 X\r\n",
                                 "Заказы 2026.csv");
    REQUIRE(old.size() == 1);
    CHECK(old[0].payment == "noncash");
    CHECK(old[0].status == "confirmed");
    CHECK(old[0].date == "2026-11-27");
}

TEST_CASE("share: create, find by number in O(1), change, check") {
    fs::path root = fs::temp_directory_path() / ("gefest-order-test-" + fsio::random_token());
    fs::copy(std::string(GEFEST_DATA) + "/demo", root, fs::copy_options::recursive);
    Session session(Share::open(root), Identity::current());
    Store& store = session.store();
    const ShareStore files(session.share(), session.me());  // where the store keeps what
    Order a = create_order(session, draft(Payment::noncash));
    Order b = create_order(session, draft(Payment::cash));
    CHECK(a.number == 1);
    CHECK(b.number == 2);
    CHECK(files.path_of({Record::order, 2026, 2}) == root / "Отдел продаж/Заказы/2026/2 ООО «Ромашка»/заказ.toml");
    CHECK(order_where(store, 2026, 2) == (root / "Отдел продаж/Заказы/2026/2 ООО «Ромашка»/заказ.toml").string());
    CHECK(load_order(store, 2026, 1).payment == Payment::noncash);
    try {
        order_where(store, 2026, 3);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::not_found);
    }
    Order c = change_order(session, 2026, 2, [](Order& o) { mark_step_done(o, "5.2.3.6", "petrov", "2026-11-27T10:00:00"); });
    CHECK(load_order(store, 2026, 2).step("5.2.3.6")->done_by == "petrov");
    // an aborted change writes nothing
    std::string before = fsio::read_file(order_where(store, 2026, 2));
    CHECK_THROWS_AS(change_order(session, 2026, 2, [](Order& o) { order_can_do(o, "5.2.4.2"); }), Error);
    CHECK(fsio::read_file(order_where(store, 2026, 2)) == before);
    reserve_order_stock(store, c);
    Reservations r = parse_reservations(fsio::read_file(files.path_of({Record::reservations})), "r");
    CHECK(r.reserved_by("ПК-100", "Склад ГП Тюмень", "2026-2") == 2);
    release_order_stock(store, "2026-2");
    CHECK(parse_reservations(fsio::read_file(files.path_of({Record::reservations})), "r").rows.empty());
    CHECK(check_orders(store, Settings{}).empty());
    fs::remove(order_where(store, 2026, 1));
    auto problems = check_orders(store, Settings{});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("order 1 of 2026 has a number but no file") == 0);
    fs::remove_all(root);
}
