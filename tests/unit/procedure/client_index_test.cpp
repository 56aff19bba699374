// The client base's index (ClientLookup): look-ups by Код, merged id, phone, e-mail and
// ИНН answer as the register does; a register edited by hand (even to the same size), a
// truncated or damaged index, are noticed and the index made again; writers keep it
// current; two processes adding clients at once both end up in it.
#include "procedure/clients.h"

#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "base/error.h"
#include "demo_share.h"
#include "procedure/check.h"
#include "store/fsio.h"
#include "store/record_index.h"

using namespace gefest;
using gefest::testing::DemoShare;

namespace {

const RecordRef clients{Record::clients};

std::filesystem::path register_file(DemoShare& d) { return d.store.path_of(clients); }
std::filesystem::path index_file(DemoShare& d) { return d.store.index_of(clients); }

// Replaces `from` by `to` in the register as Notepad would: in place, the same inode.
void notepad(DemoShare& d, const std::string& from, const std::string& to) {
    std::string text = fsio::read_file(register_file(d));
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later time than the index's stamp
    FILE* f = std::fopen(register_file(d).c_str(), "r+b");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

std::int64_t index_generation(DemoShare& d) {
    auto ix = RecordIndex::open(index_file(d));
    REQUIRE(ix);
    return ix->stamp().generation;
}

Client draft(const std::string& name, const std::string& phone) {
    Client c;
    c.name = name;
    c.phones = {phone};
    c.manager = "petrov";
    return c;
}

}  // namespace

TEST_CASE("client index: made on the first look-up, answering as the register does") {
    DemoShare d;
    const ClientLookup look(d.store);
    const ClientBase base = load_clients(d.store);
    CHECK_FALSE(fsio::exists(index_file(d)));
    auto c = look.by_phone("8 (912) 921-44-07");
    REQUIRE(c);
    CHECK(fsio::exists(index_file(d)));
    CHECK(c->id == 1);
    CHECK(c->name == base.by_id(1)->name);
    CHECK(c->phones == base.by_id(1)->phones);
    CHECK(c->extra == base.by_id(1)->extra);
    CHECK(c->notes == base.by_id(1)->notes);
    CHECK(look.by_email("ZAKUPKI@tmz-tobolsk.ru")->id == 2);
    CHECK(look.by_inn("720501234548")->id == 3);
    CHECK(look.by_id(3)->name == "ИП Захаров Дмитрий Олегович");
    CHECK_FALSE(look.by_id(404));
    CHECK_FALSE(look.by_phone("+79990000000"));
    CHECK_FALSE(look.by_phone("not a phone"));
    CHECK_FALSE(look.by_inn(""));
    CHECK(look.require(2).id == 2);
    CHECK_THROWS_AS(look.require(404), Error);
    for (const auto& one : base.clients()) CHECK(look.by_id(one.id)->name == one.name);
    CHECK(look.find("тобольск").size() == base.find("тобольск").size());
    CHECK(look.find("").size() == base.clients().size());
}

TEST_CASE("client index: a client with the names of the base's own columns, for a contract's signatory") {
    DemoShare d;
    const ClientLookup look(d.store);
    const ClientBase base = load_clients(d.store);
    REQUIRE(base.extra_columns().size() == 3);  // the demo's «Подписант: …» columns
    auto found = look.require_with_columns(2);
    REQUIRE(found);
    CHECK(found->client.id == 2);
    CHECK(found->client.extra == base.by_id(2)->extra);
    CHECK(found->extra_columns == base.extra_columns());
    CHECK_THROWS_AS(look.require_with_columns(404), Error);
    // The names' row is no client: not found by a search, not counted.
    CHECK(look.find("").size() == base.clients().size());
    std::int64_t counted = 0;
    for (const auto& [login, n] : look.counts_by_manager()) counted += n;
    CHECK(counted == static_cast<std::int64_t>(base.clients().size()));
}

TEST_CASE("client index: one made before it kept the columns' names says so") {
    DemoShare d;
    // The index as an older gefest made it: the clients' rows only.
    auto clients_only = [&](const Snapshot& snap, const IndexEmit& emit) {
        client_index_rows(ClientBase::parse(*snap.content, "База клиентов.csv"), [&](const IndexRow& row) {
            if (row.keys.front() != "columns:") emit(row);
        });
    };
    REQUIRE(d.store.find_indexed(clients, {"id:1"}, clients_only).front());
    const ClientLookup look(d.store);
    CHECK(look.by_id(2));
    CHECK_FALSE(look.require_with_columns(2));
}

TEST_CASE("client index: writers keep it current; merged ids resolve") {
    DemoShare d;
    const ClientLookup look(d.store);
    REQUIRE(look.by_id(1));
    Client added = add_client(d.store, draft("ООО «Новый»", "+79120000001"), false);
    CHECK(index_generation(d) == d.store.read(clients).generation);
    CHECK(look.by_phone("+79120000001")->id == added.id);
    CHECK(look.find_duplicate(draft("ООО «Другой»", "+79120000001"))->client.id == added.id);
    update_client(d.store, added.id, [](Client& c) { c.phones = {"+79120000002"}; });
    CHECK_FALSE(look.by_phone("+79120000001"));
    CHECK(look.by_phone("+79120000002")->id == added.id);
    merge_clients(d.store, 1, added.id, "2026-11-30");
    CHECK(look.resolve(added.id)->id == 1);
    CHECK(look.by_phone("+79120000002")->id == 1);
    CHECK_FALSE(look.by_id(added.id));
}

TEST_CASE("client index: a hand edit of the register is noticed, even one of the same size") {
    DemoShare d;
    const ClientLookup look(d.store);
    REQUIRE(look.by_phone("+79199401255"));
    SUBCASE("a row added") {
        std::string text = fsio::read_file(register_file(d));
        text += "9;ООО «Вручную»;ООО;;;;+79005550099;;Тюмень;;;petrov;Выставка;2026-11-01;;;;\r\n";
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        fsio::write_atomic(register_file(d), text);
        CHECK(look.by_phone("+79005550099")->id == 9);
    }
    SUBCASE("one digit of a phone, in place") {
        notepad(d, "+79199401255", "+79199401256");
        CHECK_FALSE(look.by_phone("+79199401255"));
        CHECK(look.by_phone("+79199401256")->id == 3);
    }
    SUBCASE("touched only: the same bytes keep the index") {
        const auto before = fsio::read_file(index_file(d));
        notepad(d, "+79199401255", "+79199401255");
        CHECK(look.by_phone("+79199401255")->id == 3);
        auto ix = RecordIndex::open(index_file(d));
        REQUIRE(ix);
        CHECK(ix->stamp().file.same_file(stamp_of(register_file(d))));  // re-stamped
        CHECK(fsio::read_file(index_file(d)).substr(192) == before.substr(192));  // past the header (192 bytes): rows as they were
    }
    SUBCASE("a row broken by hand is the register's error, at its line") {
        notepad(d, "+79199401255", "+7919940125x");
        try {
            look.by_phone("+79129214407");
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::data);
            CHECK(e.line() == 4);
        }
    }
}

TEST_CASE("client index: a truncated or damaged index is made again, never trusted") {
    DemoShare d;
    const ClientLookup look(d.store);
    REQUIRE(look.by_id(1));
    std::string whole = fsio::read_file(index_file(d));
    SUBCASE("truncated") { fsio::write_atomic(index_file(d), whole.substr(0, whole.size() / 2)); }
    SUBCASE("a row damaged") {
        const auto at = whole.find("Тобольск");
        REQUIRE(at != std::string::npos);
        whole[at] = 'X';
        fsio::write_atomic(index_file(d), whole);
    }
    SUBCASE("garbage") { fsio::write_atomic(index_file(d), "GEFESTIX garbage"); }
    CHECK(look.by_email("zakupki@tmz-tobolsk.ru")->city == "Тобольск");
    CHECK(look.by_id(2)->city == "Тобольск");
    auto ix = RecordIndex::open(index_file(d));
    REQUIRE(ix);
    CHECK(ix->find("id:2"));
}

TEST_CASE("client index: gefest check --repair makes a damaged one again") {
    DemoShare d;
    const ClientLookup look(d.store);
    REQUIRE(look.by_id(1));
    std::string whole = fsio::read_file(index_file(d));
    whole[whole.find("Тобольск")] = 'X';
    fsio::write_atomic(index_file(d), whole);
    CheckReport plain = check_share(d.store, false);
    bool named = false;
    for (const auto& p : plain.problems) named = named || (p.file == index_file(d).string() && p.warning);
    CHECK(named);
    CheckReport repaired = check_share(d.store, true);
    REQUIRE(repaired.repaired.size() >= 1);
    auto ix = RecordIndex::open(index_file(d));
    REQUIRE(ix);
    CHECK_NOTHROW(ix->for_each([](const IndexRow&) {}));
    CHECK(ix->stamp().file.same_file(stamp_of(register_file(d))));
}

TEST_CASE("client index: two processes adding clients at once both end up in it") {
    DemoShare d;
    REQUIRE(ClientLookup(d.store).by_id(1));
    std::vector<pid_t> children;
    for (int k = 0; k < 2; ++k) {
        const pid_t child = ::fork();
        if (child == 0) {
            int rc = 0;
            try {
                ShareStore store(d.share, d.me);
                for (int i = 0; i < 3; ++i) add_client(store, draft("Клиент " + std::to_string(k) + "-" + std::to_string(i), "+7912100" + std::to_string(k) + "00" + std::to_string(i)), false);
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        children.push_back(child);
    }
    for (pid_t c : children) {
        int status = 0;
        ::waitpid(c, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const ClientLookup look(d.store);
    for (int k = 0; k < 2; ++k)
        for (int i = 0; i < 3; ++i) CHECK(look.by_phone("+7912100" + std::to_string(k) + "00" + std::to_string(i)));
    CHECK(index_generation(d) == d.store.read(clients).generation);  // the last writer's, current
    CHECK(load_clients(d.store).clients().size() == 11);
}
