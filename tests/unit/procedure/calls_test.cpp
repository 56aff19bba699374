// calls: an inquiry is one journal row (events::CallInquiry, every field written). Its
// data object must read back as the same inquiry, a row that is not one must fail at the
// segment's FILE:LINE, and the inquiries must be found again by date range and by id on
// a share. The `gefest call` functions (call_commands.h) check the step and every value
// before they write, and record the rows `gefest client` would.
#include "procedure/calls.h"
#include "procedure/call_commands.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/error.h"
#include "demo_share.h"
#include "procedure/events/clients.h"
#include "failure.h"
#include "store/numbers.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;
using json = nlohmann::json;

namespace {

Inquiry full_inquiry() {
    Inquiry q;
    q.id = "2026-5";
    q.channel = "new";
    q.time = DateTime::parse("2026-11-27T10:05:00", "time");
    q.client = 17;
    q.client_name = "ООО «Ромашка»";
    q.new_client = true;
    q.phone = "+79123456789";
    q.email = "snab@romashka.example";
    q.contact = "Иванов И. И.";
    q.source = "Другое: сосед";
    q.manager = "petrov";
    q.manager_name = "Петров Сергей Иванович";
    q.products = {{"ПК-50", 2, "partial", "в наличии 1 шт из 2: Склад ГП Тюмень — 1"}, {"ГВ-12", 0, "not_in_stock", "нет в наличии"}};
    q.outcome = "transferred";
    q.taken_by = "ivanova";
    q.note = "перезвонить после обеда";
    q.received = "2026-11-27T09:58:00";
    q.ref = "<abc@mail.example>";
    q.subject = "Котлы";
    q.login = "ivanova";
    return q;
}

Event event_of(const Inquiry& q, const std::string& kind = "call.new") {
    Event e;
    e.time = q.time;
    e.login = q.login;
    e.kind = kind;
    e.object = "call:" + q.id;
    e.data = q.to_json();
    e.source = "Журнал/2026-11/ivanova@pc-12.csv";
    e.line = 7;
    return e;
}

// Records an inquiry the way call does: its number claimed at `time`, its row appended.
Inquiry record_at(DemoShare& d, const std::string& time, const std::string& channel, const std::string& client_name) {
    ScopedEnv now{"GEFEST_NOW", time};
    const int year = std::stoi(time.substr(0, 4));
    NumberClaim claim = claim_number(d.share.numbers_of("call", year), d.me, "call." + channel);
    Inquiry q;
    q.id = std::to_string(year) + "-" + std::to_string(claim.number());
    q.channel = channel;
    q.time = DateTime::parse(time, "time");
    q.client_name = client_name;
    Event e;
    e.kind = "call." + channel;
    e.object = "call:" + q.id;
    e.time = q.time;
    e.data = q.to_json();
    d.journal().append(e);
    claim.commit();
    return q;
}

void append(DemoShare& d, const std::string& time, const std::string& kind, const std::string& object, json data) {
    Event e;
    e.time = DateTime::parse(time, "time");
    e.kind = kind;
    e.object = object;
    e.data = std::move(data);
    d.journal().append(e);
}

// Every row of the share's journal, in order.
std::vector<Event> rows(const DemoShare& d) {
    std::vector<Event> out;
    d.journal().for_each("0000-00", "9999-99", [&](const Event& e) { out.push_back(e); });
    return out;
}

Session session_as(const DemoShare& d, const std::string& login) {
    Identity me = d.me;
    me.login = login;
    return Session(d.share, me);
}

std::vector<std::string> ids(const std::vector<Inquiry>& inquiries) {
    std::vector<std::string> out;
    for (const auto& q : inquiries) out.push_back(q.id);
    return out;
}

}  // namespace

TEST_CASE("calls: Inquiry::to_json then from_event gives the same inquiry") {
    const Inquiry q = full_inquiry();
    const json j = q.to_json();
    CHECK(j["id"] == "2026-5");
    CHECK(j["client"] == 17);
    CHECK(j["new_client"] == true);
    CHECK(j["products"][0] == json{{"sku", "ПК-50"}, {"qty", 2}, {"answer", "partial"}, {"text", "в наличии 1 шт из 2: Склад ГП Тюмень — 1"}});

    const Inquiry back = Inquiry::from_event(event_of(q));
    CHECK(back.to_json() == j);  // every field of the data object
    CHECK(back.time.iso() == q.time.iso());
    CHECK(back.login == "ivanova");
    REQUIRE(back.products.size() == 2);
    CHECK(back.products[1].sku == "ГВ-12");
    CHECK(back.products[1].qty == 0);
}

TEST_CASE("calls: from_event fills what an older or shorter row leaves out") {
    Event e;
    e.kind = "call.visit";
    e.object = "call:2026-9";
    e.time = DateTime::parse("2026-11-27T11:00:00", "time");
    e.login = "petrov";
    e.data = {{"id", "2026-9"}, {"client", 3}, {"phone", 79123456789LL}};
    Inquiry q = Inquiry::from_event(e);
    CHECK(q.channel == "visit");  // from the kind
    CHECK(q.client == 3);
    CHECK_FALSE(q.new_client);
    CHECK(q.phone.empty());  // not a string: nothing rather than a guess
    CHECK(q.products.empty());
    CHECK(q.outcome.empty());
}

TEST_CASE("calls: a row whose data is not an inquiry is Error(data) at the row's FILE:LINE") {
    Event e = event_of(full_inquiry());
    const std::vector<json> bad = {
        json::array(),                                           // not an object
        json{{"client", 17}},                                    // no id
        json{{"id", "2026-5"}, {"client", "17"}},                // a number as text
        json{{"id", "2026-5"}, {"new_client", "да"}},
        json{{"id", "2026-5"}, {"products", {"ПК-50"}}},         // a product that is not an object
        json{{"id", "2026-5"}, {"products", {{{"sku", "ПК-50"}, {"qty", "2"}}}}},
    };
    for (const auto& data : bad) {
        CAPTURE(data.dump());
        e.data = data;
        auto f = failure_of([&] { Inquiry::from_event(e); });
        CHECK(f.code == Errc::data);
        CHECK(f.file == "Журнал/2026-11/ivanova@pc-12.csv");
        CHECK(f.line == 7);
        CHECK(f.message.find("call:2026-5") != std::string::npos);
    }
}

TEST_CASE("calls: load_inquiries reads the call rows of a date range, in time order") {
    DemoShare d;
    record_at(d, "2026-10-31T23:59:59", "new", "октябрь");
    record_at(d, "2026-11-01T00:00:00", "email", "первое ноября");
    append(d, "2026-11-02T09:00:00", "client.add", "client:5", {{"name", "не обращение"}});
    record_at(d, "2026-11-30T23:59:59", "visit", "последнее ноября");
    record_at(d, "2026-11-15T12:00:00", "existing", "середина ноября");  // recorded late: still in time order
    record_at(d, "2026-12-01T00:00:00", "site", "декабрь");

    const Journal j = d.journal();
    std::vector<Inquiry> nov = load_inquiries(d.store, Date{2026, 11, 1}, Date{2026, 11, 30});
    REQUIRE(nov.size() == 3);
    CHECK(nov[0].client_name == "первое ноября");
    CHECK(nov[0].channel == "email");
    CHECK(nov[1].client_name == "середина ноября");
    CHECK(nov[2].client_name == "последнее ноября");
    CHECK(load_inquiries(d.store, Date{2026, 11, 15}, Date{2026, 11, 15}).size() == 1);
    CHECK(load_inquiries(d.store, Date{2026, 10, 1}, Date{2026, 12, 31}).size() == 5);
    CHECK(load_inquiries(d.store, Date{2027, 1, 1}, Date{2027, 12, 31}).empty());

    // A call row that is not an inquiry fails the load, naming its segment and line.
    append(d, "2026-11-20T10:00:00", "call.new", "call:2026-99", {{"client", 1}});
    auto f = failure_of([&] { load_inquiries(d.store, Date{2026, 11, 1}, Date{2026, 11, 30}); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == j.segment_path("2026-11").string());
    CHECK(f.line == 6);  // the header, then five rows of November
}

TEST_CASE("calls: find_inquiry by its id, through the month its number was claimed") {
    DemoShare d;
    record_at(d, "2026-01-10T10:00:00", "new", "январь");
    record_at(d, "2026-05-31T23:59:59", "new", "май");
    const Journal j = d.journal();

    auto q = find_inquiry(d.store, "2026-2");
    REQUIRE(q);
    CHECK(q->client_name == "май");
    CHECK(q->id == "2026-2");
    q = find_inquiry(d.store, "call:2026-1");
    REQUIRE(q);
    CHECK(q->client_name == "январь");

    // The number claimed a moment after midnight, the row still dated the last month.
    {
        ScopedEnv now{"GEFEST_NOW", "2026-07-01T00:00:01"};
        NumberClaim claim = claim_number(d.share.numbers_of("call", 2026), d.me, "call.new");
        CHECK(claim.number() == 3);
        claim.commit();
    }
    append(d, "2026-06-30T23:59:59", "call.new", "call:2026-3", {{"id", "2026-3"}, {"client_name", "июнь"}});
    q = find_inquiry(d.store, "2026-3");
    REQUIRE(q);
    CHECK(q->client_name == "июнь");

    // Without its claim the whole year is read.
    fs::remove(d.share.numbers_of("call", 2026) / "2");
    q = find_inquiry(d.store, "2026-2");
    REQUIRE(q);
    CHECK(q->client_name == "май");

    CHECK_FALSE(find_inquiry(d.store, "2026-4"));  // not recorded
    CHECK_FALSE(find_inquiry(d.store, "2025-1"));
    for (const char* bad : {"", "2026", "2026-", "26-1", "2026-x", "2026-1-2", "call:", "2026 -1", "2026-99999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(find_inquiry(d.store, bad));
    }
    CHECK(ids(load_inquiries(d.store, Date{2026, 1, 1}, Date{2026, 12, 31})) == std::vector<std::string>{"2026-1", "2026-2", "2026-3"});
}

TEST_CASE("calls: require_source takes a listed source in its spelling, or «Другое: text»") {
    const Settings s = parse_settings(fsio::read_file(GEFEST_DATA "/demo/gefest.toml"), "gefest.toml");
    CHECK(require_source(s, " выставка ") == "Выставка");
    CHECK(require_source(s, "другое:сосед посоветовал") == "Другое: сосед посоветовал");
    CHECK(require_source(s, "Другое : сосед") == "Другое: сосед");
    for (const char* bad : {"", "  ", "Другое", "другое:", "Радио"}) {
        CAPTURE(bad);
        CHECK(failure_of([&] { require_source(s, bad); }).code == Errc::usage);
    }
}

TEST_CASE("events: a call row carries every field, set or not, and reads back the same") {
    events::CallInquiry row;
    row.id = "2026-5";
    row.products = {{"ПК-50", 0, "in_stock", "в наличии"}};
    const json j = row;
    CHECK(j.size() == 18);
    CHECK(j["client"] == 0);
    CHECK(j["new_client"] == false);
    CHECK(j["note"] == "");
    CHECK(j["products"].dump() == R"([{"answer":"in_stock","qty":0,"sku":"ПК-50","text":"в наличии"}])");
    const auto back = j.get<events::CallInquiry>();
    CHECK(back.id == "2026-5");
    CHECK(back.products == row.products);
    CHECK(json{{"id", "2026-6"}}.get<events::CallInquiry>().products.empty());  // an older, shorter row
}

TEST_CASE("call_new: a new client's call records the client and the inquiry; a refusal or a bad value writes nothing") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    Session office = session_as(d, "ivanova");
    CallOptions o;
    o.phone = "8 912 345-67-89";
    o.name = "Иван Петров";
    o.source = " выставка ";
    o.products = {"ПК-50:2"};
    const CallTaken t = call_new(office, o);
    CHECK(t.inquiry.id == "2026-1");
    CHECK(t.inquiry.channel == "new");
    CHECK(t.inquiry.new_client);
    CHECK(t.inquiry.source == "Выставка");
    CHECK(t.inquiry.manager == "petrov");
    CHECK(t.inquiry.taken_by == "ivanova");
    CHECK(t.manager_phone_ext == "111");
    CHECK_FALSE(t.how_to_order.empty());
    REQUIRE(t.answers.size() == 1);
    CHECK(t.answers[0].sku == "ПК-50");
    std::vector<Event> written = rows(d);
    REQUIRE(written.size() == 2);
    CHECK(written[0].kind == "client.add");
    const auto added = events::read_event<events::ClientAdd>(written[0]);
    CHECK(added.call == "2026-1");
    CHECK(added.routing == "round_robin");
    CHECK(added.phones == "+79123456789");
    CHECK(written[1].kind == "call.new");
    CHECK(written[1].object == "call:2026-1");
    CHECK(Inquiry::from_event(written[1]).to_json() == t.inquiry.to_json());

    // The same phone again is the known client's call: no second client, no client.add.
    o.name = "Иван";
    const CallTaken again = call_new(office, o);
    CHECK(again.inquiry.channel == "existing");
    CHECK(again.inquiry.client == t.inquiry.client);
    CHECK(rows(d).size() == 3);

    Session warehouse = session_as(d, "sklad");
    CHECK(failure_of([&] { call_new(warehouse, o); }).code == Errc::refused);
    o.phone = "12-34";
    CHECK(failure_of([&] { call_new(office, o); }).code == Errc::data);
    o.phone = "9120000001";
    o.products = {"НЕТ-1"};
    CHECK(failure_of([&] { call_new(office, o); }).code == Errc::not_found);
    CHECK(rows(d).size() == 3);
}

TEST_CASE("call_existing, call_request and call_list") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    Session office = session_as(d, "ivanova");
    CallOptions o;
    CHECK(failure_of([&] { call_existing(office, o); }).code == Errc::usage);
    o.client = "abc";
    CHECK(failure_of([&] { call_existing(office, o); }).code == Errc::usage);
    o.client = "2";
    const CallTaken t = call_existing(office, o);
    CHECK(t.inquiry.channel == "existing");
    CHECK(t.inquiry.client == 2);
    CHECK(t.how_to_order.empty());

    Session manager = session_as(d, "petrov");
    CallOptions r;
    r.call = t.inquiry.id;
    r.items = {"ГВ-12:1"};
    const CallTaken app = call_request(manager, r);
    CHECK(app.inquiry.ref == t.inquiry.id);
    CHECK(app.inquiry.client == 2);
    CHECK(app.inquiry.outcome == "application");
    r.call = "2026-99";
    CHECK(failure_of([&] { call_request(manager, r); }).code == Errc::not_found);

    CallListOptions l;
    CHECK(ids(call_list(office, l)) == std::vector<std::string>{"2026-1", "2026-2"});
    l.channel = "request";
    CHECK(ids(call_list(office, l)) == std::vector<std::string>{"2026-2"});
    l.channel = "fax";
    CHECK(failure_of([&] { call_list(office, l); }).code == Errc::usage);
}
