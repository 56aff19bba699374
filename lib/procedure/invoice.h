// Invoices («Счет на оплату», procedure 02-006 step 5.2.3.5 for non-cash orders).
//
// Where an invoice lives (one place per fact):
//  - its number: claimed gapless per year of the invoice's DATE with
//    Store::claim_number("invoice", year); the claim's note is the order key
//    ("2026-5"), so an invoice number always leads back to its order;
//  - the register Заказы/<year>/Счета <year>.csv (one row per invoice of that year,
//    Record::invoices, changed only under its lock): №;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;
//    Оплачено;Статус. Payments (5.2.4.3) read and change ONLY this file to match and
//    mark payments: O(1) files per bank statement;
//  - the order's заказ.toml: `invoice = "2026-7"` (year-number) so the order knows its
//    invoice; the order's step 5.2.3.5 is marked done when the invoice is sent;
//  - the documents: «Счет № N от DD.MM.YYYY.html» (+ .pdf) in the order's folder (5.2.5).
// An order has at most one invoice. Issuing needs a non-cash order with step 5.2.3.3 done
// (entered into 1C) and 5.2.3.5 not yet done; the role check is that of step 5.2.3.5
// (invoice_issue and invoice_send of lib/procedure/invoice_steps.h call
// require_step("5.2.3.5") and record the journal rows).
// Money is integer kopecks; amounts in the register are written "123456,78".
// The key, the money and the register are invoice.cpp; the documents, issuing, the
// contract and sending are invoice_documents.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/clients.h"
#include "documents/mail_out.h"
#include "base/money.h"
#include "procedure/order.h"
#include "store/share.h"

namespace gefest {

/// Invoice statuses (codes in the register's «Статус» column).
namespace invoice_status {
inline const std::string issued = "issued";        ///< made, not yet sent to the client
inline const std::string sent = "sent";            ///< sent (5.2.3.5 done)
inline const std::string partly_paid = "partial";  ///< some money came, less than the total
inline const std::string paid = "paid";            ///< paid in full (5.2.4.3)
inline const std::string cancelled = "cancelled";  ///< void; its number stays used
}  // namespace invoice_status

/// One row of the invoice register.
struct Invoice {
    int year = 0;              ///< year of the invoice date (numbering year)
    std::int64_t number = 0;   ///< gapless within `year`
    std::string date;          ///< YYYY-MM-DD, the document date
    std::string order;         ///< the order key "2026-5" (year-number)
    std::string client;        ///< client's name
    std::string client_inn;    ///< "" when the client has none
    Money total;               ///< what the client pays (VAT included)
    Money vat;                 ///< VAT in the total (0 under simplified taxation)
    std::string due;           ///< YYYY-MM-DD: «Счет действителен к оплате до …»
    Money paid;                ///< paid so far (payments developer keeps it)
    std::string status = invoice_status::issued;
    int line = 0;              ///< register line (parse only)

    /// "2026-7": year-number, as messages, the journal ("invoice:2026-7") and orders use it.
    std::string key() const;
    /// The order's year and number from `order`. Error(data) if it is not "YYYY-N".
    std::pair<int, std::int64_t> order_ref() const;
};

/// Parses "2026-7" (or "7", taking `default_year`) into year and number.
/// Error(usage) naming the text when it is neither.
std::pair<int, std::int64_t> parse_invoice_key(const std::string& text, int default_year);

// --- money on the document ------------------------------------------------------------

/// One line of a document (invoice, contract, specification, consignment note) with the
/// VAT rate resolved for the document date.
struct InvoiceLine {
    int n = 0;                 ///< 1-based line of the order
    std::string sku, name, unit;
    Quantity qty = 0;          ///< on this document (the consignment note: what ships)
    Money price, sum;          ///< as the order states them (VAT included or not); sum = qty × price
    int vat_percent = 0;       ///< -1: без НДС
    Money vat;                 ///< this line's VAT, rounded half away from zero
    Money gross;               ///< with VAT: sum (VAT included) or sum + vat (on top)
    Money net;                 ///< without VAT: gross − vat
};

/// The VAT of one rate on the document («В том числе НДС 22%: …»).
struct VatLine {
    int percent = 0;           ///< -1: «Без налога (НДС)»
    Money amount;
};

/// The lines and totals of an invoice.
struct InvoiceAmounts {
    std::vector<InvoiceLine> lines;
    Money sum;                 ///< Σ line sums («Итого»)
    Money vat;                 ///< Σ line VAT
    Money total;               ///< «Всего к оплате»: sum (VAT included) or sum + vat (on top)
    bool vat_included = true;
    std::vector<VatLine> vat_lines;  ///< one per rate, highest rate first; {-1, 0} alone under simplified taxation
};

/// The money of order line `n` (1-based) for `qty` of it on a document dated `date`: the
/// ONE line computation every document shares (invoice, contract, specification,
/// consignment note), so they agree to the kopeck. The rate is line_vat_rate (-1 under
/// simplified taxation); the VAT of sum = qty × price is vat_included or vat_on_top of
/// lib/base/money.h per order.vat_included, rounded half away from zero per line.
/// Error(state) naming the line if a non-standard line has no price yet.
InvoiceLine invoice_line(const Settings& settings, const Order& order, int n, Quantity qty, const std::string& date);

/// The lines with `qty` (indexed like order.items; a line with 0 or less is left out),
/// each by invoice_line, and their totals (per-line VAT summed, per rate) for a document
/// dated `date`. Error(state) as invoice_line.
InvoiceAmounts document_amounts(const Settings& settings, const Order& order, const std::vector<Quantity>& qty, const std::string& date);

/// document_amounts of every line in full: the invoice (and contract, specification).
InvoiceAmounts invoice_amounts(const Settings& settings, const Order& order, const std::string& date);

/// "Счет № 7 от 27.11.2026": the invoice's file name without extension.
std::string invoice_file_stem(std::int64_t number, const std::string& date);

// --- the register -----------------------------------------------------------------------

/// Parses a register ("" : empty) of `year`. Error(data) FILE:LINE for a missing column,
/// a number that is not whole, a date or amount that does not parse, an unknown status.
std::vector<Invoice> parse_invoice_register(const std::string& text, const std::string& file, int year);
/// The register's text (BOM, ';', CRLF), rows sorted by number.
std::string format_invoice_register(const std::vector<Invoice>& invoices);

/// Every invoice of `year` (committed state, no lock; none if the register is missing).
std::vector<Invoice> load_invoices(const Store& store, int year);
/// Invoice `number` of `year`, from the register's index (Store::find_indexed: O(1) of
/// the register while the index is current, else the index made again from it first).
/// Error(not_found) "no invoice 2026-7" if it is not in the register; Error(data) as
/// parse_invoice_register.
Invoice load_invoice(Store& store, int year, std::int64_t number);

/// The rows of the register's index: one per invoice, keyed by its number, its data the
/// invoice's row as format_invoice_register writes it.
void invoice_index_rows(const std::vector<Invoice>& invoices, const IndexEmit& emit);
/// How the index of `year`'s register is made from the register as read (IndexRows).
IndexRows invoice_register_rows(const std::string& file, int year);

/// Locked change of one register row (payments: paid, status): `change` gets the row as
/// committed now and edits it (it may run more than once; throw to abort, then nothing is
/// written). Error(not_found) as load_invoice. Returns the row as written. The register's
/// index is made anew under the same lock.
Invoice change_invoice(Store& store, int year, std::int64_t number, const std::function<void(Invoice&)>& change);

// --- issuing ----------------------------------------------------------------------------

struct IssueOptions {
    std::string date;    ///< YYYY-MM-DD; "" : today (now())
    int due_days = 5;    ///< payment term in calendar days from the date
    std::string login;   ///< who issues (journal, claim)
    std::string date_reason;  ///< why it is dated before its order or into another VAT period ("" : it must not be)
};

/// What issue_invoice made.
struct IssuedInvoice {
    Invoice invoice;
    InvoiceAmounts amounts;
    std::vector<std::filesystem::path> files;  ///< the .html, and the .pdf when a converter made one
    std::string pdf_note;                      ///< why there is no PDF ("" : there is one or pdf = "off")
};

/// Checks the requisites of the company (ИНН, КПП, the first bank account's БИК, к/с
/// and р/с keys) and of the client (ИНН/КПП when present). Error(config) naming the
/// field and gefest.toml for the company, Error(data) naming the field and the client.
void check_invoice_requisites(const Settings& settings, const std::string& settings_file, const Order& order,
                              const std::string& client_inn, const std::string& client_kpp);

/// Issues the invoice of order `order_year`-`order_number`: checks the order
/// (non-cash, not cancelled, 5.2.3.3 done, 5.2.3.5 not done, no invoice yet), the
/// requisites and the template BEFORE writing anything; then, under the order's lock,
/// claims the number of the date's year (note: the order key) and sets `invoice` on the
/// order; renders the documents into the order's folder, adds the register row, commits
/// the claim. A failure after the claim releases the number (the next invoice takes
/// it), clears `invoice` again and removes the files written. StepRefused for another
/// manager's order (Session::require_order_step).
/// An invoice dated before its order or into another VAT period than the order and its
/// contract (document_date_problem) is Error(data) unless options.date_reason says why.
/// Errors: not_found (order, client), state (path, already issued), config/data
/// (requisites, template, date), io.
IssuedInvoice issue_invoice(Session& session, int order_year, std::int64_t order_number, const IssueOptions& options);

/// The values every document template gets (man/gefest-share.5, DOCUMENT TEMPLATES):
/// company, client, invoice, basis, contract, order, lines, totals, vat_lines — all
/// strings (money "1 234,56"), so mustache escapes every one. `invoice` may be null for
/// the contract and specification (its keys are then "").
nlohmann::json document_data(const Settings& settings, const Order& order, const Client& client, const InvoiceAmounts& amounts,
                             const Invoice* invoice, int payment_days);

/// What make_contract made.
struct ContractMade {
    std::string number, date;                  ///< «Договор № number от date»
    std::vector<std::filesystem::path> files;  ///< Договор and Спецификация .html (+ .pdf)
    std::string pdf_note;
};

/// Step 5.2.3.4: the contract and specification of non-cash order `order_year`-`number`
/// from the templates into the order's folder, dated `date` ("" : today), contract number
/// = the order key; then marks 5.2.3.4 done by `login` and records the contract on the
/// order. Checks (order_can_do, requisites, templates, and the date as for
/// issue_invoice: before the order or in another VAT period than the order and its
/// invoice needs `date_reason`) come before any write.
ContractMade make_contract(Session& session, int order_year, std::int64_t order_number, const std::string& date,
                           const std::string& login, const std::string& date_reason = {});

/// "Договор № 2026-5 от 27.11.2026" and "Спецификация № 1 к договору № 2026-5": file stems.
std::string contract_file_stem(const std::string& number, const std::string& date);
std::string specification_file_stem(const std::string& number);

/// The documents of an issued invoice in its order's documents folder that exist now:
/// the invoice .html/.pdf, then Договор/Спецификация (.html/.pdf) when made.
std::vector<std::filesystem::path> invoice_documents(const Store& store, const Invoice& invoice);

// --- sending (5.2.3.5) -------------------------------------------------------------------

/// The e-mail of `invoice`: to `to` ("" : the client's e-mail addresses from the client
/// base), subject "Счет на оплату № 7 от 27.11.2026 — <company>", a short text body, the
/// invoice_documents attached. Error(usage) when there is no address (naming the client
/// and --to), Error(not_found) when the invoice's HTML is gone.
OutgoingMail invoice_mail(Session& session, const Invoice& invoice, const std::string& to);

/// Error(state) unless invoice `invoice` may be sent now: its order is at step 5.2.3.5
/// (order_can_do: 5.2.3.4, the contract, done) and the invoice is not cancelled.
void check_can_send(const Store& store, const Invoice& invoice);

/// After sending: marks 5.2.3.5 done on the order by `login` at `at` (note: "счет № N →
/// addresses, via"), then sets the register row's status to sent (unless already paid).
/// Error(state) if another run marked the step first.
void mark_invoice_sent(Session& session, const Invoice& invoice, const std::string& login, const std::string& at, const std::string& note);

}  // namespace gefest
