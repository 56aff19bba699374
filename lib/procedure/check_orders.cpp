// gefest check of what is derived from the orders (check.h, check_order_registers): the
// orders index Заказы <year>.csv held against every заказ.toml, the reservations
// Резервы.csv against the open orders, and an order's prices against the invoice
// already issued for it. With repair the index and a missing reservations register are
// rebuilt from the orders; a price is a person's to decide, so it is only reported.
#include "procedure/check.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/catalog.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "procedure/shipping.h"

namespace gefest {

namespace {

// The orders of every year as they are (unreadable ones are check_orders' to report).
std::vector<Order> all_orders(const Store& store) {
    std::vector<Order> out;
    for (int year : store.number_years("order")) {
        const std::vector<std::int64_t> released = store.released_numbers("order", year);
        for (std::int64_t n : store.claimed_numbers("order", year)) {
            if (std::binary_search(released.begin(), released.end(), n)) continue;
            try {
                out.push_back(load_order(store, year, n));
            } catch (const Error&) {
                // check_orders names it
            }
        }
    }
    return out;
}

std::string folder_of(const Store& store, const Order& o) {
    return store.documents_folder({Record::order, o.year, o.number}).filename().string();
}

// The columns of an index row that differ from what the order says ("" : none). The
// status is check_orders' to report; a total as Excel rewrote it is the same amount.
std::string index_difference(const OrderIndexRow& have, const OrderIndexRow& want) {
    std::vector<std::string> diff;
    auto cmp = [&](const char* column, const std::string& a, const std::string& b) {
        if (a != b) diff.push_back(fmt::format("{} '{}' ≠ '{}'", column, a, b));
    };
    cmp("Дата", have.date, want.date);
    cmp("Код клиента", have.client_id, want.client_id);
    cmp("Клиент", have.client, want.client);
    cmp("Менеджер", have.manager, want.manager);
    cmp("Оплата", have.payment, want.payment);
    bool same_total = have.total == want.total;
    try {
        same_total = same_total || parse_money(have.total) == parse_money(want.total);
    } catch (const Error&) {
    }
    if (!same_total) diff.push_back(fmt::format("Сумма '{}' ≠ '{}'", have.total, want.total));
    cmp("Следующий шаг", have.next_step, want.next_step);
    cmp("Папка", have.folder, want.folder);
    return fmt::format("{}", fmt::join(diff, ", "));
}

void check_index(Store& store, const Settings& settings, const std::vector<Order>& orders, bool repair, StoreCheck& out) {
    std::map<int, std::vector<const Order*>> by_year;
    for (const auto& o : orders) by_year[o.year].push_back(&o);
    for (const auto& [year, list] : by_year) {
        const RecordRef index{Record::order_index, year};
        const std::string file = store.where(index);
        std::vector<OrderIndexRow> rows;
        try {
            rows = repair ? refresh_order_index(store, settings, year) : load_order_index(store, settings, year);
        } catch (const Error&) {
            continue;  // check_orders reports an index that does not read
        }
        std::vector<OrderIndexRow> rebuilt;
        std::vector<Problem> found;
        bool differs = rows.size() != list.size();
        for (const Order* o : list) {
            const OrderIndexRow want = order_index_row(*o, folder_of(store, *o), settings);
            rebuilt.push_back(want);
            auto it = std::find_if(rows.begin(), rows.end(), [&](const OrderIndexRow& r) { return r.number == o->number; });
            if (it == rows.end()) continue;  // check_orders reports a missing row
            differs = differs || it->status != want.status;
            if (const std::string diff = index_difference(*it, want); !diff.empty()) {
                differs = true;
                found.push_back({file, it->line,
                                 fmt::format(fmt::runtime(tr("the row of order {} differs from its заказ.toml ({}): changed by hand? gefest check --repair rebuilds the index")),
                                             o->key(), diff)});
            }
        }
        for (const auto& r : rows)
            if (std::none_of(list.begin(), list.end(), [&](const Order* o) { return o->number == r.number; }))
                found.push_back({file, r.line, fmt::format(fmt::runtime(tr("order {}-{} is in the index but there is no such order")), year, r.number)});
        if (!repair || !differs) {
            out.problems.insert(out.problems.end(), found.begin(), found.end());
            continue;
        }
        const std::string text = format_order_index(rebuilt);
        store.change(index, [&](const Snapshot&) -> std::optional<std::string> { return text; });
        out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: rebuilt from the {} orders of {}")), file, list.size(), year));
    }
}

// The reservations of the open (confirmed, not shipped) orders, by number, of what each
// has still to ship, as `order cash` / `order export-1c` reserved it.
Reservations reservations_of(const Stock& stock, const std::vector<Order>& orders) {
    Reservations out;
    for (const auto& o : orders) {
        if (o.status != order_status::confirmed) continue;
        const std::vector<Quantity> left = remaining_quantities(o);
        std::vector<Want> wants;
        for (size_t i = 0; i < o.items.size() && i < left.size(); ++i)
            if (!o.items[i].sku.empty() && left[i] > 0) wants.push_back({o.items[i].sku, left[i]});
        out = reserve(out, stock, o.key(), wants);
    }
    return out;
}

void check_reservations(Store& store, const std::vector<Order>& orders, bool repair, StoreCheck& out) {
    const RecordRef reservations{Record::reservations};
    if (store.exists(reservations) || !store.exists({Record::stock})) return;
    Stock stock;
    try {
        stock = load_stock(store);
    } catch (const Error&) {
        return;  // the stock register's own check reports it
    }
    const Reservations rebuilt = reservations_of(stock, orders);
    if (rebuilt.rows.empty()) return;  // nothing reserved: nothing lost
    const std::string file = store.where(reservations);
    if (!repair) {
        out.problems.push_back({file, 0, fmt::format(fmt::runtime(tr("is missing, but open orders hold stock ({} rows); gefest check --repair rebuilds it from them")),
                                                     rebuilt.rows.size())});
        return;
    }
    store.change(reservations, [&](const Snapshot&) -> std::optional<std::string> { return format_reservations(rebuilt); });
    out.repaired.push_back(fmt::format(fmt::runtime(tr("{}: rebuilt from the open orders ({} rows)")), file, rebuilt.rows.size()));
}

// An order changed by hand after its invoice was issued no longer says what the client
// was asked to pay.
void check_invoiced_prices(const Store& store, const Settings& settings, const std::vector<Order>& orders, StoreCheck& out) {
    std::map<int, std::vector<Invoice>> registers;
    for (const auto& o : orders) {
        if (o.invoice.empty() || o.status == order_status::cancelled) continue;
        try {
            const auto key = parse_invoice_key(o.invoice, o.year);
            const int year = key.first;
            const auto number = key.second;
            if (!registers.count(year)) registers[year] = load_invoices(store, year);
            const auto& list = registers[year];
            auto inv = std::find_if(list.begin(), list.end(), [&](const Invoice& i) { return i.number == number; });
            if (inv == list.end() || inv->status == invoice_status::cancelled) continue;
            const Money total = invoice_amounts(settings, o, inv->date).total;
            if (total != inv->total)
                out.problems.push_back({order_where(store, o.year, o.number), 0,
                                        fmt::format(fmt::runtime(tr("order {} now comes to {}, but its invoice {} of {} asks {}: a price or quantity was changed after the invoice was issued")),
                                                    o.key(), format_money(total), inv->key(), Date::parse(inv->date, "date").russian(), format_money(inv->total))});
        } catch (const Error& e) {
            out.problems.push_back({e.file(), e.line(), e.what()});
        }
    }
}

}  // namespace

void check_order_registers(Store& store, const Settings& settings, bool repair, StoreCheck& out) {
    const std::vector<Order> orders = all_orders(store);
    check_index(store, settings, orders, repair, out);
    check_reservations(store, orders, repair, out);
    check_invoiced_prices(store, settings, orders, out);
}

}  // namespace gefest
