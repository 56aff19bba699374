#include "procedure/tax.h"

#include <algorithm>

namespace gefest {

int vat_rate_on(const Settings& settings, const std::string& date) {
    if (settings.simplified_tax) return -1;
    int rate = 0;
    for (const auto& r : settings.vat_rates)
        if (r.from <= date) rate = r.percent;
    return rate;
}

int line_vat_rate(const Settings& settings, int marked_percent, const std::string& date) {
    if (settings.simplified_tax || marked_percent < 0) return -1;
    bool general = std::any_of(settings.vat_rates.begin(), settings.vat_rates.end(),
                               [&](const VatRate& r) { return r.percent == marked_percent; });
    return general ? vat_rate_on(settings, date) : marked_percent;
}

}  // namespace gefest
