// The steps of payment tracking (procedure 02-006, 5.2.4.3) as a person or cron runs
// them: gefest invoice import-bank, pay, payments, list --unpaid|--overdue and remind;
// one function per subcommand, on a Session. Each checks the actor against the matrix
// (session.require_step("5.2.4.3")) and its input before the first write, records the
// payments (payments.h), journals them (events/invoices.h) and, for an invoice paid in
// full, marks 5.2.4.3 on its order and tells the order's manager; it returns what the
// front end shows.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "procedure/payment_reminders.h"
#include "procedure/payments.h"
#include "store/session.h"

namespace gefest {

/// An invoice paid in full and what became of step 5.2.4.3 of its order.
struct PaidInvoice {
    Invoice invoice;
    std::string manager;                    ///< the order's manager, who is told ("" : the order could not be read)
    std::optional<std::string> not_marked;  ///< why 5.2.4.3 was not marked now (already done, an earlier step open, …); none: marked
    bool done = false;                      ///< 5.2.4.3 is done on the order (marked now or before)
};

/// Marks 5.2.4.3 done on the order of `invoice` by the session's actor. The order's
/// state or an order that cannot be read does not stop the payment being recorded: it
/// is the result's not_marked. Error(io) and Error(busy) of the share are thrown. With
/// `index_later` the order as written is added to it and its index row is not updated:
/// the caller updates the index of them all at once (update_order_index).
PaidInvoice mark_order_paid(Session& session, const Invoice& invoice, std::vector<Order>* index_later = nullptr);

/// A fact found: when the order's invoice is paid in full (the register) and 5.2.4.3
/// is not done (the payment came before an earlier step and could not be marked then,
/// or a journal of an older gefest), marks 5.2.4.3 by the session's actor and journals
/// order.step. Returns whether it marked. Cash orders, cancelled orders and orders
/// without an invoice are left alone. Error(io), Error(busy) and Error(data) of the
/// register or the order are thrown.
bool mark_paid_if_found(Session& session, const Order& order);

/// invoice import-bank: bank statements (1CClientBankExchange) to the payments register.
struct PaymentImportOptions {
    std::vector<std::filesystem::path> files;
    bool dry_run = false;  ///< match and report only; nothing written or journaled
};
/// What import_bank_statements did (dry: would do).
struct PaymentImportResult {
    ImportReport report;
    std::vector<PaidInvoice> paid;  ///< invoices the import paid in full, announced
};
/// Requires step 5.2.4.3; import_statements; journals payment.import for every new
/// payment, then for every invoice paid in full: invoice.paid, 5.2.4.3 of its order
/// (order.step when marked) and a message to its manager where the manager has an e-mail.
PaymentImportResult import_bank_statements(Session& session, const PaymentImportOptions& options);

/// invoice pay: a payment by hand, a waiting payment assigned, or an advance applied.
struct PaymentEntryOptions {
    std::string invoice;     ///< YEAR-N or N of this year
    std::string amount;      ///< "" : none (required unless payment_id or advance)
    std::string date;        ///< received; "" : today
    std::string payment_id;  ///< the Ид (or its start) of a waiting payment
    bool advance = false;    ///< apply the client's advance
};
/// What enter_payment did.
struct PaymentEntryResult {
    Invoice invoice;                ///< as written
    std::vector<PaidInvoice> paid;  ///< announced as for import_bank_statements
};
/// Requires step 5.2.4.3; Error(data) for an amount or a date that is not one (an
/// amount beyond input::max_kopecks included); then
/// pay_invoice. Journals the payment (payment.manual, payment.assign or, applied to the
/// invoice, payment.advance) and announces an invoice paid in full.
PaymentEntryResult enter_payment(Session& session, const PaymentEntryOptions& options);

/// invoice payments: the register's payments with money not allocated (all: every one).
struct PaymentListOptions {
    bool all = false;
};
/// The payments of the register (load_payments) the options ask for, in register order.
std::vector<IncomingPayment> list_payments(Session& session, const PaymentListOptions& options);

/// invoice list --unpaid|--overdue: invoice_debts as of today.
struct DebtListOptions {
    bool overdue = false;
    int year = 0;  ///< 0: this and last year
};
/// The invoices with money owed (overdue only if asked), as invoice_debts.
std::vector<DebtRow> list_debts(Session& session, const DebtListOptions& options);

/// invoice remind: the reminders due on overdue invoices.
struct ReminderOptions {
    int days = 0;       ///< only invoices overdue at least this many days
    bool send = false;  ///< send (else only say what would be sent)
};
/// A reminder sent or, without send, due.
struct ReminderOutcome {
    Reminder reminder;
    std::string who;              ///< to whom, in words: the manager's login, the owner, the client's name
    std::vector<std::string> to;  ///< the addresses (none: nobody has an e-mail on file; journaled only)
};
/// The reminders due today (due_reminders) and their recipients: the order's manager,
/// the staff with the owner's roles (Process::owner_roles), or the client's e-mails.
/// With send (requires step 5.2.4.3 when anything is due) each is claimed (one sent by
/// another run meanwhile is left out), mailed and journaled (invoice.remind); a failed
/// mail gives the claim back and throws.
std::vector<ReminderOutcome> send_reminders(Session& session, const ReminderOptions& options);

}  // namespace gefest
