// Journal rows of an order's way (5.2.3–5.2.4, 5.2.7) and of the catalog. Object
// "order:<year>-<n>" (catalog.import_1c: "catalog"). Every order.* row written after a
// change of заказ.toml carries the order's status after it, so a replay knows it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/money.h"
#include "procedure/events/event.h"

namespace gefest::events {

/// Every row of an order's life has a kind that starts with this and the object "order:<key>".
inline constexpr const char* order_kind_prefix = "order.";
inline constexpr const char* order_object_prefix = "order:";

/// order.new: an order was made (5.2.3 non-cash, 5.2.3.6 cash).
struct OrderNew {
    static constexpr const char* kind = "order.new";
    std::int64_t client = 0;  ///< the client's id in База клиентов.csv
    std::string client_name;
    std::string manager;      ///< login of the order's sales manager
    std::string payment;      ///< "cash" | "noncash"
    std::string call;         ///< the inquiry it was made from ("2026-3" or "call:2026-3"), "" if none
    Money total;              ///< the order's total when made (form 02-006-01's revenue)
    std::int64_t items = 0;   ///< number of lines
    std::string status;
    std::vector<std::string> documents;  ///< files of its inquiry copied into the order's folder (e-mail attachments)
};
GEFEST_EVENT_FIELDS(OrderNew, client, client_name, manager, payment, call, total, items, status, documents)

/// A line of a shipment (waybill) in an order.step or order.shipment row.
struct ShippedLine {
    std::int64_t line = 0;  ///< the order's line, 1-based
    std::string sku;
    std::int64_t qty = 0;
    bool operator==(const ShippedLine&) const = default;
};
GEFEST_EVENT_FIELDS(ShippedLine, line, sku, qty)

/// Stock a shipment took off the stock register Остатки.csv (order.step, order.shipment).
struct StockLine {
    std::string sku, warehouse;
    std::int64_t qty = 0;
    bool operator==(const StockLine&) const = default;
};
GEFEST_EVENT_FIELDS(StockLine, sku, warehouse, qty)

/// order.step: step `step` of the order's checklist was done. Which other fields a row
/// has depends on the step (named beside each).
struct OrderStep {
    static constexpr const char* kind = "order.step";
    std::string step;  ///< "5.2.3.1" …
    std::string note;
    std::string status;
    std::string contract, contract_date;          ///< 5.2.3.4: the contract's number and date
    std::string date_reason;                      ///< 5.2.3.4: why it is dated before the order or into another VAT period
    std::string arrival, document;                ///< 5.2.4.1: when the client comes, the pick list
    std::vector<std::string> documents;           ///< 5.2.4.1, 5.2.4.6: files made for the warehouse
    std::string unpaid_override;                  ///< 5.2.4.4: why it ships unpaid
    std::string carrier, told;                    ///< 5.2.4.5 (and 5.2.4.7: carrier): what the client was told
    std::string tracking, to, via, message_id, eml;  ///< 5.2.4.7: the dispatch notice
    bool accountant = false;                      ///< 5.2.4.7: the accountant was informed
    std::string waybill, date;                    ///< 5.2.4.2, 5.2.4.8: the waybill closing the order
    std::vector<ShippedLine> lines;               ///< 5.2.4.2, 5.2.4.8
    std::vector<StockLine> stock;                 ///< 5.2.4.2, 5.2.4.8: taken off the stock register
};
GEFEST_EVENT_FIELDS(OrderStep, step, note, status, contract, contract_date, date_reason, arrival, document, documents, unpaid_override, carrier, told,
                    tracking, to, via, message_id, eml, accountant, waybill, date, lines, stock)

/// order.shipment: a part of the order shipped under a waybill; the order stays open.
struct OrderShipment {
    static constexpr const char* kind = "order.shipment";
    std::string waybill, date;  ///< the waybill's number and date (YYYY-MM-DD)
    std::vector<ShippedLine> lines;
    std::string status;
    std::vector<StockLine> stock;  ///< taken off the stock register
};
GEFEST_EVENT_FIELDS(OrderShipment, waybill, date, lines, status, stock)

/// order.lead_time: the lead-time dialogue of 5.2.3.2.
struct OrderLeadTime {
    static constexpr const char* kind = "order.lead_time";
    std::string kind_of;  ///< written as "kind": "ask" | "answer" | "accept"
    std::int64_t days = 0;  ///< answer: days to make the order
    std::string note;
    std::string promised;   ///< accept: the date promised to the client
    std::string status;
};
void to_json(nlohmann::json& j, const OrderLeadTime& row);
void from_json(const nlohmann::json& j, OrderLeadTime& row);

/// order.price: a non-standard line (5.2.7) was priced; the line is 1 piece.
struct OrderPrice {
    static constexpr const char* kind = "order.price";
    std::int64_t line = 0;
    Money price;
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderPrice, line, price, status)

/// order.cancel: the order was cancelled, its reservations released.
struct OrderCancel {
    static constexpr const char* kind = "order.cancel";
    std::string reason;
    std::string status;
    std::string invoice;  ///< its open invoice, cancelled with it ("" : none)
};
GEFEST_EVENT_FIELDS(OrderCancel, reason, status, invoice)

/// order.change: lines of the order were added, removed, or got a new quantity or price
/// (gefest order change), before payment and shipment.
struct OrderChange {
    static constexpr const char* kind = "order.change";
    std::vector<std::string> changes;   ///< one entry per change: "+ПК-50 ×2", "−ДЫМ-200", "ПК-100 ×2→3", "ПК-100 1000.00→900.00"
    std::string reason;
    Money total;                        ///< the order's total after the change (form 02-006-01's revenue)
    std::string invoice_cancelled;      ///< the invoice the change made void ("" : none)
    std::string invoice;                ///< the invoice issued for the changed order ("" : none)
    std::vector<std::string> reopened;  ///< steps to be done again ("5.2.3.5": the new invoice is to be sent)
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderChange, changes, reason, total, invoice_cancelled, invoice, reopened, status)

/// order.reassign: the order was given to another sales manager (order reassign, staff
/// handover); from then on the steps it owes and its payment reminders are theirs.
struct OrderReassign {
    static constexpr const char* kind = "order.reassign";
    std::string from;     ///< the manager before
    std::string manager;  ///< the manager now
    std::string reason;
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderReassign, from, manager, reason, status)

/// order.cash: the cash of a cash order was received (5.2.3.7/5.2.4.2): the amount and
/// the receipt (ПКО or cash-register receipt).
struct OrderCash {
    static constexpr const char* kind = "order.cash";
    Money amount;
    std::string receipt;  ///< its number, unique per year
    std::string date;     ///< YYYY-MM-DD of the receipt
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderCash, amount, receipt, date, status)

/// order.export_1c: the order was written for 1C (5.2.3.3 done).
struct OrderExport1c {
    static constexpr const char* kind = "order.export_1c";
    std::string step;  ///< "5.2.3.3"
    std::string file;  ///< where it was written ("" for stdout)
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderExport1c, step, file, status)

/// order.invoice: an invoice was issued for the order (object: the order).
struct OrderInvoice {
    static constexpr const char* kind = "order.invoice";
    std::string invoice;  ///< "2026-7"
    Money total;
};
GEFEST_EVENT_FIELDS(OrderInvoice, invoice, total)

/// order.override_unpaid: the owner of the process let an unpaid order ship (5.2.4.4).
struct OrderOverrideUnpaid {
    static constexpr const char* kind = "order.override_unpaid";
    std::string reason;
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderOverrideUnpaid, reason, status)

/// catalog.import_1c: the catalog and stock were loaded from 1C's CommerceML files.
struct CatalogImport1c {
    static constexpr const char* kind = "catalog.import_1c";
    std::vector<std::string> files;
    std::int64_t added = 0, updated = 0, prices = 0;  ///< catalog rows added, renamed, repriced
    std::int64_t stock_rows = 0;                      ///< stock rows written
    std::int64_t skipped = 0;                         ///< offers and products that could not be used
};
GEFEST_EVENT_FIELDS(CatalogImport1c, files, added, updated, prices, stock_rows, skipped)

/// The status any order.* row carries (read alone, whatever the row's kind: replays that
/// follow an order's status, through kinds they need not know). "" : the row has none.
struct OrderStatusOf {
    std::string status;
};
GEFEST_EVENT_FIELDS(OrderStatusOf, status)

}  // namespace gefest::events
