// The one table model of the render layer: typed cells in columns, tables (rows held or
// made one at a time), documents that group tables and bar charts under a title, and
// Listing, the plain-text shape the front end fills for its lists and records. The writers
// (render/render.h) turn these into text, CSV, JSON, HTML and XLSX.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/money.h"

namespace gefest {

class Out;  // render/writer.h

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
/// A text cell; `code` (if any) is what JSON shows instead of `text`. Does not throw.
Cell text_cell(std::string text, std::string code = {});
/// A count. Does not throw.
Cell int_cell(std::int64_t n);
/// An amount (kopecks kept). Does not throw.
Cell money_cell(Money m);
/// A number with two decimals given in hundredths (1250 → 12,50). Does not throw.
Cell hundredths_cell(std::int64_t x100);
/// A day. Does not throw.
Cell date_cell(const Date& d);
/// Yes or no («да» / «нет»; JSON true / false). Does not throw.
Cell bool_cell(bool b);
/// A cell of `kind` with nothing in it (empty text, JSON null, a blank XLSX cell).
Cell empty_cell(CellKind kind);

/// Whether cells of `kind` are numbers: right-aligned in text and HTML.
bool is_numeric(CellKind kind);

/// What `cell` shows to people: the text, the count, money as «285 000,00» (digits
/// grouped when `group_digits`; «285000,00» otherwise, which Excel reads as a number),
/// hundredths as «12,50», a date as «27.11.2026», a boolean as «да» / «нет»; "" when
/// the cell is empty. Does not throw.
std::string cell_text(const Cell& cell, bool group_digits);

/// Display width of UTF-8 text: its code points (good enough for Cyrillic and Latin).
std::size_t display_width(std::string_view text);

struct Column {
    std::string key;    ///< JSON key
    std::string title;  ///< header for people (Russian in the reports)
    CellKind kind = CellKind::text;
    int width = 12;     ///< XLSX column width, characters
};

struct Table {
    std::string key, title;
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<std::vector<Cell>> totals;  ///< shown after the rows (bold in XLSX)
    /// A long table (form 02-006-01 over a year may have a million lines) gives its rows
    /// as a count and a function making row i instead of `rows`: the writers make
    /// each row as they write it, so the cells are never all held at once.
    std::size_t generated_rows = 0;
    std::function<std::vector<Cell>(std::size_t)> generate;
    /// Or, for rows that can only be made in order (read from the journal as they are
    /// written), a function handing every row to its argument in turn; generated_rows
    /// says how many. Each for_each_row calls it anew.
    std::function<void(const std::function<void(const std::vector<Cell>&)>&)> produce;
    /// Optional, beside `generate` or `produce`, for the CSV for Excel alone: writes every
    /// row straight into `out`, a line at a time, spilling after each, byte for byte what
    /// csv_document writes of the cells — without making the cells (a year of form
    /// 02-006-01 is a million lines). Throws what `produce` throws.
    std::function<void(Out& out)> csv_rows;

    /// How many rows (not counting totals) the table has.
    std::size_t row_count() const { return generate || produce ? generated_rows : rows.size(); }
    /// The first row (row_count() > 0). Throws what `generate` or `produce` throw.
    std::vector<Cell> first_row() const;
    /// Calls `visit` for every row, then for every totals row (with total = true).
    /// Throws what `generate`, `produce` or `visit` throw.
    void for_each_row(const std::function<void(const std::vector<Cell>& row, bool total)>& visit) const;
};

/// A bar chart: one bar per (label, value); money values are kopecks.
struct Chart {
    std::string key, title;
    bool money = false;
    std::vector<std::pair<std::string, std::int64_t>> bars;
};

/// A report as it is shown: a title, the period, its tables and charts.
struct Document {
    std::string report;  ///< requests | sources | managers | funnel | control | todo
    std::string title;   ///< «Отчет о заявках и заказах (форма 02-006-01)»
    std::string period;  ///< «01.11.2026 — 30.11.2026» / «на 27.11.2026 10:00»
    std::vector<Table> tables;
    std::vector<Chart> charts;
};

/// A list the front end prints (`--format text|csv|json`), in the shape it is easiest
/// to fill: machine keys (JSON), human titles (text and the CSV header) and rows of text,
/// each row normally as wide as the keys.
struct Listing {
    std::vector<std::string> keys;
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> rows;

    /// The listing as a Table of text columns: column i is keys[i] titled titles[i] (a
    /// name missing on one side is ""), every cell a text cell; a row keeps its width,
    /// so the writers can show a row that is too short or too long as they always did.
    /// Does not throw (but std::bad_alloc).
    Table table() const;
};

}  // namespace gefest
