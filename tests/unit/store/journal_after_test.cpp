// Journal::for_each_after: reading only what was appended since the marks of an earlier
// reading, and knowing when those marks no longer fit the journal.
#include <doctest/doctest.h>

#include "store/fsio.h"
#include "store/journal.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;

namespace {

Identity writer(const std::string& login, const std::string& host) {
    Identity id = Identity::current();
    id.login = login;
    id.host = host;
    return id;
}

Event event_at(const std::string& time, const std::string& object, const std::string& kind = "call.new") {
    Event e;
    e.time = DateTime::parse(time, "test");
    e.kind = kind;
    e.object = object;
    e.data = nlohmann::json{{"note", "ряд " + object}};
    return e;
}

struct Fixture {
    TempFolder tmp;
    bool run_made = std::filesystem::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    std::filesystem::path root = tmp / "Журнал";
    std::string share_id = "unit-" + fsio::random_token();
    Journal ivanova{root, share_id, writer("ivanova", "pc-12")};
    Journal petrov{root, share_id, writer("petrov", "pc-7")};
    std::filesystem::path ivanova_nov = root / "2026-11" / "ivanova@pc-12.csv";

    void add(Journal& j, const std::string& time, const std::string& object) {
        Event e = event_at(time, object);
        j.append(e);
    }
    // The objects visited by one for_each_after, and how it ended.
    std::pair<Journal::After, std::vector<std::string>> after(Journal::Marks& marks, const JournalFilter& filter = {}) {
        std::vector<std::string> seen;
        auto got = ivanova.for_each_after(marks, [&](const Event& e) { seen.push_back(e.object); }, nullptr, filter);
        return {got, seen};
    }
};

using Seen = std::vector<std::string>;

}  // namespace

TEST_CASE("journal after marks: the first reading is the whole journal, then only what was appended, in time order") {
    Fixture f;
    f.add(f.ivanova, "2026-10-30T09:00:00", "a");
    f.add(f.ivanova, "2026-11-02T09:00:00", "b");
    f.add(f.petrov, "2026-11-01T09:00:00", "c");
    Journal::Marks marks;
    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{"a", "c", "b"}});
    CHECK(marks.size() == 3);
    CHECK(marks.at("2026-11/ivanova@pc-12.csv").offset == std::filesystem::file_size(f.ivanova_nov));

    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{}});  // nothing new, nothing read twice

    f.add(f.petrov, "2026-11-03T10:00:00", "d");
    f.add(f.ivanova, "2026-11-03T09:00:00", "e");
    f.add(f.ivanova, "2026-12-01T09:00:00", "f");  // a new month, a new segment
    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{"e", "d", "f"}});
    CHECK(f.after(marks).second.empty());
}

TEST_CASE("journal after marks: kinds are filtered, but the marks pass every row read") {
    Fixture f;
    f.add(f.ivanova, "2026-11-02T09:00:00", "a");
    Event other = event_at("2026-11-02T10:00:00", "order:1", "order.new");
    f.ivanova.append(other);
    JournalFilter orders;
    orders.kinds = {"order."};
    Journal::Marks marks;
    CHECK(f.after(marks, orders) == std::pair{Journal::After::read, Seen{"order:1"}});
    CHECK(f.after(marks).second.empty());  // the call.new row was passed too
}

TEST_CASE("journal after marks: a torn last row is not passed; the row its owner writes next is read once") {
    Fixture f;
    f.add(f.ivanova, "2026-11-02T09:00:00", "a");
    Journal::Marks marks;
    f.after(marks);
    const auto good = std::filesystem::file_size(f.ivanova_nov);
    fsio::append_durably(f.ivanova_nov, "2026-11-02T10:00:00;ivanova;;call.new;b;{\"no");  // killed mid-append
    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{}});
    CHECK(marks.at("2026-11/ivanova@pc-12.csv").offset == good);
    f.add(f.ivanova, "2026-11-02T11:00:00", "c");  // the owner cuts the torn row first
    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{"c"}});
}

TEST_CASE("journal after marks: a segment rewritten, cut or removed makes the marks stale, and nothing is read") {
    Fixture f;
    f.add(f.ivanova, "2026-11-02T09:00:00", "a");
    f.add(f.ivanova, "2026-11-02T10:00:00", "b");
    f.add(f.petrov, "2026-11-02T11:00:00", "c");
    Journal::Marks marks;
    f.after(marks);
    const Journal::Marks saved = marks;

    SUBCASE("a row before the mark changed, same length") {
        std::string text = fsio::read_file(f.ivanova_nov);
        text.replace(text.rfind("ряд b"), 7, "ряд x");
        fsio::write_atomic(f.ivanova_nov, text);
        f.add(f.ivanova, "2026-11-03T09:00:00", "d");
    }
    SUBCASE("cut short") {
        std::string text = fsio::read_file(f.ivanova_nov);
        fsio::write_atomic(f.ivanova_nov, text.substr(0, text.size() - 5));
    }
    SUBCASE("removed") { std::filesystem::remove(f.ivanova_nov); }
    auto [got, seen] = f.after(marks);
    CHECK(got == Journal::After::stale);
    CHECK(seen.empty());
    CHECK(marks == saved);
}

TEST_CASE("journal after marks: a row later than the filter's end is 'later', and the marks stay") {
    Fixture f;
    f.add(f.ivanova, "2026-11-02T09:00:00", "a");
    Journal::Marks marks;
    f.after(marks);
    const Journal::Marks saved = marks;
    f.add(f.ivanova, "2026-11-05T09:00:00", "b");
    JournalFilter until;
    until.until = DateTime::parse("2026-11-04T00:00:00", "test");
    CHECK(f.after(marks, until).first == Journal::After::later);
    CHECK(marks == saved);
    CHECK(f.after(marks) == std::pair{Journal::After::read, Seen{"b"}});
}
