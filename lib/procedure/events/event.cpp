#include "procedure/events/event.h"

namespace gefest {

void to_json(nlohmann::json& j, const Money& m) { j = format_plain(m); }

void from_json(const nlohmann::json& j, Money& m) { m = parse_money(j.get<std::string>()); }

namespace events {

std::string key_of(const std::string& object, const std::string& prefix) {
    return object.rfind(prefix, 0) == 0 ? object.substr(prefix.size()) : object;
}

}  // namespace events
}  // namespace gefest
