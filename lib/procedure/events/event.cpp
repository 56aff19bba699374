#include "procedure/events/event.h"

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
