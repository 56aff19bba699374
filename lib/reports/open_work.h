// The open work of process control (5.2.9): orders not yet shipped or cancelled, inquiries
// without an end, claims not resolved, invoices not paid or cancelled. Replayed from the journal row by row (OpenWork),
// and kept between runs as a derived state (open_work_now): the state after the rows
// read so far, with the journal marks (Journal::Marks) saying where in each segment the
// reading stopped. `report control` and `report todo` then read only what was appended
// since, not years of history; a state whose marks no longer fit the journal, or that
// cannot be read, is rebuilt from the whole journal.
#pragma once

#include <cstdint>
#include <functional>
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

class OpenWork;
struct OpenWorkState;

/// A part of a state's bytes: [from, to), fewer past its end; nullopt if it cannot be read.
using OpenWorkBytes = std::function<std::optional<std::string>(std::uint64_t from, std::uint64_t to)>;
/// Whether the records of a section of the state are wanted, asked with a work that holds
/// one record like them (a sample): the rows of the section's records are owed to and
/// seen by whom the sample's rows are (control_rows, todo_of).
using OpenWorkSectionWanted = std::function<bool(const OpenWork& sample)>;
/// Whether a state whose head (newest, marks; no work yet) was read is to be read on.
using OpenWorkHeadCheck = std::function<bool(const OpenWorkState& head)>;

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
    friend std::optional<OpenWorkState> read_open_work(const OpenWorkBytes& read, const OpenWorkSectionWanted& wanted,
                                                       const OpenWorkHeadCheck& head_check);

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
/// format): in sections by whom their rows are owed to. What compact() forgets is not
/// written: a state is of compacted work. Throws nothing but std::bad_alloc.
std::string encode_open_work(const OpenWorkState& state);
/// The state of bytes encode_open_work wrote; nullopt for anything else (another format,
/// a failed checksum, bytes that do not parse to the end): never a partial state.
/// Throws nothing but std::bad_alloc.
std::optional<OpenWorkState> decode_open_work(std::string_view bytes);
/// The state of the bytes `read` gives, with only the sections `wanted` (all when it is
/// empty): the open inquiries and the orders that make rows of their own are in sections
/// by whom the rows are owed to; the claims, the invoices and the other orders always
/// come. Reads the head, asks `head_check` (if given) whether to go on, then reads the
/// wanted sections, each checked; nullopt as decode_open_work, or when `head_check` says
/// no. Throws what `wanted` and `head_check` throw, and std::bad_alloc.
std::optional<OpenWorkState> read_open_work(const OpenWorkBytes& read, const OpenWorkSectionWanted& wanted,
                                            const OpenWorkHeadCheck& head_check = nullptr);

/// The next step of an order's path, whose control row it makes; nullopt if it makes none
/// (shipped, cancelled, of another payment, every step done). Throws nothing.
std::optional<std::string> next_control_step(const OrderTrace& order);

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
/// and saves nothing. With `only`, the work may hold no more than what makes the rows
/// `only` owes or is informed of (todo_of): when the state is current (nothing appended
/// since it was saved, `as_of` not before it), only its sections of those are read.
/// Error(data) FILE:LINE for a damaged journal row.
OpenWork open_work_now(Session& session, const DateTime& as_of, const StaffMember* only = nullptr);

/// The file name of the derived state in the store.
/// (A state "open-work.json" of an older gefest is left alone and not read.)
inline const char* const open_work_file = "open-work";

}  // namespace gefest
