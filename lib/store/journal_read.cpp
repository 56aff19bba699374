// Reading the journal (Journal::for_each) in bounded memory and near the disk's speed
// (issue 16). A month is read in two passes over its segments, each through a small
// buffer, never the whole file:
//   1. every row is checked (its checksum, over the bytes as written: no parsing) and the
//      rows the filter wants (time, kind, object: found by splitting the cells in place)
//      are indexed by time — where they are, not their text;
//   2. the index sorted by time, each wanted row is read again through a window per
//      segment (rows are appended in time order, so this is sequential) and made one
//      reused Event; only then is its data cell parsed as JSON.
// A row not byte for byte as gefest writes it (a hand edit, LF line ends) takes the slow,
// general CSV path of before. Rows left out are checked but never split further or parsed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/light_json.h"
#include "base/progress.h"
#include "store/fsio.h"
#include "store/journal.h"
#include "store/journal_rows.h"

namespace gefest {

namespace fs = std::filesystem;

namespace journal_rows {

bool fast_checksum_ok(std::string_view row) {
    if (row.size() < 19 || row.substr(row.size() - 2) != "\r\n") return false;
    const size_t semi = row.size() - 19;
    if (row[semi] != ';') return false;
    std::uint64_t h = 14695981039346656037ull;  // fsio::checksum, without formatting it
    for (unsigned char c : row.substr(0, semi)) {
        h ^= c;
        h *= 1099511628211ull;
    }
    static constexpr char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 16; ++i)
        if (row[semi + 1 + i] != digits[(h >> (60 - 4 * i)) & 0xF]) return false;
    return true;
}

bool split_cells(std::string_view row, Cells& out) {
    if (row.ends_with("\r\n")) row.remove_suffix(2);
    size_t pos = 0;
    for (size_t i = 0; i < out.cell.size(); ++i) {
        if (pos < row.size() && row[pos] == '"') {
            size_t end = pos + 1;
            for (;;) {
                end = row.find('"', end);
                if (end == std::string_view::npos) return false;
                if (end + 1 < row.size() && row[end + 1] == '"') {
                    end += 2;
                    continue;
                }
                break;
            }
            out.cell[i] = row.substr(pos + 1, end - pos - 1);
            out.quoted[i] = true;
            pos = end + 1;
        } else {
            size_t end = row.find(';', pos);
            if (end == std::string_view::npos) end = row.size();
            out.cell[i] = row.substr(pos, end - pos);
            if (out.cell[i].find('"') != std::string_view::npos) return false;
            out.quoted[i] = false;
            pos = end;
        }
        const bool last = i + 1 == out.cell.size();
        if (last ? pos != row.size() : (pos >= row.size() || row[pos] != ';')) return false;
        ++pos;
    }
    return true;
}

std::string_view cell_text(const Cells& cells, std::size_t i, std::string& buffer) {
    if (!cells.quoted[i]) return cells.cell[i];
    buffer.clear();
    std::string_view c = cells.cell[i];
    for (size_t quote; (quote = c.find('"')) != std::string_view::npos; c.remove_prefix(quote + 2))
        buffer.append(c.substr(0, quote + 1));  // "" is one "
    buffer.append(c);
    return buffer;
}

}  // namespace journal_rows

using journal_rows::Cells;
using journal_rows::RawRow;

namespace {

constexpr size_t chunk_size = 1 << 20;    // pass 1 reads a segment this much at a time
constexpr size_t window_size = 256 << 10;  // pass 2's window per segment

std::string damaged() { return tr("journal row is damaged (its checksum does not match); it was changed by hand or the file is corrupt"); }
std::string changed_while_read(const std::string& file) {
    return fmt::format(fmt::runtime(tr("journal segment '{}' changed while it was read; run the command again")), file);
}

// A checked row of a month that the filter wants, in the index pass 2 sorts by time:
// where its text is, nothing parsed but the time.
struct IndexedRow {
    DateTime time;
    std::uint32_t segment;  // index into the month's segments
    std::uint32_t line;
    std::uint64_t offset;   // in the segment file
    std::uint32_t length;
    bool fast;              // byte for byte as gefest writes rows (split_cells applies)
    std::uint64_t sum;      // a fast row's checksum, to see in pass 2 that it is the same row
};

// The checksum a fast row ends with (its last 16 hex digits before CRLF).
std::uint64_t sum_of(std::string_view row) {
    std::uint64_t h = 0;
    if (row.size() < 18) return h;
    for (char c : row.substr(row.size() - 18, 16)) h = h << 4 | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return h;
}

// A segment file open for the month's two passes.
class Segment {
public:
    explicit Segment(const fs::path& path) : name(path.string()) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd_ < 0 || ::fstat(fd_, &st) != 0) {
            if (fd_ >= 0) ::close(fd_);
            throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to read '{}'")), name));
        }
        size = static_cast<std::uint64_t>(st.st_size);  // rows appended later are not read
    }
    ~Segment() { ::close(fd_); }
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

    // Reads `n` bytes at `offset` into `to`; Error(io) if the file has fewer now.
    void read(std::uint64_t offset, char* to, size_t n) const {
        size_t done = 0;
        while (done < n) {
            ssize_t got = ::pread(fd_, to + done, n - done, static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) throw Error(Errc::io, changed_while_read(name));
            done += static_cast<size_t>(got);
        }
    }

    // The row at [offset, offset + length) through this segment's window.
    std::string_view text(std::uint64_t offset, std::uint32_t length) {
        if (offset < window_from_ || offset + length > window_from_ + window_.size()) {
            window_from_ = offset;
            window_.resize(static_cast<size_t>(std::min<std::uint64_t>(std::max<size_t>(window_size, length), size - offset)));
            read(offset, window_.data(), window_.size());
        }
        return std::string_view(window_).substr(static_cast<size_t>(offset - window_from_), length);
    }

    const std::string name;
    std::uint64_t size = 0;

private:
    int fd_ = -1;
    std::string window_;
    std::uint64_t window_from_ = 0;
};

// Calls `on_row(row, offset, last)` for every record of `segment` (the header too), read
// `chunk_size` at a time into `buffer`.
template <typename F>
void scan_records(const Segment& segment, std::string& buffer, F&& on_row) {
    std::uint64_t buffer_at = 0;  // the file offset of buffer[0]
    size_t start = 0, scanned = 0;
    bool quoted = false;
    int line = 1, start_line = 1;
    buffer.clear();
    while (buffer_at + buffer.size() < segment.size) {
        if (start > 0) {  // keep only the record begun and not yet ended
            buffer.erase(0, start);
            buffer_at += start;
            scanned -= start;
            start = 0;
        }
        const size_t have = buffer.size();
        const size_t want = static_cast<size_t>(std::min<std::uint64_t>(chunk_size, segment.size - buffer_at - have));
        buffer.resize(have + want);
        segment.read(buffer_at + have, buffer.data() + have, want);
        const char* data = buffer.data();
        for (size_t i = scanned; i < buffer.size(); ++i) {
            const char c = data[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\n') {
                ++line;
                if (!quoted) {
                    on_row(RawRow{std::string_view(buffer).substr(start, i + 1 - start), start_line, true}, buffer_at + start,
                           buffer_at + i + 1 == segment.size);
                    start = i + 1;
                    start_line = line;
                }
            }
        }
        scanned = buffer.size();
    }
    if (start < buffer.size()) on_row(RawRow{std::string_view(buffer).substr(start), start_line, false}, buffer_at + start, true);
}

// The time cell of a row gefest wrote (unquoted, first); false if it is not one.
bool time_of(std::string_view row, DateTime& out) {
    const size_t semi = row.find(';');
    return semi != std::string_view::npos && DateTime::try_parse(row.substr(0, semi), out);
}

// Pass 1 for one row of a segment: whether it is intact, and its time. A torn last row (a
// writer killed mid-append) is noted in `torn` and gives nullopt; any other damage is
// Error(data) at the row. `fast`: the row is byte for byte as gefest writes rows.
std::optional<DateTime> check_row(const RawRow& raw, bool last, const fs::path& path, const std::string& file,
                                  std::vector<TornTail>* torn, bool& fast) {
    DateTime time;
    fast = raw.terminated && journal_rows::fast_checksum_ok(raw.text) && time_of(raw.text, time);
    if (fast) return time;
    // Rows gefest writes are one physical line each (the data cell is JSON, whose strings
    // never hold a raw line break). A last record spanning lines is no torn append but a
    // stray quote typed into a row, joining it with every row after it: an error, never
    // rows silently skipped.
    const size_t first_end = raw.text.find('\n');
    const bool one_line = first_end == std::string_view::npos || first_end + 1 == raw.text.size();
    auto torn_here = [&]() -> std::optional<DateTime> {
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
    if (!journal_rows::row_checksum_ok(raw.text)) {
        if (last) return torn_here();
        throw Error(Errc::data, damaged(), file, raw.line);
    }
    if (!DateTime::try_parse(cells[0], time)) throw Error(Errc::data, fmt::format(fmt::runtime(tr("bad time '{}'")), cells[0]), file, raw.line);
    return time;
}

// Whether the filter wants a row gefest wrote (kind and object; the time is checked
// already). A row whose cells do not split is kept for pass 2's general parse.
bool fast_row_wanted(std::string_view text, const JournalFilter& filter, std::string& buffer) {
    if (filter.kinds.empty() && filter.object.empty()) return true;
    // The kind first, from the raw line: the first four cells of a row gefest writes are
    // never quoted, so the kind is between the third and the fourth ';' (most rows a
    // report drops are dropped here, before the long data cell is looked at).
    size_t at = 0;
    bool found = true;
    for (int i = 0; i < 3 && found; ++i) {
        const size_t semi = text.find(';', at);
        found = semi != std::string_view::npos;
        at = semi + 1;
    }
    if (found) {
        const size_t end = text.find(';', at);
        if (end != std::string_view::npos && text.substr(0, end).find('"') == std::string_view::npos &&
            !filter.wants_kind(text.substr(at, end - at)))
            return false;
    }
    Cells cells;
    if (!journal_rows::split_cells(text, cells)) return true;
    if (!filter.wants_kind(journal_rows::cell_text(cells, 3, buffer))) return false;
    return filter.object.empty() || journal_rows::cell_text(cells, 4, buffer) == filter.object;
}

// The data cell into `e` (source and line set): with `light`, checked and kept as text
// (JournalFilter::light_data) when light_json is sure of it; else parsed.
void set_data(Event& e, std::string_view cell, bool light) {
    if (light && light_json::valid(cell)) {
        e.data = nullptr;
        e.data_text.assign(cell);
        return;
    }
    e.data_text.clear();
    try {
        e.data = nlohmann::json::parse(cell);
    } catch (const nlohmann::json::exception&) {
        throw Error(Errc::data, tr("journal row has malformed data"), e.source, e.line);
    }
}

// Pass 2 for a row gefest wrote: `e` (reused from row to row) filled in; false if the
// cells do not split (then the general path reads it).
bool fill_fast(std::string_view text, const IndexedRow& row, const std::string& file, Event& e, std::string& buffer, bool light) {
    Cells cells;
    if (!journal_rows::split_cells(text, cells)) return false;
    e.time = row.time;
    e.login.assign(journal_rows::cell_text(cells, 1, buffer));
    e.on_behalf.assign(journal_rows::cell_text(cells, 2, buffer));
    e.kind.assign(journal_rows::cell_text(cells, 3, buffer));
    e.object.assign(journal_rows::cell_text(cells, 4, buffer));
    e.id.assign(journal_rows::cell_text(cells, 6, buffer));
    e.source.assign(file);
    e.line = static_cast<int>(row.line);
    set_data(e, journal_rows::cell_text(cells, 5, buffer), light);
    return true;
}

// Pass 2 for any other row: its Event, or none when the filter does not want it.
std::optional<Event> event_of(std::string_view text, const IndexedRow& row, const std::string& file, const JournalFilter& filter) {
    const int line = static_cast<int>(row.line);
    std::vector<std::string> cells = csv::parse_line(text, ';', file, line);
    if (cells.size() != Journal::header().size()) throw Error(Errc::data, damaged(), file, line);
    if (!filter.wants_kind(cells[3]) || (!filter.object.empty() && cells[4] != filter.object)) return std::nullopt;
    Event e;
    e.time = row.time;
    e.login = std::move(cells[1]);
    e.on_behalf = std::move(cells[2]);
    e.kind = std::move(cells[3]);
    e.object = std::move(cells[4]);
    e.id = std::move(cells[6]);
    e.source = file;
    e.line = line;
    set_data(e, cells[5], filter.light_data);
    return e;
}

}  // namespace

bool JournalFilter::wants_kind(std::string_view kind) const {
    if (kinds.empty()) return true;
    return std::any_of(kinds.begin(), kinds.end(), [&](const std::string& k) { return kind.substr(0, k.size()) == k; });
}

void Journal::for_each(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                       std::vector<TornTail>* torn, const JournalFilter& filter) const {
    std::vector<std::string> wanted;
    for (const auto& month : months())
        if (month >= from && month <= to && month >= filter.since.date.month_key() && month <= filter.until.date.month_key()) wanted.push_back(month);
    // Many months (a year's report, a replay): how far the reading has got.
    const bool report_progress = wanted.size() > 1;
    std::size_t months_read = 0;
    std::string buffer, cell_buffer;
    Event event;
    for (const auto& month : wanted) {
        if (report_progress) progress(tr("reading the journal"), months_read++, wanted.size());
        auto names = fsio::list_dir(root_ / month);
        std::sort(names.begin(), names.end());
        std::deque<Segment> segments;
        std::vector<IndexedRow> index;
        // Pass 1: every row of every segment is checked (checksum); the wanted ones indexed.
        for (const auto& name : names) {
            if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
            const fs::path path = root_ / month / name;
            Segment& segment = segments.emplace_back(path);
            const auto number = static_cast<std::uint32_t>(segments.size() - 1);
            scan_records(segment, buffer, [&](const RawRow& raw, std::uint64_t offset, bool last) {
                if (raw.line == 1) return;  // the header
                bool fast = false;
                auto time = check_row(raw, last, path, segment.name, torn, fast);
                if (!time || *time < filter.since || filter.until < *time) return;
                if (fast && !fast_row_wanted(raw.text, filter, cell_buffer)) return;
                index.push_back({*time, number, static_cast<std::uint32_t>(raw.line), offset, static_cast<std::uint32_t>(raw.text.size()), fast,
                                 fast ? sum_of(raw.text) : 0});
            });
        }
        std::stable_sort(index.begin(), index.end(), [](const IndexedRow& a, const IndexedRow& b) { return a.time < b.time; });
        // Pass 2: only the rows wanted are parsed, one Event at a time.
        for (const auto& row : index) {
            Segment& segment = segments[row.segment];
            const std::string_view text = segment.text(row.offset, row.length);
            if (row.fast) {
                // Another process may have cut the segment since pass 1 (a command taking
                // back its row) and appended another row where it was.
                if (!text.ends_with("\r\n") || sum_of(text) != row.sum) throw Error(Errc::io, changed_while_read(segment.name));
                if (fill_fast(text, row, segment.name, event, cell_buffer, filter.light_data)) {
                    visit(event);
                    continue;
                }
            }
            if (auto e = event_of(text, row, segment.name, filter)) visit(*e);
        }
    }
    if (report_progress) progress(tr("reading the journal"), wanted.size(), wanted.size());
}

namespace {

constexpr std::uintmax_t mark_tail_bytes = 64;

// One segment's rows after its mark, as for_each_after reads them.
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
                const std::string before = fsio::read_range(seg.path, from, mark.offset);
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
    std::string cell_buffer;
    Event event;
    for (auto& [month, segments] : months_read) {
        std::vector<IndexedRow> index;  // offsets into the segment's text
        for (std::uint32_t s = 0; s < segments.size(); ++s) {
            TailSegment& seg = segments[s];
            seg.text = fsio::read_range(seg.path, seg.base, seg.size);
            const std::string_view text = seg.text;
            const auto rows = journal_rows::split_rows(text);
            const bool whole = seg.base == 0;  // then it starts with its header, and lines count
            for (size_t r = whole ? 1 : 0; r < rows.size(); ++r) {
                const RawRow& raw = rows[r];
                bool fast = false;
                auto time = check_row(raw, r + 1 == rows.size(), seg.path, seg.file, torn, fast);
                if (!time) break;                    // a torn tail: not passed
                if (filter.until < *time) return After::later;
                const auto offset = static_cast<std::uint64_t>(raw.text.data() - text.data());
                seg.consumed = seg.base + offset + raw.text.size();
                if (fast && !fast_row_wanted(raw.text, filter, cell_buffer)) continue;
                index.push_back({*time, s, whole ? static_cast<std::uint32_t>(raw.line) : 0, offset, static_cast<std::uint32_t>(raw.text.size()), fast, 0});
            }
            if (whole && !rows.empty() && rows[0].terminated) seg.consumed = std::max<std::uintmax_t>(seg.consumed, rows[0].text.size());
        }
        std::stable_sort(index.begin(), index.end(), [](const IndexedRow& a, const IndexedRow& b) { return a.time < b.time; });
        for (const auto& row : index) {
            const TailSegment& seg = segments[row.segment];
            const std::string_view text = std::string_view(seg.text).substr(row.offset, row.length);
            if (row.fast && fill_fast(text, row, seg.file, event, cell_buffer, filter.light_data)) {
                visit(event);
                continue;
            }
            if (auto e = event_of(text, row, seg.file, filter)) visit(*e);
        }
        for (auto& seg : segments) {
            if (seg.consumed != seg.base) {
                const std::uintmax_t from = seg.consumed - std::min(seg.consumed, mark_tail_bytes);
                const std::string bytes = from >= seg.base ? seg.text.substr(from - seg.base, seg.consumed - from) : fsio::read_range(seg.path, from, seg.consumed);
                moved[seg.key] = Mark{seg.consumed, fsio::checksum(bytes)};
            }
            std::string().swap(seg.text);  // a month at a time
        }
    }
    marks = std::move(moved);
    return After::read;
}

}  // namespace gefest
