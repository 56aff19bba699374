// The pure rules of changing an order (lib/procedure/order_change.h): which changes are
// applied and how they are journaled, and when an order may no longer change.
#include "procedure/order_change.h"

#include <doctest/doctest.h>

#include <functional>

#include "base/error.h"
#include "procedure/cash_order.h"
#include "procedure/catalog.h"
#include "store/fsio.h"

using namespace gefest;

namespace {

Catalog demo_catalog() {
    std::string file = GEFEST_DATA "/demo/Склад ГП/Каталог.csv";
    return parse_catalog(fsio::read_file(file), file);
}

Order order_of(Payment p) {
    Order o;
    o.year = 2026;
    o.number = 7;
    o.date = "2026-11-27";
    o.manager = "petrov";
    o.payment = p;
    o.items = items_from_catalog({parse_item_spec("ПК-100:2"), parse_item_spec("ДЫМ-200:10")}, demo_catalog(), "Каталог.csv");
    o.steps = {{"5.2.3.1", "", {}, {}, "", "", ""}, {"5.2.4.1", "", {}, {}, "", "", ""}, {"5.2.4.3", "", {}, {}, "", "", ""},
               {"5.2.3.7", "", {}, {}, "", "", ""}};
    return o;
}

constexpr Errc none = static_cast<Errc>(0);  // nothing thrown

Errc errc_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return none;
}

}  // namespace

TEST_CASE("order change: removes, sets quantities and prices, adds, and says so in journal words") {
    Order o = order_of(Payment::noncash);
    OrderChangeOptions opt;
    opt.remove = {"ДЫМ-200"};
    opt.qty = {"ПК-100:3"};
    opt.price = {"ПК-100:280000,00"};
    opt.add = {"ГВ-12:2"};
    auto changes = apply_order_change(o, opt, demo_catalog(), "Каталог.csv");
    CHECK(changes == std::vector<std::string>{"−ДЫМ-200", "ПК-100 ×2→3", "ПК-100 285000.00→280000.00", "+ГВ-12 ×2"});
    REQUIRE(o.items.size() == 2);
    CHECK(o.items[0].qty == 3);
    CHECK(o.items[0].price == parse_money("280000"));
    CHECK(o.items[1].sku == "ГВ-12");
    CHECK(o.items[1].price == parse_money("48900"));
}

TEST_CASE("order change: refused changes") {
    const Catalog cat = demo_catalog();
    auto apply = [&](OrderChangeOptions opt) {
        Order o = order_of(Payment::noncash);
        return errc_of([&] { apply_order_change(o, opt, cat, "Каталог.csv"); });
    };
    CHECK(apply({}) == Errc::usage);                                                  // nothing asked
    CHECK(apply({.qty = {"ПК-100:2"}}) == Errc::usage);                                // nothing changes
    CHECK(apply({.qty = {"ПК-100:0"}}) == Errc::data);                                 // use --remove
    CHECK(apply({.qty = {"ПК-100"}}) == Errc::usage);                                  // not SKU:QTY
    CHECK(apply({.qty = {"ГВ-12:1"}}) == Errc::not_found);                             // not on the order
    CHECK(apply({.add = {"ПК-100:1"}}) == Errc::state);                                // on the order already
    CHECK(apply({.add = {"НЕТ-1:1"}}) == Errc::not_found);                             // not in the catalog
    CHECK(apply({.remove = {"ПК-100", "ДЫМ-200"}}) == Errc::state);                    // no line left
    CHECK(apply({.price = {"ПК-100:-5"}}) == Errc::data);                              // negative
}

TEST_CASE("order change: not once paid, shipped, cancelled or at the warehouse") {
    Order o = order_of(Payment::noncash);
    CHECK(errc_of([&] { order_change_can_do(o, nullptr); }) == none);
    Invoice inv;
    inv.year = 2026;
    inv.number = 3;
    inv.total = parse_money("100");
    CHECK(errc_of([&] { order_change_can_do(o, &inv); }) == none);  // issued, unpaid: replaced
    inv.paid = parse_money("1");
    CHECK(errc_of([&] { order_change_can_do(o, &inv); }) == Errc::state);
    Order paid = o;
    mark_step_done(paid, "5.2.4.3", "buh", "2026-11-27T10:00:00");
    CHECK(errc_of([&] { order_change_can_do(paid, nullptr); }) == Errc::state);
    Order cancelled = o;
    cancelled.status = order_status::cancelled;
    CHECK(errc_of([&] { order_change_can_do(cancelled, nullptr); }) == Errc::state);
    Order part = o;
    part.shipments.push_back({});
    CHECK(errc_of([&] { order_change_can_do(part, nullptr); }) == Errc::state);
    Order cash = order_of(Payment::cash);
    cash.cash_receipt = "ПКО-1";
    CHECK(errc_of([&] { order_change_can_do(cash, nullptr); }) == Errc::state);
}

TEST_CASE("cash receipt: only on a registered cash order, once; the waybill waits for it") {
    Order o = order_of(Payment::cash);
    CHECK(errc_of([&] { cash_receipt_can_do(o); }) == Errc::state);  // not registered
    CHECK(errc_of([&] { require_cash_received(o); }) == Errc::state);
    mark_step_done(o, "5.2.3.7", "ivanova", "2026-11-27T10:00:00");
    CHECK(errc_of([&] { cash_receipt_can_do(o); }) == none);
    o.cash_receipt = "ПКО-1";
    CHECK(errc_of([&] { cash_receipt_can_do(o); }) == Errc::state);  // recorded already
    CHECK(errc_of([&] { require_cash_received(o); }) == none);
    CHECK(errc_of([&] { cash_receipt_can_do(order_of(Payment::noncash)); }) == Errc::state);
    CHECK(errc_of([&] { require_cash_received(order_of(Payment::noncash)); }) == none);
}
