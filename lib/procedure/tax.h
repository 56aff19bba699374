// VAT rates by date (gefest.toml [[vat]]): which rate a document or an order line takes.
// Orders, invoices, shipping documents and the 1C export all ask here, so they agree.
#pragma once

#include <string>

#include "store/share.h"

namespace gefest {

/// The VAT rate in force on `date` (YYYY-MM-DD) per gefest.toml (-1 under simplified
/// taxation).
int vat_rate_on(const Settings& settings, const std::string& date);

/// The rate of an order line on `date` (YYYY-MM-DD): -1 (без НДС) under simplified
/// taxation or for a line marked «без НДС»; a line marked with one of the general
/// rates of the dated table (e.g. 20 or 22) takes the general rate in force on `date`
/// (so a 22% catalog is invoiced at 20% in 2025); any other mark (10, 0) is kept.
int line_vat_rate(const Settings& settings, int marked_percent, const std::string& date);

}  // namespace gefest
