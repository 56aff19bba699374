// The client base: the register's text as gefest and Excel write it, the rules of a
// client's fields, look-ups, duplicates, merges and routing; the client.* journal rows;
// and the `gefest client` functions (client_commands.h) on a copy of the demo share.
#include "procedure/clients.h"
#include "procedure/client_commands.h"

#include <doctest/doctest.h>

#include "base/encoding.h"
#include "base/error.h"
#include "demo_share.h"
#include "failure.h"
#include "formats/registers.h"
#include "procedure/events/clients.h"

using namespace gefest;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;

namespace {

const std::string bom = "\xEF\xBB\xBF";
const std::string header =
    "Код;Наименование;Форма;ИНН;КПП;ОГРН;Телефоны;E-mail;Город;Адрес;Контактное лицо;Менеджер;Источник рекламы;"
    "Дата добавления;Примечание\r\n";

// What gefest writes for two clients.
const std::string written = bom + header +
                            "1;ООО «Ромашка»;ООО;7707083893;770701001;1027700132195;'+79123456789, +73452501234;"
                            "info@romashka.ru;Тюмень;\"625000, г. Тюмень; ул. Ленина, 1\";Иванов Иван;petrov;Выставка;2026-11-27;\r\n"
                            "2;ИП Сёмин Пётр;ИП;;;;+79220001122;;Ишим;;;sidorova;Другое: радио;2026-11-20;\"звонить после 14:00\nпо будням\"\r\n";

std::string data_error(const std::string& text) {
    try {
        ClientBase::parse(text, "База клиентов.csv");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.where_and_what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

std::string validation_error(const Client& c) {
    try {
        validate_client(c);
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

Client client(std::int64_t id, std::string name) {
    Client c;
    c.id = id;
    c.name = std::move(name);
    return c;
}

StaffMember member(std::string login, std::vector<std::string> roles) {
    StaffMember m;
    m.login = std::move(login);
    m.name = m.login;
    m.roles = std::move(roles);
    return m;
}

}  // namespace

TEST_CASE("client fields follow the register's columns") {
    const auto& cols = registers::client_columns();
    REQUIRE(client_fields().size() + 1 == cols.size());
    for (std::size_t i = 0; i < client_fields().size(); ++i) CHECK(client_fields()[i].column == cols[i + 1]);
}

TEST_CASE("parse: what gefest wrote reads back and writes back byte for byte") {
    ClientBase base = ClientBase::parse(written, "База клиентов.csv");
    REQUIRE(base.clients().size() == 2);
    const Client& a = base.clients()[0];
    CHECK(a.id == 1);
    CHECK(a.name == "ООО «Ромашка»");
    CHECK(a.phones == std::vector<std::string>{"+79123456789", "+73452501234"});
    CHECK(a.address == "625000, г. Тюмень; ул. Ленина, 1");
    CHECK(a.line == 2);
    const Client& b = base.clients()[1];
    CHECK(b.notes == "звонить после 14:00\nпо будням");
    CHECK(b.line == 3);
    CHECK(base.to_csv() == written);
    CHECK(ClientBase::parse(base.to_csv(), "x").to_csv() == written);
}

TEST_CASE("parse: an Excel ru-RU save in windows-1251 with reordered and extra columns") {
    // Excel's «CSV (разделители - точки с запятой)»: cp1251, no BOM, CRLF; the person
    // moved «Телефоны» to the front, added a column of their own, and Excel rewrote
    // the date and the phone's spelling as people type it.
    std::string utf8 =
        "Телефоны;Код;Наименование;Скидка;Форма;ИНН;КПП;ОГРН;E-mail;Город;Адрес;Контактное лицо;Менеджер;"
        "Источник рекламы;Дата добавления;Примечание\r\n"
        "8 (912) 345-67-89;7;ООО «Ромашка»;5%;ООО;7707083893;770701001;;Info@Romashka.RU;Тюмень;;;petrov;Выставка;"
        "27.11.2026;постоянный клиент №1\r\n";
    std::string cp1251 = encoding::from_utf8(utf8, "windows-1251");
    ClientBase base = ClientBase::parse(cp1251, "База клиентов.csv");
    REQUIRE(base.clients().size() == 1);
    const Client& c = base.clients()[0];
    CHECK(c.id == 7);
    CHECK(c.name == "ООО «Ромашка»");
    CHECK(c.phones == std::vector<std::string>{"+79123456789"});
    CHECK(c.email == "info@romashka.ru");
    CHECK(c.added == "2026-11-27");
    CHECK(c.notes == "постоянный клиент №1");
    REQUIRE(base.extra_columns() == std::vector<std::string>{"Скидка"});
    CHECK(c.extra == std::vector<std::string>{"5%"});

    // Written back: the person's column order and column kept, normalised values, UTF-8.
    std::string out = base.to_csv();
    CHECK(out == bom +
                     "Телефоны;Код;Наименование;Скидка;Форма;ИНН;КПП;ОГРН;E-mail;Город;Адрес;Контактное лицо;Менеджер;"
                     "Источник рекламы;Дата добавления;Примечание\r\n"
                     "+79123456789;7;ООО «Ромашка»;5%;ООО;7707083893;770701001;;info@romashka.ru;Тюмень;;;petrov;Выставка;"
                     "2026-11-27;постоянный клиент №1\r\n");
    CHECK(ClientBase::parse(out, "x").to_csv() == out);

    // A new client gets an empty cell in the extra column.
    base.add(client(8, "Новый"));
    CHECK(base.to_csv().ends_with("\r\n;8;Новый;;;;;;;;;;;;;\r\n"));
}

TEST_CASE("parse: a comma-separated UTF-8 file with LF and no BOM") {
    std::string text =
        "Код,Наименование,Форма,ИНН,КПП,ОГРН,Телефоны,E-mail,Город,Адрес,Контактное лицо,Менеджер,Источник рекламы,"
        "Дата добавления,Примечание\n"
        "3,Иванов,,,,,\"+7 912 345 67 89; 83452501234\",,,,,,,,\n";
    ClientBase base = ClientBase::parse(text, "x");
    REQUIRE(base.clients().size() == 1);
    CHECK(base.clients()[0].phones == std::vector<std::string>{"+79123456789", "+73452501234"});
}

TEST_CASE("parse: hand-edit mistakes are reported at FILE:LINE") {
    auto row = [](const std::string& cells) { return bom + header + "1;ООО «Ромашка»;;;;;;;;;;;;;\r\n" + cells + "\r\n"; };
    CHECK(data_error(row("2;Иванов;;7707083894;;;;;;;;;;;")) == "База клиентов.csv:3: ИНН '7707083894': wrong check digit");
    CHECK(data_error(row("2;Иванов;;;7707;;;;;;;;;;")).starts_with("База клиентов.csv:3: КПП '7707': "));
    CHECK(data_error(row("2;Иванов;;;;1027700132194;;;;;;;;;")).starts_with("База клиентов.csv:3: ОГРН '1027700132194': "));
    CHECK(data_error(row("2;Иванов;;;;;12-34;;;;;;;;")) ==
          "База клиентов.csv:3: phone '12-34': not a Russian phone number (+7 and 10 digits)");
    CHECK(data_error(row("2;Иванов;;;;;;ivanov@;;;;;;;")) == "База клиентов.csv:3: e-mail 'ivanov@': not an e-mail address");
    CHECK(data_error(row("2;Иванов;;;;;;;;;;;;31.02.2026;")).starts_with("База клиентов.csv:3: Дата добавления '31.02.2026'"));
    CHECK(data_error(row("2;;;;;;;;;;;;;;")) == "База клиентов.csv:3: client name is empty");
    CHECK(data_error(row("1;Иванов;;;;;;;;;;;;;")) == "База клиентов.csv:3: client number 1 is used twice (also on line 2)");
    CHECK(data_error(row(";Иванов;;;;;;;;;;;;;")).starts_with("База клиентов.csv:3: 'Код' is empty"));
    CHECK(data_error(row("два;Иванов;;;;;;;;;;;;;")) == "База клиентов.csv:3: 'Код' 'два': not a client number");
    CHECK(data_error(row("2;Иванов;;;;;;;;;;;;")) == "База клиентов.csv:3: expected 15 fields, found 14");
    // Excel's General format: long numbers in scientific notation, leading zeros dropped.
    CHECK(data_error(row("2;Иванов;;7,20501E+11;;;;;;;;;;;")) ==
          "База клиентов.csv:3: ИНН '7,20501E+11': Excel changed this number; format the column as text and type the value again");
    CHECK(data_error(row("2;Иванов;;;;;7,91235E+10;;;;;;;;")).find("Excel changed this number") != std::string::npos);
    CHECK(data_error(row("2;Иванов;;;;1,0277E+12;;;;;;;;;")).find("ОГРН '1,0277E+12': Excel changed this number") != std::string::npos);
    // A lost zero nothing proves (no ИНН of that tax office) is named with the fix.
    CHECK(data_error(row("2;Иванов;;;10501001;;;;;;;;;;")).find("leading zeros lost? it would be valid as '010501001'") !=
          std::string::npos);
    // A column deleted by hand.
    CHECK(data_error(bom + "Код;Наименование\r\n1;А\r\n") == "База клиентов.csv:1: column 'Форма' is missing");
}

TEST_CASE("parse: an ИНН and КПП that lost their leading zero in Excel are restored and listed") {
    // Excel opened the register by double-click: "0105012349" became the number 105012349,
    // "010501001" became 10501001; the check digits and the ИНН's tax office prove the zero.
    const std::string text = bom + header + "1;ООО «Майкоп»;ООО;105012349;10501001;;89123456789;;;;;;;27.11.2026 0:00;\r\n" +
                             "2;ИП Гонов;ИП;10712345682;;;9123456780;;;;;;;;\r\n";
    ClientBase base = ClientBase::parse(text, "База клиентов.csv");
    REQUIRE(base.clients().size() == 2);
    CHECK(base.clients()[0].inn == "0105012349");
    CHECK(base.clients()[0].kpp == "010501001");
    CHECK(base.clients()[0].added == "2026-11-27");
    CHECK(base.clients()[0].phones == std::vector<std::string>{"+79123456789"});  // 8… and +7 lost: normalised anyway
    CHECK(base.clients()[1].inn == "010712345682");
    CHECK(base.clients()[1].phones == std::vector<std::string>{"+79123456780"});
    REQUIRE(base.repairs().size() == 3);
    CHECK(base.repairs()[0].id == 1);
    CHECK(base.repairs()[0].line == 2);
    CHECK(base.repairs()[0].key == "inn");
    CHECK(base.repairs()[0].from == "105012349");
    CHECK(base.repairs()[0].to == "0105012349");
    CHECK(base.repairs()[1].key == "kpp");
    CHECK(base.repairs()[2].id == 2);
    CHECK(base.to_csv().find(";0105012349;010501001;") != std::string::npos);

    // One row per client, both fields in it.
    auto rows = repair_rows("Отдел продаж/База клиентов.csv", base.repairs());
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].first == "client:1");
    CHECK(rows[0].second.name == "ООО «Майкоп»");
    CHECK(rows[0].second.file == "Отдел продаж/База клиентов.csv");
    CHECK(rows[0].second.line == 2);
    CHECK(rows[0].second.changed.at("inn").to == "0105012349");
    CHECK(rows[0].second.changed.at("kpp").from == "10501001");
    CHECK(rows[1].second.changed.at("inn").from == "10712345682");

    // What gefest writes reads with nothing to restore.
    CHECK(ClientBase::parse(base.to_csv(), "x").repairs().empty());
}

TEST_CASE("to_csv: formula-like cells are neutralised and read back exactly") {
    ClientBase base;
    Client c = client(1, "=HYPERLINK(\"http://evil\")");
    c.notes = "'=already quoted";
    c.contact = "-Петров";
    c.address = "+5";  // a plain number stays a number
    base.add(c);
    std::string out = base.to_csv();
    CHECK(out.find(";\"'=HYPERLINK(\"\"http") != std::string::npos);
    CHECK(out.find(";''=already quoted") != std::string::npos);
    CHECK(out.find(";'-Петров;") != std::string::npos);
    CHECK(out.find(";+5;") != std::string::npos);
    ClientBase back = ClientBase::parse(out, "x");
    const Client& r = back.clients()[0];
    CHECK(r.name == c.name);
    CHECK(r.notes == c.notes);
    CHECK(r.contact == c.contact);
    CHECK(r.address == c.address);
    CHECK(back.to_csv() == out);
}

TEST_CASE("validate_client") {
    Client c = client(1, "ООО «Ромашка»");
    CHECK_NOTHROW(validate_client(c));
    c.inn = "7707083894";
    CHECK(validation_error(c) == "ИНН '7707083894': wrong check digit");
    c.inn = "500100732259";  // a valid 12-digit ИНН of an individual
    CHECK_NOTHROW(validate_client(c));
    c.ogrn = "304500116000157";  // ОГРНИП
    CHECK_NOTHROW(validate_client(c));
    c.ogrn = "304500116000158";
    CHECK(validation_error(c).starts_with("ОГРН '304500116000158': "));
    c.ogrn.clear();
    c.phones = {"8 912 345-67-89"};  // not normalised: set_client_field does that
    CHECK(validation_error(c) == "phone '8 912 345-67-89': not normalised (+7XXXXXXXXXX)");
    c.phones = {"+79123456789"};
    c.email = "Ivanov@Mail.ru";
    CHECK(validation_error(c) == "e-mail 'Ivanov@Mail.ru': not normalised (lower case)");
    c.email = "ivanov@mail.ru, petrov@mail.ru";
    CHECK_NOTHROW(validate_client(c));
    c.name = "  ";
    CHECK(validation_error(c) == "client name is empty");
}

TEST_CASE("set_client_field normalises and rejects the unnormalisable") {
    Client c;
    set_client_field(c, "phones", "8 (912) 345-67-89, +7 3452 50-12-34; 89123456789");
    CHECK(c.phones == std::vector<std::string>{"+79123456789", "+73452501234"});
    CHECK(client_field(c, "phones") == "+79123456789, +73452501234");
    set_client_field(c, "email", " Info@Romashka.RU;sales@romashka.ru ");
    CHECK(c.email == "info@romashka.ru, sales@romashka.ru");
    CHECK(c.emails() == std::vector<std::string>{"info@romashka.ru", "sales@romashka.ru"});
    set_client_field(c, "added", "01.12.2026");
    CHECK(c.added == "2026-12-01");
    try {
        set_client_field(c, "phones", "доб. 12");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(std::string(e.what()) == "phone 'доб. 12': not a Russian phone number (+7 and 10 digits)");
    }
    CHECK_THROWS_AS(set_client_field(c, "colour", "red"), Error);
    Client d = c;
    set_client_field(d, "city", "Омск");
    auto changes = changed_fields(c, d);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].key == "city");
    CHECK(changes[0].to == "Омск");
}

TEST_CASE("duplicates by phone, e-mail and ИНН") {
    ClientBase base = ClientBase::parse(written, "x");
    Client n = client(0, "Другая Ромашка");
    CHECK_FALSE(base.find_duplicate(n));
    n.phones = {"+73452501234"};
    auto d = base.find_duplicate(n);
    REQUIRE(d);
    CHECK(d->client->id == 1);
    CHECK(d->field == "phone");
    CHECK(d->value == "+73452501234");
    n.phones.clear();
    n.email = "info@romashka.ru";
    CHECK(base.find_duplicate(n)->field == "e-mail");
    n.email.clear();
    n.inn = "7707083893";
    CHECK(base.duplicate_of(n) == base.by_id(1));
    // A client is no duplicate of itself (edit).
    CHECK_FALSE(base.find_duplicate(*base.by_id(1)));
    CHECK(base.by_phone("8 (922) 000-11-22") == base.by_id(2));
    CHECK(base.by_phone("garbage") == nullptr);
    CHECK(base.by_email("INFO@romashka.ru") == base.by_id(1));
    CHECK(base.by_inn("7707083893") == base.by_id(1));
    CHECK(base.by_inn("") == nullptr);
}

TEST_CASE("find: case-insensitive, Cyrillic, ё as е, phone digits") {
    ClientBase base = ClientBase::parse(written, "x");
    auto ids = [&](std::string_view q) {
        std::vector<std::int64_t> out;
        for (const Client* c : base.find(q)) out.push_back(c->id);
        return out;
    };
    using V = std::vector<std::int64_t>;
    CHECK(ids("ромашка") == V{1});
    CHECK(ids("РОМАШКА") == V{1});
    CHECK(ids("семин") == V{2});   // «Сёмин»
    CHECK(ids("СЁМИН") == V{2});
    CHECK(ids("тюмень") == V{1});   // city
    CHECK(ids("иванов") == V{1});   // contact
    CHECK(ids("ROMASHKA.RU") == V{1});
    CHECK(ids("7707083893") == V{1});
    CHECK(ids("345-67") == V{1});   // phone digits
    CHECK(ids("8 922 000") == V{2});  // 8… is +7…
    CHECK(ids("+7 (922) 000-11-22") == V{2});
    CHECK(ids("ишим") == V{2});
    CHECK(ids("нет такого") == V{});
    CHECK(ids("") == V{1, 2});
    CHECK(fold_case("ЁЖИК Ёлка AbC") == "ежик елка abc");
}

TEST_CASE("add, update, remove in memory") {
    ClientBase base;
    base.add(client(1, "А"));
    CHECK_THROWS_AS(base.add(client(1, "Б")), Error);
    CHECK_THROWS_AS(base.add(client(0, "Б")), Error);
    Client a = *base.by_id(1);
    a.city = "Омск";
    base.update(a);
    CHECK(base.by_id(1)->city == "Омск");
    CHECK_THROWS_AS(base.update(client(5, "Нет")), Error);
    base.remove(1);
    CHECK(base.clients().empty());
    CHECK(ClientBase::parse(base.to_csv(), "x").clients().empty());
    CHECK(base.to_csv() == bom + header);
}

TEST_CASE("merged ids resolve to the client they were merged into") {
    ClientBase base = ClientBase::parse(written, "x");
    Client a = *base.by_id(1);
    Client gone = client(9, "Ромашка (дубль)");
    a.notes = "старый клиент\n" + merge_note(gone, "2026-11-27");
    CHECK(a.notes.ends_with("Объединен с №9 (Ромашка (дубль)), 2026-11-27"));
    base.update(a);
    CHECK(merged_ids(*base.by_id(1)) == std::vector<std::int64_t>{9});
    CHECK(resolve_client_id(base, 9) == 1);
    CHECK(resolve_client_id(base, 2) == 2);
    CHECK(resolve_client_id(base, 77) == 0);
    CHECK(&require_client(base, 9) == base.by_id(1));
    try {
        require_client(base, 77);
        FAIL("found");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::not_found);
    }
}

TEST_CASE("route_new_client: round robin and least loaded") {
    Staff staff;
    staff.members = {member("boss", {"head_of_sales"}), member("petrov", {"sales_manager"}), member("ivanova", {"office_manager"}),
                     member("sidorova", {"sales_manager"}), member("orlov", {"sales_manager"})};
    staff.members[4].active = false;  // left the company
    Settings settings;
    ClientBase base;

    settings.routing = "round_robin";
    RoutingState turn;
    CHECK(route_new_client(base, staff, default_process(), settings, turn) == "petrov");
    CHECK(route_new_client(base, staff, default_process(), settings, turn) == "sidorova");
    CHECK(route_new_client(base, staff, default_process(), settings, turn) == "petrov");
    RoutingState gone("orlov");  // the last one assigned has left: start from the first
    CHECK(route_new_client(base, staff, default_process(), settings, gone) == "petrov");

    settings.routing = "least_loaded";
    Client c = client(1, "А");
    c.manager = "petrov";
    base.add(c);
    RoutingState t2("sidorova");
    CHECK(route_new_client(base, staff, default_process(), settings, t2) == "sidorova");  // 0 clients beats 1
    c = client(2, "Б");
    c.manager = "sidorova";
    base.add(c);
    CHECK(route_new_client(base, staff, default_process(), settings, t2) == "petrov");  // a tie: the one after the last
    CHECK(t2.last() == "petrov");

    settings.routing = "by_lottery";
    CHECK_THROWS_AS(route_new_client(base, staff, default_process(), settings, t2), Error);
    staff.members[1].active = staff.members[3].active = false;
    settings.routing = "round_robin";
    try {
        route_new_client(base, staff, default_process(), settings, t2);
        FAIL("routed");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::state);
    }
}

TEST_CASE("normalize_source and check_manager") {
    Settings s;
    s.sources = {"Выставка", "Сайт компании", "Другое"};
    CHECK(normalize_source(s, " выставка ") == "Выставка");
    CHECK(normalize_source(s, "другое: радио") == "Другое: радио");
    CHECK(normalize_source(s, "Другое") == "Другое");
    CHECK(normalize_source(s, "") == "");
    CHECK(normalize_source(s, "радио", true) == "Другое: радио");
    CHECK_THROWS_AS(normalize_source(s, "радио"), Error);

    Staff staff;
    staff.members = {member("petrov", {"sales_manager"}), member("kuznetsov", {"head_of_planning"})};
    CHECK_NOTHROW(check_manager(default_process(), staff, "petrov"));
    try {
        check_manager(default_process(), staff, "kuznetsov");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::usage);
        CHECK(std::string(e.what()) == "'kuznetsov' is not a sales manager; sales managers: petrov");
    }
    try {
        check_manager(default_process(), staff, "nobody");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::not_found);
    }
}

namespace {

std::vector<Event> journal_rows(const DemoShare& d) {
    std::vector<Event> out;
    d.journal().for_each("0000-00", "9999-99", [&](const Event& e) { out.push_back(e); });
    return out;
}

Session session_as(const DemoShare& d, const std::string& login) {
    Identity me = d.me;
    me.login = login;
    return Session(d.share, me);
}

}  // namespace

TEST_CASE("events: client rows hold the set fields; a change holds both sides") {
    Client c = client(7, "ООО «Ромашка»");
    c.phones = {"+79123456789", "+73452501234"};
    c.manager = "petrov";
    c.added = "2026-11-27";
    events::ClientAdd add = client_add_row(c);
    add.routing = "round_robin";
    Event e = events::make_event(add, client_object(c.id));
    CHECK(e.kind == "client.add");
    CHECK(e.object == "client:7");
    CHECK(e.data.dump() ==
          R"({"added":"2026-11-27","manager":"petrov","name":"ООО «Ромашка»","phones":"+79123456789, +73452501234","routing":"round_robin"})");
    CHECK(events::read_event<events::ClientAdd>(e).phones == "+79123456789, +73452501234");
    CHECK_FALSE(events::read_event<events::ClientAdd>(e).force);

    Client after = c;
    after.city = "Тюмень";
    events::ClientEdit edit{"ООО «Ромашка»", change_rows(changed_fields(c, after))};
    e = events::make_event(edit, client_object(c.id));
    CHECK(e.data.dump() == R"({"changed":{"city":{"from":"","to":"Тюмень"}},"name":"ООО «Ромашка»"})");
    CHECK(events::read_event<events::ClientEdit>(e).changed.at("city") == events::ClientChange{"", "Тюмень"});

    events::ClientMerge merge;
    merge.name = "ООО «Ромашка»";
    merge.kept = 7;
    merge.gone = 9;
    merge.gone_name = "Ромашка";
    e = events::make_event(merge, client_object(7));
    CHECK(e.kind == "client.merge");
    CHECK(events::read_event<events::ClientMerge>(e).gone == 9);
    CHECK(events::make_event(events::ClientAssign{}, "client:7").kind == "client.assign");
}

TEST_CASE("client_add, client_edit, client_assign, client_merge: step 5.2.6, values checked first, one row each") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    Session office = session_as(d, "ivanova");
    ClientAddOptions a;
    a.name = "ООО «Тест»";
    a.phones = {"8 912 000-00-01"};
    a.notes = {"первая", "вторая"};
    const ClientSaved s = client_add(office, a);
    CHECK(s.client.notes == "первая\nвторая");
    CHECK(s.routing == "round_robin");
    CHECK(s.client.manager == "petrov");  // the first sales manager's turn
    REQUIRE(s.manager);
    CHECK(s.manager->phone_ext == "111");
    std::vector<Event> rows = journal_rows(d);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].data["routing"] == "round_robin");

    CHECK(failure_of([&] { client_add(office, a); }).code == Errc::state);  // the same phone
    a.phones = {"12-34"};
    CHECK(failure_of([&] { client_add(office, a); }).code == Errc::data);
    a.phones = {};
    a.manager = "ivanova";
    CHECK(failure_of([&] { client_add(office, a); }).message == "'ivanova' is not a sales manager; sales managers: petrov, sidorova");
    Session warehouse = session_as(d, "sklad");
    CHECK(failure_of([&] { client_add(warehouse, a); }).code == Errc::refused);
    CHECK(journal_rows(d).size() == 1);

    ClientEditOptions e;
    e.id = s.client.id;
    CHECK(failure_of([&] { client_edit(office, e); }).code == Errc::usage);
    e.city = "Тюмень";
    CHECK(client_edit(office, e).changed == std::vector<std::string>{"city"});
    CHECK(client_edit(office, e).changed.empty());  // nothing changed, nothing recorded

    const ClientAssigned as = client_assign(office, {s.client.id, "sidorova"});
    CHECK(as.changed);
    CHECK(as.saved.client.manager == "sidorova");
    CHECK_FALSE(client_assign(office, {s.client.id, "sidorova"}).changed);

    const MergeResult m = client_merge(office, {s.client.id, 5});
    CHECK(m.kept.id == 5);
    CHECK(m.gone.id == s.client.id);
    CHECK(client_show(office, {s.client.id}).id == 5);
    rows = journal_rows(d);
    std::vector<std::string> kinds;
    for (const auto& r : rows) kinds.push_back(r.kind);
    CHECK(kinds == std::vector<std::string>{"client.add", "client.edit", "client.assign", "client.merge"});
    CHECK(rows.back().object == "client:5");
}

TEST_CASE("client commands: an ИНН Excel stripped of its zero no longer blocks them; the write restores it, journaled") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:00:00"};
    const std::filesystem::path file = d.store.where({Record::clients});
    std::string text = fsio::read_file(file);
    const std::string valid = ";7203145879;720301001;", damaged = ";105012349;10501001;";
    REQUIRE(text.find(valid) != std::string::npos);
    text.replace(text.find(valid), valid.size(), damaged);
    fsio::write_atomic(file, text);

    Session office = session_as(d, "ivanova");
    CHECK(client_show(office, {1}).inn == "0105012349");  // read restored; nothing written by a reader
    CHECK(fsio::read_file(file).find(damaged) != std::string::npos);
    CHECK(journal_rows(d).empty());

    ClientEditOptions e;
    e.id = 1;
    e.city = "Ишим";
    CHECK(client_edit(office, e).changed == std::vector<std::string>{"city"});  // the restoration is not the edit
    CHECK(fsio::read_file(file).find(";0105012349;010501001;") != std::string::npos);
    const std::vector<Event> rows = journal_rows(d);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].kind == "client.repair");
    CHECK(rows[0].object == "client:1");
    const auto repair = events::read_event<events::ClientRepair>(rows[0]);
    CHECK(repair.changed.at("inn").from == "105012349");
    CHECK(repair.changed.at("inn").to == "0105012349");
    CHECK(repair.changed.at("kpp").to == "010501001");
    CHECK(repair.line == 2);
    CHECK(rows[1].kind == "client.edit");
    CHECK(client_edit(office, e).changed.empty());
    CHECK(journal_rows(d).size() == 2);  // restored once
}

TEST_CASE("client_find and client_list") {
    DemoShare d;
    Session office = session_as(d, "ivanova");
    CHECK_FALSE(client_find(office, {"тюмень"}).empty());
    CHECK(failure_of([&] { client_find(office, {"zzzzzz"}); }).code == Errc::not_found);
    for (const auto& c : client_list(office, {"sidorova", ""})) CHECK(c.manager == "sidorova");
    CHECK(client_list(office, {}).size() == load_clients(d.share, d.me).clients().size());
}
