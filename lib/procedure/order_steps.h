// The subcommands of gefest order as library functions (procedure 02-006, 5.2.3.1–5.2.3.7,
// 5.2.7, the exchange with 1C). Each takes the Session and the command's options, checks
// the actor's right through the matrix (Session::require_step, actor_is_owner) and every
// other rule before its first write, changes the share (lib/procedure/order.h), records
// its journal rows (lib/procedure/events/orders.h) and returns what the front end prints.
// Errors are those of the rules and the share functions they call; refused is a role the
// matrix does not allow for the step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "procedure/commerceml.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "procedure/order_documents.h"
#include "store/session.h"

namespace gefest {

/// An order named on the command line.
struct OrderRef {
    std::int64_t number = 0;
    int year = 0;  ///< 0: this year
};

/// gefest order new.
struct NewOrderOptions {
    std::int64_t client = 0;               ///< the client's id, or (exactly one of the two)
    std::string call;                      ///< the inquiry it is made from ("2026-5" or "call:2026-5")
    std::string payment;                   ///< "cash" | "noncash"
    std::string manager;                   ///< "" : the client's manager, else the actor
    std::vector<std::string> items;        ///< "SKU:QTY[:PRICE]"; none: the inquiry's products
    std::vector<std::string> nonstandard;  ///< descriptions of non-standard products (5.2.7)
};
/// What order_new made.
struct OrderMade {
    Order order;
    Money total;  ///< order_totals(…).total
    std::vector<std::string> documents;  ///< files of its inquiry (e-mail attachments) copied into the order's folder
};
/// Makes an order with the checklist of its payment path and records order.new. Errors:
/// usage (payment, --client/--call, no items, an item spec), refused (the path's first
/// step), not_found (inquiry, client, catalog, SKU), state (an inquiry without a client or
/// without quantities), data (a quantity or price).
OrderMade order_new(Session& session, const NewOrderOptions& options);

/// One row of gefest order stock: a line of the order on one warehouse.
struct OrderStockLine {
    int line = 0;  ///< the order's line, 1-based
    std::string sku, name;  ///< sku "" : a non-standard line, made to order (no stock)
    Quantity qty = 0;       ///< what the line needs
    bool in_stock_register = true;  ///< false: the SKU is on no warehouse (one row, zeros)
    std::string warehouse;
    Quantity on_hand = 0, reserved = 0, available = 0;
    Quantity shortage = 0;  ///< what the line lacks over every warehouse (reservations of this order count as its own)
};
/// What order_stock found.
struct OrderStock {
    Order order;
    std::vector<OrderStockLine> lines;
    bool marked = false;  ///< the stock step (5.2.3.1 / 5.2.3.6) was done now
};
/// The stock for each line of the order per warehouse; while the path's stock step is not
/// done, also does it (role of that step, order_can_do), noting "в наличии" or the
/// shortage, and records order.step. Error(not_found) without the stock register.
OrderStock order_stock(Session& session, const OrderRef& order);

/// gefest order lead-time: exactly one of ask, days (the answer) and accept.
struct OrderLeadTimeOptions {
    OrderRef order;
    bool ask = false, accept = false;
    int days = 0;
    std::string note;
};
/// One step of the lead-time dialogue (5.2.3.2: the action's roles in the matrix),
/// recorded as order.lead_time. Returns the order as written: its lead_time.back() is the
/// entry made. Error(usage) unless exactly one mode is given; Error(state) as
/// lead_time_can_do and lead_time_ask/answer/accept.
Order order_lead_time(Session& session, const OrderLeadTimeOptions& options);

/// gefest order price.
struct OrderPriceOptions {
    OrderRef order;
    int line = 0;       ///< 1-based
    std::string price;  ///< as typed: "125000,00"
};
/// Prices non-standard line `line` (5.2.7, action "price") and records order.price.
/// Returns the order as written. Errors as set_nonstandard_price and parse_money.
Order order_price(Session& session, const OrderPriceOptions& options);

/// gefest order cash.
struct OrderCashOptions {
    OrderRef order;
    bool override_stock = false;  ///< register although stock is short (needs reason)
    std::string reason;           ///< why (journaled in the step's note)
};
/// Registers a cash order (5.2.3.7): reserves its stock, confirms it, records order.step.
/// The client comes to the warehouse for the goods, so a catalog line with less
/// available (on hand − reserved by other orders, stock_shortages) than asked is
/// Error(state) naming each SKU short, unless override_stock with a reason (Error(usage)
/// for a reason without the override or the override without one); the reason is the
/// note of step 5.2.3.7 and of its journal row. Error(state) as order_can_do and
/// check_confirmable; Error(not_found) if the stock register is missing.
Order order_cash(Session& session, const OrderCashOptions& options);

/// gefest order contract.
struct OrderContractOptions {
    OrderRef order;
    std::string date;  ///< YYYY-MM-DD; "" : today
    std::string reason;  ///< why it is dated before the order or into another VAT period than its invoice (journaled)
};
/// What order_contract did.
struct OrderContractDone {
    Order order;  ///< as written, 5.2.3.4 done
    ContractMade contract;
};
/// Step 5.2.3.4: the contract and specification (make_contract), recorded as order.step.
OrderContractDone order_contract(Session& session, const OrderContractOptions& options);

/// gefest order cancel.
struct OrderCancelOptions {
    OrderRef order;
    std::string reason;
};
/// Cancels the order and releases its reservations; its open invoice (the order keeps its
/// key in `invoice`) is cancelled in the register, its number staying used; records
/// order.cancel (and invoice.cancel). Only its manager or an owner of the process may.
/// Errors: usage (no reason), refused, state (cancelled or shipped already, its cash
/// received, its invoice paid in part or in full: the money is returned first).
Order order_cancel(Session& session, const OrderCancelOptions& options);

/// gefest order export-1c.
struct OrderExportOptions {
    std::vector<std::int64_t> numbers;
    int year = 0;        ///< 0: this year
    std::string output;  ///< the file to write; "" : the front end prints `xml`
};
/// What order_export_1c did.
struct OrderExported {
    std::vector<Order> orders;  ///< as written: confirmed, 5.2.3.3 done
    std::string xml;            ///< the CommerceML document
};
/// Step 5.2.3.3: the non-cash orders as a CommerceML document for 1C (written to
/// options.output when given), each confirmed (stock reserved) and recorded as
/// order.export_1c. Every order is checked, and the stock register read, before anything
/// is written. Error(state) for a cash order and as order_can_do / check_confirmable.
OrderExported order_export_1c(Session& session, const OrderExportOptions& options);

/// Loads 1C's CommerceML files into the catalog and stock (duty "catalog" of the matrix)
/// and records catalog.import_1c. Errors as import_cml.
CmlImportResult order_import_1c(Session& session, const std::vector<std::string>& files);

/// What gefest order show prints.
struct OrderView {
    Order order;
    OrderTotals totals;
    std::string manager;    ///< "login (Name)", or the login of someone not on the staff
    std::string next_step;  ///< the id of the first step not done ("" : none, or cancelled)
    std::string next_name;
    std::string next_owes;  ///< who owes it (who_owes), as names: "petrov (Петров П. П.)", role names
    std::vector<OrderDocument> documents;  ///< 5.2.5: every document of the order (order_documents)
};
/// The order with its totals, its next step and who owes it, and its documents
/// (order_documents: the order's folder and its journal rows). Nothing is written.
OrderView order_show(Session& session, const OrderRef& order);

/// gefest order list.
struct OrderListOptions {
    int year = 0;         ///< 0: this year
    std::string status;   ///< "" : any
    std::string manager;  ///< "" : anyone's
};
/// The rows of the orders index Заказы <year>.csv that match (none when it is missing).
std::vector<OrderIndexRow> order_list(Session& session, const OrderListOptions& options);

}  // namespace gefest
