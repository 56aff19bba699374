// gefest debug …: probes of the storage layer for the concurrency, crash and SMB tests
// (hidden from --help; documented in gefest-debug(1)). They use exactly the code paths
// the real commands use — number claims, journal appends, locked shared-file updates —
// and report each step through a callback the moment it is durable, so a test that kills
// a probe knows what it had acknowledged.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/session.h"

namespace gefest {

/// The probes' options (each uses some).
struct DebugOptions {
    std::string kind = "debug";  ///< claim-numbers: the kind of number (a folder under .gefest/numbers)
    int year = 0;                ///< claim-numbers: the numbering's year; 0 = this year
    int count = 1;               ///< how many claims, rows or increments
    std::string tag = "t";       ///< journal-write: written into each row
    std::string key = "counter"; ///< update-counter, counter-value: which counter
};

/// Claims and commits `count` numbers of `kind`, calling `claimed` with each.
void debug_claim_numbers(Session& session, const DebugOptions& options, const std::function<void(std::int64_t)>& claimed);

/// Appends `count` debug.stress rows, calling `written(i)` after each is durable.
void debug_journal_write(Session& session, const DebugOptions& options, const std::function<void(int)>& written);

/// `count` locked read-modify-write increments of the counter file of `key` (under the
/// share's private folder), calling `written` with each value committed.
void debug_update_counter(Session& session, const DebugOptions& options, const std::function<void(long long)>& written);

/// Makes `count` orders (create_order, as `order new` does; a non-standard line of 1,00,
/// client `tag`) and changes each once (change_order: its first step marked done),
/// calling `made` with each order's number once that change is durable: the orders
/// index's notes and refresh, as order steps use them ([orders] index_live_kib).
void debug_order_steps(Session& session, const DebugOptions& options, const std::function<void(std::int64_t)>& made);

/// The counter's committed value (0 if it was never written).
long long debug_counter_value(Session& session, const DebugOptions& options);

/// Every journal row, as "login<TAB>kind<TAB>object<TAB>data" lines (data compact JSON),
/// each passed to `line` in journal order.
void debug_journal_dump(Session& session, const std::function<void(const std::string&)>& line);

}  // namespace gefest
