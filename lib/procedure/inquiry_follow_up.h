// Inquiries under process control (5.2.1–5.2.2 have deadlines in Процесс.toml): an
// inquiry is followed until an order is made from it, or an order of its client is made
// after it, or an application follows it (call request --call), or its outcome is
// recorded (gefest call close: an inquiry.close row). InquiryFollowUp replays those rows
// as they come from the journal; the control report and `call close` both ask it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "procedure/calls.h"
#include "store/journal.h"
#include "store/session.h"

namespace gefest {

/// The outcomes `call close` records, in the order --help lists them: refused (the
/// client said no), no_answer (could not be reached), duplicate (the same inquiry
/// again), consulted (answered, nothing to order), other (a note says what).
const std::vector<std::string>& inquiry_outcomes();

/// The step an inquiry of `channel` is (call.new: 5.2.1.1 … call.site: 5.2.2.2); "" for
/// a channel that is not one.
std::string inquiry_step(const std::string& channel);

/// The kinds of rows InquiryFollowUp reads (JournalFilter::kinds).
const std::vector<std::string>& inquiry_follow_up_kinds();

/// Follows inquiries through the journal, row by row in journal order.
class InquiryFollowUp {
public:
    /// Takes a call.*, inquiry.close or order.new row (others are ignored). Error(data)
    /// FILE:LINE for a malformed one.
    void apply(const Event& event);
    /// Takes an inquiry as apply() takes the call.* row it was read from
    /// (Inquiry::from_event): a saved state's open inquiries come back so, with no row to
    /// parse again. Throws nothing but std::bad_alloc.
    void add(Inquiry inquiry);

    /// How an inquiry ended, if it did.
    struct End {
        std::string order;    ///< the order made from it ("2026-3"), or ""
        std::string outcome;  ///< the outcome recorded (inquiry.close), or ""
        std::string by;       ///< the application that followed it ("2026-7"), or ""
    };
    /// The end of inquiry `id` ("2026-5"), nullopt while it is open (or unknown).
    std::optional<End> end_of(const std::string& id) const;
    /// Inquiries seen and still open: no order from it or of its client at or after it,
    /// no application following it, no outcome recorded; in journal order.
    std::vector<Inquiry> open() const;

    /// Forgets the inquiries that ended and what was kept to end them (orders, outcomes
    /// seen): open() is the same after, and later rows end the open ones as before.
    void keep_open();

private:
    std::vector<Inquiry> inquiries_;
    std::map<std::string, End> ended_;
    std::map<std::int64_t, std::vector<std::pair<DateTime, std::string>>> client_orders_;  ///< client → (time, order)
};

/// call close: what happened to an inquiry.
struct CallCloseOptions {
    std::string id;       ///< "2026-5" or "call:2026-5"
    std::string outcome;  ///< one of inquiry_outcomes()
    std::string note;     ///< required for "other"
};
/// Records the outcome of an open inquiry (an inquiry.close row), so that process control
/// stops following it. Refused unless the actor may do the inquiry's step (5.2.1.1 …
/// 5.2.2.2, by its channel) or owns the process (Session::actor_is_owner). Error(usage) for an unknown outcome or "other" without a
/// note; Error(not_found) for an unknown inquiry; Error(state) for one that has an order
/// or an application after it, or whose outcome is recorded already — nothing written.
events::InquiryClose call_close(Session& session, const CallCloseOptions& options);

}  // namespace gefest
