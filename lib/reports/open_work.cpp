// The open work of process control and its derived state; see reports/open_work.h.
#include "reports/open_work.h"

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/order.h"

namespace gefest {

namespace {

// An invoice is watched while it is issued, sent or partly paid.
bool watched(const std::string& status) {
    return status == invoice_status::issued || status == invoice_status::sent || status == invoice_status::partly_paid;
}

}  // namespace

std::vector<std::string> OpenWork::kinds() {
    std::vector<std::string> k = {events::order_kind_prefix, events::claim_kind_prefix, events::InvoiceIssue::kind, events::InvoiceSend::kind,
                                  events::InvoiceCancel::kind, events::InvoicePaid::kind, events::InvoiceBalance::kind};
    for (const auto& f : inquiry_follow_up_kinds()) k.push_back(f);
    return k;
}

void OpenWork::apply(const Event& e) {
    orders_.apply(e);
    inquiries_.apply(e);
    if (e.kind == events::ClaimNew::kind) claims_[events::key_of(e.object, "claim:")] = e;
    else if (e.kind == events::ClaimResolve::kind) resolved_.insert(events::key_of(e.object, "claim:"));
    else if (e.object.rfind("invoice:", 0) == 0) apply_invoice(e);
}

void OpenWork::apply_invoice(const Event& e) {
    const std::string key = events::key_of(e.object, "invoice:");
    if (e.kind == events::InvoiceIssue::kind) {
        const auto r = events::read_event<events::InvoiceIssue>(e);
        Invoice i;
        try {
            std::tie(i.year, i.number) = parse_invoice_key(key, 0);
        } catch (const Error&) {
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("'{}' is not an invoice key")), e.object), e.source);
        }
        i.date = r.date;
        i.order = r.order;
        i.client = r.client;
        i.client_inn = r.inn;
        i.total = r.total;
        i.vat = r.vat;
        i.due = r.due;
        i.status = r.status.empty() ? invoice_status::issued : r.status;
        invoices_[key] = std::move(i);
        return;
    }
    auto it = invoices_.find(key);
    if (it == invoices_.end()) return;  // issued before the journal had its row, or closed
    Invoice& i = it->second;
    if (e.kind == events::InvoiceSend::kind) {
        if (i.status == invoice_status::issued) i.status = invoice_status::sent;  // as the register does
    } else if (e.kind == events::InvoiceBalance::kind) {
        const auto r = events::read_event<events::InvoiceBalance>(e);
        i.paid = r.paid;
        i.status = r.status;
    } else if (e.kind == events::InvoiceCancel::kind || e.kind == events::InvoicePaid::kind) {
        i.status = e.kind == events::InvoicePaid::kind ? invoice_status::paid : invoice_status::cancelled;
    }
    if (!watched(i.status)) invoices_.erase(it);
}

std::vector<Invoice> OpenWork::open_invoices() const {
    std::vector<Invoice> out;
    out.reserve(invoices_.size());
    for (const auto& [key, i] : invoices_) out.push_back(i);
    std::sort(out.begin(), out.end(), [](const Invoice& a, const Invoice& b) { return std::tie(a.year, a.number) < std::tie(b.year, b.number); });
    return out;
}

std::map<std::string, Event> OpenWork::open_claims() const {
    std::map<std::string, Event> open = claims_;
    for (const auto& k : resolved_) open.erase(k);
    return open;
}

void OpenWork::compact() {
    claims_ = open_claims();
    resolved_.clear();
    std::set<std::string> claimed;  // orders an open claim is about: their rows show the order's payment
    for (const auto& [key, e] : claims_) claimed.insert(events::read_event<events::ClaimNew>(e).order);
    orders_.forget([&](const OrderTrace& o) {
        return (o.status == order_status::cancelled || o.status == order_status::shipped) && !claimed.count(o.key);
    });
    inquiries_.keep_open();
}

namespace {

using Saved = OpenWorkState;

std::optional<Saved> load_saved(const Store& store) {
    const auto bytes = store.read_derived(open_work_file);
    if (!bytes) return std::nullopt;
    return decode_open_work(*bytes);  // a state this gefest cannot read is rebuilt, never trusted
}

void save(Store& store, const Saved& s) {
    try {
        store.write_derived(open_work_file, encode_open_work(s));
    } catch (const Error&) {
        // A share this user cannot write (or a full disk): the next run reads more.
    }
}

}  // namespace

OpenWork replay_open_work(const Journal& journal, const DateTime& as_of) {
    OpenWork work;
    JournalFilter up_to;
    up_to.until = as_of;
    up_to.kinds = OpenWork::kinds();
    journal.for_each("0000-00", as_of.date.month_key(), [&](const Event& e) { work.apply(e); }, nullptr, up_to);
    return work;
}

namespace {

// Thrown by the first row appended since the state was saved: it must be read whole.
struct RowsAppended {};

// The work of the sections of the kept state that make rows `only` owes or is informed
// of, if the state is current: nothing appended since (not even rows it does not take,
// which move its marks: the whole state is then saved again), `as_of` not before it.
std::optional<OpenWork> kept_work_of(Session& session, const DateTime& as_of, const StaffMember& only) {
    const Store& store = session.store();
    const Journal& journal = session.journal();
    const OpenWorkBytes read = [&](std::uint64_t from, std::uint64_t to) { return store.read_derived_range(open_work_file, from, to); };
    const OpenWorkHeadCheck current = [&](const OpenWorkState& head) {
        if (as_of < head.newest) return false;
        Journal::Marks marks = head.marks;
        JournalFilter rows;
        rows.until = as_of;
        rows.kinds = OpenWork::kinds();
        try {
            const auto got = journal.for_each_after(marks, [](const Event&) { throw RowsAppended{}; }, nullptr, rows);
            return got == Journal::After::read && marks == head.marks;
        } catch (const RowsAppended&) {
            return false;
        }
    };
    const Process& process = session.process();
    const Staff& staff = session.staff();
    const OpenWorkSectionWanted wanted = [&](const OpenWork& sample) { return !todo_of(control_rows(sample, as_of, process, staff), only).empty(); };
    auto s = read_open_work(read, wanted, current);
    if (!s) return std::nullopt;
    return std::move(s->work);
}

}  // namespace

OpenWork open_work_now(Session& session, const DateTime& as_of, const StaffMember* only) {
    if (only)
        if (auto work = kept_work_of(session, as_of, *only)) return std::move(*work);
    Journal& journal = session.journal();
    Saved s = load_saved(session.store()).value_or(Saved{});
    if (as_of < s.newest) return replay_open_work(journal, as_of);
    JournalFilter rows;
    rows.until = as_of;
    rows.kinds = OpenWork::kinds();
    // Compacted as it goes, as between two runs: rebuilding from a year of a million rows
    // holds the open work and the last rows read, not every inquiry of the year.
    constexpr std::size_t compact_every = 100000;
    auto read = [&](Saved& into) {
        std::size_t applied = 0;
        return journal.for_each_after(
            into.marks,
            [&](const Event& e) {
                into.work.apply(e);
                if (into.newest < e.time) into.newest = e.time;
                if (++applied % compact_every == 0) into.work.compact();
            },
            nullptr, rows);
    };
    const Journal::Marks before = s.marks;
    Journal::After got = read(s);
    if (got == Journal::After::stale) {
        s = Saved{};
        got = read(s);
    }
    if (got != Journal::After::read) return replay_open_work(journal, as_of);
    s.work.compact();
    if (s.marks != before) save(session.store(), s);  // nothing new: nothing written
    return std::move(s.work);
}

}  // namespace gefest
