// Hand edits of a register with keyed rows (store/hand_edit.h) and what SharedFile does
// with them: rows lost by a cut or half-written copy are refused and nothing is written; a
// copy of an older version saved over a newer one is merged when the rows do not overlap,
// refused with both kept when they do; a file read while it is being written is read
// again; every edit taken is handed to the journal with what it changed.
#include "store/hand_edit.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/error.h"
#include "store/fsio.h"
#include "store/shared_file.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::TempFolder;
using gefest::testing::set_mtime;
using gefest::testing::snapshot_tree;

namespace {

const RowKey code{{"Код"}};

const std::string v1 = "Код;Наименование;Город\r\n1;ООО «Альфа»;Тюмень\r\n2;АО «Бета»;Тобольск\r\n3;ИП Гамма;Ишим\r\n";
// gefest changed client 1's city
const std::string v2 = "Код;Наименование;Город\r\n1;ООО «Альфа»;Сургут\r\n2;АО «Бета»;Тобольск\r\n3;ИП Гамма;Ишим\r\n";

Identity tester() {
    Identity id = Identity::current();
    id.login = "petrov";
    return id;
}

std::int64_t now_seconds() { return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(); }

struct Fixture {
    TempFolder tmp;
    std::filesystem::path file = tmp / "База клиентов.csv";
    std::filesystem::path state = tmp / ".gefest/state/База клиентов.csv";

    SharedFile shared() const {
        SharedFile f(file, state, tester());
        f.set_row_key(code);
        return f;
    }
    std::int64_t put(const std::string& text) const {
        return shared().update([&](const Snapshot&) { return std::optional<std::string>(text); });
    }
    // A person saves `text` over the file a minute after gefest's last write.
    void save_by_hand(const std::string& text) const {
        fsio::write_atomic(file, text);
        set_mtime(file, now_seconds() + 60);
    }
};

std::optional<std::string> same(const Snapshot& s) { return s.content; }

}  // namespace

// --- the analysis ----------------------------------------------------------------------------

TEST_CASE("hand_edit: an edit of the latest version: cells changed, rows added, nothing refused") {
    const std::string edit = v2 + "4;ООО «Дельта»;Омск\r\n";
    std::string changed = edit;
    changed.replace(changed.find("Ишим"), std::string("Ишим").size(), "Тюмень");
    HandEdit h = analyse_register_edit(changed, {{1, v1}, {2, v2}}, code, "f.csv");
    CHECK(h.base == 2);
    CHECK_FALSE(h.save_over());
    CHECK_FALSE(h.refused());
    CHECK(h.added == std::vector<std::string>{"4"});
    REQUIRE(h.changed.size() == 4);  // 3's city, and the three cells of 4
    CHECK(h.changed[0].key == "3");
    CHECK(h.changed[0].column == "Город");
    CHECK(h.changed[0].from == "Ишим");
    CHECK(h.changed[0].to == "Тюмень");
}

TEST_CASE("hand_edit: the same register saved with ',' and LF is no change") {
    HandEdit h = analyse_register_edit(v2 + "", {{2, v2}}, code, "f.csv");
    CHECK(h.changed.empty());
    const std::string lf = "Код,Наименование,Город\n1,ООО «Альфа»,Сургут\n2,АО «Бета»,Тобольск\n3,ИП Гамма,Ишим\n";
    h = analyse_register_edit(lf, {{2, v2}}, code, "f.csv");
    CHECK(h.changed.empty());
    CHECK_FALSE(h.refused());
}

TEST_CASE("hand_edit: rows cut off at a row boundary, or the file emptied, are removed rows: refused") {
    const std::string cut = v2.substr(0, v2.find("3;"));
    HandEdit h = analyse_register_edit(cut, {{1, v1}, {2, v2}}, code, "База клиентов.csv");
    CHECK(h.refused());
    CHECK(h.removed == std::vector<std::string>{"3"});
    const std::string message = refusal_message(h, "База клиентов.csv");
    CHECK(message.find("База клиентов.csv") != std::string::npos);
    CHECK(message.find("3") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);

    h = analyse_register_edit("", {{2, v2}}, code, "f.csv");
    CHECK(h.removed == std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("hand_edit: a last row cut inside its last cell, without a line end, is refused") {
    const std::string cut = v2.substr(0, v2.size() - 4);  // "Ишим\r\n" → "Иш"
    HandEdit h = analyse_register_edit(cut, {{2, v2}}, code, "f.csv");
    CHECK(h.cut);
    CHECK(h.refused());
    // A file saved without a final line end (Notepad) is no cut.
    h = analyse_register_edit(v2.substr(0, v2.size() - 2), {{2, v2}}, code, "f.csv");
    CHECK_FALSE(h.cut);
    CHECK_FALSE(h.refused());
}

TEST_CASE("hand_edit: a copy of an older version saved over a newer one") {
    SUBCASE("other rows: merged into the latest version") {
        std::string mine = v1;
        mine.replace(mine.find("ИП Гамма"), std::string("ИП Гамма").size(), "ИП Гамма-2");
        HandEdit h = analyse_register_edit(mine, {{1, v1}, {2, v2}}, code, "f.csv");
        CHECK(h.base == 1);
        CHECK(h.latest == 2);
        CHECK(h.save_over());
        CHECK_FALSE(h.refused());
        REQUIRE(h.merged);
        CHECK(h.merged->find("1;ООО «Альфа»;Сургут") != std::string::npos);  // gefest's change kept
        CHECK(h.merged->find("3;ИП Гамма-2;Ишим") != std::string::npos);       // and the person's
    }
    SUBCASE("a row gefest added since is kept, not taken as removed") {
        const std::string v3 = v2 + "4;ООО «Дельта»;Омск\r\n";
        std::string mine = v2;
        mine.replace(mine.find("Тобольск"), std::string("Тобольск").size(), "Тюмень");
        HandEdit h = analyse_register_edit(mine, {{1, v1}, {2, v2}, {3, v3}}, code, "f.csv");
        CHECK(h.base == 2);
        CHECK(h.removed.empty());
        REQUIRE(h.merged);
        CHECK(h.merged->find("4;ООО «Дельта»;Омск") != std::string::npos);
        CHECK(h.merged->find("2;АО «Бета»;Тюмень") != std::string::npos);
    }
    SUBCASE("the same row: conflict, refused") {
        std::string mine = v1;
        mine.replace(mine.find("ООО «Альфа»"), std::string("ООО «Альфа»").size(), "ООО «Альфа-Плюс»");
        HandEdit h = analyse_register_edit(mine, {{1, v1}, {2, v2}}, code, "f.csv");
        CHECK(h.base == 1);
        CHECK(h.conflicts == std::vector<std::string>{"1"});
        CHECK(h.refused());
        CHECK_FALSE(h.merged);
        CHECK(refusal_message(h, "f.csv").find("version 1") != std::string::npos);
    }
}

TEST_CASE("hand_edit: a text without keyed rows is told line by line") {
    HandEdit h = analyse_text_edit("a\nc\nd\n", {3, "a\nb\nc\n"}, 3);
    CHECK(h.lines_removed == std::vector<std::string>{"b"});
    CHECK(h.lines_added == std::vector<std::string>{"d"});
    CHECK_FALSE(h.refused());
    auto row = hand_edit_row(h, "x.toml", 4);
    CHECK(row["generation"] == 4);
    CHECK(row["lines_added"][0] == "d");
}

// --- what SharedFile does with them -----------------------------------------------------------

TEST_CASE("shared_file: a client base cut at a row boundary is refused, nothing written") {
    Fixture f;
    f.put(v1);
    f.put(v2);
    f.save_by_hand(v2.substr(0, v2.find("2;")));  // clients 2 and 3 gone
    const auto before = snapshot_tree(f.tmp.path());
    // Read, it is what it is (its readers report a broken row first), with what it lost.
    Snapshot s = f.shared().read();
    REQUIRE(s.hand_edit);
    CHECK(s.hand_edit->removed == std::vector<std::string>{"2", "3"});
    CHECK(s.hand_edit->refused());
    // Written, it is refused, and nothing changes.
    bool changed = false;
    CHECK_THROWS_WITH_AS(f.shared().update([&](const Snapshot& base) {
        changed = true;
        return same(base);
    }),
                         doctest::Contains("lost rows 2, 3"), Error);
    CHECK_FALSE(changed);
    CHECK(snapshot_tree(f.tmp.path()) == before);
    // set_aside (gefest check --repair) keeps the edit beside and restores gefest's version.
    const auto beside = f.shared().set_aside();
    CHECK(fsio::read_file(beside) == v2.substr(0, v2.find("2;")));
    CHECK(fsio::read_file(f.file) == v2);
    CHECK_FALSE(f.shared().read().hand_edit);
}

TEST_CASE("shared_file: an old copy saved over a newer version is merged when rows do not overlap, and journaled") {
    Fixture f;
    f.put(v1);
    f.put(v2);  // gefest changed client 1 while the person had version 1 open
    std::string mine = v1;
    mine.replace(mine.find("ИП Гамма"), std::string("ИП Гамма").size(), "ИП Гамма-2");
    f.save_by_hand(mine);

    Snapshot s = f.shared().read();
    CHECK(s.hand_edited);
    std::optional<Snapshot> taken;
    std::int64_t taken_generation = 0;
    CHECK(f.shared().update(same, [&](const Snapshot& t, std::int64_t g) {
        taken = t;
        taken_generation = g;
    }) == 3);
    const std::string now = fsio::read_file(f.file);
    CHECK(now.find("1;ООО «Альфа»;Сургут") != std::string::npos);
    CHECK(now.find("3;ИП Гамма-2;Ишим") != std::string::npos);
    REQUIRE(taken);
    REQUIRE(taken->hand_edit);
    CHECK(taken_generation == 3);
    CHECK(taken->hand_edit->base == 1);
    auto row = hand_edit_row(*taken->hand_edit, "База клиентов.csv", 3);
    CHECK(row["merged_over"] == 2);
    CHECK(row["changed"][0]["to"] == "ИП Гамма-2");
}

TEST_CASE("shared_file: an old copy saved over a newer version that changed the same row is refused, both kept") {
    Fixture f;
    f.put(v1);
    f.put(v2);
    std::string mine = v1;
    mine.replace(mine.find("ООО «Альфа»"), std::string("ООО «Альфа»").size(), "ООО «Альфа-Плюс»");
    f.save_by_hand(mine);

    // Read, it is gefest's latest version: the copy is not taken.
    Snapshot s = f.shared().read();
    CHECK(*s.content == v2);
    CHECK_FALSE(s.hand_edited);
    REQUIRE(s.hand_edit);
    CHECK(s.hand_edit->conflicts == std::vector<std::string>{"1"});
    // The next change refuses, puts the copy beside and the latest version back.
    bool changed = false;
    try {
        f.shared().update([&](const Snapshot& base) {
            changed = true;
            return same(base);
        });
        FAIL("no refusal");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::state);
        CHECK(std::string(e.what()).find("правка petrov") != std::string::npos);
    }
    CHECK_FALSE(changed);
    CHECK(fsio::read_file(f.file) == v2);  // gefest's version in place
    bool kept = false;
    for (const auto& name : fsio::list_dir(f.tmp.path()))
        if (name.find("База клиентов (правка petrov ") == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".csv")
            kept = fsio::read_file(f.tmp / name) == mine;
    CHECK(kept);  // the person's copy beside it
    CHECK(f.shared().read().generation == 2);
    CHECK(f.put(v2 + "4;ООО «Дельта»;Омск\r\n") == 3);  // and the next command works
}

TEST_CASE("shared_file: a file read while it is being written is read again, never taken as an edit") {
    Fixture f;
    f.put(v1);
    f.put(v2);
    const std::string edit = v2 + "4;ООО «Дельта»;Омск\r\n5;ООО «Эпсилон»;Омск\r\n";
    std::atomic<bool> done{false};
    std::thread writer([&] {
        // An editor saving in place, a row at a time, the file cut at each row meanwhile.
        int fd = ::open(f.file.c_str(), O_WRONLY | O_TRUNC);
        std::size_t at = 0;
        while (at < edit.size()) {
            std::size_t eol = edit.find('\n', at) + 1;
            (void)!::write(fd, edit.data() + at, eol - at);
            at = eol;
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
        }
        ::close(fd);
        done = true;
    });
    int reads = 0;
    std::vector<std::string> wrong;
    while (!done) {
        try {
            Snapshot s = f.shared().read();
            if (*s.content != v2 && *s.content != edit) wrong.push_back(*s.content);
        } catch (const Error& e) {
            wrong.push_back(e.what());
        }
        ++reads;
    }
    writer.join();
    CHECK(reads > 0);
    CHECK(wrong.empty());
    Snapshot s = f.shared().read();
    CHECK(s.hand_edited);
    CHECK(*s.content == edit);
}
