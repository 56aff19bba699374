// Client claims (претензии, procedure 02-006 step 5.2.8): a register per year,
// Отдел продаж/Претензии/Претензии <year>.csv (Record::claims), changed only under its
// lock; numbers gapless per year (Store::claim_number("claim", year)), the id is
// "<year>-<n>". Anyone on the staff registers a claim received from a
// client; it is "открыта" until a performer of 5.2.8 (the owner of the process by
// default) records a decision ("решена"). The register functions come first, the steps
// on a Session (gefest claim new|list|resolve, journaled as events/after_sales.h) last.
// Satisfaction surveys: survey.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/session.h"
#include "store/store.h"

namespace gefest {

/// Column names of the claims register, in order.
const std::vector<std::string>& claims_columns();

namespace claim_status {
inline const std::string open = "открыта";
inline const std::string resolved = "решена";
}  // namespace claim_status

struct Claim {
    int year = 0;
    std::int64_t number = 0;
    std::string date;          ///< YYYY-MM-DD
    std::string order;         ///< "2026-5"
    std::string client;        ///< client name from the order
    std::string text;
    std::string status = claim_status::open;
    std::string decision, decided_at, decided_by;
    int line = 0;              ///< line in the register (for messages)

    std::string key() const;   ///< "2026-3"
    bool is_open() const { return status == claim_status::open; }
};

/// "2026-3" → year and number. Error(usage) for anything else.
void parse_claim_id(const std::string& id, int& year, std::int64_t& number);

/// Parses a register (empty text: no claims). Error(data) at FILE:LINE for a missing
/// column, a bad number, an unknown status, or a duplicated number.
std::vector<Claim> parse_claims(const std::string& text, const std::string& file, int year);
/// The register text (BOM, ';', CRLF) for `claims`.
std::string format_claims(const std::vector<Claim>& claims);

/// The claims of `year` (committed state, no lock); none if the register is missing.
std::vector<Claim> load_claims(const Store& store, int year);

/// Error(usage) for an empty (blank) claim text or decision; `what` names it.
std::string require_text(const std::string& text, const std::string& what);

/// Registers a claim in the register of `claim.year` (its number is ignored): claims the
/// next number (its note names the register), appends the row under the register's
/// lock, commits the number. Returns it with its number.
Claim create_claim(Store& store, Claim claim);

/// Records the decision on claim year-number. Error(not_found) for no such claim,
/// Error(state) if it is already resolved. Returns the resolved claim.
Claim resolve_claim(Store& store, int year, std::int64_t number, const std::string& decision, const std::string& login,
                    const std::string& at);

// --- the steps ------------------------------------------------------------------------------

/// claim new: a client's claim about an order.
struct ClaimNewOptions {
    std::int64_t order = 0;
    int year = 0;      ///< the order's; 0: this year
    std::string text;  ///< what the client claims
};
/// Registers the claim in this year's register (create_claim) with the order's client,
/// and journals claim.new. Error(usage) for an empty text, Error(not_found) for an
/// unknown order. Any staff member may.
Claim register_claim(Session& session, const ClaimNewOptions& options);

/// claim list: the claims of a year.
struct ClaimListOptions {
    int year = 0;            ///< 0: this year
    bool open_only = false;  ///< only claims not resolved yet
};
/// The claims of the year (load_claims), only the open ones if asked.
std::vector<Claim> list_claims(Session& session, const ClaimListOptions& options);

/// claim resolve: the decision on a claim.
struct ClaimResolveOptions {
    std::string id;        ///< "2026-3"
    std::string decision;
};
/// Records the decision (resolve_claim) by the actor, who must be allowed step 5.2.8,
/// and journals claim.resolve. Error(usage) for a malformed id or an empty decision,
/// then the refusal, then resolve_claim's errors.
Claim decide_claim(Session& session, const ClaimResolveOptions& options);

}  // namespace gefest
