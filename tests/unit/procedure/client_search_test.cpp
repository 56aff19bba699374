// The client index's search and tally: `client find` through the index
// (ClientLookup::find, Store::search_indexed) returns exactly what a scan of the register
// returns (ClientBase::find), in the same order, on generated bases and for queries of
// every kind — a query shorter than a trigram reads every row, a longer one only the rows
// having its trigrams; the managers' client counts come from the index and least_loaded
// routing uses them.
#include "procedure/clients.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <random>

#include "demo_share.h"
#include "store/fsio.h"
#include "store/record_index.h"

using namespace gefest;
using gefest::testing::DemoShare;

namespace {

const RecordRef clients{Record::clients};

// A valid 10-digit ИНН of the 9 digits `body`.
std::string inn10(const std::string& body) {
    const int w[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    int s = 0;
    for (int k = 0; k < 9; ++k) s += (body[static_cast<std::size_t>(k)] - '0') * w[k];
    return body + std::to_string(s % 11 % 10);
}

// Pieces of names that share trigrams, in both cases, with ё and Latin letters.
const std::vector<std::string> pieces = {"Ива", "нов", "Сёмин", "ЁЛКА", "ров", "Зах", "tmz", "Ромаш", "ка", "Тюм",
                                         "ень", "ООО «", "»", "ИП ", "Ишим", "ёж", "Ol", "GA", " ", "-"};

std::string some(std::mt19937& rng, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += pieces[rng() % pieces.size()];
    return out;
}

// The demo's clients and `n` generated ones, written as the register.
void generate(DemoShare& d, int n, unsigned seed) {
    ClientBase base = load_clients(d.store);
    std::mt19937 rng(seed);
    for (int i = 1; i <= n; ++i) {
        Client c;
        c.id = 100 + i;
        c.name = some(rng, 1 + static_cast<int>(rng() % 3)) + std::to_string(i);
        c.contact = i % 2 ? some(rng, 2) : "";
        c.city = i % 3 ? some(rng, 1) : "";
        c.phones = {fmt::format("+79{:09d}", (i * 7919u + seed) % 1000000000u)};
        if (i % 7 == 0) c.phones.push_back(fmt::format("+7345{:07d}", i));
        if (i % 3 == 0) c.email = fmt::format("user{}@tmz{}.ru", i, i % 4);
        if (i % 4 == 0) c.inn = inn10(fmt::format("{:09d}", (i * 104729u) % 1000000000u));
        c.manager = i % 5 == 0 ? "" : i % 2 ? "petrov" : "sidorova";
        c.added = "2026-01-15";
        base.add(c);
    }
    fsio::write_atomic(d.store.path_of(clients), base.to_csv());
}

std::vector<std::int64_t> indexed(DemoShare& d, std::string_view q) {
    std::vector<std::int64_t> out;
    for (const auto& c : ClientLookup(d.store).find(q)) out.push_back(c.id);
    return out;
}

std::vector<std::int64_t> scanned(const ClientBase& base, std::string_view q) {
    std::vector<std::int64_t> out;
    for (const Client* c : base.find(q)) out.push_back(c->id);
    return out;
}

// A piece of `s` of `len` characters (UTF-8) from character `from`, as typed.
std::string chars(const std::string& s, std::size_t from, std::size_t len) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    starts.push_back(s.size());
    if (starts.size() < 2) return s;
    from %= starts.size() - 1;
    const std::size_t to = std::min(from + len, starts.size() - 1);
    return s.substr(starts[from], starts[to] - starts[from]);
}

}  // namespace

TEST_CASE("client find through the index equals a scan of the register") {
    for (unsigned seed : {1u, 2u}) {
        DemoShare d;
        generate(d, 600, seed);
        const ClientBase base = load_clients(d.store);
        std::vector<std::string> queries = {"",      "и",     "ё",     "Ё",     "ив",    "ИВ",       "ёл",    "ел",      "ОЛК",
                                            "олка",  "ёлка",  "ЕЛКА",  "ров",   "нов ",  "ооо «",    "«",     "tmz",     "TMZ1",
                                            "@",     ".ru",   "user3", "7912",  "912",   "8 912",    "8912",  "+7 (9",   "79",
                                            "9-1",   "(912)", "3450",  "345-0", "1 0",   "нет такого", "a",   "ab",      "zzz",
                                            "  ив ", "тобольск", "8 (912) 921-44-07", "+79129214407", "7707", "ИП ", "-"};
        std::mt19937 rng(seed * 31);
        for (int k = 0; k < 60; ++k) {
            const Client& c = base.clients()[rng() % base.clients().size()];
            const std::string* fields[] = {&c.name, &c.contact, &c.city, &c.email, &c.inn, &c.phones.front()};
            const std::string& f = *fields[rng() % std::size(fields)];
            queries.push_back(chars(f, rng(), 1 + rng() % 8));
        }
        for (const auto& q : queries) {
            CAPTURE(q);
            CHECK(indexed(d, q) == scanned(base, q));
        }
    }
}

TEST_CASE("client find through the index reads the rows its trigrams narrow to; a shorter text every row") {
    DemoShare d;
    generate(d, 300, 7);
    const ClientBase base = load_clients(d.store);
    const std::string file = d.store.where(clients);
    auto rows = [&](const Snapshot& snap, const IndexEmit& emit) { client_index_rows(ClientBase::parse(*snap.content, file), emit); };
    auto asked = [&](const std::vector<std::string>& needles) {
        std::size_t n = 0;
        d.store.search_indexed(clients, needles, rows, [&](const std::string&) { return ++n, false; });
        return n;
    };
    CHECK(asked({"тобольск"}) == 1);           // one demo client is in Тобольск
    CHECK(asked({"нет такого"}) == 0);         // a trigram no row has: no row read
    const std::size_t iv = asked({"ив"});  // 4 bytes: its trigrams narrow the rows to those having them
    CHECK(iv >= scanned(base, "ив").size());
    CHECK(iv < base.clients().size());
    // 2 bytes, no trigram: every row, the clients' and the one of the columns' names
    CHECK(asked({"и"}) == base.clients().size() + 1);
    CHECK(asked({"ab"}) == base.clients().size() + 1);
    CHECK(asked({"79129214407"}) == 1);        // a phone's digits
}

TEST_CASE("the managers' client counts come from the index, kept by the writers") {
    DemoShare d;
    generate(d, 200, 3);
    const ClientBase base = load_clients(d.store);
    const ClientLookup look(d.store);
    auto counts = look.counts_by_manager();
    for (const char* login : {"petrov", "sidorova", ""}) CHECK(counts[login] == base.count_for(login));
    Client c;
    c.name = "ООО «Счёт»";
    c.phones = {"+79120000777"};
    c.manager = "sidorova";
    add_client(d.store, c, false);
    CHECK(look.counts_by_manager()["sidorova"] == base.count_for("sidorova") + 1);
    // least_loaded gives the next new client to the one with fewer of them.
    d.edit_settings("routing = \"round_robin\"", "routing = \"least_loaded\"");
    Session session(d.share, d.me);
    const auto now_counts = ClientLookup(session.store()).counts_by_manager();
    const std::string fewer = now_counts.at("petrov") <= now_counts.at("sidorova") ? "petrov" : "sidorova";
    CHECK(route_new_client(session) == fewer);
}
