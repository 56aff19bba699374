// Debts and payment reminders (procedure 02-006, 5.2.4.3; gefest invoice list
// --unpaid|--overdue and invoice remind): the invoices with money owed, their days
// overdue, and the reminders due on them — to the order's manager and, with a
// template, the client once an invoice is overdue, to the owner of the process when it
// stays overdue. A reminder goes once per invoice and level, guarded by the store's
// key ("reminder", "2026-4|manager").
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "documents/mail_out.h"
#include "procedure/invoice.h"
#include "store/share.h"
#include "store/store.h"

namespace gefest {

/// [payments] of gefest.toml, read here (not in Settings): remind_after_days (1),
/// escalate_after_days (7), client_template ("" : no reminder to clients; else a text
/// file relative to the share with {invoice} {date} {total} {balance} {due} {days}
/// {client} {company}). Error(data) FILE:LINE for a wrong type, Error(config) for
/// escalate_after_days below remind_after_days.
struct PaymentSettings {
    int remind_after_days = 1;
    int escalate_after_days = 7;
    std::string client_template;
};
PaymentSettings load_payment_settings(const Share& share);

/// An invoice with money still owed.
struct DebtRow {
    Invoice invoice;
    Money balance;
    int days_overdue = 0;     ///< 0 : not overdue
    std::string manager;      ///< the order's manager (orders index)
    std::string next_step;    ///< the order's next step (orders index)
    std::int64_t client_id = 0;  ///< the order's client (orders index; 0: unknown), for a client without an ИНН
};
/// Invoices of `year` (0: this and last year) that are not cancelled and not paid in
/// full, with «Оплачено» from the payments register; `overdue_only`: due before `today`.
/// Sorted by days overdue, most first, then by key.
std::vector<DebtRow> invoice_debts(const Store& store, const Settings& share_settings, Date today, bool overdue_only, int year = 0);

/// A reminder to send, at a level of events::remind_level: "manager" (the order's
/// manager), "client" (with a template) or "owner" (the escalation to the owner of the
/// process).
struct Reminder {
    DebtRow debt;
    std::string level;
    std::string key;  ///< "2026-1|manager": once per invoice and level (the key "reminder")
};
/// The reminders due today and not sent before: overdue ≥ max(min_days,
/// remind_after_days) for the manager (and the client with a template); ≥
/// escalate_after_days for the owner. An owner's reminder sent under the level's old
/// name (remind_level::owner_before) counts as sent.
std::vector<Reminder> due_reminders(const Store& store, const std::vector<DebtRow>& debts, const PaymentSettings& settings, int min_days);
/// Claims the reminder's key; false if it was sent before (by anyone).
bool claim_reminder(Store& store, const Reminder& r, const std::string& note);
/// Gives a claimed reminder back (its sending failed).
void release_reminder(Store& store, const Reminder& r);
/// The client reminder's text from the template file (a path relative to the share, like
/// the document templates), placeholders filled. Error(not_found) for a missing template.
std::string client_reminder_text(const Share& share, const PaymentSettings& settings, const DebtRow& debt, Date today);
/// The reminder as a message to `to`: the client's from the template (client_reminder_text),
/// else a note to staff with the invoice's figures, the order and its manager.
OutgoingMail reminder_mail(const Share& share, const PaymentSettings& settings, const Reminder& r, Date today, std::vector<std::string> to);

}  // namespace gefest
