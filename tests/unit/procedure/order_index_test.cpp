// The orders index kept by notes (procedure/order_index.cpp) and the notes themselves
// (Store::append_notes): a step writes a note, not the index; load_order_index sees the
// change at once, refresh_order_index writes it; lost, stale or pruned notes only make
// rows anew.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "../demo_share.h"
#include "procedure/catalog.h"
#include "procedure/order.h"
#include "store/fsio.h"
#include "store/session.h"

namespace fs = std::filesystem;
using namespace gefest;

namespace {

Order draft(Payment p) {
    Order o;
    o.year = 2026;
    o.date = "2026-11-27";
    o.client_id = 1;
    o.client_name = "ООО «Ромашка»";
    o.manager = "petrov";
    o.payment = p;
    const std::string catalog = GEFEST_DATA "/demo/Склад ГП/Каталог.csv", process = GEFEST_DATA "/demo/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";
    o.items = items_from_catalog({parse_item_spec("ПК-100:2")}, parse_catalog(fsio::read_file(catalog), catalog), catalog);
    o.steps = make_checklist(p, parse_process(fsio::read_file(process), process));
    return o;
}

// A demo share whose orders index is never refreshed by a step (index_live_kib = 0),
// as on a share whose index has grown past the limit.
struct NotedShare : testing::DemoShare {
    testing::ScopedEnv clock{"GEFEST_NOW", "2026-11-27T10:00:00"};
    bool edited = (edit_settings("[locks]", "[orders]\nindex_live_kib = 0\n\n[locks]"), true);
    Session session{share, me};
    fs::path index_file() const { return at("Отдел продаж/Заказы/2026/Заказы 2026.csv"); }
    fs::path marks_file() const { return root / ".gefest/derived/orders-2026.marks"; }
    fs::path notes_dir() const { return root / ".gefest/notes/orders-2026"; }
    std::string next_step(const std::vector<OrderIndexRow>& rows, std::int64_t number) const {
        for (const auto& r : rows)
            if (r.number == number) return r.next_step;
        return "(no row)";
    }
    void cash_registered(std::int64_t number) {
        change_order(session, 2026, number, [](Order& o) { mark_step_done(o, "5.2.3.6", "petrov", "2026-11-27T10:00:00"); });
    }
};

std::vector<std::string> keys_after(const Store& store, const std::string& log, Journal::Marks& marks) {
    std::vector<std::string> out;
    CHECK(store.for_each_note_after(log, marks, [&](const std::string& k) { out.push_back(k); }) == Journal::After::read);
    return out;
}

}  // namespace

TEST_CASE("notes: each key read once after the marks; read segments of past months pruned") {
    testing::DemoShare s;
    testing::ScopedEnv clock{"GEFEST_NOW", "2026-09-10T10:00:00"};
    Journal::Marks marks;
    CHECK(keys_after(s.store, "t", marks).empty());  // never written: nothing, no error
    s.store.append_notes("t", {"2026-1", "2026-2"});
    CHECK(keys_after(s.store, "t", marks) == std::vector<std::string>{"2026-1", "2026-2"});
    CHECK(keys_after(s.store, "t", marks).empty());
    s.store.append_notes("t", {"2026-3"});
    const Journal::Marks older = marks;
    CHECK(keys_after(s.store, "t", marks) == std::vector<std::string>{"2026-3"});
    Journal::Marks another = older;
    CHECK(keys_after(s.store, "t", another) == std::vector<std::string>{"2026-3"});  // marks are the reader's

    // A month not before the one given is kept, read or not.
    Journal::Marks pruned = marks;
    s.store.prune_notes("t", "2026-09", pruned);
    CHECK(pruned == marks);
    CHECK(fs::exists(s.root / ".gefest/notes/t/2026-09"));
    // A segment not read to its end is kept, with its mark.
    pruned = older;
    s.store.prune_notes("t", "2026-12", pruned);
    CHECK(pruned == older);
    // Read to the end: removed with its mark; what is noted later is read.
    s.store.prune_notes("t", "2026-12", marks);
    CHECK(marks.empty());
    CHECK_FALSE(fs::exists(s.root / ".gefest/notes/t/2026-09"));
    CHECK(keys_after(s.store, "t", marks).empty());
    s.store.append_notes("t", {"2026-4"});
    CHECK(keys_after(s.store, "t", marks) == std::vector<std::string>{"2026-4"});
    // A reader whose marks name a removed segment is told they are stale.
    another = older;
    CHECK(s.store.for_each_note_after("t", another, [](const std::string&) {}) == Journal::After::stale);
}

TEST_CASE("order index: a step notes its order; load sees it at once, refresh writes it, once") {
    NotedShare s;
    Order a = create_order(s.session, draft(Payment::noncash));
    Order b = create_order(s.session, draft(Payment::cash));
    CHECK_FALSE(fs::exists(s.index_file()));  // no step wrote the index
    auto rows = load_order_index(s.store, s.share.settings(), 2026);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].number == a.number);
    CHECK(rows[1].number == b.number);
    CHECK(rows[1].next_step == "5.2.3.6");
    CHECK(rows[1].folder == "2 ООО «Ромашка»");
    CHECK_FALSE(rows[0].total.empty());

    s.cash_registered(b.number);
    CHECK(s.next_step(load_order_index(s.store, s.share.settings(), 2026), 2) == "5.2.3.7");
    CHECK_FALSE(fs::exists(s.index_file()));

    rows = refresh_order_index(s.store, s.share.settings(), 2026);
    CHECK(s.next_step(rows, 2) == "5.2.3.7");
    auto file_rows = read_order_index_file(s.store, 2026);
    REQUIRE(file_rows.size() == 2);
    CHECK(s.next_step(file_rows, 2) == "5.2.3.7");
    CHECK(file_rows[0].status == a.status);

    // A year without orders: none, and nothing made for it (no folder, no lock).
    CHECK(refresh_order_index(s.store, s.share.settings(), 2020).empty());
    CHECK_FALSE(fs::exists(s.at("Отдел продаж/Заказы/2020")));
    CHECK_FALSE(fs::exists(s.root / ".gefest/state/Отдел продаж/Заказы/2020"));

    // Nothing noted since: nothing written.
    const std::string text = fsio::read_file(s.index_file());
    const auto written = fs::last_write_time(s.index_file());
    refresh_order_index(s.store, s.share.settings(), 2026);
    CHECK(fs::last_write_time(s.index_file()) == written);
    CHECK(fsio::read_file(s.index_file()) == text);

    // The next change: the file is behind until the next refresh.
    change_order(s.session, 2026, a.number, [](Order& o) { o.status = order_status::cancelled; });
    CHECK(read_order_index_file(s.store, 2026)[0].status == a.status);
    CHECK(load_order_index(s.store, s.share.settings(), 2026)[0].status == order_status::cancelled);
    refresh_order_index(s.store, s.share.settings(), 2026);
    CHECK(read_order_index_file(s.store, 2026)[0].status == order_status::cancelled);
}

TEST_CASE("order index: lost or stale marks only make rows anew") {
    NotedShare s;
    create_order(s.session, draft(Payment::cash));
    create_order(s.session, draft(Payment::cash));
    refresh_order_index(s.store, s.share.settings(), 2026);
    REQUIRE(fs::exists(s.marks_file()));

    SUBCASE("the marks removed: every note kept is read again") {
        fs::remove(s.marks_file());
        s.cash_registered(1);
        auto rows = refresh_order_index(s.store, s.share.settings(), 2026);
        CHECK(s.next_step(rows, 1) == "5.2.3.7");
        CHECK(s.next_step(rows, 2) == "5.2.3.6");
    }
    SUBCASE("the marks damaged") {
        fsio::write_atomic(s.marks_file(), "12 x");
        s.cash_registered(2);
        CHECK(s.next_step(refresh_order_index(s.store, s.share.settings(), 2026), 2) == "5.2.3.7");
    }
    SUBCASE("the notes removed under the marks: stale, the notes there are now are read") {
        fs::remove_all(s.notes_dir());
        s.cash_registered(2);
        CHECK(s.next_step(load_order_index(s.store, s.share.settings(), 2026), 2) == "5.2.3.7");
        CHECK(s.next_step(refresh_order_index(s.store, s.share.settings(), 2026), 2) == "5.2.3.7");
        CHECK(s.next_step(read_order_index_file(s.store, 2026), 2) == "5.2.3.7");
    }
    SUBCASE("the index written since without its marks (a failed command's taken back): every note kept is read") {
        const std::string before = fsio::read_file(s.index_file());
        s.cash_registered(1);
        refresh_order_index(s.store, s.share.settings(), 2026);
        s.store.change({Record::order_index, 2026}, [&](const Snapshot&) -> std::optional<std::string> { return before; });
        CHECK(s.next_step(read_order_index_file(s.store, 2026), 1) == "5.2.3.6");
        CHECK(s.next_step(load_order_index(s.store, s.share.settings(), 2026), 1) == "5.2.3.7");
        CHECK(s.next_step(refresh_order_index(s.store, s.share.settings(), 2026), 1) == "5.2.3.7");
        CHECK(s.next_step(read_order_index_file(s.store, 2026), 1) == "5.2.3.7");
    }
    SUBCASE("the index edited by hand: its rows are taken as they are, the notes since applied") {
        std::string text = fsio::read_file(s.index_file());
        const auto at = text.find(";petrov;");
        REQUIRE(at != std::string::npos);
        text.replace(at, 8, ";ivanov;");  // order 1's manager
        fsio::write_atomic(s.index_file(), text);
        fs::last_write_time(s.index_file(), fs::last_write_time(s.index_file()) + std::chrono::seconds(5));
        s.cash_registered(2);
        // Order 1's row is the edit's (gefest check names it, --repair rebuilds); order
        // 2, noted since, is made anew.
        auto rows = load_order_index(s.store, s.share.settings(), 2026);
        CHECK(rows[0].manager == "ivanov");
        CHECK(s.next_step(rows, 2) == "5.2.3.7");
        rows = refresh_order_index(s.store, s.share.settings(), 2026);
        CHECK(rows[0].manager == "ivanov");
        CHECK(s.next_step(read_order_index_file(s.store, 2026), 2) == "5.2.3.7");
        CHECK(read_order_index_file(s.store, 2026)[0].manager == "ivanov");
    }
    SUBCASE("a note cut short (its writer killed): the rest is read") {
        s.cash_registered(1);
        s.cash_registered(2);
        fs::path segment;
        for (const auto& month : fs::directory_iterator(s.notes_dir()))
            for (const auto& f : fs::directory_iterator(month.path())) segment = f.path();
        const auto size = fs::file_size(segment);
        fs::resize_file(segment, size - 5);  // the last note torn
        auto rows = refresh_order_index(s.store, s.share.settings(), 2026);
        CHECK(s.next_step(rows, 1) == "5.2.3.7");
    }
}

TEST_CASE("order index: an order that is no more loses its row; one that does not read keeps it") {
    NotedShare s;
    Order a = create_order(s.session, draft(Payment::cash));
    Order b = create_order(s.session, draft(Payment::cash));
    refresh_order_index(s.store, s.share.settings(), 2026);
    const fs::path order_file = order_where(s.store, 2026, 1);
    fsio::write_atomic(order_file, "garbage = \n");
    fs::remove(order_where(s.store, 2026, 2));
    update_order_index(s.session, std::vector<Order>{a, b});
    auto rows = refresh_order_index(s.store, s.share.settings(), 2026);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].number == 1);
    CHECK(rows[0].next_step == "5.2.3.6");
    CHECK(read_order_index_file(s.store, 2026).size() == 1);
}

TEST_CASE("order index: within index_live_kib every step writes it") {
    testing::DemoShare s;
    Session session(s.share, s.me);
    Order o = draft(Payment::cash);
    o.year = now().date.year;
    o = create_order(session, o);
    const RecordRef index{Record::order_index, o.year};
    REQUIRE(s.store.exists(index));
    change_order(session, o.year, o.number, [](Order& x) { mark_step_done(x, "5.2.3.6", "petrov", "2026-11-27T10:00:00"); });
    const auto rows = read_order_index_file(s.store, o.year);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].next_step == "5.2.3.7");
}
