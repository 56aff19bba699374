// gefest check of the numbers people see: invoices, orders and claims are numbered 1, 2,
// 3… per year without a gap (man gefest-invoice). The store's check sees only the claims;
// this one holds them against the registers: a number no record has, below the last one
// issued, is a gap. Released numbers (given up by a failed command) are taken by the next
// claimant; a claim that is neither released nor used is a command still running, or one
// that was killed — after an hour --repair releases it (check.h).
#include "procedure/check.h"

#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/claims.h"
#include "procedure/invoice.h"
#include "procedure/order.h"

namespace gefest {

namespace {

// A claim older than this with no record is taken for one whose command was killed: no
// command of gefest runs for an hour between claiming a number and committing it.
constexpr std::int64_t stale_claim_seconds = 3600;

struct NumberedKind {
    const char* kind;
    std::function<std::set<std::int64_t>(const Store&, int)> issued;  // numbers in the records
};

const std::vector<NumberedKind>& numbered_kinds() {
    static const std::vector<NumberedKind> kinds = {
        {"invoice",
         [](const Store& s, int year) {
             std::set<std::int64_t> out;
             for (const auto& i : load_invoices(s, year)) out.insert(i.number);
             return out;
         }},
        {"order",
         [](const Store& s, int year) {
             // An order is its file (the index row comes after the claim is kept).
             std::set<std::int64_t> out;
             for (const auto& r : read_order_index_file(s, year)) out.insert(r.number);
             for (std::int64_t n : s.claimed_numbers("order", year)) {
                 if (out.count(n)) continue;
                 try {
                     if (s.read({Record::order, year, n}).content) out.insert(n);
                 } catch (const Error&) {
                     out.insert(n);  // there but unreadable: check_orders reports it; never released
                 }
             }
             return out;
         }},
        {"claim",
         [](const Store& s, int year) {
             std::set<std::int64_t> out;
             for (const auto& c : load_claims(s, year)) out.insert(c.number);
             return out;
         }},
    };
    return kinds;
}

// One number claimed but in no record: released (the next claimant takes it), running,
// or killed (released with `repair` once stale).
void check_unused_claim(Store& store, const NumberedKind& k, int year, std::int64_t n, bool gap, bool repair,
                        const std::string& where, CheckReport& out) {
    const auto age = store.claim_age(k.kind, year, n);
    if (!age) return;  // not claimed: the store's check reports the hole
    if (*age < stale_claim_seconds) {
        if (gap)
            out.problems.push_back({where, 0, fmt::format(fmt::runtime(tr("number {} is claimed but not used yet (a command is still running?)")), n), true});
        return;
    }
    const auto info = store.number_info(k.kind, year, n);
    const std::string who = info ? fmt::format("{}@{} {}", info->login, info->host, info->time) : std::string("?");
    if (repair && store.release_number(k.kind, year, n)) {
        out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: released number {}, claimed by {} and never used: the next one takes it")), where, n, who));
        return;
    }
    out.problems.push_back({where, 0,
                            fmt::format(fmt::runtime(tr("number {} was claimed by {} and never used (a killed command): 'gefest check --repair' releases it for the next one")),
                                        n, who)});
}

}  // namespace

void check_issued_numbers(Store& store, bool repair, CheckReport& out) {
    for (const auto& k : numbered_kinds()) {
        for (int year : store.number_years(k.kind)) {
            std::set<std::int64_t> issued;
            try {
                issued = k.issued(store, year);
            } catch (const Error&) {
                continue;  // an unreadable register is reported by its own check
            }
            const std::vector<std::int64_t> claimed = store.claimed_numbers(k.kind, year);
            const std::vector<std::int64_t> released = store.released_numbers(k.kind, year);
            const std::int64_t last = issued.empty() ? 0 : *issued.rbegin();
            const std::string where = fmt::format("{} {}", k.kind, year);
            for (std::int64_t n : claimed) {
                if (issued.count(n)) continue;
                const bool gap = n < last;
                if (std::binary_search(released.begin(), released.end(), n)) {
                    if (gap)
                        out.problems.push_back(
                            {where, 0, fmt::format(fmt::runtime(tr("number {} is a gap: a command gave it up, and the next one takes it")), n), true});
                    continue;
                }
                try {
                    check_unused_claim(store, k, year, n, gap, repair, where, out);
                } catch (const Error& e) {
                    // The file server's clock needs a file made in the folder: on a
                    // read-only share the age is unknown, and the claim is left as it is.
                    out.problems.push_back({where, 0, e.what(), true});
                }
            }
        }
    }
}

}  // namespace gefest
