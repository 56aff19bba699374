// Journal rows of invoices and payments (5.2.3.5, 5.2.4.3). Object "invoice:<year>-<n>"
// or "payment:<id>" (an incoming payment, by its bank document or the manual entry).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/money.h"
#include "procedure/events/event.h"

namespace gefest::events {

/// invoice.issue: an invoice was issued for an order.
struct InvoiceIssue {
    static constexpr const char* kind = "invoice.issue";
    std::string order;       ///< the order's key
    std::int64_t number = 0;
    std::string date, due;   ///< YYYY-MM-DD
    std::string client, inn;
    Money total, vat;
    std::string status;      ///< the invoice's status after the change
    std::string date_reason;  ///< why it is dated before its order or into another VAT period ("" : it is not)
};
GEFEST_EVENT_FIELDS(InvoiceIssue, order, number, date, due, client, inn, total, vat, status, date_reason)

/// invoice.send: the invoice (with contract and specification) went to the client.
struct InvoiceSend {
    static constexpr const char* kind = "invoice.send";
    std::string order;
    std::string to, via, message_id, eml;  ///< the address, "outbox" | "sendmail", the message
    std::string status;
};
GEFEST_EVENT_FIELDS(InvoiceSend, order, to, via, message_id, eml, status)

/// invoice.cancel: the invoice was made void (its order changed or cancelled); its
/// number stays used.
struct InvoiceCancel {
    static constexpr const char* kind = "invoice.cancel";
    std::string order;
    std::string reason;
    std::string replaced_by;  ///< the invoice issued instead ("" : none)
    std::string status;       ///< "cancelled"
};
GEFEST_EVENT_FIELDS(InvoiceCancel, order, reason, replaced_by, status)

/// invoice.paid: the invoice is paid in full; its order goes on to 5.2.4.4.
struct InvoicePaid {
    static constexpr const char* kind = "invoice.paid";
    std::string order;
    Money total;
    std::string manager;     ///< who was told
    std::string order_step;  ///< "5.2.4.3" when the step was marked, else why not
};
GEFEST_EVENT_FIELDS(InvoicePaid, order, total, manager, order_step)

/// invoice.balance: a payment changed what is paid on the invoice (a bank statement, a
/// manual payment, an advance applied): its paid amount and status after the change, as
/// the invoice register now holds them. Process control keeps its invoices to watch from
/// these rows, not from the registers.
struct InvoiceBalance {
    static constexpr const char* kind = "invoice.balance";
    std::string order;
    Money paid;
    std::string status;  ///< "partly_paid" | "paid" | …: the invoice's status after the change
};
GEFEST_EVENT_FIELDS(InvoiceBalance, order, paid, status)

/// invoice.remind: a payment reminder was sent (or journaled where no e-mail is on file).
struct InvoiceRemind {
    static constexpr const char* kind = "invoice.remind";
    std::string level;                ///< who was reminded: remind_level (below)
    std::vector<std::string> to;      ///< the addresses
    std::int64_t days_overdue = 0;
    Money balance;
};
GEFEST_EVENT_FIELDS(InvoiceRemind, level, to, days_overdue, balance)

/// payment.import | payment.manual | payment.assign | payment.advance (object
/// "payment:<id>"): an incoming payment and how it was allocated to invoices.
struct PaymentRecorded {
    static constexpr const char* kinds[] = {"payment.import", "payment.manual", "payment.assign", "payment.advance"};
    Money amount;
    std::string payer_inn, client_inn;
    std::map<std::string, Money> allocations;  ///< invoice key → amount
    std::string status, reason, source;
};
GEFEST_EVENT_FIELDS(PaymentRecorded, amount, payer_inn, client_inn, allocations, status, reason, source)

/// payment.advance (object "invoice:<key>"): an advance of the client was applied to the
/// invoice; `paid` is the invoice's paid amount after it.
struct AdvanceApplied {
    static constexpr const char* kind = "payment.advance";
    Money paid;
};
GEFEST_EVENT_FIELDS(AdvanceApplied, paid)

/// The levels of an invoice.remind row (and of the reminder keys, "2026-4|manager").
namespace remind_level {
inline const std::string manager = "manager";  ///< the order's sales manager
inline const std::string client = "client";    ///< the client, from [payments] client_template
inline const std::string owner = "owner";      ///< the owner of the process (Process::owner_roles): the escalation
/// The owner's level as rows and keys written before it had a neutral name call it (a
/// level name, not a role check).
inline const std::string owner_before = "head_of_sales";
/// `level` as it is named now: owner_before reads as owner.
inline std::string current(const std::string& level) { return level == owner_before ? owner : level; }
}  // namespace remind_level

}  // namespace gefest::events
