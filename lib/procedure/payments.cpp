// The payments register Бухгалтерия/Платежи.csv and what feeds it (payments.h): the
// incoming payments of a bank statement, the register's text both ways, the sums it
// gives the invoices, and the invoices and clients a payment is matched against.
#include "procedure/payments.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/csv_writer.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/locale_text.h"
#include "base/input.h"
#include "base/text.h"
#include "formats/excel_cells.h"
#include "procedure/clients.h"
#include "store/fsio.h"

namespace gefest {

namespace {

std::string money_cell(Money m) { return format_money(m, ',', false); }

const std::vector<std::string>& register_header() {
    static const std::vector<std::string> h = {"Ид", "Дата поступления", "Номер п/п", "Дата п/п", "Сумма", "Плательщик",
                                               "ИНН плательщика", "Счет плательщика", "Назначение платежа", "Наш счет",
                                               "Клиент (ИНН)", "Разнесено по счетам", "Остаток", "Статус", "Основание",
                                               "Источник", "Внес", "Когда"};
    return h;
}

}  // namespace

Money IncomingPayment::allocated() const {
    Money sum;
    for (const auto& a : allocations) sum += a.amount;
    return sum;
}

std::string payment_identity(const IncomingPayment& p) {
    return fmt::format("{}|{}|{}|{}|{}", p.account, p.date.iso(), p.number, format_plain(p.amount), p.payer_inn);
}

std::vector<IncomingPayment> incoming_payments(const BankStatement& st, const Settings& settings, std::vector<std::string>* skipped) {
    std::vector<IncomingPayment> out;
    for (const auto& d : st.documents) {
        bool ours = std::any_of(settings.accounts.begin(), settings.accounts.end(),
                                [&](const BankAccount& a) { return !a.account.empty() && a.account == d.payee_account; });
        if (!ours) continue;
        auto where = fmt::format("{}:{}", st.file, d.line);
        if (!d.known_type) {
            if (skipped)
                skipped->push_back(fmt::format(fmt::runtime(tr("{}: '{}' № {} of {} is not a payment gefest imports; enter it with invoice pay if it is one")),
                                               where, d.type, d.number, format_money(d.amount)));
            continue;
        }
        if (!d.received) {
            if (skipped)
                skipped->push_back(fmt::format(fmt::runtime(tr("{}: '{}' № {} has no ДатаПоступило: not credited yet")), where, d.type, d.number));
            continue;
        }
        IncomingPayment p;
        p.account = d.payee_account;
        p.received = *d.received;
        p.number = d.number;
        p.date = d.date;
        p.amount = d.amount;
        p.payer_name = d.payer_name;
        p.payer_inn = d.payer_inn == "0" ? "" : d.payer_inn;
        p.payer_account = d.payer_account;
        p.purpose = d.purpose;
        p.source = where;
        p.id = fsio::checksum(payment_identity(p)).substr(0, 12);
        out.push_back(std::move(p));
    }
    return out;
}
namespace {

bool is_own_payment_id(const std::string& id) {
    return id.size() == 12 && std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// An Ид of digits only that Excel stripped of its leading zeros ("012345678901" →
// "12345678901") is restored when the payment's identity (payment_identity) hashes to it.
void restore_id(IncomingPayment& p) {
    if (p.id.size() >= 12 || !std::all_of(p.id.begin(), p.id.end(), [](char c) { return c >= '0' && c <= '9'; })) return;
    const std::string id = fsio::checksum(payment_identity(p)).substr(0, 12);
    if (id == std::string(12 - p.id.size(), '0') + p.id) p.id = id;
}

}  // namespace

// --- the register -------------------------------------------------------------------------

namespace {

// Where the register's columns are in `header` (register_header() order). Error(data) at
// line 1 for a missing one.
std::vector<int> payment_columns(const std::vector<std::string>& header, const std::string& file) {
    std::vector<int> col;
    for (const auto& name : register_header()) {
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("no column '{}'")), name), file, 1);
        col.push_back(static_cast<int>(it - header.begin()));
    }
    return col;
}

// The payment of one row (cells as parse_guarded gives them; `col` from payment_columns).
// Error(data), at `file`:`line` unless it names its own place, for a cell that does not read.
IncomingPayment payment_of_row(const std::vector<std::string>& cells, const std::vector<int>& col, const std::string& file, int line) {
    auto cell = [&](int i) { return trimmed(cells[static_cast<size_t>(col[static_cast<size_t>(i)])]); };
    auto excel_date = [&](int i) {
        Date d;
        if (!excel::read_date(cell(i), d)) return Date::parse(cell(i), register_header()[static_cast<size_t>(i)]);  // throws
        return d;
    };
    try {
        IncomingPayment p;
        p.line = line;
        // gefest's own Ид, 12 lower-case hex digits, is taken as it is: one of them in
        // ~300 reads like a number with an exponent ("08081e022852"), which Excel
        // never writes so (it writes "8,08E+25").
        p.id = is_own_payment_id(cell(0)) ? cell(0) : excel::read_key(register_header()[0], cell(0));
        if (p.id.empty()) throw Error(Errc::data, tr("empty Ид"));
        p.received = excel_date(1);
        p.number = excel::read_key(register_header()[2], cell(2));
        p.date = excel_date(3);
        p.amount = parse_money(cell(4));
        // Bounded like every amount that enters (lib/base/input.h): a client's advances add up.
        input::require_amount(p.amount, "Сумма");
        p.payer_name = cell(5);
        p.payer_inn = excel::read_inn(register_header()[6], cell(6));
        p.payer_account = cell(7);
        excel::refuse_exponent(register_header()[7], p.payer_account);
        p.purpose = cell(8);
        p.account = cell(9);
        excel::refuse_exponent(register_header()[9], p.account);
        p.client_inn = excel::read_inn(register_header()[10], cell(10));
        restore_id(p);
        std::string alloc = cell(11);
        size_t pos = 0;
        while (pos < alloc.size()) {
            size_t end = alloc.find(';', pos);
            std::string part = trimmed(alloc.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            pos = end == std::string::npos ? alloc.size() : end + 1;
            if (part.empty()) continue;
            auto colon = part.find(':');
            if (colon == std::string::npos)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("allocation '{}' is not INVOICE:AMOUNT")), part));
            p.allocations.push_back({trimmed(part.substr(0, colon)), parse_money(part.substr(colon + 1))});
        }
        if (p.allocated() > p.amount)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("payment {} allocates {} of {}")), p.id, money_text(p.allocated()), money_text(p.amount)));
        p.status = cell(13);
        if (p.status != payment_status::matched && p.status != payment_status::advance && p.status != payment_status::ambiguous &&
            p.status != payment_status::unmatched)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown payment status '{}' (matched, advance, ambiguous, unmatched)")), p.status));
        p.reason = cell(14);
        p.source = cell(15);
        p.by = cell(16);
        p.at = cell(17);
        return p;
    } catch (const Error& e) {
        if (!e.file().empty()) throw;
        throw Error(Errc::data, e.what(), file, line);
    }
}

}  // namespace

std::vector<IncomingPayment> parse_payments(const std::string& text, const std::string& file) {
    std::vector<IncomingPayment> out;
    if (text.empty()) return out;
    // A row at a time (csv::parse_each); a file it refuses, or any row refused, is read
    // again as a whole table (csv::parse_guarded), which names the error it always named.
    try {
        std::vector<int> col;
        csv::parse_guarded_each(
            text, file, [&](const std::vector<std::string>& header) { col = payment_columns(header, file); },
            [&](csv::Row& row) { out.push_back(payment_of_row(row.cells, col, file, row.line)); });
        return out;
    } catch (const Error&) {
        out.clear();
    }
    auto table = csv::parse_guarded(text, file);
    const std::vector<int> col = payment_columns(table.header, file);
    for (const auto& row : table.rows) out.push_back(payment_of_row(row.cells, col, file, row.line));
    return out;
}

std::string format_payments(const std::vector<IncomingPayment>& rows) {
    // Row by row (csv::GuardedWriter): a register of many thousand payments is not copied
    // into a table, and that into a guarded one, to be written.
    csv::GuardedWriter out(register_header());
    out.reserve(rows.size() * 400);
    std::string alloc;
    for (const auto& p : rows) {
        alloc.clear();
        for (const auto& a : p.allocations) {
            if (!alloc.empty()) alloc += "; ";
            alloc += a.invoice;
            alloc += ':';
            alloc += money_cell(a.amount);
        }
        const std::string received = p.received.iso(), date = p.date.iso(), amount = money_cell(p.amount), left = money_cell(p.left());
        out.row({p.id, received, p.number, date, amount, p.payer_name, p.payer_inn, p.payer_account, p.purpose, p.account, p.client_inn, alloc,
                 left, p.status, p.reason, p.source, p.by, p.at});
    }
    return out.take();
}

std::vector<IncomingPayment> load_payments(const Store& store) {
    const RecordRef payments{Record::payments};
    return parse_payments(store.read(payments).content.value_or(""), store.where(payments));
}

std::map<std::string, Money> paid_by_invoice(const std::vector<IncomingPayment>& rows) {
    std::map<std::string, Money> out;
    for (const auto& p : rows)
        for (const auto& a : p.allocations) out[a.invoice] += a.amount;
    return out;
}

// --- the store ----------------------------------------------------------------------------

std::vector<Invoice> load_invoices_of(const Store& store, const std::vector<int>& years) {
    std::vector<Invoice> out;
    std::set<int> seen;
    for (int y : years)
        if (seen.insert(y).second)
            for (auto& i : load_invoices(store, y)) out.push_back(std::move(i));
    return out;
}

std::vector<KnownClient> known_clients(const Store& store) {
    std::vector<KnownClient> out;
    ClientBase base = load_clients(store);
    for (const auto& c : base.clients())
        if (!c.inn.empty()) out.push_back({c.inn, c.name});
    return out;
}

void apply_register(std::vector<Invoice>& invoices, const std::vector<IncomingPayment>& rows) {
    auto sums = paid_by_invoice(rows);
    for (auto& i : invoices) {
        auto it = sums.find(i.key());
        i.paid = it == sums.end() ? Money{} : it->second;
    }
}

}  // namespace gefest
