// The documents of an order as gefest order show prints them (5.2.5): a section of the
// text view, an array of its JSON, and the listing of `order show --documents`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/order_documents.h"

namespace gefest::cli {

/// The documents as JSON objects (every field of OrderDocument).
nlohmann::json documents_json(const std::vector<OrderDocument>& documents);
/// The "Documents:" section of order show's text, a line per document.
void print_documents_section(const std::vector<OrderDocument>& documents);
/// order show --documents: the documents alone, as a listing in `format`.
void print_documents(const std::vector<OrderDocument>& documents, const std::string& format);

}  // namespace gefest::cli
