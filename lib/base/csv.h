// CSV registers that Excel ru-RU opens by double-click: UTF-8 with BOM (else Excel
// guesses windows-1251), ';' as separator (ru-RU uses ',' as the decimal comma), CRLF,
// RFC 4180 quoting. Reading is lenient about what Excel and people produce (BOM or not,
// cp1251, ',' separator, LF, no final newline) and strict about what would lose data.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace gefest::csv {

/// One record. `line` is the 1-based physical line where it starts (a quoted cell may
/// span several lines), for FILE:LINE messages.
struct Row {
    std::vector<std::string> cells;
    int line = 0;
};

/// A parsed file: the header names and the data rows, each as wide as the header.
struct Table {
    std::vector<std::string> header;
    std::vector<Row> rows;

    /// Index of the header column named exactly `name`, or -1 if there is none.
    int column(std::string_view name) const;
};

/// Parses a whole file; the first record is the header. Bytes go through
/// encoding::decode_text (BOM, UTF-8, UTF-16 with a BOM, else windows-1251). The
/// separator is ';' if it occurs outside quotes in the header line, else TAB if that
/// does (Excel's "Unicode Text"), else ',' if that does, else ';' — so a header name
/// like "Сумма, руб" does not make a ';' file look comma-separated. Trailing separators
/// Excel adds for columns cleared beyond the header (empty header names, empty cells,
/// also on rows longer than the header) are dropped.
/// Accepts CRLF, LF or CR line ends, a missing final newline and quoted cells with line
/// breaks (kept verbatim). Header names are trimmed of spaces and tabs. Records whose
/// cells are all empty (blank lines, Excel's ";;;;") are dropped: they hold nothing.
/// Throws Error(Errc::data, msg, file, line) for: undecodable bytes (line 0), an empty
/// file, an empty or duplicated header name, a row whose width differs from the
/// header's ("expected 12 fields, found 11", at the row's first line), an unterminated
/// quote (at the line where the quoted cell began), a quote inside an unquoted cell or
/// text after a closing quote (at the line of that character).
Table parse(std::string_view bytes, const std::string& file);

/// parse() a record at a time, without holding the table (a register of 100 MB): `header`
/// is called once with the header names, then `row` for each data row in file order.
/// Rows are as parse gives them for a file parse accepts whose last header name is not
/// blank. For any other file it throws Error(data), and then not necessarily the first
/// error parse reports (nor before `row` was called for earlier rows): a caller that
/// names errors runs parse when this throws. A valid UTF-8 file is not copied.
void parse_each(std::string_view bytes, const std::string& file, const std::function<void(const std::vector<std::string>& header)>& header,
                const std::function<void(Row& row)>& row);

/// parse_each with every data cell through unguard_formula: parse_guarded a row at a time.
void parse_guarded_each(std::string_view bytes, const std::string& file,
                        const std::function<void(const std::vector<std::string>& header)>& header, const std::function<void(Row& row)>& row);

/// The file for `table`: UTF-8 BOM, header, rows; ';' separated, CRLF terminated,
/// quoted as write_row does. Throws Error(Errc::data) if a row's width differs from the
/// header's, since parse would reject the result.
std::string write(const Table& table);

/// One CRLF-terminated record (e.g. a journal append), ';' separated. A cell is quoted
/// if it contains ';', '"', CR or LF or starts or ends with a space or tab; quotes in it
/// are doubled. Formulas are not neutralised here (see neutralize_formula).
std::string write_row(const std::vector<std::string>& cells);

/// write_row of `cells`, each through guard_formula, appended to `out`: the bytes
/// write_guarded gives for one data row, without a std::string per cell (a register of
/// 100k rows). Throws nothing but std::bad_alloc.
void append_guarded_row(std::string& out, std::initializer_list<std::string_view> cells);

/// One cell of write_row's dialect appended to `out`, quoted as write_row quotes it and
/// preceded by ';' unless it is the first of its record; with `neutralize`, the cell is
/// neutralize_formula(cell). For a writer that makes its records a cell at a time
/// (a year's report of a million rows) without a std::string per cell. Throws nothing
/// but std::bad_alloc.
void append_cell(std::string& out, std::string_view cell, bool first, bool neutralize = false);

/// Cells of exactly one record of UTF-8 text (a leading BOM is skipped), e.g. one
/// journal line; a single trailing line end is allowed, and a quoted cell may contain
/// line breaks. Throws Error(Errc::data, msg, file, line_no…) like parse for quoting
/// errors — an unterminated quote is how a torn last line shows — and if `line` holds
/// more than one record.
std::vector<std::string> parse_line(std::string_view line, char delim, const std::string& file, int line_no);

/// `cell` made safe to open in a spreadsheet (OWASP "CSV injection"): if it starts with
/// '=', '+', '-', '@', TAB, CR or LF, a leading apostrophe is added so it is shown as
/// text, not run as a formula. Exception: a plain number — optional sign, digits, and
/// optionally one ',' or '.' followed by digits ("-12,50", "+5", "-0.5") — is returned
/// unchanged so it stays a number. Anything else is returned unchanged.
std::string neutralize_formula(std::string_view cell);

/// neutralize_formula made reversible, for the files gefest reads back: a cell that is
/// one or more apostrophes and then a formula character gets one apostrophe more, so
/// unguard_formula(guard_formula(x)) == x for every x.
std::string guard_formula(std::string_view cell);

/// What guard_formula wrote, read back: one leading apostrophe taken off a cell that is
/// apostrophes and then a formula character ("'=1" → "=1", "''=1" → "'=1", "'-5" → "-5");
/// anything else is returned unchanged.
std::string unguard_formula(std::string_view cell);

/// write(table) with every data cell through guard_formula: the registers gefest owns
/// and reads back with parse_guarded (CSV injection, OWASP). The header is written as is.
std::string write_guarded(const Table& table);

/// parse(bytes, file) with every data cell through unguard_formula.
Table parse_guarded(std::string_view bytes, const std::string& file);

}  // namespace gefest::csv
