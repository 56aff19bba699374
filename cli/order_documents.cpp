// The documents of an order (5.2.5) as order show prints them. See order_documents.h.
#include "order_documents.h"

#include <fmt/format.h>

#include "base/i18n.h"
#include "output.h"

namespace gefest::cli {

namespace {

// made / sent / received as people read them.
std::string direction_label(const std::string& d) {
    if (d == "made") return tr("made");
    if (d == "sent") return tr("sent");
    return tr("received");
}

std::string step_label(const OrderDocument& d) {
    if (d.step.empty()) return tr("step not known");
    return d.step_name.empty() ? d.step : fmt::format("{} «{}»", d.step, d.step_name);
}

}  // namespace

nlohmann::json documents_json(const std::vector<OrderDocument>& documents) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& d : documents)
        all.push_back({{"file", d.file}, {"where", d.where}, {"direction", d.direction}, {"kind", d.kind}, {"step", d.step},
                       {"step_name", d.step_name}, {"time", d.time}, {"by", d.by}, {"in_folder", d.in_folder}});
    return all;
}

void print_documents_section(const std::vector<OrderDocument>& documents) {
    if (documents.empty()) return (void)fmt::print(fmt::runtime(tr("Documents: none yet\n")));
    fmt::print(fmt::runtime(tr("Documents:\n")));
    for (const auto& d : documents) {
        DateTime t;
        const std::string when = DateTime::try_parse(d.time, t) ? t.russian() : d.time;
        fmt::print("  {} — {}, {}{}{}\n", d.in_folder ? d.file : d.where, direction_label(d.direction), step_label(d), when.empty() ? "" : ", " + when,
                   d.by.empty() ? "" : ", " + d.by);
    }
}

void print_documents(const std::vector<OrderDocument>& documents, const std::string& format) {
    if (format == "json") return (void)fmt::print("{}\n", documents_json(documents).dump(2));
    const bool text = format == "text";
    Listing l{{"file", "direction", "kind", "step", "step_name", "time", "by", "where"},
              {tr("Document"), tr("Made/sent/received"), tr("Kind"), tr("Step"), tr("Step name"), tr("When"), tr("Who"), tr("Where")},
              {}};
    for (const auto& d : documents) {
        DateTime t;
        l.rows.push_back({d.file, text ? direction_label(d.direction) : d.direction, d.kind, d.step, d.step_name,
                          text && DateTime::try_parse(d.time, t) ? t.russian() : d.time, d.by, d.where});
    }
    print_listing(l, format);
}

}  // namespace gefest::cli
