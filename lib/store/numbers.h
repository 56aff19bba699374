// Numbers that must never be handed out twice and never leave a gap (orders, invoices,
// claims, inquiries): DESIGN.md rule 1. Number N of a kind and year is first taken by
// creating .gefest/numbers/<kind>/<year>/<N> with O_EXCL; the file server decides who
// wins, so a stale cached read can cost a retry but never a duplicate. Claim files are
// never removed, so they are always 1..max without holes and the first fresh number is
// found by probing names, never by reading a counter.
//
// A claim given up (the command failed after claiming) is released, not removed:
// removing it raced with a claimant taking the next number and left a hole, and keeping
// it left a gap in the issued numbers. The release is a marker in released/:
//   released/<N>.<g>        generation g of N was given up (made by its holder only);
//   released/<N>.<g>.taken  generation g+1 of N: whoever created it with O_EXCL holds N.
// Generation 0 is the claim file itself. A claimant takes the lowest released number
// before a fresh one; two claimants of one released number are decided by O_EXCL like
// fresh ones, and a stale listing can only make a claimant miss a released number (a
// gap filled by the next one), never share one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/identity.h"

namespace gefest {

/// A number just claimed. Call commit() once the record that uses it is durable; a
/// claim destroyed without commit() is given up (released: the next claimant takes it).
/// How a claim is kept or given up is the store's: `settle` is called once, with true
/// from commit() and false from the destructor of a claim not committed; it must not
/// throw.
class NumberClaim {
public:
    using Settle = std::function<void(std::int64_t number, bool keep)>;
    NumberClaim(std::int64_t number, Settle settle) : number_(number), settle_(std::move(settle)) {}
    NumberClaim(NumberClaim&& other) noexcept;
    NumberClaim(const NumberClaim&) = delete;
    NumberClaim& operator=(const NumberClaim&) = delete;
    ~NumberClaim();

    std::int64_t number() const { return number_; }
    /// Keeps the claim (and, on a share, records the hint for the next claimant).
    void commit();

private:
    std::int64_t number_;
    Settle settle_;
    bool open_ = true;
};

/// Claims the lowest released number in `dir` (.gefest/numbers/<kind>/<year>), else the
/// lowest fresh one. The claim (file or taken marker) records `me`, the time and `note`
/// (e.g. the record's path) for gefest check. Error(io) if storage cannot be written.
NumberClaim claim_number(const std::filesystem::path& dir, const Identity& me, const std::string& note);

/// Takes back claim `number` that was committed by a command which then failed: released
/// for the next claimant as an uncommitted claim is (released/), so no gap stays. False
/// only if `number` was never claimed. Throws Error(io) if the marker cannot be written.
bool take_back_claim(const std::filesystem::path& dir, std::int64_t number);

/// The numbers in `dir` that are released and not taken again, sorted: free for the
/// next claimant (for gefest check; reads released/).
std::vector<std::int64_t> released_numbers(const std::filesystem::path& dir);

/// Releases `number` for its current holder, as if its claim had been given up (gefest
/// check --repair, for the claim of a command that was killed). False if it was never
/// claimed or is released already. Error(io) if the marker cannot be written.
bool release_number(const std::filesystem::path& dir, std::int64_t number);

/// When the current holder of `number` claimed it, by the file server's clock (seconds
/// since the epoch); nullopt if it was never claimed.
std::optional<std::int64_t> claim_mtime(const std::filesystem::path& dir, std::int64_t number);

/// Every claimed number in `dir`, sorted (for gefest check; reads the folder).
std::vector<std::int64_t> claimed_numbers(const std::filesystem::path& dir);

/// What the claim of its current holder says (empty if it was never claimed).
std::string claim_note(const std::filesystem::path& dir, std::int64_t number);

}  // namespace gefest
