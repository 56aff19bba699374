// The steps of shipping as a person does them (gefest ship notify|waybill|order|carrier|
// docs|dispatch|queue; procedure 02-006, 5.2.4.1–5.2.4.2 cash, 5.2.4.4–5.2.4.8 non-cash):
// one function per step, on a Session. Each checks the actor against the matrix
// (session.require_step), the order's state and everything it will need (templates,
// the warehouse queue, the carriers register, the client) before its first write, then
// writes the order, the queue and the documents, journals the step (events/orders.h)
// and returns what the front end tells the person. The rules, the queue and the
// documents' data are lib/procedure/shipping.h, the carriers lib/procedure/carriers.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "documents/mail_out.h"
#include "procedure/carriers.h"
#include "procedure/order.h"
#include "procedure/shipping.h"
#include "store/session.h"

namespace gefest {

/// Error(state) unless step `step_id` of `order` may be done now, as shipping_can_do; an
/// unpaid non-cash order at 5.2.4.4 (5.2.4.3 not done, no override yet, `override_unpaid`
/// not asked) gets a message saying that the owner of the process may ship it unpaid
/// (after any earlier step that is missing). With `override_unpaid` only the unpaid
/// check is left out.
void check_shipping_step(const Order& order, const std::string& step_id, bool override_unpaid);

/// ship notify: a cash client comes for the goods at `arrival` (5.2.4.1).
struct ShipNotifyOptions {
    std::int64_t order = 0;
    int year = 0;          ///< 0: this year
    std::string arrival;   ///< "YYYY-MM-DD HH:MM"
};
/// What ship_notify did.
struct ShipNotifyResult {
    Order order;           ///< as written
    DateTime arrival;
    std::string document;  ///< the pick list's file name
};
/// Renders the pick list and the shipping documents the client takes away (the packing
/// list and consignment note of ship_docs, dated the arrival) into the order's folder
/// (and PDFs if [documents] pdf makes them), queues the hand-over for the warehouse at the arrival and marks 5.2.4.1.
/// Error(data) for an arrival that is not "YYYY-MM-DD HH:MM"; the step's refusals;
/// Error(not_found)/Error(data) for a missing or broken template or queue (nothing
/// written then).
ShipNotifyResult ship_notify(Session& session, const ShipNotifyOptions& options);

/// ship waybill: a waybill of (part of) the order (5.2.4.2 cash, 5.2.4.8 non-cash).
struct ShipWaybillOptions {
    std::int64_t order = 0;
    int year = 0;
    std::string waybill, date;       ///< its number and date
    std::vector<std::string> items;  ///< "SKU:QTY" / "LINE:QTY"; none: all that remains
};
/// What ship_waybill did.
struct ShipWaybillResult {
    Order order;
    std::string waybill;
    bool closed = false;         ///< everything has shipped: the step is done, the order closed
    std::string still_to_ship;   ///< items_summary of what remains (when not closed)
};
/// Records the shipment (shipment_lines, record_shipment: every check before the first
/// write; a cash order must have its cash recorded, require_cash_received), releases the reservations of what shipped and, when the order closes, the
/// rest of them and its open queue rows. Journals order.shipment, or order.step when it
/// closes.
ShipWaybillResult ship_waybill(Session& session, const ShipWaybillOptions& options);

/// ship order: the shipping order of a non-cash order (5.2.4.4).
struct ShipOrderOptions {
    std::int64_t order = 0;
    int year = 0;
    bool override_unpaid = false;  ///< ship although 5.2.4.3 is not done (the owner's action)
    std::string reason;            ///< why (required with override_unpaid, refused without)
};
/// What ship_order did.
struct ShipOrderResult {
    Order order;
    bool unpaid = false;  ///< it ships under an override of the payment check
};
/// Marks 5.2.4.4 and queues the preparation for the warehouse; with override_unpaid
/// (action "override_unpaid" of 5.2.4.4) records who let it ship unpaid and why
/// (journaled order.override_unpaid). Error(usage) for a reason without the override
/// or the override without a reason.
ShipOrderResult ship_order(Session& session, const ShipOrderOptions& options);

/// ship carrier: recommend a transport company and record what the client was told (5.2.4.5).
struct ShipCarrierOptions {
    std::int64_t order = 0;
    int year = 0;
    std::string choose;    ///< the carrier the client chose ("" : the recommended one)
    bool dry_run = false;  ///< only recommend: no checks of the actor or the step, nothing written
};
/// What ship_carrier recommended and, unless dry, recorded.
struct ShipCarrierResult {
    Order order;
    std::string city;       ///< the client's city
    CarrierChoice choice;
    bool recorded = false;  ///< the step was marked (not a dry run)
};
/// The carriers register ranked for the client's city, address and the carrier named in
/// the client's notes (choose_carrier); unless dry, marks 5.2.4.5 with the carrier and
/// what the client was told. Error(not_found) for a missing register, an unknown
/// client, carrier or a destination nothing serves.
ShipCarrierResult ship_carrier(Session& session, const ShipCarrierOptions& options);

/// ship docs: the packing list and the consignment note for the warehouse (5.2.4.6).
struct ShipDocsOptions {
    std::int64_t order = 0;
    int year = 0;
};
/// What ship_docs made.
struct ShipDocsResult {
    Order order;
    std::string packing, note;  ///< the documents' file names
};
/// Renders both documents first (the note with the figures of the order's invoice),
/// then writes them (and PDFs), queues the shipment with them and marks 5.2.4.6.
ShipDocsResult ship_docs(Session& session, const ShipDocsOptions& options);

/// ship dispatch: tell the client the cargo has left, inform the accountant (5.2.4.7).
struct ShipDispatchOptions {
    std::int64_t order = 0;
    int year = 0;
    std::string tracking;  ///< the carrier's tracking number ("" : none)
};
/// How ship_dispatch told the client.
struct ShipDispatchResult {
    Order order;
    std::string to;  ///< the client's addresses, ", "-separated ("" : none, tell by phone)
    MailSent sent;   ///< how the notice left (via "" : not sent)
};
/// Sends the dispatch notice to the client's e-mails before anything else is written (a
/// failing mail command changes nothing), queues a note for the accountant and marks
/// 5.2.4.7 with how the client was told.
ShipDispatchResult ship_dispatch(Session& session, const ShipDispatchOptions& options);

/// ship queue: what the warehouse and the accountant must do.
struct ShipQueueOptions {
    std::string date;  ///< only this day ("" : every day); YYYY-MM-DD or DD.MM.YYYY
    std::string to;    ///< only rows for «Склад ГП» or «Бухгалтерия» ("" : all)
    bool all = false;  ///< done rows too
};
/// The queue's rows that match. Error(data) for a date that is not one.
std::vector<QueueEntry> ship_queue(Session& session, const ShipQueueOptions& options);

}  // namespace gefest
