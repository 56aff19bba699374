// Lists and records on standard output, in the three formats of --format (text, csv,
// json). The table model (Listing) and the writers are lib/render (render/table.h,
// render/render.h); this only sends their bytes to stdout.
#pragma once

#include <string>
#include <vector>

// Not needed here, but the command files have long had nlohmann::json through this header.
#include <nlohmann/json.hpp>

#include "render/render.h"
#include "render/table.h"

namespace gefest::cli {

using gefest::display_width;
using gefest::Listing;

/// Prints `listing` to stdout in `format` (text | csv | json): render_list_to.
void print_listing(const Listing& listing, const std::string& format);

/// Prints one record: text as "Title: value" lines, json as an object (csv as one row):
/// render_record_to.
void print_record(const Listing& one, const std::string& format);

}  // namespace gefest::cli
