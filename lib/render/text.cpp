// The text writer: aligned columns for people, of a document, a list or one record.
#include <algorithm>

#include "render/writer.h"

namespace gefest {

namespace {

// Each column as wide as its title and its widest cell, totals included.
std::vector<std::size_t> widths_of(const Table& t) {
    std::vector<std::size_t> w(t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c) w[c] = display_width(t.columns[c].title);
    t.for_each_row([&](const std::vector<Cell>& row, bool) {
        for (std::size_t c = 0; c < row.size() && c < w.size(); ++c) w[c] = std::max(w[c], display_width(cell_text(row[c], true)));
    });
    return w;
}

// One line: cells two spaces apart, each padded to its column (numbers on the right),
// no trailing spaces; cells past the last column are left out.
std::string line_of(const Table& t, const std::vector<std::size_t>& w, const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t c = 0; c < cells.size() && c < w.size(); ++c) {
        std::string pad(w[c] - display_width(cells[c]), ' ');
        s += (c ? "  " : "") + (is_numeric(t.columns[c].kind) ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
}

std::vector<std::string> titles_of(const Table& t) {
    std::vector<std::string> head;
    for (const auto& c : t.columns) head.push_back(c.title);
    return head;
}

std::vector<std::string> texts_of(const std::vector<Cell>& row) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(cell_text(c, true));
    return cells;
}

void text_section(const Table& t, Out& out) {
    const std::vector<std::size_t> w = widths_of(t);
    out += line_of(t, w, titles_of(t));
    std::size_t total_w = 0;
    for (std::size_t c = 0; c < w.size(); ++c) total_w += w[c] + (c ? 2 : 0);
    const std::string rule = std::string(total_w, '-') + "\n";
    out += rule;
    if (t.row_count() == 0) out += "(нет)\n";
    bool in_totals = false;
    t.for_each_row([&](const std::vector<Cell>& row, bool total) {
        if (total && !in_totals) out += rule;
        in_totals = total;
        out += line_of(t, w, texts_of(row));
        out.spill();
    });
}

}  // namespace

void text_document(const Document& doc, Out& out) {
    out += doc.title + "\n" + doc.period + "\n";
    for (const auto& t : doc.tables) {
        out += "\n" + t.title + "\n";
        text_section(t, out);
    }
}

void text_table(const Table& t, Out& out) {
    const std::vector<std::size_t> w = widths_of(t);
    out += line_of(t, w, titles_of(t));
    t.for_each_row([&](const std::vector<Cell>& row, bool) { out += line_of(t, w, texts_of(row)); });
}

void text_record(const Table& t, Out& out) {
    if (t.row_count() == 0) return;
    const std::vector<std::string> cells = texts_of(t.first_row());
    std::size_t w = 0;
    for (const auto& c : t.columns) w = std::max(w, display_width(c.title));
    for (std::size_t i = 0; i < t.columns.size() && i < cells.size(); ++i) {
        const std::string& title = t.columns[i].title;
        out += title + ":" + std::string(w - display_width(title) + 1, ' ') + cells[i] + "\n";
    }
}

}  // namespace gefest
