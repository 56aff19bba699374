// ShareStore (store/share_store.h): each Store call against a temporary share — numbers,
// records read and changed under their lock, keys kept once, events appended and read by
// month — and the layout, which follows gefest.toml [paths].
#include "store/share_store.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/error.h"
#include "failure.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

// An empty share in a temporary folder: gefest.toml with `extra` (e.g. [paths]) and
// nothing else; the journal's local turn locks go into the folder too.
struct TempShare {
    TempFolder tmp;
    bool run_made = fs::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    fs::path root = tmp / "share";
    explicit TempShare(const std::string& extra = "") {
        fsio::make_dirs(root);
        fsio::write_atomic(root / "gefest.toml", "[share]\nid = \"unit-store\"\n" + extra);
    }
    ShareStore store() const { return ShareStore(Share::open(root), Identity::current()); }
};

Event event_at(const std::string& time, const std::string& kind, const std::string& object) {
    Event e;
    e.time = DateTime::parse(time, "time");
    e.kind = kind;
    e.object = object;
    e.data = {{"n", object}};
    return e;
}

std::vector<std::string> objects(const Store& store, const std::string& from, const std::string& to, const JournalFilter& filter = {}) {
    std::vector<std::string> out;
    store.for_each_event(from, to, [&](const Event& e) { out.push_back(e.object); }, filter);
    return out;
}

}  // namespace

TEST_CASE("share store: numbers are claimed gapless per kind and year, with what the claim says") {
    TempShare t;
    ShareStore store = t.store();
    {
        NumberClaim a = store.claim_number("order", 2026, "ООО «Ромашка»");
        NumberClaim b = store.claim_number("order", 2026, "ИП Лютиков");
        CHECK(a.number() == 1);
        CHECK(b.number() == 2);
        a.commit();
        b.commit();
        NumberClaim dropped = store.claim_number("order", 2026, "never written");
        CHECK(dropped.number() == 3);
    }  // not committed: released for the next claimant
    CHECK(store.claimed_numbers("order", 2026) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(store.released_numbers("order", 2026) == std::vector<std::int64_t>{3});
    CHECK(store.claim_number("order", 2027, "").number() == 1);  // every year starts at 1
    CHECK(store.claim_number("invoice", 2026, "2026-1").number() == 1);  // every kind too
    CHECK(store.released_numbers("order", 2027) == std::vector<std::int64_t>{1});  // given up
    CHECK(store.number_years("order") == std::vector<int>{2026, 2027});
    CHECK(store.number_years("claim").empty());

    auto info = store.number_info("order", 2026, 2);
    REQUIRE(info);
    CHECK(info->note == "ИП Лютиков");
    CHECK(info->login == Identity::current().login);
    CHECK(info->time.size() == 19);
    CHECK_FALSE(store.number_info("order", 2026, 4));
    {
        NumberClaim again = store.claim_number("order", 2026, "ООО «Заново»");
        CHECK(again.number() == 3);  // the released number first
        again.commit();
    }
    CHECK(store.number_info("order", 2026, 3)->note == "ООО «Заново»");  // the current holder's claim
    CHECK(store.released_numbers("order", 2026).empty());
    // On the share: .gefest/numbers/<kind>/<year>/<N>.
    CHECK(fs::exists(t.root / ".gefest/numbers/order/2026/2"));
}

TEST_CASE("share store: a record is read as committed and changed under its lock") {
    TempShare t;
    ShareStore store = t.store();
    const RecordRef catalog{Record::catalog};
    Snapshot none = store.read(catalog);
    CHECK_FALSE(none.content);
    CHECK_FALSE(store.exists(catalog));
    fsio::make_dirs(store.path_of(catalog).parent_path());  // Склад ГП/ is people's folder

    CHECK(store.change(catalog, [](const Snapshot& s) -> std::optional<std::string> {
        CHECK_FALSE(s.content);
        return std::string("a;b\r\n");
    }) == 1);
    CHECK(store.exists(catalog));
    CHECK(store.read(catalog).content == std::optional<std::string>("a;b\r\n"));
    CHECK(fsio::read_file(t.root / "Склад ГП/Каталог.csv") == "a;b\r\n");

    // nullopt changes nothing; a throw aborts and changes nothing.
    CHECK(store.change(catalog, [](const Snapshot&) { return std::optional<std::string>(); }) == 1);
    CHECK_THROWS_AS(store.change(catalog, [](const Snapshot&) -> std::optional<std::string> { throw Error(Errc::state, "no"); }), Error);
    Snapshot now = store.read(catalog);
    CHECK(now.generation == 1);
    CHECK(now.content == std::optional<std::string>("a;b\r\n"));

    CHECK(store.where(catalog) == (t.root / "Склад ГП/Каталог.csv").string());
    CHECK(store.name(catalog) == "Склад ГП/Каталог.csv");
    // A record kept per year gets its folder with its first change.
    CHECK(store.change({Record::claims, 2026}, [](const Snapshot&) { return std::optional<std::string>("x"); }) == 1);
    CHECK(fsio::read_file(t.root / "Отдел продаж/Претензии/Претензии 2026.csv") == "x");
}

TEST_CASE("share store: the process must exist; people's registers may be absent") {
    TempShare t;
    ShareStore store = t.store();
    CHECK(failure_of([&] { store.read({Record::process}); }).code == Errc::not_found);
    CHECK_FALSE(store.read({Record::payment_rules}).content);
    CHECK_FALSE(store.read({Record::carriers}).content);
}

TEST_CASE("share store: an order is found from its number's claim; its folder holds its documents") {
    TempShare t;
    ShareStore store = t.store();
    const RecordRef order{Record::order, 2026, 1};
    CHECK(failure_of([&] { store.where(order); }).code == Errc::not_found);  // never claimed
    CHECK(failure_of([&] { store.documents_folder(order); }).code == Errc::not_found);

    NumberClaim claim = store.claim_number("order", 2026, "ООО «Ромашка»");
    const fs::path folder = t.root / "Отдел продаж/Заказы/2026/1 ООО «Ромашка»";
    CHECK(store.documents_folder(order) == folder);
    CHECK(store.path_of(order) == folder / "заказ.toml");
    CHECK_FALSE(store.exists(order));
    // A first change that fails leaves no folder behind.
    CHECK_THROWS_AS(store.change(order, [](const Snapshot&) -> std::optional<std::string> { throw Error(Errc::data, "bad"); }), Error);
    CHECK_FALSE(fs::exists(folder));
    store.change(order, [](const Snapshot&) { return std::optional<std::string>("number = 1\n"); });
    claim.commit();
    CHECK(store.exists(order));
    CHECK(fsio::read_file(folder / "заказ.toml") == "number = 1\n");
    CHECK(store.read(order).content == std::optional<std::string>("number = 1\n"));
}

TEST_CASE("share store: an external key is kept once, given back, kept again") {
    TempShare t;
    ShareStore store = t.store();
    const std::string id = "<CA+abc@mail.example>";
    CHECK_FALSE(store.has_key("email", id));
    CHECK(store.keep_key("email", id, id + " письмо.eml"));
    CHECK_FALSE(store.keep_key("email", id, "again"));
    CHECK(store.has_key("email", id));
    // On the share: .gefest/keys/<kind>/<checksum of the key>, the note its one line.
    CHECK(fsio::read_file(t.root / ".gefest/keys/email" / fsio::checksum(id)) == id + " письмо.eml\n");
    store.forget_key("email", id);
    CHECK_FALSE(store.has_key("email", id));
    store.forget_key("email", id);  // not kept: no error
    CHECK(store.keep_key("email", id, "second run"));

    // Survey keys are order keys, named as they are; their note may be rewritten.
    CHECK(store.keep_key("survey", "2026-5", "score=4"));
    store.rewrite_key("survey", "2026-5", "score=5");
    CHECK(fsio::read_file(t.root / ".gefest/keys/survey/2026-5") == "score=5\n");
}

TEST_CASE("share store: events are appended and read back by month, in time order, filtered") {
    TempShare t;
    ShareStore store = t.store();
    for (auto [time, kind, object] : {std::tuple{"2026-11-02T10:00:00", "call.new", "call:2026-2"},
                                      std::tuple{"2026-10-31T23:00:00", "call.new", "call:2026-1"},
                                      std::tuple{"2026-11-01T09:00:00", "order.new", "order:2026-1"},
                                      std::tuple{"2026-12-01T00:00:00", "call.visit", "call:2026-3"}}) {
        Event e = event_at(time, kind, object);
        store.append_event(e);
        CHECK_FALSE(e.id.empty());
        CHECK(e.login == Identity::current().login);
    }
    CHECK(objects(store, "2026-11", "2026-11") == std::vector<std::string>{"order:2026-1", "call:2026-2"});
    CHECK(objects(store, "2026-10", "2026-12").size() == 4);
    JournalFilter calls;
    calls.kinds = {"call."};
    CHECK(objects(store, "0000-00", "9999-99", calls) == std::vector<std::string>{"call:2026-1", "call:2026-2", "call:2026-3"});
    calls.object = "call:2026-3";
    CHECK(objects(store, "2026-12", "2026-12", calls) == std::vector<std::string>{"call:2026-3"});
    // On the share: the journal folder, one segment per writer and month.
    CHECK(fs::exists(store.journal().segment_path("2026-11")));
    CHECK(store.journal().segment_path("2026-11").parent_path() == t.root / "Отдел продаж/Журнал/2026-11");
}

TEST_CASE("share store: the layout follows gefest.toml [paths]") {
    TempShare t("[paths]\nstock = \"Склад/Остатки.csv\"\norders = \"Заказы\"\nclaims = \"Претензии\"\n"
                "statements = \"Бух/Выписки\"\njournal = \"Журнал\"\nclients = \"Клиенты.csv\"\n");
    ShareStore store = t.store();
    const fs::path& r = t.root;
    CHECK(store.path_of({Record::stock}) == r / "Склад/Остатки.csv");
    CHECK(store.path_of({Record::reservations}) == r / "Склад/Резервы.csv");
    CHECK(store.path_of({Record::stock_queue}) == r / "Склад/Очередь склада.csv");
    CHECK(store.path_of({Record::carriers}) == r / "Склад/Транспортные компании.toml");
    CHECK(store.path_of({Record::catalog}) == r / "Склад ГП/Каталог.csv");  // not moved
    CHECK(store.path_of({Record::payments}) == r / "Бух/Платежи.csv");
    CHECK(store.path_of({Record::payment_rules}) == r / "Бух/Правила сопоставления.txt");
    CHECK(store.path_of({Record::order_index, 2026}) == r / "Заказы/2026/Заказы 2026.csv");
    CHECK(store.path_of({Record::invoices, 2026}) == r / "Заказы/2026/Счета 2026.csv");
    CHECK(store.path_of({Record::claims, 2026}) == r / "Претензии/Претензии 2026.csv");
    CHECK(store.path_of({Record::clients}) == r / "Клиенты.csv");
    CHECK(store.name({Record::clients}) == "Клиенты.csv");
    CHECK(store.path_of({Record::staff}) == r / "Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml");
    CHECK(store.path_of({Record::routing}) == r / ".gefest/routing.txt");
    CHECK(store.path_of({Record::counter, 0, 0, "k"}) == r / ".gefest/debug/counter-k.txt");
    store.claim_number("order", 2026, "ИП Лютиков").commit();
    CHECK(store.documents_folder({Record::order, 2026, 1}) == r / "Заказы/2026/1 ИП Лютиков");
    Event e = event_at("2026-11-02T10:00:00", "call.new", "call:2026-1");
    store.append_event(e);
    CHECK(fs::is_directory(r / "Журнал/2026-11"));
}

TEST_CASE("share store: check finds a hole in the numbers and a copy that differs from its committed version") {
    TempShare t;
    ShareStore store = t.store();
    for (int i = 0; i < 3; ++i) store.claim_number("call", 2026, "call.new").commit();
    fs::remove(t.root / ".gefest/numbers/call/2026/2");
    StoreCheck numbers;
    store.check_numbers(false, numbers);
    REQUIRE(numbers.problems.size() == 1);
    CHECK(numbers.problems[0].message.find("numbers 2–2 of 'call' 2026 were never claimed") == 0);

    const RecordRef routing{Record::routing};
    store.change(routing, [](const Snapshot&) { return std::optional<std::string>("petrov\n"); });
    fs::remove(store.path_of(routing));  // a writer killed between its version and its copy
    StoreCheck seen;
    CHECK(store.check_record(routing, false, seen) == std::optional<std::string>("petrov\n"));
    REQUIRE(seen.problems.size() == 1);
    CHECK(seen.problems[0].file == store.where(routing));
    StoreCheck mended;
    store.check_record(routing, true, mended);
    CHECK(mended.problems.empty());
    CHECK(mended.repaired.size() == 1);
    CHECK(fsio::read_file(store.path_of(routing)) == "petrov\n");
}

TEST_CASE("share store: a hand edit of the client base is journaled when taken; check reports lost rows and save-overs") {
    TempShare t;
    ShareStore store = t.store();
    store.make_folders();
    const RecordRef clients{Record::clients};
    const std::string v1 = "Код;Наименование;Город\r\n1;А;Тюмень\r\n2;Б;Ишим\r\n";
    const std::string v2 = "Код;Наименование;Город\r\n1;А;Сургут\r\n2;Б;Ишим\r\n";
    auto put = [&](const std::string& text) { store.change(clients, [&](const Snapshot&) { return std::optional<std::string>(text); }); };
    auto by_hand = [&](const std::string& text) {
        fsio::write_atomic(store.path_of(clients), text);
        gefest::testing::set_mtime(store.path_of(clients), fsio::mtime_of(store.path_of(clients)).value_or(0) + 60);
    };
    auto same = [](const Snapshot& s) { return s.content; };
    put(v1);
    put(v2);

    SUBCASE("lost rows: reported, nothing changed; --repair sets the edit aside") {
        by_hand("Код;Наименование;Город\r\n1;А;Сургут\r\n");
        StoreCheck check;
        CHECK(store.check_record(clients, false, check) == "Код;Наименование;Город\r\n1;А;Сургут\r\n");
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find("lost rows 2") != std::string::npos);
        CHECK_FALSE(check.problems[0].warning);
        CHECK_THROWS_WITH_AS(store.change(clients, same), doctest::Contains("lost rows 2"), Error);
        StoreCheck repair;
        CHECK(store.check_record(clients, true, repair) == v2);
        CHECK(repair.problems.empty());
        REQUIRE(repair.repaired.size() == 1);
        CHECK(fsio::read_file(store.path_of(clients)) == v2);
    }
    SUBCASE("a save-over that does not overlap: a warning, then merged and journaled by the next change") {
        by_hand("Код;Наименование;Город\r\n1;А;Тюмень\r\n2;Б;г. Ишим\r\n");
        StoreCheck check;
        store.check_record(clients, false, check);
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].warning);
        store.change(clients, same);
        CHECK(fsio::read_file(store.path_of(clients)).find("1;А;Сургут\r\n2;Б;г. Ишим") != std::string::npos);
        std::vector<Event> rows;
        store.for_each_event("0000-01", "9999-12", [&](const Event& e) { rows.push_back(e); });
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].kind == hand_edit_kind);
        CHECK(rows[0].object == "record:" + store.name(clients));
        CHECK(rows[0].data["base"] == 1);
        CHECK(rows[0].data["merged_over"] == 2);
        CHECK(rows[0].data["changed"][0]["to"] == "г. Ишим");
    }
    SUBCASE("a save-over that overlaps: reported, and the next change refuses with both kept") {
        by_hand("Код;Наименование;Город\r\n1;А-2;Тюмень\r\n2;Б;Ишим\r\n");
        StoreCheck check;
        store.check_record(clients, false, check);
        REQUIRE(check.problems.size() == 1);
        CHECK_FALSE(check.problems[0].warning);
        CHECK(check.problems[0].message.find("both changed rows 1") != std::string::npos);
        CHECK_THROWS_WITH_AS(store.change(clients, same), doctest::Contains("правка"), Error);
        CHECK(fsio::read_file(store.path_of(clients)) == v2);
    }
}
