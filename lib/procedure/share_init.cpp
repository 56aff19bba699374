// gefest init: the folders, settings, staff list, matrix, registers and templates of a
// new share, from the defaults built into the program (data/defaults/). A new share is a
// new shared-folder store: its layout is ShareStore's (make_folders, seed, seal).
#include "procedure/share_init.h"

#include <fmt/format.h>

#include "base/csv.h"
#include "documents/documents.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/input.h"
#include "formats/registers.h"
#include "store/share.h"
#include "store/share_store.h"
#include "store/process.h"
#include "store/staff.h"
#include "base/toml_util.h"
#include "store/defaults.h"

namespace gefest {

namespace fs = std::filesystem;

const char* const default_process_file = "Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml";

const std::string& default_process_toml() {
    static const std::string text(default_file(default_process_file));
    return text;
}

namespace {

std::string default_settings(const std::string& company, const std::string& share_id) {
    return fmt::format(fmt::runtime(default_file("gefest.toml")), fmt::arg("share_id", tomlu::quote(share_id)), fmt::arg("company", tomlu::quote(company)));
}

}  // namespace

void init_share(const fs::path& dir, const std::string& company, const Identity& me) {
    me.require_usable();  // the first staff member's login, and the name of its journal segment
    input::require_name(company, "--company", input::max_name);
    if (ShareStore::is_share(dir))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is already a gefest share; nothing was changed")), dir.string()));
    const std::string share_id = fsio::random_token();
    const std::string settings_text = default_settings(company, share_id);
    ShareStore store(Share::prepare(dir, parse_settings(settings_text, "gefest.toml")), me);
    store.make_folders();

    Process process = parse_process(default_process_toml(), store.name({Record::process}));
    Staff staff;
    StaffMember head;
    head.login = me.login;
    head.name = me.login;
    head.roles = process.owner_roles();  // the owner of the process, as the matrix says
    head.act_for_others = true;
    staff.members.push_back(head);

    store.seed({Record::process}, default_process_toml());
    store.seed({Record::staff}, format_staff(staff, process));
    store.seed({Record::clients}, csv::write(csv::Table{registers::client_columns(), {}}));
    store.seed({Record::catalog}, csv::write(csv::Table{registers::catalog_columns(), {}}));
    store.seed({Record::stock}, csv::write(csv::Table{registers::stock_columns(), {}}));
    // No carrier yet, only the format and a commented example, so that the planner who
    // fills it in has the file where gefest ship carrier looks for it.
    store.seed({Record::carriers}, std::string(default_file("Склад ГП/Транспортные компании.toml")));
    // lib/documents/documents.h default_template_names(): Счет, Договор, Спецификация, Лист подбора,
    // Упаковочный лист, Товарная накладная (files that exist are kept).
    write_default_templates(store.templates_folder());

    if (!store.seal(settings_text))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is already a gefest share; nothing was changed")), dir.string()));
}

std::string init_share(const Identity& me, const InitOptions& options) {
    init_share(options.dir, options.company, me);
    return me.login;
}

}  // namespace gefest
