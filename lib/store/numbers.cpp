#include "store/numbers.h"

#include <algorithm>
#include <map>
#include <string_view>

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

fs::path released_dir(const fs::path& dir) { return dir / "released"; }
fs::path release_marker(const fs::path& dir, std::int64_t n, int generation) {
    return released_dir(dir) / fmt::format("{}.{}", n, generation);
}
fs::path taken_marker(const fs::path& dir, std::int64_t n, int generation) {
    return released_dir(dir) / fmt::format("{}.{}.taken", n, generation);
}

bool digits_only(std::string_view s) {
    return !s.empty() && s.size() < 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The markers of released/, per number: the highest generation released and the highest
// one taken again (-1: none).
struct Markers {
    int released = -1;
    int taken = -1;
    /// The generation of the current holder (0: the claim file itself).
    int holder() const { return taken + 1; }
    bool free() const { return released > taken; }
};

std::map<std::int64_t, Markers> read_markers(const fs::path& dir) {
    std::map<std::int64_t, Markers> out;
    for (const auto& name : fsio::list_dir(released_dir(dir))) {
        std::string_view v(name);
        const bool taken = v.ends_with(".taken");
        if (taken) v.remove_suffix(6);
        const std::size_t dot = v.find('.');
        if (dot == std::string_view::npos || !digits_only(v.substr(0, dot)) || !digits_only(v.substr(dot + 1)) || dot + 1 >= v.size() ||
            v.size() - dot > 6)
            continue;  // not ours (a temporary, a note)
        const std::int64_t n = std::atoll(std::string(v.substr(0, dot)).c_str());
        const int g = std::atoi(std::string(v.substr(dot + 1)).c_str());
        int& slot = taken ? out[n].taken : out[n].released;
        slot = std::max(slot, g);
    }
    return out;
}

// Gives up generation `generation` of `number`'s claim: released for the next claimant
// (the lowest released first). The claim file stays: removing it could race with a
// claimant of number + 1 and leave a hole no claimant would fill.
void give_up(const fs::path& dir, std::int64_t number, int generation) {
    fsio::make_dirs(released_dir(dir));
    fsio::create_exclusive(release_marker(dir, number, generation), fmt::format("released={}\n", now().iso()));
}

// Keeps a claim (the hint for the next claimant, best effort; only for a fresh claim: a
// hint below the top would make the next fresh claimant step over every claim above)
// or gives it up.
void settle_claim(const fs::path& dir, std::int64_t number, int generation, bool keep) {
    try {
        if (keep) {
            if (generation == 0) fsio::write_atomic(hint_path(dir), std::to_string(number + 1) + "\n");
            return;
        }
        give_up(dir, number, generation);
    } catch (...) {
        // A claim left behind is a gap gefest check reports and --repair releases.
    }
}

NumberClaim held(const fs::path& dir, std::int64_t n, int generation) {
    return NumberClaim(n, [dir, generation](std::int64_t number, bool keep) { settle_claim(dir, number, generation, keep); });
}

}  // namespace

NumberClaim claim_number(const fs::path& dir, const Identity& me, const std::string& note) {
    fsio::make_dirs(dir);
    const std::string text = fmt::format("login={}\nhost={}\npid={}\ntime={}\nnote={}\n", me.login, me.host, me.pid,
                                         now().iso(), note);
    // A released number first, lowest first: the gap it left closes.
    for (const auto& [n, m] : read_markers(dir))
        if (m.free() && fsio::create_exclusive(taken_marker(dir, n, m.released), text)) return held(dir, n, m.released + 1);
    for (std::int64_t n = starting_point(dir);; ++n)
        if (fsio::create_exclusive(claim_path(dir, n), text)) return held(dir, n, 0);
}

std::vector<std::int64_t> released_numbers(const fs::path& dir) {
    std::vector<std::int64_t> out;
    for (const auto& [n, m] : read_markers(dir))
        if (m.free()) out.push_back(n);
    return out;
}

bool release_number(const fs::path& dir, std::int64_t number) {
    if (!fsio::exists(claim_path(dir, number))) return false;
    auto markers = read_markers(dir);
    const Markers m = markers.count(number) ? markers[number] : Markers{};
    if (m.free()) return false;
    fsio::make_dirs(released_dir(dir));
    return fsio::create_exclusive(release_marker(dir, number, m.holder()), fmt::format("released={}\nby=check\n", now().iso()));
}

namespace {

// The file of the current holder of `number`: the claim file, or the last taken marker.
fs::path holder_file(const fs::path& dir, std::int64_t number) {
    auto markers = read_markers(dir);
    auto it = markers.find(number);
    if (it == markers.end() || it->second.taken < 0) return claim_path(dir, number);
    return taken_marker(dir, number, it->second.taken);
}

}  // namespace

std::optional<std::int64_t> claim_mtime(const fs::path& dir, std::int64_t number) {
    if (!fsio::exists(claim_path(dir, number))) return std::nullopt;
    return fsio::mtime_of(holder_file(dir, number));
}

bool take_back_claim(const fs::path& dir, std::int64_t number) {
    if (!fsio::exists(claim_path(dir, number))) return false;
    auto markers = read_markers(dir);
    const Markers m = markers.count(number) ? markers[number] : Markers{};
    if (m.free()) return true;  // released already
    give_up(dir, number, m.holder());
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
    if (!fsio::exists(claim_path(dir, number))) return "";
    return fsio::read_file_if_exists(holder_file(dir, number)).value_or("");
}

}  // namespace gefest
