// The money of a cash order (procedure 02-006, 5.2.3.7 and 5.2.4.1–5.2.4.2): the client
// pays at the cash desk when they come for the goods, and the receipt (ПКО or a
// cash-register receipt) is recorded on the order — amount in kopecks, the receipt's
// number and date — so the order is paid; its waybill (5.2.4.2, ship waybill) closes it
// only then. A receipt number is used once per year of its date (Store::keep_key
// "cash_receipt", "<year>/<number>"), so the same receipt cannot pay two orders.
#pragma once

#include <string>

#include "procedure/order.h"
#include "procedure/order_steps.h"
#include "store/session.h"

namespace gefest {

/// gefest order cash-receipt.
struct CashReceiptOptions {
    OrderRef order;
    std::string amount;   ///< as typed: "1234,50"; must be the order's total
    std::string receipt;  ///< the receipt's number
    std::string date;     ///< YYYY-MM-DD or DD.MM.YYYY; "" : today
};

/// Error(state) unless a receipt may be recorded on `order`: a cash order, registered
/// (5.2.3.7 done), not cancelled, its cash not recorded yet.
void cash_receipt_can_do(const Order& order);

/// Records the cash received for a cash order (role of 5.2.3.7 on the order: its
/// manager, the office manager at the cash desk, the owner of the process) and journals
/// order.cash. Before any write: Error(data) for a receipt number that is empty, padded
/// or holds control characters (input::require_name), an amount or date that is not
/// one, a date before the order or after today; Error(state) as cash_receipt_can_do, for an amount that is
/// not the order's total, and for a receipt number already recorded in that year.
Order order_cash_receipt(Session& session, const CashReceiptOptions& options);

/// Error(state) for a cash order whose cash is not recorded yet, saying how to record
/// it (ship waybill checks it before the order's waybill).
void require_cash_received(const Order& order);

}  // namespace gefest
