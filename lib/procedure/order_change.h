// What happens to an order after it is made, as offices really run it (issue 14): its
// lines change (gefest order change), it goes to another sales manager (order reassign),
// all of a leaving manager's clients and open orders go to a colleague (staff handover).
// Each function takes the Session, checks the actor against the matrix and every rule
// before its first write, changes the order (lib/procedure/order.h), its reservations
// and its invoice (lib/procedure/invoice.h), and journals what it did
// (events/orders.h, events/invoices.h, events/clients.h).
//
// The rules of a change (order_change_can_do): an order may change until it is paid or
// goes to the warehouse — not once it is cancelled or shipped (any part), once money
// came for its invoice or its cash was received, nor once the warehouse has its papers
// (5.2.4.1 cash, 5.2.4.4 non-cash). A change after the invoice was issued cancels that
// invoice (its number stays used: numbers are gapless and never reused) and issues a new
// one for the changed order, dated today with the old one's payment term; step 5.2.3.5
// is open again until the new invoice is sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "procedure/invoice.h"
#include "procedure/order.h"
#include "procedure/order_steps.h"
#include "store/session.h"

namespace gefest {

/// gefest order change.
struct OrderChangeOptions {
    OrderRef order;
    std::vector<std::string> add;     ///< "SKU:QTY[:PRICE]" of the catalog, not on the order yet
    std::vector<std::string> remove;  ///< "SKU" of a line of the order
    std::vector<std::string> qty;     ///< "SKU:QTY": a line's new quantity
    std::vector<std::string> price;   ///< "SKU:PRICE": a line's new price per unit ("125000,00")
    std::string reason;               ///< why ("" : none given)
};

/// What order_change did.
struct OrderChanged {
    Order order;                          ///< as written
    std::vector<std::string> changes;     ///< as journaled: "+ПК-50 ×2", "−ДЫМ-200", "ПК-100 ×2→3", "ПК-100 1000.00→900.00"
    Money total;                          ///< the order's total after the change
    std::optional<Invoice> cancelled;     ///< the invoice made void
    std::optional<IssuedInvoice> issued;  ///< the invoice issued instead
};

/// Error(state) naming the order unless its lines may still change (see the file's
/// comment): cancelled, shipped or part shipped, its cash received, its invoice `invoice`
/// (when given) paid in part or in full, 5.2.4.3 done, or the warehouse's step (5.2.4.1,
/// 5.2.4.4) done. Throws nothing else.
void order_change_can_do(const Order& order, const Invoice* invoice);

/// Applies the options' changes to `order`'s lines (pure): removes, sets quantities and
/// prices, then adds lines from `catalog` (file `catalog_file` for messages). Returns the
/// changes as journaled. Error(usage) for no change asked or a malformed spec;
/// Error(not_found) for a SKU not on the order (remove, qty, price) or not in the
/// catalog (add); Error(state) for a SKU added that is on the order already, a
/// non-standard line (it has no SKU: its price is order price's), a change that leaves
/// no line; Error(data) for a quantity or price as parse_item_spec.
std::vector<std::string> apply_order_change(Order& order, const OrderChangeOptions& options, const Catalog& catalog,
                                            const std::string& catalog_file);

/// Changes the order's lines (the role of the path's first step, 5.2.3.1 or 5.2.3.6, on
/// the order: its manager or the owner of the process); a confirmed order's reservations
/// follow the new lines; an issued invoice is cancelled and a new one issued (role of
/// 5.2.3.5, issue_invoice). Journals order.change, and invoice.cancel, invoice.issue and
/// order.invoice when the invoice was replaced. Errors as order_change_can_do,
/// apply_order_change, issue_invoice; refused.
OrderChanged order_change(Session& session, const OrderChangeOptions& options);

/// gefest order reassign.
struct OrderReassignOptions {
    OrderRef order;
    std::string to;      ///< the new manager's login
    std::string reason;  ///< why ("" : none given)
};
/// Gives the order to manager `to` (check_manager): the order's manager or the owner of
/// the process may (role of the path's first step on the order). The client keeps their
/// manager in the client base (client assign changes that). Journals order.reassign.
/// Error(state) for a cancelled or shipped order or one that is `to`'s already.
Order order_reassign(Session& session, const OrderReassignOptions& options);

/// gefest staff handover.
struct StaffHandoverOptions {
    std::string from;    ///< the leaving manager's login (active or removed)
    std::string to;      ///< who takes over (check_manager: an active sales manager)
    std::string reason;  ///< "" : none given
};
/// What staff_handover moved.
struct StaffHandedOver {
    std::vector<Client> clients;  ///< as written, now `to`'s
    std::vector<Order> orders;    ///< the open orders (not cancelled or shipped) of this and last year, as written
};
/// Gives every client of `from` in the client base (one locked change, a client.assign
/// row each) and every open order of this and last year (from the orders index; an
/// order.reassign row each) to `to`: afterwards control, todo and payment reminders name
/// `to`. The staff duty of the matrix (step_id::staff, as staff add). Error(not_found)
/// for a `from` that is not on the staff list; Error(usage) for from == to; as
/// check_manager for `to`.
StaffHandedOver staff_handover(Session& session, const StaffHandoverOptions& options);

}  // namespace gefest
