// Shipping (procedure 02-006, 5.2.4.1–5.2.4.2 cash, 5.2.4.4–5.2.4.8 non-cash): from a
// registered or paid order to the waybill (накладная) back in the sales department.
//  - The order (заказ.toml) carries what was decided: the arrival of a cash client, the
//    carrier told to the client, the tracking number, a head-of-sales override for an
//    unpaid order, and the shipments (one per waybill; an order may ship in parts).
//  - The warehouse queue Склад ГП/Очередь склада.csv is what the warehouse (and the
//    accountant) must do, one row per task, changed only through SharedFile:
//      Дата;Время;Заказ;Клиент;Товары;Что сделать;Кому;Документы;Статус;Код
//    «Код» is "<order key>/<task>" (one row per order and task, replaced on repeat).
//  - Documents (pick list, packing list, ТОРГ-12-style waybill) are printable HTML in
//    the order's folder, every value HTML-escaped.
// Pure rules and texts first; the share functions are at the end.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.h"
#include "order.h"
#include "share.h"

namespace gefest {

// --- rules --------------------------------------------------------------------------------

/// Error(state) unless `step_id` may be done now: order_can_do, except that a head-of-
/// sales override (order.unpaid_override) stands in for 5.2.4.3 (payment tracked).
void shipping_can_do(const Order& order, const std::string& step_id);

/// The step a waybill records: 5.2.4.2 (cash) or 5.2.4.8 (non-cash).
std::string waybill_step(const Order& order);

/// What is still to ship of each order line (index = line − 1): qty − shipped.
std::vector<Quantity> remaining_quantities(const Order& order);
/// True when every line has shipped in full.
bool fully_shipped(const Order& order);

/// The lines of a waybill from `--items`: "SKU:QTY" or "LINE:QTY" (a line number as
/// order show prints it, for non-standard lines). No specs: everything that remains.
/// Error(usage) for a malformed spec, Error(data) for a quantity that is not a whole
/// number above 0, Error(not_found) for a SKU or line not on the order, Error(state)
/// for more than remains to ship of a line or when nothing remains.
std::vector<ShipmentLine> shipment_lines(const Order& order, const std::vector<std::string>& specs);

/// Adds `shipment` to the order (no step checks: call shipping_can_do first). Error(usage)
/// for an empty waybill number, Error(data) for a date that is not a date, Error(state) for
/// a waybill number already recorded on the order or a line over what remains. When
/// everything has shipped, marks the waybill step done by shipment.by at shipment.at and
/// sets the status shipped. Returns true if the order is now closed.
bool record_shipment(Order& order, const Shipment& shipment);

/// `current` with the reservations of `order_key` reduced by what shipped: each SKU is
/// taken off the order's rows in file order; a row that reaches 0 is dropped.
Reservations release_shipped(const Reservations& current, const std::string& order_key, const std::vector<Want>& shipped);

/// "ПК-100 Котел … — 2 шт; ДЫМ-200 … — 10 м" for the lines with a quantity > 0
/// (`qty` indexed like order.items).
std::string items_summary(const Order& order, const std::vector<Quantity>& qty);

// --- the warehouse queue -------------------------------------------------------------------

namespace queue_status {
inline const std::string open = "ожидает";
inline const std::string done = "выполнено";
}  // namespace queue_status

/// A row of Очередь склада.csv.
struct QueueEntry {
    std::string date, time;  ///< YYYY-MM-DD, HH:MM ("" : during the day)
    std::string order, client, items, task;
    std::string to;          ///< «Склад ГП» or «Бухгалтерия»
    std::string documents;   ///< file names in the order's folder, "; "-separated
    std::string status = queue_status::open;
    std::string key;         ///< "<order key>/<task code>"
    int line = 0;
};

/// Parses the queue ("" : empty). Error(data) FILE:LINE for a missing column, a row
/// without a key or with a date that is not YYYY-MM-DD.
std::vector<QueueEntry> parse_queue(const std::string& text, const std::string& file);
/// The register's text (BOM, ';', CRLF), rows sorted by date, time and key.
std::string format_queue(const std::vector<QueueEntry>& entries);
/// `entries` with `entry` added, or replacing the row with its key.
std::vector<QueueEntry> upsert_queue(std::vector<QueueEntry> entries, const QueueEntry& entry);
/// `entries` with every open row of `order_key` marked done.
std::vector<QueueEntry> close_queue_of(std::vector<QueueEntry> entries, const std::string& order_key);

// --- documents and messages ---------------------------------------------------------------

/// `text` with & < > " ' as HTML entities.
std::string html_escape(std::string_view text);

/// The pick list (лист подбора) for a cash client's arrival: what to take from which
/// warehouse (per the order's reservations), printable HTML.
std::string pick_list_html(const Order& order, const Settings& company, const Reservations& reservations);

/// The packing list (упаковочный лист) of what remains to ship, with the carrier.
std::string packing_list_html(const Order& order, const Settings& company);

/// A ТОРГ-12-style consignment note (товарная накладная) of what remains to ship:
/// supplier, consignee, basis, lines with VAT, totals and the amount in words.
std::string consignment_note_html(const Order& order, const Settings& company, const std::string& date);

/// The dispatch notice to the client (5.2.4.7), plain text.
std::string dispatch_notice_text(const Order& order, const Settings& company, const std::string& contact);

/// A plain-text e-mail as RFC 5322 text (CRLF, UTF-8 8bit body, RFC 2047 subject).
/// `date` is RFC 5322 ("Fri, 27 Nov 2026 10:00:00 +0300" style is the caller's).
std::string format_eml(const std::string& from, const std::string& to, const std::string& subject, const std::string& body,
                       const std::string& date, const std::string& message_id);

/// "Fri, 27 Nov 2026 10:00:00 +0000" for a local time (the zone is not known: +0000).
std::string rfc5322_date(const DateTime& t);

// --- the share ---------------------------------------------------------------------------

/// Склад ГП/Очередь склада.csv (beside the stock register).
std::filesystem::path queue_path(const Share& share);
/// The queue as committed now (none if the file is missing).
std::vector<QueueEntry> load_queue(const Share& share, const Identity& me);
/// Adds or replaces `entry` under the queue's lock.
void queue_put(const Share& share, const Identity& me, const QueueEntry& entry);
/// Marks the open rows of `order_key` done (nothing written if there are none).
void queue_close_order(const Share& share, const Identity& me, const std::string& order_key);

/// The order's folder (where заказ.toml is).
std::filesystem::path order_folder(const Share& share, const Order& order);
/// Writes a document into the order's folder (fsio::write_atomic); returns its path.
std::filesystem::path write_order_document(const Share& share, const Order& order, const std::string& name, const std::string& content);

/// Releases the reservations of what shipped (SharedFile on Резервы.csv).
void release_shipped_stock(const Share& share, const Identity& me, const Order& order, const std::vector<ShipmentLine>& lines);

}  // namespace gefest
