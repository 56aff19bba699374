// Matching incoming payments to invoices (payments.h, "rules" and "matching"): the rules
// file, invoice numbers in a payment's purpose, the three matching rules, and allocating
// a payment (or a client's advance) to invoices. Pure, except for reading the rules file.
#include "procedure/payments.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/requisites.h"

namespace gefest {

namespace {

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

// Whether std::regex can compile `pattern` without exhausting the stack or the memory:
// libstdc++ compiles groups recursively (a pattern of 30000 '(' overflows the stack) and
// expands counted repetitions ("(a{1000}){1000}" takes seconds and gigabytes). Found by
// tests/fuzz/csv_registers_fuzz.cpp. Conservative: every count is multiplied in.
// At most `bytes` bytes of `s`, not cutting a UTF-8 character; "…" if cut.
std::string utf8_prefix(const std::string& s, size_t bytes) {
    if (s.size() <= bytes) return s;
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    return s.substr(0, bytes) + "…";
}

bool pattern_within_limits(const std::string& pattern) {
    if (pattern.size() > 200) return false;
    int depth = 0;
    long long states = 1;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\') ++i;
        else if (c == '(' && ++depth > 20) return false;
        else if (c == ')' && depth > 0) --depth;
        else if (c == '{') {  // {n}, {n,}, {n,m}: the largest number counts
            long long count = 1, number = 0;
            for (size_t j = i + 1; j < pattern.size() && (std::isdigit(static_cast<unsigned char>(pattern[j])) || pattern[j] == ','); ++j) {
                number = pattern[j] == ',' ? 0 : std::min(number * 10 + (pattern[j] - '0'), 100000LL);
                count = std::max(count, number);
            }
            states *= count;
            if (states > 10000) return false;
        }
    }
    return true;
}

// The default spellings, on folded text: «счет № 123», «сч.123», «по счету 123 от …»,
// «сч N 45», «счете №7», «счет на оплату 5»; the date after «от» gives the year.
const std::regex& default_pattern() {
    static const std::regex re(
        "сч(?:ет(?:у|а|е|ом|ам|ов)?)?(?:\\s+на\\s+оплату)?\\s*\\.?\\s*(?:№|nr|no|n|#)?\\s*\\.?\\s*(\\d{1,9})"
        "(?:\\s*(?:от|from)\\s*(\\d\\d)\\.(\\d\\d)\\.(\\d{4}))?");
    return re;
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

}  // namespace

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
            if (!pattern_within_limits(rest))
                throw Error(Errc::data,
                            fmt::format(fmt::runtime(tr("pattern '{}' is too long or too complex: at most 200 characters, 20 nested groups "
                                                        "and repetition counts of 10000 in all")),
                                        utf8_prefix(rest, 40)),
                            file, n);
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

PaymentRules load_payment_rules(const Store& store) {
    const RecordRef rules{Record::payment_rules};
    auto text = store.read(rules).content;
    if (!text) return {};
    return parse_payment_rules(*text, store.where(rules));
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

namespace {

// Whether `inv` may be the payer's: its client's ИНН is the payer's (after the aliases,
// the only way a rule says a payer pays for another). An invoice without an ИНН (a
// client who has none) is nobody's by ИНН: only a payer without one may be paying it,
// never a payer known by ИНН, who is somebody else.
bool payers_invoice(const Invoice& inv, const std::string& client_inn) {
    if (inv.client_inn.empty()) return client_inn.empty();
    return inv.client_inn == client_inn;
}

// Rule 1: an invoice number in the purpose naming exactly one invoice of the year said
// (else of the payment's year or the year before) of this client or of nobody. `foreign`
// gets the invoices of the numbers said that belong to another client.
bool match_by_number(const IncomingPayment& p, const InvoiceBook& invoices, const PaymentRules& rules, MatchResult& r,
                     std::vector<std::string>& foreign) {
    std::vector<std::string> hits;
    std::string said;
    for (const auto& ref : invoice_refs(p.purpose, rules)) {
        for (const Invoice* found : invoices.numbered(ref.number)) {
            const Invoice& inv = *found;
            if (inv.status == invoice_status::cancelled) continue;
            bool year_ok = ref.year ? inv.year == ref.year : (inv.year == p.received.year || inv.year == p.received.year - 1);
            if (!year_ok) continue;
            if (payers_invoice(inv, r.client_inn)) {
                if (std::find(hits.begin(), hits.end(), inv.key()) == hits.end()) hits.push_back(inv.key());
                said = ref.text;
            } else {
                foreign.push_back(fmt::format(fmt::runtime(tr("{} of '{}' (ИНН {})")), inv.key(), inv.client,
                                              inv.client_inn.empty() ? "—" : inv.client_inn));
            }
        }
    }
    if (hits.size() == 1) {
        r.rule = "number";
        r.invoice = hits[0];
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: its number is in the purpose ('{}')")), hits[0], said);
    } else if (hits.size() > 1) {
        r.rule = "ambiguous";
        r.candidates = hits;
        r.reason = fmt::format(fmt::runtime(tr("the purpose names several invoices: {}")), fmt::join(hits, ", "));
    }
    return !hits.empty();
}

// Rules 2 and 3: the client's open invoices, one of exactly this amount or the only one.
bool match_by_inn(const IncomingPayment& p, const InvoiceBook& invoices, const std::string& who, MatchResult& r) {
    std::vector<const Invoice*> open;
    if (!r.client_inn.empty())
        for (const Invoice* inv : invoices.of_client(r.client_inn))
            if (is_open(*inv)) open.push_back(inv);
    std::vector<std::string> exact;
    for (const auto* inv : open)
        if (invoice_balance(*inv) == p.amount) exact.push_back(inv->key());
    if (exact.size() == 1) {
        r.rule = "inn+amount";
        r.invoice = exact[0];
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: payer {} and the amount {} equal its balance")), exact[0], who, format_money(p.amount));
    } else if (exact.size() > 1) {
        r.rule = "ambiguous";
        r.candidates = exact;
        r.reason = fmt::format(fmt::runtime(tr("payer {} has several open invoices of {}: {}")), who, format_money(p.amount), fmt::join(exact, ", "));
    } else if (open.size() == 1) {
        r.rule = "inn+single";
        r.invoice = open[0]->key();
        r.reason = fmt::format(fmt::runtime(tr("invoice {}: the only open invoice of payer {}")), r.invoice, who);
    } else if (open.size() > 1) {
        r.rule = "ambiguous";
        for (const auto* inv : open) r.candidates.push_back(inv->key());
        r.reason = fmt::format(fmt::runtime(tr("payer {} has several open invoices and none of {}: {}")), who, format_money(p.amount),
                               fmt::join(r.candidates, ", "));
    }
    return !open.empty();
}

}  // namespace

InvoiceBook::InvoiceBook(std::vector<Invoice> invoices, const std::vector<KnownClient>& clients) : invoices_(std::move(invoices)) {
    by_number_.reserve(invoices_.size());
    for (std::size_t i = 0; i < invoices_.size(); ++i) {
        by_number_.push_back(i);
        if (!invoices_[i].client_inn.empty()) by_client_.push_back(i);
    }
    // A register is written sorted by number: then the identity order is already sorted.
    auto by_number = [&](std::size_t a, std::size_t b) {
        return invoices_[a].number != invoices_[b].number ? invoices_[a].number < invoices_[b].number : a < b;
    };
    if (!std::is_sorted(by_number_.begin(), by_number_.end(), by_number)) std::sort(by_number_.begin(), by_number_.end(), by_number);
    // By ИНН, then by index: sorted on the ИНН's first 16 bytes held in the array (an ИНН
    // is 10 or 12), the whole ИНН compared only where those are equal — the order of
    // comparing the strings, without reaching into 100k invoices at each comparison.
    struct Keyed {
        std::uint64_t hi = 0, lo = 0;
        std::size_t at = 0;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(by_client_.size());
    for (std::size_t i : by_client_) {
        Keyed k{0, 0, i};
        const std::string& inn = invoices_[i].client_inn;
        for (std::size_t b = 0; b < 16 && b < inn.size(); ++b)
            (b < 8 ? k.hi : k.lo) |= static_cast<std::uint64_t>(static_cast<unsigned char>(inn[b])) << (56 - 8 * (b % 8));
        keyed.push_back(k);
    }
    std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
        if (a.hi != b.hi) return a.hi < b.hi;
        if (a.lo != b.lo) return a.lo < b.lo;
        const int c = invoices_[a.at].client_inn.compare(invoices_[b.at].client_inn);
        return c != 0 ? c < 0 : a.at < b.at;
    });
    for (std::size_t k = 0; k < keyed.size(); ++k) by_client_[k] = keyed[k].at;
    for (const auto& c : clients) clients_.insert(c.inn);
}

std::vector<Invoice> InvoiceBook::release() {
    by_number_.clear();
    by_client_.clear();
    std::vector<Invoice> out = std::move(invoices_);
    invoices_.clear();
    return out;
}

namespace {

// The run of `index` (sorted by `field`, then by position) whose invoices have `value`.
template <class T, class Field>
std::pair<std::vector<std::size_t>::const_iterator, std::vector<std::size_t>::const_iterator> run_of(const std::vector<std::size_t>& index,
                                                                                                     const std::vector<Invoice>& invoices,
                                                                                                     const T& value, Field field) {
    auto first = std::partition_point(index.begin(), index.end(), [&](std::size_t i) { return field(invoices[i]) < value; });
    auto last = std::partition_point(first, index.end(), [&](std::size_t i) { return !(value < field(invoices[i])); });
    return {first, last};
}

const std::string& inn_of(const Invoice& i) { return i.client_inn; }
std::int64_t number_of(const Invoice& i) { return i.number; }

}  // namespace

Invoice* InvoiceBook::find(const std::string& key) {
    // The number after the last '-' leads to the invoices that may have the key; the key
    // decides. A key that does not end in "-DIGITS" (a negative number) is looked for in all.
    const std::size_t dash = key.rfind('-');
    const bool plain = dash != std::string::npos && dash > 0 && key[dash - 1] != '-' && key.size() - dash - 1 >= 1 &&
                       key.size() - dash - 1 <= 18 && std::all_of(key.begin() + static_cast<std::ptrdiff_t>(dash) + 1, key.end(), [](char c) {
                           return c >= '0' && c <= '9';
                       });
    if (!plain) {
        for (auto& i : invoices_)
            if (i.key() == key) return &i;
        return nullptr;
    }
    const std::int64_t number = std::stoll(key.substr(dash + 1));
    auto [first, last] = run_of(by_number_, invoices_, number, number_of);
    for (auto it = first; it != last; ++it)
        if (invoices_[*it].key() == key) return &invoices_[*it];
    return nullptr;
}

std::vector<const Invoice*> InvoiceBook::numbered(std::int64_t number) const {
    std::vector<const Invoice*> out;
    auto [first, last] = run_of(by_number_, invoices_, number, number_of);
    for (auto it = first; it != last; ++it) out.push_back(&invoices_[*it]);
    return out;
}

std::vector<const Invoice*> InvoiceBook::of_client(const std::string& inn) const {
    std::vector<const Invoice*> out;
    auto [first, last] = run_of(by_client_, invoices_, inn, inn_of);
    for (auto it = first; it != last; ++it) out.push_back(&invoices_[*it]);
    return out;
}

bool InvoiceBook::knows(const std::string& inn) const {
    if (clients_.count(inn)) return true;
    auto [first, last] = run_of(by_client_, invoices_, inn, inn_of);
    return first != last;
}

MatchResult match_payment(const IncomingPayment& p, const std::vector<Invoice>& invoices, const PaymentRules& rules,
                          const std::vector<KnownClient>& clients) {
    return match_payment(p, InvoiceBook(invoices, clients), rules);
}

MatchResult match_payment(const IncomingPayment& p, const InvoiceBook& invoices, const PaymentRules& rules) {
    MatchResult r;
    r.client_inn = client_of(p, rules);
    const bool aliased = r.client_inn != p.payer_inn;
    const std::string who = aliased ? fmt::format(fmt::runtime(tr("ИНН {} (alias of payer {})")), r.client_inn, p.payer_inn.empty() ? p.payer_name : p.payer_inn)
                                    : fmt::format(fmt::runtime(tr("ИНН {}")), r.client_inn);
    std::vector<std::string> foreign;
    if (match_by_number(p, invoices, rules, r, foreign) || match_by_inn(p, invoices, who, r)) return r;
    if (!foreign.empty()) {
        r.rule = "ambiguous";
        r.reason = fmt::format(fmt::runtime(tr("the purpose names invoice {}, but the payer is {}")), fmt::join(foreign, ", "), who);
        return r;
    }
    if (!r.client_inn.empty() && invoices.knows(r.client_inn)) {
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

namespace {

void allocate_to(IncomingPayment& p, const MatchResult& m, Invoice* inv) {
    p.client_inn = m.client_inn;
    p.reason = m.reason;
    if (!m.invoice.empty()) {
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

}  // namespace

void allocate(IncomingPayment& p, const MatchResult& m, InvoiceBook& invoices) {
    allocate_to(p, m, m.invoice.empty() ? nullptr : invoices.find(m.invoice));
}

void allocate(IncomingPayment& p, const MatchResult& m, std::vector<Invoice>& invoices) {
    allocate_to(p, m, m.invoice.empty() ? nullptr : find_invoice(invoices, m.invoice));
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

}  // namespace gefest
