// gefest log's lines (reports/audit_log.h describe_event): every kind declared in
// lib/procedure/events/ is told by its own line (a kind added there without one fails
// here), the store's hand edits and refused steps say what they were, a note's line
// breaks do not break the line, and a kind no gefest knows yet is still shown.
#include <doctest/doctest.h>

#include "event_rows.h"
#include "reports/audit_log.h"
#include "store/hand_edit.h"

using namespace gefest;
namespace rows = gefest::testing::rows;

namespace {

Event row(const std::string& kind, const std::string& object, nlohmann::json data) {
    Event e;
    e.kind = kind;
    e.object = object;
    e.data = std::move(data);
    return e;
}

}  // namespace

TEST_CASE("audit log: every declared kind has its own line") {
    const auto kinds = rows::declared_kinds();
    CHECK(kinds.size() >= 30);
    for (const auto& kind : kinds) {
        INFO(kind);
        const std::string line = describe_event(row(kind, "order:2026-1", nlohmann::json::object()), default_process());
        CHECK(!line.empty());
        CHECK(line.find("a row of kind") == std::string::npos);
    }
}

TEST_CASE("audit log: refused steps, hand edits, repairs and outcomes say what they were") {
    const Process& p = default_process();
    CHECK(describe_event(events::make_event(rows::step_refused(), "order:2026-1"), p) == "refused: step 5.2.3.5 (invoice issue), roles sales_manager");
    CHECK(describe_event(events::make_event(rows::inquiry_close(), "call:2026-2"), p) == "inquiry 2026-2 closed: refused: купили у конкурентов");
    const std::string repair = describe_event(events::make_event(rows::client_repair(), "client:6"), p);
    CHECK(repair.find("ООО «Альфа»") != std::string::npos);
    CHECK(repair.find("inn «105012349» → «0105012349»") != std::string::npos);
    Event edit = row(hand_edit_kind, "record:Склад ГП/Каталог.csv",
                     {{"file", "Склад ГП/Каталог.csv"}, {"base", 3}, {"generation", 4}, {"added", {"ПК-70"}},
                      {"changed", {{{"key", "ПК-50"}, {"column", "Цена"}, {"from", "1000,00"}, {"to", "1100,00"}}}}});
    CHECK(describe_event(edit, p) == "hand edit of Склад ГП/Каталог.csv taken: 1 rows added; cells changed: ПК-50 Цена «1000,00» → «1100,00»");
}

TEST_CASE("audit log: one line per event, and a kind of a newer gefest is shown, not dropped") {
    const Process& p = default_process();
    events::OrderCancel cancel;
    cancel.reason = "клиент передумал\nперезвонит весной";
    cancel.status = "cancelled";
    CHECK(describe_event(events::make_event(cancel, "order:2026-1"), p) == "order cancelled: клиент передумал перезвонит весной");
    const std::string unknown = describe_event(row("order.split", "order:2026-1", {{"to", "sidorova"}}), p);
    CHECK(unknown == R"(a row of kind order.split: {"to":"sidorova"})");
    std::string cyrillic;
    for (int i = 0; i < 150; ++i) cyrillic += "я";
    const std::string long_text = describe_event(row("x.y", "x:1", {{"t", cyrillic}}), p);
    CHECK(long_text.size() < 260);
    CHECK_NOTHROW((void)nlohmann::json(long_text).dump());  // not cut inside a character
}
