// carriers: the register Склад ГП/Транспортные компании.toml, kept in Notepad (mistakes
// at FILE:LINE), and the carrier recommended for a client's city or region (5.2.4.5).
// (A first recommendation over the demo register is in procedure/shipping_test.cpp.)
#include "procedure/carriers.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "base/error.h"
#include "demo_share.h"
#include "failure.h"
#include "store/fsio.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::failure_of;

namespace {

const std::string register_file = "Склад ГП/Транспортные компании.toml";

Carriers demo_carriers() { return parse_carriers(fsio::read_file(GEFEST_DATA "/demo/" + register_file), register_file); }

std::vector<std::string> names(const std::vector<CarrierOption>& options) {
    std::vector<std::string> out;
    for (const auto& o : options) out.push_back(o.carrier->name);
    return out;
}

}  // namespace

TEST_CASE("carriers: parse_carriers reads carriers and routes in file order with their lines") {
    const Carriers c = parse_carriers(
        "# ТК\n"
        "[[carrier]]\n"                    // 2
        "name = \"ПЭК\"\n"
        "preference = 1\n"
        "phone = \"8 800 100-00-00\"\n"
        "site = \"pecom.ru\"\n"
        "terminal = \"Тюмень, ул. Ямская\"\n"
        "note = \"Забор по заявке\"\n"
        "[[carrier.serves]]\n"             // 9
        "city = \"Тобольск\"\n"
        "days = 2\n"
        "terminal = \"Тобольск, Промзона\"\n"
        "[[carrier.serves]]\n"             // 13
        "region = \"Свердловская обл.\"\n"
        "\n"
        "[[carrier]]\n"                    // 16
        "name = \"КИТ\"\n",
        register_file);
    REQUIRE(c.items.size() == 2);
    const Carrier& pek = c.items[0];
    CHECK(pek.name == "ПЭК");
    CHECK(pek.preference == 1);
    CHECK(pek.phone == "8 800 100-00-00");
    CHECK(pek.site == "pecom.ru");
    CHECK(pek.terminal == "Тюмень, ул. Ямская");
    CHECK(pek.note == "Забор по заявке");
    CHECK(pek.line == 2);
    REQUIRE(pek.serves.size() == 2);
    CHECK(pek.serves[0].city == "Тобольск");
    CHECK(pek.serves[0].days == 2);
    CHECK(pek.serves[0].terminal == "Тобольск, Промзона");
    CHECK(pek.serves[0].line == 9);
    CHECK(pek.serves[1].region == "Свердловская обл.");
    CHECK(pek.serves[1].days == 0);  // not stated
    CHECK(pek.serves[1].line == 13);
    const Carrier& kit = c.items[1];
    CHECK(kit.preference == 100);  // unranked: after the ranked ones
    CHECK(kit.serves.empty());
    CHECK(kit.line == 16);

    CHECK(parse_carriers("", register_file).items.empty());
    CHECK(demo_carriers().items.size() == 4);
}

TEST_CASE("carriers: bad entries are Error(data) at the line to fix") {
    struct Case {
        std::string text;
        int line;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"[[carrier]]\nphone = \"1\"\n", 1, "a carrier needs a name"},
        {"\n[[carrier]]\nname = \"  \"\n", 2, "a carrier needs a name"},
        {"[[carrier]]\nname = \"ПЭК\"\n[[carrier]]\n\nname = \"пэк \"\n", 5, "carrier 'пэк ' is listed twice"},
        {"[[carrier]]\nname = \"ПЭК\"\n\npreference = 0\n", 4, "preference must be 1 or more (1 is asked first)"},
        {"[[carrier]]\nname = \"ПЭК\"\npreference = \"1\"\n", 3, "'preference' must be a whole number"},
        {"[[carrier]]\nname = \"ПЭК\"\n[[carrier.serves]]\ndays = 1\n", 3, "a route of 'ПЭК' needs either city or region"},
        {"[[carrier]]\nname = \"ПЭК\"\n[[carrier.serves]]\ncity = \"Ишим\"\nregion = \"Тюменская обл.\"\n", 3,
         "a route of 'ПЭК' needs either city or region"},
        {"[[carrier]]\nname = \"ПЭК\"\n[[carrier.serves]]\ncity = \"Ишим\"\ndays = -1\n", 5, "days must be 0 or more"},
        {"[[carrier]]\nname = \"ПЭК\"\nserves = \"Ишим\"\n", 3, "'serves' must be a list of [[serves]] tables"},
        {"carrier = \"ПЭК\"\n", 1, "'carrier' must be a list of [[carrier]] tables"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto f = failure_of([&] { parse_carriers(c.text, register_file); });
        CHECK(f.code == Errc::data);
        CHECK(f.file == register_file);
        CHECK(f.line == c.line);
        CHECK(f.message == c.message);
    }
    auto f = failure_of([] { parse_carriers("[[carrier]]\nname = \"ПЭК\n", register_file); });  // not TOML
    CHECK(f.code == Errc::data);
    CHECK(f.line == 2);
}

TEST_CASE("carriers: find by the exact name or ignoring case and spaces") {
    const Carriers c = demo_carriers();
    REQUIRE(c.find("ПЭК"));
    CHECK(c.find("ПЭК")->preference == 1);
    CHECK(c.find(" пэк ") == c.find("ПЭК"));
    CHECK(c.find("ДЕЛОВЫЕ ЛИНИИ")->name == "Деловые Линии");
    CHECK(c.find("кит")->name == "КИТ");
    CHECK(c.find("Деловые") == nullptr);  // not a prefix
    CHECK(c.find("") == nullptr);
}

TEST_CASE("carriers: rank_carriers puts the client's wish, then city, then region, then preference and days") {
    const Carriers c = demo_carriers();
    // Ишим: Деловые Линии (2 days, preference 2) and КИТ (2 days, preference 3) by city; ПЭК does not go there.
    auto r = rank_carriers(c, {"г. Ишим", "", ""});  // "г." is dropped
    CHECK(names(r) == std::vector<std::string>{"Деловые Линии", "КИТ", "ПЭК", "Байкал Сервис"});
    CHECK(r[0].by_city);
    CHECK(r[0].route->terminal == "Ишим, ул. Гагарина");
    CHECK(r[0].reasons == std::vector<std::string>{"доставляет в г. Ишим", "срок в пути около 2 дн.", "терминал получения: Ишим, ул. Гагарина",
                                                   "порядок предпочтения компании: 2"});
    CHECK(r[2].route == nullptr);
    CHECK(r[2].reasons[0] == "не доставляет в г. Ишим");  // not "г. г. Ишим"
    CHECK(rank_carriers(c, {"Город Ишим", "", ""})[2].reasons[0] == "не доставляет в г. Ишим");

    // The client's wish comes first when that carrier serves the place.
    r = rank_carriers(c, {"Ишим", "", "кит"});
    CHECK(r[0].carrier->name == "КИТ");
    CHECK(r[0].client_prefers);
    CHECK(r[0].reasons[0] == "клиент просил эту ТК");

    // A city served by name beats a region matched in the address, whatever the preference.
    r = rank_carriers(c, {"Ялуторовск", "627010, Тюменская обл., г. Ялуторовск", ""});
    CHECK(names(r) == std::vector<std::string>{"КИТ", "Деловые Линии", "ПЭК", "Байкал Сервис"});
    CHECK(r[0].by_city);
    CHECK_FALSE(r[1].by_city);
    CHECK(r[1].reasons[0] == "обслуживает регион «Тюменская обл.»");
    CHECK(r[1].route->days == 3);
    // Within one carrier the city's route is taken over its region's.
    r = rank_carriers(c, {"Тобольск", "626150, Тюменская обл., г. Тобольск", ""});
    CHECK(r[1].carrier->name == "Деловые Линии");
    CHECK(r[1].by_city);
    CHECK(r[1].route->days == 2);
    r = rank_carriers(c, {"Екатеринбург", "620000, Свердловская обл., г. Екатеринбург", ""});
    CHECK(r[0].carrier->name == "ПЭК");  // both by city in 1 day: the company's preference
    CHECK(r[0].by_city);
    CHECK(r[1].carrier->name == "Деловые Линии");

    // Nobody serves it: every carrier in preference order, none with a route.
    r = rank_carriers(c, {"", "", ""});
    CHECK(names(r) == std::vector<std::string>{"ПЭК", "Деловые Линии", "КИТ", "Байкал Сервис"});
    for (const auto& o : r) CHECK(o.route == nullptr);
    CHECK(r[0].reasons[0] == "город клиента не указан в базе клиентов");
}

TEST_CASE("carriers: carrier_named_in finds the first carrier mentioned; the register is beside the stock") {
    const Carriers c = demo_carriers();
    CHECK(carrier_named_in(c, "ТК: деловые линии, можно и ПЭК") == "Деловые Линии");
    CHECK(carrier_named_in(c, "ПЭК или Деловые Линии") == "ПЭК");
    CHECK(carrier_named_in(c, "") == "");
    CHECK(carrier_named_in(Carriers{}, "ПЭК") == "");

    const ShareStore demo(Share::open(GEFEST_DATA "/demo"), Identity::current());
    CHECK(demo.path_of({Record::carriers}) == demo.share().root() / register_file);
}

TEST_CASE("carriers: choose_carrier recommends the first that serves, or takes the client's choice") {
    const Carriers c = demo_carriers();
    // The client asked for Деловые Линии in its notes; it serves Тобольск.
    CarrierChoice r = choose_carrier(c, {"Тобольск", "", "Деловые Линии"}, "", register_file);
    CHECK(r.chosen == "Деловые Линии");
    CHECK(r.told.find("рекомендована ТК «Деловые Линии»: клиент просил эту ТК; доставляет в г. Тобольск") == 0);
    REQUIRE(r.rows.size() == c.items.size());
    CHECK(r.rows[0].name == "Деловые Линии");
    CHECK(r.rows[0].chosen);
    CHECK(r.rows[0].serves);
    CHECK(r.rows[0].days == 2);
    CHECK(std::count_if(r.rows.begin(), r.rows.end(), [](const CarrierRow& x) { return x.chosen; }) == 1);

    // Another carrier chosen by the client (any case): told which was recommended.
    r = choose_carrier(c, {"Тобольск", "", "Деловые Линии"}, "пэк", register_file);
    CHECK(r.chosen == "ПЭК");
    CHECK(r.told.find("выбрана ТК «ПЭК» (доставляет в г. Тобольск") == 0);
    CHECK(r.told.find("; рекомендовали «Деловые Линии»") != std::string::npos);
    // The recommended one chosen by name: nothing more to say.
    CHECK(choose_carrier(c, {"Тобольск", "", "Деловые Линии"}, "Деловые Линии", register_file).told.find("рекомендовали") == std::string::npos);

    auto f = failure_of([&] { choose_carrier(c, {"Тобольск", "", ""}, "Почта России", register_file); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message == "no carrier 'Почта России' in " + register_file);
    f = failure_of([&] { choose_carrier(c, {"Владивосток", "690001, г. Владивосток", ""}, "", register_file); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message == "no carrier in " + register_file + " serves 'Владивосток' (690001, г. Владивосток); choose one: --choose NAME");
    // Nothing serves it, but the person chose: that is the carrier.
    CHECK(choose_carrier(c, {"Владивосток", "", ""}, "Байкал Сервис", register_file).chosen == "Байкал Сервис");
}

TEST_CASE("carriers: load_carriers reads the share's register; a missing one is not_found") {
    CHECK(load_carriers(ShareStore(Share::open(GEFEST_DATA "/demo"), Identity::current())).items.size() == demo_carriers().items.size());
    gefest::testing::DemoShare demo;
    fs::remove(demo.store.path_of({Record::carriers}));
    auto f = failure_of([&] { load_carriers(demo.store); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message.find("is missing: the carriers register") != std::string::npos);
}
