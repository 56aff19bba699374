// VAT rates by date (gefest.toml [[vat]]): which rate a document or an order line takes.
// Orders, invoices, shipping documents and the 1C export all ask here, so they agree.
#pragma once

#include <string>
#include <vector>

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

/// Another dated document of the same order, for document_date_problem.
struct DatedDocument {
    std::string what;  ///< in words, as messages name it: "the contract 2026-5"
    std::string date;  ///< YYYY-MM-DD
};

/// Why a document of an order dated `date` (YYYY-MM-DD) needs a reason to be dated so,
/// or "" when it does not: it is dated before the order (`order_date`), or into another
/// VAT period than the order and its other documents (`siblings`): the rate in force on
/// `date` (vat_rate_on) differs from the rate on the order's date or a sibling's. The
/// text names both dates and rates. Throws nothing.
std::string document_date_problem(const Settings& settings, const std::string& date, const std::string& order_key,
                                  const std::string& order_date, const std::vector<DatedDocument>& siblings);

}  // namespace gefest
