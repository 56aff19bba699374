// The money of a cash order (lib/procedure/cash_order.h).
#include "procedure/cash_order.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "procedure/events/orders.h"

namespace gefest {

void cash_receipt_can_do(const Order& o) {
    if (o.payment != Payment::cash)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is non-cash: its money comes to its invoice (gefest invoice pay)")), o.key()));
    if (o.status == order_status::cancelled) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is cancelled")), o.key()));
    if (!o.cash_receipt.empty()) {
        Date d;
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("the cash of order {} is recorded already: receipt {} of {}, {}")), o.key(),
                                             o.cash_receipt, Date::try_parse(o.cash_date, d) ? d.russian() : o.cash_date, format_money(o.cash)));
    }
    const OrderStep* registered = o.step("5.2.3.7");
    if (!registered || !registered->done())
        throw Error(Errc::state,
                    fmt::format(fmt::runtime(tr("order {} is not registered yet (step 5.2.3.7): gefest order cash {}")), o.key(), o.number));
}

void require_cash_received(const Order& o) {
    if (o.payment != Payment::cash || !o.cash_receipt.empty()) return;
    throw Error(Errc::state, fmt::format(fmt::runtime(tr("the cash of order {} is not recorded: gefest order cash-receipt {} --amount SUM --receipt NUMBER")),
                                         o.key(), o.number));
}

namespace {

std::string receipt_key(const std::string& date, const std::string& receipt) { return date.substr(0, 4) + "/" + receipt; }

}  // namespace

Order order_cash_receipt(Session& session, const CashReceiptOptions& opt) {
    session.writing();
    session.require_step("5.2.3.7");
    input::require_name(opt.receipt, "--receipt", 40);
    const Money amount = parse_money(opt.amount);
    input::require_amount(amount, "--amount");
    const Date today = now().date;
    const Date date = opt.date.empty() ? today : Date::parse(opt.date, "--date");
    Order o = load_order(session.store(), opt.order.year ? opt.order.year : today.year, opt.order.number);
    session.require_order_step("5.2.3.7", "", o.manager, o.key());
    cash_receipt_can_do(o);
    if (date < Date::parse(o.date, "date") || today < date)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("receipt date {} is not between the order's date {} and today")), date.russian(),
                                            Date::parse(o.date, "date").russian()));
    const Money total = order_totals(session.settings(), o).total;
    if (amount != total)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("--amount {} does not match the total of order {}: {}")), format_money(amount), o.key(),
                                             format_money(total)));
    const std::string key = receipt_key(date.iso(), opt.receipt);
    if (session.store().has_key("cash_receipt", key))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("receipt {} of {} is recorded already (on another order): check its number")), opt.receipt,
                                             date.year));
    const std::string who = session.actor().login, at = now().iso();
    auto apply = [&](Order& x) {
        cash_receipt_can_do(x);
        if (order_totals(session.settings(), x).total != amount)
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} changed meanwhile: its total is no longer {}")), x.key(), format_money(amount)));
        x.cash = amount;
        x.cash_receipt = opt.receipt;
        x.cash_date = date.iso();
        x.cash_by = who;
        x.cash_at = at;
    };
    Order trial = o;
    apply(trial);
    if (!session.store().keep_key("cash_receipt", key, "order:" + o.key()))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("receipt {} of {} is recorded already (on another order): check its number")), opt.receipt,
                                             date.year));
    o = change_order(session, o.year, o.number, apply);
    events::OrderCash row{.amount = amount, .receipt = opt.receipt, .date = date.iso(), .status = o.status};
    session.record(events::make_event(row, "order:" + o.key()));
    return o;
}

}  // namespace gefest
