// The subcommands issue and send of gefest invoice (lib/procedure/invoice_steps.h), in the
// order the front end used to do their checks, so errors and output stay as they were.
#include "procedure/invoice_steps.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/payment_steps.h"
#include "procedure/payments.h"

namespace gefest {

InvoiceIssued invoice_issue(Session& session, const InvoiceIssueOptions& opt) {
    session.writing();
    session.require_step("5.2.3.5");
    IssueOptions io;
    io.date = opt.date;
    io.due_days = opt.due_days;
    io.date_reason = opt.reason;
    io.login = session.actor().login;
    InvoiceIssued out;
    // Read before the invoice is written, so a register that does not read stops the
    // issue rather than failing it halfway.
    const std::vector<IncomingPayment> payments = load_payments(session.store());
    out.issued = issue_invoice(session, year_or_this(opt.year), opt.order, io);
    const Invoice& inv = out.issued.invoice;
    events::InvoiceIssue row{.order = inv.order, .number = inv.number, .date = inv.date, .due = inv.due, .client = inv.client,
                             .inn = inv.client_inn, .total = inv.total, .vat = inv.vat, .status = inv.status,
                             .date_reason = opt.reason};
    session.record(events::make_event(row, "invoice:" + inv.key()));
    session.record(events::make_event(events::OrderInvoice{.invoice = inv.key(), .total = inv.total}, "order:" + inv.order));
    // An advance is applied by a person (the accountant decides), but nobody should
    // have to remember that the client has one.
    out.advance = advance_of(payments, inv.client_inn);
    return out;
}

InvoiceSent invoice_send(Session& session, const InvoiceSendOptions& opt) {
    auto [year, number] = parse_invoice_key(opt.invoice, year_or_this(opt.year));
    const Share& share = session.share();
    InvoiceSent out;
    out.invoice = load_invoice(session.store(), year, number);
    out.dry_run = opt.dry_run;
    if (!opt.dry_run) {
        session.writing();
        session.require_step("5.2.3.5");
    }
    const Invoice& inv = out.invoice;
    if (!opt.dry_run) {
        auto [oy, on] = inv.order_ref();
        const Order order = load_order(session.store(), oy, on);
        session.require_order_step("5.2.3.5", "", order.manager, order.key());
    }
    check_can_send(session.store(), inv);
    out.mail = invoice_mail(session, inv, opt.to);
    out.to = fmt::format("{}", fmt::join(out.mail.to, ", "));
    if (opt.dry_run) {
        require_recipients(out.mail);  // what the real send would refuse, refused now
        out.via_outbox = share.settings().sendmail.empty();
        out.via_target = out.via_outbox ? share.settings().outbox : share.settings().sendmail;
        return out;
    }
    build_mime(share, out.mail);  // every check of the message before it leaves
    out.sent = send_mail(share, out.mail);
    const std::string note = fmt::format("счет № {} → {} ({})", inv.number, out.to, out.sent.via);
    mark_invoice_sent(session, inv, session.actor().login, now().iso(), note);
    events::InvoiceSend row{.order = inv.order, .to = out.to, .via = out.sent.via, .message_id = out.sent.message_id,
                            .eml = out.sent.eml.string(), .status = inv.status};
    session.record(events::make_event(row, "invoice:" + inv.key()));
    session.record(events::make_event(events::OrderStep{.step = "5.2.3.5", .note = note}, "order:" + inv.order));
    // The money may have come first (an older gefest left 5.2.4.3 open then): the
    // order is paid all the same.
    auto [oy, on] = inv.order_ref();
    mark_paid_if_found(session, load_order(session.store(), oy, on));
    return out;
}

}  // namespace gefest
