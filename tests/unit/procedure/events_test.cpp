// The journal row structs (lib/procedure/events/): a row carries the fields that differ
// from their defaults under the member's name, reads back the same, reads a row of an
// older gefest that lacks a field, and refuses a malformed field at the row's line.
#include "procedure/events/after_sales.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"

#include <doctest/doctest.h>

#include "failure.h"
#include "reports/event_rows.h"
#include "temp_folder.h"

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

// --- rows made light (make_light_event: a bank statement's thousands of rows) ----------------

namespace {

// The data of `row` made light is the text make_event's tree dumps, byte for byte.
template <typename T>
void check_light(const T& row, const std::string& kind = T::kind) {
    const Event tree = make_event(row, "x:1", kind);
    const Event light = make_light_event(row, "x:1", kind);
    INFO(tree.data.dump());
    if constexpr (LightWritableRow<T>) {
        CHECK(light.data.is_null());
        CHECK(light.data_text == tree.data.dump());
    } else {  // a kind with its own to_json: made as make_event makes it
        CHECK(light.data_text.empty());
        CHECK(light.data == tree.data);
    }
    CHECK(light.kind == tree.kind);
    CHECK(light.object == tree.object);
}

}  // namespace

TEST_CASE("events: a row made light carries the text make_event's tree dumps") {
    namespace rows = gefest::testing::rows;
    check_light(rows::inquiry("2026-1", "new"), "call.new");
    check_light(rows::inquiry("2026-2", "visit"), "call.visit");
    check_light(rows::inquiry("2026-3", "email"), "call.email");
    check_light(rows::inquiry("2026-4", "request"), "call.request");
    check_light(rows::first_inquiry(), "call.new");
    check_light(rows::order_new_noncash());
    check_light(rows::order_new_cash());
    check_light(rows::step("5.2.4.8", "shipped"));
    check_light(rows::step("5.2.4.3", "paid"));
    check_light(rows::shipment());
    check_light(rows::lead_time("order"));
    check_light(rows::price());
    check_light(rows::cancel());
    check_light(rows::order_change());
    check_light(rows::order_reassign());
    check_light(rows::order_cash());
    check_light(rows::export_1c());
    check_light(rows::order_invoice());
    check_light(rows::override_unpaid());
    check_light(rows::catalog_import());
    check_light(rows::invoice_issue());
    check_light(rows::invoice_cancel());
    check_light(rows::invoice_send());
    check_light(rows::invoice_paid());
    check_light(rows::invoice_balance());
    check_light(rows::invoice_remind());
    check_light(rows::payment(), "payment.import");
    check_light(rows::advance_applied());
    check_light(rows::survey(5, false));
    check_light(rows::claim_new());
    check_light(rows::claim_resolve());
    check_light(rows::client_add());
    check_light(rows::client_edit());
    check_light(rows::client_assign());
    check_light(rows::client_merge());
    check_light(rows::client_repair());
    check_light(rows::inquiry_close());
    check_light(rows::staff_add());
    check_light(rows::step_refused());
    check_light(rows::debug_stress());
    // Defaults left out, an empty object; every escape dump writes; a payment of several invoices.
    check_light(OrderStep{});
    check_light(InvoiceBalance{});
    PaymentRecorded p;
    p.amount = parse_money("-0.01");
    p.reason = std::string("кавычка \" обратная \\ строки\r\n\tтаб \b\f \x01\x1f\x7f «ёлка» 𝄞 /");
    p.allocations = {{"2026-10", parse_money("5.00")}, {"2026-9", parse_money("1.50")}, {"2025-100", Money{}}};
    p.source = "";
    check_light(p, "payment.manual");
}

TEST_CASE("events: a row with text that is not UTF-8 is made with its tree, and refused as before") {
    InvoicePaid bad;
    bad.manager = "\xD0";  // a torn two-byte letter: dump refuses it
    const Event light = make_light_event(bad, "invoice:2026-1");
    CHECK(light.data_text.empty());
    CHECK(light.data.is_object());
    CHECK_THROWS_AS((void)light.data.dump(), nlohmann::json::type_error);
    InvoicePaid invalid_key;
    invalid_key.order = "\xC0\xAF";  // an overlong '/'
    CHECK(make_light_event(invalid_key, "invoice:2026-1").data_text.empty());
}

TEST_CASE("events: the journal writes a row made light byte for byte as the row of make_event") {
    gefest::testing::TempFolder tree_dir, light_dir;
    Identity me = Identity::current();
    me.login = "boss";
    me.host = "vm";
    auto write = [&](const std::filesystem::path& root, Event e) {
        e.time = DateTime::parse("2026-01-10T09:00:00", "test");
        e.id = "2026-01-10T09:00:00-0123456789";
        Journal journal(root, "share", me);
        std::vector<Event> all{std::move(e)};
        std::vector<Journal::Appended> appended;
        journal.append_all(all, appended);
        return fsio::read_file(root / "2026-01" / "boss@vm.csv");
    };
    PaymentRecorded p = gefest::testing::rows::payment();
    p.reason = "счет № 5; \"кавычки\";\nперевод строки";
    const std::string tree = write(tree_dir.path(), make_event(p, "payment:1", "payment.import"));
    CHECK(tree.find("payment.import") != std::string::npos);
    CHECK(write(light_dir.path(), make_light_event(p, "payment:1", "payment.import")) == tree);
}
