// The event journal (DESIGN.md "Records" and rule 4): every change anyone makes is one
// row, never rewritten. Each writer appends only to its own segment,
// Журнал/<YYYY-MM>/<login>@<host>.csv, so no two machines ever append to one file;
// processes of one machine take turns through a local lock. Every row carries its own
// checksum, so a row torn by a writer killed mid-append is recognised: the last row of
// a segment is then ignored by readers and cut off by the owner's next append.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/identity.h"

namespace gefest {

/// One journal row.
struct Event {
    DateTime time;
    std::string login;       ///< the real OS login that made the change
    std::string on_behalf;   ///< the staff member acted for (--user), if not the login
    std::string kind;        ///< e.g. "call.new", "client.add", "order.step"
    std::string object;      ///< e.g. "client:17", "order:2026-5"
    nlohmann::json data = nlohmann::json::object();
    /// The data cell as written, when read with JournalFilter::light_data or made by
    /// events::make_light_event: then `data` is null and the text is known to be JSON
    /// (events::read_event reads it without a tree; Journal appends it as it is); ""
    /// otherwise.
    std::string data_text;
    std::string id;          ///< unique; set by append

    std::string source;      ///< where it was read from (segment file), for messages
    int line = 0;            ///< and the line there
};

/// A segment's last row that failed its checksum: a writer was killed mid-append.
struct TornTail {
    std::filesystem::path segment;
    int line = 0;
};

/// Which rows Journal::for_each hands to its visitor. Rows left out are still checked
/// (their checksums), so a damaged journal is an error whatever the filter; only their
/// data is never parsed, which is most of the cost of reading a journal.
struct JournalFilter {
    DateTime since{{0, 1, 1}, 0, 0, 0};          ///< rows before it are left out
    DateTime until{{9999, 12, 31}, 23, 59, 59};  ///< rows after it are left out
    std::vector<std::string> kinds;  ///< kind prefixes ("call.", "order."); empty: every kind
    std::string object;              ///< only rows of this object ("call:2026-5"); "": any
    /// The data cell is checked to be JSON but not parsed: Event::data_text holds it (and
    /// Event::data is null) for readers that read rows only through events::read_event.
    /// A cell the light check is unsure of is parsed into Event::data as before.
    bool light_data = false;

    bool wants_kind(std::string_view kind) const;
};

class Journal {
public:
    /// `root` is the Журнал folder; `share_id` keeps the local lock of one share apart
    /// from another's.
    Journal(std::filesystem::path root, std::string share_id, Identity me);

    /// Appends `event` durably (fsync'ed before return) to this writer's segment of the
    /// event's month, filling in `id`, `login` and, when unset, `time`. Throws
    /// Error(io) if the share cannot be written; then nothing was added.
    void append(Event& event);

    /// Where one append() put its row: enough to take it back.
    struct Appended {
        std::filesystem::path segment;
        std::uintmax_t size_before = 0;  ///< the segment's size before the row (and header)
        std::uintmax_t size_after = 0;
        bool existed = false;            ///< the segment existed before
    };
    /// append() that also says, in `appended`, where the row went.
    void append(Event& event, Appended& appended);
    /// Appends `events` as append() does, with one write and one fsync per month's
    /// segment instead of one per event (an import of thousands of payments), each
    /// month's rows in the order given. `appended` gets where each month's rows went as
    /// they are written. Error(io) if a segment cannot be written; then its rows were not
    /// added, and those in `appended` were.
    void append_all(std::vector<Event>& events, std::vector<Appended>& appended);
    /// Takes back the row `appended` describes (a command that failed after it was
    /// written; nobody was told of it): cut off the segment, or the segment removed if
    /// the row made it, but only while the row is still the segment's last; else false.
    /// Throws Error(io) if the segment cannot be cut.
    bool take_back(const Appended& appended) const;

    /// Calls `visit` for every event of the months from `from` to `to` (YYYY-MM,
    /// inclusive) that `filter` wants, in order of time (then segment and line). A row
    /// that fails its checksum is an Error(data) with FILE:LINE, unless it is a
    /// segment's last row (a torn tail), which is skipped and reported through `torn` if
    /// given. Streams (journal_read.cpp): a month's segments are read through small
    /// buffers, never whole; an index of the rows the filter wants (where they are, ~56
    /// bytes each) is held for the month, and one Event at a time is built (the Event
    /// passed to `visit` lives only for the call). Rows left out are checked but not
    /// parsed. Error(io) if a segment is cut while it is read.
    void for_each(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                  std::vector<TornTail>* torn = nullptr, const JournalFilter& filter = {}) const;

    /// Where a reader of the whole journal got to in one segment: the bytes read (whole
    /// rows only) and a checksum of the last 64 of them, by which a segment that was
    /// rewritten rather than appended to is told apart.
    struct Mark {
        std::uintmax_t offset = 0;
        std::string tail;  ///< fsio::checksum of the bytes [offset-64, offset) ("" at 0)
        bool operator==(const Mark&) const = default;
    };
    /// Marks by segment ("2026-11/petrov@pc1.csv").
    using Marks = std::map<std::string, Mark>;

    /// How for_each_after ended.
    enum class After {
        read,   ///< every row after the marks was visited; `marks` are moved past them
        stale,  ///< a segment no longer continues its mark (shorter, or its bytes before
                ///< the mark changed): nothing visited, `marks` untouched; start again
                ///< from empty marks
        later,  ///< a row later than filter.until was found (a PC whose clock is ahead, a
                ///< question about the past): what was visited is incomplete, `marks`
                ///< untouched; read the journal with for_each instead
    };
    /// for_each over what was appended since `marks`: every row after its segment's mark
    /// (a segment without one is read whole), month by month, in order of time; then
    /// `marks` moved past the rows read (a torn last row is not read). `filter.since` is
    /// ignored (every row after the marks is wanted); kinds and object filter as for
    /// for_each. Rows of a segment read from its mark carry line 0 (not counted).
    /// Errors as for_each.
    After for_each_after(Marks& marks, const std::function<void(const Event&)>& visit, std::vector<TornTail>* torn = nullptr,
                         const JournalFilter& filter = {}) const;

    /// What the segments of `month` are now, to tell whether something made from them is
    /// still current: each segment's name, size, modification time and a checksum of its
    /// last 64 KiB, one line each ("" for a month without segments). A row appended, cut
    /// or changed near the end changes it; so does any write (the time). Error(io) if a
    /// segment cannot be read.
    std::string month_stamp(const std::string& month) const;

    /// Months (YYYY-MM) that have a journal folder, sorted.
    std::vector<std::string> months() const;

    /// The segment this writer appends to for `month`.
    std::filesystem::path segment_path(const std::string& month) const;

    /// Cuts a torn last row off `segment` if it is this machine's (login@host of this
    /// host), taking the same local turn as append; true if something was cut.
    /// Another machine's segment is left to its owner.
    bool repair(const std::filesystem::path& segment) const;

    /// The segment's header line (without BOM and line end).
    static const std::vector<std::string>& header();

private:
    std::string row_of(Event& event) const;
    /// Appends `rows` (whole CRLF-ended rows) to this writer's segment of `month`.
    void append_rows(const std::string& month, std::string rows, Appended& appended);

    std::filesystem::path root_;
    std::string share_id_;
    Identity me_;
};

}  // namespace gefest
