// Orders replayed for form 02-006-01 in a compact record (issue 16): what the report needs
// of an order — its times as seconds, the steps that make it paid or shipped as bits,
// its few-valued texts by index — about 200 bytes where an OrderTrace with its steps
// took ~620, so a year of 100k orders stays within the report's memory. The same rows do
// the same to it as OrderReplay does to an OrderTrace (order_replay.cpp). Internal to
// lib/reports.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/money.h"
#include "store/journal.h"

namespace gefest {

/// An order as form 02-006-01 needs it.
struct OrderFacts {
    const std::string* key = nullptr;  ///< "2026-5": the key of OrderFactsReplay::orders()
    std::string call;         ///< the inquiry id it was made from, or ""
    std::string client_name;  ///< "" unless the replay keeps names
    std::int64_t client = 0;
    std::int64_t created = 0;  ///< DateTime::seconds of its order.new
    std::int64_t invoiced = 0, paid_at = 0, shipped_at = 0;  ///< as OrderTrace's; 0: not yet (DateTime{})
    Money amount;
    std::uint32_t manager = 0, payment = 0, status = 0;  ///< indices into OrderFactsReplay::text
    std::uint8_t steps = 0;  ///< bits of the steps paid() and shipped() look at

    bool draft() const;      ///< status "new" (order_status::draft)
    bool cancelled() const;
    bool paid() const;     ///< as OrderTrace::paid
    bool shipped() const;  ///< as OrderTrace::shipped
};

/// One order.* row as OrderFactsReplay needs it, decoded from its JSON once: from the
/// journal's row, or read back from a month's kept facts (month_facts.h) with no JSON.
struct OrderRowFact {
    enum class Kind : std::uint8_t { created, step, price, invoice, change, reassign, other };
    std::int64_t time = 0;  ///< DateTime::seconds
    std::string key;        ///< "2026-5"
    Kind kind = Kind::other;
    std::string status;     ///< the row's data.status; "" : none
    // Kind::created (order.new)
    std::int64_t client = 0;
    std::string client_name, manager, payment, call;  ///< manager also of Kind::reassign; call: "2026-3"
    Money amount;  ///< created: the total; price: the price added; change: the new total
    std::string step;  ///< Kind::step: the step of an order.step or order.export_1c row
    std::vector<std::string> reopened;  ///< Kind::change: the steps undone
};

/// The fact of `event`, or nullopt if it is not an order.* row of an "order:<key>"
/// object. Throws what read_event throws for a malformed row (the same checks as the
/// replay of the row itself: Error(data) FILE:LINE).
std::optional<OrderRowFact> order_row_fact(const Event& event);

/// OrderReplay's replay into OrderFacts: order.* rows applied in journal order, rows that
/// come before their order.new kept and applied right after it. Throws what read_event
/// throws for a malformed row.
class OrderFactsReplay {
public:
    /// `keep_names`: OrderFacts::client_name filled (the rows of the form need it, its
    /// totals do not: 80 bytes an order).
    explicit OrderFactsReplay(bool keep_names = true) : keep_names_(keep_names) {}
    /// Applies `event` if it is an order.* row.
    void apply(const Event& event);
    /// Applies one order.* row's fact.
    void apply(const OrderRowFact& row);
    /// The orders by key.
    const std::map<std::string, OrderFacts>& orders() const { return orders_; }
    /// The text of an index of OrderFacts (manager, payment, status).
    const std::string& text(std::uint32_t index) const { return texts_[index]; }

private:
    std::uint32_t intern(const std::string& text);
    void apply_one(OrderFacts& o, const OrderRowFact& row);
    // The place in by_number_ of a key "YYYY-N" (its order, or nullptr when not noted
    // yet); nullptr for a key of another shape or a number far past the orders seen.
    OrderFacts** number_slot(std::string_view key);

    bool keep_names_;
    std::map<std::string, OrderFacts> orders_;
    static constexpr std::size_t number_chunk = 4096;
    // year → number (in chunks) → its order in orders_ (a look-up of one)
    std::map<std::uint32_t, std::vector<std::unique_ptr<std::array<OrderFacts*, number_chunk>>>> by_number_;
    std::map<std::string, std::vector<OrderRowFact>> early_;
    std::vector<std::string> texts_{"", "new", "shipped", "cancelled"};
};

}  // namespace gefest
