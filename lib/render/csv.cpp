// The CSV writer: a document for Excel ru-RU (formulas neutralised, numbers as numbers),
// a list in the registers' dialect of lib/base/csv.h (formulas guarded reversibly).
#include "render/writer.h"

#include "base/csv.h"

namespace gefest {

void csv_document(const Document& doc, Out& out) {
    out += "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < doc.tables.size(); ++i) {
        const Table& t = doc.tables[i];
        if (i) out += "\r\n";  // a blank line between sections
        std::vector<std::string> head;
        for (const auto& c : t.columns) head.push_back(c.title);
        out += csv::write_row(head);
        auto put = [&](const std::vector<Cell>& row, bool) {
            // Numbers stay numbers ("285000,00": no group space, which Excel would
            // read as text); every text cell is neutralised against formulas.
            std::string& line = out.buffer();
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (row[c].kind == CellKind::text)
                    csv::append_cell(line, row[c].text, c == 0, true);
                else
                    csv::append_cell(line, cell_text(row[c], false), c == 0);
            }
            line += "\r\n";
            out.spill();
        };
        if (!t.csv_rows) {
            t.for_each_row(put);
            continue;
        }
        t.csv_rows(out);  // the rows written straight, then the totals as cells
        for (const auto& row : t.totals) put(row, true);
    }
}

void csv_table(const Table& t, Out& out) {
    csv::Table file;
    for (const auto& c : t.columns) file.header.push_back(c.title);
    t.for_each_row([&](const std::vector<Cell>& row, bool) {
        csv::Row r;
        // Text cells are guarded (reversibly: client import reads a list back), numbers
        // stay numbers.
        for (const auto& c : row) r.cells.push_back(c.kind == CellKind::text ? csv::guard_formula(c.text) : cell_text(c, false));
        file.rows.push_back(std::move(r));
    });
    out += csv::write(file);
}

}  // namespace gefest
