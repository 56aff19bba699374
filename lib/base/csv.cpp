#include "base/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"

namespace gefest::csv {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// Reads records one by one from decoded text, counting physical lines for messages.
class Reader {
public:
    Reader(std::string_view text, char delim, const std::string& file, int first_line)
        : text_(text), delim_(delim), file_(file), line_(first_line) {}

    bool at_end() const { return pos_ == text_.size(); }
    int line() const { return line_; }

    /// The cells of the next record; consumes its line end, if any.
    std::vector<std::string> next_record() {
        std::vector<std::string> cells;
        next_record(cells);
        return cells;
    }

    /// next_record() into `cells`, reusing its strings (a file of a million cells).
    void next_record(std::vector<std::string>& cells) {
        std::size_t n = 0;
        for (;;) {
            if (n == cells.size()) cells.emplace_back();
            std::string& cell = cells[n++];
            cell.clear();
            if (pos_ < text_.size() && text_[pos_] == '"')
                quoted_cell(cell, n);
            else
                plain_cell(cell, n);
            if (at_end()) break;
            if (text_[pos_] == delim_) {
                ++pos_;
                continue;
            }
            skip_line_end();
            break;
        }
        cells.resize(n);
    }

private:
    void plain_cell(std::string& cell, std::size_t field) {
        // A plain loop: find_first_of calls memchr over the four stops for every byte.
        std::size_t end = pos_;
        for (; end < text_.size(); ++end) {
            const char c = text_[end];
            if (c == delim_ || c == '"' || c == '\r' || c == '\n') break;
        }
        cell.assign(text_.substr(pos_, end - pos_));
        pos_ = end;
        // A lone quote mid-cell usually means the writer forgot to quote the cell;
        // guessing would silently change the text, so the user fixes it.
        if (!at_end() && text_[pos_] == '"')
            fail(line_, fmt::format(fmt::runtime(tr("stray quote in field {} (a field containing quotes must be "
                                                    "quoted as a whole, with its quotes doubled)")),
                                    field));
    }

    void quoted_cell(std::string& cell, std::size_t field) {
        const int opened_at = line_;
        ++pos_;
        for (;;) {
            std::size_t stop = text_.find_first_of("\"\r\n", pos_);
            if (stop == std::string_view::npos)
                fail(opened_at, fmt::format(fmt::runtime(tr("unterminated quote in field {}")), field));
            cell.append(text_.substr(pos_, stop - pos_));
            pos_ = stop;
            if (text_[pos_] != '"') {  // a line break inside the cell: kept as written
                std::size_t start = pos_;
                skip_line_end();
                cell.append(text_.substr(start, pos_ - start));
                continue;
            }
            if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                cell += '"';
                pos_ += 2;
                continue;
            }
            ++pos_;
            break;
        }
        if (!at_end() && text_[pos_] != delim_ && text_[pos_] != '\r' && text_[pos_] != '\n')
            fail(line_, fmt::format(fmt::runtime(tr("text after the closing quote of field {}")), field));
    }

    /// Consumes one CRLF, LF or CR (old Mac Excel) at pos_.
    void skip_line_end() {
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }

    [[noreturn]] void fail(int line, std::string message) const {
        throw Error(Errc::data, std::move(message), file_, line);
    }

    std::string_view text_;
    char delim_;
    const std::string& file_;
    int line_;
    std::size_t pos_ = 0;
};

bool all_empty(const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
}

/// ';' if it occurs outside quotes in the first line, else TAB if that does (Excel's
/// "Unicode Text" and "Text (Tab delimited)"), else ',' if that does, else ';'. ';' and
/// TAB win over ',' because Russian header names contain commas ("Сумма, руб").
char detect_delimiter(std::string_view text) {
    bool in_quotes = false, semicolon = false, tab = false, comma = false;
    for (char c : text) {
        if (c == '"') {
            in_quotes = !in_quotes;  // a doubled quote toggles twice: no change
        } else if (!in_quotes) {
            if (c == '\r' || c == '\n') break;
            semicolon = semicolon || c == ';';
            tab = tab || c == '\t';
            comma = comma || c == ',';
        }
    }
    return semicolon ? ';' : tab ? '\t' : comma ? ',' : ';';
}

/// Excel writes a separator for every column of its used range: a column someone typed
/// in and cleared beyond the header's last name comes back as an empty header name and
/// empty cells. Such trailing columns hold nothing and are dropped; any cell in them
/// that is not empty keeps them (and checked_header refuses the empty name).
void drop_empty_trailing_columns(std::vector<std::string>& header, std::vector<Row>& rows) {
    auto blank = [](const std::string& c) { return trim_blanks(c).empty(); };
    std::size_t width = header.size();
    while (width > 1 && blank(header[width - 1]) &&
           std::all_of(rows.begin(), rows.end(), [&](const Row& r) { return r.cells.size() < width || blank(r.cells[width - 1]); }))
        --width;
    header.resize(width);
    for (auto& r : rows)
        if (r.cells.size() > width && std::all_of(r.cells.begin() + static_cast<std::ptrdiff_t>(width), r.cells.end(), blank))
            r.cells.resize(width);
}

std::vector<std::string> checked_header(std::vector<std::string> cells, int line, const std::string& file) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        cells[i] = std::string(trim_blanks(cells[i]));
        if (cells[i].empty())
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("empty name for column {}")), i + 1), file, line);
        for (std::size_t j = 0; j < i; ++j)
            if (cells[j] == cells[i])
                throw Error(Errc::data,
                            fmt::format(fmt::runtime(tr("duplicate column name '{}' (columns {} and {})")), cells[i],
                                        j + 1, i + 1),
                            file, line);
    }
    return cells;
}

// What makes a cell quoted, per byte: 1 always (';', '"', CR, LF), 2 in a header (',').
constexpr std::array<unsigned char, 256> quote_stops = [] {
    std::array<unsigned char, 256> t{};
    t[static_cast<unsigned char>(';')] = t[static_cast<unsigned char>('"')] = t[static_cast<unsigned char>('\r')] =
        t[static_cast<unsigned char>('\n')] = 1;
    t[static_cast<unsigned char>(',')] = 2;
    return t;
}();

void put_cell(std::string& out, std::string_view cell, bool quote_commas) {
    // One table look-up per byte (every cell of a register of 100k rows is scanned).
    bool quote = !cell.empty() && (cell.front() == ' ' || cell.front() == '\t' || cell.back() == ' ' || cell.back() == '\t');
    const unsigned char stops = quote_commas ? 3 : 1;
    for (std::size_t i = 0; i < cell.size() && !quote; ++i) quote = (quote_stops[static_cast<unsigned char>(cell[i])] & stops) != 0;
    if (!quote) {
        out += cell;
        return;
    }
    // Copied a run at a time, each quote doubled (a journal row's JSON has dozens).
    out += '"';
    std::size_t start = 0;
    for (std::size_t i = 0; i < cell.size(); ++i)
        if (cell[i] == '"') {
            out.append(cell.substr(start, i + 1 - start));
            out += '"';
            start = i + 1;
        }
    out.append(cell.substr(start));
    out += '"';
}

/// `quote_commas` is for the header: a one-column header "Сумма, руб" left unquoted
/// would be read back as comma-separated. Data cells are not quoted for commas so that
/// Excel keeps reading "12,50" as a number.
std::string format_row(const std::vector<std::string>& cells, bool quote_commas) {
    std::string out;
    std::size_t size = 2;
    for (const auto& c : cells) size += c.size() + 1;
    out.reserve(size + size / 8);  // room for some quoting
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ';';
        put_cell(out, cells[i], quote_commas);
    }
    out += "\r\n";
    return out;
}

bool is_plain_number(std::string_view s) {
    auto digits = [&](std::size_t i) {
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i;
    };
    std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    std::size_t end = digits(i);
    if (end == i) return false;
    if (end < s.size() && (s[end] == ',' || s[end] == '.')) {
        std::size_t frac = digits(end + 1);
        if (frac == end + 1) return false;
        end = frac;
    }
    return end == s.size();
}

}  // namespace

int Table::column(std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

Table parse(std::string_view bytes, const std::string& file) {
    std::string text;
    try {
        text = encoding::decode_text(bytes);
    } catch (const Error& e) {
        throw Error(e.code(), e.what(), file);  // the encoding layer does not know the file
    }
    Reader reader(text, detect_delimiter(text), file, 1);
    if (reader.at_end()) throw Error(Errc::data, tr("the file is empty: expected a header line"), file);

    Table table;
    int header_line = reader.line();
    auto header = reader.next_record();
    if (all_empty(header))
        throw Error(Errc::data, tr("the first line is empty: expected a header line"), file, header_line);

    while (!reader.at_end()) {
        int line = reader.line();
        auto cells = reader.next_record();
        if (all_empty(cells)) continue;
        table.rows.push_back(Row{std::move(cells), line});
    }
    drop_empty_trailing_columns(header, table.rows);
    table.header = checked_header(std::move(header), header_line, file);
    for (const auto& row : table.rows)
        if (row.cells.size() != table.header.size())
            throw Error(Errc::data,
                        fmt::format(fmt::runtime(tr("expected {} fields, found {}")), table.header.size(), row.cells.size()),
                        file, row.line);
    return table;
}

void parse_each(std::string_view bytes, const std::string& file, const std::function<void(const std::vector<std::string>& header)>& header,
                const std::function<void(Row& row)>& row) {
    // Valid UTF-8 (with or without its BOM) is read where it is; anything else decoded.
    std::string decoded;
    std::string_view text = encoding::has_utf8_bom(bytes) ? encoding::strip_utf8_bom(bytes) : bytes;
    if (!encoding::is_valid_utf8(text)) {
        try {
            decoded = encoding::decode_text(bytes);
        } catch (const Error& e) {
            throw Error(e.code(), e.what(), file);
        }
        text = decoded;
    }
    Reader reader(text, detect_delimiter(text), file, 1);
    if (reader.at_end()) throw Error(Errc::data, tr("the file is empty: expected a header line"), file);
    const int header_line = reader.line();
    auto names = reader.next_record();
    // A blank last name may be a column Excel cleared: whether it is dropped depends on
    // every row (drop_empty_trailing_columns), so such a file is parse's.
    if (all_empty(names) || trim_blanks(names.back()).empty())
        throw Error(Errc::data, tr("the first line is empty: expected a header line"), file, header_line);
    const std::vector<std::string> checked = checked_header(std::move(names), header_line, file);
    const std::size_t width = checked.size();
    header(checked);
    auto blank = [](const std::string& c) { return trim_blanks(c).empty(); };
    Row r;
    while (!reader.at_end()) {
        r.line = reader.line();
        reader.next_record(r.cells);
        if (all_empty(r.cells)) continue;
        if (r.cells.size() > width && std::all_of(r.cells.begin() + static_cast<std::ptrdiff_t>(width), r.cells.end(), blank))
            r.cells.resize(width);
        if (r.cells.size() != width)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("expected {} fields, found {}")), width, r.cells.size()), file, r.line);
        row(r);
    }
}

std::string write(const Table& table) {
    std::string out(utf8_bom);
    out += format_row(table.header, true);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const auto& cells = table.rows[i].cells;
        if (cells.size() != table.header.size())
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("row {} has {} fields, the header has {}")), i + 1,
                                                cells.size(), table.header.size()));
        out += format_row(cells, false);
    }
    return out;
}

std::string write_row(const std::vector<std::string>& cells) { return format_row(cells, false); }

std::vector<std::string> parse_line(std::string_view line, char delim, const std::string& file, int line_no) {
    if (line.starts_with(utf8_bom)) line.remove_prefix(utf8_bom.size());
    Reader reader(line, delim, file, line_no);
    auto cells = reader.next_record();
    if (!reader.at_end())
        throw Error(Errc::data, tr("more than one record on the line"), file, reader.line());
    return cells;
}

namespace {

// Whether neutralize_formula puts an apostrophe before `cell`.
bool needs_apostrophe(std::string_view cell) {
    return !cell.empty() && std::string_view("=+-@\t\r\n").find(cell.front()) != std::string_view::npos && !is_plain_number(cell);
}

}  // namespace

std::string neutralize_formula(std::string_view cell) {
    if (!needs_apostrophe(cell)) return std::string(cell);
    return "'" + std::string(cell);
}

void append_cell(std::string& out, std::string_view cell, bool first, bool neutralize) {
    if (!first) out += ';';
    if (neutralize && needs_apostrophe(cell))
        put_cell(out, neutralize_formula(cell), false);
    else
        put_cell(out, cell, false);
}

namespace {

// Apostrophes, then one of the characters neutralize_formula guards against.
bool after_apostrophes_formula(std::string_view cell) {
    std::size_t i = 0;
    while (i < cell.size() && cell[i] == '\'') ++i;
    return i > 0 && i < cell.size() && std::string_view("=+-@\t\r\n").find(cell[i]) != std::string_view::npos;
}

}  // namespace

std::string guard_formula(std::string_view cell) {
    if (after_apostrophes_formula(cell)) return "'" + std::string(cell);
    return neutralize_formula(cell);
}

std::string unguard_formula(std::string_view cell) {
    if (after_apostrophes_formula(cell)) cell.remove_prefix(1);
    return std::string(cell);
}

void append_guarded_row(std::string& out, std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (std::string_view cell : cells) {
        if (!first) out += ';';
        first = false;
        // Only a cell starting with one of these is changed by guard_formula.
        if (!cell.empty() && std::string_view("'=+-@\t\r\n").find(cell.front()) != std::string_view::npos)
            put_cell(out, guard_formula(cell), false);
        else
            put_cell(out, cell, false);
    }
    out += "\r\n";
}

std::string write_guarded(const Table& table) {
    Table guarded{table.header, {}};
    guarded.rows.reserve(table.rows.size());
    for (const auto& row : table.rows) {
        Row r{{}, row.line};
        for (const auto& c : row.cells) r.cells.push_back(guard_formula(c));
        guarded.rows.push_back(std::move(r));
    }
    return write(guarded);
}

void parse_guarded_each(std::string_view bytes, const std::string& file,
                        const std::function<void(const std::vector<std::string>& header)>& header, const std::function<void(Row& row)>& row) {
    parse_each(bytes, file, header, [&](Row& r) {
        for (auto& c : r.cells)
            if (!c.empty() && c.front() == '\'') c = unguard_formula(c);  // only such a cell is changed
        row(r);
    });
}

Table parse_guarded(std::string_view bytes, const std::string& file) {
    Table t = parse(bytes, file);
    for (auto& row : t.rows)
        for (auto& c : row.cells) c = unguard_formula(c);
    return t;
}

}  // namespace gefest::csv
