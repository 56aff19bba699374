#include "store/fsio.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "base/checksum.h"
#include "base/error.h"
#include "base/i18n.h"

namespace gefest::fsio {

namespace {

// SMB clients, Excel and antivirus scanners hold files for a moment; these bounds were
// chosen so a person waits at most a few seconds before being told what to close.
constexpr int transient_attempts = 12;   // ~3 s in total with backoff_sleep
constexpr int missing_attempts = 6;      // ~0.5 s: the rename window seen on CIFS

bool is_busy_errno(int e) { return e == EBUSY || e == EACCES || e == ETXTBSY || e == EPERM; }
bool is_missing_errno(int e) { return e == ENOENT || e == ESTALE; }

std::string describe(int e) {
    switch (e) {
        case ENOSPC: return tr("no space left on the share");
        case EDQUOT: return tr("disk quota exceeded");
        case EROFS: return tr("the share is read-only");
        case EACCES:
        case EPERM: return tr("permission denied");
        default: return std::strerror(e);
    }
}

[[noreturn]] void fail(int e, const char* action, const fs::path& path) {
    Errc code = Errc::io;
    if (is_missing_errno(e)) code = Errc::not_found;
    throw Error(code, fmt::format(fmt::runtime(tr("unable to {} '{}': {}")), tr(action), path.string(), describe(e)));
}

// Writes everything or throws, retrying EINTR and short writes.
void write_all(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno, "write", path);
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

std::optional<std::string> try_read(const fs::path& path, int& err) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = errno;
        return std::nullopt;
    }
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        // Read straight into the string (a register of 12 MB is not copied through a
        // buffer): one allocation, then the rest if the file grew meanwhile.
        out.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < out.size()) {
            const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = errno;
                ::close(fd);
                return std::nullopt;
            }
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        out.resize(got);
    }
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            err = errno;
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    err = 0;
    return out;
}

}  // namespace

void backoff_sleep(int attempt) {
    static const double scale = [] {
        const char* s = std::getenv("GEFEST_RETRY_SCALE");
        return s ? std::atof(s) : 1.0;
    }();
    int ms = std::min(10 << std::min(attempt, 5), 400);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(ms * 1000 * scale)));
}

std::optional<std::string> read_file_if_exists(const fs::path& path, bool retry_missing) {
    for (int attempt = 0;; ++attempt) {
        int err = 0;
        if (auto content = try_read(path, err)) return content;
        if (is_missing_errno(err)) {
            if (!retry_missing || attempt >= missing_attempts) return std::nullopt;
        } else if (!(is_busy_errno(err) || err == EINVAL) || attempt >= transient_attempts) {
            // EINVAL: measured on the kernel CIFS client (tests/smb) when another session
            // replaces the file by rename at that moment; it passes like EBUSY does.
            fail(err, "read", path);
        }
        backoff_sleep(attempt);
    }
}

std::string read_range(const fs::path& path, std::uintmax_t from, std::uintmax_t to) {
    std::string out(to - from, '\0');
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io, fmt::format(fmt::runtime(tr("cannot read: {}")), std::strerror(errno)), path.string());
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(from + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(got);
    return out;
}

std::optional<std::string> read_prefix(const fs::path& path, std::size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (is_missing_errno(errno)) return std::nullopt;
        fail(errno, "read", path);
    }
    std::string out(max_bytes, '\0');
    std::size_t got = 0;
    while (got < max_bytes) {
        ssize_t n = ::read(fd, out.data() + got, max_bytes - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            fail(e, "read", path);
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(got);
    return out;
}

std::string read_file(const fs::path& path) {
    if (auto content = read_file_if_exists(path, true)) return *std::move(content);
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' does not exist")), path.string()));
}

void read_pieces(const fs::path& path, std::size_t piece, const std::function<bool(std::string_view)>& take) {
    int fd = -1;
    for (int attempt = 0; (fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC)) < 0; ++attempt) {
        const int e = errno;
        if (is_missing_errno(e) ? attempt >= missing_attempts : !is_busy_errno(e) || attempt >= transient_attempts) {
            if (is_missing_errno(e)) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' does not exist")), path.string()));
            fail(e, "read", path);
        }
        backoff_sleep(attempt);
    }
    std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
    std::string buf(std::max<std::size_t>(piece, 1), '\0');
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(errno, "read", path);
        if (n == 0 || !take(std::string_view(buf.data(), static_cast<std::size_t>(n)))) return;
    }
}

void write_atomic(const fs::path& path, std::string_view content) {
    write_atomic_streamed(path, [&](const std::function<void(std::string_view)>& write) { write(content); });
}

void write_atomic_streamed(const fs::path& path, const std::function<void(const std::function<void(std::string_view)>& write)>& produce) {
    // Office's own temporaries start with "~$"; "~gefest-" reads as the same kind of thing.
    fs::path tmp = path.parent_path() / ("~gefest-" + random_token() + ".tmp");
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) fail(errno, "write", path);
    try {
        produce([&](std::string_view bytes) { write_all(fd, bytes, path); });
        if (::fsync(fd) != 0) fail(errno, "write", path);
        int rc = ::close(fd);
        fd = -1;
        if (rc != 0) fail(errno, "write", path);
        rename_file(tmp, path);
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    sync_dir(path.parent_path());
}

bool create_exclusive(const fs::path& path, std::string_view content) { return create_exclusive(path, content, {}); }

bool create_exclusive(const fs::path& path, std::string_view head, std::string_view body) {
    int fd = -1;
    for (int attempt = 0;; ++attempt) {
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) break;
        if (errno == EEXIST) return false;
        if (errno == EINTR || (is_busy_errno(errno) && errno != EPERM && attempt < transient_attempts)) {
            backoff_sleep(attempt);
            continue;
        }
        fail(errno, "create", path);
    }
    try {
        write_all(fd, head, path);
        write_all(fd, body, path);
        if (::fsync(fd) != 0) fail(errno, "write", path);
        int rc = ::close(fd);
        fd = -1;
        if (rc != 0) fail(errno, "write", path);
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(path.c_str());
        throw;
    }
    return true;
}

void append_durably(const fs::path& path, std::string_view bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) fail(errno, "write", path);
    struct stat st {};
    ::fstat(fd, &st);
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    int e = errno;
    if (n != static_cast<ssize_t>(bytes.size())) {
        // Leave the file as it was: a partial line would be a torn tail.
        if (::ftruncate(fd, st.st_size) != 0) { /* the reader tolerates a torn tail */ }
        ::close(fd);
        fail(n < 0 ? e : ENOSPC, "write", path);
    }
    if (::fsync(fd) != 0) {
        e = errno;
        if (::ftruncate(fd, st.st_size) != 0) { /* as above */ }
        ::close(fd);
        fail(e, "write", path);
    }
    if (::close(fd) != 0) fail(errno, "write", path);
}

void remove_file(const fs::path& path) {
    for (int attempt = 0;; ++attempt) {
        if (::unlink(path.c_str()) == 0 || errno == ENOENT) return;
        if (!is_busy_errno(errno) || attempt >= transient_attempts) {
            if (is_busy_errno(errno))
                throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' is held open by another program (Excel?): close it and try again")), path.string()));
            fail(errno, "remove", path);
        }
        backoff_sleep(attempt);
    }
}

void rename_file(const fs::path& from, const fs::path& to) {
    for (int attempt = 0;; ++attempt) {
        if (::rename(from.c_str(), to.c_str()) == 0) return;
        if (!is_busy_errno(errno) || attempt >= transient_attempts) {
            if (is_busy_errno(errno) && errno != EPERM)
                throw Error(Errc::busy, fmt::format(fmt::runtime(tr("'{}' is held open by another program (Excel?): close it and try again")), to.string()));
            fail(errno, "replace", to);
        }
        backoff_sleep(attempt);
    }
}

void make_dirs(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec && !fs::is_directory(dir)) fail(ec.value(), "create folder", dir);
}

bool exists(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::vector<std::string> list_dir(const fs::path& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
        if (errno == ENOENT) return names;
        fail(errno, "read folder", dir);
    }
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    ::closedir(d);
    return names;
}

std::optional<std::int64_t> mtime_of(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return static_cast<std::int64_t>(st.st_mtime);
}

std::int64_t server_now(const fs::path& dir) {
    fs::path probe = dir / ("~gefest-clock-" + random_token());
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) fail(errno, "create", probe);
    struct stat st {};
    ::fstat(fd, &st);
    ::close(fd);
    ::unlink(probe.c_str());
    return static_cast<std::int64_t>(st.st_mtime);
}

void sync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);  // EINVAL on file systems that do not support it: nothing to do
    ::close(fd);
}

namespace {

// fmt's "{:016x}" by hand: a journal row takes two of them.
std::string hex16(std::uint64_t v) {
    std::string s(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = "0123456789abcdef"[v & 0xF];
    return s;
}

}  // namespace

namespace {

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// FNV-1a takes a byte at a time, each waiting for the one before (~1.4 ns a byte): a
// register of 100k invoices costs ~17 ms a pass, and a command hashes the same bytes more
// than once (read, then read again under the lock; written, then read back). So the large
// contents hashed lately are remembered by their size and a quick hash of their bytes
// (Checksum64, eight bytes at a time: ~15 times faster), and the same bytes are not hashed
// again. The value is FNV-1a's whatever the path taken.
class RecentSums {
public:
    static constexpr std::size_t from_size = 256u << 10;  ///< smaller contents are hashed, not remembered

    std::uint64_t of(std::string_view bytes) {
        const std::uint64_t quick = checksum64(bytes);
        {
            std::lock_guard<std::mutex> hold(mutex_);
            for (const Seen& s : seen_)
                if (s.size == bytes.size() && s.quick == quick) return s.fnv;
        }
        const std::uint64_t fnv = fnv1a(bytes);
        std::lock_guard<std::mutex> hold(mutex_);
        seen_[next_++ % seen_.size()] = {bytes.size(), quick, fnv};
        return fnv;
    }

private:
    struct Seen {
        std::size_t size = 0;
        std::uint64_t quick = 0, fnv = 0;
    };
    std::mutex mutex_;
    std::array<Seen, 8> seen_{};
    std::size_t next_ = 0;
};

}  // namespace

std::string checksum(std::string_view bytes) {
    if (bytes.size() < RecentSums::from_size) return hex16(fnv1a(bytes));
    static RecentSums recent;
    return hex16(recent.of(bytes));
}

namespace {

// How many times this process was fork()ed into (a child's count is one more than its
// parent's was): told by a handler at each fork, where asking getpid() would be a system
// call per token (a journal row takes one; a statement makes thousands).
std::atomic<unsigned> forks{0};

}  // namespace

std::string random_token() {
    // Seeded again in a fork()ed child: parent and child must never share a sequence.
    static const bool counting = ::pthread_atfork(nullptr, nullptr, [] { forks.fetch_add(1); }) == 0;
    static thread_local std::mt19937_64 rng;
    static thread_local pid_t seeded_for = 0;
    static thread_local unsigned seeded_at = 0;
    if (seeded_for == 0 || !counting || seeded_at != forks.load()) {
        const pid_t pid = ::getpid();
        seeded_at = forks.load();
        if (seeded_for != pid) rng.seed(std::random_device{}() ^ (static_cast<std::uint64_t>(pid) << 32));
        seeded_for = pid;
    }
    return hex16(rng());
}

}  // namespace gefest::fsio
