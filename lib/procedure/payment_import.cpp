// Recording incoming payments (payments.h, "the store"): a bank statement imported, a
// payment entered or assigned by hand, an advance applied, and the invoices' «Оплачено»
// and «Статус» set from the register afterwards.
#include "procedure/payments.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/locale_text.h"
#include "base/progress.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> allocated_invoices(const std::vector<IncomingPayment>& rows) {
    std::vector<std::string> keys;
    std::unordered_set<std::string> seen;
    for (const auto& p : rows)
        for (const auto& a : p.allocations)
            if (seen.insert(a.invoice).second) keys.push_back(a.invoice);
    return keys;
}

// The invoice's status once `paid` of it is paid.
std::string status_when_paid(const Invoice& i, Money paid) {
    if (i.status == invoice_status::cancelled) return i.status;
    if (paid >= i.total) return invoice_status::paid;
    if (paid > Money{}) return invoice_status::partly_paid;
    if (i.status == invoice_status::paid || i.status == invoice_status::partly_paid) return invoice_status::sent;
    return i.status;
}

// An invoice register as the import read it: its text and its rows, so that changing it
// right after parses it again only if someone changed it in between.
struct ReadRegister {
    int year = 0;
    std::string text;
    std::vector<Invoice> rows;
    bool taken = false;  ///< `rows` moved out by sync_invoice_sums
    std::size_t count = 0;  ///< the number of rows, while MatchSources lends them to its book
};

// The registers of `years` (each once, in the order given), as load_invoices_of.
std::vector<ReadRegister> read_registers(const Store& store, const std::vector<int>& years) {
    std::vector<ReadRegister> out;
    std::set<int> seen;
    for (int y : years) {
        if (!seen.insert(y).second) continue;
        const RecordRef invoices{Record::invoices, y};
        ReadRegister r{y, store.read(invoices).content.value_or(""), {}};
        r.rows = parse_invoice_register(r.text, store.where(invoices), y);
        out.push_back(std::move(r));
    }
    return out;
}

// Where each number is in a register's rows (the first row of a number repeated): a
// register is written sorted by number, and then it is searched as it is, without a table
// of 100k entries; else through one.
class NumberIndex {
public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    explicit NumberIndex(const std::vector<Invoice>& rows) : rows_(rows) {
        sorted_ = std::is_sorted(rows.begin(), rows.end(), [](const Invoice& a, const Invoice& b) { return a.number < b.number; });
        if (sorted_) return;
        at_.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) at_.emplace(rows[i].number, i);
    }

    /// The index of the first row of `number`, or none.
    std::size_t find(std::int64_t number) const {
        if (!sorted_) {
            auto it = at_.find(number);
            return it == at_.end() ? none : it->second;
        }
        auto it = std::lower_bound(rows_.begin(), rows_.end(), number, [](const Invoice& i, std::int64_t n) { return i.number < n; });
        return it == rows_.end() || it->number != number ? none : static_cast<std::size_t>(it - rows_.begin());
    }

private:
    const std::vector<Invoice>& rows_;
    bool sorted_ = false;
    std::unordered_map<std::int64_t, std::size_t> at_;
};

// sync_invoices with the register's sums per invoice given, and the registers as read
// (none: each is parsed under its lock).
std::vector<Invoice> sync_invoice_sums(Store& store, const std::vector<std::string>& keys, const std::map<std::string, Money>& sums,
                                       std::vector<ReadRegister>& read, std::vector<Invoice>* paid_in_full) {
    std::vector<Invoice> changed;
    if (keys.empty()) return changed;
    // Each year's register is read and written once, whatever the number of its invoices.
    std::map<int, std::vector<std::pair<std::int64_t, std::size_t>>> by_year;  // year → (number, index in keys)
    for (std::size_t k = 0; k < keys.size(); ++k) {
        auto [year, number] = parse_invoice_key(keys[k], now().date.year);
        by_year[year].push_back({number, k});
    }
    std::vector<std::optional<Invoice>> written(keys.size());
    std::vector<bool> newly_paid(keys.size(), false);
    for (const auto& entry : by_year) {
        const int year = entry.first;  // not structured bindings: clang 14 cannot capture them
        const auto& wanted = entry.second;
        const RecordRef invoices{Record::invoices, year};
        const std::string file = store.where(invoices);
        auto known = std::find_if(read.begin(), read.end(), [&](const ReadRegister& r) { return r.year == year; });
        std::vector<Invoice> rows;
        auto sync = [&](const Snapshot& s) -> std::optional<std::string> {
            for (const auto& w : wanted) written[w.second].reset();
            static const std::string none;
            const std::string& content = s.content ? *s.content : none;
            // The rows as read are taken, not copied (100k invoices); if this runs again,
            // the register is parsed.
            rows.clear();
            if (known != read.end() && !known->taken && content == known->text) {
                rows = std::move(known->rows);
                known->taken = true;
            } else {
                rows = parse_invoice_register(content, file, year);
            }
            const NumberIndex at(rows);
            bool any = false;
            for (const auto& [number, k] : wanted) {
                const std::size_t found = at.find(number);
                if (found == NumberIndex::none) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no invoice {}-{}")), year, number));
                Invoice& i = rows[found];
                auto sum = sums.find(keys[k]);
                const Money paid = sum == sums.end() ? Money{} : sum->second;
                const std::string status = status_when_paid(i, paid);
                if (i.paid == paid && i.status == status) continue;
                newly_paid[k] = i.status != invoice_status::paid && status == invoice_status::paid;
                i.paid = paid;
                i.status = status;
                written[k] = i;
                any = true;
            }
            if (!any) return std::nullopt;
            return format_invoice_register(rows);
        };
        // A payment by hand keeps the register's index current for the look-ups that
        // follow (load_invoice); a statement of thousands leaves it to the next look-up.
        if (wanted.size() <= 16) store.change_indexed(invoices, sync, [&](const IndexEmit& emit) { invoice_index_rows(rows, emit); });
        else store.change(invoices, sync);
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (!written[k]) continue;
        changed.push_back(*written[k]);
        if (paid_in_full && newly_paid[k]) paid_in_full->push_back(*written[k]);
    }
    return changed;
}

}  // namespace

std::vector<Invoice> sync_invoices(Store& store, const std::vector<std::string>& keys, std::vector<Invoice>* paid_in_full) {
    if (keys.empty()) return {};
    std::vector<ReadRegister> none;
    return sync_invoice_sums(store, keys, paid_by_invoice(load_payments(store)), none, paid_in_full);
}

namespace {

// The payments of the statements `files` (each payment once, in file order); their notes
// and the documents skipped go to `report`.
std::vector<IncomingPayment> read_statements(Session& session, const std::vector<fs::path>& files, ImportReport& report) {
    std::vector<IncomingPayment> incoming;
    std::set<std::string> ids;
    for (std::size_t file_no = 0; file_no < files.size(); ++file_no) {
        const fs::path& f = files[file_no];
        progress(tr("reading bank statements"), file_no, files.size());
        auto st = parse_bank_statement(fsio::read_file(f), f.string());
        for (auto& n : st.notes) report.notes.push_back(n);
        for (auto& p : incoming_payments(st, session.settings(), &report.skipped))
            if (ids.insert(p.id).second) incoming.push_back(std::move(p));
    }
    progress(tr("reading bank statements"), files.size(), files.size());
    return incoming;
}

// What new payments are matched against, read when first asked for: a statement imported
// again reads neither the invoice registers (100k invoices) nor the client base.
class MatchSources {
public:
    MatchSources(const Store& store, const std::vector<IncomingPayment>& incoming) : store_(store) {
        // Each year once, in the order first met (a statement's payments share a year or two).
        for (const auto& p : incoming)
            for (int y : {p.received.year, p.received.year - 1})
                if (std::find(years_.begin(), years_.end(), y) == years_.end()) years_.push_back(y);
    }

    /// The invoices of the payments' years and the year before, `paid` as `rows` give.
    /// The registers' rows are moved into the book, not copied (100k invoices), and
    /// registers() takes them back; asked again (matching runs again), the same book.
    InvoiceBook& book(const std::vector<IncomingPayment>& rows) {
        if (!read_) {
            registers_ = read_registers(store_, years_);
            clients_ = known_clients(store_);
            read_ = true;
        }
        std::vector<Invoice> all = book_ ? book_->release() : take_rows();
        for (std::size_t i = 0; i < all.size(); ++i) all[i].paid = paid_[i];
        apply_register(all, rows);
        book_.emplace(std::move(all), clients_);
        return *book_;
    }

    /// The registers as read (none if book() was never called).
    std::vector<ReadRegister>& registers() {
        if (book_) {
            // The rows back from the book, «Оплачено» as the register has it.
            std::vector<Invoice> all = book_->release();
            book_.reset();
            std::size_t at = 0;
            for (auto& r : registers_) {
                r.rows.reserve(r.count);
                for (std::size_t k = 0; k < r.count; ++k, ++at) {
                    all[at].paid = paid_[at];
                    r.rows.push_back(std::move(all[at]));
                }
            }
        }
        return registers_;
    }

private:
    // The registers' rows, moved out in order; their «Оплачено» kept in paid_.
    std::vector<Invoice> take_rows() {
        std::vector<Invoice> all;
        std::size_t n = 0;
        for (const auto& r : registers_) n += r.rows.size();
        all.reserve(n);
        paid_.clear();
        paid_.reserve(n);
        for (auto& r : registers_) {
            r.count = r.rows.size();
            for (auto& i : r.rows) {
                paid_.push_back(i.paid);
                all.push_back(std::move(i));
            }
            r.rows.clear();
        }
        return all;
    }

    const Store& store_;
    std::vector<int> years_;
    bool read_ = false;
    std::vector<ReadRegister> registers_;
    std::vector<KnownClient> clients_;
    std::optional<InvoiceBook> book_;
    std::vector<Money> paid_;  ///< «Оплачено» of the book's invoices as the registers have it
};

}  // namespace

ImportReport import_statements(Session& session, const std::vector<fs::path>& files, const std::string& login, bool dry_run) {
    Store& store = session.store();
    ImportReport report;
    // Everything is read and checked before the first write.
    const std::vector<IncomingPayment> incoming = read_statements(session, files, report);
    MatchSources sources(store, incoming);
    auto rules = load_payment_rules(store);
    std::string at = now().iso();

    // Matching happens against the register as committed under its lock, so two
    // imports at once never allocate the same balance twice; it may run more than once.
    auto plan = [&](std::vector<IncomingPayment> rows) {
        report.added.clear();
        report.repeated.clear();
        // The book is made when a payment is new (a statement imported again needs none).
        InvoiceBook* inv = nullptr;
        std::unordered_set<std::string> have;
        have.reserve(rows.size());
        for (const auto& r : rows) have.insert(r.id);
        rows.reserve(rows.size() + incoming.size());
        for (auto p : incoming) {
            // The register is the record; the key is the fast check. A key without a row
            // (a run killed in between) is imported again.
            if (have.count(p.id)) {
                report.repeated.push_back(std::move(p));
                continue;
            }
            p.by = login;
            p.at = at;
            if (!inv) inv = &sources.book(rows);
            allocate(p, match_payment(p, *inv, rules), *inv);
            rows.push_back(p);
            report.added.push_back(std::move(p));
        }
        return rows;
    };

    const RecordRef payments{Record::payments};
    const std::string file = store.where(payments);
    if (dry_run) {
        plan(parse_payments(store.read(payments).content.value_or(""), file));
        return report;
    }
    if (incoming.empty()) return report;
    std::string committed;                      // the register as this import wrote it
    std::vector<IncomingPayment> committed_rows;
    store.change(payments, [&](const Snapshot& snap) -> std::optional<std::string> {
        auto rows = plan(parse_payments(snap.content.value_or(""), file));
        if (report.added.empty()) return std::nullopt;
        committed = format_payments(rows);
        committed_rows = std::move(rows);
        return committed;
    });
    // The identities of the payments imported, kept in one file per month of their dates
    // (a mark beside the register, which is the record: a statement of thousands of
    // payments writes a few files, not one per payment).
    std::vector<KeyToKeep> keys;
    keys.reserve(report.added.size());
    for (const auto& p : report.added) keys.push_back({payment_identity(p), p.date.month_key(), p.id + " " + p.source});
    store.keep_keys("payment", keys);
    // The sums from the register as committed now (another import may have added to it).
    const auto keys_paid = allocated_invoices(report.added);
    if (!keys_paid.empty()) {
        // Parsed again only if another import changed it since.
        const auto now_text = store.read(payments).content;
        const auto sums = now_text && *now_text == committed ? paid_by_invoice(committed_rows)
                                                             : paid_by_invoice(parse_payments(now_text.value_or(""), file));
        report.changed = sync_invoice_sums(store, keys_paid, sums, sources.registers(), &report.paid_in_full);
    }
    return report;
}

namespace {

// --payment ID: the money left of the waiting row whose Ид starts with `id` goes to the
// invoice `fresh` (up to `amount`).
IncomingPayment& assign_waiting(std::vector<IncomingPayment>& rows, const ManualPayment& m, const Invoice& fresh, const std::string& file) {
    IncomingPayment* row = nullptr;
    for (auto& r : rows)
        if (r.id.rfind(m.payment_id, 0) == 0) {
            if (row) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("payment '{}' is ambiguous: give more of its Ид")), m.payment_id));
            row = &r;
        }
    if (!row) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no payment '{}' in {}")), m.payment_id, file));
    if (row->left() == Money{}) throw Error(Errc::state, fmt::format(fmt::runtime(tr("payment {} is allocated in full")), row->id));
    const std::string key = fresh.key();
    Money take = std::min({row->left(), invoice_balance(fresh), m.amount.value_or(row->left())});
    row->allocations.push_back({key, take});
    row->client_inn = fresh.client_inn;
    row->reason += fmt::format(fmt::runtime(tr("; {} assigned to invoice {} by {}")), format_money(take), key, m.login);
    row->status = row->left() > Money{} ? payment_status::advance : payment_status::matched;
    return *row;
}

// A new row "manual" of m.amount for the invoice `fresh`.
IncomingPayment manual_row(const ManualPayment& m, const Invoice& fresh, const std::string& at) {
    const std::string key = fresh.key();
    IncomingPayment p;
    p.id = "m" + fsio::random_token().substr(0, 11);
    p.received = m.date.value_or(now().date);
    p.date = p.received;
    p.amount = *m.amount;
    p.payer_name = fresh.client;
    p.payer_inn = fresh.client_inn;
    p.source = "manual";
    p.by = m.login;
    p.at = at;
    MatchResult r;
    r.rule = "manual";
    r.invoice = key;
    r.client_inn = fresh.client_inn;
    r.reason = fmt::format(fmt::runtime(tr("entered by hand for invoice {} by {}")), key, m.login);
    std::vector<Invoice> one{fresh};
    allocate(p, r, one);
    return p;
}

}  // namespace

Invoice pay_invoice(Store& store, const ManualPayment& m, ImportReport& report) {
    auto [year, number] = parse_invoice_key(m.invoice_key, now().date.year);
    Invoice inv = load_invoice(store, year, number);
    const std::string key = inv.key();
    if (inv.status == invoice_status::cancelled) throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is cancelled")), key));
    if (m.amount && *m.amount <= Money{})
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("amount {} is not above zero")), money_text(*m.amount)));
    int modes = (m.payment_id.empty() ? 0 : 1) + (m.from_advance ? 1 : 0);
    if (modes > 1) throw Error(Errc::usage, tr("give either --payment or --advance, not both"));
    if (modes == 0 && !m.amount) throw Error(Errc::usage, tr("give --amount (or --payment ID, or --advance)"));

    const RecordRef payments{Record::payments};
    const std::string file = store.where(payments);
    std::string at = now().iso();
    store.change(payments, [&](const Snapshot& snap) -> std::optional<std::string> {
        report.added.clear();
        auto rows = parse_payments(snap.content.value_or(""), file);
        Invoice fresh = inv;
        fresh.paid = paid_by_invoice(rows)[key];
        if (invoice_balance(fresh) == Money{}) throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is paid in full")), key));
        if (m.from_advance) {
            if (apply_advances(rows, fresh).empty())
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (ИНН {}) has no advance to apply")), inv.client, inv.client_inn));
        } else if (!m.payment_id.empty()) {
            report.added.push_back(assign_waiting(rows, m, fresh, file));
        } else {
            rows.push_back(manual_row(m, fresh, at));
            report.added.push_back(rows.back());
        }
        return format_payments(rows);
    });
    report.changed = sync_invoices(store, {key}, &report.paid_in_full);
    return load_invoice(store, year, number);
}

}  // namespace gefest
