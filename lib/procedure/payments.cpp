#include "procedure/payments.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "procedure/clients.h"
#include "base/csv.h"
#include "base/encoding.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "base/text.h"
#include "procedure/order.h"
#include "formats/requisites.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

std::string money_cell(Money m) { return format_money(m, ',', false); }

bool is_letter_before(const std::string& s, size_t pos) {
    if (pos == 0) return false;
    auto c = static_cast<unsigned char>(s[pos - 1]);
    if (std::isalnum(c)) return true;
    // a Cyrillic letter in UTF-8 is D0 xx or D1 xx
    if (pos >= 2 && c >= 0x80 && c < 0xC0) {
        auto lead = static_cast<unsigned char>(s[pos - 2]);
        return lead == 0xD0 || lead == 0xD1;
    }
    return false;
}

// The default spellings, on folded text: «счет № 123», «сч.123», «по счету 123 от …»,
// «сч N 45», «счете №7», «счет на оплату 5»; the date after «от» gives the year.
const std::regex& default_pattern() {
    static const std::regex re(
        "сч(?:ет(?:у|а|е|ом|ам|ов)?)?(?:\\s+на\\s+оплату)?\\s*\\.?\\s*(?:№|nr|no|n|#)?\\s*\\.?\\s*(\\d{1,9})"
        "(?:\\s*(?:от|from)\\s*(\\d\\d)\\.(\\d\\d)\\.(\\d{4}))?");
    return re;
}

const std::vector<std::string>& register_header() {
    static const std::vector<std::string> h = {"Ид", "Дата поступления", "Номер п/п", "Дата п/п", "Сумма", "Плательщик",
                                               "ИНН плательщика", "Счет плательщика", "Назначение платежа", "Наш счет",
                                               "Клиент (ИНН)", "Разнесено по счетам", "Остаток", "Статус", "Основание",
                                               "Источник", "Внес", "Когда"};
    return h;
}

Invoice* find_invoice(std::vector<Invoice>& invoices, const std::string& key) {
    for (auto& i : invoices)
        if (i.key() == key) return &i;
    return nullptr;
}

bool is_open(const Invoice& i) { return i.status != invoice_status::cancelled && invoice_balance(i) > Money{}; }

std::string client_of(const IncomingPayment& p, const PaymentRules& rules) {
    std::string folded = fold_case(p.payer_name);
    for (const auto& a : rules.aliases) {
        if (a.by == "inn" && !p.payer_inn.empty() && a.match == p.payer_inn) return a.client_inn;
        if (a.by == "account" && !p.payer_account.empty() && a.match == p.payer_account) return a.client_inn;
        if (a.by == "name" && !a.match.empty() && folded.find(a.match) != std::string::npos) return a.client_inn;
    }
    return p.payer_inn;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
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

// --- rules ------------------------------------------------------------------------------

PaymentRules parse_payment_rules(const std::string& bytes, const std::string& file) {
    PaymentRules rules;
    std::string text = encoding::decode_text(bytes);
    int n = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        std::string line = trimmed(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        pos = end == std::string::npos ? text.size() : end + 1;
        ++n;
        if (line.empty() || line[0] == '#') continue;
        auto sp = line.find_first_of(" \t");
        std::string word = line.substr(0, sp);
        std::string rest = sp == std::string::npos ? "" : trimmed(line.substr(sp));
        if (word == "pattern") {
            if (rest.empty()) throw Error(Errc::data, tr("pattern without a regular expression"), file, n);
            PaymentRules::Pattern p;
            p.text = rest;
            p.line = n;
            try {
                p.re = std::regex(fold_case(rest));
            } catch (const std::regex_error& e) {
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("bad regular expression '{}': {}")), rest, e.what()), file, n);
            }
            if (p.re.mark_count() < 1)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("pattern '{}' has no (group) for the invoice number")), rest), file, n);
            rules.patterns.push_back(std::move(p));
        } else if (word == "inn" || word == "name" || word == "account") {
            auto eq = rest.rfind('=');
            if (eq == std::string::npos)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("expected '{} PAYER = CLIENT_INN'")), word), file, n);
            PaymentRules::Alias a;
            a.by = word;
            a.match = trimmed(rest.substr(0, eq));
            a.client_inn = trimmed(rest.substr(eq + 1));
            a.line = n;
            if (a.match.size() >= 2 && a.match.front() == '"' && a.match.back() == '"') a.match = a.match.substr(1, a.match.size() - 2);
            if (a.match.empty()) throw Error(Errc::data, fmt::format(fmt::runtime(tr("expected '{} PAYER = CLIENT_INN'")), word), file, n);
            if (word == "name") a.match = fold_case(a.match);
            if (word == "inn")
                if (auto why = requisites::check_inn(a.match); !why.empty())
                    throw Error(Errc::data, fmt::format(fmt::runtime(tr("payer ИНН '{}': {}")), a.match, why), file, n);
            if (auto why = requisites::check_inn(a.client_inn); !why.empty())
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("client ИНН '{}': {}")), a.client_inn, why), file, n);
            rules.aliases.push_back(std::move(a));
        } else {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown rule '{}' (pattern, inn, name, account)")), word), file, n);
        }
    }
    return rules;
}

fs::path payment_rules_path(const Share& share) {
    return share.at(share.settings().statements).parent_path() / "Правила сопоставления.txt";
}

PaymentRules load_payment_rules(const Share& share) {
    auto path = payment_rules_path(share);
    auto text = fsio::read_file_if_exists(path);
    if (!text) return {};
    return parse_payment_rules(*text, path.string());
}

// --- matching ---------------------------------------------------------------------------

std::vector<InvoiceRef> invoice_refs(const std::string& purpose, const PaymentRules& rules) {
    std::vector<InvoiceRef> out;
    std::string text = fold_case(purpose);
    auto add = [&](const std::smatch& m, bool with_date) {
        InvoiceRef r;
        try {
            r.number = std::stoll(m[1].str());
        } catch (...) {
            return;
        }
        if (with_date && m.size() > 4 && m[4].matched) r.year = std::stoi(m[4].str());
        r.text = m[0].str();
        for (const auto& x : out)
            if (x.number == r.number && x.year == r.year) return;
        out.push_back(r);
    };
    for (auto it = std::sregex_iterator(text.begin(), text.end(), default_pattern()); it != std::sregex_iterator(); ++it)
        if (!is_letter_before(text, static_cast<size_t>(it->position(0)))) add(*it, true);
    for (const auto& p : rules.patterns)
        for (auto it = std::sregex_iterator(text.begin(), text.end(), p.re); it != std::sregex_iterator(); ++it) add(*it, false);
    return out;
}

Money invoice_balance(const Invoice& i) { return i.total > i.paid ? i.total - i.paid : Money{}; }

std::string payment_state(const Invoice& i) {
    if (i.status == invoice_status::cancelled) return invoice_status::cancelled;
    if (i.paid >= i.total && i.total > Money{}) return "paid";
    if (i.paid > Money{}) return "partial";
    return "unpaid";
}

MatchResult match_payment(const IncomingPayment& p, const std::vector<Invoice>& invoices, const PaymentRules& rules,
                          const std::vector<KnownClient>& clients) {
    MatchResult r;
    r.client_inn = client_of(p, rules);
    const bool aliased = r.client_inn != p.payer_inn;
    const std::string who = aliased ? fmt::format(fmt::runtime(tr("ИНН {} (alias of payer {})")), r.client_inn, p.payer_inn.empty() ? p.payer_name : p.payer_inn)
                                    : fmt::format(fmt::runtime(tr("ИНН {}")), r.client_inn);

    // 1. the invoice number in the purpose
    std::vector<std::string> hits, foreign;
    std::string said;
    for (const auto& ref : invoice_refs(p.purpose, rules)) {
        for (const auto& inv : invoices) {
            if (inv.number != ref.number || inv.status == invoice_status::cancelled) continue;
            bool year_ok = ref.year ? inv.year == ref.year : (inv.year == p.received.year || inv.year == p.received.year - 1);
            if (!year_ok) continue;
            if (inv.client_inn.empty() || inv.client_inn == r.client_inn) {
                if (std::find(hits.begin(), hits.end(), inv.key()) == hits.end()) hits.push_back(inv.key());
                said = ref.text;
            } else {
                foreign.push_back(fmt::format(fmt::runtime(tr("{} of '{}' (ИНН {})")), inv.key(), inv.client, inv.client_inn));
            }
        }
    }
    if (hits.size() == 1) {
        r.rule = "number";
        r.invoice = hits[0];
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: its number is in the purpose ('{}')")), hits[0], said);
        return r;
    }
    if (hits.size() > 1) {
        r.rule = "ambiguous";
        r.candidates = hits;
        r.reason = fmt::format(fmt::runtime(tr("the purpose names several invoices: {}")), join(hits));
        return r;
    }

    std::vector<const Invoice*> open;
    if (!r.client_inn.empty())
        for (const auto& inv : invoices)
            if (inv.client_inn == r.client_inn && is_open(inv)) open.push_back(&inv);

    // 2. ИНН and an open invoice of exactly this amount
    std::vector<std::string> exact;
    for (const auto* inv : open)
        if (invoice_balance(*inv) == p.amount) exact.push_back(inv->key());
    if (exact.size() == 1) {
        r.rule = "inn+amount";
        r.invoice = exact[0];
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: payer {} and the amount {} equal its balance")), exact[0], who, format_money(p.amount));
        return r;
    }
    if (exact.size() > 1) {
        r.rule = "ambiguous";
        r.candidates = exact;
        r.reason = fmt::format(fmt::runtime(tr("payer {} has several open invoices of {}: {}")), who, format_money(p.amount), join(exact));
        return r;
    }
    // 3. ИНН with a single open invoice
    if (open.size() == 1) {
        r.rule = "inn+single";
        r.invoice = open[0]->key();
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: the only open invoice of payer {}")), r.invoice, who);
        return r;
    }
    if (open.size() > 1) {
        r.rule = "ambiguous";
        for (const auto* inv : open) r.candidates.push_back(inv->key());
        r.reason = fmt::format(fmt::runtime(tr("payer {} has several open invoices and none of {}: {}")), who, format_money(p.amount), join(r.candidates));
        return r;
    }
    if (!foreign.empty()) {
        r.rule = "ambiguous";
        r.reason = fmt::format(fmt::runtime(tr("the purpose names invoice {}, but the payer is {}")), join(foreign), who);
        return r;
    }
    bool known = !r.client_inn.empty() &&
                 (std::any_of(clients.begin(), clients.end(), [&](const KnownClient& c) { return c.inn == r.client_inn; }) ||
                  std::any_of(invoices.begin(), invoices.end(), [&](const Invoice& i) { return i.client_inn == r.client_inn; }));
    if (known) {
        r.rule = "advance";
        r.reason = fmt::format(fmt::runtime(tr("no open invoice of payer {}: kept as the client's advance")), who);
        return r;
    }
    r.rule = "none";
    r.reason = r.client_inn.empty() ? tr("no invoice number in the purpose and no payer ИНН")
                                    : fmt::format(fmt::runtime(tr("no invoice number in the purpose and no client with {}")), who);
    r.client_inn.clear();
    return r;
}

void allocate(IncomingPayment& p, const MatchResult& m, std::vector<Invoice>& invoices) {
    p.client_inn = m.client_inn;
    p.reason = m.reason;
    if (!m.invoice.empty()) {
        Invoice* inv = find_invoice(invoices, m.invoice);
        Money take = inv ? std::min(p.left(), invoice_balance(*inv)) : Money{};
        if (take > Money{}) {
            p.allocations.push_back({m.invoice, take});
            inv->paid += take;
        }
        if (inv && !inv->client_inn.empty()) p.client_inn = inv->client_inn;
        if (p.left() > Money{})
            p.reason += fmt::format(fmt::runtime(tr("; {} over the invoice kept as the client's advance")), format_money(p.left()));
        p.status = p.left() > Money{} ? payment_status::advance : payment_status::matched;
        return;
    }
    if (m.rule == "advance") p.status = payment_status::advance;
    else if (m.rule == "ambiguous") p.status = payment_status::ambiguous;
    else p.status = payment_status::unmatched;
}

std::vector<std::string> apply_advances(std::vector<IncomingPayment>& rows, Invoice& invoice) {
    std::vector<std::string> changed;
    if (invoice.client_inn.empty()) return changed;
    for (auto& p : rows) {
        if (invoice_balance(invoice) == Money{}) break;
        if (p.client_inn != invoice.client_inn || p.status != payment_status::advance || p.left() <= Money{}) continue;
        Money take = std::min(p.left(), invoice_balance(invoice));
        bool merged = false;
        for (auto& a : p.allocations)
            if (a.invoice == invoice.key()) a.amount += take, merged = true;
        if (!merged) p.allocations.push_back({invoice.key(), take});
        invoice.paid += take;
        p.reason += fmt::format(fmt::runtime(tr("; advance {} applied to invoice {}")), format_money(take), invoice.key());
        if (p.left() == Money{}) p.status = payment_status::matched;
        changed.push_back(p.id);
    }
    return changed;
}

Money advance_of(const std::vector<IncomingPayment>& rows, const std::string& inn) {
    Money sum;
    if (inn.empty()) return sum;
    for (const auto& p : rows)
        if (p.client_inn == inn && p.status == payment_status::advance && p.left() > Money{}) sum += p.left();
    return sum;
}

// --- the register -------------------------------------------------------------------------

fs::path payments_register_path(const Share& share) {
    return share.at(share.settings().statements).parent_path() / "Платежи.csv";
}

std::vector<IncomingPayment> parse_payments(const std::string& text, const std::string& file) {
    std::vector<IncomingPayment> out;
    if (text.empty()) return out;
    auto table = csv::parse(text, file);
    std::vector<int> col;
    for (const auto& name : register_header()) {
        int c = table.column(name);
        if (c < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("no column '{}'")), name), file, 1);
        col.push_back(c);
    }
    for (const auto& row : table.rows) {
        auto cell = [&](int i) { return trimmed(row.cells[static_cast<size_t>(col[static_cast<size_t>(i)])]); };
        auto at = [&](const std::string& what) { return fmt::format("{}:{}: {}", file, row.line, what); };
        try {
            IncomingPayment p;
            p.line = row.line;
            p.id = cell(0);
            if (p.id.empty()) throw Error(Errc::data, tr("empty Ид"));
            p.received = Date::parse(cell(1), "Дата поступления");
            p.number = cell(2);
            p.date = Date::parse(cell(3), "Дата п/п");
            p.amount = parse_money(cell(4));
            p.payer_name = cell(5);
            p.payer_inn = cell(6);
            p.payer_account = cell(7);
            p.purpose = cell(8);
            p.account = cell(9);
            p.client_inn = cell(10);
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
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("payment {} allocates {} of {}")), p.id, format_money(p.allocated()), format_money(p.amount)));
            p.status = cell(13);
            if (p.status != payment_status::matched && p.status != payment_status::advance && p.status != payment_status::ambiguous &&
                p.status != payment_status::unmatched)
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("unknown payment status '{}' (matched, advance, ambiguous, unmatched)")), p.status));
            p.reason = cell(14);
            p.source = cell(15);
            p.by = cell(16);
            p.at = cell(17);
            out.push_back(std::move(p));
        } catch (const Error& e) {
            if (!e.file().empty()) throw;
            throw Error(Errc::data, e.what(), file, row.line);
        }
        (void)at;
    }
    return out;
}

std::string format_payments(const std::vector<IncomingPayment>& rows) {
    csv::Table t;
    t.header = register_header();
    for (const auto& p : rows) {
        std::vector<std::string> alloc;
        for (const auto& a : p.allocations) alloc.push_back(a.invoice + ":" + money_cell(a.amount));
        t.rows.push_back({{p.id, p.received.iso(), p.number, p.date.iso(), money_cell(p.amount), csv::neutralize_formula(p.payer_name),
                           p.payer_inn, p.payer_account, csv::neutralize_formula(p.purpose), p.account, p.client_inn, join(alloc, "; "),
                           money_cell(p.left()), p.status, csv::neutralize_formula(p.reason), p.source, p.by, p.at},
                          0});
    }
    return csv::write(t);
}

std::vector<IncomingPayment> load_payments(const Share& share, const Identity& me) {
    auto path = payments_register_path(share);
    auto snap = shared_file(share, me, path).read();
    return parse_payments(snap.content.value_or(""), path.string());
}

std::map<std::string, Money> paid_by_invoice(const std::vector<IncomingPayment>& rows) {
    std::map<std::string, Money> out;
    for (const auto& p : rows)
        for (const auto& a : p.allocations) out[a.invoice] += a.amount;
    return out;
}

// --- the share ----------------------------------------------------------------------------

std::vector<Invoice> load_invoices_of(const Share& share, const Identity& me, const std::vector<int>& years) {
    std::vector<Invoice> out;
    std::set<int> seen;
    for (int y : years)
        if (seen.insert(y).second)
            for (auto& i : load_invoices(share, me, y)) out.push_back(std::move(i));
    return out;
}

std::vector<KnownClient> known_clients(const Share& share, const Identity& me) {
    std::vector<KnownClient> out;
    ClientBase base = load_clients(share, me);
    for (const auto& c : base.clients())
        if (!c.inn.empty()) out.push_back({c.inn, c.name});
    return out;
}

namespace {

// The invoices as the register says they are paid: «Оплачено» from the allocations.
void apply_register(std::vector<Invoice>& invoices, const std::vector<IncomingPayment>& rows) {
    auto sums = paid_by_invoice(rows);
    for (auto& i : invoices) {
        auto it = sums.find(i.key());
        i.paid = it == sums.end() ? Money{} : it->second;
    }
}

std::vector<std::string> allocated_invoices(const std::vector<IncomingPayment>& rows) {
    std::vector<std::string> keys;
    for (const auto& p : rows)
        for (const auto& a : p.allocations)
            if (std::find(keys.begin(), keys.end(), a.invoice) == keys.end()) keys.push_back(a.invoice);
    return keys;
}

}  // namespace

std::vector<Invoice> sync_invoices(const Share& share, const Identity& me, const std::vector<std::string>& keys,
                                   std::vector<Invoice>* paid_in_full) {
    std::vector<Invoice> changed;
    if (keys.empty()) return changed;
    auto sums = paid_by_invoice(load_payments(share, me));
    for (const auto& key : keys) {
        auto [year, number] = parse_invoice_key(key, now().date.year);
        Money paid = sums.count(key) ? sums[key] : Money{};
        auto target_status = [&](const Invoice& i) {
            if (i.status == invoice_status::cancelled) return i.status;
            if (paid >= i.total) return invoice_status::paid;
            if (paid > Money{}) return invoice_status::partly_paid;
            if (i.status == invoice_status::paid || i.status == invoice_status::partly_paid) return invoice_status::sent;
            return i.status;
        };
        Invoice now_is = load_invoice(share, me, year, number);
        if (now_is.paid == paid && now_is.status == target_status(now_is)) continue;
        bool was_paid = now_is.status == invoice_status::paid;
        Invoice written = change_invoice(share, me, year, number, [&](Invoice& i) {
            i.paid = paid;
            i.status = target_status(i);
        });
        changed.push_back(written);
        if (paid_in_full && !was_paid && written.status == invoice_status::paid) paid_in_full->push_back(written);
    }
    return changed;
}

ImportReport import_statements(const Share& share, const Identity& me, const std::vector<fs::path>& files, const std::string& login,
                               bool dry_run) {
    ImportReport report;
    // Everything is read and checked before the first write.
    std::vector<IncomingPayment> incoming;
    std::set<std::string> ids;
    for (const auto& f : files) {
        auto st = parse_bank_statement(fsio::read_file(f), f.string());
        for (auto& n : st.notes) report.notes.push_back(n);
        for (auto& p : incoming_payments(st, share.settings(), &report.skipped))
            if (ids.insert(p.id).second) incoming.push_back(std::move(p));
    }
    std::vector<int> years;
    for (const auto& p : incoming) years.push_back(p.received.year), years.push_back(p.received.year - 1);
    auto invoices = load_invoices_of(share, me, years);
    auto clients = known_clients(share, me);
    auto rules = load_payment_rules(share);
    auto keys = share.keys_of("payment");
    std::string at = now().iso();

    // Matching happens against the register as committed under its lock, so two
    // imports at once never allocate the same balance twice; it may run more than once.
    auto plan = [&](std::vector<IncomingPayment> rows) {
        report.added.clear();
        report.repeated.clear();
        auto inv = invoices;
        apply_register(inv, rows);
        std::set<std::string> have;
        for (const auto& r : rows) have.insert(r.id);
        for (auto p : incoming) {
            // The register is the record; the key is the fast check. A key without a row
            // (a run killed in between) is imported again.
            if (have.count(p.id)) {
                report.repeated.push_back(p);
                continue;
            }
            p.by = login;
            p.at = at;
            allocate(p, match_payment(p, inv, rules, clients), inv);
            rows.push_back(p);
            report.added.push_back(p);
        }
        return rows;
    };

    auto path = payments_register_path(share);
    auto file = shared_file(share, me, path);
    if (dry_run) {
        plan(parse_payments(file.read().content.value_or(""), path.string()));
        return report;
    }
    if (incoming.empty()) return report;
    fsio::make_dirs(keys);
    fsio::make_dirs(path.parent_path());
    file.update([&](const Snapshot& snap) -> std::optional<std::string> {
        auto rows = plan(parse_payments(snap.content.value_or(""), path.string()));
        if (report.added.empty()) return std::nullopt;
        return format_payments(rows);
    });
    for (const auto& p : report.added) fsio::create_exclusive(keys / fsio::checksum(payment_identity(p)), p.id + " " + p.source + "\n");
    report.changed = sync_invoices(share, me, allocated_invoices(report.added), &report.paid_in_full);
    return report;
}

Invoice pay_invoice(const Share& share, const Identity& me, const ManualPayment& m, ImportReport& report) {
    auto [year, number] = parse_invoice_key(m.invoice_key, now().date.year);
    Invoice inv = load_invoice(share, me, year, number);
    const std::string key = inv.key();
    if (inv.status == invoice_status::cancelled) throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is cancelled")), key));
    if (m.amount && *m.amount <= Money{})
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("amount {} is not above zero")), format_money(*m.amount)));
    int modes = (m.payment_id.empty() ? 0 : 1) + (m.from_advance ? 1 : 0);
    if (modes > 1) throw Error(Errc::usage, tr("give either --payment or --advance, not both"));
    if (modes == 0 && !m.amount) throw Error(Errc::usage, tr("give --amount (or --payment ID, or --advance)"));

    auto path = payments_register_path(share);
    fsio::make_dirs(path.parent_path());
    std::string at = now().iso();
    shared_file(share, me, path).update([&](const Snapshot& snap) -> std::optional<std::string> {
        report.added.clear();
        auto rows = parse_payments(snap.content.value_or(""), path.string());
        Invoice fresh = inv;
        fresh.paid = paid_by_invoice(rows)[key];
        if (invoice_balance(fresh) == Money{})
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is paid in full")), key));
        if (m.from_advance) {
            if (apply_advances(rows, fresh).empty())
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("client '{}' (ИНН {}) has no advance to apply")), inv.client, inv.client_inn));
            return format_payments(rows);
        }
        if (!m.payment_id.empty()) {
            IncomingPayment* row = nullptr;
            for (auto& r : rows)
                if (r.id.rfind(m.payment_id, 0) == 0) {
                    if (row) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("payment '{}' is ambiguous: give more of its Ид")), m.payment_id));
                    row = &r;
                }
            if (!row) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no payment '{}' in {}")), m.payment_id, path.string()));
            if (row->left() == Money{})
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("payment {} is allocated in full")), row->id));
            Money take = std::min({row->left(), invoice_balance(fresh), m.amount.value_or(row->left())});
            row->allocations.push_back({key, take});
            row->client_inn = inv.client_inn;
            row->reason += fmt::format(fmt::runtime(tr("; {} assigned to invoice {} by {}")), format_money(take), key, m.login);
            row->status = row->left() > Money{} ? payment_status::advance : payment_status::matched;
            report.added.push_back(*row);
            return format_payments(rows);
        }
        IncomingPayment p;
        p.id = "m" + fsio::random_token().substr(0, 11);
        p.received = m.date.value_or(now().date);
        p.date = p.received;
        p.number = "";
        p.amount = *m.amount;
        p.payer_name = inv.client;
        p.payer_inn = inv.client_inn;
        p.source = "manual";
        p.by = m.login;
        p.at = at;
        MatchResult r;
        r.rule = "manual";
        r.invoice = key;
        r.client_inn = inv.client_inn;
        r.reason = fmt::format(fmt::runtime(tr("entered by hand for invoice {} by {}")), key, m.login);
        std::vector<Invoice> one{fresh};
        allocate(p, r, one);
        rows.push_back(p);
        report.added.push_back(p);
        return format_payments(rows);
    });
    report.changed = sync_invoices(share, me, {key}, &report.paid_in_full);
    return load_invoice(share, me, year, number);
}

}  // namespace gefest

#include "base/toml_util.h"

namespace gefest {

PaymentSettings load_payment_settings(const Share& share) {
    PaymentSettings ps;
    auto file = share.settings_file().string();
    auto t = tomlu::parse(fsio::read_file(share.settings_file()), file);
    const toml::table* p = t["payments"].as_table();
    if (!p) return ps;
    if (auto v = tomlu::opt_int(*p, "remind_after_days", file)) ps.remind_after_days = static_cast<int>(*v);
    if (auto v = tomlu::opt_int(*p, "escalate_after_days", file)) ps.escalate_after_days = static_cast<int>(*v);
    if (auto v = tomlu::opt_string(*p, "client_template", file)) ps.client_template = *v;
    if (ps.remind_after_days < 0 || ps.escalate_after_days < ps.remind_after_days)
        throw Error(Errc::config,
                    fmt::format(fmt::runtime(tr("[payments] escalate_after_days ({}) must not be below remind_after_days ({}), neither below 0")),
                                ps.escalate_after_days, ps.remind_after_days),
                    file, tomlu::line_of(*p));
    return ps;
}

std::vector<DebtRow> invoice_debts(const Share& share, const Identity& me, Date today, bool overdue_only, int year) {
    std::vector<int> years = year ? std::vector<int>{year} : std::vector<int>{today.year - 1, today.year};
    auto invoices = load_invoices_of(share, me, years);
    apply_register(invoices, load_payments(share, me));
    std::map<std::string, OrderIndexRow> orders;
    for (int y : std::set<int>{years.front() - 1, years.front(), today.year}) {  // an order may be older than its invoice
        auto path = order_index_path(share, y);
        auto text = fsio::read_file_if_exists(path);
        if (!text) continue;
        for (auto& r : parse_order_index(*text, path.string())) orders[fmt::format("{}-{}", y, r.number)] = r;
    }
    std::vector<DebtRow> out;
    for (auto& inv : invoices) {
        if (inv.status == invoice_status::cancelled || invoice_balance(inv) == Money{}) continue;
        DebtRow d;
        d.balance = invoice_balance(inv);
        Date due;
        if (Date::try_parse(inv.due, due) && due < today) d.days_overdue = static_cast<int>(today.days() - due.days());
        if (overdue_only && d.days_overdue == 0) continue;
        if (auto it = orders.find(inv.order); it != orders.end()) d.manager = it->second.manager, d.next_step = it->second.next_step;
        d.invoice = std::move(inv);
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const DebtRow& a, const DebtRow& b) {
        if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
        return std::make_pair(a.invoice.year, a.invoice.number) < std::make_pair(b.invoice.year, b.invoice.number);
    });
    return out;
}

std::vector<Reminder> due_reminders(const Share& share, const std::vector<DebtRow>& debts, const PaymentSettings& s, int min_days) {
    std::vector<Reminder> out;
    auto keys = share.keys_of("reminder");
    int first = std::max({min_days, s.remind_after_days, 1});
    for (const auto& d : debts) {
        std::vector<std::string> levels;
        if (d.days_overdue >= first) {
            levels.push_back("manager");
            if (!s.client_template.empty()) levels.push_back("client");
        }
        if (d.days_overdue >= std::max(first, s.escalate_after_days)) levels.push_back("head_of_sales");
        for (const auto& level : levels) {
            Reminder r{d, level, d.invoice.key() + "|" + level};
            if (!fsio::exists(keys / fsio::checksum(r.key))) out.push_back(std::move(r));
        }
    }
    return out;
}

bool claim_reminder(const Share& share, const Reminder& r, const std::string& note) {
    auto keys = share.keys_of("reminder");
    fsio::make_dirs(keys);
    return fsio::create_exclusive(keys / fsio::checksum(r.key), r.key + " " + note + "\n");
}

void release_reminder(const Share& share, const Reminder& r) { fsio::remove_file(share.keys_of("reminder") / fsio::checksum(r.key)); }

std::string client_reminder_text(const Share& share, const PaymentSettings& s, const DebtRow& d, Date today) {
    auto path = share.at(s.client_template);
    std::string text = encoding::decode_text(fsio::read_file(path));
    Date date, due;
    Date::try_parse(d.invoice.date, date);
    Date::try_parse(d.invoice.due, due);
    const std::vector<std::pair<std::string, std::string>> subst = {
        {"{invoice}", std::to_string(d.invoice.number)}, {"{date}", date.russian()},           {"{total}", format_money(d.invoice.total)},
        {"{balance}", format_money(d.balance)},           {"{due}", due.russian()},             {"{days}", std::to_string(d.days_overdue)},
        {"{client}", d.invoice.client},                   {"{company}", share.settings().company_name}, {"{today}", today.russian()}};
    for (const auto& [k, v] : subst)
        for (size_t pos = text.find(k); pos != std::string::npos; pos = text.find(k, pos + v.size())) text.replace(pos, k.size(), v);
    return text;
}

std::string mark_order_paid(const Share& share, const Identity& me, const Invoice& invoice, const std::string& login, const std::string& at,
                            std::string* manager) {
    try {
        auto [y, n] = invoice.order_ref();
        Order o = load_order(share, me, y, n);
        if (manager) *manager = o.manager;
        if (const auto* s = o.step("5.2.4.3"); s && s->done()) return tr("step 5.2.4.3 was already done");
        change_order(share, me, y, n, [&](Order& x) {
            order_can_do(x, "5.2.4.3");
            mark_step_done(x, "5.2.4.3", login, at, fmt::format("оплачен счет {}", invoice.key()));
        });
        return {};
    } catch (const Error& e) {
        if (e.code() == Errc::io || e.code() == Errc::busy) throw;
        return e.what();
    }
}

}  // namespace gefest
