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
#include "base/progress.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// The row as written, without its checksum cell: what the checksum covers.
std::vector<std::string> cells_of(const Event& e) {
    return {e.time.iso(), e.login, e.on_behalf, e.kind, e.object, e.data.dump(), e.id};
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

bool row_checksum_ok(std::string_view line);

// True if the segment's last physical line (ending at `end`) is a whole, valid row or
// the header.
bool last_line_intact(int fd, off_t end) {
    const off_t from = std::max<off_t>(0, end - 65536);
    std::string tail(static_cast<size_t>(end - from), '\0');
    if (::pread(fd, tail.data(), tail.size(), from) != static_cast<ssize_t>(tail.size())) return false;
    auto prev = tail.rfind('\n', tail.size() >= 2 ? tail.size() - 2 : 0);
    if (prev == std::string::npos) return from == 0;  // the only line: the header
    return row_checksum_ok(std::string_view(tail).substr(prev + 1));
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

// Splits a segment into physical records: a quoted cell may hold line breaks, so a
// record ends at a line end outside quotes.
struct RawRow {
    std::string_view text;
    int line;
    bool terminated;
};

std::vector<RawRow> split_rows(std::string_view all) {
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

bool row_checksum_ok(std::string_view line) {
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
    std::vector<std::string> cells = cells_of(e);
    std::string body = csv::write_row(cells);
    body.resize(body.size() - 2);  // without CRLF: the checksum covers the cells only
    cells.push_back(fsio::checksum(body));
    return csv::write_row(cells);
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

bool JournalFilter::wants_kind(std::string_view kind) const {
    if (kinds.empty()) return true;
    return std::any_of(kinds.begin(), kinds.end(), [&](const std::string& k) { return kind.substr(0, k.size()) == k; });
}

namespace {

// A checked row of a month, in the index for_each sorts by time: where its text is,
// nothing parsed but the time.
struct IndexedRow {
    DateTime time;
    std::uint32_t segment;  // index into the month's segment texts
    std::uint32_t line;
    std::string_view text;  // without the BOM
};

// The row as gefest writes it: cells;…;<16 hex digits>CRLF. Then the checksum covers
// exactly the bytes before the last ';', and checking needs no parsing.
bool fast_checksum_ok(std::string_view row) {
    if (row.size() < 19 || row.substr(row.size() - 2) != "\r\n") return false;
    const size_t semi = row.size() - 19;
    if (row[semi] != ';') return false;
    return fsio::checksum(row.substr(0, semi)) == row.substr(semi + 1, 16);
}

// The time cell of a row gefest wrote (unquoted, first); false if it is not one.
bool time_of(std::string_view row, DateTime& out) {
    const size_t semi = row.find(';');
    return semi != std::string_view::npos && DateTime::try_parse(row.substr(0, semi), out);
}

std::string damaged() { return tr("journal row is damaged (its checksum does not match); it was changed by hand or the file is corrupt"); }

// Pass 1 for one row of a segment: its index entry, after checking it. A torn last row
// (a writer killed mid-append) is noted in `torn` and gives none; any other damage is
// Error(data) at the row.
std::optional<IndexedRow> check_row(const RawRow& raw, bool last, std::uint32_t segment, const fs::path& path, const std::string& file,
                                    std::vector<TornTail>* torn) {
    IndexedRow row{{}, segment, static_cast<std::uint32_t>(raw.line), raw.text};
    if (raw.terminated && fast_checksum_ok(raw.text) && time_of(raw.text, row.time)) return row;
    // Rows gefest writes are one physical line each (the data cell is JSON, whose strings
    // never hold a raw line break). A last record spanning lines is no torn append but a
    // stray quote typed into a row, joining it with every row after it: an error, never
    // rows silently skipped.
    const size_t first_end = raw.text.find('\n');
    const bool one_line = first_end == std::string_view::npos || first_end + 1 == raw.text.size();
    auto torn_here = [&]() -> std::optional<IndexedRow> {
        if (!one_line)
            throw Error(Errc::data, tr("journal row has an unbalanced quote (a hand edit?) that joins it with the rows after it"), file, raw.line);
        if (torn) torn->push_back({path, raw.line});
        return std::nullopt;
    };
    // Not byte for byte as gefest writes rows (a torn tail, a hand edit that re-quoted
    // cells, LF line ends…): check the cells themselves.
    if (!raw.terminated && last) return torn_here();
    std::vector<std::string> cells;
    try {
        cells = csv::parse_line(raw.text, ';', file, raw.line);
    } catch (const Error&) {
        if (last) return torn_here();
        throw;
    }
    if (!row_checksum_ok(raw.text)) {
        if (last) return torn_here();
        throw Error(Errc::data, damaged(), file, raw.line);
    }
    if (!DateTime::try_parse(cells[0], row.time)) throw Error(Errc::data, fmt::format(fmt::runtime(tr("bad time '{}'")), cells[0]), file, raw.line);
    return row;
}

// Pass 2 for one indexed row: its Event, or none when the filter does not want it.
std::optional<Event> event_of(const IndexedRow& row, const std::string& file, const JournalFilter& filter) {
    const int line = static_cast<int>(row.line);
    std::vector<std::string> cells = csv::parse_line(row.text, ';', file, line);
    if (cells.size() != Journal::header().size()) throw Error(Errc::data, damaged(), file, line);
    if (!filter.wants_kind(cells[3]) || (!filter.object.empty() && cells[4] != filter.object)) return std::nullopt;
    Event e;
    e.time = row.time;
    e.login = std::move(cells[1]);
    e.on_behalf = std::move(cells[2]);
    e.kind = std::move(cells[3]);
    e.object = std::move(cells[4]);
    try {
        e.data = nlohmann::json::parse(cells[5]);
    } catch (const nlohmann::json::exception&) {
        throw Error(Errc::data, tr("journal row has malformed data"), file, line);
    }
    e.id = std::move(cells[6]);
    e.source = file;
    e.line = line;
    return e;
}

}  // namespace

void Journal::for_each(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                       std::vector<TornTail>* torn, const JournalFilter& filter) const {
    std::vector<std::string> wanted;
    for (const auto& month : months())
        if (month >= from && month <= to && month >= filter.since.date.month_key() && month <= filter.until.date.month_key()) wanted.push_back(month);
    // Many months (a year's report, a replay): how far the reading has got.
    const bool report_progress = wanted.size() > 1;
    std::size_t months_read = 0;
    for (const auto& month : wanted) {
        if (report_progress) progress(tr("reading the journal"), months_read++, wanted.size());
        auto names = fsio::list_dir(root_ / month);
        std::sort(names.begin(), names.end());
        std::deque<std::string> files, texts;  // a deque: the index points into these texts
        std::vector<IndexedRow> index;
        // Pass 1: every row of every segment is checked (checksum) and indexed by time.
        for (const auto& name : names) {
            if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
            const fs::path path = root_ / month / name;
            files.push_back(path.string());
            texts.push_back(fsio::read_file(path));
            const auto segment = static_cast<std::uint32_t>(files.size() - 1);
            auto rows = split_rows(texts.back());
            for (size_t r = 1; r < rows.size(); ++r)  // row 0: the header
                if (auto row = check_row(rows[r], r + 1 == rows.size(), segment, path, files.back(), torn)) index.push_back(*row);
        }
        std::stable_sort(index.begin(), index.end(), [](const IndexedRow& a, const IndexedRow& b) { return a.time < b.time; });
        // Pass 2: only the rows wanted are parsed, one Event at a time.
        for (const auto& row : index) {
            if (row.time < filter.since || filter.until < row.time) continue;
            if (auto e = event_of(row, files[row.segment], filter)) visit(*e);
        }
    }
    if (report_progress) progress(tr("reading the journal"), wanted.size(), wanted.size());
}

}  // namespace gefest

namespace gefest {

namespace {

constexpr std::uintmax_t mark_tail_bytes = 64;

// The segment's bytes from `from` to its end (pread: a segment may be large).
std::string read_from(const fs::path& path, std::uintmax_t from, std::uintmax_t size) {
    std::string out(size - from, '\0');
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
    out.resize(got);  // a segment cut meanwhile reads short: its mark is checked against what was read
    return out;
}

// One segment's new rows as a month's reading takes them.
struct TailSegment {
    std::string key, file;
    fs::path path;
    std::string text;             // read from `base` to `size`, a month at a time
    std::uintmax_t base = 0;      // the file offset of text[0]: the mark
    std::uintmax_t size = 0;      // the segment's size when it was checked
    std::uintmax_t consumed = 0;  // the file offset after the last row passed
};

}  // namespace

Journal::After Journal::for_each_after(Marks& marks, const std::function<void(const Event&)>& visit, std::vector<TornTail>* torn,
                                      const JournalFilter& filter) const {
    // First every segment is checked against its mark, so that a mark that no longer fits
    // is found before anything is visited.
    std::vector<std::pair<std::string, std::vector<TailSegment>>> months_read;
    std::size_t marked_seen = 0;
    for (const auto& month : months()) {
        auto names = fsio::list_dir(root_ / month);
        std::sort(names.begin(), names.end());
        std::vector<TailSegment> segments;
        for (const auto& name : names) {
            if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
            TailSegment seg;
            seg.key = month + "/" + name;
            seg.path = root_ / month / name;
            seg.file = seg.path.string();
            std::error_code ec;
            const std::uintmax_t size = fs::file_size(seg.path, ec);
            if (ec) continue;  // removed meanwhile (an empty segment taken back)
            const Mark mark = marks.count(seg.key) ? marks.at(seg.key) : Mark{};
            if (marks.count(seg.key)) ++marked_seen;
            if (size < mark.offset) return After::stale;
            if (mark.offset > 0) {  // the bytes before the mark are still those read then
                const std::uintmax_t from = mark.offset - std::min(mark.offset, mark_tail_bytes);
                const std::string before = read_from(seg.path, from, mark.offset);
                if (before.size() != mark.offset - from || fsio::checksum(before) != mark.tail) return After::stale;
            }
            if (size == mark.offset) continue;
            seg.base = seg.consumed = mark.offset;
            seg.size = size;
            segments.push_back(std::move(seg));
        }
        if (!segments.empty()) months_read.emplace_back(month, std::move(segments));
    }
    if (marked_seen != marks.size()) return After::stale;  // a segment read before is gone
    Marks moved = marks;
    for (auto& [month, segments] : months_read) {
        for (auto& seg : segments) seg.text = read_from(seg.path, seg.base, seg.size);
        std::vector<IndexedRow> index;
        std::vector<std::uintmax_t> ends;  // the file offset after each indexed row
        for (std::uint32_t s = 0; s < segments.size(); ++s) {
            TailSegment& seg = segments[s];
            const std::uintmax_t start = seg.base;
            const std::string_view text = seg.text;
            auto rows = split_rows(text);
            size_t first = 0;
            if (start == 0) {  // a whole segment: its header first (rows and lines as for_each counts them)
                if (rows.empty() || !rows[0].terminated) continue;
                seg.consumed = rows[0].text.size();
                first = 1;
            }
            for (size_t r = first; r < rows.size(); ++r) {
                auto row = check_row(rows[r], r + 1 == rows.size(), s, seg.path, seg.file, torn);
                if (!row) break;                      // a torn tail: not passed
                if (filter.until < row->time) return After::later;
                if (start > 0) row->line = 0;         // a tail's lines are not counted: messages name the file
                index.push_back(*row);
                ends.push_back(start + static_cast<std::uintmax_t>(rows[r].text.data() + rows[r].text.size() - text.data()));
            }
        }
        std::vector<std::size_t> order(index.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return index[a].time < index[b].time; });
        for (std::size_t i : order)
            if (auto e = event_of(index[i], segments[index[i].segment].file, filter)) visit(*e);
        for (std::size_t i = 0; i < index.size(); ++i) {
            TailSegment& seg = segments[index[i].segment];
            seg.consumed = std::max(seg.consumed, ends[i]);
        }
        for (auto& seg : segments) {
            if (seg.consumed == seg.base) continue;
            const std::uintmax_t from = seg.consumed - std::min(seg.consumed, mark_tail_bytes);
            // The tail's bytes: in this reading, or partly before it (read again, small).
            const std::string bytes = from >= seg.base ? seg.text.substr(from - seg.base, seg.consumed - from) : read_from(seg.path, from, seg.consumed);
            moved[seg.key] = Mark{seg.consumed, fsio::checksum(bytes)};
            std::string().swap(seg.text);  // a month at a time
        }
    }
    marks = std::move(moved);
    return After::read;
}

}  // namespace gefest
