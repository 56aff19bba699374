// The journal's rows as text, shared by the writer (journal.cpp: repairing a torn tail)
// and the reader (journal_read.cpp): one physical record of a segment, whether its
// checksum holds, and its cells split without copying. Internal to lib/store.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gefest::journal_rows {

/// One record of a segment: a quoted cell may hold line breaks, so a record ends at a
/// line end outside quotes.
struct RawRow {
    std::string_view text;  ///< with its line end, if it has one
    int line;               ///< the physical line it starts on (1: the header)
    bool terminated;        ///< ends with a line end (a torn last row may not)
};

/// The records of a segment's text (or of a part of it that starts at a record), with
/// the line each starts on counted from the part's start. Throws nothing but bad_alloc.
std::vector<RawRow> split_rows(std::string_view all);

/// True if the record's cells (parsed as CSV) are the header, or the row's own checksum
/// matches its first seven cells as the writer wrote them. Throws nothing.
bool row_checksum_ok(std::string_view line);

/// The row as gefest writes it, byte for byte: cells;…;<16 hex digits>CRLF whose checksum
/// covers exactly the bytes before the last ';'. Then checking needs no parsing. Throws
/// nothing.
bool fast_checksum_ok(std::string_view row);

/// The eight cells of a row as gefest writes it (fast_checksum_ok), without copying: a
/// quoted cell is given without its quotes and still escaped ("" for "), and `quoted`
/// says which. False if the row is not eight cells of that shape (then parse it with
/// csv::parse_line). Throws nothing.
struct Cells {
    std::array<std::string_view, 8> cell;
    std::array<bool, 8> quoted{};
};
bool split_cells(std::string_view row, Cells& out);

/// Cell `i` of `cells` as text: the view itself when unquoted, else unescaped into
/// `buffer` (which it then views). Throws nothing but std::bad_alloc.
std::string_view cell_text(const Cells& cells, std::size_t i, std::string& buffer);

}  // namespace gefest::journal_rows
