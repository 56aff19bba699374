// Shipping (procedure 02-006, 5.2.4.1–5.2.4.2 cash, 5.2.4.4–5.2.4.8 non-cash): from a
// registered or paid order to the waybill (накладная) back in the sales department.
//  - The order (заказ.toml) carries what was decided: the arrival of a cash client, the
//    carrier told to the client, the tracking number, the owner's override for an
//    unpaid order, and the shipments (one per waybill; an order may ship in parts).
//  - The warehouse queue Склад ГП/Очередь склада.csv is what the warehouse (and the
//    accountant) must do, one row per task (Record::stock_queue), changed only under its
//    lock:
//      Дата;Время;Заказ;Клиент;Товары;Что сделать;Кому;Документы;Статус;Код
//    «Код» is "<order key>/<task>" (one row per order and task, replaced on repeat).
//  - Documents (pick list, packing list, ТОРГ-12-style waybill) are printable HTML in
//    the order's folder, rendered from the share's editable templates (Шаблоны/).
// Pure rules and texts first; the functions on the store are at the end. The steps a person
// runs (gefest ship …) are lib/procedure/shipping_steps.h.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/catalog.h"
#include "procedure/clients.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "store/share.h"

namespace gefest {

// --- rules --------------------------------------------------------------------------------

/// Error(state) unless `step_id` may be done now: order_can_do, except that an override
/// of the payment check (order.unpaid_override) stands in for 5.2.4.3 (payment tracked).
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
// The documents are the share's editable templates (lib/documents/documents.h: template_name::
// pick_list, packing_list, consignment_note; defaults in lib/documents/templates_default.cpp),
// rendered with the data below. Every value is a string (money as "1 234,56", dates
// DD.MM.YYYY); render_template HTML-escapes them all. Each builder's data has:
//   company: name inn kpp address phone email director accountant requisites
//            has_bank bank bik corr_account account (the first [[bank_account]])
//   client:  name inn kpp requisites
//   order:   key number date manager payment arrival carrier contract_number contract_date
//   document: title date (today, or the waybill's date)
// and `lines` of what remains to ship (n sku name unit qty …) as told per builder.

/// The pick list (лист подбора) for a cash client's arrival: lines also have `from`
/// (which warehouse per the order's reservations, "не в резерве: N" for what is not
/// reserved, "изготовление по заказу" for a non-catalog line).
nlohmann::json pick_list_data(const Order& order, const Settings& company, const Reservations& reservations);

/// The packing list (упаковочный лист) of what remains to ship; `carrier` ("—" if none).
nlohmann::json packing_list_data(const Order& order, const Settings& company);

/// A ТОРГ-12-style consignment note (товарная накладная) of what remains to ship, dated
/// `date` (YYYY-MM-DD): `basis` (contract or order), `carrier` («самовывоз» if none),
/// lines with price net vat_rate vat gross, and `totals` qty net vat gross words (the
/// gross amount in words) vat_text («в т. ч. НДС 1 234,56» / «без налога (НДС)»).
/// The money is the invoice's own computation (lib/procedure/invoice.h invoice_line: rate by date
/// and [vat] simplified, VAT per line rounded half away from zero, included or on top),
/// so a note of a whole order has the invoice's totals to the kopeck. The VAT rate is
/// that on the date of the order's invoice when `invoice` is given and not cancelled (a
/// waybill of an invoiced order repeats the invoice's figures even if the rate changed
/// in between), else on `date`. Error(state) if a line has no price yet.
nlohmann::json consignment_note_data(const Order& order, const Settings& company, const std::string& date, const Invoice* invoice = nullptr);

/// The date whose VAT rate a consignment note dated `date` uses: the date of `invoice`
/// if there is one and it is not cancelled, else `date` (see consignment_note_data).
std::string consignment_vat_date(const std::string& date, const Invoice* invoice);

/// The shipping document gefest.toml's [documents] shipping chooses.
enum class ShippingDocument {
    upd,     ///< "УПД" (the default): универсальный передаточный документ
    torg12,  ///< "ТОРГ-12": товарная накладная, unified form ОКУД 0330212
};
/// [documents] shipping of gefest.toml: "УПД" (default, also when absent) or "ТОРГ-12".
/// Error(data) FILE:LINE for another value or a value that is not a string.
ShippingDocument shipping_document(const Share& share);

/// A unit's code and national symbol in ОКЕИ (ОК 015-94): "шт" → {"796", "шт"},
/// "м" → {"006", "м"}, "компл." → {"839", "компл"}. A unit the table does not know
/// gives code "—" and the unit as written (no guessing).
struct OkeiUnit {
    std::string code, name;
};
OkeiUnit okei_unit(const std::string& unit);

/// Which shipping document to build: kind, its number (the УПД's own gapless number
/// per year; the ТОРГ-12 takes the same numbering) and its date YYYY-MM-DD.
struct ShippingForm {
    ShippingDocument kind = ShippingDocument::upd;
    std::int64_t number = 0;
    std::string date;
};

/// The data of the УПД and ТОРГ-12 templates: consignment_note_data(order, company,
/// form.date, invoice) plus kind ("УПД"/"ТОРГ-12"), status ("1": счёт-фактура and
/// передаточный документ; "2" under [vat] simplified: передаточный документ only),
/// invoice_part (status 1), number, date_long, seller {name address inn_kpp okpo
/// requisites}, buyer {name address inn_kpp requisites} (from `client`, the client base:
/// its address, else «г. <its town>», else «—»),
/// shipper («он же»), consignee (name and address), invoice_ref («Счет № N от …» or
/// «—»); each line also okei, unit_name, price_net (price without VAT, net/qty rounded
/// half away from zero), excise («без акциза»), rate («22%»/«без НДС»), vat_amount,
/// country_code, country, declaration («—»: gefest sells goods made in Russia), code
/// (the SKU, «—» for a non-standard line); totals also lines, lines_words, vat_amount.
/// Error(state) if a line has no price yet (as consignment_note_data).
nlohmann::json shipping_form_data(const Order& order, const Settings& company, const Client& client, const ShippingForm& form,
                                  const Invoice* invoice);

/// The dispatch notice to the client (5.2.4.7), plain text.
std::string dispatch_notice_text(const Order& order, const Settings& company, const std::string& contact);

// --- the store ---------------------------------------------------------------------------

/// The warehouse queue (Record::stock_queue, Склад ГП/Очередь склада.csv beside the stock
/// register) as committed now (none if there is none).
std::vector<QueueEntry> load_queue(const Store& store);
/// Adds or replaces `entry` under the queue's lock.
void queue_put(Store& store, const QueueEntry& entry);
/// Marks the open rows of `order_key` done (nothing written if there are none).
void queue_close_order(Store& store, const std::string& order_key);

/// Writes a document (a file people open and print) into the order's documents folder
/// (fsio::write_atomic, named windows_safe_name(name)); returns its path.
std::filesystem::path write_order_document(const Store& store, const Order& order, const std::string& name, const std::string& content);

/// Takes what shipped off the stock register (Остатки.csv, under its lock; take_shipped:
/// from the warehouses the order's reservations name first), so that the next `order
/// stock` does not offer what left the warehouse, then releases the reservations of what
/// shipped (Резервы.csv, under its lock). Returns what was taken from where, for the
/// journal. A missing stock register is left missing (nothing to take from).
std::vector<StockTaken> release_shipped_stock(Store& store, const Order& order, const std::vector<ShipmentLine>& lines);

}  // namespace gefest
