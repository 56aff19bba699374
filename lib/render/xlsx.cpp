// The XLSX writer: a document as one sheet of a workbook made by libxlsxwriter (title,
// period, then per table its title, a header row and the rows; numbers and dates typed).
#include "render/writer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"

namespace gefest {

namespace {

struct Formats {
    lxw_format *bold, *head, *money, *money_bold, *dec, *date;
};

Formats add_formats(lxw_workbook* wb) {
    Formats f{};
    f.bold = workbook_add_format(wb);
    format_set_bold(f.bold);
    f.head = workbook_add_format(wb);
    format_set_bold(f.head);
    format_set_bg_color(f.head, 0xDDE4F0);
    format_set_border(f.head, LXW_BORDER_THIN);
    format_set_text_wrap(f.head);
    // Format codes are stored in Excel's neutral syntax; Excel ru-RU shows "#,##0.00"
    // as «285 000,00».
    f.money = workbook_add_format(wb);
    format_set_num_format(f.money, "#,##0.00");
    f.money_bold = workbook_add_format(wb);
    format_set_num_format(f.money_bold, "#,##0.00");
    format_set_bold(f.money_bold);
    f.dec = workbook_add_format(wb);
    format_set_num_format(f.dec, "0.00");
    f.date = workbook_add_format(wb);
    format_set_num_format(f.date, "dd.mm.yyyy");
    return f;
}

// A sheet holds 1 048 576 rows; libxlsxwriter drops what is past them without failing,
// and a report must never lose a line silently.
void check_rows(const Document& doc, lxw_workbook* wb, const std::filesystem::path& tmp) {
    std::size_t needed = 2;
    for (const auto& t : doc.tables) needed += 3 + t.row_count() + t.totals.size();
    if (needed <= LXW_ROW_MAX) return;
    workbook_close(wb);
    ::unlink(tmp.c_str());
    throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the report needs {} rows, more than an XLSX sheet holds ({}): use --format csv or a shorter period")),
                                         needed, LXW_ROW_MAX));
}

void write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t col, const Cell& x, bool total, const Formats& f) {
    if (x.empty) return;
    switch (x.kind) {
        case CellKind::integer: worksheet_write_number(ws, r, col, static_cast<double>(x.number), total ? f.bold : nullptr); break;
        case CellKind::money: worksheet_write_number(ws, r, col, static_cast<double>(x.number) / 100.0, total ? f.money_bold : f.money); break;
        case CellKind::hundredths: worksheet_write_number(ws, r, col, static_cast<double>(x.number) / 100.0, f.dec); break;
        case CellKind::date: {
            lxw_datetime dt{x.date.year, x.date.month, x.date.day, 0, 0, 0};
            worksheet_write_datetime(ws, r, col, &dt, f.date);
            break;
        }
        case CellKind::boolean: worksheet_write_string(ws, r, col, x.number ? "да" : "нет", nullptr); break;
        case CellKind::text: worksheet_write_string(ws, r, col, x.text.c_str(), total ? f.bold : nullptr); break;
    }
}

// A column's width in characters: its declared width, or wider for the longest header
// word or cell it holds (money as «1 234 567,89»), at most 60 (longer text wraps in Excel).
void widen(std::vector<int>& widths, std::size_t c, std::size_t chars) {
    if (widths.size() <= c) widths.resize(c + 1, 0);
    widths[c] = std::max(widths[c], static_cast<int>(std::min<std::size_t>(chars + 2, 60)));
}

// The longest word of a header: the header wraps, so its words set the width.
std::size_t longest_word(const std::string& text) {
    std::size_t best = 0, start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == ' ') {
            best = std::max(best, display_width(std::string_view(text).substr(start, i - start)));
            start = i + 1;
        }
    return best;
}

// The title, the period, then every table; each column as wide as its content. Ready to
// print: A4 landscape, fit to one page wide, the first table's header row repeated on
// every page and frozen under the title, the print area the used cells.
void write_sheet(const Document& doc, lxw_worksheet* ws, const Formats& f) {
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, doc.title.c_str(), f.bold);
    worksheet_write_string(ws, r++, 0, doc.period.c_str(), nullptr);
    std::vector<int> widths;
    lxw_row_t header = 0;
    bool first = true;
    for (const auto& t : doc.tables) {
        ++r;
        worksheet_write_string(ws, r++, 0, t.title.c_str(), f.bold);
        if (first) header = r;
        first = false;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), t.columns[c].title.c_str(), f.head);
            if (widths.size() <= c) widths.resize(c + 1, 0);
            widths[c] = std::max(widths[c], t.columns[c].width);
            widen(widths, c, longest_word(t.columns[c].title));
        }
        ++r;
        t.for_each_row([&](const std::vector<Cell>& row, bool total) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                write_cell(ws, r, static_cast<lxw_col_t>(c), row[c], total, f);
                if (!row[c].empty) widen(widths, c, display_width(cell_text(row[c], true)));
            }
            ++r;
        });
    }
    for (std::size_t c = 0; c < widths.size(); ++c) worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_landscape(ws);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as it takes
    if (!doc.tables.empty()) {
        worksheet_repeat_rows(ws, header, header);
        worksheet_freeze_panes(ws, header + 1, 0);
    }
    const lxw_col_t last_col = widths.empty() ? 0 : static_cast<lxw_col_t>(widths.size() - 1);
    worksheet_print_area(ws, 0, 0, r > 0 ? r - 1 : 0, last_col);
}

}  // namespace

std::string xlsx_document(const Document& doc) {
    namespace fs = std::filesystem;
    const fs::path tmp = fs::temp_directory_path() / ("gefest-report-" + fsio::random_token() + ".xlsx");
    lxw_workbook* wb = workbook_new(tmp.c_str());
    if (!wb) throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to create the workbook '{}'")), tmp.string()));
    lxw_doc_properties props{};
    std::string title = doc.title;
    props.title = title.data();
    props.created = static_cast<time_t>(now().seconds());  // GEFEST_NOW makes the file reproducible
    workbook_set_properties(wb, &props);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Отчет");
    const Formats f = add_formats(wb);
    check_rows(doc, wb, tmp);
    try {
        write_sheet(doc, ws, f);  // a generated row may throw
    } catch (...) {
        workbook_close(wb);
        ::unlink(tmp.c_str());
        throw;
    }
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        ::unlink(tmp.c_str());
        throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to write the workbook: {}")), lxw_strerror(err)));
    }
    std::string bytes = fsio::read_file(tmp);
    ::unlink(tmp.c_str());
    return bytes;
}

}  // namespace gefest
