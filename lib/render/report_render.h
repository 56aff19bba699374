// Reports rendered at the edge: the data of lib/reports/report.h becomes a Document (tables
// with typed cells, charts) with Russian headers, and one renderer per format turns
// any Document into bytes — text (aligned), CSV (Excel ru-RU: BOM, ';', CRLF, decimal
// comma, formulas neutralised, numbers as numbers), JSON, XLSX (libxlsxwriter) and
// HTML (one self-contained page with inline SVG bar charts). Output is deterministic:
// nothing depends on the clock or the machine.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/report.h"

namespace gefest {

enum class CellKind { text, integer, money, hundredths, date, boolean };

/// A cell: `text` for people, `number` for integer (count), money (kopecks),
/// hundredths (12,50) and boolean (0/1) cells; `code` is what JSON shows for a text
/// cell when it differs from the label ("confirmed" for «подтвержден»).
struct Cell {
    CellKind kind = CellKind::text;
    std::string text, code;
    std::int64_t number = 0;
    Date date;
    bool empty = false;  ///< nothing to show (no order → no amount)
};
Cell text_cell(std::string text, std::string code = {});
Cell int_cell(std::int64_t n);
Cell money_cell(Money m);
Cell hundredths_cell(std::int64_t x100);
Cell date_cell(const Date& d);
Cell bool_cell(bool b);
Cell empty_cell(CellKind kind);

struct Column {
    std::string key;    ///< JSON key
    std::string title;  ///< Russian header
    CellKind kind = CellKind::text;
    int width = 12;     ///< XLSX column width, characters
};

struct Table {
    std::string key, title;
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<std::vector<Cell>> totals;  ///< shown after the rows (bold in XLSX)
    /// A long table (form 02-006-01 over a year may have a million lines) gives its rows
    /// as a count and a function making row i instead of `rows`: the renderers make
    /// each row as they write it, so the cells are never all held at once.
    std::size_t generated_rows = 0;
    std::function<std::vector<Cell>(std::size_t)> generate;

    std::size_t row_count() const { return generate ? generated_rows : rows.size(); }
    /// Calls `visit` for every row, then for every totals row (with total = true).
    void for_each_row(const std::function<void(const std::vector<Cell>& row, bool total)>& visit) const;
};

/// A bar chart: one bar per (label, value); money values are kopecks.
struct Chart {
    std::string key, title;
    bool money = false;
    std::vector<std::pair<std::string, std::int64_t>> bars;
};

struct Document {
    std::string report;  ///< requests | sources | managers | funnel | control | todo
    std::string title;   ///< «Отчет о заявках и заказах (форма 02-006-01)»
    std::string period;  ///< «01.11.2026 — 30.11.2026» / «на 27.11.2026 10:00»
    std::vector<Table> tables;
    std::vector<Chart> charts;
};

/// The staff member's name for a login ("" when unknown).
using NameOf = std::function<std::string(const std::string& login)>;

/// Form 02-006-01: the rows, totals by source, and the three charts (inquiries by
/// source, funnel, revenue by manager). The document keeps the report (its rows are
/// made from it while rendering).
Document requests_document(RequestsReport report);
/// Conversion and revenue per advertising source.
Document sources_document(const RequestsReport& report);
/// Per manager: inquiries, orders, paid, shipped, revenue, average days inquiry → order.
Document managers_document(const RequestsReport& report, const NameOf& name_of);
/// Inquiries → orders → confirmed → paid → shipped.
Document funnel_document(const RequestsReport& report);
/// Process control (5.2.9) or one person's open steps (`todo_login` non-empty).
Document control_document(const std::vector<ControlRow>& rows, const DateTime& as_of, const std::string& todo_login);

/// Formats: text | csv | json | html | xlsx. Error(usage) for any other.
const std::vector<std::string>& report_formats();

/// Where rendered bytes go, piece by piece, in order.
using ByteSink = std::function<void(std::string_view)>;
/// The document in `format` handed to `sink` in pieces as it is made (every format but
/// xlsx, which libxlsxwriter makes as a file first), so a long report is never held as
/// one string. Error(usage) for an unknown format.
void render_to(const Document& doc, const std::string& format, const ByteSink& sink);
/// The document in `format` as the bytes of a file (XLSX through a temporary file that
/// is removed again; Error(io) if libxlsxwriter fails).
std::string render(const Document& doc, const std::string& format);

std::string render_text(const Document& doc);
std::string render_csv(const Document& doc);
std::string render_json(const Document& doc);
std::string render_html(const Document& doc);
std::string render_xlsx(const Document& doc);

}  // namespace gefest
