// How a journal row is declared: one struct per kind of row, its members the row's data
// fields, listed once with GEFEST_EVENT_FIELDS (the JSON key of each field is the
// member's name). The procedure writes a row only as make_event(fields, object), and every
// reader — reports, replays, look-ups — reads it back only as read_event<T>(row), so a
// field renamed or retyped here is renamed for writers and readers at once, and
// tests/unit/reports/events_test.cpp replays every kind through the report code.
//
// A row holds only the fields that differ from their defaults (kinds whose rows always
// carried every field declare them with GEFEST_EVENT_ALL_FIELDS), and a field a row lacks
// reads as the member's default: rows written before the field existed stay readable. A field of the wrong type is Error(data) at the row's
// segment:line, like any damaged row.
//
// The kinds, by group: events/calls.h (call.*: an inquiry), events/clients.h (client.*),
// events/staff.h (staff.*, debug.*), events/orders.h (order.*, catalog.*),
// events/invoices.h (invoice.*, payment.*), events/after_sales.h (survey.*, claim.*).
#pragma once

#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "store/journal.h"

namespace gefest {

/// Money in a row is its plain text, "1234.50" (format_plain / parse_money).
void to_json(nlohmann::json& j, const Money& m);
/// Error(data) for text that is not an amount.
void from_json(const nlohmann::json& j, Money& m);

/// Declares the data fields of row struct `Type`: GEFEST_EVENT_FIELDS(OrderPrice, line, price).
/// A row carries only the fields that differ from the struct's defaults (an order step
/// without a note has no "note"), and reads a missing one as its default.
#define GEFEST_EVENT_FIELD_TO(field) \
    if (!(row.field == defaults.field)) j[#field] = row.field;
#define GEFEST_EVENT_FIELD_FROM(field) row.field = j.value(#field, defaults.field);
#define GEFEST_EVENT_FIELDS(Type, ...)                                                     \
    inline void to_json(nlohmann::json& j, const Type& row) {                              \
        const Type defaults{};                                                             \
        j = nlohmann::json::object();                                                      \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_FIELD_TO, __VA_ARGS__))      \
    }                                                                                      \
    inline void from_json(const nlohmann::json& j, Type& row) {                            \
        const Type defaults{};                                                             \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_FIELD_FROM, __VA_ARGS__))    \
    }

/// Declares the data fields of row struct `Type` whose rows carry EVERY field, set or
/// not (call.*, staff.add, the from/to of a client change, debug.stress): kinds that were
/// written so before the rows were declared here, and stay byte-identical. A missing
/// field still reads as its default.
#define GEFEST_EVENT_ALL_FIELD_TO(field) j[#field] = row.field;
#define GEFEST_EVENT_ALL_FIELDS(Type, ...)                                                 \
    inline void to_json(nlohmann::json& j, const Type& row) {                              \
        j = nlohmann::json::object();                                                      \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_ALL_FIELD_TO, __VA_ARGS__))  \
    }                                                                                      \
    inline void from_json(const nlohmann::json& j, Type& row) {                            \
        const Type defaults{};                                                             \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_FIELD_FROM, __VA_ARGS__))    \
    }

namespace events {

/// A row of `fields`' kind (T::kind) about `object` ("order:2026-5"), ready for
/// Session::record.
template <typename T>
Event make_event(const T& fields, std::string object, std::string kind = T::kind) {
    Event e;
    e.kind = std::move(kind);
    e.object = std::move(object);
    e.data = fields;
    return e;
}

/// The fields of `row` as T. Error(data) at the row's segment:line when a field has the
/// wrong type or is not a valid value (an amount that is not one).
template <typename T>
T read_event(const Event& row) {
    try {
        return row.data.get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} row has a malformed field: {}")), row.kind, e.what()), row.source, row.line);
    } catch (const Error& e) {
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("{} row: {}")), row.kind, e.what()), row.source, row.line);
    }
}

/// "order:2026-5" → "2026-5"; `object` itself when it has another prefix.
std::string key_of(const std::string& object, const std::string& prefix);

}  // namespace events
}  // namespace gefest
