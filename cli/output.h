// Printing lists and records in the three formats of --format: text for people (aligned
// columns), csv for Excel and scripts (the registers' dialect), json for scripts.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gefest::cli {

/// A list to print: machine keys (JSON), human titles (text and CSV header), rows.
struct Listing {
    std::vector<std::string> keys;
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> rows;
};

/// Prints `listing` to stdout in `format` (text | csv | json).
void print_listing(const Listing& listing, const std::string& format);

/// Prints one record: text as "Title: value" lines, json as an object (csv as one row).
void print_record(const Listing& one, const std::string& format);

/// Display width of UTF-8 text (code points; good enough for Cyrillic and Latin).
size_t display_width(const std::string& s);

}  // namespace gefest::cli
