#include "procedure/events/event.h"

#include <algorithm>

namespace gefest {

void to_json(nlohmann::json& j, const Money& m) { j = format_plain(m); }

void from_json(const nlohmann::json& j, Money& m) { m = parse_money(j.get<std::string>()); }

bool light_read(std::string_view v, Money& out) {
    std::string text;
    if (!light_json::read_string(v, text)) return false;
    try {
        out = parse_money(text);
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool light_write(std::string& out, const Money& v) { return light_json::write_string(out, format_plain(v)); }

std::vector<std::size_t> light_order(std::string_view names) {
    std::vector<std::string_view> fields;
    while (!names.empty()) {
        const std::size_t comma = std::min(names.find(','), names.size());
        std::string_view name = names.substr(0, comma);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        fields.push_back(name);
        names.remove_prefix(std::min(comma + 1, names.size()));
    }
    std::vector<std::size_t> order(fields.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fields[a] < fields[b]; });
    return order;
}

namespace events {

nlohmann::json data_of(const Event& row) {
    if (row.data_text.empty()) return row.data;
    try {
        return nlohmann::json::parse(row.data_text);
    } catch (const nlohmann::json::exception&) {
        throw Error(Errc::data, tr("journal row has malformed data"), row.source, row.line);
    }
}

std::string key_of(const std::string& object, const std::string& prefix) {
    return object.rfind(prefix, 0) == 0 ? object.substr(prefix.size()) : object;
}

}  // namespace events
}  // namespace gefest
