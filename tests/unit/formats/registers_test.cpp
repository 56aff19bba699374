// registers: the column layouts the CSV readers find their columns by. A header written
// from a layout must parse back as the same names, and the demo share's registers (what
// gefest init's empty ones grow into) must carry every column.
#include "formats/registers.h"

#include <doctest/doctest.h>

#include <set>

#include "base/csv.h"
#include "store/fsio.h"

using namespace gefest;

namespace {

struct Layout {
    const char* name;
    const std::vector<std::string>& columns;
    std::string demo_file;
};

std::vector<Layout> layouts() {
    const std::string demo = GEFEST_DATA "/demo";
    return {{"clients", registers::client_columns(), demo + "/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"},
            {"catalog", registers::catalog_columns(), demo + "/Склад ГП/Каталог.csv"},
            {"stock", registers::stock_columns(), demo + "/Склад ГП/Остатки.csv"}};
}

}  // namespace

TEST_CASE("registers: every layout has unique, non-empty, trimmed column names that survive a write and a parse") {
    for (const auto& l : layouts()) {
        CAPTURE(l.name);
        REQUIRE_FALSE(l.columns.empty());
        std::set<std::string> seen;
        for (const auto& c : l.columns) {
            CAPTURE(c);
            CHECK_FALSE(c.empty());
            CHECK(c.find_first_not_of(" \t") == 0);
            CHECK(c.find_last_not_of(" \t") == c.size() - 1);
            CHECK(seen.insert(c).second);
        }
        // An empty register as gefest init writes it reads back with the same header.
        csv::Table back = csv::parse(csv::write(csv::Table{l.columns, {}}), "r.csv");
        CHECK(back.header == l.columns);
        CHECK(back.rows.empty());
    }
    // The key column comes first: the SKU, the client's code.
    CHECK(registers::client_columns().front() == "Код");
    CHECK(registers::catalog_columns().front() == "Артикул");
    CHECK(registers::stock_columns().front() == "Артикул");
}

TEST_CASE("registers: the demo share's registers have every column of their layout") {
    for (const auto& l : layouts()) {
        CAPTURE(l.demo_file);
        csv::Table t = csv::parse(fsio::read_file(l.demo_file), l.demo_file);
        for (const auto& c : l.columns) {
            CAPTURE(c);
            CHECK(t.column(c) >= 0);
        }
    }
}
