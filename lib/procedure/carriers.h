// Transport companies (5.2.4.5): the register Склад ГП/Транспортные компании.toml, kept
// by the senior planner (logistics) in Notepad, and the recommendation made from it for
// a client: who serves the client's city (or region), in how many days, from which
// terminal, in the company's order of preference, the client's own preference first.
//
//   [[carrier]]
//   name = "ПЭК"
//   preference = 1                 # the company's order: 1 is asked first
//   phone = "8 800 …"
//   terminal = "Тюмень, …"         # where the warehouse hands cargo over
//   note = "…"
//   [[carrier.serves]]
//   city = "Тобольск"              # or region = "Свердловская обл." (matched in the address)
//   days = 2
//   terminal = "Тобольск, …"       # the terminal the client collects from
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace gefest {

struct CarrierRoute {
    std::string city, region, terminal;
    int days = 0;
    int line = 0;
};

struct Carrier {
    std::string name, phone, site, terminal, note;
    int preference = 0;
    std::vector<CarrierRoute> serves;
    int line = 0;
};

struct Carriers {
    std::vector<Carrier> items;  ///< in file order
    /// The carrier named `name` (exact, or ignoring ASCII case and surrounding spaces), or nullptr.
    const Carrier* find(const std::string& name) const;
};

/// Parses the register. Error(data) FILE:LINE for malformed TOML, a carrier without a
/// name or a duplicated name, a preference below 1, a route with neither city nor
/// region, days below 0.
Carriers parse_carriers(const std::string& text, const std::string& file);

/// Where the cargo goes and what the client said.
struct Destination {
    std::string city;       ///< the client's «Город»
    std::string address;    ///< the client's «Адрес» (a region is matched in it)
    std::string preferred;  ///< a carrier the client asked for ("" : none)
};

/// One carrier as it fits a destination.
struct CarrierOption {
    const Carrier* carrier = nullptr;
    const CarrierRoute* route = nullptr;  ///< the route that serves it; nullptr: not served
    bool by_city = false;                 ///< the route names the city (else the region)
    bool client_prefers = false;
    std::vector<std::string> reasons;     ///< Russian, as told to the client
};

/// Every carrier ranked for `to`: the client's preferred one first if it serves the
/// destination; then those serving the city, then the region, each in the company's
/// preference order, then by days; carriers that do not serve it last.
std::vector<CarrierOption> rank_carriers(const Carriers& carriers, const Destination& to);

/// The first carrier named in `text` (a client's notes: "ТК: Деловые Линии"), or "".
std::string carrier_named_in(const Carriers& carriers, const std::string& text);

/// The carriers register (Record::carriers, Склад ГП/Транспортные компании.toml beside
/// the stock register). Error(not_found) if it is missing; errors of parse_carriers.
Carriers load_carriers(const Store& store);

/// One carrier of a recommendation, as shown to the person choosing.
struct CarrierRow {
    std::string name;
    bool chosen = false;
    bool serves = false;  ///< a route serves the destination
    int days = 0;         ///< of that route
    std::string terminal; ///< of that route
    std::vector<std::string> reasons;
};

/// What was recommended or chosen for a destination.
struct CarrierChoice {
    std::vector<CarrierRow> rows;  ///< every carrier, ranked as rank_carriers
    std::string chosen;            ///< the chosen carrier's name
    std::string told;              ///< what the client is told (Russian): which carrier and why
};

/// The carrier for `to`: the one named `choose` (Carriers::find), or with `choose` empty
/// the first ranked that serves `to`. Error(not_found) for a register without any carrier
/// (a new share's), for a `choose` not in the register, or when nothing serves `to` and
/// nothing is chosen; `register_file` names
/// the register in those messages.
CarrierChoice choose_carrier(const Carriers& carriers, const Destination& to, const std::string& choose, const std::string& register_file);

}  // namespace gefest
