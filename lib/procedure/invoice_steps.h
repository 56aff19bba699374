// The subcommands of gefest invoice that belong to step 5.2.3.5 as library functions:
// issue and send (the payments' subcommands are lib/procedure/payments.h). Each takes the
// Session and the command's options, checks the actor's right through the matrix
// (Session::require_step) and every other rule before its first write, changes the share
// (lib/procedure/invoice.h), records its journal rows (lib/procedure/events/invoices.h,
// events/orders.h) and returns what the front end prints.
#pragma once

#include <cstdint>
#include <string>

#include "documents/mail_out.h"
#include "procedure/invoice.h"
#include "store/session.h"

namespace gefest {

/// gefest invoice issue.
struct InvoiceIssueOptions {
    std::int64_t order = 0;  ///< the order's number
    int year = 0;            ///< the order's year; 0: this year
    std::string date;        ///< YYYY-MM-DD; "" : today
    int due_days = 5;
    std::string reason;      ///< why it is dated before its order or into another VAT period (journaled)
};
/// What invoice_issue did.
struct InvoiceIssued {
    IssuedInvoice issued;
    Money advance;  ///< an advance of the client waiting to be applied (0: none)
};
/// Issues the invoice of the order (issue_invoice, role of 5.2.3.5) and records
/// invoice.issue and order.invoice. Errors as issue_invoice.
InvoiceIssued invoice_issue(Session& session, const InvoiceIssueOptions& options);

/// gefest invoice send.
struct InvoiceSendOptions {
    std::string invoice;  ///< "7" or "2026-7"
    int year = 0;         ///< for a bare number; 0: this year
    std::string to;       ///< "" : the client's addresses
    bool dry_run = false;
};
/// What invoice_send did (or, on a dry run, would do).
struct InvoiceSent {
    Invoice invoice;
    OutgoingMail mail;
    std::string to;           ///< the addresses, joined with ", "
    bool dry_run = false;
    bool via_outbox = true;   ///< dry run: it would go to the outbox folder, else through the mail command
    std::string via_target;   ///< dry run: that folder or command
    MailSent sent;            ///< not on a dry run
};
/// Sends the invoice with its contract and specification (5.2.3.5; a dry run checks the
/// same and changes nothing, with no role check), marks the step done and records
/// invoice.send and order.step. Errors: usage (key, address), not_found (invoice,
/// documents), state (check_can_send), refused, io (sending).
InvoiceSent invoice_send(Session& session, const InvoiceSendOptions& options);

}  // namespace gefest
