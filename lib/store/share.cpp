#include "store/share.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/toml_util.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

const toml::table* subtable(const toml::table& t, std::string_view key, const std::string& file) {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (const toml::table* sub = n->as_table()) return sub;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' must be a table ([{}])")), key, key), file, tomlu::line_of(*n));
}

void read_path(const toml::table* paths, std::string_view key, std::string& out, const std::string& file) {
    if (!paths) return;
    if (auto v = tomlu::opt_string(*paths, key, file)) {
        if (v->empty() || (*v)[0] == '/' || v->find("..") != std::string::npos)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("paths.{} must be a path inside the share, not '{}'")), key, *v), file,
                        tomlu::line_of(*paths->get(key)));
        out = *v;
    }
}

}  // namespace

namespace {

// Where each file lives, mirroring the company's \\Mainserver layout (DESIGN.md);
// [paths] in gefest.toml may move any of them.
struct PathSetting {
    const char* key;
    std::string Settings::*member;
    const char* default_path;
};
const PathSetting path_settings[] = {
    {"clients", &Settings::clients, "Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"},
    {"staff", &Settings::staff, "Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml"},
    {"process", &Settings::process, "Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml"},
    {"reports", &Settings::reports, "Отдел продаж/ОФИС-МЕНЕДЖЕР/Отчет о заявках и заказах"},
    {"journal", &Settings::journal, "Отдел продаж/Журнал"},
    {"orders", &Settings::orders, "Отдел продаж/Заказы"},
    {"claims", &Settings::claims, "Отдел продаж/Претензии"},
    {"templates", &Settings::templates, "Отдел продаж/Шаблоны"},
    {"outbox", &Settings::outbox, "Отдел продаж/Исходящие"},
    {"planning", &Settings::planning, "Плановый отдел"},
    {"catalog", &Settings::catalog, "Склад ГП/Каталог.csv"},
    {"stock", &Settings::stock, "Склад ГП/Остатки.csv"},
    {"statements", &Settings::statements, "Бухгалтерия/Выписки"},
};

void read_company(const toml::table& c, Settings& s, const std::string& file) {
    s.company_name = tomlu::opt_string(c, "name", file).value_or("");
    s.legal_form = tomlu::opt_string(c, "legal_form", file).value_or("");
    s.inn = tomlu::opt_string(c, "inn", file).value_or("");
    s.kpp = tomlu::opt_string(c, "kpp", file).value_or("");
    s.ogrn = tomlu::opt_string(c, "ogrn", file).value_or("");
    s.address = tomlu::opt_string(c, "address", file).value_or("");
    s.phone = tomlu::opt_string(c, "phone", file).value_or("");
    s.email = tomlu::opt_string(c, "email", file).value_or("");
    s.director = tomlu::opt_string(c, "director", file).value_or("");
    s.accountant = tomlu::opt_string(c, "accountant", file).value_or("");
}

void read_bank_accounts(const toml::node& n, Settings& s, const std::string& file) {
    const toml::array* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables())
        throw Error(Errc::data, tr("'bank_account' must be written as [[bank_account]] tables"), file, tomlu::line_of(n));
    for (const auto& item : *arr) {
        const toml::table& t = *item.as_table();
        s.accounts.push_back({tomlu::opt_string(t, "bank", file).value_or(""), tomlu::opt_string(t, "bik", file).value_or(""),
                              tomlu::opt_string(t, "corr_account", file).value_or(""), tomlu::need_string(t, "account", file)});
    }
}

VatRate read_vat_rate(const toml::table& t, const std::string& file) {
    VatRate r;
    r.from = tomlu::need_string(t, "from", file);
    Date d;
    if (!Date::try_parse(r.from, d))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("'from' must be a date YYYY-MM-DD, not '{}'")), r.from), file, tomlu::line_of(t));
    r.from = d.iso();
    auto p = tomlu::opt_int(t, "percent", file);
    if (!p || *p < 0 || *p > 100) throw Error(Errc::data, tr("'percent' must be a whole number from 0 to 100"), file, tomlu::line_of(t));
    r.percent = static_cast<int>(*p);
    return r;
}

void read_vat(const toml::table& vat, Settings& s, const std::string& file) {
    s.vat_included = tomlu::opt_bool(vat, "included", file).value_or(true);
    s.simplified_tax = tomlu::opt_bool(vat, "simplified", file).value_or(false);
    const toml::node* n = vat.get("rate");
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr || !arr->is_array_of_tables()) throw Error(Errc::data, tr("'vat.rate' must be written as [[vat.rate]] tables"), file, tomlu::line_of(*n));
    for (const auto& item : *arr) s.vat_rates.push_back(read_vat_rate(*item.as_table(), file));
    std::sort(s.vat_rates.begin(), s.vat_rates.end(), [](auto& a, auto& b) { return a.from < b.from; });
}

void read_intake(const toml::table& in, Settings& s, const std::string& file) {
    s.sources = tomlu::opt_strings(in, "sources", file);
    s.routing = tomlu::opt_string(in, "routing", file).value_or("round_robin");
    if (s.routing != "round_robin" && s.routing != "least_loaded")
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("intake.routing must be \"round_robin\" or \"least_loaded\", not '{}'")), s.routing),
                    file, tomlu::line_of(*in.get("routing")));
    s.how_to_order = tomlu::opt_string(in, "how_to_order", file).value_or("");
    s.delivery = tomlu::opt_strings(in, "delivery", file);
}

}  // namespace

Settings parse_settings(const std::string& text, const std::string& file) {
    toml::table root = tomlu::parse(text, file);
    Settings s;
    const toml::table* share = subtable(root, "share", file);
    if (!share) throw Error(Errc::config, tr("this is not a gefest share: [share] with its id is missing"), file, 1);
    s.share_id = tomlu::need_string(*share, "id", file);
    if (const toml::table* c = subtable(root, "company", file)) read_company(*c, s, file);
    if (const toml::node* n = root.get("bank_account")) read_bank_accounts(*n, s, file);
    if (const toml::table* vat = subtable(root, "vat", file)) read_vat(*vat, s, file);
    if (const toml::table* in = subtable(root, "intake", file)) read_intake(*in, s, file);
    if (const toml::table* mail = subtable(root, "mail", file)) {
        s.sendmail = tomlu::opt_string(*mail, "sendmail", file).value_or("");
        s.mail_from = tomlu::opt_string(*mail, "from", file).value_or("");
    }
    if (const toml::table* locks = subtable(root, "locks", file)) {
        if (auto w = tomlu::opt_int(*locks, "wait_seconds", file)) s.lock_wait_seconds = static_cast<double>(*w);
        if (auto l = tomlu::opt_int(*locks, "lease_seconds", file)) s.lock_lease_seconds = static_cast<int>(*l);
    }
    if (const toml::table* orders = subtable(root, "orders", file)) {
        if (auto kib = tomlu::opt_int(*orders, "index_live_kib", file)) {
            if (*kib < 0)
                throw Error(Errc::data, tr("[orders] index_live_kib must not be negative"), file, tomlu::line_of(*orders->get("index_live_kib")));
            s.order_index_live_bytes = *kib * 1024;
        }
    }
    const toml::table* paths = subtable(root, "paths", file);
    for (const auto& p : path_settings) {
        s.*p.member = p.default_path;
        read_path(paths, p.key, s.*p.member, file);
    }
    return s;
}

Share Share::open(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        throw Error(Errc::config, fmt::format(fmt::runtime(tr("share folder '{}' does not exist (is the network drive mounted?)")), root.string()));
    const fs::path settings = root / "gefest.toml";
    auto text = fsio::read_file_if_exists(settings, true);
    if (!text)
        throw Error(Errc::config, fmt::format(fmt::runtime(tr("'{}' is not a gefest share: it has no gefest.toml (create one with 'gefest init')")),
                                              root.string()));
    Share share;
    share.root_ = root;
    share.settings_ = parse_settings(*text, settings.string());
    return share;
}

Share Share::prepare(const fs::path& root, Settings settings) {
    Share share;
    share.root_ = root;
    share.settings_ = std::move(settings);
    return share;
}

fs::path Share::locate(const std::optional<std::string>& cli_value) {
    if (cli_value && !cli_value->empty()) return *cli_value;
    if (const char* env = std::getenv("GEFEST_SHARE"); env && *env) return env;
    const char* home = std::getenv("HOME");
    std::string config_dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) config_dir = xdg;
    else if (home) config_dir = std::string(home) + "/.config";
    if (!config_dir.empty()) {
        fs::path config = fs::path(config_dir) / "gefest" / "config.toml";
        if (auto text = fsio::read_file_if_exists(config)) {
            toml::table t = tomlu::parse(*text, config.string());
            if (auto v = tomlu::opt_string(t, "share", config.string()); v && !v->empty()) return *v;
        }
    }
    throw Error(Errc::config, tr("no share is set: use --share DIR, or GEFEST_SHARE, or share = \"DIR\" in ~/.config/gefest/config.toml"));
}

fs::path Share::state_of(const fs::path& file) const {
    return private_dir() / "state" / fs::relative(file, root_);
}

fs::path Share::numbers_of(const std::string& kind, int year) const {
    return private_dir() / "numbers" / kind / std::to_string(year);
}

fs::path Share::keys_of(const std::string& kind) const { return private_dir() / "keys" / kind; }

LockOptions lock_options(const Share& share, const fs::path& file) {
    LockOptions lo;
    lo.wait_seconds = share.settings().lock_wait_seconds;
    lo.lease_seconds = share.settings().lock_lease_seconds;
    lo.subject = file.string();
    return lo;
}

SharedFile shared_file(const Share& share, const Identity& me, const fs::path& file) {
    SharedFile f(file, share.state_of(file), me);
    f.set_lock_options(lock_options(share, file));
    return f;
}

}  // namespace gefest
