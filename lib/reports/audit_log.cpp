// gefest log: the journal rows of a period, filtered by order, client or person, as
// people read them. See reports/audit_log.h.
#include "reports/audit_log.h"

#include <set>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/orders.h"
#include "procedure/order.h"
#include "reports/report_commands.h"

namespace gefest {

namespace {

std::string whole_number(const std::string& text, const char* option) {
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("{} '{}' is not a number")), option, text));
    return std::to_string(std::stoll(text));
}

// "2026-5" or "5" (this year's) → "2026-5".
std::string order_key(const std::string& text) {
    const auto dash = text.find('-');
    if (dash == std::string::npos) return fmt::format("{}-{}", now().date.year, whole_number(text, "--order"));
    if (dash != 4) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--order '{}' is not an order: YYYY-N or N")), text));
    return whole_number(text.substr(0, 4), "--order") + "-" + whole_number(text.substr(5), "--order");
}

// Which rows belong to an order or a client: the objects learnt so far (its orders, their
// invoices) grow as the journal is read, since it comes in time order.
class Selection {
public:
    Selection(std::string order, std::string client, std::string person)
        : client_(std::move(client)), person_(std::move(person)) {
        if (!order.empty()) add_order(order);
        if (!client_.empty()) objects_.insert("client:" + client_);
    }
    /// Orders of the client known from the orders index.
    void add_order(const std::string& key) {
        objects_.insert(events::order_object_prefix + key);
        orders_.insert(key);
    }

    bool wants(const Event& e) {
        if (!person_.empty() && e.login != person_ && e.on_behalf != person_ && e.object != "staff:" + person_) return false;
        if (orders_.empty() && client_.empty()) return true;
        learn(e);
        if (objects_.count(e.object)) return true;
        const auto& d = e.data;
        if (d.is_object() && d.contains("order") && d["order"].is_string() && orders_.count(d["order"].get<std::string>())) return true;
        if (!client_.empty() && d.is_object())
            for (const char* key : {"client", "client_id", "gone", "kept"})
                if (d.contains(key) && d[key].is_number_integer() && std::to_string(d[key].get<std::int64_t>()) == client_) return true;
        if (d.is_object() && d.contains("allocations") && d["allocations"].is_object())
            for (const auto& [invoice, amount] : d["allocations"].items())
                if (objects_.count("invoice:" + invoice)) return true;
        return false;
    }

private:
    // An order of the client made now; an invoice of one of the orders issued now.
    void learn(const Event& e) {
        const auto& d = e.data;
        if (!d.is_object()) return;
        if (!client_.empty() && e.kind == events::OrderNew::kind && d.contains("client") && d["client"].is_number_integer() &&
            std::to_string(d["client"].get<std::int64_t>()) == client_)
            add_order(events::key_of(e.object, events::order_object_prefix));
        if (d.contains("order") && d["order"].is_string() && orders_.count(d["order"].get<std::string>()) && e.object.rfind("invoice:", 0) == 0)
            objects_.insert(e.object);
        if (e.kind == events::OrderInvoice::kind && objects_.count(e.object) && d.contains("invoice") && d["invoice"].is_string())
            objects_.insert("invoice:" + d["invoice"].get<std::string>());
    }

    std::string client_, person_;
    std::set<std::string> objects_, orders_;
};

}  // namespace

std::vector<AuditEntry> audit_log(Session& session, const AuditOptions& o) {
    const std::string order = o.order.empty() ? "" : order_key(o.order);
    const std::string client = o.client.empty() ? "" : whole_number(o.client, "--client");
    ReportPeriod period;
    if (!order.empty() && o.month.empty() && o.from.empty() && o.to.empty())
        period = {Date{std::stoi(order.substr(0, 4)), 1, 1}, now().date};  // the order's whole life so far
    else
        period = report_period({o.month, o.from, o.to});
    if (period.to < period.from)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the period ends ({}) before it starts ({})")), period.to.iso(), period.from.iso()));
    Selection selection(order, client, o.person);
    if (!client.empty())  // orders made before the period: the index of each year, one file a year
        for (int year = period.from.year; year <= period.to.year; ++year)
            for (const auto& row : load_order_index(session.store(), session.settings(), year))
                if (row.client_id == client) selection.add_order(fmt::format("{}-{}", year, row.number));
    JournalFilter in_period;
    in_period.since = DateTime{period.from, 0, 0, 0};
    in_period.until = DateTime{period.to, 23, 59, 59};
    const Staff& staff = session.staff();
    session.process();  // read before the journal: describe_event names roles by it
    std::vector<AuditEntry> out;
    session.store().for_each_event(
        period.from.month_key(), period.to.month_key(),
        [&](const Event& e) {
            if (!selection.wants(e)) return;
            AuditEntry a{e.time, e.login, e.on_behalf, "", e.kind, e.object, describe_event(e, session.process()), fmt::format("{}:{}", e.source, e.line)};
            if (const StaffMember* m = staff.find_listed(e.on_behalf.empty() ? e.login : e.on_behalf)) a.name = m->name;
            out.push_back(std::move(a));
        },
        in_period);
    return out;
}

}  // namespace gefest
