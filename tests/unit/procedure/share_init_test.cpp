// share_init: gefest init makes the layout of a share that opens and checks clean, with
// the one who ran it as the owner of the process; it never touches an existing share.
#include "procedure/share_init.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/csv.h"
#include "documents/documents.h"
#include "failure.h"
#include "formats/registers.h"
#include "procedure/check.h"
#include "store/fsio.h"
#include "store/share.h"
#include "store/share_store.h"
#include "store/staff.h"
#include "temp_folder.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;
using gefest::testing::TempFolder;

namespace {

Identity head() {
    Identity me = Identity::current();
    me.login = "sokolov";
    return me;
}

}  // namespace

TEST_CASE("share_init: an empty folder becomes a share that opens and checks clean") {
    TempFolder tmp;
    ScopedEnv runtime{"XDG_RUNTIME_DIR", tmp.path().string()};
    const fs::path dir = tmp / "Mainserver" / "Общая";  // made if missing
    const Identity me = head();
    init_share(dir, "ООО \"Гефест\" \\ Тюмень", me);

    Share share = Share::open(dir);
    const Settings& s = share.settings();
    CHECK(s.company_name == "ООО \"Гефест\" \\ Тюмень");  // quoted as TOML
    CHECK(s.share_id.size() >= 8);
    CHECK(s.vat_rates.size() == 2);
    for (const auto& folder : {s.reports, s.journal, s.orders, s.claims, s.templates, s.outbox, s.planning, s.statements}) {
        CAPTURE(folder);
        CHECK(fs::is_directory(share.at(folder)));
    }
    CHECK(fs::is_directory(share.private_dir() / "tmp"));

    // The process is the default matrix; the one who ran init owns it and may act for others.
    Process process = parse_process(fsio::read_file(share.at(s.process)), s.process);
    CHECK(fsio::read_file(share.at(s.process)) == default_process_toml());
    CHECK(process.knows_role("head_of_sales"));
    CHECK(process.find("5.2.9") != nullptr);
    Staff staff = parse_staff(fsio::read_file(share.at(s.staff)), s.staff, process);
    REQUIRE(staff.members.size() == 1);
    CHECK(staff.members[0].login == "sokolov");
    CHECK(staff.members[0].roles == std::vector<std::string>{"head_of_sales"});
    CHECK(staff.members[0].act_for_others);

    // Empty registers with their layouts, and every default template.
    CHECK(csv::parse(fsio::read_file(share.at(s.clients)), s.clients).header == registers::client_columns());
    CHECK(csv::parse(fsio::read_file(share.at(s.catalog)), s.catalog).header == registers::catalog_columns());
    CHECK(csv::parse(fsio::read_file(share.at(s.stock)), s.stock).header == registers::stock_columns());
    for (const auto& name : default_template_names()) CHECK(fsio::read_file(share.at(s.templates) / name) == default_template(name));

    ShareStore store(share, me);
    CheckReport r = check_share(store, false);
    std::string problems;
    for (const auto& p : r.problems) problems += p.file + ":" + std::to_string(p.line) + ": " + p.message + "\n";
    INFO(problems);
    CHECK_FALSE(r.failed());

    // Two shares made apart never share an id (it keeps their journal's local turns apart).
    init_share(tmp / "другая", "ООО «Гефест»", me);
    CHECK(Share::open(tmp / "другая").settings().share_id != s.share_id);
}

TEST_CASE("share_init: a folder that is already a share is refused and left as it was") {
    TempFolder tmp;
    const fs::path dir = tmp / "share";
    init_share(dir, "ООО «Гефест»", head());
    fsio::write_atomic(dir / "Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml", "# edited\n");
    const auto before = testing::snapshot_tree(dir);
    auto f = failure_of([&] { init_share(dir, "ООО «Другая»", head()); });
    CHECK(f.code == Errc::state);
    CHECK(f.message == "'" + dir.string() + "' is already a gefest share; nothing was changed");
    CHECK(testing::snapshot_tree(dir) == before);

    // A folder with other files in it (but no gefest.toml) may become a share; its files stay.
    const fs::path used = tmp / "used";
    fsio::make_dirs(used / "Склад ГП");
    fsio::write_atomic(used / "Склад ГП/Каталог.csv", "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\r\n");
    fsio::write_atomic(used / "Прочее.txt", "x");
    init_share(used, "ООО «Гефест»", head());
    CHECK(fsio::read_file(used / "Прочее.txt") == "x");
    CHECK(fsio::read_file(used / "Склад ГП/Каталог.csv") == "Артикул;Наименование;Ед. изм.;Цена;Ставка НДС;Срок изготовления, дней\r\n");
    CHECK_NOTHROW(Share::open(used));
}

TEST_CASE("share_init: the default process matrix names only its own roles and every step once") {
    Process p = parse_process(default_process_toml(), "Процесс.toml");  // throws on an unknown role or a duplicated step
    CHECK(p.roles.size() == 7);
    CHECK(p.roles.front().first == "head_of_sales");
    REQUIRE(p.find("5.2.1.1"));
    CHECK(p.may(*p.find("5.2.1.1"), {"office_manager"}));
    CHECK(p.find("5.2.1.1")->deadline_hours == 4);
    // The demo share runs the same matrix.
    CHECK(fsio::read_file(GEFEST_DATA "/demo/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml") == default_process_toml());
}

TEST_CASE("share_init: gefest init's options; the one running it owns the process") {
    TempFolder tmp;
    ScopedEnv runtime{"XDG_RUNTIME_DIR", tmp.path().string()};
    InitOptions o;
    o.dir = (tmp / "share").string();
    CHECK(o.company == "ООО «Гефест»");
    CHECK(init_share(head(), o) == "sokolov");
    Share share = Share::open(o.dir);
    CHECK(share.settings().company_name == "ООО «Гефест»");
    const Process process = parse_process(fsio::read_file(share.at(share.settings().process)), "Процесс.toml");
    const Staff staff = parse_staff(fsio::read_file(share.at(share.settings().staff)), "Сотрудники.toml", process);
    REQUIRE(staff.find("sokolov"));
    CHECK(is_process_owner(process, *staff.find("sokolov")));
    CHECK(failure_of([&] { init_share(head(), o); }).code == Errc::state);
}
