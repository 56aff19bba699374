// Numbers that must never be handed out twice (orders, invoices, claims, inquiries):
// DESIGN.md rule 1. Number N of a kind and year is taken by creating
// .gefest/numbers/<kind>/<year>/<N> with O_EXCL; the file server decides who wins, so a
// stale cached read can cost a retry but never a duplicate. Claims are never removed
// once their record exists, so the claimed numbers are always 1..max without holes and
// the first free number can be found by probing names, never by reading a counter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/identity.h"

namespace gefest {

/// A number just claimed. Call commit() once the record that uses it is durable; a
/// claim destroyed without commit() is withdrawn (when nobody has claimed past it),
/// so a failed command leaves the share as it was. How a claim is kept or withdrawn is
/// the store's: `settle` is called once, with true from commit() and false from the
/// destructor of a claim not committed; it must not throw.
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

/// Claims the lowest free number in `dir` (.gefest/numbers/<kind>/<year>). The claim
/// file records `me`, the time and `note` (e.g. the record's path) for gefest check.
NumberClaim claim_number(const std::filesystem::path& dir, const Identity& me, const std::string& note);

/// Takes back claim `number` that was committed by a command which then failed: withdrawn
/// as an uncommitted claim is (only while nobody has claimed past it; else false, and
/// the number stays a gap gefest check explains), and the hint set back to `number`.
/// Throws Error(io) if the claim cannot be removed.
bool take_back_claim(const std::filesystem::path& dir, std::int64_t number);

/// Every claimed number in `dir`, sorted (for gefest check; reads the folder).
std::vector<std::int64_t> claimed_numbers(const std::filesystem::path& dir);

/// What a claim file says (empty if the file is missing).
std::string claim_note(const std::filesystem::path& dir, std::int64_t number);

}  // namespace gefest
