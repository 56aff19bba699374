// The orders in the store (lib/procedure/order.h, "the store"): loading, creating and
// changing an order under its lock with the index kept in step, reserving and releasing
// stock, and gefest check of the orders.
#include "procedure/order.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/catalog.h"

namespace gefest {

std::string order_folder_tail(const std::string& client_name) { return windows_safe_name(client_name); }

std::string order_where(const Store& store, int year, std::int64_t number) {
    const RecordRef order{Record::order, year, number};
    if (!store.exists(order))
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, store.where(order)));
    return store.where(order);
}

Order load_order(const Store& store, int year, std::int64_t number) {
    const std::string where = order_where(store, year, number);
    auto content = store.read({Record::order, year, number}).content;
    if (!content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, where));
    return parse_order(*content, where);
}

namespace {

// Validate all, then write: the order as it would be written reads back, and the totals
// its index row shows can be computed.
void require_writable(const Session& session, const Order& order, const std::string& file) {
    parse_order(format_order(order), file);
    order_totals(session.settings(), order);
}

}  // namespace

Order create_order(Session& session, Order draft) {
    Store& store = session.store();
    require_writable(session, draft, "заказ.toml");  // it has no folder yet
    NumberClaim claim = store.claim_number("order", draft.year, order_folder_tail(draft.client_name));
    draft.number = claim.number();
    const RecordRef order{Record::order, draft.year, draft.number};
    const std::string text = format_order(draft);
    store.change(order, [&](const Snapshot& s) -> std::optional<std::string> {
        if (s.content) throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' already exists: run gefest check")), store.where(order)));
        return text;
    });
    claim.commit();
    update_order_index(session, draft);
    return draft;
}

Order change_order(Session& session, int year, std::int64_t number, const std::function<void(Order&)>& change) {
    Order result = change_order_only(session, year, number, change);
    update_order_index(session, result);
    return result;
}

Order change_order_only(Session& session, int year, std::int64_t number, const std::function<void(Order&)>& change) {
    Store& store = session.store();
    const std::string file = order_where(store, year, number);
    Order result;
    store.change({Record::order, year, number}, [&](const Snapshot& s) -> std::optional<std::string> {
        if (!s.content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), file));
        Order o = parse_order(*s.content, file);
        change(o);
        require_writable(session, o, file);
        result = o;
        return format_order(o);
    });
    return result;
}

Stock load_stock(const Store& store) {
    const RecordRef stock{Record::stock};
    auto stock_text = store.read(stock).content;
    if (!stock_text) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), store.where(stock)));
    return parse_stock(*stock_text, store.where(stock));
}

Reservations load_reservations(const Store& store) {
    const RecordRef reservations{Record::reservations};
    return parse_reservations(store.read(reservations).content.value_or(""), store.where(reservations));
}

Order confirm_order(Session& session, const Order& draft, const std::string& step, const std::string& login, const std::string& at,
                    const std::function<void(Order&)>& extra) {
    reserve_order_stock(session.store(), draft);
    try {
        return change_order(session, draft.year, draft.number, [&](Order& x) {
            order_can_do(x, step);
            check_confirmable(x);
            mark_step_done(x, step, login, at);
            x.status = order_status::confirmed;
            if (extra) extra(x);
        });
    } catch (...) {
        if (load_order(session.store(), draft.year, draft.number).status == order_status::draft) release_order_stock(session.store(), draft.key());
        throw;
    }
}

void reserve_order_stock(Store& store, const Order& order) {
    const RecordRef reservations{Record::reservations};
    const std::string file = store.where(reservations);
    Stock stock = load_stock(store);
    std::vector<Want> wants;
    for (const auto& i : order.items)
        if (!i.sku.empty()) wants.push_back({i.sku, i.qty});
    store.change(reservations, [&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), file);
        return format_reservations(reserve(cur, stock, order.key(), wants));
    });
}

void release_order_stock(Store& store, const std::string& order_key) {
    const RecordRef reservations{Record::reservations};
    const std::string file = store.where(reservations);
    store.change(reservations, [&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), file);
        Reservations next = release(cur, order_key);
        if (next.rows.size() == cur.rows.size()) return std::nullopt;
        return format_reservations(next);
    });
}

std::vector<Problem> check_orders(const Store& store, const Settings& settings) {
    std::vector<Problem> out;
    for (int year : store.number_years("order")) {
        std::vector<OrderIndexRow> index;
        const std::string index_file = store.where({Record::order_index, year});
        try {
            index = load_order_index(store, settings, year);
        } catch (const Error& e) {
            out.push_back({e.file(), e.line(), e.what()});
        }
        const std::vector<std::int64_t> released = store.released_numbers("order", year);
        for (std::int64_t n : store.claimed_numbers("order", year)) {
            // A number given up by a failed `order new` has no order; the next one takes it.
            if (std::binary_search(released.begin(), released.end(), n)) continue;
            try {
                Order o = load_order(store, year, n);
                if (o.number != n || o.year != year)
                    out.push_back({order_where(store, year, n), 0,
                                   fmt::format(fmt::runtime(tr("holds order {}-{} but its number is {}-{}")), o.year, o.number, year, n)});
                auto it = std::find_if(index.begin(), index.end(), [&](const OrderIndexRow& r) { return r.number == n; });
                if (it == index.end())
                    out.push_back({index_file, 0, fmt::format(fmt::runtime(tr("order {}-{} is missing from the index")), year, n)});
                else if (it->status != o.status)
                    out.push_back({index_file, it->line,
                                   fmt::format(fmt::runtime(tr("order {}-{} is '{}' in the index but '{}' in its file")), year, n, it->status, o.status)});
            } catch (const Error& e) {
                out.push_back({e.file(), e.line(), e.what()});
            }
        }
    }
    return out;
}

}  // namespace gefest
