// The table model: cells, how a cell reads to people, and a Listing as a Table.
#include "render/table.h"

#include <algorithm>

namespace gefest {

Cell text_cell(std::string text, std::string code) { return Cell{CellKind::text, std::move(text), std::move(code)}; }
Cell int_cell(std::int64_t n) { Cell c{CellKind::integer}; c.number = n; return c; }
Cell money_cell(Money m) { Cell c{CellKind::money}; c.number = m.kopecks; return c; }
Cell hundredths_cell(std::int64_t x100) { Cell c{CellKind::hundredths}; c.number = x100; return c; }
Cell date_cell(const Date& d) { Cell c{CellKind::date}; c.date = d; return c; }
Cell bool_cell(bool b) { Cell c{CellKind::boolean}; c.number = b; return c; }
Cell empty_cell(CellKind kind) { Cell c{kind}; c.empty = true; return c; }

bool is_numeric(CellKind k) { return k == CellKind::integer || k == CellKind::money || k == CellKind::hundredths; }

std::string cell_text(const Cell& c, bool group_digits) {
    if (c.empty) return "";
    switch (c.kind) {
        case CellKind::integer: return std::to_string(c.number);
        case CellKind::money: return format_money(Money{c.number}, ',', group_digits);
        case CellKind::hundredths: return format_money(Money{c.number}, ',', false);
        case CellKind::date: return c.date.russian();
        case CellKind::boolean: return c.number ? "да" : "нет";
        case CellKind::text: break;
    }
    return c.text;
}

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::vector<Cell> Table::first_row() const {
    if (!produce) return generate ? generate(0) : rows.at(0);
    std::vector<Cell> first;
    bool have = false;
    produce([&](const std::vector<Cell>& row) {
        if (!have) first = row;
        have = true;
    });
    return first;
}

void Table::for_each_row(const std::function<void(const std::vector<Cell>&, bool)>& visit) const {
    if (produce)
        produce([&](const std::vector<Cell>& row) { visit(row, false); });
    else if (generate)
        for (std::size_t i = 0; i < generated_rows; ++i) visit(generate(i), false);
    else
        for (const auto& row : rows) visit(row, false);
    for (const auto& row : totals) visit(row, true);
}

Table Listing::table() const {
    Table t;
    const std::size_t n = std::max(keys.size(), titles.size());
    for (std::size_t i = 0; i < n; ++i)
        t.columns.push_back({i < keys.size() ? keys[i] : "", i < titles.size() ? titles[i] : "", CellKind::text, 12});
    t.rows.reserve(rows.size());
    for (const auto& row : rows) {
        std::vector<Cell> cells;
        cells.reserve(row.size());
        for (const auto& text : row) cells.push_back(text_cell(text));
        t.rows.push_back(std::move(cells));
    }
    return t;
}

}  // namespace gefest
