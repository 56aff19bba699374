// gefest check: is everything on the share readable and consistent? (And with --repair,
// rebuild what is derived.)
#pragma once

#include <string>
#include <vector>

#include "base/problem.h"
#include "store/session.h"
#include "store/store.h"

namespace gefest {

/// The problems found (StoreCheck::problems) and what --repair did (repaired, one line
/// each).
struct CheckReport : StoreCheck {
    bool failed() const;
};

/// Parses every record gefest owns in `store`, checks the orders against their numbers
/// and index, and runs the store's checks: how it is reached (the mount), the whole
/// journal, numbering (holes), locks left by dead processes, temporaries left by killed
/// writers. With `repair`, rebuilds what is derived: cuts torn journal tails of this
/// machine's segments, removes dead locks and old temporaries, re-creates number hints
/// and human-facing files from their last committed version.
/// With `settings` (the share's), check_order_registers too.
CheckReport check_share(Store& store, bool repair, const Settings* settings = nullptr);

/// The numbers people see (invoices, orders, claims) held against their registers, per
/// year: a number claimed but in no record below the last one issued is a gap. Released
/// numbers (the next claimant takes them) are warnings; a claim neither released nor
/// used for an hour is a problem (a killed command), released with `repair`. Unreadable
/// registers are skipped (their own checks report them). Throws Error(io) only if
/// storage fails.
void check_issued_numbers(Store& store, bool repair, CheckReport& out);

/// What is derived from the orders, held against them (check_orders.cpp): every row of
/// the orders index Заказы <year>.csv against its заказ.toml (date, client, manager,
/// payment, total, next step, folder; a row of no order), a missing reservations
/// register Резервы.csv while open orders hold stock, and an order whose total no
/// longer matches the invoice issued for it (changed by hand after). With `repair` an
/// index that differs is rebuilt from the orders and a missing reservations register
/// from the open orders (what each confirmed order has still to ship, reserved as
/// `order cash`/`export-1c` do, by number); the prices are reported only. Unreadable
/// orders and registers are left to their own checks. Throws Error(io)/Error(busy).
void check_order_registers(Store& store, const Settings& settings, bool repair, StoreCheck& out);

/// gefest check's options.
struct CheckOptions {
    bool repair = false;
};
/// gefest check on the session's share: check_share, after the checks of a writer
/// (Session::writing) when repairing. The report is the caller's to show; it does not
/// throw for the problems it lists.
CheckReport check_share(Session& session, const CheckOptions& options);

}  // namespace gefest
