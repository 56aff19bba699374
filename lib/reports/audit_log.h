// The audit trail as people read it (gefest log): journal rows of a period, filtered by
// order, client or person, each told in one line — when, who (and for whom), what,
// which record. Every kind of lib/procedure/events/ is read through its struct; the
// store's own rows (record.hand_edit) by their keys; a kind this gefest does not know
// (a newer one) is shown by its kind and object, never dropped.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "store/journal.h"
#include "store/session.h"

namespace gefest {

/// What gefest log shows.
struct AuditOptions {
    std::string month;       ///< YYYY-MM; excludes from/to
    std::string from, to;    ///< dates as typed (YYYY-MM-DD or DD.MM.YYYY), both included
    std::string order;       ///< "2026-5" (or "5": this year's): that order, its invoices, payments, claims, survey
    std::string client;      ///< a client's id: its rows, inquiries and the rows of its orders
    std::string person;      ///< a login: rows written by or for them, and about them (staff)
};

/// One journal row as people read it.
struct AuditEntry {
    DateTime time;
    std::string login;      ///< who ran gefest
    std::string on_behalf;  ///< for whom (--user), "" if for themselves
    std::string name;       ///< the acting person's name from the staff list ("" if unknown)
    std::string kind;       ///< the row's kind, e.g. "order.step"
    std::string object;     ///< the record, e.g. "order:2026-5"
    std::string what;       ///< one line (no line breaks), in the user's language
    std::string source;     ///< the journal segment and line, for who wants to look
};

/// The rows of the period that pass the filters, in journal order. The period: --month,
/// or --from/--to (either may be left out: the start of --to's month, today), or, with
/// none of them, the current month — or for --order, from the order's year to today.
/// Reads only the journal months of the period, the staff list, and with --client the
/// orders index of the period's years. Error(usage) for --month with --from/--to, a
/// malformed month, date, order or client, or a period that ends before it starts;
/// Error(data) FILE:LINE for a damaged journal row.
std::vector<AuditEntry> audit_log(Session& session, const AuditOptions& options);

/// The line that tells `event` (AuditEntry::what), through tr(); roles named as
/// `process` labels them (Process::roles_label). Error(data) FILE:LINE for a row of a
/// known kind with a malformed field.
std::string describe_event(const Event& event, const Process& process);

}  // namespace gefest
