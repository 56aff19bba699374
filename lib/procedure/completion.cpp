// The share's values for shell completion: each kind through the reader its list
// command uses (staff_list, client_list, order_list, load_invoices, the catalog).
#include "procedure/completion.h"

#include <fmt/format.h>

#include "base/clock.h"
#include "procedure/catalog.h"
#include "procedure/client_commands.h"
#include "procedure/invoice.h"
#include "procedure/order_steps.h"
#include "procedure/staff_commands.h"

namespace gefest {

std::vector<std::string> recent_months(const Date& today) {
    std::vector<std::string> out;
    int year = today.year, month = today.month;
    for (int n = 0; n < 12; ++n) {
        out.push_back(fmt::format("{:04}-{:02}", year, month));
        if (--month == 0) {
            month = 12;
            --year;
        }
    }
    return out;
}

std::vector<std::string> completion_values(Session& session, Completion kind) {
    std::vector<std::string> out;
    switch (kind) {
    case Completion::none: break;
    case Completion::staff:
        for (const auto& m : staff_list(session)) out.push_back(m.login);
        break;
    case Completion::client_ids:
        for (const auto& c : client_list(session, {})) out.push_back(std::to_string(c.id));
        break;
    case Completion::client_names:
        for (const auto& c : client_list(session, {})) out.push_back(c.name);
        break;
    case Completion::orders:
        for (const auto& r : order_list(session, {})) out.push_back(std::to_string(r.number));
        break;
    case Completion::invoices:
        for (const auto& i : load_invoices(session.store(), now().date.year)) out.push_back(std::to_string(i.number));
        break;
    case Completion::skus: {
        const RecordRef catalog{Record::catalog};
        if (auto text = session.store().read(catalog).content)
            for (const auto& item : parse_catalog(*text, session.store().where(catalog)).items) out.push_back(item.sku);
        break;
    }
    case Completion::sources: out = session.settings().sources; break;
    case Completion::months: out = recent_months(now().date); break;
    }
    return out;
}

}  // namespace gefest
