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

#include <concepts>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/i18n.h"
#include "base/light_json.h"
#include "base/money.h"
#include "store/journal.h"

namespace gefest {

/// Money in a row is its plain text, "1234.50" (format_plain / parse_money).
void to_json(nlohmann::json& j, const Money& m);
/// Error(data) for text that is not an amount.
void from_json(const nlohmann::json& j, Money& m);

/// Reading a field straight from its JSON text (light_json), as from_json would read it;
/// false when unsure (a value of another type, an amount that is not one): then the row is
/// read through nlohmann, which gives the same value or the same error. Throw nothing but
/// bad_alloc.
inline bool light_read(std::string_view v, std::string& out) { return light_json::read_string(v, out); }
inline bool light_read(std::string_view v, std::int64_t& out) { return light_json::read_int(v, out); }
inline bool light_read(std::string_view v, int& out) {
    std::int64_t n = 0;
    if (!light_json::read_int(v, n) || n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) return false;
    out = static_cast<int>(n);
    return true;
}
inline bool light_read(std::string_view v, bool& out) { return light_json::read_bool(v, out); }
bool light_read(std::string_view v, Money& out);
/// A struct declared with GEFEST_EVENT_FIELDS (it has from_light).
template <typename T>
concept LightRow = requires(std::string_view v, T& row) {
    { from_light(v, row) } -> std::same_as<bool>;
};
template <LightRow T>
bool light_read(std::string_view v, T& out) {
    out = T{};
    return from_light(v, out);
}
template <typename T>
bool light_read(std::string_view v, std::vector<T>& out) {
    out.clear();
    return light_json::for_each_element(v, [&](std::string_view element) { return light_read(element, out.emplace_back()); });
}
/// Any other type: its value's text parsed by nlohmann (small: one field).
template <typename T>
    requires(!LightRow<T>)
bool light_read(std::string_view v, T& out) {
    try {
        out = nlohmann::json::parse(v).get<T>();
        return true;
    } catch (...) {
        return false;
    }
}

/// Writing a field's value as nlohmann's dump() writes what to_json makes of it (compact,
/// an object's keys in byte order, UTF-8 as it is), without a tree (light_write); false
/// when it cannot (a text that is not valid UTF-8, which dump refuses): then the row is
/// written through nlohmann, which writes or refuses it as always. Throw nothing but
/// bad_alloc.
inline bool light_write(std::string& out, const std::string& v) { return light_json::write_string(out, v); }
inline bool light_write(std::string& out, std::int64_t v) {
    out += fmt::format_int(v).str();
    return true;
}
inline bool light_write(std::string& out, int v) { return light_write(out, static_cast<std::int64_t>(v)); }
inline bool light_write(std::string& out, bool v) {
    out += v ? "true" : "false";
    return true;
}
bool light_write(std::string& out, const Money& v);
/// A struct declared with GEFEST_EVENT_FIELDS (it has to_light).
template <typename T>
concept LightWritableRow = requires(std::string& out, const T& row) {
    { to_light(out, row) } -> std::same_as<bool>;
};
template <typename T>
bool light_write(std::string& out, const std::vector<T>& v);
template <typename V>
bool light_write(std::string& out, const std::map<std::string, V>& v);
template <LightWritableRow T>
bool light_write(std::string& out, const T& row) {
    return to_light(out, row);
}
/// Any other type: through nlohmann (small: one field).
template <typename T>
    requires(!LightWritableRow<T>)
bool light_write(std::string& out, const T& v) {
    try {
        out += nlohmann::json(v).dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}
template <typename T>
bool light_write(std::string& out, const std::vector<T>& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ',';
        if (!light_write(out, v[i])) return false;
    }
    out += ']';
    return true;
}
template <typename V>
bool light_write(std::string& out, const std::map<std::string, V>& v) {
    out += '{';
    bool first = true;
    for (const auto& member : v) {
        if (!first) out += ',';
        first = false;
        if (!light_json::write_string(out, member.first)) return false;
        out += ':';
        if (!light_write(out, member.second)) return false;
    }
    out += '}';
    return true;
}

/// The order in which a row's fields are written: `names` (a row's declared fields,
/// "a, b, c" as the macros stringify them) sorted as nlohmann sorts an object's keys.
std::vector<std::size_t> light_order(std::string_view names);
/* to_light: `row` as to_json and dump write it. Each field's writer appends
   ,"name":value (or nothing for a field left out), and the first comma becomes '{'. */
#define GEFEST_EVENT_FIELD_WRITE(field)                                                   \
    [](std::string& o, const auto& r) {                                                   \
        if constexpr (!all)                                                               \
            if (r.field == defaults.field) return true;                                   \
        o += ",\"" #field "\":";                                                         \
        return light_write(o, r.field);                                                   \
    },
#define GEFEST_EVENT_TO_LIGHT(Type, every, ...)                                                          \
    inline bool to_light(std::string& out, const Type& row) {                                           \
        using Self = Type;                                                                              \
        static constexpr bool all = every;                                                              \
        static const Self defaults{};                                                                   \
        static const std::vector<std::size_t> order = ::gefest::light_order(#__VA_ARGS__);              \
        bool (*const writers[])(std::string&, const Self&) = {                                          \
            NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_FIELD_WRITE, __VA_ARGS__))};           \
        const std::size_t start = out.size();                                                           \
        for (std::size_t k : order)                                                                     \
            if (!writers[k](out, row)) return false;                                                    \
        if (out.size() == start) out += "{}";                                                           \
        else {                                                                                          \
            out[start] = '{';                                                                           \
            out += '}';                                                                                 \
        }                                                                                               \
        return true;                                                                                    \
    }

/// Declares the data fields of row struct `Type`: GEFEST_EVENT_FIELDS(OrderPrice, line, price).
/// A row carries only the fields that differ from the struct's defaults (an order step
/// without a note has no "note"), and reads a missing one as its default.
#define GEFEST_EVENT_FIELD_TO(field) \
    if (!(row.field == defaults.field)) j[#field] = row.field;
#define GEFEST_EVENT_FIELD_FROM(field) row.field = j.value(#field, defaults.field);
#define GEFEST_EVENT_FIELD_LIGHT(field) \
    if (key == #field) return light_read(value, row.field);
/* from_light: `row`'s fields read from the JSON object `text` (light_json), members it
   does not declare skipped; `row` must hold its defaults. False when unsure (then read
   the row through nlohmann). */
#define GEFEST_EVENT_FROM_LIGHT(Type, ...)                                                      \
    inline bool from_light(std::string_view text, Type& row) {                                  \
        return light_json::for_each_member(text, [&](std::string_view key, std::string_view value) { \
            NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GEFEST_EVENT_FIELD_LIGHT, __VA_ARGS__))    \
            return true;                                                                        \
        });                                                                                     \
    }
#define GEFEST_EVENT_FIELDS(Type, ...)                                                     \
    GEFEST_EVENT_FROM_LIGHT(Type, __VA_ARGS__)                                             \
    GEFEST_EVENT_TO_LIGHT(Type, false, __VA_ARGS__)                                        \
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
    GEFEST_EVENT_FROM_LIGHT(Type, __VA_ARGS__)                                             \
    GEFEST_EVENT_TO_LIGHT(Type, true, __VA_ARGS__)                                         \
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

/// make_event with the data as Journal writes it, made at once without a tree: data_text
/// holds it and `data` is null (as in a row read with JournalFilter::light_data), for rows
/// made by the thousand (a bank statement). A row it cannot write so (a kind with its own
/// to_json, a text that is not UTF-8) is made as make_event makes it. The row written is
/// the same byte for byte.
template <typename T>
Event make_light_event(const T& fields, std::string object, std::string kind = T::kind) {
    Event e;
    e.kind = std::move(kind);
    e.object = std::move(object);
    if constexpr (LightWritableRow<T>) {
        if (to_light(e.data_text, fields)) {
            e.data = nullptr;
            return e;
        }
        e.data_text.clear();
    }
    e.data = fields;
    return e;
}

/// The row's data as a tree: `row.data`, or its data_text parsed (a row read with
/// JournalFilter::light_data). Error(data) at the row's segment:line if the text is not JSON.
nlohmann::json data_of(const Event& row);

/// The fields of `row` as T. Error(data) at the row's segment:line when a field has the
/// wrong type or is not a valid value (an amount that is not one). A row read with
/// JournalFilter::light_data is read from its text without a tree (from_light) when it can
/// be, with the same result.
template <typename T>
T read_event(const Event& row) {
    if (!row.data_text.empty()) {
        if constexpr (LightRow<T>) {
            T out{};
            if (from_light(row.data_text, out)) return out;
        }
    }
    const nlohmann::json parsed = row.data_text.empty() ? nlohmann::json() : data_of(row);
    try {
        return (row.data_text.empty() ? row.data : parsed).template get<T>();
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
