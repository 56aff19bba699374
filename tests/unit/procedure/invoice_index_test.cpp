// One invoice looked up in the register's index (load_invoice), the index kept current by
// change_invoice under the register's lock, and made again from a register changed by
// hand or an index damaged.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "../demo_share.h"
#include "base/error.h"
#include "procedure/invoice.h"
#include "store/fsio.h"

namespace fs = std::filesystem;
using namespace gefest;

namespace {

Invoice invoice(std::int64_t number, const std::string& client) {
    Invoice i;
    i.year = 2026;
    i.number = number;
    i.date = "2026-11-27";
    i.due = "2026-12-07";
    i.order = "2026-" + std::to_string(number);
    i.client = client;
    i.client_inn = "7203045673";
    i.total = Money{1234567 * number};
    i.vat = Money{205761 * number};
    return i;
}

struct RegisterShare : testing::DemoShare {
    RecordRef reg{Record::invoices, 2026};
    fs::path file() const { return at("Отдел продаж/Заказы/2026/Счета 2026.csv"); }
    fs::path index() const { return root / ".gefest/state/Отдел продаж/Заказы/2026/Счета 2026.csv/index"; }
    void write(const std::vector<Invoice>& rows) {
        store.change(reg, [&](const Snapshot&) -> std::optional<std::string> { return format_invoice_register(rows); });
    }
};

}  // namespace

TEST_CASE("load_invoice: one invoice from the register's index, the same as the register says") {
    RegisterShare s;
    s.write({invoice(1, "ООО «Ромашка»"), invoice(2, "АО \"Кавычки; и точка с запятой\"\r\nвторая строка"), invoice(3, "=HYPERLINK(\"x\")")});
    const auto all = load_invoices(s.store, 2026);
    for (const auto& want : all) {
        const Invoice got = load_invoice(s.store, 2026, want.number);
        CHECK(got.client == want.client);
        CHECK(got.total == want.total);
        CHECK(got.vat == want.vat);
        CHECK(got.due == want.due);
        CHECK(got.order == want.order);
        CHECK(got.status == want.status);
    }
    CHECK(fs::exists(s.index()));
    CHECK_THROWS_WITH_AS(load_invoice(s.store, 2026, 9), "no invoice 2026-9", Error);
    CHECK_THROWS_WITH_AS(load_invoice(s.store, 2025, 1), "no invoice 2025-1", Error);  // no register of 2025

    SUBCASE("change_invoice writes the index anew under the register's lock") {
        change_invoice(s.store, 2026, 2, [](Invoice& i) {
            i.paid = Money{100};
            i.status = invoice_status::partly_paid;
        });
        const auto made = fs::last_write_time(s.index());
        const Invoice got = load_invoice(s.store, 2026, 2);
        CHECK(got.paid == Money{100});
        CHECK(got.status == invoice_status::partly_paid);
        CHECK(fs::last_write_time(s.index()) == made);  // current: not made again by the look-up
    }
    SUBCASE("a register changed by hand: the index is made again from it") {
        std::string text = fsio::read_file(s.file());
        const auto at = text.find("ООО «Ромашка»");
        REQUIRE(at != std::string::npos);
        text.replace(at, std::string("ООО «Ромашка»").size(), "ООО «Василек»");
        fsio::write_atomic(s.file(), text);
        fs::last_write_time(s.file(), fs::last_write_time(s.file()) + std::chrono::seconds(5));
        CHECK(load_invoice(s.store, 2026, 1).client == "ООО «Василек»");
    }
    SUBCASE("a damaged index is made again") {
        const auto size = fs::file_size(s.index());
        fs::resize_file(s.index(), size / 2);
        CHECK(load_invoice(s.store, 2026, 3).client == "=HYPERLINK(\"x\")");
    }
}
