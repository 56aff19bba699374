// Journals written by an older gefest still read: a row of every kind as the cli code
// wrote it before the rows were declared in lib/procedure/events/ (a JSON object with
// every field as literal text, e.g. `git show 96e742f:cli/order.cpp`, and for call.*,
// client.*, staff.* and debug.* `git show b2e8919:lib/procedure/calls.cpp`,
// `…:cli/client.cpp`, `…:cli/staff.cpp`, `…:cli/debug.cpp`) goes through a journal and
// reads through read_event<T> to the values of the same row built from the struct
// (event_rows.h). A JSON key renamed or retyped in a header fails here.
#include <doctest/doctest.h>

#include <functional>
#include <set>

#include "event_rows.h"
#include "temp_folder.h"

using namespace gefest;
namespace rows = gefest::testing::rows;

namespace {

struct OldRow {
    std::string kind, object;
    std::string text;                          ///< the data as an older gefest wrote it
    std::function<void(const Event&)> check;   ///< reads it back and compares with the struct's row
};

// `text` must read as `expected`: every field, compared as the struct writes them
// (a field the old row lacks or names otherwise reads as its default, and differs).
template <typename T>
OldRow old(std::string kind, std::string object, std::string text, T expected) {
    return {std::move(kind), std::move(object), std::move(text), [expected](const Event& e) {
                const T got = events::read_event<T>(e);
                CHECK(nlohmann::json(got).dump() == nlohmann::json(expected).dump());
            }};
}

// A call row also reads through Inquiry::from_event, the reports' reader.
OldRow old_call(const std::string& channel, const std::string& id, std::string text, events::CallInquiry expected) {
    OldRow row = old("call." + channel, "call:" + id, std::move(text), expected);
    row.check = [expected, plain = row.check](const Event& e) {
        plain(e);
        const Inquiry q = Inquiry::from_event(e);
        CHECK(nlohmann::json(static_cast<const events::CallInquiry&>(q)).dump() == nlohmann::json(expected).dump());
    };
    return row;
}

std::vector<OldRow> old_rows() {
    using namespace rows;
    std::vector<OldRow> r;
    // lib/procedure/calls.cpp, Inquiry::to_json: every field, always.
    r.push_back(old_call("new", "2026-1",
        R"({"id":"2026-1","channel":"new","client":6,"client_name":"ООО «Альфа»","new_client":true,"phone":"+79120000001","email":"","contact":"Орлов Иван","source":"Выставка","manager":"petrov","manager_name":"Петров Сергей Иванович","products":[{"sku":"ПК-100","qty":2,"answer":"in_stock","text":"в наличии 5 шт: Склад ГП Тюмень — 5"}],"outcome":"transferred","taken_by":"ivanova","note":"","received":"","ref":"","subject":""})",
        first_inquiry()));
    r.push_back(old_call("existing", "2026-2",
        R"({"id":"2026-2","channel":"existing","client":7,"client_name":"ООО «Вектор»","new_client":false,"phone":"+73452000007","email":"zakaz@vector.example","contact":"Орлова Анна Викторовна","source":"Рекомендация","manager":"sidorova","manager_name":"Сидорова Елена Андреевна","products":[{"sku":"ПК-50","qty":2,"answer":"in_stock","text":"в наличии 9 шт: Склад ГП Тюмень — 9"}],"outcome":"transferred","taken_by":"ivanova","note":"","received":"","ref":"","subject":""})",
        inquiry("2026-2", "existing")));
    r.push_back(old_call("visit", "2026-3",
        R"({"id":"2026-3","channel":"visit","client":7,"client_name":"ООО «Вектор»","new_client":true,"phone":"+73452000007","email":"zakaz@vector.example","contact":"Орлова Анна Викторовна","source":"Рекомендация","manager":"sidorova","manager_name":"Сидорова Елена Андреевна","products":[],"outcome":"received","taken_by":"ivanova","note":"приезжал в офис, смотрел ПК-50\nперезвонить после обеда","received":"","ref":"","subject":""})",
        inquiry("2026-3", "visit")));
    r.push_back(old_call("email", "2026-4",
        R"({"id":"2026-4","channel":"email","client":7,"client_name":"ООО «Вектор»","new_client":true,"phone":"+73452000007","email":"zakaz@vector.example","contact":"Орлова Анна Викторовна","source":"Рекомендация","manager":"sidorova","manager_name":"Сидорова Елена Андреевна","products":[],"outcome":"received","taken_by":"ivanova","note":"","received":"2026-11-20T11:55:00","ref":"<a1b2c3@vector.example>","subject":"Запрос КП на ПК-50"})",
        inquiry("2026-4", "email")));
    r.push_back(old_call("request", "2026-5",
        R"({"id":"2026-5","channel":"request","client":7,"client_name":"ООО «Вектор»","new_client":false,"phone":"+73452000007","email":"zakaz@vector.example","contact":"Орлова Анна Викторовна","source":"Рекомендация","manager":"sidorova","manager_name":"Сидорова Елена Андреевна","products":[{"sku":"ПК-50","qty":2,"answer":"","text":""},{"sku":"ДЫМ-200","qty":0,"answer":"","text":""}],"outcome":"application","taken_by":"sidorova","note":"","received":"","ref":"2026-1","subject":""})",
        inquiry("2026-5", "request")));
    r.push_back(old_call("site", "2026-6",
        R"({"id":"2026-6","channel":"site","client":7,"client_name":"ООО «Вектор»","new_client":true,"phone":"+73452000007","email":"zakaz@vector.example","contact":"Орлова Анна Викторовна","source":"Рекомендация","manager":"sidorova","manager_name":"Сидорова Елена Андреевна","products":[{"sku":"ПК-50","qty":2,"answer":"","text":""},{"sku":"ДЫМ-200","qty":0,"answer":"","text":""}],"outcome":"application","taken_by":"ivanova","note":"","received":"2026-11-20T11:55:00","ref":"site-1042","subject":""})",
        inquiry("2026-6", "site")));

    // cli/order.cpp: record() added "status" to every row.
    r.push_back(old("order.new", "order:2026-1",
                    R"({"client":6,"client_name":"ООО «Альфа»","manager":"petrov","payment":"noncash","call":"call:2026-1","total":"1000.00","items":1,"status":"new"})",
                    order_new_noncash()));
    r.push_back(old("order.new", "order:2026-2",
                    R"({"client":2,"client_name":"АО «Тобольский механический завод»","manager":"sidorova","payment":"cash","call":"","total":"500.00","items":1,"status":"new"})",
                    order_new_cash()));
    r.push_back(old("order.step", "order:2026-1", R"({"step":"5.2.3.1","note":"в наличии","status":"new"})", step("5.2.3.1", "new")));
    r.push_back(old("order.step", "order:2026-1", R"({"step":"5.2.3.4","contract":"2026-1","contract_date":"2026-11-12","status":"confirmed"})",
                    step("5.2.3.4", "confirmed")));
    // cli/invoice.cpp (send) and cli/payment.cpp (paid): no status.
    r.push_back(old("order.step", "order:2026-1", R"j({"step":"5.2.3.5","note":"счет № 1 → orlov@alfa.example (outbox)"})j", step("5.2.3.5", "")));
    r.push_back(old("order.step", "order:2026-1", R"({"step":"5.2.4.3","note":"оплачен счет 2026-1"})", step("5.2.4.3", "")));
    r.push_back(old("order.step", "order:2026-2", R"({"step":"5.2.3.6","note":"в наличии","status":"new"})", step("5.2.3.6", "new")));
    r.push_back(old("order.step", "order:2026-2", R"({"step":"5.2.3.7","status":"confirmed"})", step("5.2.3.7", "confirmed")));
    // cli/ship.cpp
    r.push_back(old("order.step", "order:2026-2",
                    R"({"step":"5.2.4.1","arrival":"2026-11-21T10:00:00","document":"Лист подбора 2026-2.html","documents":["Заказы/2026/2026-2/Лист подбора 2026-2.html"],"status":"confirmed"})",
                    step("5.2.4.1", "confirmed")));
    r.push_back(old("order.step", "order:2026-2",
                    R"({"waybill":"413","date":"2026-11-20","lines":[{"line":1,"sku":"ГВ-12","qty":1}],"step":"5.2.4.2","status":"shipped"})",
                    step("5.2.4.2", "shipped")));
    r.push_back(old("order.step", "order:2026-1", R"({"step":"5.2.4.4","unpaid_override":"","status":"confirmed"})", step("5.2.4.4", "confirmed")));
    r.push_back(old("order.step", "order:2026-1",
                    R"({"step":"5.2.4.5","carrier":"ПЭК","told":"ТК ПЭК: до терминала в Тобольске 2 дня, 1 850 ₽","status":"confirmed"})",
                    step("5.2.4.5", "confirmed")));
    r.push_back(old("order.step", "order:2026-1",
                    R"({"step":"5.2.4.6","documents":["Заказы/2026/2026-1/Упаковочный лист 2026-1.html","Заказы/2026/2026-1/Товарная накладная 2026-1.html"],"status":"confirmed"})",
                    step("5.2.4.6", "confirmed")));
    r.push_back(old("order.step", "order:2026-1",
                    R"({"step":"5.2.4.7","carrier":"ПЭК","tracking":"ПЭК-123456","to":"orlov@alfa.example","via":"outbox","message_id":"20261119100000.a1b2@gefest.example","eml":"2026-11-19 10-00-00 Заказ 2026-1.eml","accountant":true,"status":"confirmed"})",
                    step("5.2.4.7", "confirmed")));
    r.push_back(old("order.step", "order:2026-1",
                    R"({"waybill":"412","date":"2026-11-20","lines":[{"line":1,"sku":"ПК-100","qty":2}],"step":"5.2.4.8","status":"shipped"})",
                    step("5.2.4.8", "shipped")));
    r.push_back(old("order.shipment", "order:2026-1",
                    R"({"waybill":"410","date":"2026-11-18","lines":[{"line":1,"sku":"ПК-100","qty":1}],"status":"confirmed"})", shipment()));
    r.push_back(old("order.override_unpaid", "order:2026-1", R"({"reason":"постоянный клиент, оплатит по факту","status":"confirmed"})",
                    override_unpaid()));
    for (const auto* kind : {"ask", "answer", "accept"}) {
        const events::OrderLeadTime e = lead_time(kind);
        const std::string text = fmt::format(R"({{"kind":"{}","days":{},"note":"{}","promised":"{}","status":"new"}})", kind, e.days, e.note, e.promised);
        r.push_back(old("order.lead_time", "order:2026-1", text, e));
    }
    r.push_back(old("order.price", "order:2026-1", R"({"line":2,"price":"350.00","status":"new"})", price()));
    r.push_back(old("order.cancel", "order:2026-2", R"({"reason":"клиент передумал","status":"cancelled"})", cancel()));
    r.push_back(old("order.change", "order:2026-1",
                    R"({"changes":["ПК-100 ×2→3"],"reason":"клиент добавил позицию","total":"1500.00","invoice_cancelled":"2026-1","invoice":"2026-2","reopened":["5.2.3.5"],"status":"confirmed"})",
                    order_change()));
    r.push_back(old("order.reassign", "order:2026-1", R"({"from":"petrov","manager":"sidorova","reason":"petrov в отпуске","status":"new"})",
                    order_reassign()));
    r.push_back(old("order.cash", "order:2026-2", R"({"amount":"500.00","receipt":"ПКО-17","date":"2026-11-20","status":"confirmed"})", order_cash()));
    r.push_back(old("invoice.cancel", "invoice:2026-1", R"({"order":"2026-1","reason":"клиент добавил позицию","replaced_by":"2026-2","status":"cancelled"})",
                    invoice_cancel()));
    r.push_back(old("order.export_1c", "order:2026-1", R"({"step":"5.2.3.3","file":"Обмен с 1С/Заказы 2026-1.xml","status":"confirmed"})", export_1c()));
    r.push_back(old("order.invoice", "order:2026-1", R"({"invoice":"2026-1","total":"1000.00"})", order_invoice()));
    r.push_back(old("catalog.import_1c", "catalog", R"({"files":["import.xml","offers.xml"],"added":3,"updated":1,"prices":4,"stock_rows":12,"skipped":2})",
                    catalog_import()));

    // cli/invoice.cpp: record() added "order" and "status"; cli/payment.cpp.
    r.push_back(old("invoice.issue", "invoice:2026-1",
                    R"({"number":1,"date":"2026-11-12","client":"ООО «Альфа»","inn":"7203145879","total":"1000.00","vat":"180.33","due":"2026-11-17","order":"2026-1","status":"issued"})",
                    invoice_issue()));
    r.push_back(old("invoice.send", "invoice:2026-1",
                    R"({"to":"orlov@alfa.example","via":"outbox","message_id":"20261113100000.c3d4@gefest.example","eml":"Исходящие/2026-11-13 10-00-00 Счет 2026-1.eml","order":"2026-1","status":"sent"})",
                    invoice_send()));
    r.push_back(old("invoice.paid", "invoice:2026-1", R"({"order":"2026-1","total":"1000.00","manager":"petrov","order_step":"5.2.4.3"})", invoice_paid()));
    r.push_back(old("invoice.balance", "invoice:2026-1", R"({"order":"2026-1","paid":"400.00","status":"partial"})", invoice_balance()));
    events::InvoiceRemind remind = invoice_remind();
    remind.level = events::remind_level::owner_before;  // as the level was called then
    r.push_back(old("invoice.remind", "invoice:2026-1", R"({"level":"head_of_sales","to":["sokolov@gefest.example"],"days_overdue":5,"balance":"1000.00"})",
                    remind));
    for (const char* kind : events::PaymentRecorded::kinds)
        r.push_back(old(kind, "payment:a1b2c3d4e5f6",
                        R"({"amount":"1000.00","payer_inn":"7203145879","client_inn":"7203145879","allocations":{"2026-1":"1000.00"},"status":"matched","reason":"","source":"Бухгалтерия/Выписки/kl_to_1c.txt"})",
                        payment()));
    r.push_back(old("payment.advance", "invoice:2026-1", R"({"paid":"1000.00"})", advance_applied()));

    // cli/survey.cpp, cli/claim.cpp
    r.push_back(old("survey.score", "order:2026-2",
                    R"({"order":"2026-2","client":"АО «Тобольский механический завод»","client_id":2,"manager":"sidorova","score":4,"comment":"быстро","replace":false})",
                    survey(4, false)));
    r.push_back(old("claim.new", "claim:2026-1",
                    R"({"order":"2026-2","client":"АО «Тобольский механический завод»","client_id":2,"manager":"sidorova","text":"повреждена упаковка, 1 шт"})",
                    claim_new()));
    r.push_back(old("claim.resolve", "claim:2026-1", R"({"order":"2026-2","client":"АО «Тобольский механический завод»","decision":"замена за наш счет"})",
                    claim_resolve()));

    // lib/procedure/calls.cpp (a client made or routed by an inquiry) and cli/client.cpp.
    events::ClientAdd by_inquiry = client_add(), by_hand = client_add();
    by_inquiry.force = false;
    by_hand.call = "";
    const std::string client_fields =
        R"j("name":"ООО «Альфа»","form":"ООО","inn":"7203145879","kpp":"720301001","ogrn":"1107203004127","phones":"+79120000001","email":"orlov@alfa.example","city":"Тюмень","address":"625000, г. Тюмень, ул. Ленина, д. 1","contact":"Орлов Иван","manager":"petrov","source":"Выставка","added":"2026-11-02","notes":"Обращение №2026-1 (new)")j";
    r.push_back(old("client.add", "client:6", "{" + client_fields + R"(,"routing":"round_robin","call":"2026-1"})", by_inquiry));
    r.push_back(old("client.add", "client:6", "{" + client_fields + R"(,"routing":"round_robin","force":true})", by_hand));
    r.push_back(old("client.edit", "client:6",
                    R"({"name":"ООО «Альфа»","changed":{"city":{"from":"Тюмень","to":"Тобольск"},"kpp":{"from":"","to":"720601001"}}})", client_edit()));
    r.push_back(old("client.assign", "client:6",
                    R"({"name":"ООО «Альфа»","changed":{"manager":{"from":"","to":"petrov"}},"manager":"petrov","routing":"least_loaded","call":"2026-1"})",
                    client_assign()));
    r.push_back(old("client.merge", "client:6",
                    R"({"name":"ООО «Альфа»","kept":6,"gone":8,"gone_name":"Альфа ООО","changed":{"phones":{"from":"+79120000001","to":"+79120000001, +73452000008"}}})",
                    client_merge()));
    r.push_back(old("client.repair", "client:6",
                    R"({"name":"ООО «Альфа»","changed":{"inn":{"from":"105012349","to":"0105012349"},"kpp":{"from":"10501001","to":"010501001"}},"file":"Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv","line":7})",
                    client_repair()));

    // cli/staff.cpp, cli/debug.cpp
    const std::string member = R"({"name":"Новикова Дарья Сергеевна","roles":["sales_manager"],"email":"novikova@gefest.example"})";
    r.push_back(old("staff.add", "staff:novikova", member, staff_add()));
    r.push_back(old("staff.change", "staff:novikova", member, staff_add()));
    r.push_back(old("staff.remove", "staff:morozova", "{}", events::StaffRemove{}));
    // lib/procedure/inquiry_follow_up.cpp (issue 14): the row as first written.
    r.push_back(old("inquiry.close", "call:2026-2",
                    R"({"id":"2026-2","outcome":"refused","note":"купили у конкурентов","client":7,"client_name":"ООО «Вектор»","manager":"sidorova"})",
                    inquiry_close()));
    r.push_back(old("step.refused", "order:2026-1", R"({"step":"5.2.3.5","roles":["sales_manager"],"command":"invoice issue"})", step_refused()));
    r.push_back(old("debug.stress", "debug:smb-1", R"({"tag":"smb-1","i":3})", debug_stress()));
    return r;
}

}  // namespace

TEST_CASE("old rows: a row of every declared kind as an older gefest wrote it reads through a journal to the struct's values") {
    gefest::testing::TempFolder dir;
    Identity me = Identity::current();
    me.login = "petrov";
    me.host = "pc1";
    Journal journal(dir / "Журнал", "test-share", me);
    const std::vector<OldRow> rows = old_rows();
    std::set<std::string> kinds;
    for (const auto& row : rows) {
        Event e;
        e.time = DateTime{Date{2026, 11, 20}, 12, 0, 0};
        e.kind = row.kind;
        e.object = row.object;
        e.data = nlohmann::json::parse(row.text);
        journal.append(e);
        kinds.insert(row.kind);
    }
    const std::set<std::string> declared = rows::declared_kinds();
    CHECK(declared.size() >= 30);  // the headers were read
    for (const auto& kind : declared) {
        INFO("declared in lib/procedure/events/ but no old row of it here: " << kind);
        CHECK(kinds.count(kind) == 1);
    }
    for (const auto& kind : kinds) {
        INFO("an old row of a kind no header declares (renamed? old journals hold it): " << kind);
        CHECK(declared.count(kind) == 1);
    }

    // Read as trees, and as text (JournalFilter::light_data: the reports' way), alike.
    for (const bool light : {false, true}) {
        INFO("light_data: " << light);
        JournalFilter filter;
        filter.light_data = light;
        size_t n = 0;
        journal.for_each("2026-11", "2026-11", [&](const Event& e) {
            REQUIRE(n < rows.size());
            const OldRow& row = rows[n++];
            INFO(row.kind << " " << row.object << ": " << row.text);
            CHECK(e.kind == row.kind);
            CHECK(e.object == row.object);
            CHECK(e.data_text.empty() != light);
            row.check(e);
        }, nullptr, filter);
        CHECK(n == rows.size());
    }
}

TEST_CASE("old rows: fields read by name, whatever their order, and the level of a reminder as it was called") {
    Event e;
    e.kind = "order.lead_time";
    e.data = nlohmann::json::parse(R"({"status":"new","promised":"2026-12-10","note":"","days":0,"kind":"accept"})");
    const auto lead_time = events::read_event<events::OrderLeadTime>(e);
    CHECK(lead_time.kind_of == "accept");
    CHECK(lead_time.promised == "2026-12-10");
    e.kind = "invoice.remind";
    e.data = nlohmann::json::parse(R"({"level":"head_of_sales","to":["sokolov@gefest.example"],"days_overdue":5,"balance":"1000.00"})");
    const auto remind = events::read_event<events::InvoiceRemind>(e);
    CHECK(events::remind_level::current(remind.level) == events::remind_level::owner);
    CHECK(remind.balance == parse_money("1000.00"));
    CHECK(remind.to == std::vector<std::string>{"sokolov@gefest.example"});
}

namespace {

// What reading `e` gives: the value as JSON, or the error's message.
template <typename Read>
std::string outcome(const Event& e, Read read) {
    try {
        return nlohmann::json(read(e)).dump();
    } catch (const Error& x) {
        return std::string("error: ") + x.what() + " at " + x.file() + ":" + std::to_string(x.line());
    }
}

}  // namespace

TEST_CASE("old rows: a row read from its text (light_data) reads as from its tree, hostile text and all") {
    const std::string call = R"("channel":"new","client":6,"client_name":"ООО \"Альфа\" \u00ab\ud83d\ude00\u00bb","new_client":true,)"
                             R"("source":"Выставка","manager":"petrov","outcome":"transferred","note":"line\nnext\ttab \\ end \/")";
    const std::vector<std::string> texts = {
             "{\"id\":\"2026-1\"," + call + "}",
             "{\"extra\":{\"a\":[1,{\"b\":\"}\\\"]\"}]},\"id\":\"2026-1\",\"products\":[{\"sku\":\"ПК-50\",\"qty\":2,\"more\":[[],{}]}]," + call + "}",
             "{\"id\":\"2026-1\"," + call + ",\"id\":\"2026-9\",\"note\":\"second\"}",
             "{\"id\":\"2026-1\",\"phone\":5,\"products\":\"none\"," + call + "}",     // the lenient fields
             "{\"id\":\"2026-1\",\"client\":\"seven\"}",                              // a number that is not one
             "{\"id\":\"2026-1\",\"products\":[{\"sku\":\"A\",\"qty\":2.0}],\"new_client\":1}",
             "{\"id\":\"2026-1\",\"note\":null}",
             "{\"channel\":\"new\"}",                                                 // no id
             "{\"id\":\"\"}",
             "[1,2]",
             "{\"call\":\"call:2026-1\",\"client\":6,\"total\":\"1234.50\",\"status\":\"confirmed\",\"documents\":[\"a.pdf\"]}",
             "{\"total\":\"12.3x\",\"status\":\"new\"}",
             "{\"total\":1234,\"status\":7}",
             "{\"total\":\"-0.05\",\"step\":\"5.2.3.1\",\"status\":\"\"}",
    };
    for (const std::string& text : texts) {
        INFO(text);
        Event tree;
        tree.kind = "call.new";
        tree.object = "order:2026-1";
        tree.source = "segment.csv";
        tree.line = 7;
        tree.data = nlohmann::json::parse(text);
        Event light = tree;
        light.data = nullptr;
        light.data_text = text;
        auto inquiry = [](const Event& e) { return static_cast<events::CallInquiry>(Inquiry::from_event(e)); };
        CHECK(outcome(light, inquiry) == outcome(tree, inquiry));
        auto as = [](auto type) { return [](const Event& e) { return events::read_event<decltype(type)>(e); }; };
        CHECK(outcome(light, as(events::CallInquiry{})) == outcome(tree, as(events::CallInquiry{})));
        CHECK(outcome(light, as(events::OrderNew{})) == outcome(tree, as(events::OrderNew{})));
        CHECK(outcome(light, as(events::OrderStep{})) == outcome(tree, as(events::OrderStep{})));
        CHECK(outcome(light, as(events::OrderStatusOf{})) == outcome(tree, as(events::OrderStatusOf{})));
    }
}
