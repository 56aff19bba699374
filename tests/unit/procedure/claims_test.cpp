#include "procedure/claims.h"
#include "procedure/survey.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "base/error.h"
#include "demo_share.h"
#include "procedure/events/after_sales.h"
#include "procedure/order.h"
#include "store/session.h"

using namespace gefest;

namespace {

Errc code_of(const std::function<void()>& f, int* line = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (line) *line = e.line();
        return e.code();
    }
    FAIL("no error");
    return Errc::usage;
}

const std::string head = "№;Дата;Заказ;Клиент;Текст;Статус;Решение;Дата решения;Кто решил\n";

}  // namespace

TEST_CASE("claims register: format and parse round trip") {
    Claim a;
    a.year = 2026;
    a.number = 1;
    a.date = "2026-11-27";
    a.order = "2026-5";
    a.client = "ООО «Альфа»";
    a.text = "брак; 2 шт";
    Claim b = a;
    b.number = 2;
    b.status = claim_status::resolved;
    b.decision = "замена";
    b.decided_at = "2026-11-28T09:00:00";
    b.decided_by = "boss";
    std::string text = format_claims({a, b});
    CHECK(text.rfind("\xEF\xBB\xBF№;Дата;Заказ;", 0) == 0);
    auto back = parse_claims(text, "f", 2026);
    REQUIRE(back.size() == 2);
    CHECK(back[0].key() == "2026-1");
    CHECK(back[0].text == "брак; 2 шт");
    CHECK(back[0].is_open());
    CHECK(!back[1].is_open());
    CHECK(back[1].decision == "замена");
    CHECK(back[1].decided_by == "boss");
    CHECK(parse_claims("", "f", 2026).empty());
}

TEST_CASE("claims register: errors at FILE:LINE") {
    int line = 0;
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;открыта;;;\nx;d;o;c;t;открыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 3);
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;закрыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 2);
    CHECK(code_of([&] { parse_claims(head + "1;d;o;c;t;открыта;;;\n1;d;o;c;t;открыта;;;\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 3);
    CHECK(code_of([&] { parse_claims("№;Дата\n1;d\n", "f", 2026); }, &line) == Errc::data);
    CHECK(line == 1);
}

TEST_CASE("claim ids, scores, texts") {
    int y = 0;
    std::int64_t n = 0;
    parse_claim_id("2026-3", y, n);
    CHECK(y == 2026);
    CHECK(n == 3);
    for (const char* bad : {"3", "2026-", "-3", "2026-0", "26-3", "2026-3a", "2026-+3"})
        CHECK(code_of([&] { parse_claim_id(bad, y, n); }) == Errc::usage);
    CHECK(code_of([] { check_score(0); }) == Errc::usage);
    CHECK(code_of([] { check_score(6); }) == Errc::usage);
    check_score(1);
    check_score(5);
    CHECK(require_text("  брак \n", "text") == "брак");
    CHECK(code_of([] { require_text(" \t", "text"); }) == Errc::usage);
}

namespace {

// A session of the demo share run by `login` (a staff member of the demo).
Session session_of(const gefest::testing::DemoShare& demo, const std::string& login) {
    Identity who = demo.me;
    who.login = login;
    return Session(demo.share, who);
}

// Order 1 of this year, petrov's, for client 1 of the demo's client base.
Order demo_order(const gefest::testing::DemoShare& demo) {
    Order draft;
    draft.year = now().date.year;
    draft.date = now().date.iso();
    draft.client_id = 1;
    draft.client_name = "ООО «СибСтройМонтаж»";
    draft.manager = "petrov";
    draft.steps = make_checklist(Payment::noncash, default_process());
    Session session(demo.share, demo.me);
    return create_order(session, draft);
}

template <typename Row>
std::vector<Row> rows_of(const gefest::testing::DemoShare& demo) {
    std::vector<Row> out;
    const std::string month = now().date.month_key();
    demo.journal().for_each(month, month, [&](const Event& e) {
        if (e.kind == Row::kind) out.push_back(events::read_event<Row>(e));
    });
    return out;
}

}  // namespace

TEST_CASE("survey: the order's manager or a performer of 5.2.8 records it, once unless replaced") {
    gefest::testing::DemoShare demo;
    const Order order = demo_order(demo);
    Session petrov = session_of(demo, "petrov"), ivanova = session_of(demo, "ivanova"), boss = session_of(demo, "boss");
    CHECK(code_of([&] { record_survey(petrov, {order.number, 0, 6, "", false}); }) == Errc::usage);
    CHECK(code_of([&] { record_survey(petrov, {order.number + 1, 0, 4, "", false}); }) == Errc::not_found);
    CHECK(code_of([&] { record_survey(ivanova, {order.number, 0, 4, "", false}); }) == Errc::refused);
    CHECK_FALSE(demo.store.has_key("survey", order.key()));

    SurveyResult r = record_survey(petrov, {order.number, 0, 4, "всё хорошо", false});
    CHECK(r.order.key() == order.key());
    CHECK(r.score == 4);
    CHECK(demo.store.has_key("survey", order.key()));
    CHECK(code_of([&] { record_survey(boss, {order.number, 0, 5, "", false}); }) == Errc::state);
    record_survey(boss, {order.number, 0, 5, "", true});  // the owner performs 5.2.8

    auto rows = rows_of<events::SurveyScore>(demo);
    REQUIRE(rows.size() == 2);
    // Rows of the same second come in the order of their segments (one per login): sort.
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.replace < b.replace; });
    CHECK(rows[0].order == order.key());
    CHECK(rows[0].client_id == 1);
    CHECK(rows[0].manager == "petrov");
    CHECK(rows[0].score == 4);
    CHECK(rows[0].comment == "всё хорошо");
    CHECK_FALSE(rows[0].replace);
    CHECK(rows[1].score == 5);
    CHECK(rows[1].replace);
}

TEST_CASE("claims: anyone registers a claim, a performer of 5.2.8 decides it; both journaled") {
    gefest::testing::DemoShare demo;
    const Order order = demo_order(demo);
    Session ivanova = session_of(demo, "ivanova"), petrov = session_of(demo, "petrov"), boss = session_of(demo, "boss");
    CHECK(code_of([&] { register_claim(ivanova, {order.number, 0, "  "}); }) == Errc::usage);
    CHECK(code_of([&] { register_claim(ivanova, {order.number + 1, 0, "брак"}); }) == Errc::not_found);

    Claim c = register_claim(ivanova, {order.number, 0, " Пришло 2 шт. вместо 3 "});
    CHECK(c.number == 1);
    CHECK(c.order == order.key());
    CHECK(c.client == order.client_name);
    CHECK(c.text == "Пришло 2 шт. вместо 3");
    CHECK(list_claims(boss, {0, true}).size() == 1);

    CHECK(code_of([&] { decide_claim(petrov, {c.key(), "Допоставка"}); }) == Errc::refused);
    CHECK(code_of([&] { decide_claim(boss, {"7", "Допоставка"}); }) == Errc::usage);
    Claim d = decide_claim(boss, {c.key(), "Допоставка"});
    CHECK(d.status == claim_status::resolved);
    CHECK(d.decided_by == "boss");
    CHECK(list_claims(boss, {0, true}).empty());
    CHECK(list_claims(boss, {0, false}).size() == 1);

    auto added = rows_of<events::ClaimNew>(demo);
    REQUIRE(added.size() == 1);
    CHECK(added[0].order == order.key());
    CHECK(added[0].client_id == 1);
    CHECK(added[0].manager == "petrov");
    CHECK(added[0].text == "Пришло 2 шт. вместо 3");
    auto decided = rows_of<events::ClaimResolve>(demo);
    REQUIRE(decided.size() == 1);
    CHECK(decided[0].decision == "Допоставка");
}
