// Taking back what a failed command wrote (Store::take_back_changes and the pieces it is
// made of): a record's change, a journal row and a committed number each go back byte for
// byte, and each stays when someone has built on it since.
#include <doctest/doctest.h>

#include <map>

#include "base/clock.h"
#include "store/fsio.h"
#include "store/journal.h"
#include "store/numbers.h"
#include "store/shared_file.h"
#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;

namespace {

Identity tester() {
    Identity id = Identity::current();  // this process: its lock is never taken as stale
    id.login = "petrov";
    id.host = "pc-12";
    return id;
}

// The files under `root` (folders left empty by a take-back do not count: nobody sees them).
std::map<std::string, std::string> files_under(const std::filesystem::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) out[std::filesystem::relative(e.path(), root).string()] = fsio::read_file(e.path());
    return out;
}

std::optional<std::string> text(const std::string& s) { return s; }

}  // namespace

TEST_CASE("take back: a record's change goes back byte for byte, pruned version included") {
    TempFolder tmp;
    const auto file = tmp / "Остатки.csv";
    SharedFile f(file, tmp / ".gefest/state/Остатки.csv", tester());
    for (int i = 1; i <= SharedFile::kept_versions + 1; ++i) f.update([&](const Snapshot&) { return text("v" + std::to_string(i)); });
    fsio::write_atomic(file, "a hand edit\n");
    const auto before = files_under(tmp.path());
    SharedFile::Replaced r;
    f.update([](const Snapshot& s) { return text(*s.content + "and ours\n"); }, r);
    CHECK(r.generation == SharedFile::kept_versions + 2);
    CHECK(r.pruned_version.has_value());
    CHECK(f.take_back(r));
    CHECK(files_under(tmp.path()) == before);
    CHECK(*f.read().content == "a hand edit\n");
}

TEST_CASE("take back: a change someone committed past stays") {
    TempFolder tmp;
    SharedFile f(tmp / "Резервы.csv", tmp / ".gefest/state/Резервы.csv", tester());
    SharedFile::Replaced r;
    f.update([](const Snapshot&) { return text("ours\n"); }, r);
    f.update([](const Snapshot& s) { return text(*s.content + "theirs\n"); });
    CHECK_FALSE(f.take_back(r));
    CHECK(*f.read().content == "ours\ntheirs\n");
}

TEST_CASE("take back: a new record goes, and so does its file") {
    TempFolder tmp;
    SharedFile f(tmp / "заказ.toml", tmp / ".gefest/state/заказ.toml", tester());
    SharedFile::Replaced r;
    f.update([](const Snapshot&) { return text("number = 1\n"); }, r);
    CHECK(f.take_back(r));
    CHECK(files_under(tmp.path()).empty());
    CHECK_FALSE(f.read().content.has_value());
}

TEST_CASE("take back: a journal row is cut off its segment, a segment it made is removed") {
    TempFolder tmp;
    std::filesystem::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    Journal j(tmp / "Журнал", "unit-" + fsio::random_token(), tester());
    auto row = [](const std::string& object) {
        Event e;
        e.time = DateTime::parse("2026-11-27T10:00:00", "test");
        e.kind = "call.new";
        e.object = object;
        return e;
    };
    Event first = row("call:2026-1");
    Journal::Appended made;
    j.append(first, made);
    CHECK_FALSE(made.existed);
    CHECK(j.take_back(made));
    CHECK_FALSE(fsio::exists(made.segment));

    Event kept = row("call:2026-1");
    j.append(kept);
    const std::string before = fsio::read_file(made.segment);
    Event second = row("call:2026-2");
    Journal::Appended appended;
    j.append(second, appended);
    CHECK(j.take_back(appended));
    CHECK(fsio::read_file(appended.segment) == before);

    // A row appended after ours keeps ours where it is.
    j.append(second, appended);
    Event third = row("call:2026-3");
    j.append(third);
    CHECK_FALSE(j.take_back(appended));
}

TEST_CASE("take back: a committed number is released for the next claimant, whoever claimed past it") {
    TempFolder tmp;
    const auto dir = tmp / "numbers/invoice/2026";
    Identity me = tester();
    claim_number(dir, me, "one").commit();
    claim_number(dir, me, "two").commit();
    NumberClaim third = claim_number(dir, me, "three");
    third.commit();
    CHECK(take_back_claim(dir, 3));
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{3});
    CHECK(take_back_claim(dir, 3));  // released already: nothing more
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{3});
    CHECK(claim_number(dir, me, "three again").number() == 3);

    claim_number(dir, me, "four").commit();
    claim_number(dir, me, "five").commit();
    CHECK(take_back_claim(dir, 4));  // someone claimed past it: released all the same
    CHECK(fsio::exists(dir / "4"));
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{4});
    CHECK(claim_number(dir, me, "four again").number() == 4);
    CHECK_FALSE(take_back_claim(dir, 9));  // never claimed
}
