// Inquiries followed to their end: an order, an application after them, or an outcome
// recorded with `gefest call close`. See procedure/inquiry_follow_up.h.
#include "procedure/inquiry_follow_up.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/orders.h"

namespace gefest {

namespace {

std::string bare_id(std::string id) {
    if (id.rfind("call:", 0) == 0) id = id.substr(5);
    return id;
}

}  // namespace

const std::vector<std::string>& inquiry_outcomes() {
    static const std::vector<std::string> o = {"refused", "no_answer", "duplicate", "consulted", "other"};
    return o;
}

std::string inquiry_step(const std::string& channel) {
    static const std::map<std::string, std::string> steps = {{"new", "5.2.1.1"},   {"existing", "5.2.1.2"}, {"visit", "5.2.1.3"},
                                                             {"email", "5.2.1.4"}, {"request", "5.2.2.1"},  {"site", "5.2.2.2"}};
    auto it = steps.find(channel);
    return it == steps.end() ? "" : it->second;
}

const std::vector<std::string>& inquiry_follow_up_kinds() {
    static const std::vector<std::string> k = {events::CallInquiry::kind_prefix, events::InquiryClose::kind, events::OrderNew::kind};
    return k;
}

void InquiryFollowUp::apply(const Event& e) {
    if (e.kind.rfind(events::CallInquiry::kind_prefix, 0) == 0) {
        add(Inquiry::from_event(e));
    } else if (e.kind == events::InquiryClose::kind) {
        const auto row = events::read_event<events::InquiryClose>(e);
        ended_[bare_id(row.id.empty() ? e.object : row.id)].outcome = row.outcome;
    } else if (e.kind == events::OrderNew::kind) {
        const auto row = events::read_event<events::OrderNew>(e);
        const std::string order = events::key_of(e.object, events::order_object_prefix);
        if (!row.call.empty()) ended_[bare_id(row.call)].order = order;
        if (row.client) client_orders_[row.client].emplace_back(e.time, order);
    }
}

void InquiryFollowUp::add(Inquiry q) {
    if (q.channel == "request" && !q.ref.empty() && !ended_.count(bare_id(q.ref))) ended_[bare_id(q.ref)].by = q.id;
    inquiries_.push_back(std::move(q));
}

std::optional<InquiryFollowUp::End> InquiryFollowUp::end_of(const std::string& id) const {
    const std::string key = bare_id(id);
    if (auto it = ended_.find(key); it != ended_.end()) return it->second;
    for (const auto& q : inquiries_) {
        if (q.id != key) continue;
        if (auto it = client_orders_.find(q.client); it != client_orders_.end())
            for (const auto& [time, order] : it->second)
                if (!(time < q.time)) return End{order, "", ""};
    }
    return std::nullopt;
}

std::vector<Inquiry> InquiryFollowUp::open() const {
    // What end_of says of each, without a search per inquiry (a year holds a million): an
    // inquiry is ended by an outcome, an application or an order made from it, or by any
    // order of its client at or after it, so by its client's latest order.
    std::unordered_map<std::int64_t, DateTime> latest;
    for (const auto& [client, orders] : client_orders_)
        for (const auto& [time, order] : orders)
            if (auto& t = latest[client]; t < time) t = time;
    std::vector<Inquiry> out;
    for (const auto& q : inquiries_) {
        if (ended_.count(bare_id(q.id))) continue;
        if (auto it = latest.find(q.client); it != latest.end() && !(it->second < q.time)) continue;
        out.push_back(q);
    }
    return out;
}

void InquiryFollowUp::keep_open() {
    inquiries_ = open();
    ended_.clear();
    client_orders_.clear();
}

events::InquiryClose call_close(Session& session, const CallCloseOptions& o) {
    session.writing();
    const auto& outcomes = inquiry_outcomes();
    if (std::find(outcomes.begin(), outcomes.end(), o.outcome) == outcomes.end())
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--outcome '{}': outcomes are {}")), o.outcome, fmt::join(outcomes, ", ")));
    if (o.outcome == "other" && o.note.find_first_not_of(" \t") == std::string::npos)
        throw Error(Errc::usage, tr("--outcome other needs --note saying what happened"));
    auto q = find_inquiry(session.store(), o.id);
    if (!q) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no inquiry '{}' (see gefest call list)")), o.id));
    // The owner of the process answers for every inquiry (5.2); others by the matrix.
    if (!session.actor_is_owner()) session.require_step(inquiry_step(q->channel));
    InquiryFollowUp follow;
    JournalFilter rows;
    rows.since = q->time;
    rows.kinds = inquiry_follow_up_kinds();
    session.store().for_each_event(q->time.date.month_key(), now().date.month_key(), [&](const Event& e) { follow.apply(e); }, rows);
    if (auto end = follow.end_of(q->id)) {
        if (!end->outcome.empty())
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry {} is closed already: {}")), q->id, end->outcome));
        if (!end->order.empty())
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry {} has order {}: nothing to close")), q->id, end->order));
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry {} is followed by application {}: nothing to close")), q->id, end->by));
    }
    events::InquiryClose row{q->id, o.outcome, o.note, q->client, q->client_name, q->manager};
    // Two people closing it at once: the key lets one of them through.
    if (!session.store().keep_key("inquiry-close", q->id, o.outcome))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("inquiry {} was closed a moment ago by someone else")), q->id));
    try {
        session.record(events::make_event(row, "call:" + q->id));
    } catch (...) {
        session.store().forget_key("inquiry-close", q->id);
        throw;
    }
    return row;
}

}  // namespace gefest
