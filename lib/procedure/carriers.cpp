#include "procedure/carriers.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/toml_util.h"

namespace gefest {

namespace {

// Lower case for ASCII and Russian letters, spaces trimmed, a leading "г." dropped: how
// people write a city in the client base and in the register differs only so much.
std::string fold(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xD0 && i + 1 < s.size()) {
            unsigned char d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x90 && d <= 0x9F) { out += '\xD0'; out += static_cast<char>(d + 0x20); ++i; continue; }
            if (d >= 0xA0 && d <= 0xAF) { out += '\xD1'; out += static_cast<char>(d - 0x20); ++i; continue; }
            if (d == 0x81) { out += "\xD1\x91"; ++i; continue; }
        }
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    auto b = out.find_first_not_of(" \t");
    auto e = out.find_last_not_of(" \t");
    out = b == std::string::npos ? "" : out.substr(b, e - b + 1);
    for (const char* p : {"г. ", "г.", "город "})
        if (out.rfind(p, 0) == 0) out = out.substr(std::string_view(p).size());
    return out;
}

// The city without a leading "г." as the client base may write it: the reasons say
// "г. {}" themselves (not "не доставляет в г. г. Ишим").
std::string bare_city(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    s = b == std::string_view::npos ? std::string_view() : s.substr(b);
    for (std::string_view p : {"г. ", "г.", "Г. ", "Г.", "город ", "Город "})
        if (s.substr(0, p.size()) == p) return std::string(s.substr(p.size()));
    return std::string(s);
}

int line_at(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    return n ? tomlu::line_of(*n) : tomlu::line_of(t);
}

}  // namespace

const Carrier* Carriers::find(const std::string& name) const {
    for (const auto& c : items)
        if (c.name == name) return &c;
    for (const auto& c : items)
        if (fold(c.name) == fold(name)) return &c;
    return nullptr;
}

Carriers parse_carriers(const std::string& text, const std::string& file) {
    toml::table t = tomlu::parse(text, file);
    Carriers out;
    std::set<std::string> names;
    for (const toml::table* ct : tomlu::tables_of(t, "carrier", file)) {
        Carrier c;
        c.line = tomlu::line_of(*ct);
        c.name = tomlu::opt_string(*ct, "name", file).value_or("");
        if (c.name.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::data, tr("a carrier needs a name"), file, c.line);
        if (!names.insert(fold(c.name)).second)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("carrier '{}' is listed twice")), c.name), file, line_at(*ct, "name"));
        c.preference = static_cast<int>(tomlu::opt_int(*ct, "preference", file).value_or(100));
        if (c.preference < 1) throw Error(Errc::data, tr("preference must be 1 or more (1 is asked first)"), file, line_at(*ct, "preference"));
        c.phone = tomlu::opt_string(*ct, "phone", file).value_or("");
        c.site = tomlu::opt_string(*ct, "site", file).value_or("");
        c.terminal = tomlu::opt_string(*ct, "terminal", file).value_or("");
        c.note = tomlu::opt_string(*ct, "note", file).value_or("");
        for (const toml::table* rt : tomlu::tables_of(*ct, "serves", file)) {
            CarrierRoute r;
            r.line = tomlu::line_of(*rt);
            r.city = tomlu::opt_string(*rt, "city", file).value_or("");
            r.region = tomlu::opt_string(*rt, "region", file).value_or("");
            r.terminal = tomlu::opt_string(*rt, "terminal", file).value_or("");
            r.days = static_cast<int>(tomlu::opt_int(*rt, "days", file).value_or(0));
            if (r.city.empty() == r.region.empty())
                throw Error(Errc::data, fmt::format(fmt::runtime(tr("a route of '{}' needs either city or region")), c.name), file, r.line);
            if (r.days < 0) throw Error(Errc::data, tr("days must be 0 or more"), file, line_at(*rt, "days"));
            c.serves.push_back(std::move(r));
        }
        out.items.push_back(std::move(c));
    }
    return out;
}

std::vector<CarrierOption> rank_carriers(const Carriers& carriers, const Destination& to) {
    std::vector<CarrierOption> out;
    const std::string city = fold(to.city), address = fold(to.address), preferred = fold(to.preferred);
    for (const auto& c : carriers.items) {
        CarrierOption o;
        o.carrier = &c;
        o.client_prefers = !preferred.empty() && fold(c.name) == preferred;
        for (const auto& r : c.serves) {
            bool city_hit = !r.city.empty() && !city.empty() && fold(r.city) == city;
            bool region_hit = !r.region.empty() && !address.empty() && address.find(fold(r.region)) != std::string::npos;
            if (city_hit && (!o.route || !o.by_city || r.days < o.route->days)) {
                o.route = &r;
                o.by_city = true;
            } else if (region_hit && !o.by_city && (!o.route || r.days < o.route->days)) {
                o.route = &r;
            }
        }
        if (o.client_prefers) o.reasons.push_back("клиент просил эту ТК");
        if (o.route) {
            o.reasons.push_back(o.by_city ? fmt::format("доставляет в г. {}", bare_city(o.route->city)) : fmt::format("обслуживает регион «{}»", o.route->region));
            if (o.route->days > 0) o.reasons.push_back(fmt::format("срок в пути около {} дн.", o.route->days));
            if (!o.route->terminal.empty()) o.reasons.push_back(fmt::format("терминал получения: {}", o.route->terminal));
        } else {
            o.reasons.push_back(to.city.empty() ? "город клиента не указан в базе клиентов" : fmt::format("не доставляет в г. {}", bare_city(to.city)));
        }
        o.reasons.push_back(fmt::format("порядок предпочтения компании: {}", c.preference));
        out.push_back(std::move(o));
    }
    auto rank = [](const CarrierOption& o) {
        int served = o.route ? (o.by_city ? 0 : 1) : 2;
        return std::make_tuple(o.route && o.client_prefers ? 0 : 1, served, o.carrier->preference, o.route ? o.route->days : 0);
    };
    std::stable_sort(out.begin(), out.end(), [&](const CarrierOption& a, const CarrierOption& b) { return rank(a) < rank(b); });
    return out;
}

std::string carrier_named_in(const Carriers& carriers, const std::string& text) {
    const std::string t = fold(text);
    size_t best = std::string::npos;
    std::string name;
    for (const auto& c : carriers.items) {
        size_t p = t.find(fold(c.name));
        if (p != std::string::npos && p < best) {
            best = p;
            name = c.name;
        }
    }
    return name;
}

Carriers load_carriers(const Store& store) {
    const RecordRef carriers{Record::carriers};
    auto text = store.read(carriers).content;
    if (!text) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing: the carriers register")), store.where(carriers)));
    return parse_carriers(*text, store.where(carriers));
}

CarrierChoice choose_carrier(const Carriers& carriers, const Destination& to, const std::string& choose, const std::string& register_file) {
    if (carriers.items.empty())
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no carrier in {} yet: add the transport companies there (man gefest-share, CARRIERS)")), register_file));
    auto ranked = rank_carriers(carriers, to);
    const CarrierOption* best = !ranked.empty() && ranked.front().route ? &ranked.front() : nullptr;
    const CarrierOption* chosen = best;
    if (!choose.empty()) {
        const Carrier* c = carriers.find(choose);
        if (!c) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no carrier '{}' in {}")), choose, register_file));
        for (const auto& r : ranked)
            if (r.carrier == c) chosen = &r;
    }
    if (!chosen)
        throw Error(Errc::not_found,
                    fmt::format(fmt::runtime(tr("no carrier in {} serves '{}' ({}); choose one: --choose NAME")), register_file, to.city, to.address));
    CarrierChoice out;
    out.chosen = chosen->carrier->name;
    const std::string why = fmt::format("{}", fmt::join(chosen->reasons, "; "));
    out.told = choose.empty() ? fmt::format("рекомендована ТК «{}»: {}", out.chosen, why)
                              : fmt::format("выбрана ТК «{}» ({}){}", out.chosen, why,
                                            best && best != chosen ? fmt::format("; рекомендовали «{}»", best->carrier->name) : "");
    for (const auto& r : ranked)
        out.rows.push_back({r.carrier->name, &r == chosen, r.route != nullptr, r.route ? r.route->days : 0, r.route ? r.route->terminal : "", r.reasons});
    return out;
}

}  // namespace gefest
