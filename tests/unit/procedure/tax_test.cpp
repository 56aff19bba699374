// tax: the VAT rate a document or an order line takes on a date, from the dated table
// of gefest.toml ([[vat.rate]]), so that orders, invoices, shipping and 1C agree.
#include "procedure/tax.h"

#include <doctest/doctest.h>

using namespace gefest;

namespace {

Settings rates(bool simplified = false) {
    Settings s;
    s.vat_rates = {{"2019-01-01", 20}, {"2026-01-01", 22}};
    s.simplified_tax = simplified;
    return s;
}

}  // namespace

TEST_CASE("tax: vat_rate_on takes the last rate in force on the date") {
    const Settings s = rates();
    CHECK(vat_rate_on(s, "2019-01-01") == 20);  // from the first day
    CHECK(vat_rate_on(s, "2025-12-31") == 20);
    CHECK(vat_rate_on(s, "2026-01-01") == 22);
    CHECK(vat_rate_on(s, "2026-11-27") == 22);
    CHECK(vat_rate_on(s, "2099-01-01") == 22);
    CHECK(vat_rate_on(s, "2018-12-31") == 0);  // before the table: no rate
    CHECK(vat_rate_on(Settings{}, "2026-11-27") == 0);
    // A table written out of date order in gefest.toml works: parse_settings sorts it.
    Settings parsed = parse_settings(
        "[share]\nid = \"x\"\n[[vat.rate]]\nfrom = \"2026-01-01\"\npercent = 22\n[[vat.rate]]\nfrom = \"2019-01-01\"\npercent = 20\n",
        "gefest.toml");
    CHECK(vat_rate_on(parsed, "2025-06-30") == 20);
    CHECK(vat_rate_on(parsed, "2026-06-30") == 22);
}

TEST_CASE("tax: under simplified taxation there is no VAT (-1) whatever the date or the mark") {
    const Settings s = rates(true);
    CHECK(vat_rate_on(s, "2025-12-31") == -1);
    CHECK(vat_rate_on(s, "2026-11-27") == -1);
    CHECK(line_vat_rate(s, 22, "2026-11-27") == -1);
    CHECK(line_vat_rate(s, 10, "2026-11-27") == -1);
    CHECK(line_vat_rate(s, 0, "2026-11-27") == -1);
}

TEST_CASE("tax: line_vat_rate gives a general-rate mark the date's rate and keeps other marks") {
    const Settings s = rates();
    // A catalog marked with any general rate of the table follows the document's date.
    CHECK(line_vat_rate(s, 22, "2025-12-31") == 20);
    CHECK(line_vat_rate(s, 22, "2026-01-01") == 22);
    CHECK(line_vat_rate(s, 20, "2026-11-27") == 22);
    CHECK(line_vat_rate(s, 20, "2025-11-27") == 20);
    // Reduced and zero rates are not in the table: kept as marked.
    CHECK(line_vat_rate(s, 10, "2025-12-31") == 10);
    CHECK(line_vat_rate(s, 10, "2026-11-27") == 10);
    CHECK(line_vat_rate(s, 0, "2026-11-27") == 0);
    // «без НДС» stays without VAT.
    CHECK(line_vat_rate(s, -1, "2026-11-27") == -1);
}

// Issue 14: `invoice issue --date 2025-12-31` on an order of 29.11.2026 was taken
// without a word.
TEST_CASE("tax: document_date_problem — before the order, or another VAT period than the order and its siblings") {
    const Settings s = rates();
    CHECK(document_date_problem(s, "2026-11-29", "2026-1", "2026-11-29", {}).empty());
    CHECK(document_date_problem(s, "2026-12-05", "2026-1", "2026-11-29", {{"contract 2026-1", "2026-11-30"}}).empty());
    CHECK(document_date_problem(s, "2025-12-31", "2026-1", "2026-11-29", {}) == "31.12.2025 is before order 2026-1 of 29.11.2026");
    CHECK(document_date_problem(s, "2026-11-28", "2026-1", "2026-11-29", {}) == "28.11.2026 is before order 2026-1 of 29.11.2026");
    // An order of December 2025 invoiced in January 2026: 20% → 22%.
    CHECK(document_date_problem(s, "2026-01-12", "2025-9", "2025-12-30", {}) ==
          "12.01.2026 falls under VAT 22%, but order 2025-9 of 30.12.2025 under VAT 20%");
    // A sibling in another period than the document, the order in the document's.
    CHECK(document_date_problem(s, "2026-11-30", "2026-1", "2026-11-29", {{"invoice 2025-4", "2025-12-31"}}) ==
          "30.11.2026 falls under VAT 22%, but invoice 2025-4 of 31.12.2025 under VAT 20%");
    // Under simplified taxation there is no VAT period to differ.
    CHECK(document_date_problem(rates(true), "2026-01-12", "2025-9", "2025-12-30", {}).empty());
}
