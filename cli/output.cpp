// Lists and records rendered by lib/render, written to stdout.
#include "output.h"

#include <fmt/format.h>

namespace gefest::cli {

namespace {

// fmt::print throws std::system_error if stdout cannot be written.
void to_stdout(std::string_view piece) { fmt::print("{}", piece); }

}  // namespace

void print_listing(const Listing& listing, const std::string& format) { render_list_to(listing.table(), format, to_stdout); }

void print_record(const Listing& one, const std::string& format) { render_record_to(one.table(), format, to_stdout); }

}  // namespace gefest::cli
