#include "reports/report.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "procedure/calls.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/orders.h"
#include "procedure/inquiry_follow_up.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "reports/month_facts.h"
#include "reports/order_facts.h"
#include "reports/report_tables.h"

namespace gefest {

namespace {

DateTime end_of(const Date& d) { return DateTime{d, 23, 59, 59}; }

GroupTotals& group(std::map<std::string, GroupTotals>& m, const std::string& name) {
    GroupTotals& g = m[name];
    g.name = name;
    return g;
}

void count_order(GroupTotals& g, const OrderFacts& o) {
    ++g.orders;
    if (o.cancelled()) {
        ++g.cancelled;
        return;
    }
    if (o.paid()) ++g.paid;
    if (o.shipped()) ++g.shipped;
    if (!o.draft()) {  // an order never confirmed is no revenue (issue 14)
        ++g.confirmed;
        g.revenue += o.amount;
    }
    g.to_invoice.add_seconds(o.created, o.invoiced);
    g.to_payment.add_seconds(o.invoiced != 0 ? o.invoiced : o.created, o.paid_at);
    g.to_shipment.add_seconds(o.paid_at != 0 ? o.paid_at : o.created, o.shipped_at);
}

std::string_view display_status(const OrderFacts& o, const OrderFactsReplay& replay) {
    if (o.cancelled()) return order_status::cancelled;
    if (o.shipped()) return "shipped";
    if (o.paid()) return "paid";
    return replay.text(o.status);
}

}  // namespace

std::int64_t GroupTotals::conversion_bp() const { return inquiries ? round_div(orders * 10000, inquiries) : 0; }

std::int64_t GroupTotals::avg_days_x100() const { return lead_count ? round_div(lead_seconds * 100, 86400 * lead_count) : 0; }

std::int64_t GroupTotals::avg_score_x100() const { return surveys ? round_div(score_sum * 100, surveys) : 0; }

void Interval::add(const DateTime& a, const DateTime& b) { add_seconds(a == DateTime{} ? 0 : a.seconds(), b == DateTime{} ? 0 : b.seconds()); }

void Interval::add_seconds(std::int64_t a, std::int64_t b) {
    if (a == 0 || b == 0 || b < a) return;
    ++count;
    seconds += b - a;
}

std::int64_t Interval::avg_days_x100() const { return count ? round_div(seconds * 100, 86400 * count) : 0; }

RequestRowView RequestRow::view() const {
    return {time.seconds(), kind, id, channel, client, client_name, new_client, source, manager, asked, outcome, order, amount, status};
}

RequestRow RequestRowView::row() const {
    RequestRow r;
    r.time = DateTime::from_seconds(time);
    r.kind = kind;
    r.id = id;
    r.channel = channel;
    r.client = client;
    r.client_name = client_name;
    r.new_client = new_client;
    r.source = source;
    r.manager = manager;
    r.asked = asked;
    r.outcome = outcome;
    r.order = order;
    r.amount = amount;
    r.status = status;
    return r;
}


namespace {

using report_tables::ClientSourceMap;
using report_tables::Groups;
using report_tables::InquiryLinks;

// A report of form 02-006-01 while it is built. Inquiries are counted as they are read and
// leave only their link (InquiryLinks) unless the rows are kept; orders are replayed and
// joined afterwards. With the rows streamed, the inquiries are read a second time as the
// rows are written (stream_rows), the orders joined from what the first pass kept.
struct RequestsBuild {
    struct Survey {
        std::string manager, month;
        std::int64_t score = 0;
        std::int64_t at = 0;   ///< when it was recorded (DateTime::seconds)
        bool replace = false;  ///< it replaced an earlier score
    };
    // An order of the period not shown on its inquiry's row: a row of its own.
    struct OrderOnly {
        const OrderFacts* order;
        std::uint32_t source;
    };
    RequestsReport r;
    RequestsDetail detail = RequestsDetail::rows;
    InquiryLinks inquiries;
    ClientSourceMap client_src;  // client → latest source of the period (its index in src)
    OrderFactsReplay replay;
    std::map<std::string, Survey> surveys;  // order → its survey (the last one wins)
    Groups src, mgr;  // by source (every source seen, numbered), by manager
    std::vector<std::pair<std::uint32_t, const OrderFacts*>> order_at;  // inquiry pos → the first order made from it
    std::vector<OrderOnly> order_rows;                                   // by time, then key (streamed)

    Store* facts = nullptr;  // the store of the months' kept facts, when they are read (month_facts.h)
    const ClientMerges* merges = nullptr;
    const ClientSources* sources = nullptr;  // only while built
    ClientMerges kept_merges;                // streamed: merges kept for the second pass
    std::map<std::string, std::uint64_t> kept_sums;  // month → the checksum of its kept facts, as the first pass read them
    std::string reading;                     // the month the first pass reads
    report_tables::TextGroups src_of_text, mgr_of_text;  // of the month read

    // A client merged away is the client kept (id, name), never a new client of its own.
    template <class Name>
    bool follow_merge(std::int64_t& id, Name& name) const {
        if (!merges) return false;
        auto it = merges->find(id);
        if (it == merges->end()) return false;
        id = it->second.id;
        name = it->second.name;
        return true;
    }

    // The row of an inquiry (viewing `f` and the merges), its client the one kept if
    // merged away, no order yet.
    RequestRowView inquiry_view(const InquiryFact& f) const {
        RequestRowView row;
        row.time = f.time;
        row.kind = "inquiry";
        row.id = f.id;
        row.channel = f.channel;
        row.client = f.client;
        row.client_name = f.client_name;
        const bool merged = follow_merge(row.client, row.client_name);
        row.new_client = f.new_client && !merged;
        row.source = f.source;
        row.manager = f.manager;
        row.asked = f.asked;
        row.outcome = f.outcome;
        return row;
    }
    RequestRow inquiry_row(const InquiryFact& f) const { return inquiry_view(f).row(); }

    // An inquiry counted (its client the one kept if merged away).
    void count_inquiry(const InquiryFact& f) {
        std::int64_t client = f.client;
        std::string name;
        const bool merged = follow_merge(client, name);
        const bool new_client = f.new_client && !merged;
        const std::uint32_t source = src_of_text.id(src, f.source, f.source_no);
        const std::uint32_t manager = mgr_of_text.id(mgr, f.manager, f.manager_no);
        inquiries.add(f.id, f.time, source);
        if (!f.source.empty()) client_src.set(client, source);
        for (GroupTotals* g : {&src[source], &mgr[manager], &r.total}) {
            ++g->inquiries;
            if (new_client) ++g->new_clients;
        }
    }

    void count_survey(const SurveyFact& f) {
        // Rows of one second are read in segment order (by login), not in the order
        // written: a score replaced in the same second as the first one (by someone
        // else) may come first, and must still win over the one it replaced.
        auto it = surveys.find(f.order);
        if (it != surveys.end() && it->second.replace && !f.replace && it->second.at == f.time) return;
        surveys[f.order] = {f.manager, DateTime::from_seconds(f.time).date.month_key(), f.score, f.time, f.replace};
    }

    /// What each fact does to the report (with the rows kept, an inquiry's row too); the
    /// checksums of the kept files read noted in kept_sums.
    MonthFactsVisit visit() {
        return {[this](const InquiryFact& f) {
                    count_inquiry(f);
                    if (detail == RequestsDetail::rows) r.rows.push_back(inquiry_row(f));
                },
                [this](const OrderRowFact& f) { replay.apply(f); }, [this](const SurveyFact& f) { count_survey(f); },
                [this](std::uint64_t sum) { kept_sums[reading] = sum; }};
    }

    // Visits the facts of the period: of each month kept in `facts` (whole months that no
    // longer change), else of the journal's rows (`filter`). `month_begins` is told each
    // month before its facts and says how its kept file is read (visit_month_facts' `once`).
    void each_fact(const Journal& journal, const JournalFilter& filter, const MonthFactsVisit& visit,
                   const std::function<std::optional<std::uint64_t>(const std::string& month)>& month_begins) const {
        const std::string from = filter.since.date.month_key(), to = filter.until.date.month_key();
        if (facts) {
            for (const auto& month : journal.months())
                if (month >= from && month <= to) visit_month_facts(journal, *facts, month, visit, std::size_t{1} << 20, month_begins(month));
        } else {
            journal.for_each(from, to, [&](const Event& e) { visit_row_fact(e, visit); }, nullptr, filter);
        }
    }

    // The source of an order not made from an inquiry of the period: its client's latest
    // of the period, else the client base's.
    std::string source_of(std::int64_t client) const {
        if (auto found = client_src.find(client)) return src.name(*found);
        if (auto it = sources->find(client); it != sources->end()) return it->second;
        return "";
    }

    // The first order made from the inquiry at `pos` (order_at), or nullptr.
    const OrderFacts* first_order_of(std::uint32_t pos) const {
        auto it = std::lower_bound(order_at.begin(), order_at.end(), pos, [](const auto& a, std::uint32_t p) { return a.first < p; });
        return it != order_at.end() && it->first == pos ? it->second : nullptr;
    }

    template <class Row>
    void fill_order(Row& row, const OrderFacts& o) const {
        row.order = *o.key;
        row.amount = o.amount;
        row.status = display_status(o, replay);
    }

    // The row of an order not shown on its inquiry's row (viewing the replay's strings).
    RequestRowView order_view(const OrderFacts& o, std::string_view source) const {
        RequestRowView row;
        row.time = o.created;
        row.kind = "order";
        row.id = *o.key;
        row.channel = replay.text(o.payment);
        row.client = o.client;
        row.client_name = o.client_name;
        follow_merge(row.client, row.client_name);
        row.source = source;
        row.manager = replay.text(o.manager);
        fill_order(row, o);
        return row;
    }
    RequestRow order_row(const OrderFacts& o, const std::string& source) const { return order_view(o, source).row(); }

    // Every order counts in its groups; one made from an inquiry of the period is shown on
    // that inquiry's row (the first one made from it), any other on a row of its own.
    void join_orders() {
        inquiries.seal();
        struct Joined {
            const OrderFacts* order;
            std::optional<InquiryLinks::Link> made_from;  // the inquiry of the period it was made from
        };
        std::vector<Joined> by_time;
        for (const auto& [key, o] : replay.orders()) by_time.push_back({&o, o.call.empty() ? std::nullopt : inquiries.find(o.call)});
        std::stable_sort(by_time.begin(), by_time.end(), [](const Joined& a, const Joined& b) { return a.order->created < b.order->created; });
        // Inquiry pos → the first order made from it.
        for (const auto& j : by_time)
            if (j.made_from) order_at.emplace_back(j.made_from->pos, j.order);
        std::stable_sort(order_at.begin(), order_at.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        order_at.erase(std::unique(order_at.begin(), order_at.end(), [](const auto& a, const auto& b) { return a.first == b.first; }), order_at.end());
        if (detail == RequestsDetail::rows)
            for (const auto& [pos, o] : order_at) fill_order(r.rows[pos], *o);
        for (const auto& [o, made_from] : by_time) {
            std::int64_t client = o->client;
            std::string client_name = o->client_name;
            follow_merge(client, client_name);
            const std::string source = made_from ? src.name(made_from->source) : source_of(client);
            const bool on_its_inquiry = made_from && first_order_of(made_from->pos) == o;
            for (GroupTotals* g : {&src[source], &mgr[replay.text(o->manager)], &r.total}) {
                count_order(*g, *o);
                if (on_its_inquiry) {
                    ++g->lead_count;
                    g->lead_seconds += o->created - made_from->time;
                }
            }
            if (on_its_inquiry) continue;  // shown on its inquiry's row
            ++r.row_count;
            if (detail == RequestsDetail::rows) r.rows.push_back(order_row(*o, source));
            if (detail == RequestsDetail::streamed) order_rows.push_back({o, src.id(source)});
        }
        r.row_count += inquiries.size();
        // The order rows come by time, then key (the order of sort_rows).
        std::stable_sort(order_rows.begin(), order_rows.end(), [](const OrderOnly& a, const OrderOnly& b) {
            return a.order->created != b.order->created ? a.order->created < b.order->created : *a.order->key < *b.order->key;
        });
    }

    void count_surveys() {
        std::map<std::string, GroupTotals> by_month;
        for (const auto& [order, survey] : surveys)
            for (GroupTotals* g : {&mgr[survey.manager], &group(by_month, survey.month), &r.total}) {
                ++g->surveys;
                g->score_sum += survey.score;
            }
        for (auto& [month, g] : by_month) r.surveys_by_month.push_back(g);
    }

    static bool earlier(const RequestRow& a, const RequestRow& b) {
        return a.time != b.time ? a.time < b.time : a.kind != b.kind ? a.kind < b.kind : a.id < b.id;
    }

    // By time, then kind and id: the inquiry rows (the first `inquiry_rows`) come in journal
    // order (sorted already but for rows of one second), the order rows by creation; both
    // kept stable, merged.
    void sort_rows(size_t inquiry_rows) {
        const auto orders_begin = r.rows.begin() + static_cast<std::ptrdiff_t>(inquiry_rows);
        if (!std::is_sorted(r.rows.begin(), orders_begin, earlier)) std::stable_sort(r.rows.begin(), orders_begin, earlier);
        std::stable_sort(orders_begin, r.rows.end(), earlier);
        std::inplace_merge(r.rows.begin(), orders_begin, r.rows.end(), earlier);
    }

    void list_groups() {
        for (auto& g : src.by_name())
            if (!g.name.empty()) r.by_source.push_back(g);
        for (auto& g : src.by_name())
            if (g.name.empty()) r.by_source.push_back(g);
        r.by_manager = mgr.by_name();
    }

    // The rows of RequestsDetail::streamed, in the order sort_rows gives: the inquiries read
    // again (only those the first pass saw: a row appended since is left out), each group
    // of one second sorted by id, merged with the order rows. Only one second's rows are
    // held (SecondRows: their texts copied only when a piece of the facts ends under
    // them); each row is handed over as a view.
    void stream_rows(const Journal& journal, const JournalFilter& filter, const RequestRowVisit& visit) const {
        report_tables::SecondRows second;
        auto next_order = order_rows.begin();
        auto joined = order_at.begin();
        // The order rows before `time`: at the same second, "inquiry" < "order".
        auto orders_before = [&](std::int64_t time) {
            for (; next_order != order_rows.end() && next_order->order->created < time; ++next_order)
                visit(order_view(*next_order->order, src.name(next_order->source)));
        };
        auto flush = [&] {
            if (second.empty()) return;
            orders_before(second.time());
            second.flush(visit);
        };
        // A month read from the kept facts the first pass read (the same checksum, read
        // once) holds the same inquiries in the same order: no look-up of each.
        bool same = false;
        std::optional<std::uint64_t> checked;
        auto month_begins = [&](const std::string& month) {
            auto it = kept_sums.find(month);
            same = false;
            return checked = it == kept_sums.end() ? std::nullopt : std::optional<std::uint64_t>(it->second);
        };
        auto kept = [&](std::uint64_t sum) { same = checked && sum == *checked; };
        std::uint32_t pos = 0;
        auto inquiry = [&](const InquiryFact& f) {
            bool first = same && inquiries.first_of_id(pos);
            if (!same) {
                const auto link = inquiries.find(f.id);
                if (!link) return;
                first = link->pos == pos;
            }
            if (!second.empty() && second.time() != f.time) flush();
            RequestRowView row = inquiry_view(f);
            if (first) {  // the first inquiry of its id: the one an order is shown on
                for (; joined != order_at.end() && joined->first < pos; ++joined) {
                }
                if (joined != order_at.end() && joined->first == pos) fill_order(row, *joined->second);
            }
            second.hold(row);
            ++pos;
        };
        try {
            each_fact(journal, filter, {inquiry, nullptr, nullptr, kept, [&second] { second.keep_texts(); }}, month_begins);
        } catch (const FactsNotGood& bad) {  // rows written already: no starting over
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("the kept report facts {} changed while they were read: run the report again")), bad.file));
        }
        flush();
        orders_before(std::numeric_limits<std::int64_t>::max());
    }
};

// build_requests_report, its months' kept facts read `once` (visit_month_facts) or each
// checked first. Throws what it throws, and FactsNotGood (`once`).
RequestsReport build_requests(const Journal& journal, const Date& from, const Date& to, const ClientSources& sources,
                              const ClientMerges& merges, RequestsDetail detail, Store* facts, bool once);

}  // namespace

RequestsReport build_requests_report(const Journal& journal, const Date& from, const Date& to, const ClientSources& sources,
                                     const ClientMerges& merges, RequestsDetail detail, Store* facts) {
    if (to < from) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the period ends ({}) before it starts ({})")), to.iso(), from.iso()));
    // Whole months that no longer change, and no rows kept: their facts (month_facts.h),
    // kept from an earlier run when current. The same rows in the same order.
    const bool whole_months = from.day == 1 && Date::from_days(to.days() + 1).day == 1;
    if (detail == RequestsDetail::rows || !whole_months || to.month_key() >= now().date.month_key()) facts = nullptr;
    // Else a period within one month holds that month's rows at most: one pass is cheaper
    // than streaming, which reads the inquiries twice.
    if (!facts && detail == RequestsDetail::streamed && from.month_key() == to.month_key()) detail = RequestsDetail::rows;
    // The months' kept facts are read once each, their checksums computed beside; one that
    // proves bad at its end (after its facts were counted) and the report starts over,
    // each file checked before it is read.
    try {
        return build_requests(journal, from, to, sources, merges, detail, facts, true);
    } catch (const FactsNotGood&) {
        return build_requests(journal, from, to, sources, merges, detail, facts, false);
    }
}

namespace {

RequestsReport build_requests(const Journal& journal, const Date& from, const Date& to, const ClientSources& sources,
                              const ClientMerges& merges, RequestsDetail detail, Store* facts, bool once) {
    auto b = std::make_shared<RequestsBuild>();
    b->facts = facts;
    b->detail = detail;
    b->inquiries = InquiryLinks(DateTime{from, 0, 0, 0}.seconds());
    b->replay = OrderFactsReplay(detail != RequestsDetail::totals);
    b->merges = &merges;
    b->sources = &sources;
    b->r.from = from;
    b->r.to = to;
    JournalFilter rows_of_the_period;
    rows_of_the_period.since = DateTime{from, 0, 0, 0};
    rows_of_the_period.until = end_of(to);
    rows_of_the_period.kinds = {events::CallInquiry::kind_prefix, events::order_kind_prefix, events::SurveyScore::kind};
    rows_of_the_period.light_data = true;  // every row is read through read_event (Inquiry::from_event)
    b->each_fact(journal, rows_of_the_period, b->visit(), [&b, once](const std::string& month) {
        b->reading = month;
        b->src_of_text.clear();
        b->mgr_of_text.clear();
        return once ? std::optional<std::uint64_t>(0) : std::nullopt;
    });
    const size_t inquiry_rows = b->r.rows.size();
    b->join_orders();
    b->count_surveys();
    if (detail == RequestsDetail::rows) b->sort_rows(inquiry_rows);
    b->list_groups();
    if (detail != RequestsDetail::streamed) return std::move(b->r);
    b->sources = nullptr;
    b->kept_merges = merges;  // the caller's may be gone when the rows are written
    b->merges = &b->kept_merges;
    RequestsReport out = std::move(b->r);
    JournalFilter inquiries_of_the_period = rows_of_the_period;
    inquiries_of_the_period.kinds = {events::CallInquiry::kind_prefix};
    out.each_row = [b, &journal, inquiries_of_the_period](const RequestRowVisit& visit) { b->stream_rows(journal, inquiries_of_the_period, visit); };
    return out;
}

}  // namespace

std::vector<FunnelStage> funnel_of(const RequestsReport& r) {
    return {{"inquiries", r.total.inquiries}, {"orders", r.total.orders}, {"confirmed", r.total.confirmed},
            {"paid", r.total.paid}, {"shipped", r.total.shipped}};
}

}  // namespace gefest
