// What the files of the stock registers (catalog.cpp, reservations.cpp) share and nobody
// else uses: how their cells are read. Not part of the interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv.h"
#include "base/money.h"

namespace gefest::catalog_detail {

/// A whole number as people type it in Excel: digits, optionally grouped by spaces, an
/// optional '-'; at most 15 digits. False (and `out` untouched) for anything else.
bool parse_whole(std::string_view text, std::int64_t& out);

/// The indexes of `names` in `header`, in their order. Error(data) FILE:1 naming the first
/// column missing.
std::vector<int> columns(const std::vector<std::string>& header, const std::vector<std::string>& names, const std::string& file);
std::vector<int> columns(const csv::Table& table, const std::vector<std::string>& names, const std::string& file);

/// A quantity cell: a whole number ≥ 0 (`zero_ok`) or > 0. Error(data) FILE:LINE naming
/// the cell otherwise.
Quantity need_quantity(const std::string& cell, bool zero_ok, const std::string& file, int line);

}  // namespace gefest::catalog_detail
