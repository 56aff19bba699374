#include "store/numbers.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

fs::path claim_path(const fs::path& dir, std::int64_t n) { return dir / std::to_string(n); }
fs::path hint_path(const fs::path& dir) { return dir / "next"; }

// The first free number, by probing names: claims are contiguous from 1, so the
// boundary is found with O(log N) existence checks (exponential, then binary search).
std::int64_t first_free_by_probing(const fs::path& dir) {
    if (!fsio::exists(claim_path(dir, 1))) return 1;
    std::int64_t lo = 1, hi = 2;  // invariant: lo exists
    while (fsio::exists(claim_path(dir, hi))) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {  // lo exists, hi does not
        std::int64_t mid = lo + (hi - lo) / 2;
        (fsio::exists(claim_path(dir, mid)) ? lo : hi) = mid;
    }
    return hi;
}

std::int64_t starting_point(const fs::path& dir) {
    // The hint is only ever written after a claim below it, so a stale copy can only be
    // too low (more probing), never too high (a hole).
    try {
        if (auto text = fsio::read_file_if_exists(hint_path(dir))) {
            std::int64_t hint = std::atoll(text->c_str());
            if (hint >= 1 && (hint == 1 || fsio::exists(claim_path(dir, hint - 1)))) return hint;
        }
    } catch (const Error&) {
        // The hint is optional: one that cannot be read now (being replaced over SMB)
        // costs a few probes, never the command.
    }
    return first_free_by_probing(dir);
}

// Keeps a claim (the hint for the next claimant, best effort) or withdraws it, only
// while nobody has claimed past it: removing a number below another claim would leave a
// hole the probing could skip.
void settle_claim(const fs::path& dir, std::int64_t number, bool keep) {
    try {
        if (keep) fsio::write_atomic(hint_path(dir), std::to_string(number + 1) + "\n");
        else if (!fsio::exists(claim_path(dir, number + 1))) fsio::remove_file(claim_path(dir, number));
    } catch (...) {
        // Only a hint; a claim left behind is seen by gefest check.
    }
}

}  // namespace

NumberClaim claim_number(const fs::path& dir, const Identity& me, const std::string& note) {
    fsio::make_dirs(dir);
    const std::string text = fmt::format("login={}\nhost={}\npid={}\ntime={}\nnote={}\n", me.login, me.host, me.pid,
                                         now().iso(), note);
    for (std::int64_t n = starting_point(dir);; ++n)
        if (fsio::create_exclusive(claim_path(dir, n), text))
            return NumberClaim(n, [dir](std::int64_t number, bool keep) { settle_claim(dir, number, keep); });
}

bool take_back_claim(const fs::path& dir, std::int64_t number) {
    if (fsio::exists(claim_path(dir, number + 1))) return false;
    fsio::remove_file(claim_path(dir, number));
    // The hint as the previous claimant left it: the number just given back.
    try {
        if (number > 1) fsio::write_atomic(hint_path(dir), std::to_string(number) + "\n");
        else fsio::remove_file(hint_path(dir));
    } catch (const Error&) {
        // Only a hint: one left too high is not trusted (the claim below it is gone), so
        // the next claimant probes.
    }
    return true;
}

NumberClaim::NumberClaim(NumberClaim&& other) noexcept
    : number_(other.number_), settle_(std::move(other.settle_)), open_(other.open_) {
    other.open_ = false;
}

void NumberClaim::commit() {
    if (!open_) return;
    open_ = false;
    if (settle_) settle_(number_, true);
}

NumberClaim::~NumberClaim() {
    if (!open_ || !settle_) return;
    try {
        settle_(number_, false);
    } catch (...) {
    }
}

std::vector<std::int64_t> claimed_numbers(const fs::path& dir) {
    std::vector<std::int64_t> out;
    for (const auto& name : fsio::list_dir(dir)) {
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        out.push_back(std::atoll(name.c_str()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string claim_note(const fs::path& dir, std::int64_t number) {
    return fsio::read_file_if_exists(claim_path(dir, number)).value_or("");
}

}  // namespace gefest
