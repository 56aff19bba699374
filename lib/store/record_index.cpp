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
#include "store/record_index_detail.h"

namespace gefest {

namespace fs = std::filesystem;
using namespace record_index_detail;

namespace {

constexpr char magic[8] = {'G', 'E', 'F', 'E', 'S', 'T', 'I', 'X'};
constexpr std::uint64_t format = 2;         // 1: without offsets, search table and tally
constexpr std::size_t header_size = 192;   // 23 words and the header's checksum
constexpr std::size_t slot_size = 16;
constexpr std::size_t row_head = 12;  // body length (4), body checksum (8)

std::uint64_t key_hash(std::string_view key) {
    const std::uint64_t h = fnv(key);
    return h ? h : 1;  // 0 marks an empty slot
}

[[noreturn]] void io_fail(const char* action, const fs::path& path) {
    throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to {} '{}': {}")), tr(action), path.string(), std::strerror(errno)));
}

[[noreturn]] void damaged_index(const std::string& path) {
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("the index '{}' is damaged")), path));
}

using Layout = RecordIndex::Layout;

std::string header_text(const IndexStamp& s, const Layout& l) {
    std::string h(magic, sizeof magic);
    put64(h, format);
    put64(h, static_cast<std::uint64_t>(s.generation));
    put64(h, (s.file.exists ? 1 : 0) | (s.from_file ? 2 : 0));
    for (std::int64_t v : {s.file.size, s.file.mtime_sec, s.file.mtime_nsec, s.file.ctime_sec, s.file.ctime_nsec, s.file.inode})
        put64(h, static_cast<std::uint64_t>(v));
    std::string sum = s.file.checksum.substr(0, 16);
    sum.resize(16, ' ');
    h += sum;
    for (std::uint64_t v : {l.rows, l.slots, l.rows_at, l.offsets_at, l.gram_slots, l.grams_at, l.postings_at, l.tally_at, l.tally_sum,
                            l.slots_at, l.size})
        put64(h, v);
    put64(h, fnv(h));
    return h;
}

Layout layout_of(std::string_view h) {
    Layout l;
    std::uint64_t* words[] = {&l.rows,        &l.slots,    &l.rows_at,   &l.offsets_at, &l.gram_slots, &l.grams_at,
                              &l.postings_at, &l.tally_at, &l.tally_sum, &l.slots_at,   &l.size};
    for (std::size_t i = 0; i < std::size(words); ++i) *words[i] = get64(h, 96 + 8 * i);
    return l;
}

bool pow2(std::uint64_t n) { return n >= 16 && (n & (n - 1)) == 0; }

// The parts follow each other as the writer puts them.
bool whole(const Layout& l, std::uint64_t file_size) {
    const std::uint64_t big = std::uint64_t{1} << 48;
    if (l.rows >= big || l.slots >= big || l.gram_slots >= big || l.size >= big) return false;
    return pow2(l.slots) && pow2(l.gram_slots) && l.rows_at == header_size && l.offsets_at >= l.rows_at &&
           l.grams_at == l.offsets_at + 8 * l.rows && l.postings_at == l.grams_at + gram_entry_size * l.gram_slots &&
           l.tally_at >= l.postings_at && l.slots_at >= l.tally_at && l.size == l.slots_at + l.slots * slot_size && l.size == file_size;
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

namespace {

// The slots of `keys` (hash, row offset), as written.
std::vector<std::uint64_t> slot_table(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& keys, std::uint64_t slots) {
    std::vector<std::uint64_t> table(2 * slots, 0);
    for (const auto& [hash, offset] : keys) {
        std::uint64_t i = hash & (slots - 1);
        while (table[2 * i] != 0) i = (i + 1) & (slots - 1);
        table[2 * i] = hash;
        table[2 * i + 1] = (offset << 16) | slot_check(hash, offset, i);
    }
    return table;
}

// Words of 8 bytes written a megabyte at a time.
void write_words(Out& out, const std::vector<std::uint64_t>& words) {
    std::string chunk;
    for (std::uint64_t v : words) {
        put64(chunk, v);
        if (chunk.size() >= (1u << 20)) out.write(chunk), chunk.clear();
    }
    out.write(chunk);
}

}  // namespace

bool write_record_index(const fs::path& path, const IndexStamp& stamp, const std::function<void(const IndexEmit&)>& produce,
                        const std::function<bool()>& still_current) {
    return replace_file(path, [&](Out& out) {
        out.write(std::string(header_size, '\0'));  // written last, when its counts are known
        std::vector<std::pair<std::uint64_t, std::uint64_t>> keys;  // (hash, row offset) in row order
        std::vector<std::uint64_t> offsets;
        SearchBuilder search;
        Layout l;
        l.rows_at = header_size;
        std::uint64_t at = header_size;
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
            search.add(static_cast<std::uint32_t>(offsets.size()), row.words, row.tally);
            offsets.push_back((at << 16) | slot_check(offset_salt, at, offsets.size()));
            at += head.size() + body.size();
        });
        l.rows = offsets.size();
        l.offsets_at = at;
        write_words(out, offsets);
        offsets = {};
        search.finish();
        l.gram_slots = search.gram_slots();
        l.grams_at = l.offsets_at + 8 * l.rows;
        l.postings_at = l.grams_at + gram_entry_size * l.gram_slots;
        out.write(search.table(l.postings_at));
        std::uint64_t postings = 0;
        for (const std::string* list : search.lists()) out.write(*list), postings += list->size();
        l.tally_at = l.postings_at + postings;
        const std::string tally = search.tally();
        l.tally_sum = fnv(tally);
        out.write(tally);
        l.slots_at = l.tally_at + tally.size();
        l.slots = 16;
        while (l.slots < 2 * keys.size()) l.slots *= 2;
        write_words(out, slot_table(keys, l.slots));
        l.size = l.slots_at + l.slots * slot_size;
        out.write_at(0, header_text(stamp, l));
    }, still_current);
}

void restamp_record_index(const fs::path& path, const IndexStamp& stamp) {
    auto index = RecordIndex::open(path);
    if (!index) damaged_index(path.string());
    const Layout& l = index->layout();
    replace_file(path, [&](Out& out) {
        out.write(header_text(stamp, l));
        // The rest copied a megabyte at a time, not held whole.
        for (std::uint64_t at = header_size; at < l.size;) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(l.size - at, 1u << 20));
            out.write(index->bytes(at, n));
            at += n;
        }
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
    if (std::memcmp(h.data(), magic, sizeof magic) != 0 || get64(h, 8) != format ||
        get64(h, header_size - 8) != fnv(std::string_view(h).substr(0, header_size - 8)))
        return std::nullopt;
    IndexStamp& s = ix.stamp_;
    s.generation = static_cast<std::int64_t>(get64(h, 16));
    s.file.exists = (get64(h, 24) & 1) != 0;
    s.from_file = (get64(h, 24) & 2) != 0;
    std::int64_t* fields[] = {&s.file.size, &s.file.mtime_sec, &s.file.mtime_nsec, &s.file.ctime_sec, &s.file.ctime_nsec, &s.file.inode};
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = static_cast<std::int64_t>(get64(h, 32 + 8 * i));
    s.file.checksum = h.substr(80, 16);
    if (auto sp = s.file.checksum.find(' '); sp != std::string::npos) s.file.checksum.resize(sp);
    ix.layout_ = layout_of(h);
    if (!whole(ix.layout_, static_cast<std::uint64_t>(st.st_size))) return std::nullopt;  // truncated, or grown
    return ix;
}

bool RecordIndex::other_format(const fs::path& path) {
    auto head = fsio::read_prefix(path, 16);
    return head && head->size() == 16 && std::memcmp(head->data(), magic, sizeof magic) == 0 && get64(*head, 8) != format;
}

void RecordIndex::damaged() const { damaged_index(path_); }

std::string RecordIndex::bytes(std::uint64_t offset, std::size_t size) const { return read_at(offset, size); }

std::string RecordIndex::read_at(std::uint64_t offset, std::size_t size) const {
    if (offset + size > layout_.size) damaged();
    std::string out(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::pread(*fd_, out.data() + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) io_fail("read", path_);
        if (n == 0) damaged();
        got += static_cast<std::size_t>(n);
    }
    return out;
}

IndexRow RecordIndex::row_at(std::uint64_t offset, std::uint64_t* next) const {
    const std::uint64_t end = layout_.offsets_at;
    if (offset < layout_.rows_at || offset + row_head > end) damaged();
    const std::string head = read_at(offset, row_head);
    const std::uint32_t length = get32(head, 0);
    if (offset + row_head + length > end) damaged();
    const std::string body = read_at(offset + row_head, length);
    if (fnv(body) != get64(head, 4)) damaged();
    IndexRow row;
    std::size_t at = 0;
    auto need = [&](std::size_t n) {
        if (at + n > body.size()) damaged();
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

std::uint64_t RecordIndex::row_offset(std::uint64_t ordinal) const {
    if (ordinal >= layout_.rows) damaged();
    const std::uint64_t v = get64(read_at(layout_.offsets_at + 8 * ordinal, 8), 0);
    const std::uint64_t offset = v >> 16;
    if ((v & 0xffff) != slot_check(offset_salt, offset, ordinal)) damaged();
    return offset;
}

std::optional<std::string> RecordIndex::find(std::string_view key) const {
    const std::uint64_t hash = key_hash(key);
    const std::uint64_t slots = layout_.slots;
    std::uint64_t i = hash & (slots - 1);
    for (std::uint64_t probes = 0; probes < slots; ++probes, i = (i + 1) & (slots - 1)) {
        const std::string slot = read_at(layout_.slots_at + i * slot_size, slot_size);
        const std::uint64_t h = get64(slot, 0), packed = get64(slot, 8);
        if (h == 0 && packed == 0) return std::nullopt;
        const std::uint64_t offset = packed >> 16;
        if (h == 0 || (packed & 0xffff) != slot_check(h, offset, i)) damaged();
        if (h != hash) continue;
        IndexRow row = row_at(offset);
        for (const auto& k : row.keys)
            if (k == key) return std::move(row.data);
    }
    return std::nullopt;
}

void RecordIndex::for_each(const IndexEmit& visit) const {
    std::uint64_t at = layout_.rows_at;
    for (std::uint64_t r = 0; r < layout_.rows; ++r) visit(row_at(at, &at));
    if (at != layout_.offsets_at) damaged();
}

}  // namespace gefest
