#include "store/shared_file.h"

#include <cstdlib>

#include <fmt/format.h>

#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view version_magic = "gefest-version ";

std::string version_text(std::int64_t generation, std::string_view content) {
    return fmt::format("{}{} {} {}\n{}", version_magic, generation, fsio::checksum(content), content.size(), content);
}

bool parse_generation(const std::string& name, std::int64_t& out) {
    if (name.empty() || name.size() > 18) return false;
    std::int64_t v = 0;
    for (char c : name) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

}  // namespace

SharedFile::SharedFile(fs::path file, fs::path state_dir, Identity me)
    : file_(std::move(file)), versions_(state_dir / "v"), lock_path_(state_dir / "lock"), me_(std::move(me)) {
    lock_options_.subject = file_.string();
}

std::optional<SharedFile::Version> SharedFile::read_version(std::int64_t generation) const {
    auto text = fsio::read_file_if_exists(versions_ / std::to_string(generation));
    if (!text || text->compare(0, version_magic.size(), version_magic) != 0) return std::nullopt;
    auto eol = text->find('\n');
    if (eol == std::string::npos) return std::nullopt;
    std::string header = text->substr(version_magic.size(), eol - version_magic.size());
    char sum[32] = {};
    long long gen = 0;
    unsigned long long size = 0;
    if (std::sscanf(header.c_str(), "%lld %16s %llu", &gen, sum, &size) != 3) return std::nullopt;
    Version v{gen, sum, text->substr(eol + 1)};
    // A version whose writer died mid-write is incomplete: it never happened.
    if (gen != generation || v.content.size() != size || fsio::checksum(v.content) != v.sum) return std::nullopt;
    return v;
}

std::int64_t SharedFile::highest_claimed() const {
    std::int64_t highest = 0;
    for (const auto& name : fsio::list_dir(versions_)) {
        std::int64_t g = 0;
        if (parse_generation(name, g) && g > highest) highest = g;
    }
    // A directory listing over SMB may be a cached one; the names themselves are not.
    while (fsio::exists(versions_ / std::to_string(highest + 1))) ++highest;
    return highest;
}

Snapshot SharedFile::read() const {
    Snapshot snap;
    std::int64_t highest = highest_claimed();
    snap.claimed = highest;
    std::optional<Version> latest;
    for (std::int64_t g = highest; g > 0 && g > highest - kept_versions - 2 && !latest; --g) latest = read_version(g);

    // With a version in hand a missing file needs no waiting: the version is the truth
    // (the name is missing in SMB's rename window, or a writer died before its first copy).
    auto on_disk = fsio::read_file_if_exists(file_);
    if (!latest) {
        snap.content = std::move(on_disk);
        return snap;
    }
    snap.generation = latest->generation;
    snap.content = latest->content;
    if (!on_disk) return snap;  // removed by hand, or mid-rename: the version is the truth
    std::string sum = fsio::checksum(*on_disk);
    if (sum == latest->sum) return snap;
    for (std::int64_t g = latest->generation - 1; g > 0 && g >= latest->generation - kept_versions; --g) {
        auto older = read_version(g);
        if (older && older->sum == sum) return snap;  // a stale cached copy
    }
    // Not a version gefest wrote. Newer than the latest version: a person edited it.
    auto file_time = fsio::mtime_of(file_);
    auto version_time = fsio::mtime_of(versions_ / std::to_string(latest->generation));
    if (file_time && version_time && *file_time >= *version_time) {
        snap.content = std::move(on_disk);
        snap.hand_edited = true;
    }
    return snap;
}

std::int64_t SharedFile::update(const std::function<std::optional<std::string>(const Snapshot&)>& change) {
    Replaced ignored;
    return update(change, ignored);
}

std::int64_t SharedFile::update(const std::function<std::optional<std::string>(const Snapshot&)>& change, Replaced& replaced) {
    fsio::make_dirs(versions_);
    Lock lock = Lock::acquire(lock_path_, me_, lock_options_);
    for (int attempt = 0;; ++attempt) {
        Snapshot snap = read();
        std::optional<std::string> next = change(snap);
        if (!next) return snap.generation;
        std::int64_t generation = snap.claimed + 1;
        if (!fsio::create_exclusive(versions_ / std::to_string(generation), version_text(generation, *next))) {
            // Someone committed this generation although we hold the lock (our lock was
            // broken as stale, or a cached listing hid it): what we read was stale.
            if (attempt >= 20)
                throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' keeps changing under us; is the share mounted with cache=none?")), file_.string()));
            fsio::backoff_sleep(attempt);
            continue;
        }
        try {
            replaced.file_before = fsio::read_file_if_exists(file_);
            fsio::write_atomic(file_, *next);
        } catch (...) {
            // The file is held open (Excel on the server) or the disk is full: take the
            // version back, so a failed command has changed nothing. We hold the lock,
            // so no writer has built on it.
            fsio::remove_file(versions_ / std::to_string(generation));
            throw;
        }
        replaced.generation = generation;
        if (generation > kept_versions) {
            const fs::path oldest = versions_ / std::to_string(generation - kept_versions);
            // Housekeeping once committed: a version that cannot be removed now stays (a
            // later writer removes it), and the command that committed still succeeds.
            try {
                replaced.pruned_version = fsio::read_file_if_exists(oldest);
                fsio::remove_file(oldest);
            } catch (const Error&) {
                replaced.pruned_version.reset();
            }
        }
        try {
            lock.release();
        } catch (const Error&) {
            // Committed: a lock that cannot be removed now is stale once we are gone (the
            // next writer breaks it, gefest check names it); the change is not undone.
        }
        return generation;
    }
}

bool SharedFile::take_back(const Replaced& replaced) {
    if (replaced.generation == 0) return true;
    Lock lock = Lock::acquire(lock_path_, me_, lock_options_);
    if (highest_claimed() != replaced.generation) return false;
    if (replaced.pruned_version)
        fsio::create_exclusive(versions_ / std::to_string(replaced.generation - kept_versions), *replaced.pruned_version);
    if (replaced.file_before) fsio::write_atomic(file_, *replaced.file_before);
    else fsio::remove_file(file_);
    fsio::remove_file(versions_ / std::to_string(replaced.generation));
    lock.release();
    return true;
}

}  // namespace gefest
