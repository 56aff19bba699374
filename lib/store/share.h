// The share: a folder laid out like the company's \\Mainserver (DESIGN.md "The
// share"), its settings (gefest.toml) and where each record lives.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/identity.h"
#include "store/lock.h"
#include "store/shared_file.h"

namespace gefest {

/// A dated VAT rate: applies to documents dated on or after `from`.
struct VatRate {
    std::string from;  ///< YYYY-MM-DD
    int percent = 0;
};

/// A bank account of the company (for invoices and recognising incoming payments).
struct BankAccount {
    std::string bank, bik, corr_account, account;
};

/// gefest.toml, typed. Every path is relative to the share root.
struct Settings {
    std::string share_id;
    std::string company_name, legal_form, inn, kpp, ogrn, address, phone, email, director, accountant;
    std::vector<BankAccount> accounts;
    std::vector<VatRate> vat_rates;   ///< sorted by `from`
    bool vat_included = true;         ///< prices include VAT (else VAT is added on top)
    bool simplified_tax = false;      ///< УСН: documents say «Без налога (НДС)»
    std::vector<std::string> sources; ///< advertising sources offered by `call new`
    std::string routing = "round_robin";  ///< how a new client gets a manager
    std::string how_to_order;         ///< what the office manager tells a caller
    std::vector<std::string> delivery;    ///< ways of delivery told to a caller
    std::string sendmail;             ///< mail command; empty: write .eml to the outbox
    std::string mail_from;
    double lock_wait_seconds = 15;
    int lock_lease_seconds = 300;
    /// The orders index Заказы <year>.csv is rewritten by every order step while it is at
    /// most this big; beyond it, a step only notes its order, and order list and gefest check
    /// --repair bring the index up to date ([orders] index_live_kib).
    std::int64_t order_index_live_bytes = 512 * 1024;

    // Paths, relative to the root.
    std::string clients, staff, process, reports, journal, orders, claims, templates, planning, catalog, stock,
        statements, outbox;
};

class Share {
public:
    /// Opens the share at `root`: reads and checks gefest.toml. Error(config) if the
    /// folder does not exist or is not a gefest share; Error(data) at FILE:LINE if
    /// gefest.toml is malformed.
    static Share open(const std::filesystem::path& root);

    /// A share at `root` with `settings`, before its gefest.toml exists: gefest init lays
    /// it out (ShareStore::make_folders, seed, seal). Reads nothing, never throws.
    static Share prepare(const std::filesystem::path& root, Settings settings);

    /// The share folder to use: `cli_value` (--share), else GEFEST_SHARE, else `share =`
    /// in ~/.config/gefest/config.toml. Error(config) saying how to set one if none is.
    static std::filesystem::path locate(const std::optional<std::string>& cli_value);

    const std::filesystem::path& root() const { return root_; }
    const Settings& settings() const { return settings_; }
    std::filesystem::path settings_file() const { return root_ / "gefest.toml"; }

    /// `relative` resolved against the root.
    std::filesystem::path at(const std::string& relative) const { return root_ / relative; }

    /// The private state folder of a shared file (its lock and versions), mirroring
    /// its path under .gefest/state.
    std::filesystem::path state_of(const std::filesystem::path& file) const;

    /// .gefest/numbers/<kind>/<year>
    std::filesystem::path numbers_of(const std::string& kind, int year) const;

    /// .gefest/keys/<kind>: one file per external key (an e-mail's Message-ID…) so an
    /// import is recorded once.
    std::filesystem::path keys_of(const std::string& kind) const;

    /// .gefest (locks, versions, claims; never hand-edited).
    std::filesystem::path private_dir() const { return root_ / ".gefest"; }

private:
    std::filesystem::path root_;
    Settings settings_;
};

/// The share's lock settings ([locks] in gefest.toml) for a lock on `file`.
LockOptions lock_options(const Share& share, const std::filesystem::path& file);

/// `file` as a file several people change (store/shared_file.h), with its state folder on
/// `share` and the share's lock settings: the one way to open a shared record.
SharedFile shared_file(const Share& share, const Identity& me, const std::filesystem::path& file);

/// Parses gefest.toml text (exposed for tests and gefest check).
Settings parse_settings(const std::string& text, const std::string& file);

}  // namespace gefest
