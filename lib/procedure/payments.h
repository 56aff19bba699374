// Payments (procedure 02-006, step 5.2.4.3 «отслеживание данных об оплате»): incoming
// payments from bank statements (bank_statement.h) or typed in by hand, matched to
// invoices (invoice.h) and kept in the payments register Бухгалтерия/Платежи.csv.
//
// One place per fact:
//  - the payments register (Record::payments, changed under its lock) holds every
//    incoming payment once, with
//    where its money went: "2026-1:11800,00" per invoice; what is not allocated is an
//    advance of the client (by ИНН), or waits for a person (ambiguous / unmatched);
//  - an invoice's «Оплачено» in Счета <year>.csv is the sum of its allocations here,
//    set (not added) from this register, so repeating a sync cannot double-count;
//  - the store's key ("payment", the payment's identity) marks a bank payment as
//    imported: account, date, number, amount and payer ИНН (payment_identity).
// Matching and allocation are pure (match_payment, allocate); the functions on the
// store are at the end. Implemented by payments.cpp (statements to payments, the register),
// payment_matching.cpp (rules, matching, allocation) and payment_import.cpp (import,
// manual payments, the invoices' sums). Debts and reminders: payment_reminders.h; the
// steps a person runs (gefest invoice import-bank, pay, …): payment_steps.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "formats/bank_statement.h"
#include "base/clock.h"
#include "procedure/invoice.h"
#include "base/money.h"
#include "store/session.h"
#include "store/share.h"
#include "store/store.h"

namespace gefest {

/// Statuses of a register row (codes in the «Статус» column).
namespace payment_status {
inline const std::string matched = "matched";      ///< all of it went to invoices
inline const std::string advance = "advance";      ///< known client, money left over: kept on the client
inline const std::string ambiguous = "ambiguous";  ///< several invoices or clients fit: a person decides (invoice pay)
inline const std::string unmatched = "unmatched";  ///< nothing fits: a person decides (invoice pay)
}  // namespace payment_status

/// Where part of a payment went.
struct Allocation {
    std::string invoice;  ///< "2026-7"
    Money amount;
};

/// One incoming payment (a row of Платежи.csv).
struct IncomingPayment {
    std::string id;            ///< 12 hex digits of the identity's checksum; "Р-…" for manual ones
    std::string account;       ///< our account it was credited to ("" : manual)
    Date received;             ///< ДатаПоступило (manual: --date)
    std::string number;        ///< payment order number
    Date date;                 ///< payment order date
    Money amount;
    std::string payer_name, payer_inn, payer_account, purpose;
    std::string client_inn;    ///< whose money it is ("" : unknown)
    std::vector<Allocation> allocations;
    std::string status = payment_status::unmatched;
    std::string reason;        ///< why it matched (or did not), in words
    std::string source;        ///< "FILE:LINE" of the statement, or "manual"
    std::string by, at;        ///< who imported it, when (DateTime iso)
    int line = 0;              ///< register line (parse only)

    Money allocated() const;
    Money left() const { return amount - allocated(); }
};

/// "account|YYYY-MM-DD|number|amount|payer ИНН": what makes a bank payment the same
/// payment in two statements (overlapping periods, a re-export).
std::string payment_identity(const IncomingPayment& p);

/// The payments of `statement` credited to one of `settings.accounts` with
/// ДатаПоступило set, of a known document type. `skipped` (if given) gets a
/// "FILE:LINE: …" line for every other document credited to us (unknown type, no
/// ДатаПоступило); documents not credited to us are not reported.
std::vector<IncomingPayment> incoming_payments(const BankStatement& statement, const Settings& settings,
                                               std::vector<std::string>* skipped = nullptr);

// --- rules ------------------------------------------------------------------------------

/// The rules file (Бухгалтерия/Правила сопоставления.txt; gefest-share(5), PAYMENT
/// RULES): extra invoice-number patterns and payer → client aliases.
struct PaymentRules {
    struct Pattern {
        std::string text;
        std::regex re;
        int line = 0;
    };
    struct Alias {
        std::string by;      ///< "inn" | "name" | "account"
        std::string match;   ///< the payer's ИНН / folded part of the name / account
        std::string client_inn;
        int line = 0;
    };
    std::vector<Pattern> patterns;
    std::vector<Alias> aliases;
};

/// Parses the rules file. Lines: "# comment", blank, `pattern REGEX`,
/// `inn PAYER_INN = CLIENT_INN`, `name TEXT = CLIENT_INN`, `account PAYER_ACCOUNT =
/// CLIENT_INN`. Error(data) at FILE:LINE for an unknown keyword, a bad regex or one
/// without a capture group, an ИНН that fails its check digits, a missing "=".
PaymentRules parse_payment_rules(const std::string& text, const std::string& file);

/// The rules (Record::payment_rules, Бухгалтерия/Правила сопоставления.txt beside the
/// statements folder); none if there are none.
PaymentRules load_payment_rules(const Store& store);

// --- matching ---------------------------------------------------------------------------

/// Invoice numbers written in a payment purpose: «счет № 123», «сч.123», «по счету 123
/// от 20.11.2026», «Оплата по сч N 45», «счёт №7», «СЧЕТ НА ОПЛАТУ 5», then the rules'
/// patterns (matched against the lower-cased purpose, ё as е). With «от DD.MM.YYYY»
/// after the number, its year. Not «счет-фактура», not «расчет».
struct InvoiceRef {
    std::int64_t number = 0;
    int year = 0;  ///< 0 : not said
    std::string text;  ///< what was found, for the reason
};
std::vector<InvoiceRef> invoice_refs(const std::string& purpose, const PaymentRules& rules);

/// A client known by ИНН (the client base), for matching and advances.
struct KnownClient {
    std::string inn, name;
};

/// How a payment was matched.
struct MatchResult {
    std::string rule;                     ///< "number" | "inn+amount" | "inn+single" | "advance" | "ambiguous" | "none"
    std::string invoice;                  ///< the invoice key for number / inn+amount / inn+single
    std::string client_inn;               ///< whose money ("" : unknown)
    std::vector<std::string> candidates;  ///< ambiguous: the invoices that fit
    std::string reason;                   ///< in words, for listings and the journal
};

/// The invoices a batch of payments is matched against (their `paid` as of now, changed
/// by allocate), with the client base's ИНН, found by key, number and client ИНН in
/// constant time: matching a statement costs its payments plus the invoices, not their
/// product. Lookups keep the order the invoices were given in.
class InvoiceBook {
public:
    InvoiceBook(std::vector<Invoice> invoices, const std::vector<KnownClient>& clients);
    const std::vector<Invoice>& invoices() const { return invoices_; }
    /// The invoices, moved out, in the order given; the book is empty after.
    std::vector<Invoice> release();
    /// The first invoice of key "2026-7"; nullptr if there is none.
    Invoice* find(const std::string& key);
    /// The invoices numbered `number` (of any year), in the order given.
    std::vector<const Invoice*> numbered(std::int64_t number) const;
    /// The invoices of the client with ИНН `inn` ("" : none), in the order given.
    std::vector<const Invoice*> of_client(const std::string& inn) const;
    /// True if `inn` is a client's of the client base or of an invoice.
    bool knows(const std::string& inn) const;

private:
    // Indexes into invoices_, sorted by number (by client ИНН; those without one left
    // out), then by index: two arrays rather than a hash node and a vector per number and
    // per client (100k invoices).
    std::vector<Invoice> invoices_;
    std::vector<std::size_t> by_number_;
    std::vector<std::size_t> by_client_;
    std::unordered_set<std::string> clients_;
};

/// Matches one payment against `invoices` (their `paid` as of now), in order:
///  1. an invoice number in the purpose that names exactly one invoice of the year said,
///     else of the payment's year or the year before, whose client ИНН is the payer's
///     (after aliases) or empty;
///  2. the payer's ИНН and an open invoice whose balance equals the amount exactly;
///  3. the payer's ИНН with exactly one open invoice.
/// Otherwise: "advance" (a known client without open invoices), "ambiguous" (several
/// fit; candidates listed) or "none".
MatchResult match_payment(const IncomingPayment& payment, const InvoiceBook& invoices, const PaymentRules& rules);
/// match_payment against a book of `invoices` and `clients` made for this one payment.
MatchResult match_payment(const IncomingPayment& payment, const std::vector<Invoice>& invoices, const PaymentRules& rules,
                          const std::vector<KnownClient>& clients);

/// An invoice's balance: total − paid (never below zero).
Money invoice_balance(const Invoice& invoice);
/// "unpaid", "partial" or "paid" from total and paid (cancelled stays cancelled).
std::string payment_state(const Invoice& invoice);

/// Applies a match: allocates min(amount, balance) to the invoice, the rest stays as
/// the client's advance; sets status, client and reason; adds the allocation to
/// `invoices` (paid) so the next payment of the batch sees it.
void allocate(IncomingPayment& payment, const MatchResult& match, InvoiceBook& invoices);
/// allocate to one of `invoices` (found by a scan: for a few).
void allocate(IncomingPayment& payment, const MatchResult& match, std::vector<Invoice>& invoices);

/// Allocates the client's advances (rows with money left and client_inn ==
/// invoice.client_inn, oldest first) to `invoice` up to its balance. Returns the rows
/// changed; `invoice.paid` is updated.
std::vector<std::string> apply_advances(std::vector<IncomingPayment>& rows, Invoice& invoice);

/// The money the client with ИНН `inn` has as advances (what apply_advances would take
/// from), 0 for an empty ИНН.
Money advance_of(const std::vector<IncomingPayment>& rows, const std::string& inn);

// --- the register -------------------------------------------------------------------------

/// Parses the register ("" : empty). Error(data) FILE:LINE for a missing column, a bad
/// amount or date, an allocation that is not "YYYY-N:amount", allocations above the amount.
std::vector<IncomingPayment> parse_payments(const std::string& text, const std::string& file);
/// The register's text (BOM, ';', CRLF), in the order given.
std::string format_payments(const std::vector<IncomingPayment>& rows);
/// The register (Record::payments, Бухгалтерия/Платежи.csv) as committed now (none if
/// missing).
std::vector<IncomingPayment> load_payments(const Store& store);
/// Σ allocations per invoice key.
std::map<std::string, Money> paid_by_invoice(const std::vector<IncomingPayment>& rows);
/// Sets `paid` of each of `invoices` to what the register `rows` allocate to it (0 if nothing).
void apply_register(std::vector<Invoice>& invoices, const std::vector<IncomingPayment>& rows);

// --- the store ----------------------------------------------------------------------------

/// The invoices of `years` (missing registers: none).
std::vector<Invoice> load_invoices_of(const Store& store, const std::vector<int>& years);
/// Clients of the client base by ИНН (those with one).
std::vector<KnownClient> known_clients(const Store& store);

/// What an import did (or, dry, would do).
struct ImportReport {
    std::vector<IncomingPayment> added;      ///< new rows, with their matches
    std::vector<IncomingPayment> repeated;   ///< already imported before (identity key exists)
    std::vector<std::string> skipped;        ///< documents credited to us that are not imported
    std::vector<std::string> notes;          ///< statement notes (encoding, version)
    std::vector<Invoice> paid_in_full;       ///< invoices this import made paid
    std::vector<Invoice> changed;            ///< invoices whose «Оплачено» changed
};

/// Parses every file first (Error(data) FILE:LINE: nothing written), then takes the
/// incoming payments, drops those already imported, matches and allocates them against
/// the register under its lock, and — unless `dry_run` — claims their identity keys,
/// writes the register and sets «Оплачено»/«Статус» of the invoices concerned. A
/// payment that appears in two of the files is imported once.
ImportReport import_statements(Session& session, const std::vector<std::filesystem::path>& files, const std::string& login,
                               bool dry_run);

/// A manual payment (or an assignment of a waiting one) to `invoice_key`: with
/// `payment_id` the row's money left goes to the invoice (up to `amount` if given);
/// without it a new row "manual" of `amount` received on `date`; with `from_advance`
/// the client's advances are applied. Error(not_found) for an unknown invoice or row,
/// Error(state) for a cancelled or paid invoice or a row with nothing left,
/// Error(data) for an amount ≤ 0. Returns the invoice as written.
struct ManualPayment {
    std::string invoice_key;
    std::optional<Money> amount;
    std::optional<Date> date;
    std::string payment_id;
    bool from_advance = false;
    std::string login;
};
Invoice pay_invoice(Store& store, const ManualPayment& manual, ImportReport& report);

/// Sets «Оплачено» and «Статус» of the invoices named in `keys` from the register
/// (only rows that change are written). Returns the invoices changed.
std::vector<Invoice> sync_invoices(Store& store, const std::vector<std::string>& keys, std::vector<Invoice>* paid_in_full = nullptr);

}  // namespace gefest
