// The index file of a register (store/record_index.h): written whole and renamed into
// place, read with pread(2) a slot and a row at a time.
#include "store/record_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr char magic[8] = {'G', 'E', 'F', 'E', 'S', 'T', 'I', 'X'};
constexpr std::uint64_t format = 1;
constexpr std::size_t header_size = 144;  // 17 words and the header's checksum
constexpr std::size_t slot_size = 16;
constexpr std::size_t row_head = 12;  // body length (4), body checksum (8)

std::uint64_t fnv(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t key_hash(std::string_view key) {
    const std::uint64_t h = fnv(key);
    return h ? h : 1;  // 0 marks an empty slot
}

// A slot's check: 16 bits of its hash, row offset and place mixed, so that garbage in a
// slot is noticed rather than followed.
std::uint64_t slot_check(std::uint64_t hash, std::uint64_t offset, std::uint64_t index) {
    std::uint64_t x = hash ^ (offset * 0x9E3779B97F4A7C15ull) ^ (index * 0xC2B2AE3D27D4EB4Full);
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return (x >> 48) | 1;  // never 0: an empty slot is all zero
}

void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint64_t get64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
    return v;
}
std::uint32_t get32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
    return v;
}

[[noreturn]] void io_fail(const char* action, const fs::path& path) {
    throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to {} '{}': {}")), tr(action), path.string(), std::strerror(errno)));
}

[[noreturn]] void damaged(const std::string& path) {
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("the index '{}' is damaged")), path));
}

std::string header_text(const IndexStamp& s, std::uint64_t rows, std::uint64_t slots, std::uint64_t rows_at, std::uint64_t slots_at,
                        std::uint64_t size) {
    std::string h(magic, sizeof magic);
    put64(h, format);
    put64(h, static_cast<std::uint64_t>(s.generation));
    put64(h, (s.file.exists ? 1 : 0) | (s.from_file ? 2 : 0));
    for (std::int64_t v : {s.file.size, s.file.mtime_sec, s.file.mtime_nsec, s.file.ctime_sec, s.file.ctime_nsec, s.file.inode})
        put64(h, static_cast<std::uint64_t>(v));
    std::string sum = s.file.checksum.substr(0, 16);
    sum.resize(16, ' ');
    h += sum;
    for (std::uint64_t v : {rows, slots, rows_at, slots_at, size}) put64(h, v);
    put64(h, fnv(h));
    return h;
}

// A file written by pwrite/write with its errors named.
class Out {
public:
    explicit Out(fs::path path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ < 0) io_fail("write", path_);
    }
    ~Out() {
        if (fd_ >= 0) ::close(fd_);
    }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    void write(std::string_view bytes) {
        buffer_ += bytes;
        if (buffer_.size() >= (1u << 20)) flush();
    }
    void flush() {
        std::string_view rest = buffer_;
        while (!rest.empty()) {
            ssize_t n = ::write(fd_, rest.data(), rest.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) io_fail("write", path_);
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        buffer_.clear();
    }
    void write_at(std::uint64_t offset, std::string_view bytes) {
        flush();
        if (::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset)) != static_cast<ssize_t>(bytes.size())) io_fail("write", path_);
    }
    void close() {
        flush();
        if (::fsync(fd_) != 0) io_fail("write", path_);
        const int rc = ::close(fd_);
        fd_ = -1;
        if (rc != 0) io_fail("write", path_);
    }

private:
    fs::path path_;
    int fd_ = -1;
    std::string buffer_;
};

// Writes a new file through a temporary renamed over `path`; `fill` writes its bytes. Not
// renamed (false) if `keep` says no.
bool replace_file(const fs::path& path, const std::function<void(Out&)>& fill, const std::function<bool()>& keep = {}) {
    fsio::make_dirs(path.parent_path());
    const fs::path tmp = path.parent_path() / ("~gefest-" + fsio::random_token() + ".tmp");
    try {
        Out out(tmp);
        fill(out);
        out.close();
        if (keep && !keep()) {
            ::unlink(tmp.c_str());
            return false;
        }
        fsio::rename_file(tmp, path);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    fsio::sync_dir(path.parent_path());
    return true;
}

}  // namespace

bool write_record_index(const fs::path& path, const IndexStamp& stamp, const std::function<void(const IndexEmit&)>& produce,
                        const std::function<bool()>& still_current) {
    return replace_file(path, [&](Out& out) {
        out.write(std::string(header_size, '\0'));  // written last, when its counts are known
        std::vector<std::pair<std::uint64_t, std::uint64_t>> keys;  // (hash, row offset) in row order
        std::uint64_t at = header_size, rows = 0;
        std::string body;
        produce([&](const IndexRow& row) {
            body.clear();
            put32(body, static_cast<std::uint32_t>(row.keys.size()));
            for (const auto& k : row.keys) {
                put32(body, static_cast<std::uint32_t>(k.size()));
                body += k;
                keys.emplace_back(key_hash(k), at);
            }
            put32(body, static_cast<std::uint32_t>(row.data.size()));
            body += row.data;
            std::string head;
            put32(head, static_cast<std::uint32_t>(body.size()));
            put64(head, fnv(body));
            out.write(head);
            out.write(body);
            at += head.size() + body.size();
            ++rows;
        });
        std::uint64_t slots = 16;
        while (slots < 2 * keys.size()) slots *= 2;
        std::vector<std::uint64_t> table(2 * slots, 0);
        for (const auto& [hash, offset] : keys) {
            std::uint64_t i = hash & (slots - 1);
            while (table[2 * i] != 0) i = (i + 1) & (slots - 1);
            table[2 * i] = hash;
            table[2 * i + 1] = (offset << 16) | slot_check(hash, offset, i);
        }
        const std::uint64_t slots_at = at;
        std::string chunk;
        for (std::uint64_t v : table) {
            put64(chunk, v);
            if (chunk.size() >= (1u << 20)) out.write(chunk), chunk.clear();
        }
        out.write(chunk);
        const std::uint64_t size = slots_at + slots * slot_size;
        out.write_at(0, header_text(stamp, rows, slots, header_size, slots_at, size));
    }, still_current);
}

void restamp_record_index(const fs::path& path, const IndexStamp& stamp) {
    auto index = RecordIndex::open(path);
    if (!index) damaged(path.string());
    auto text = fsio::read_file(path);
    const std::string h(text.data(), header_size);
    const std::string fresh =
        header_text(stamp, get64(h, 96), get64(h, 104), get64(h, 112), get64(h, 120), get64(h, 128));
    replace_file(path, [&](Out& out) {
        out.write(fresh);
        out.write(std::string_view(text).substr(header_size));
    });
}

std::optional<RecordIndex> RecordIndex::open(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ESTALE) return std::nullopt;
        io_fail("read", path);
    }
    RecordIndex ix;
    ix.fd_ = std::shared_ptr<int>(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
    ix.path_ = path.string();
    std::string h(header_size, '\0');
    struct stat st {};
    if (::pread(fd, h.data(), header_size, 0) != static_cast<ssize_t>(header_size) || ::fstat(fd, &st) != 0) return std::nullopt;
    if (std::memcmp(h.data(), magic, sizeof magic) != 0 || get64(h, 8) != format || get64(h, 136) != fnv(std::string_view(h).substr(0, 136)))
        return std::nullopt;
    IndexStamp& s = ix.stamp_;
    s.generation = static_cast<std::int64_t>(get64(h, 16));
    s.file.exists = (get64(h, 24) & 1) != 0;
    s.from_file = (get64(h, 24) & 2) != 0;
    std::int64_t* fields[] = {&s.file.size, &s.file.mtime_sec, &s.file.mtime_nsec, &s.file.ctime_sec, &s.file.ctime_nsec, &s.file.inode};
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = static_cast<std::int64_t>(get64(h, 32 + 8 * i));
    s.file.checksum = h.substr(80, 16);
    if (auto sp = s.file.checksum.find(' '); sp != std::string::npos) s.file.checksum.resize(sp);
    ix.rows_ = get64(h, 96);
    ix.slots_ = get64(h, 104);
    ix.rows_at_ = get64(h, 112);
    ix.slots_at_ = get64(h, 120);
    ix.size_ = get64(h, 128);
    const bool pow2 = ix.slots_ >= 16 && (ix.slots_ & (ix.slots_ - 1)) == 0;
    if (!pow2 || ix.size_ != static_cast<std::uint64_t>(st.st_size) || ix.rows_at_ != header_size || ix.slots_at_ < ix.rows_at_ ||
        ix.slots_at_ + ix.slots_ * slot_size != ix.size_)
        return std::nullopt;  // truncated, or grown
    return ix;
}

std::string RecordIndex::read_at(std::uint64_t offset, std::size_t size) const {
    if (offset + size > size_) damaged(path_);
    std::string out(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::pread(*fd_, out.data() + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) io_fail("read", path_);
        if (n == 0) damaged(path_);
        got += static_cast<std::size_t>(n);
    }
    return out;
}

IndexRow RecordIndex::row_at(std::uint64_t offset, std::uint64_t* next) const {
    if (offset < rows_at_ || offset + row_head > slots_at_) damaged(path_);
    const std::string head = read_at(offset, row_head);
    const std::uint32_t length = get32(head, 0);
    if (offset + row_head + length > slots_at_) damaged(path_);
    const std::string body = read_at(offset + row_head, length);
    if (fnv(body) != get64(head, 4)) damaged(path_);
    IndexRow row;
    std::size_t at = 0;
    auto need = [&](std::size_t n) {
        if (at + n > body.size()) damaged(path_);
    };
    need(4);
    const std::uint32_t keys = get32(body, at);
    at += 4;
    for (std::uint32_t k = 0; k < keys; ++k) {
        need(4);
        const std::uint32_t n = get32(body, at);
        at += 4;
        need(n);
        row.keys.push_back(body.substr(at, n));
        at += n;
    }
    need(4);
    const std::uint32_t n = get32(body, at);
    at += 4;
    need(n);
    row.data = body.substr(at, n);
    if (next) *next = offset + row_head + length;
    return row;
}

std::optional<std::string> RecordIndex::find(std::string_view key) const {
    const std::uint64_t hash = key_hash(key);
    std::uint64_t i = hash & (slots_ - 1);
    for (std::uint64_t probes = 0; probes < slots_; ++probes, i = (i + 1) & (slots_ - 1)) {
        const std::string slot = read_at(slots_at_ + i * slot_size, slot_size);
        const std::uint64_t h = get64(slot, 0), packed = get64(slot, 8);
        if (h == 0 && packed == 0) return std::nullopt;
        const std::uint64_t offset = packed >> 16;
        if (h == 0 || (packed & 0xffff) != slot_check(h, offset, i)) damaged(path_);
        if (h != hash) continue;
        IndexRow row = row_at(offset);
        for (const auto& k : row.keys)
            if (k == key) return std::move(row.data);
    }
    return std::nullopt;
}

void RecordIndex::for_each(const IndexEmit& visit) const {
    std::uint64_t at = rows_at_;
    for (std::uint64_t r = 0; r < rows_; ++r) visit(row_at(at, &at));
    if (at != slots_at_) damaged(path_);
}

}  // namespace gefest
