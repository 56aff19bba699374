// The pieces lib/procedure/shipping.cpp and shipping_forms.cpp share: the data every
// shipping document's template gets (company, client, order, document). Not for use
// outside lib/procedure's shipping files.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/order.h"
#include "store/share.h"

namespace gefest::shipping_detail {

/// The parts that are not empty, ", "-separated.
std::string join_nonempty(std::vector<std::string> parts);
/// The company's block of a document (see shipping.h, documents and messages).
nlohmann::json company_data(const Settings& company);
/// DD.MM.YYYY of an ISO date, "" for "". Error(data) for a date that is not one.
std::string russian_or_empty(const std::string& iso);
/// company, client, order and document {title, date} of a shipping document.
nlohmann::json base_data(const Order& order, const Settings& company, const std::string& title, const std::string& date);

}  // namespace gefest::shipping_detail
