// The journal row structs (lib/procedure/events/): a row carries the fields that differ
// from their defaults under the member's name, reads back the same, reads a row of an
// older gefest that lacks a field, and refuses a malformed field at the row's line.
#include "procedure/events/after_sales.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"

#include <doctest/doctest.h>

#include "failure.h"

using namespace gefest;
using namespace gefest::events;
using gefest::testing::failure_of;

TEST_CASE("events: a row holds its set fields by name and reads back the same") {
    OrderNew n;
    n.client = 17;
    n.client_name = "ООО «Ромашка»";
    n.manager = "petrov";
    n.payment = "noncash";
    n.total = parse_money("164500.00");
    n.items = 2;
    n.status = "new";
    Event e = make_event(n, "order:2026-5");
    CHECK(e.kind == "order.new");
    CHECK(e.object == "order:2026-5");
    CHECK(e.data.dump() ==
          R"({"client":17,"client_name":"ООО «Ромашка»","items":2,"manager":"petrov","payment":"noncash","status":"new","total":"164500.00"})");
    OrderNew back = read_event<OrderNew>(e);
    CHECK(back.client == 17);
    CHECK(back.total == n.total);
    CHECK(back.call.empty());

    OrderStep s;
    s.step = "5.2.4.8";
    s.waybill = "412";
    s.lines = {{1, "ПК-50", 2}};
    e = make_event(s, "order:2026-5");
    CHECK(e.data.dump() == R"({"lines":[{"line":1,"qty":2,"sku":"ПК-50"}],"step":"5.2.4.8","waybill":"412"})");
    CHECK(read_event<OrderStep>(e).lines == s.lines);

    OrderLeadTime lt;
    lt.kind_of = "answer";
    lt.days = 10;
    e = make_event(lt, "order:2026-5");
    CHECK(e.data.dump() == R"({"days":10,"kind":"answer"})");
    CHECK(read_event<OrderLeadTime>(e).kind_of == "answer");

    PaymentRecorded p;
    p.amount = parse_money("100");
    p.allocations["2026-1"] = parse_money("60");
    e = make_event(p, "payment:x", "payment.import");
    CHECK(e.kind == "payment.import");
    CHECK(e.data["allocations"].dump() == R"({"2026-1":"60.00"})");
    CHECK(read_event<PaymentRecorded>(e).allocations.at("2026-1") == parse_money("60"));
}

TEST_CASE("events: a malformed field is an error at the row") {
    Event e;
    e.kind = "order.new";
    e.source = "Журнал/2026-11/petrov@pc1.csv";
    e.line = 7;
    e.data = {{"client", "семнадцать"}};
    auto f = failure_of([&] { read_event<OrderNew>(e); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == e.source);
    CHECK(f.line == 7);
    CHECK(f.message.find("order.new row has a malformed field") == 0);
    e.data = {{"total", "сто рублей"}};
    f = failure_of([&] { read_event<OrderNew>(e); });
    CHECK(f.line == 7);
    CHECK(f.message.find("order.new row: ") == 0);
    e.data = nlohmann::json::array();
    CHECK(failure_of([&] { read_event<SurveyScore>(e); }).line == 7);
}
