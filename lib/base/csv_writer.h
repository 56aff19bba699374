// A CSV register's text made row by row (csv.h's format, formulas guarded): a register of
// hundreds of thousands of rows is not first copied into a csv::Table, and that into a
// guarded one, to be written.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/csv.h"

namespace gefest::csv {

/// Makes the bytes csv::write_guarded gives for a table of `header` and the rows given to
/// row(), in that order. Each row must be as wide as the header (the caller builds them so).
class GuardedWriter {
public:
    explicit GuardedWriter(const std::vector<std::string>& header) : text_(write(Table{header, {}})) {}

    /// Appends a row; its cells are guarded in place (guard_formula).
    void row(std::vector<std::string>& cells) {
        for (auto& c : cells) c = guard_formula(c);
        text_ += write_row(cells);
    }

    /// row() of cells given as views (none of them changed).
    void row(std::initializer_list<std::string_view> cells) { append_guarded_row(text_, cells); }

    /// The text so far (the writer is left empty).
    std::string take() { return std::move(text_); }

private:
    std::string text_;
};

}  // namespace gefest::csv
