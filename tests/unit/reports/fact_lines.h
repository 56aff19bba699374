// One line of text per month fact (reports/month_facts.h), with every field a reader
// fills for its kind: the report tests compare what two readers give through it.
#pragma once

#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/month_facts.h"
#include "reports/order_facts.h"

namespace gefest::testing {

inline std::string fact_line(const InquiryFact& f) {
    return fmt::format("I {} {} {} {} {} {} {} {} {} {}\n", f.id, f.source, f.manager, f.time, f.client, f.new_client, f.channel, f.client_name,
                       f.asked, f.outcome);
}

/// What each kind carries (a reader leaves the other kinds' fields as they were).
inline std::string fact_line(const OrderRowFact& f) {
    using Kind = OrderRowFact::Kind;
    std::string out = fmt::format("O {} {} {} {}", f.time, f.key, static_cast<int>(f.kind), f.status);
    if (f.kind == Kind::created) out += fmt::format(" {} {} {} {} {} {}", f.client, f.client_name, f.manager, f.payment, f.call, f.amount.kopecks);
    if (f.kind == Kind::step) out += " " + f.step;
    if (f.kind == Kind::price || f.kind == Kind::change) out += fmt::format(" {}", f.amount.kopecks);
    if (f.kind == Kind::reassign) out += " " + f.manager;
    if (f.kind == Kind::change) out += fmt::format(" [{}]", fmt::join(f.reopened, ","));
    return out + '\n';
}

inline std::string fact_line(const SurveyFact& f) { return fmt::format("S {} {} {} {} {}\n", f.time, f.order, f.manager, f.score, f.replace); }

}  // namespace gefest::testing
