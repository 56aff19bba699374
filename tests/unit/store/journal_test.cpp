#include "store/journal.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;

namespace {

const std::string bom = "\xEF\xBB\xBF";

Identity writer(const std::string& login, const std::string& host) {
    Identity id = Identity::current();
    id.login = login;
    id.host = host;
    return id;
}

Event event_at(const std::string& time, const std::string& object, nlohmann::json data = nlohmann::json::object()) {
    Event e;
    e.time = DateTime::parse(time, "test");
    e.kind = "call.new";
    e.object = object;
    e.data = std::move(data);
    return e;
}

std::vector<Event> read_all(const Journal& j, std::vector<TornTail>* torn = nullptr, const std::string& from = "0000-00",
                            const std::string& to = "9999-99") {
    std::vector<Event> out;
    j.for_each(from, to, [&](const Event& e) { out.push_back(e); }, torn);
    return out;
}

std::vector<std::string> objects(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.object);
    return out;
}

// Replaces the first `from` in the file by `to` (same length keeps the row's shape):
// what a hand edit or a corrupted block does to a row without touching its checksum.
void tamper(const std::filesystem::path& file, const std::string& from, const std::string& to) {
    std::string text = fsio::read_file(file);
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    fsio::write_atomic(file, text);
}

struct Fixture {
    TempFolder tmp;
    // The local turn's lock files go where XDG_RUNTIME_DIR says: here, so they are
    // removed with the test's folder instead of piling up in /tmp.
    bool run_made = std::filesystem::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    std::filesystem::path root = tmp / "Журнал";
    std::string share_id = "unit-" + fsio::random_token();  // keeps the local turn of this test apart
    Journal ours{root, share_id, writer("ivanova", "pc-12")};
    std::filesystem::path segment = root / "2026-11" / "ivanova@pc-12.csv";

    void append(Journal& j, Event e) { j.append(e); }
    void append(Event e) { ours.append(e); }
};

}  // namespace

TEST_CASE("journal: append then for_each returns the event with all its fields") {
    Fixture f;
    Event e = event_at("2026-11-27T10:00:00", "client:17", {{"phone", "+79123456789"}, {"qty", 3}});
    e.on_behalf = "petrov";
    e.login = "someone-else";  // append records the real login, whatever the caller says
    f.ours.append(e);
    CHECK(e.login == "ivanova");
    CHECK(e.id.rfind("2026-11-27T10:00:00-", 0) == 0);
    CHECK(f.ours.segment_path("2026-11") == f.segment);

    auto events = read_all(f.ours);
    REQUIRE(events.size() == 1);
    const Event& r = events[0];
    CHECK(r.time.iso() == "2026-11-27T10:00:00");
    CHECK(r.login == "ivanova");
    CHECK(r.on_behalf == "petrov");
    CHECK(r.kind == "call.new");
    CHECK(r.object == "client:17");
    CHECK(r.data == nlohmann::json{{"phone", "+79123456789"}, {"qty", 3}});
    CHECK(r.id == e.id);
    CHECK(r.source == f.segment.string());
    CHECK(r.line == 2);  // after the header
    CHECK(f.ours.months() == std::vector<std::string>{"2026-11"});
}

TEST_CASE("journal: a segment starts with a UTF-8 BOM and the header, rows end with CRLF") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:05:00", "client:2"));
    const std::string text = fsio::read_file(f.segment);
    CHECK(text.rfind(bom + "время;пользователь;от имени;событие;объект;данные;id;контроль\r\n", 0) == 0);
    CHECK(text.find(bom, 3) == std::string::npos);  // one header only
    CHECK(text.size() >= 2);
    CHECK(text.substr(text.size() - 2) == "\r\n");
    CHECK(std::count(text.begin(), text.end(), '\n') == 3);
}

TEST_CASE("journal: events of two machines are merged in time order") {
    Fixture f;
    Journal other(f.root, f.share_id, writer("ivanova", "pc-3"));  // same person, another PC
    Journal third(f.root, f.share_id, writer("petrov", "pc-3"));
    f.append(event_at("2026-11-27T10:00:00", "a1"));
    f.append(other, event_at("2026-11-27T09:30:00", "b1"));
    f.append(event_at("2026-11-27T11:00:00", "a2"));
    f.append(third, event_at("2026-11-27T10:45:00", "c1"));
    f.append(other, event_at("2026-11-27T10:30:00", "b2"));
    f.append(event_at("2026-12-01T08:00:00", "a3"));
    f.append(other, event_at("2026-10-31T23:59:59", "b0"));

    auto segments = fsio::list_dir(f.root / "2026-11");
    std::sort(segments.begin(), segments.end());
    CHECK(segments == std::vector<std::string>{"ivanova@pc-12.csv", "ivanova@pc-3.csv", "petrov@pc-3.csv"});

    CHECK(objects(read_all(f.ours)) == std::vector<std::string>{"b0", "b1", "a1", "b2", "c1", "a2", "a3"});
    CHECK(objects(read_all(other, nullptr, "2026-11", "2026-11")) == std::vector<std::string>{"b1", "a1", "b2", "c1", "a2"});
    CHECK(f.ours.months() == std::vector<std::string>{"2026-10", "2026-11", "2026-12"});
}

TEST_CASE("journal: data with ; \" line breaks and Cyrillic round-trips") {
    Fixture f;
    const nlohmann::json data = {{"text", "ООО \"Ромашка\"; склад\nвторая строка\r\nтретья;\"\""},
                                 {"list", {"a;b", "\"", "\n"}},
                                 {"tab", "\tx"}};
    Event e = event_at("2026-11-27T10:00:00", "клиент:\"Ромашка\"; ООО\nвторая строка", data);
    e.on_behalf = "сидорова";
    e.kind = "заявка;новая";
    f.ours.append(e);
    f.append(event_at("2026-11-27T10:01:00", "after"));

    std::vector<TornTail> torn;
    auto events = read_all(f.ours, &torn);
    CHECK(torn.empty());
    REQUIRE(events.size() == 2);
    CHECK(events[0].data == data);
    CHECK(events[0].object == e.object);
    CHECK(events[0].on_behalf == "сидорова");
    CHECK(events[0].kind == "заявка;новая");
    CHECK(events[0].id == e.id);
    CHECK(events[1].object == "after");
    CHECK(events[1].line == 4);  // the first row took two physical lines
}

TEST_CASE("journal: a torn last row is skipped and reported") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:01:00", "client:2"));

    SUBCASE("bytes without a line end (a writer killed mid-append)") {
        fsio::append_durably(f.segment, "2026-11-27T10:02:00;ivanova;;call.new;client:3;\"{\"\"phone\"\":\"\"+7");
    }
    SUBCASE("a whole row whose checksum does not match") {
        f.append(event_at("2026-11-27T10:02:00", "client:3"));
        tamper(f.segment, "client:3", "client:4");
    }
    SUBCASE("a row of zero bytes (a block the crash never wrote)") {
        fsio::append_durably(f.segment, std::string(40, '\0'));
    }
    std::vector<TornTail> torn;
    auto events = read_all(f.ours, &torn);
    CHECK(objects(events) == std::vector<std::string>{"client:1", "client:2"});
    REQUIRE(torn.size() == 1);
    CHECK(torn[0].segment == f.segment);
    CHECK(torn[0].line == 4);
    CHECK_NOTHROW(read_all(f.ours));  // without `torn` it is skipped silently
}

TEST_CASE("journal: a damaged row in the middle is Error(data) at its exact line") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:01:00", "client:2"));
    f.append(event_at("2026-11-27T10:02:00", "client:3"));
    tamper(f.segment, "client:2", "client:9");
    try {
        read_all(f.ours);
        FAIL("a damaged middle row was accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.file() == f.segment.string());
        CHECK(e.line() == 3);
        CHECK(e.where_and_what().rfind(f.segment.string() + ":3: ", 0) == 0);
    }
}

TEST_CASE("journal: the owner's next append cuts a torn tail") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    fsio::append_durably(f.segment, "2026-11-27T10:01:00;ivanova;;call.n");
    f.append(event_at("2026-11-27T10:02:00", "client:3"));
    std::vector<TornTail> torn;
    CHECK(objects(read_all(f.ours, &torn)) == std::vector<std::string>{"client:1", "client:3"});
    CHECK(torn.empty());
}

TEST_CASE("journal: a last row failing its checksum is cut by the owner, never left in the middle") {
    // A reader skips such a row as torn; if the owner's next append kept it, it would be
    // a damaged middle row and the whole month would become unreadable for everyone.
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:01:00", "client:2"));
    tamper(f.segment, "client:2", "client:7");

    SUBCASE("by the next append") {
        f.append(event_at("2026-11-27T10:02:00", "client:3"));
    }
    SUBCASE("by repair, then the next append") {
        CHECK(f.ours.repair(f.segment));
        CHECK_FALSE(f.ours.repair(f.segment));
        f.append(event_at("2026-11-27T10:02:00", "client:3"));
    }
    std::vector<TornTail> torn;
    CHECK(objects(read_all(f.ours, &torn)) == std::vector<std::string>{"client:1", "client:3"});
    CHECK(torn.empty());
}

TEST_CASE("journal: repair cuts only this host's segments") {
    Fixture f;
    Journal colleague(f.root, f.share_id, writer("sidorova", "pc-12"));  // same PC, another login
    Journal elsewhere(f.root, f.share_id, writer("petrov", "pc-3"));
    f.append(event_at("2026-11-27T10:00:00", "ours"));
    f.append(colleague, event_at("2026-11-27T10:00:01", "colleague"));
    f.append(elsewhere, event_at("2026-11-27T10:00:02", "elsewhere"));
    const auto colleague_segment = f.root / "2026-11" / "sidorova@pc-12.csv";
    const auto elsewhere_segment = f.root / "2026-11" / "petrov@pc-3.csv";

    CHECK_FALSE(f.ours.repair(f.segment));  // nothing torn: nothing cut
    const std::string intact = fsio::read_file(f.segment);
    const std::string torn_bytes = "2026-11-27T10:05:00;x;;call.new;torn";
    for (const auto& s : {f.segment, colleague_segment, elsewhere_segment}) fsio::append_durably(s, torn_bytes);
    const std::string elsewhere_before = fsio::read_file(elsewhere_segment);

    CHECK(f.ours.repair(f.segment));
    CHECK(fsio::read_file(f.segment) == intact);
    CHECK(f.ours.repair(colleague_segment));
    CHECK_FALSE(f.ours.repair(elsewhere_segment));  // pc-3's own gefest repairs it
    CHECK(fsio::read_file(elsewhere_segment) == elsewhere_before);
    CHECK(elsewhere.repair(elsewhere_segment));

    std::vector<TornTail> torn;
    CHECK(objects(read_all(f.ours, &torn)) == std::vector<std::string>{"ours", "colleague", "elsewhere"});
    CHECK(torn.empty());
}

TEST_CASE("journal: a torn first append leaves a segment that the next append completes") {
    Fixture f;
    fsio::make_dirs(f.segment.parent_path());
    fsio::append_durably(f.segment, bom + "время;пользо");  // killed while writing the header
    std::vector<TornTail> torn;
    CHECK(read_all(f.ours, &torn).empty());
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    CHECK(objects(read_all(f.ours, &torn)) == std::vector<std::string>{"client:1"});
    CHECK(fsio::read_file(f.segment).rfind(bom + "время;", 0) == 0);
}

TEST_CASE("journal: a filter hands over only the rows it wants, in time order") {
    Fixture f;
    Journal theirs{f.root, f.share_id, writer("petrov", "pc-7")};
    auto kind_at = [](const std::string& time, const std::string& kind, const std::string& object) {
        Event e = event_at(time, object);
        e.kind = kind;
        return e;
    };
    f.append(kind_at("2026-10-31T23:59:59", "call.new", "call:2026-1"));
    f.append(kind_at("2026-11-01T00:00:00", "call.new", "call:2026-2"));
    f.append(theirs, kind_at("2026-11-02T08:00:00", "order.new", "order:2026-1"));
    f.append(kind_at("2026-11-03T08:00:00", "client.add", "client:5"));
    f.append(theirs, kind_at("2026-11-30T23:59:59", "order.step", "order:2026-1"));
    f.append(kind_at("2026-12-01T00:00:00", "call.new", "call:2026-3"));

    auto read = [&](const JournalFilter& filter) {
        std::vector<std::string> out;
        f.ours.for_each("0000-00", "9999-99", [&](const Event& e) { out.push_back(e.object); }, nullptr, filter);
        return out;
    };
    JournalFilter november;
    november.since = DateTime::parse("2026-11-01T00:00:00", "t");
    november.until = DateTime::parse("2026-11-30T23:59:59", "t");
    CHECK(read(november) == std::vector<std::string>{"call:2026-2", "order:2026-1", "client:5", "order:2026-1"});
    november.kinds = {"call.", "order."};
    CHECK(read(november) == std::vector<std::string>{"call:2026-2", "order:2026-1", "order:2026-1"});
    JournalFilter one;
    one.object = "call:2026-3";
    CHECK(read(one) == std::vector<std::string>{"call:2026-3"});
    CHECK(one.wants_kind("anything"));
    CHECK_FALSE(november.wants_kind("client.add"));
    CHECK_FALSE(november.wants_kind("call"));  // a prefix of a prefix is not it
}

TEST_CASE("journal: a row a filter leaves out is still checked") {
    Fixture f;
    Event a = event_at("2026-11-27T10:00:00", "client:1");
    a.kind = "client.add";
    f.append(a);
    f.append(event_at("2026-11-27T10:01:00", "call:2"));
    f.append(event_at("2026-11-27T10:02:00", "call:3"));
    tamper(f.segment, "client:1", "client:8");
    JournalFilter calls;
    calls.kinds = {"call."};
    CHECK_THROWS_AS(f.ours.for_each("0000-00", "9999-99", [](const Event&) {}, nullptr, calls), Error);
}

TEST_CASE("journal: a row re-quoted by a hand edit (still valid) is read by the slow path") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:01:00", "client:2"));
    // Excel may save every cell quoted and the line with LF only: the bytes differ, the
    // cells (which the checksum covers) do not.
    std::string text = fsio::read_file(f.segment);
    auto at = text.find("\r\n2026-11-27T10:00:00;");
    REQUIRE(at != std::string::npos);
    text.replace(at, 22, "\r\n\"2026-11-27T10:00:00\";");
    fsio::write_atomic(f.segment, text);
    auto events = read_all(f.ours);
    REQUIRE(events.size() == 2);
    CHECK(events[0].object == "client:1");
    CHECK(events[0].time == DateTime::parse("2026-11-27T10:00:00", "t"));
}

TEST_CASE("journal: a stray quote typed into a middle row is an error at that row, not a torn tail") {
    Fixture f;
    f.append(event_at("2026-11-27T10:00:00", "client:1"));
    f.append(event_at("2026-11-27T10:01:00", "client:2"));
    f.append(event_at("2026-11-27T10:02:00", "client:3"));
    f.append(event_at("2026-11-27T10:03:00", "client:4"));
    tamper(f.segment, "client:2", "cli\"nt:2");
    std::vector<TornTail> torn;
    try {
        read_all(f.ours, &torn);
        FAIL("rows after a stray quote were skipped silently");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.file() == f.segment.string());
        CHECK(e.line() == 3);
    }
    CHECK(torn.empty());
    // The owner's next append does not cut the joined rows either: they are not its torn tail.
    f.append(event_at("2026-11-27T10:04:00", "client:5"));
    CHECK(fsio::read_file(f.segment).find("client:4") != std::string::npos);
}

namespace {

// A segment of `rows` rows of about 600 bytes each, written directly as gefest writes them
// (far more than the reader's 1 MiB chunk when rows are many).
std::string big_segment(int rows) {
    std::string text = bom + csv::write_row(Journal::header());
    for (int i = 1; i <= rows; ++i) {
        const std::string time = fmt::format("2026-11-{:02}T10:{:02}:{:02}", 1 + i / 3600, i / 60 % 60, i % 60);
        const std::string data = fmt::format(R"({{"id":"2026-{}","note":"{}"}})", i, std::string(540, 'x'));
        std::vector<std::string> cells = {time, "ivanova", "", i % 2 ? "call.new" : "client.add", fmt::format("call:2026-{}", i), data,
                                          time + "-" + std::to_string(i)};
        std::string body = csv::write_row(cells);
        body.resize(body.size() - 2);
        cells.push_back(fsio::checksum(body));
        text += csv::write_row(cells);
    }
    return text;
}

}  // namespace

TEST_CASE("journal: a segment longer than the reader's buffer is read whole, rows across its chunks intact") {
    Fixture f;
    std::filesystem::create_directories(f.segment.parent_path());
    fsio::write_atomic(f.segment, big_segment(4000));  // ~2.4 MB
    auto events = read_all(f.ours);
    REQUIRE(events.size() == 4000);
    CHECK(events[0].object == "call:2026-1");
    CHECK(events[3999].object == "call:2026-4000");
    CHECK(events[1234].data.at("note").get<std::string>().size() == 540);
    CHECK(events[1234].line == 1236);
    JournalFilter calls;
    calls.kinds = {"call."};
    int n = 0;
    f.ours.for_each("0000-00", "9999-99", [&](const Event& e) { n += e.kind == "call.new"; }, nullptr, calls);
    CHECK(n == 2000);
}

TEST_CASE("journal: a bad checksum among the rows a filter drops is an error at its FILE:LINE; a torn tail is not") {
    Fixture f;
    std::filesystem::create_directories(f.segment.parent_path());
    std::string text = big_segment(3000);
    JournalFilter calls;
    calls.kinds = {"call."};
    SUBCASE("a dropped row in the middle, past the first chunk") {
        const auto at = text.find(";client.add;call:2026-2500;");
        REQUIRE(at != std::string::npos);
        text[at + 20] = '7';  // call:2026-2700: the row's checksum no longer matches
        fsio::write_atomic(f.segment, text);
        try {
            f.ours.for_each("0000-00", "9999-99", [](const Event&) {}, nullptr, calls);
            FAIL("a damaged row the filter drops was accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::data);
            CHECK(e.file() == f.segment.string());
            CHECK(e.line() == 2501);
        }
    }
    SUBCASE("the last row torn (no line end), after the first chunk") {
        text += "2026-11-30T10:00:00;ivanova;;client.add;client:1;\"{\"\"no";
        fsio::write_atomic(f.segment, text);
        std::vector<TornTail> torn;
        int n = 0;
        f.ours.for_each("0000-00", "9999-99", [&](const Event&) { ++n; }, &torn, calls);
        CHECK(n == 1500);
        REQUIRE(torn.size() == 1);
        CHECK(torn[0].line == 3002);
    }
}

TEST_CASE("journal: the Event handed to the visitor is made anew for every row (nothing left from the row before)") {
    Fixture f;
    Event a = event_at("2026-11-27T10:00:00", "client:1", {{"x", 1}});
    a.on_behalf = "boss";
    f.append(a);
    f.append(event_at("2026-11-27T10:01:00", "client:2"));
    std::vector<Event> events = read_all(f.ours);
    REQUIRE(events.size() == 2);
    CHECK(events[0].on_behalf == "boss");
    CHECK(events[1].on_behalf == "");
    CHECK(events[1].data == nlohmann::json::object());
}
