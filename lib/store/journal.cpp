#include "store/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "store/journal_rows.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// The row as written, without its checksum cell and line end: what the checksum covers
// (csv::write_row of the cells, made a cell at a time). The data as its text when the row
// carries it so (events::make_light_event), else dumped.
std::string cells_of(const Event& e) {
    std::string dumped;
    if (!(e.data.is_null() && !e.data_text.empty())) dumped = e.data.dump();
    const std::string_view data = dumped.empty() ? std::string_view(e.data_text) : std::string_view(dumped);
    std::string row;
    row.reserve(e.login.size() + e.on_behalf.size() + e.kind.size() + e.object.size() + data.size() + data.size() / 4 + e.id.size() + 64);
    csv::append_cell(row, e.time.iso(), true);
    for (std::string_view cell : {std::string_view(e.login), std::string_view(e.on_behalf), std::string_view(e.kind),
                                  std::string_view(e.object), data, std::string_view(e.id)})
        csv::append_cell(row, cell, false);
    return row;
}

// Serialises the processes of this machine that write one segment. A local flock on a
// local file (never on the share, DESIGN.md rule 8); the kernel drops it if we die.
class LocalTurn {
public:
    explicit LocalTurn(const std::string& name) {
        const char* dir = std::getenv("XDG_RUNTIME_DIR");
        std::string path = fmt::format("{}/gefest-{}.lock", dir && *dir ? dir : "/tmp", fsio::checksum(name));
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd_ < 0) throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to create the local lock '{}'")), path));
        ::fchmod(fd_, 0666);  // another login of this machine writes its own segment, same lock dir
        while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~LocalTurn() { ::close(fd_); }
    LocalTurn(const LocalTurn&) = delete;
    LocalTurn& operator=(const LocalTurn&) = delete;

private:
    int fd_ = -1;
};

// Where the last row of a segment starts if it ends its line but fails its checksum
// (defined with split_rows below); nullopt if it is intact.
std::optional<off_t> damaged_last_row(std::string_view text);

// True if the segment's last physical line (ending at `end`) is a whole, valid row or
// the header.
bool last_line_intact(int fd, off_t end) {
    const off_t from = std::max<off_t>(0, end - 65536);
    std::string tail(static_cast<size_t>(end - from), '\0');
    if (::pread(fd, tail.data(), tail.size(), from) != static_cast<ssize_t>(tail.size())) return false;
    auto prev = tail.rfind('\n', tail.size() >= 2 ? tail.size() - 2 : 0);
    if (prev == std::string::npos) return from == 0;  // the only line: the header
    return journal_rows::row_checksum_ok(std::string_view(tail).substr(prev + 1));
}

// Cuts a torn last row (no final line end) off our own segment before appending.
bool repair_tail(const fs::path& segment) {
    int fd = ::open(segment.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size == 0) {
        ::close(fd);
        return false;
    }
    off_t end = st.st_size;
    char last = 0;
    bool cut = false;
    if (::pread(fd, &last, 1, end - 1) == 1 && last != '\n') {
        cut = true;
        off_t keep = 0;
        std::string buf(65536, '\0');
        for (off_t pos = end; pos > 0 && keep == 0;) {
            off_t from = std::max<off_t>(0, pos - static_cast<off_t>(buf.size()));
            ssize_t n = ::pread(fd, buf.data(), static_cast<size_t>(pos - from), from);
            if (n <= 0) break;
            for (ssize_t i = n - 1; i >= 0; --i)
                if (buf[static_cast<size_t>(i)] == '\n') {
                    keep = from + i + 1;
                    break;
                }
            pos = from;
        }
        if (::ftruncate(fd, keep) != 0 || ::fsync(fd) != 0) {
            ::close(fd);
            throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to repair the torn last row of '{}'")), segment.string()));
        }
    } else {
        // A last row that ends its line but fails its checksum is torn too (a crash can
        // persist a row's end before its middle; readers skip it as such). Kept, the next
        // append would make it a damaged MIDDLE row and every reader of the month would
        // fail. Rows gefest writes are one physical line, so the common case checks only
        // the last line (O(1) per append); only a suspect one reads the whole segment.
        if (last_line_intact(fd, end)) {
            ::close(fd);
            return false;
        }
        std::string text(static_cast<size_t>(end), '\0');
        if (::pread(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size())) {
            if (auto start = damaged_last_row(text)) {
                cut = true;
                if (::ftruncate(fd, *start) != 0 || ::fsync(fd) != 0) {
                    ::close(fd);
                    throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to repair the torn last row of '{}'")), segment.string()));
                }
            }
        }
    }
    ::close(fd);
    return cut;
}

bool is_month(const std::string& name) {
    return name.size() == 7 && name[4] == '-' && std::all_of(name.begin(), name.begin() + 4, ::isdigit) &&
           ::isdigit(static_cast<unsigned char>(name[5])) && ::isdigit(static_cast<unsigned char>(name[6]));
}

using journal_rows::RawRow;
using journal_rows::split_rows;

}  // namespace

// A quoted cell may hold line breaks, so a record ends at a line end outside quotes.
std::vector<RawRow> journal_rows::split_rows(std::string_view all) {
    std::vector<RawRow> rows;
    int line = 1;
    size_t start = 0;
    bool quoted = false;
    int start_line = 1;
    for (size_t i = 0; i < all.size(); ++i) {
        char c = all[i];
        if (c == '"') quoted = !quoted;
        if (c == '\n') {
            ++line;
            if (!quoted) {
                rows.push_back({all.substr(start, i + 1 - start), start_line, true});
                start = i + 1;
                start_line = line;
            }
        }
    }
    if (start < all.size()) rows.push_back({all.substr(start), start_line, false});
    return rows;
}

namespace {

std::optional<off_t> damaged_last_row(std::string_view text) {
    auto rows = split_rows(text);
    if (rows.size() < 2) return std::nullopt;  // the header alone
    const RawRow& last = rows.back();
    // Only a one-line row: a record spanning lines may be rows swallowed by a stray quote
    // of a hand edit, which must reach a person as an error, not be cut silently.
    if (!last.terminated || last.text.find('\n') + 1 != last.text.size()) return std::nullopt;
    std::vector<std::string> cells;
    try {
        cells = csv::parse_line(last.text, ';', "", 0);
    } catch (const Error&) {
        return static_cast<off_t>(last.text.data() - text.data());
    }
    if (cells.size() == Journal::header().size()) {
        std::vector<std::string> body_cells(cells.begin(), cells.end() - 1);
        std::string body = csv::write_row(body_cells);
        body.resize(body.size() - 2);  // as append computes it: the cells without CRLF
        if (fsio::checksum(body) == cells.back()) return std::nullopt;
    }
    return static_cast<off_t>(last.text.data() - text.data());
}

}  // namespace

bool journal_rows::row_checksum_ok(std::string_view line) {
    std::vector<std::string> cells;
    try {
        cells = csv::parse_line(line, ';', "", 0);
    } catch (const Error&) {
        return false;
    }
    if (cells.size() != Journal::header().size()) return false;
    if (cells == Journal::header()) return true;
    std::vector<std::string> body_cells(cells.begin(), cells.end() - 1);
    std::string body = csv::write_row(body_cells);
    body.resize(body.size() - 2);
    return fsio::checksum(body) == cells.back();
}

Journal::Journal(fs::path root, std::string share_id, Identity me)
    : root_(std::move(root)), share_id_(std::move(share_id)), me_(std::move(me)) {}

const std::vector<std::string>& Journal::header() {
    static const std::vector<std::string> h = {"время", "пользователь", "от имени", "событие", "объект", "данные", "id", "контроль"};
    return h;
}

fs::path Journal::segment_path(const std::string& month) const {
    me_.require_usable();  // "../" in a login or host would put the segment outside the share
    return root_ / month / (me_.login + "@" + me_.host + ".csv");
}

void Journal::append(Event& e) {
    Appended ignored;
    append(e, ignored);
}

// The row of `e` (CRLF-ended), its id, login and time filled in.
std::string Journal::row_of(Event& e) const {
    if (e.time == DateTime{}) e.time = now();
    e.login = me_.login;
    if (e.id.empty()) e.id = fmt::format("{}-{}", e.time.iso(), fsio::random_token().substr(0, 10));
    std::string row = cells_of(e);  // without CRLF: the checksum covers the cells only
    // The checksum is hex digits, which write_row never quotes: the row is written once.
    const std::string sum = fsio::checksum(row);
    row += ';';
    row += sum;
    row += "\r\n";
    return row;
}

void Journal::append_rows(const std::string& month, std::string rows, Appended& appended) {
    const fs::path segment = segment_path(month);
    fsio::make_dirs(segment.parent_path());
    LocalTurn turn(share_id_ + "|" + segment.parent_path().filename().string() + "/" + segment.filename().string());
    repair_tail(segment);
    std::error_code ec;
    appended.segment = segment;
    appended.existed = fsio::exists(segment);
    appended.size_before = appended.existed ? fs::file_size(segment, ec) : 0;
    if (ec) appended.size_before = 0;
    if (appended.size_before == 0) rows = std::string(bom) + csv::write_row(header()) + rows;
    try {
        fsio::append_durably(segment, rows);
    } catch (const Error&) {
        // append_durably cut off what it wrote; a segment it created goes too.
        if (!appended.existed) {
            try {
                fsio::remove_file(segment);
            } catch (const Error&) {
            }
        }
        throw;
    }
    appended.size_after = appended.size_before + rows.size();
}

void Journal::append(Event& e, Appended& appended) {
    std::string row = row_of(e);
    append_rows(e.time.date.month_key(), std::move(row), appended);
}

void Journal::append_all(std::vector<Event>& events, std::vector<Appended>& appended) {
    std::vector<std::string> months;              // in the order of their first event
    std::map<std::string, std::string> rows;      // month → its rows, in the order given
    for (auto& e : events) {
        std::string row = row_of(e);
        const std::string month = e.time.date.month_key();
        auto [it, added] = rows.try_emplace(month);
        if (added) months.push_back(month);
        it->second += row;
    }
    for (const auto& month : months) {
        Appended one;
        append_rows(month, std::move(rows[month]), one);
        appended.push_back(std::move(one));
    }
}

bool Journal::take_back(const Appended& appended) const {
    if (appended.segment.empty()) return true;
    const fs::path& segment = appended.segment;
    LocalTurn turn(share_id_ + "|" + segment.parent_path().filename().string() + "/" + segment.filename().string());
    int fd = ::open(segment.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::uintmax_t>(st.st_size) != appended.size_after) {
        ::close(fd);
        return false;  // another process of this login and host appended since: the row stays
    }
    if (!appended.existed) {
        ::close(fd);
        fsio::remove_file(segment);
        return true;
    }
    if (::ftruncate(fd, static_cast<off_t>(appended.size_before)) != 0 || ::fsync(fd) != 0) {
        ::close(fd);
        throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to repair the torn last row of '{}'")), segment.string()));
    }
    ::close(fd);
    return true;
}

bool Journal::repair(const fs::path& segment) const {
    const std::string suffix = "@" + me_.host + ".csv";
    const std::string name = segment.filename().string();
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
    LocalTurn turn(share_id_ + "|" + segment.parent_path().filename().string() + "/" + segment.filename().string());
    return repair_tail(segment);
}

std::vector<std::string> Journal::months() const {
    std::vector<std::string> out;
    for (auto& name : fsio::list_dir(root_))
        if (is_month(name)) out.push_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

std::string Journal::month_stamp(const std::string& month) const {
    constexpr std::uintmax_t tail_bytes = 64 << 10;
    std::error_code ec;
    if (!fs::is_directory(root_ / month, ec)) return "";
    auto names = fsio::list_dir(root_ / month);
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& name : names) {
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
        const fs::path path = root_ / month / name;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) continue;  // removed meanwhile
        const auto size = static_cast<std::uintmax_t>(st.st_size);
        const std::string tail = fsio::read_range(path, size - std::min(size, tail_bytes), size);
        out += fmt::format("{} {} {}.{:09} {}\n", name, size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, fsio::checksum(tail));
    }
    return out;
}

}  // namespace gefest

