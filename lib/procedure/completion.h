// The values a shell completes from the share (gefest __complete, the bash and zsh
// completion scripts): staff logins, clients, orders, invoices, SKUs, advertising
// sources, months. Each kind reads one register, as the list command of it does.
#pragma once

#include <string>
#include <vector>

#include "store/session.h"

namespace gefest {

/// What a value of an option or argument is completed from.
enum class Completion {
    none,          ///< nothing from the share (free text, a file: the shell's own)
    staff,         ///< active staff logins (Сотрудники.toml)
    client_ids,    ///< client numbers (База клиентов)
    client_names,  ///< client names (База клиентов)
    orders,        ///< this year's order numbers (Заказы <year>.csv)
    invoices,      ///< this year's invoice numbers (the invoice register)
    skus,          ///< SKUs of the catalog (Каталог.csv)
    sources,       ///< advertising sources ([intake] sources of gefest.toml)
    months,        ///< YYYY-MM: this month and the eleven before it (no file)
};

/// The values of `kind` on the session's share, in the register's order (months: newest
/// first); none for Completion::none. Throws what the register's reader throws
/// (Error(data) FILE:LINE for a broken register); a missing register gives none.
std::vector<std::string> completion_values(Session& session, Completion kind);

/// The months of Completion::months, counted back from `today` (no share needed).
std::vector<std::string> recent_months(const Date& today);

}  // namespace gefest
