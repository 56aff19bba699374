// The open work of process control (5.2.9): orders not yet shipped or cancelled, inquiries
// without an end, claims not resolved, invoices not paid or cancelled. Replayed from the journal row by row (OpenWork),
// and kept between runs as a derived state (open_work_now): the state after the rows
// read so far, with the journal marks (Journal::Marks) saying where in each segment the
// reading stopped. `report control` and `report todo` then read only what was appended
// since, not years of history; a state whose marks no longer fit the journal, or that
// cannot be read, is rebuilt from the whole journal.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "procedure/inquiry_follow_up.h"
#include "procedure/invoice.h"
#include "reports/report.h"
#include "store/session.h"

namespace gefest {

struct OpenWorkState;

/// The open work as the journal's rows make it, applied in journal order.
class OpenWork {
public:
    /// The kinds of rows apply() takes (JournalFilter::kinds).
    static std::vector<std::string> kinds();
    /// Takes an order.*, claim.*, call.*, inquiry.close, invoice.* row (others are ignored).
    /// Error(data) FILE:LINE for a malformed one.
    void apply(const Event& event);
    /// Forgets what no control row can come from any more: shipped and cancelled orders
    /// (but those an open claim is about), ended inquiries, resolved claims, and what was
    /// kept only to end them. The rows of control_rows() are the same before and after.
    void compact();

    const OrderReplay& orders() const { return orders_; }
    std::vector<Inquiry> open_inquiries() const { return inquiries_.open(); }
    /// Open claims: claim key → its claim.new row.
    std::map<std::string, Event> open_claims() const;
    /// The invoices to watch (5.2.4.3): issued and not yet paid in full or cancelled, as
    /// their invoice.issue, invoice.send and invoice.balance rows left them.
    std::vector<Invoice> open_invoices() const;

private:
    friend std::string encode_open_work(const OpenWorkState& state);
    friend std::optional<OpenWorkState> decode_open_work(std::string_view bytes);

    OrderReplay orders_;
    InquiryFollowUp inquiries_;
    std::map<std::string, Event> claims_;  ///< claim key → its claim.new row
    std::set<std::string> resolved_;       ///< claims resolved (a resolve wins whatever the order)
    std::map<std::string, Invoice> invoices_;  ///< invoice key → an invoice not paid or cancelled

    void apply_invoice(const Event& event);
};

/// The open work saved between runs, and where in the journal it stands.
struct OpenWorkState {
    OpenWork work;
    Journal::Marks marks;  ///< where the reading of each segment stopped
    DateTime newest;       ///< the latest row read into it
};

/// The state as the bytes of the derived file (reports/open_work_state.cpp says the
/// format). Throws nothing but std::bad_alloc.
std::string encode_open_work(const OpenWorkState& state);
/// The state of bytes encode_open_work wrote; nullopt for anything else (another format,
/// a failed checksum, bytes that do not parse to the end): never a partial state.
/// Throws nothing but std::bad_alloc.
std::optional<OpenWorkState> decode_open_work(std::string_view bytes);

/// The control rows of `work` as of `as_of` (see build_control_report).
std::vector<ControlRow> control_rows(const OpenWork& work, const DateTime& as_of, const Process& process, const Staff& staff);

/// The open work as of `as_of` from a replay of every journal month up to it.
/// Error(data) FILE:LINE for a damaged row.
OpenWork replay_open_work(const Journal& journal, const DateTime& as_of);

/// The open work as of `as_of`: the derived state «open-work» (open_work_file) of the store brought
/// up to date with the rows appended since it was saved (Journal::for_each_after), then
/// saved again (best effort: a share that cannot be written just does not keep it).
/// A state that is absent, unreadable, of another format or whose marks no longer fit
/// the journal is rebuilt from the whole journal; a question about the past (rows after
/// `as_of` were read already, or are found) is answered by a full replay up to `as_of`
/// and saves nothing. Error(data) FILE:LINE for a damaged journal row.
OpenWork open_work_now(Session& session, const DateTime& as_of);

/// The file name of the derived state in the store.
/// (A state "open-work.json" of an older gefest is left alone and not read.)
inline const char* const open_work_file = "open-work";

}  // namespace gefest
