// Column layouts of the CSV registers people open in Excel. The header row is in
// Russian; gefest finds columns by these names, so their order may change by hand.
#pragma once

#include <string>
#include <vector>

namespace gefest::registers {

/// Form 02-006-02 «База клиентов».
const std::vector<std::string>& client_columns();
/// Склад ГП/Каталог.csv: what the company sells.
const std::vector<std::string>& catalog_columns();
/// Склад ГП/Остатки.csv: on hand per SKU and warehouse.
const std::vector<std::string>& stock_columns();

}  // namespace gefest::registers
