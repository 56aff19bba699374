// check: gefest check on a share — a fresh demo copy is clean; every kind of damage is a
// Problem naming the file (and line) to look at; --repair rebuilds only what is derived
// or left behind, and only on this machine's segments.
#include "procedure/check.h"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>

#include "base/error.h"
#include "demo_share.h"
#include "store/fsio.h"
#include "store/numbers.h"
#include "store/shared_file.h"
#include "procedure/invoice.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::DemoShare;

namespace {

const std::string staff_rel = "Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml";
const std::string process_rel = "Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";
const std::string clients_rel = "Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv";
const std::string catalog_rel = "Склад ГП/Каталог.csv";
const std::string stock_rel = "Склад ГП/Остатки.csv";

// Problems that fail the check (not mount advice).
std::vector<Problem> errors(const CheckReport& r) {
    std::vector<Problem> out;
    for (const auto& p : r.problems)
        if (!p.warning) out.push_back(p);
    return out;
}

std::string dump(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) out += p.file + ":" + std::to_string(p.line) + ": " + p.message + (p.warning ? " (warning)" : "") + "\n";
    return out;
}

// Replaces the first `from` in the share's file `rel` by `to`.
void edit(const DemoShare& d, const std::string& rel, const std::string& from, const std::string& to) {
    std::string text = fsio::read_file(d.at(rel));
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    fsio::write_atomic(d.at(rel), text);
}

int dead_pid() {
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return static_cast<int>(child);
}

Identity other_pc(const Identity& me) {
    Identity id = me;
    id.login = "petrov";
    id.host = "pc-7";
    id.boot_id = "another-boot";
    return id;
}

}  // namespace

TEST_CASE("check: a fresh copy of the demo share is clean") {
    DemoShare d;
    CheckReport r = check_share(d.store, false);
    INFO(dump(r.problems));
    CHECK(errors(r).empty());
    CHECK_FALSE(r.failed());
    CHECK(r.repaired.empty());
    const auto before = testing::snapshot_tree(d.root);
    CHECK(check_share(d.store, true).repaired.empty());
    CHECK(testing::snapshot_tree(d.root) == before);  // nothing to repair: nothing touched
}

TEST_CASE("check: a broken file is a Problem naming the file and the line") {
    struct Case {
        std::string what;
        std::function<void(DemoShare&)> damage;
        std::string file;
        int line;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"staff: not TOML", [](DemoShare& d) { edit(d, staff_rel, "login = \"ivanova\"", "login = \"ivanova"); }, staff_rel, 21, ""},
        {"staff: an unknown role", [](DemoShare& d) { edit(d, staff_rel, "roles = [\"warehouse\"]", "roles = [\"склад\"]"); },
         staff_rel, 55, "'sklad' has an unknown role 'склад'"},
        {"staff: nobody owns the process", [](DemoShare& d) { edit(d, staff_rel, "roles = [\"head_of_sales\"]", "roles = []"); },
         staff_rel, 0, "nobody owns the process: no active staff member has the role head_of_sales"},
        {"staff: missing", [](DemoShare& d) { fs::remove(d.at(staff_rel)); }, staff_rel, 0, "is missing"},
        {"process: a duplicated step", [](DemoShare& d) { edit(d, process_rel, "id = \"5.2.1.2\"", "id = \"5.2.1.1\""); }, process_rel, 0,
         "step '5.2.1.1' is listed twice"},
        {"clients: a row too short", [](DemoShare& d) { edit(d, clients_rel, "\r\n2;", "\r\n2\r\n2;"); }, clients_rel, 3, ""},
        {"clients: a manager who is not a sales manager", [](DemoShare& d) { edit(d, clients_rel, ";sidorova;", ";ivanova;"); }, clients_rel, 3,
         "client 2 'АО «Тобольский механический завод»' is assigned to 'ivanova', who is not an active sales manager"},
        {"catalog: a column missing", [](DemoShare& d) { edit(d, catalog_rel, ";Цена;", ";Стоимость;"); }, catalog_rel, 1,
         "column 'Цена' is missing"},
        {"stock: missing", [](DemoShare& d) { fs::remove(d.at(stock_rel)); }, stock_rel, 0, "is missing"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        DemoShare d;
        c.damage(d);
        CheckReport r = check_share(d.store, false);
        INFO(dump(r.problems));
        CHECK(r.failed());
        auto e = errors(r);
        REQUIRE(e.size() == 1);
        CHECK(e[0].file == d.at(c.file).string());
        if (c.line > 0) CHECK(e[0].line == c.line);
        if (!c.message.empty()) CHECK(e[0].message == c.message);
    }
}

TEST_CASE("check: a claimed number without its record, and a hole in the numbers") {
    DemoShare d;
    claim_number(d.share.numbers_of("order", 2026), d.me, "2026-1").commit();  // the order itself never written
    CheckReport r = check_share(d.store, false);
    INFO(dump(r.problems));
    auto e = errors(r);
    REQUIRE(e.size() == 1);
    CHECK(e[0].message.find("order 1 of 2026 has a number but no file") == 0);

    DemoShare h;
    const fs::path calls = h.share.numbers_of("call", 2026);
    for (int i = 0; i < 3; ++i) claim_number(calls, h.me, "call.new").commit();
    fs::remove(calls / "2");
    fsio::write_atomic(calls / "next", "2\n");
    r = check_share(h.store, false);
    INFO(dump(r.problems));
    e = errors(r);
    REQUIRE(e.size() == 1);
    CHECK(e[0].file == calls.string());
    CHECK(e[0].message == "numbers 2–2 of 'call' 2026 were never claimed (a hole: claims were removed by hand?)");
    check_share(h.store, true);
    CHECK(fsio::read_file(calls / "next") == "4\n");  // the hint re-made past the last claim
}

TEST_CASE("check: a torn journal tail is a Problem; --repair cuts it on this machine's segment only") {
    DemoShare d;
    Event e;
    e.time = DateTime::parse("2026-11-27T10:00:00", "time");
    e.kind = "client.note";
    e.object = "client:1";
    d.journal().append(e);
    const fs::path ours = d.journal().segment_path("2026-11");
    const std::string whole = fsio::read_file(ours);
    fsio::append_durably(ours, "2026-11-27T10:01:00;" + d.me.login + ";;call.n");

    Journal theirs(d.at(d.share.settings().journal), d.share.settings().share_id, other_pc(d.me));
    theirs.append(e);
    const fs::path other = theirs.segment_path("2026-11");
    fsio::append_durably(other, "2026-11-27T10:01:00;petrov;;ord");

    CheckReport r = check_share(d.store, false);
    INFO(dump(r.problems));
    auto errs = errors(r);
    REQUIRE(errs.size() == 2);
    for (const auto& p : errs) {
        CHECK((p.file == ours.string() || p.file == other.string()));
        CHECK(p.line == 3);  // the header, one row, the torn one
        CHECK(p.message.rfind("torn last row", 0) == 0);
    }

    r = check_share(d.store, true);
    REQUIRE(r.repaired.size() == 1);
    CHECK(r.repaired[0] == ours.string() + ":3: cut off a torn last row");
    CHECK(fsio::read_file(ours) == whole);
    errs = errors(r);
    REQUIRE(errs.size() == 1);  // another PC's segment is left to its owner
    CHECK(errs[0].file == other.string());
}

TEST_CASE("check: temporaries of killed writers and locks of dead processes; --repair removes them") {
    DemoShare d;
    const fs::path old_tmp = d.at("Отдел продаж/~gefest-0123abcd.tmp");
    const fs::path new_tmp = d.at("Отдел продаж/~gefest-4567cdef.tmp");
    fsio::write_atomic(old_tmp, "half");
    fsio::write_atomic(new_tmp, "being written");
    testing::set_mtime(old_tmp, std::time(nullptr) - 2 * 3600);

    Identity dead = d.me;
    dead.pid = dead_pid();
    const fs::path dead_lock = d.share.private_dir() / "state/Склад ГП/Остатки.csv/lock";
    const fs::path live_lock = d.share.private_dir() / "state/Склад ГП/Каталог.csv/lock";
    auto lock_text = [](const Identity& who) {
        return "login=" + who.login + "\nhost=" + who.host + "\npid=" + std::to_string(who.pid) + "\nboot_id=" + who.boot_id +
               "\npid_start=" + std::to_string(who.pid_start) + "\ntoken=t\nstarted=2026-11-27T10:02:11\nlease_until=0\nend=1\n";
    };
    fsio::make_dirs(dead_lock.parent_path());
    fsio::make_dirs(live_lock.parent_path());
    fsio::write_atomic(dead_lock, lock_text(dead));
    fsio::write_atomic(live_lock, lock_text(d.me));  // this very process holds it

    CheckReport r = check_share(d.store, false);
    INFO(dump(r.problems));
    auto errs = errors(r);
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].file == old_tmp.string());
    CHECK(errs[0].message == "temporary file left by a killed writer; 'gefest check --repair' removes it");
    REQUIRE(r.problems.size() == 2);
    const Problem& lock = r.problems[0].warning ? r.problems[0] : r.problems[1];
    CHECK(lock.warning);  // the next writer breaks it anyway
    CHECK(lock.file == dead_lock.string());
    CHECK(lock.message.find("(pid " + std::to_string(dead.pid) + ")") != std::string::npos);

    r = check_share(d.store, true);
    CHECK(r.repaired.size() == 2);
    CHECK(r.problems.empty());
    CHECK_FALSE(fs::exists(old_tmp));
    CHECK_FALSE(fs::exists(dead_lock));
    CHECK(fs::exists(new_tmp));  // may be a writer at work
    CHECK(fs::exists(live_lock));
}

TEST_CASE("check: a human-facing file gone or stale is re-made from its last committed version") {
    DemoShare d;
    const fs::path staff = d.at(staff_rel);
    SharedFile f(staff, d.share.state_of(staff), d.me);
    const std::string first = fsio::read_file(staff);
    const std::string second = first + "\n[[staff]]\nlogin = \"novikov\"\nroles = [\"sales_manager\"]\n";
    f.update([&](const Snapshot&) { return std::optional<std::string>(first + "\n"); });
    f.update([&](const Snapshot&) { return std::optional<std::string>(second); });

    for (bool gone : {true, false}) {
        CAPTURE(gone);
        if (gone) fs::remove(staff);
        else fsio::write_atomic(staff, first + "\n");  // the previous version: a writer killed before its copy
        CheckReport r = check_share(d.store, false);
        INFO(dump(r.problems));
        auto errs = errors(r);
        REQUIRE(errs.size() == 1);
        CHECK(errs[0].file == staff.string());
        CHECK(errs[0].message.find("differs from its last committed version") == 0);

        r = check_share(d.store, true);
        REQUIRE(r.repaired.size() == 1);
        CHECK(r.repaired[0] == staff.string() + ": restored from its last committed version");
        CHECK(fsio::read_file(staff) == second);
        CHECK(errors(check_share(d.store, false)).empty());
    }
}

TEST_CASE("check_share(Session): reading needs no staff entry; repairing is a writer's") {
    DemoShare d;
    Identity stranger = d.me;
    stranger.login = "nobody";
    Session s(d.share, stranger);
    CHECK(errors(check_share(s, CheckOptions{})).empty());
    try {
        check_share(s, CheckOptions{true});
        FAIL("repaired as a login not on the staff list");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::refused);
    }
    Identity boss = d.me;
    boss.login = "boss";
    Session b(d.share, boss);
    CHECK(check_share(b, CheckOptions{true}).repaired.empty());
}

TEST_CASE("check: invoice numbers without a gap — a given-up number is a warning, a killed command's claim a problem --repair releases") {
    DemoShare d;
    const fs::path dir = d.share.numbers_of("invoice", 2026);
    auto invoice = [](std::int64_t n) {
        Invoice i;
        i.year = 2026;
        i.number = n;
        i.date = "2026-11-27";
        i.due = "2026-12-02";
        i.order = "2026-" + std::to_string(n);
        i.client = "=ООО «Ромашка»";
        i.total = Money{100000};
        return i;
    };
    claim_number(dir, d.me, "2026-1").commit();
    {
        NumberClaim given_up = claim_number(dir, d.me, "2026-2");
        claim_number(dir, d.me, "2026-3").commit();
    }  // 2's command failed after 3 was claimed
    d.store.change({Record::invoices, 2026}, [&](const Snapshot&) -> std::optional<std::string> {
        return format_invoice_register({invoice(1), invoice(3)});
    });
    // Number 4: claimed by a command killed two hours ago, before it wrote anything.
    REQUIRE(fsio::create_exclusive(dir / "4", "login=petrov\nhost=pc-7\npid=1\ntime=2026-11-27T08:00:00\nnote=2026-4\n"));
    fs::last_write_time(dir / "4", fs::file_time_type::clock::now() - std::chrono::hours(2));

    CheckReport r = check_share(d.store, false);
    INFO(dump(r.problems));
    std::vector<std::string> warnings;
    for (const auto& p : r.problems)
        if (p.warning && p.file == "invoice 2026") warnings.push_back(p.message);
    CHECK(warnings == std::vector<std::string>{"number 2 is a gap: a command gave it up, and the next one takes it"});
    auto e = errors(r);
    REQUIRE(e.size() == 1);
    CHECK(e[0].file == "invoice 2026");
    CHECK(e[0].message ==
          "number 4 was claimed by petrov@pc-7 2026-11-27T08:00:00 and never used (a killed command): 'gefest check --repair' releases it for the next one");

    r = check_share(d.store, true);
    CHECK(r.repaired == std::vector<std::string>{"invoice 2026: released number 4, claimed by petrov@pc-7 2026-11-27T08:00:00 and never used: the next one takes it"});
    CHECK(errors(check_share(d.store, false)).empty());
    CHECK(released_numbers(dir) == std::vector<std::int64_t>{2, 4});
    NumberClaim next = claim_number(dir, d.me, "2026-5");
    CHECK(next.number() == 2);  // the gap closes first
    next.commit();
    d.store.change({Record::invoices, 2026}, [&](const Snapshot&) -> std::optional<std::string> {
        return format_invoice_register({invoice(1), invoice(2), invoice(3)});
    });
    CHECK(load_invoices(d.store, 2026).at(0).client == "=ООО «Ромашка»");  // the register's guard reads back
    r = check_share(d.store, false);
    INFO(dump(r.problems));
    for (const auto& p : r.problems) CHECK(p.file != "invoice 2026");  // 4 is free above the last invoice: no gap
}
