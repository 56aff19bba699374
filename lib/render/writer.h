// What the format writers share: Out, the buffer that hands rendered bytes to a sink in
// pieces, and one entry per writer (text.cpp, csv.cpp, json.cpp, html.cpp, xlsx.cpp).
// render/render.h picks the writer for a format; use that, not these, from outside.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "render/table.h"

namespace gefest {

/// Where rendered bytes go, piece by piece, in order.
using ByteSink = std::function<void(std::string_view)>;

/// Rendered bytes on their way to a sink, handed over in pieces of about 64 KiB: the
/// writers call spill() after each row, so a long report is never one string. Throws
/// what the sink throws.
class Out {
public:
    explicit Out(const ByteSink& sink) : sink_(sink) {}
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    /// Appends `text` (a string, string_view, C string or char) to the buffer.
    template <class T>
    Out& operator+=(const T& text) {
        buf_ += text;
        return *this;
    }
    /// The buffer itself, for a writer that appends a record a cell at a time.
    std::string& buffer() { return buf_; }
    /// Hands the buffer to the sink once it holds 64 KiB or more.
    void spill() {
        if (buf_.size() >= 65536) flush();
    }
    /// Hands whatever is buffered to the sink.
    void flush() {
        if (!buf_.empty()) sink_(buf_);
        buf_.clear();
    }

private:
    const ByteSink& sink_;
    std::string buf_;
};

/// A writer of a whole document in one format.
using DocumentWriter = void (*)(const Document&, Out&);
/// A writer of one table in one format, with no title around it.
using TableWriter = void (*)(const Table&, Out&);

// The document writers spill after every row. The table and record writers (the front
// end's lists, whose rows are all held anyway) never do, so a list that fails half way
// (a CSV row of the wrong width, a cell that is not UTF-8 in JSON) has written nothing.

/// The document as text: title, period, then per table its title, the aligned columns
/// under a header and a rule, «(нет)» for no rows, a rule above the totals.
void text_document(const Document& doc, Out& out);
/// The table as aligned columns under a header line (numbers on the right), cells two
/// spaces apart, no trailing spaces; cells past the last column are left out.
void text_table(const Table& table, Out& out);
/// The first row as "Title: value" lines, the values aligned after the longest title.
void text_record(const Table& table, Out& out);

/// Excel ru-RU CSV of the document: BOM, per table its header and rows (';', CRLF), a
/// blank line between tables; numbers stay numbers (decimal comma, no group space),
/// text cells are neutralised against formulas (csv::neutralize_formula).
void csv_document(const Document& doc, Out& out);
/// The table in the registers' dialect (csv::write): BOM, the header quoted also for
/// commas, rows; text cells through csv::guard_formula (a list may be opened in Excel,
/// and what gefest reads back it unguards), numbers as they are. Error(data) if a row's
/// width differs from the columns'.
void csv_table(const Table& table, Out& out);

/// The document as one JSON object, byte for byte what nlohmann's dump(2) makes of
/// {report, title, period, <table.key>: [rows], <table.key>_totals: [...], charts}, in
/// that order. Throws nlohmann::json::type_error for text that is not UTF-8.
void json_document(const Document& doc, Out& out);
/// The table as a JSON array (dump(2)) of one object per row, keys in alphabetical order.
void json_table(const Table& table, Out& out);
/// The first row as one JSON object (dump(2)), keys in alphabetical order.
void json_record(const Table& table, Out& out);

/// The document as one self-contained HTML page with inline SVG bar charts.
void html_document(const Document& doc, Out& out);

/// The document as the bytes of an XLSX workbook (libxlsxwriter writes a temporary file,
/// removed again). Error(usage) if it needs more rows than a sheet holds, Error(io) if
/// the workbook cannot be written.
std::string xlsx_document(const Document& doc);

}  // namespace gefest
