// An order (procedure 02-006, 5.2.3–5.2.4 and 5.2.7): the record заказ.toml in its own
// folder Заказы/<year>/<№> <client>/, with the checklist of its payment path.
//  - non-cash: 5.2.3.1 → 5.2.3.2 → 5.2.3.3 → 5.2.3.4 → 5.2.3.5 → 5.2.4.3 → … → 5.2.4.8
//  - cash:     5.2.3.6 → 5.2.3.7 → 5.2.4.1 → 5.2.4.2
// Steps are done in that order; the order is confirmed (stock reserved) at 5.2.3.3
// (non-cash: entered into 1C, i.e. exported) or 5.2.3.7 (cash: registered).
// Numbers are gapless per year (Store::claim_number("order", year)); the claim's note
// is the folder's name after the number, so the store finds the order from its number in
// O(1). Besides the orders, Заказы/<year>/Заказы <year>.csv is an index (one row per
// order, Record::order_index) that order list reads instead of every заказ.toml; a step
// notes its order rather than rewrite it (order_index.cpp).
// The rules are pure (order.cpp), so are the record's text and the index (order_record.cpp);
// the functions on the store are at the end (order_share.cpp, order_index.cpp). The subcommands that run the
// rules on the share are lib/procedure/order_steps.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/problem.h"
#include "base/money.h"
#include "store/session.h"
#include "store/share.h"
#include "store/staff.h"
#include "store/store.h"

namespace gefest {

struct Catalog;
struct Stock;
struct Reservations;

enum class Payment { cash, noncash };
/// "cash" / "noncash"
std::string payment_code(Payment p);
/// "наличный" / "безналичный"
std::string payment_name(Payment p);
/// Error(usage) for anything but "cash" or "noncash".
Payment parse_payment(const std::string& code);

/// Order statuses (codes in заказ.toml and the index).
namespace order_status {
inline const std::string draft = "new";            ///< created, not yet confirmed
inline const std::string confirmed = "confirmed";  ///< in 1C (non-cash) or registered (cash); stock reserved
inline const std::string shipped = "shipped";      ///< goods left the warehouse; reservations released
inline const std::string cancelled = "cancelled";
}  // namespace order_status

struct OrderItem {
    std::string sku;          ///< "" for a non-standard product
    std::string name, unit;
    Quantity qty = 0;
    Money price;              ///< per unit; 0 and !priced for a non-standard item until the head of sales sets it
    int vat_percent = 0;      ///< -1: без НДС
    std::string nonstandard;  ///< the client's description of a non-standard product (5.2.7)
    bool priced = true;       ///< false: non-standard, price not set yet
    std::string priced_by;    ///< who set a non-standard price

    Money sum() const { return price * qty; }
};

/// One entry of the lead-time dialogue (5.2.3.2): the manager asks, planning answers
/// with days, the manager accepts (or asks again).
struct LeadTimeEntry {
    std::string kind;  ///< "ask" | "answer" | "accept"
    std::string by;    ///< login
    std::string at;    ///< DateTime iso
    int days = 0;      ///< answer only
    std::string note;
};

/// A step of the order's path with the roles of Процесс.toml and who did it.
struct OrderStep {
    std::string id, name;
    std::vector<std::string> responsible, performers;
    std::string done_by, done_at, note;
    bool done() const { return !done_at.empty(); }
};

/// One line of a shipment: `qty` of order line `line` (1-based; its SKU kept for readers).
struct ShipmentLine {
    int line = 0;
    std::string sku;
    Quantity qty = 0;
};

/// A part of the order that left the warehouse under one waybill (накладная), recorded
/// at 5.2.4.2 (cash) or 5.2.4.8 (non-cash); lib/procedure/shipping.h.
struct Shipment {
    std::string waybill, date;  ///< waybill number and its date YYYY-MM-DD
    std::string by, at;         ///< who recorded it, when (DateTime iso)
    std::vector<ShipmentLine> lines;
};

struct Order {
    int year = 0;
    std::int64_t number = 0;
    std::string date;  ///< YYYY-MM-DD
    std::int64_t client_id = 0;
    std::string client_name, client_inn, client_kpp;
    std::string manager;  ///< sales manager's login
    std::string created_by;
    std::string call;  ///< the inquiry it came from, "2026-5" ("" : none)
    Payment payment = Payment::noncash;
    std::string status = order_status::draft;
    bool vat_included = true;  ///< prices include VAT (gefest.toml at creation)
    std::vector<OrderItem> items;
    std::string promised;  ///< promised date YYYY-MM-DD ("" until the lead time is accepted)
    std::vector<LeadTimeEntry> lead_time;
    std::string exported_1c;  ///< when it was exported to 1C ("": not yet)
    std::string invoice;          ///< its invoice "2026-7" (year-number; lib/procedure/invoice.h), "" : none yet
    std::string contract_number;  ///< «Договор № …» made by `order contract` (5.2.3.4), "" : none
    std::string contract_date;    ///< YYYY-MM-DD of that contract
    std::string upd;              ///< its УПД "2026-3" (year-number, Store kind "upd"), "" : none (ship docs, 5.2.4.6)
    std::string torg12;           ///< its ТОРГ-12 "2026-3" (Store kind "torg12") when gefest.toml ships with ТОРГ-12
    std::string cancel_reason, cancelled_by, cancelled_at;
    std::vector<OrderStep> steps;
    // Shipping (lib/procedure/shipping.h, gefest ship); written to заказ.toml only when set.
    std::string arrival;       ///< cash: when the client comes for the goods, "YYYY-MM-DD HH:MM" (5.2.4.1)
    std::string carrier;       ///< non-cash: the transport company told to the client (5.2.4.5)
    std::string carrier_note;  ///< what the client was told about it
    std::string tracking;      ///< the carrier's tracking number (5.2.4.7)
    std::string unpaid_override, unpaid_override_by, unpaid_override_at;  ///< head of sales let it ship unpaid: why, who, when
    std::vector<Shipment> shipments;
    // Cash received for a cash order (gefest order cash-receipt); written only when set.
    Money cash;                 ///< the amount received, in kopecks (0: none yet)
    std::string cash_receipt;   ///< the receipt's number (ПКО or cash-register receipt)
    std::string cash_date;      ///< YYYY-MM-DD of the receipt
    std::string cash_by, cash_at;  ///< who recorded it, when (DateTime iso)

    /// "2026-5": the key in reservations, the journal ("order:2026-5") and messages.
    std::string key() const;
    bool has_nonstandard() const;
    const OrderStep* step(const std::string& id) const;
    OrderStep* step(const std::string& id);
};

/// Totals of an order: sum of lines, the VAT in it (or on top), what the client pays.
struct OrderTotals {
    Money sum, vat, total;
};
/// The VAT is as the invoice computes it (lib/procedure/invoice.h line_vat_rate): the rate in force
/// on the order's date, none under simplified taxation.
OrderTotals order_totals(const Settings& settings, const Order& order);
/// VAT of one line, as 1C computes it (included or on top per order.vat_included), at
/// line_vat_rate on the order's date.
Money line_vat(const Settings& settings, const Order& order, const OrderItem& item);

/// The step ids of a payment path, in order.
const std::vector<std::string>& path_steps(Payment p);

/// The checklist of a path with names and roles from the matrix. Error(config) naming
/// the step if the matrix lacks one.
std::vector<OrderStep> make_checklist(Payment p, const Process& process);

/// The first step not done, or nullptr when all are done or the order is cancelled.
const OrderStep* order_next_step(const Order& order);

/// Throws Error(state) unless `step_id` may be done now: the order is not cancelled, the
/// step is on its path, not done yet, and every step before it is done ("step 5.2.3.3
/// «…» comes after 5.2.3.2 «…», which is not done").
void order_can_do(const Order& order, const std::string& step_id);

/// Throws Error(state) unless `step_id` may be marked as a fact found, whatever came
/// first (a payment that arrived before the invoice was sent): the order is not
/// cancelled, the step is on its path and not done yet. Earlier steps may be open.
void order_can_record(const Order& order, const std::string& step_id);

/// Marks the step done (no checks: call order_can_do first).
void mark_step_done(Order& order, const std::string& step_id, const std::string& login, const std::string& at,
                    const std::string& note = {});

/// Throws Error(state) unless the order may be confirmed: every non-standard item has a
/// price from the head of sales, and an order with non-standard items has an accepted
/// lead time (5.2.7).
void check_confirmable(const Order& order);

/// Error(data) "<what>: … is beyond the largest amount gefest accepts (…)" (with
/// `file`/`line` when given) unless `qty` is at most input::max_quantity and `price` and
/// price × qty are within input::max_kopecks, so that an order's totals, sums of such
/// lines, cannot overflow.
void require_line_amount(Money price, Quantity qty, const std::string& what, const std::string& file = {}, int line = 0);

/// What `--item` says: "SKU:QTY" or "SKU:QTY:PRICE".
struct ItemSpec {
    std::string sku;
    Quantity qty = 0;
    std::optional<Money> price;
};
/// Error(usage) for a malformed spec, Error(data) for a quantity that is not a whole
/// number above 0 or a price that is not a non-negative amount, or either beyond
/// require_line_amount's bounds.
ItemSpec parse_item_spec(const std::string& text);

/// The order's lines from the catalog: name, unit, price (unless given) and VAT rate.
/// Error(not_found) "unknown SKU 'X': not in <catalog file>" for a SKU not in it;
/// Error(data) for a line beyond require_line_amount's bounds.
std::vector<OrderItem> items_from_catalog(const std::vector<ItemSpec>& specs, const Catalog& catalog,
                                          const std::string& catalog_file);
/// A non-standard line: no SKU, quantity 1, unpriced, VAT per `vat_percent`.
OrderItem nonstandard_item(const std::string& text, int vat_percent);

/// Lead-time dialogue rules (5.2.3.2). Each throws Error(state) when the entry makes no
/// sense now (asking while a question is open, answering with no question, accepting
/// with no answer), then appends the entry; accept also sets `promised` (answer date +
/// days).
void lead_time_ask(Order& order, const std::string& login, const std::string& at, const std::string& note);
void lead_time_answer(Order& order, const std::string& login, const std::string& at, int days, const std::string& note);
void lead_time_accept(Order& order, const std::string& login, const std::string& at);
/// Error(state) unless the lead-time dialogue may go on now: non-cash orders at step
/// 5.2.3.2 (order_can_do); cash orders only with non-standard items, before 5.2.3.7.
void lead_time_can_do(const Order& order);
/// "open" (a question waits for planning), "answered" (waits for the manager),
/// "accepted", or "" (never asked).
std::string lead_time_state(const Order& order);

/// Sets the price of non-standard line `line` (1-based). Error(not_found) for no such
/// line, Error(state) for a catalog line or a confirmed/cancelled order, Error(data) for
/// a negative price or one beyond require_line_amount's bounds.
void set_nonstandard_price(Order& order, int line, Money price, const std::string& login);

/// Who owes a step of an order (order show, report control and todo), from the matrix.
struct OwedBy {
    enum class Who {
        helpers,  ///< a lead-time question is open: the roles that answer it (planning)
        manager,  ///< the order's manager: the step belongs to a role clients are assigned to
        roles,    ///< the step's responsible roles (its performers when it names none)
    };
    Who who = Who::roles;
    std::vector<std::string> roles;   ///< role codes: the helper roles, else the step's roles
    std::vector<std::string> logins;  ///< the manager alone, else active staff with `roles` (each once, role by role)
};
/// Who owes `step` (its id and roles) of an order whose manager is `manager` and whose
/// lead-time dialogue is in `lead_time_state` (lead_time_state()): while a question is
/// open at 5.2.3.2 or 5.2.3.7, the helper roles of 5.2.3.2's "answer"
/// (Process::helper_roles); else the manager when one of the step's roles is a client
/// manager's (Process::client_manager_roles) and the order has one; else the step's roles.
/// Throws nothing.
OwedBy who_owes(const Process& process, const Staff& staff, const Step& step, const std::string& lead_time_state,
                const std::string& manager);

/// заказ.toml text of an order (human-readable, diff-friendly).
std::string format_order(const Order& order);
/// Parses заказ.toml. Error(data) at FILE:LINE for a malformed file or value.
Order parse_order(const std::string& text, const std::string& file);

/// `name` made safe as a Windows file name: \ / : * ? " < > | and control characters
/// become '_', trailing dots and spaces are dropped, at most 80 characters (UTF-8
/// safe); "" becomes "_".
std::string windows_safe_name(const std::string& name);

/// The orders index Заказы/<year>/Заказы <year>.csv, one row per order.
struct OrderIndexRow {
    std::int64_t number = 0;
    std::string date, client_id, client, manager, payment, status, total, next_step, folder;
    int line = 0;
};
/// Parses the index ("": empty). Error(data) FILE:LINE for a malformed row.
std::vector<OrderIndexRow> parse_order_index(const std::string& text, const std::string& file);
/// The index row of `order`, whose documents are in `folder` (the folder's name).
OrderIndexRow order_index_row(const Order& order, const std::string& folder, const Settings& settings);
/// The index's text (BOM, ';', CRLF), rows sorted by number.
std::string format_order_index(std::vector<OrderIndexRow> rows);
/// The index's text with the row of `order` added or replaced (rows sorted by number).
std::string upsert_order_index(const std::string& current, const std::string& file, const Order& order,
                               const std::string& folder, const Settings& settings);

// --- the store ------------------------------------------------------------------------

/// The folder name after "<№> " for an order of `client_name` (the claim note).
std::string order_folder_tail(const std::string& client_name);
/// Where order `number` of `year` is, for messages. Error(not_found) if the number was
/// never claimed or the order is missing.
std::string order_where(const Store& store, int year, std::int64_t number);
/// Reads (committed state, no lock) and parses an order. Error(not_found) / Error(data)
/// as order_where / parse_order.
Order load_order(const Store& store, int year, std::int64_t number);

/// Creates order `draft` (its number is ignored): claims the next number of draft.year
/// (note: the folder tail), creates the order, commits the claim, then adds the index
/// row. Returns the order with its number. On a failure before the order is written
/// nothing is left but, if someone claimed past it meanwhile, the number released for the
/// next order (the claim is withdrawn otherwise, the empty folder removed); the order must
/// read back (parse_order) and its totals be computable before the number is claimed.
Order create_order(Session& session, Order draft);

/// Locked change of an order: `change` gets the order as committed now (a validated hand
/// edit included) and edits it; it may run more than once and may throw to abort (then
/// nothing is written; so is an order that would not read back or whose totals cannot be
/// computed). Then the index row is updated. Returns the order as written.
Order change_order(Session& session, int year, std::int64_t number, const std::function<void(Order&)>& change);

/// Notes that `order` changed, for its row in the index (Заказы/<year>/Заказы
/// <year>.csv; procedure/order_index.cpp): O(1) of the share. While the index is at
/// most Settings::order_index_live_bytes it is also brought up to date at once
/// (refresh_order_index); a larger one is by order list and gefest check --repair.
/// The folder column names the folder of the order's documents.
void update_order_index(Session& session, const Order& order);

/// update_order_index of many orders (a bank statement paying thousands): one note per
/// order, each year's index refreshed at most once.
void update_order_index(Session& session, const std::vector<Order>& orders);

/// The index of `year`'s orders as it is now (rows sorted by number; none if there are
/// no orders): Заказы <year>.csv, with the rows of the orders noted changed since it was
/// brought up to date made anew from their заказ.toml. Writes nothing. Error(data)
/// FILE:LINE for an index that does not read.
std::vector<OrderIndexRow> load_order_index(const Store& store, const Settings& settings, int year);

/// load_order_index, written into Заказы <year>.csv as well (under its lock; nothing is
/// written when no order was noted since), and the notes it took in kept no longer
/// than they may be needed. Errors as load_order_index, Error(busy), Error(io).
std::vector<OrderIndexRow> refresh_order_index(Store& store, const Settings& settings, int year);

/// The rows of Заказы <year>.csv as the file is now, without the orders noted since
/// (gefest check of the numbers). Error(data) FILE:LINE for a file that does not read.
std::vector<OrderIndexRow> read_order_index_file(const Store& store, int year);

/// change_order without its index update, for a caller that changes many orders and then
/// updates the index once (update_order_index of them all).
Order change_order_only(Session& session, int year, std::int64_t number, const std::function<void(Order&)>& change);

/// Reserves the order's catalog lines against the stock register (Резервы.csv, under
/// its lock; see reserve()). Error(not_found) if the stock register is missing.
void reserve_order_stock(Store& store, const Order& order);
/// Confirms order `draft` at `step` (5.2.3.3 non-cash, 5.2.3.7 cash): reserves its stock,
/// then, under the order's lock, checks order_can_do and check_confirmable on the fresh
/// order, marks the step done by `login` at `at`, sets status confirmed and applies
/// `extra`. If that fails while the order is still unconfirmed, the reservation is
/// withdrawn and the error rethrown. Returns the order as written.
Order confirm_order(Session& session, const Order& draft, const std::string& step, const std::string& login, const std::string& at,
                    const std::function<void(Order&)>& extra = {});

/// The stock register as committed now (Error(not_found) if missing) and the
/// reservations (none if there are none).
Stock load_stock(const Store& store);
Reservations load_reservations(const Store& store);

/// Removes the order's reservations (cancel, shipment). Nothing is written if it has none.
void release_order_stock(Store& store, const std::string& order_key);

/// gefest check of orders of every year with claims: every claimed number has its
/// order, which parses and carries that number; every order is in the index with its
/// status.
std::vector<Problem> check_orders(const Store& store, const Settings& settings);

}  // namespace gefest
