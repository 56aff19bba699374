// Keeping many keys at once (Store::keep_keys: one locked write per group) and appending
// many events at once (Store::append_events: one write per month's segment), against a
// temporary share: which keys were new, keys kept one by one counting as kept, two
// writers at once, a torn version of a group, and taking both back after a failure.
#include "store/share_store.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "base/error.h"
#include "store/fsio.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

struct TempShare {
    TempFolder tmp;
    bool run_made = fs::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    fs::path root = tmp / "share";
    TempShare() {
        fsio::make_dirs(root);
        fsio::write_atomic(root / "gefest.toml", "[share]\nid = \"unit-keys\"\n");
    }
    ShareStore store() const { return ShareStore(Share::open(root), Identity::current()); }
};

// The files under `root` with their content.
std::map<std::string, std::string> files_under(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = fsio::read_file(e.path());
    return out;
}

std::vector<KeyToKeep> payments(std::initializer_list<const char*> keys, const std::string& group = "2026-11") {
    std::vector<KeyToKeep> out;
    for (const char* k : keys) out.push_back({k, group, std::string("note of ") + k});
    return out;
}

}  // namespace

TEST_CASE("keep_keys: new keys are kept, kept ones and repeats in the batch are not; one file per group") {
    TempShare t;
    ShareStore store = t.store();
    CHECK(store.keep_key("payment", "a", "kept one by one"));  // as an older gefest kept every key
    CHECK(store.keep_keys("payment", payments({"a", "b", "c", "b"})) == std::vector<bool>{false, true, true, false});
    CHECK(store.keep_keys("payment", payments({"b", "c", "d"})) == std::vector<bool>{false, false, true});
    CHECK(store.keep_keys("payment", {}).empty());
    for (const char* k : {"a", "b", "c", "d"}) CHECK(store.has_key("payment", k));
    CHECK_FALSE(store.has_key("payment", "e"));

    // On the share: one line per key, its checksum and its note, in the order kept.
    const fs::path group = t.root / ".gefest/key-groups/payment/2026-11.keys";
    CHECK(fsio::read_file(group) ==
          fsio::checksum("b") + " note of b\n" + fsio::checksum("c") + " note of c\n" + fsio::checksum("d") + " note of d\n");
    // A note is one line.
    CHECK(store.keep_keys("payment", {{"e", "2026-11", "two\nlines\r"}}) == std::vector<bool>{true});
    CHECK(fsio::read_file(group).ends_with(fsio::checksum("e") + " two lines \n"));
}

TEST_CASE("keep_keys: groups are written once each; a group name that is no file name is refused") {
    TempShare t;
    ShareStore store = t.store();
    std::vector<KeyToKeep> keys = payments({"x1", "x2"}, "2026-10");
    for (auto& k : payments({"y1", "y2", "y3"}, "2026-11")) keys.push_back(k);
    CHECK(store.keep_keys("payment", keys) == std::vector<bool>{true, true, true, true, true});
    std::size_t versions = 0;
    for (const auto& [name, text] : files_under(t.root / ".gefest/state"))
        if (name.find("/v/") != std::string::npos) ++versions;
    CHECK(versions == 2);  // one version per group, not one per key
    CHECK_FALSE(fs::exists(t.root / ".gefest/keys/payment"));
    CHECK_THROWS_AS(store.keep_keys("payment", {{"z", "../2026", ""}}), Error);
    CHECK_THROWS_AS(store.keep_keys("payment", {{"z", "", ""}}), Error);
}

TEST_CASE("keep_keys: two writers keeping the same keys: each key is new to exactly one") {
    TempShare t;
    ShareStore first = t.store(), second = t.store();
    CHECK(first.keep_keys("payment", payments({"p1", "p2"})) == std::vector<bool>{true, true});
    CHECK(second.keep_keys("payment", payments({"p2", "p3"})) == std::vector<bool>{false, true});
    CHECK(first.keep_keys("payment", payments({"p3", "p1", "p4"})) == std::vector<bool>{false, false, true});
}

TEST_CASE("keep_keys: a group's version torn by a killed writer does not count; kept keys stay kept") {
    TempShare t;
    ShareStore store = t.store();
    CHECK(store.keep_keys("payment", payments({"k1"})) == std::vector<bool>{true});
    const fs::path versions = t.root / ".gefest/state/.gefest/key-groups/payment/2026-11.keys/v";
    REQUIRE(fs::exists(versions / "1"));
    // A writer died while writing version 2: its header promises more than it holds.
    fsio::write_atomic(versions / "2", "gefest-version 2 0123456789abcdef 999\n" + fsio::checksum("k2") + " half");
    CHECK_FALSE(store.has_key("payment", "k2"));
    CHECK(store.keep_keys("payment", payments({"k1", "k2"})) == std::vector<bool>{false, true});
    CHECK(store.has_key("payment", "k1"));
    CHECK(store.has_key("payment", "k2"));
}

TEST_CASE("keep_keys: forget_key gives a grouped key back; a failed command takes the group's write back") {
    TempShare t;
    {
        ShareStore store = t.store();
        CHECK(store.keep_keys("payment", payments({"f1", "f2"})) == std::vector<bool>{true, true});
        store.forget_key("payment", "f1");
        CHECK_FALSE(store.has_key("payment", "f1"));
        CHECK(store.has_key("payment", "f2"));
        CHECK(store.keep_keys("payment", payments({"f1"})) == std::vector<bool>{true});
    }
    const auto before = files_under(t.root);
    ShareStore store = t.store();
    CHECK(store.keep_keys("payment", payments({"f3", "f4"})) == std::vector<bool>{true, true});
    store.take_back_changes();
    CHECK(files_under(t.root) == before);
    CHECK_FALSE(store.has_key("payment", "f3"));
    CHECK(store.keep_keys("payment", payments({"f3"})) == std::vector<bool>{true});
}

TEST_CASE("append_events: one write per month's segment, read back in order, taken back after a failure") {
    TempShare t;
    ShareStore store = t.store();
    std::vector<Event> events;
    for (auto [time, object] : {std::pair{"2026-11-02T10:00:00", "payment:1"}, std::pair{"2026-10-31T23:00:00", "payment:2"},
                                std::pair{"2026-11-02T10:00:00", "payment:3"}}) {
        Event e;
        e.time = DateTime::parse(time, "time");
        e.kind = "payment.import";
        e.object = object;
        events.push_back(e);
    }
    const auto before = files_under(t.root);
    store.append_events(events);
    for (const auto& e : events) CHECK_FALSE(e.id.empty());
    std::vector<std::string> read;
    store.for_each_event("2026-10", "2026-11", [&](const Event& e) { read.push_back(e.object); });
    CHECK(read == std::vector<std::string>{"payment:2", "payment:1", "payment:3"});
    store.take_back_changes();
    CHECK(files_under(t.root) == before);
}
