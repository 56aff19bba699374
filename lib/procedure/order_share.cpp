// The orders on the share (lib/procedure/order.h, "the share"): paths, loading, creating
// and changing заказ.toml under its lock with the index kept in step, reserving and
// releasing stock, and gefest check of the orders.
#include "procedure/order.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/catalog.h"
#include "store/fsio.h"
#include "store/numbers.h"

namespace gefest {

namespace fs = std::filesystem;

fs::path orders_year_dir(const Share& share, int year) { return share.at(share.settings().orders) / std::to_string(year); }

fs::path order_index_path(const Share& share, int year) {
    return orders_year_dir(share, year) / fmt::format("Заказы {}.csv", year);
}

std::string order_folder_tail(const std::string& client_name) { return windows_safe_name(client_name); }

namespace {
std::string note_of_claim(const std::string& claim) {
    size_t p = claim.find("\nnote=");
    if (p == std::string::npos) return "";
    size_t e = claim.find('\n', p + 6);
    return claim.substr(p + 6, e == std::string::npos ? std::string::npos : e - p - 6);
}
}  // namespace

fs::path order_path(const Share& share, int year, std::int64_t number) {
    std::string claim = claim_note(share.numbers_of("order", year), number);
    if (claim.empty())
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no order {} of {}")), number, year));
    fs::path dir = orders_year_dir(share, year) / fmt::format("{} {}", number, note_of_claim(claim));
    fs::path file = dir / "заказ.toml";
    if (fsio::exists(file)) return file;
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, file.string()));
}

Order load_order(const Share& share, const Identity& me, int year, std::int64_t number) {
    fs::path p = order_path(share, year, number);
    auto content = shared_file(share, me, p).read().content;
    if (!content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("order {} of {} has a number but no file '{}'")), number, year, p.string()));
    return parse_order(*content, p.string());
}

void update_order_index(const Share& share, const Identity& me, const Order& order, const std::string& folder) {
    fs::path idx = order_index_path(share, order.year);
    shared_file(share, me, idx).update([&](const Snapshot& s) -> std::optional<std::string> {
        return upsert_order_index(s.content.value_or(""), idx.string(), order, folder, share.settings());
    });
}

Order create_order(const Share& share, const Identity& me, Order draft) {
    const std::string tail = order_folder_tail(draft.client_name);
    fs::path year_dir = orders_year_dir(share, draft.year);
    fsio::make_dirs(year_dir);
    NumberClaim claim = claim_number(share.numbers_of("order", draft.year), me, tail);
    draft.number = claim.number();
    const std::string folder = fmt::format("{} {}", draft.number, tail);
    fs::path dir = year_dir / folder;
    try {
        fsio::make_dirs(dir);
        const std::string text = format_order(draft);
        shared_file(share, me, dir / "заказ.toml").update([&](const Snapshot& s) -> std::optional<std::string> {
            if (s.content)
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' already exists: run gefest check")), (dir / "заказ.toml").string()));
            return text;
        });
    } catch (...) {
        std::error_code ec;
        if (!fs::exists(dir / "заказ.toml", ec)) fs::remove(dir, ec);  // only if empty
        throw;
    }
    claim.commit();
    update_order_index(share, me, draft, folder);
    return draft;
}

Order change_order(const Share& share, const Identity& me, int year, std::int64_t number, const std::function<void(Order&)>& change) {
    fs::path file = order_path(share, year, number);
    Order result;
    shared_file(share, me, file).update([&](const Snapshot& s) -> std::optional<std::string> {
        if (!s.content) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), file.string()));
        Order o = parse_order(*s.content, file.string());
        change(o);
        result = o;
        return format_order(o);
    });
    update_order_index(share, me, result, file.parent_path().filename().string());
    return result;
}

Stock load_stock(const Share& share, const Identity& me) {
    fs::path sp = stock_path(share);
    auto stock_text = shared_file(share, me, sp).read().content;
    if (!stock_text) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing")), sp.string()));
    return parse_stock(*stock_text, sp.string());
}

Reservations load_reservations(const Share& share, const Identity& me) {
    fs::path rp = reservations_path(share);
    return parse_reservations(shared_file(share, me, rp).read().content.value_or(""), rp.string());
}

Order confirm_order(const Share& share, const Identity& me, const Order& draft, const std::string& step, const std::string& login,
                    const std::string& at, const std::function<void(Order&)>& extra) {
    reserve_order_stock(share, me, draft);
    try {
        return change_order(share, me, draft.year, draft.number, [&](Order& x) {
            order_can_do(x, step);
            check_confirmable(x);
            mark_step_done(x, step, login, at);
            x.status = order_status::confirmed;
            if (extra) extra(x);
        });
    } catch (...) {
        if (load_order(share, me, draft.year, draft.number).status == order_status::draft) release_order_stock(share, me, draft.key());
        throw;
    }
}

void reserve_order_stock(const Share& share, const Identity& me, const Order& order) {
    fs::path rp = reservations_path(share);
    Stock stock = load_stock(share, me);
    std::vector<Want> wants;
    for (const auto& i : order.items)
        if (!i.sku.empty()) wants.push_back({i.sku, i.qty});
    shared_file(share, me, rp).update([&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), rp.string());
        return format_reservations(reserve(cur, stock, order.key(), wants));
    });
}

void release_order_stock(const Share& share, const Identity& me, const std::string& order_key) {
    fs::path rp = reservations_path(share);
    shared_file(share, me, rp).update([&](const Snapshot& s) -> std::optional<std::string> {
        Reservations cur = parse_reservations(s.content.value_or(""), rp.string());
        Reservations next = release(cur, order_key);
        if (next.rows.size() == cur.rows.size()) return std::nullopt;
        return format_reservations(next);
    });
}

std::vector<Problem> check_orders(const Share& share) {
    std::vector<Problem> out;
    fs::path root = share.private_dir() / "numbers" / "order";
    for (const auto& y : fsio::list_dir(root)) {
        if (y.empty() || !std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        int year = std::stoi(y);
        std::vector<OrderIndexRow> index;
        fs::path index_file = order_index_path(share, year);
        try {
            index = parse_order_index(fsio::read_file_if_exists(index_file).value_or(""), index_file.string());
        } catch (const Error& e) {
            out.push_back({e.file(), e.line(), e.what()});
        }
        for (std::int64_t n : claimed_numbers(share.numbers_of("order", year))) {
            try {
                Order o = load_order(share, Identity::current(), year, n);
                if (o.number != n || o.year != year)
                    out.push_back({order_path(share, year, n).string(), 0,
                                   fmt::format(fmt::runtime(tr("holds order {}-{} but its number is {}-{}")), o.year, o.number, year, n)});
                auto it = std::find_if(index.begin(), index.end(), [&](const OrderIndexRow& r) { return r.number == n; });
                if (it == index.end())
                    out.push_back({index_file.string(), 0, fmt::format(fmt::runtime(tr("order {}-{} is missing from the index")), year, n)});
                else if (it->status != o.status)
                    out.push_back({index_file.string(), it->line,
                                   fmt::format(fmt::runtime(tr("order {}-{} is '{}' in the index but '{}' in its file")), year, n, it->status, o.status)});
            } catch (const Error& e) {
                out.push_back({e.file(), e.line(), e.what()});
            }
        }
    }
    return out;
}

}  // namespace gefest
