#include "procedure/tax.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/i18n.h"

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

std::string document_date_problem(const Settings& settings, const std::string& date, const std::string& order_key,
                                  const std::string& order_date, const std::vector<DatedDocument>& siblings) {
    auto russian = [](const std::string& iso) {
        Date d;
        return Date::try_parse(iso, d) ? d.russian() : iso;
    };
    auto rate_text = [](int rate) { return rate < 0 ? tr("no VAT") : fmt::format(fmt::runtime(tr("VAT {}%")), rate); };
    if (!order_date.empty() && date < order_date)
        return fmt::format(fmt::runtime(tr("{} is before order {} of {}")), russian(date), order_key, russian(order_date));
    const int rate = vat_rate_on(settings, date);
    std::vector<DatedDocument> others;
    if (!order_date.empty()) others.push_back({fmt::format(fmt::runtime(tr("order {}")), order_key), order_date});
    others.insert(others.end(), siblings.begin(), siblings.end());
    for (const auto& d : others) {
        if (d.date.empty()) continue;
        const int theirs = vat_rate_on(settings, d.date);
        if (theirs != rate)
            return fmt::format(fmt::runtime(tr("{} falls under {}, but {} of {} under {}")), russian(date), rate_text(rate), d.what,
                               russian(d.date), rate_text(theirs));
    }
    return {};
}

}  // namespace gefest
