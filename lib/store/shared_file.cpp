#include "store/shared_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view version_magic = "gefest-version ";

// A version's header line; the content follows it.
std::string version_head(std::int64_t generation, const std::string& sum, std::string_view content) {
    return fmt::format("{}{} {} {}\n", version_magic, generation, sum, content.size());
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

namespace {

// "gefest-version G SUM SIZE\n" → its fields; false if the text does not start so.
bool parse_version_head(const std::string& text, std::int64_t& gen, std::string& sum, std::uint64_t& size, std::size_t& eol) {
    if (text.compare(0, version_magic.size(), version_magic) != 0) return false;
    eol = text.find('\n');
    if (eol == std::string::npos) return false;
    std::string header = text.substr(version_magic.size(), eol - version_magic.size());
    char s[32] = {};
    long long g = 0;
    unsigned long long n = 0;
    if (std::sscanf(header.c_str(), "%lld %16s %llu", &g, s, &n) != 3) return false;
    gen = g;
    sum = s;
    size = n;
    return true;
}

}  // namespace

std::optional<SharedFile::Version> SharedFile::read_version(std::int64_t generation) const {
    auto text = fsio::read_file_if_exists(versions_ / std::to_string(generation));
    Version v;
    std::size_t eol = 0;
    if (!text || !parse_version_head(*text, v.generation, v.sum, v.size, eol)) return std::nullopt;
    v.content = text->substr(eol + 1);
    // A version whose writer died mid-write is incomplete: it never happened.
    if (v.generation != generation || v.content.size() != v.size || fsio::checksum(v.content) != v.sum) return std::nullopt;
    return v;
}

std::optional<SharedFile::Version> SharedFile::read_version_head(std::int64_t generation) const {
    auto text = fsio::read_prefix(versions_ / std::to_string(generation), 96);
    Version v;
    std::size_t eol = 0;
    if (!text || !parse_version_head(*text, v.generation, v.sum, v.size, eol) || v.generation != generation) return std::nullopt;
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

FileStamp stamp_of(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    FileStamp out;
    out.exists = true;
    out.size = static_cast<std::int64_t>(st.st_size);
    out.mtime_sec = static_cast<std::int64_t>(st.st_mtim.tv_sec);
    out.mtime_nsec = static_cast<std::int64_t>(st.st_mtim.tv_nsec);
    out.ctime_sec = static_cast<std::int64_t>(st.st_ctim.tv_sec);
    out.ctime_nsec = static_cast<std::int64_t>(st.st_ctim.tv_nsec);
    out.inode = static_cast<std::int64_t>(st.st_ino);
    return out;
}

// The file people open, as a whole: read again while its size or time changes during the
// read, and — unless it is `known` (a version gefest wrote) — until it stays unchanged over
// a pause, a longer one when its last line has no line end (an editor still writing it).
std::optional<std::string> SharedFile::read_settled(const std::function<bool(const std::string&)>& known, FileStamp& stamp) const {
    constexpr int attempts = 40;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        const FileStamp before = stamp_of(file_);
        auto content = fsio::read_file_if_exists(file_);
        const FileStamp after = stamp_of(file_);
        stamp = after;
        if (!content && !after.exists) return std::nullopt;
        if (!content || !before.same_file(after) || static_cast<std::int64_t>(content->size()) != after.size) {
            fsio::backoff_sleep(std::min(attempt, 3));
            continue;
        }
        if (known(*content)) return content;
        fsio::backoff_sleep(content->empty() || content->back() != '\n' ? 5 : 4);  // 160 ms, 320 ms
        if (stamp_of(file_).same_file(after)) return content;
    }
    throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' keeps changing while it is read (someone saving it?); try again once it is saved")),
                                        file_.string()));
}

HandEdit SharedFile::analyse(const std::string& edit, const Version& latest) const {
    if (!key_.keyed()) return analyse_text_edit(edit, {latest.generation, latest.content}, latest.generation);
    std::vector<KeptVersion> kept{{latest.generation, latest.content}};
    for (std::int64_t g = latest.generation - 1; g > 0 && g > latest.generation - kept_versions; --g)
        if (auto v = read_version(g)) kept.push_back({v->generation, std::move(v->content)});
    try {
        return analyse_register_edit(edit, kept, key_, file_.string());
    } catch (const Error&) {
        // Not a register its parser could read: taken as it is, and that parser reports
        // the fault at FILE:LINE before anything is written.
        HandEdit h;
        h.base = h.latest = latest.generation;
        return h;
    }
}

Snapshot SharedFile::examine() const {
    // A writer may commit while we read: its copy of the file is then no version we know
    // yet. So an unknown copy counts only if no version was claimed meanwhile.
    for (int attempt = 0;; ++attempt) {
        const std::int64_t highest = highest_claimed();
        Snapshot snap = examine_from(highest);
        if (!snap.hand_edit || attempt >= 5 || highest_claimed() == highest) return snap;
    }
}

Snapshot SharedFile::examine_from(std::int64_t highest) const {
    Snapshot snap;
    snap.claimed = highest;
    // The kept versions are told by the checksums in their header lines, never by reading
    // them whole: the file people open is usually the newest of them, and then it is the
    // only file read.
    std::vector<Version> heads;  // newest first; the older ones only when the newest is not the file
    std::int64_t next = highest;
    auto read_heads = [&](bool all) {
        for (; next > 0 && next > highest - kept_versions - 2 && (all || heads.empty()); --next)
            if (auto h = read_version_head(next)) heads.push_back(std::move(*h));
    };
    read_heads(false);
    std::string seen_sum;  // the checksum of what `known` was last asked about
    auto known = [&](const std::string& content) {
        seen_sum = fsio::checksum(content);
        if (!heads.empty() && heads.front().sum == seen_sum) return true;
        read_heads(true);
        return std::any_of(heads.begin(), heads.end(), [&](const Version& v) { return v.sum == seen_sum; });
    };
    auto on_disk = read_settled(heads.empty() ? std::function<bool(const std::string&)>([](const std::string&) { return true; }) : known,
                                snap.file);
    if (on_disk) snap.file.checksum = heads.empty() ? fsio::checksum(*on_disk) : seen_sum;
    if (heads.empty()) {  // never written through gefest: the file as it is
        snap.content_is_file = on_disk.has_value();
        snap.content = std::move(on_disk);
        return snap;
    }
    // Trusted by its header only if no other kept version claims the same checksum (a
    // torn version may carry a header that is not its content's).
    read_heads(true);
    const bool unique = std::count_if(heads.begin(), heads.end(), [&](const Version& v) { return v.sum == heads.front().sum; }) == 1;
    if (on_disk && unique && seen_sum == heads.front().sum && on_disk->size() == heads.front().size) {
        snap.generation = heads.front().generation;
        snap.content = std::move(on_disk);
        snap.content_is_file = true;
        return snap;
    }
    std::optional<Version> latest;
    for (std::int64_t g = highest; g > 0 && g > highest - kept_versions - 2 && !latest; --g) latest = read_version(g);
    // With a version in hand a missing file needs no waiting: the version is the truth
    // (the name is missing in SMB's rename window, or a writer died before its first copy).
    if (!latest) {
        snap.content_is_file = on_disk.has_value();
        snap.content = std::move(on_disk);
        return snap;
    }
    snap.generation = latest->generation;
    snap.content = latest->content;
    if (!on_disk || known(*on_disk)) return snap;  // removed by hand, or mid-rename; or a version (a stale copy)
    // Not a version gefest wrote. Newer than the latest version: a person edited it.
    auto file_time = fsio::mtime_of(file_);
    auto version_time = fsio::mtime_of(versions_ / std::to_string(latest->generation));
    if (!file_time || !version_time || *file_time < *version_time) return snap;
    HandEdit edit = analyse(*on_disk, *latest);
    // Taken as the base (a save-over merged), or — rows lost — shown as it is, so that its
    // readers report a broken row at FILE:LINE first; update refuses it. A conflicting
    // save-over is not shown: the latest version is.
    if (!edit.refused() || edit.lost_rows()) {
        snap.content_is_file = !edit.merged;
        snap.content = edit.merged ? *edit.merged : std::move(*on_disk);
        snap.hand_edited = true;
    }
    snap.hand_edit = std::move(edit);
    return snap;
}

Snapshot SharedFile::read() const { return examine(); }

fs::path SharedFile::set_aside_locked(const Snapshot& latest) {
    auto copy = fsio::read_file_if_exists(file_);
    std::string when = now().iso();
    std::replace(when.begin(), when.end(), ':', '-');
    std::replace(when.begin(), when.end(), 'T', ' ');
    const std::string stem = file_.stem().string() + " (правка " + me_.login + " " + when;
    fs::path beside;
    for (int n = 1;; ++n) {
        beside = file_.parent_path() / (stem + (n > 1 ? " " + std::to_string(n) : std::string()) + ")" + file_.extension().string());
        if (!copy || fsio::create_exclusive(beside, *copy)) break;
        if (n > 100) throw Error(Errc::io, fmt::format(fmt::runtime(tr("cannot put a copy of '{}' beside it")), file_.string()));
    }
    if (latest.content) fsio::write_atomic(file_, *latest.content);
    return beside;
}

fs::path SharedFile::set_aside() {
    fsio::make_dirs(versions_);
    Lock lock = Lock::acquire(lock_path_, me_, lock_options_);
    Snapshot snap = examine();
    fs::path beside;
    if (snap.hand_edit && snap.hand_edit->refused()) {
        if (auto latest = read_version(snap.generation)) snap.content = latest->content;
        beside = set_aside_locked(snap);
    }
    lock.release();
    return beside;
}

std::int64_t SharedFile::update(const std::function<std::optional<std::string>(const Snapshot&)>& change, const HandEditTaken& taken) {
    Replaced ignored;
    return update(change, ignored, taken);
}

namespace {

// The bytes of `file` before a change, kept to take the change back: those of the
// snapshot when they are the file's, else read; none (counted in `unkept`) above `limit`.
std::optional<std::string> bytes_before(const fs::path& file, const Snapshot& snap, std::size_t limit, std::size_t& unkept) {
    const FileStamp now = stamp_of(file);
    if (!now.exists) return std::nullopt;
    if (static_cast<std::size_t>(now.size) > limit) {
        unkept += static_cast<std::size_t>(now.size);
        return std::nullopt;
    }
    if (snap.content_is_file && snap.content && now.same_file(snap.file)) return snap.content;
    return fsio::read_file_if_exists(file);
}

}  // namespace

std::int64_t SharedFile::update(const std::function<std::optional<std::string>(const Snapshot&)>& change, Replaced& replaced,
                                const HandEditTaken& taken, const Committed& committed) {
    fsio::make_dirs(versions_);
    Lock lock = Lock::acquire(lock_path_, me_, lock_options_);
    for (int attempt = 0;; ++attempt) {
        Snapshot snap = examine();
        if (snap.hand_edit && snap.hand_edit->refused()) {
            const HandEdit& h = *snap.hand_edit;
            std::string message = refusal_message(h, file_.string());
            if (h.lost_rows()) throw Error(Errc::data, message);
            // A conflicting save-over: both kept, the copy beside, the latest version (which
            // is what examine returned) in place.
            const fs::path beside = set_aside_locked(snap);
            throw Error(Errc::state, message + fmt::format(fmt::runtime(tr("; the copy is kept as '{}' and the file is back to version {}: "
                                                                           "make the edit again there")),
                                                           beside.filename().string(), snap.generation));
        }
        std::optional<std::string> next = change(snap);
        if (!next) return snap.generation;
        // The bytes of the latest version, which the file people open is: nothing to write
        // (another version of the same bytes would only make the kept ones ambiguous).
        if (snap.generation > 0 && snap.content_is_file && !snap.hand_edited && snap.content && *next == *snap.content) return snap.generation;
        // What was read is not needed past here unless it is kept for taking the change
        // back: a large register is not held twice.
        if (snap.content && snap.content->size() > replaced.keep_limit) snap.content.reset();
        std::int64_t generation = snap.claimed + 1;
        const std::string sum = fsio::checksum(*next);
        if (!fsio::create_exclusive(versions_ / std::to_string(generation), version_head(generation, sum, *next), *next)) {
            // Someone committed this generation although we hold the lock (our lock was
            // broken as stale, or a cached listing hid it): what we read was stale.
            if (attempt >= 20)
                throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' keeps changing under us; is the share mounted with cache=none?")), file_.string()));
            fsio::backoff_sleep(attempt);
            continue;
        }
        try {
            replaced.file_before = bytes_before(file_, snap, replaced.keep_limit, replaced.unkept);
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
                const FileStamp st = stamp_of(oldest);
                const std::size_t left = replaced.keep_limit - std::min(replaced.keep_limit, replaced.file_before.value_or("").size());
                if (st.exists && static_cast<std::size_t>(st.size) > left) replaced.unkept += static_cast<std::size_t>(st.size);
                else replaced.pruned_version = fsio::read_file_if_exists(oldest);
                fsio::remove_file(oldest);
            } catch (const Error&) {
                replaced.pruned_version.reset();
            }
        }
        if (committed) {
            FileStamp written = stamp_of(file_);
            written.checksum = sum;
            committed(generation, written);
        }
        try {
            lock.release();
        } catch (const Error&) {
            // Committed: a lock that cannot be removed now is stale once we are gone (the
            // next writer breaks it, gefest check names it); the change is not undone.
        }
        if (snap.hand_edited && taken) taken(snap, generation);
        return generation;
    }
}

bool SharedFile::take_back(const Replaced& replaced) {
    if (replaced.generation == 0) return true;
    if (replaced.unkept > 0) return false;  // too big to have been kept: it stays, as after a crash
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
