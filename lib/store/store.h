// What the procedure may ask of storage (lib/store/README.md): claim the next number of a
// kind, read a record or change it under its lock, keep an external key once, append an
// event and read the events of months A..B, and find the folder of an order's documents.
// Nothing here names a path of the share: records are named by RecordRef, and where they
// live is the implementation's business. ShareStore (store/share_store.h), the files of a
// shared folder, is the one implementation; the README says what a database store would
// map each call to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/problem.h"
#include "store/journal.h"
#include "store/numbers.h"
#include "store/record_index.h"
#include "store/shared_file.h"

namespace gefest {

/// The records of the procedure. Each is one text (a CSV register, a TOML file) that is
/// read whole and changed whole under its own lock.
enum class Record {
    process,        ///< the responsibility matrix (Процесс.toml); people edit it, gefest reads it
    staff,          ///< Сотрудники.toml
    clients,        ///< the client base, form 02-006-02
    routing,        ///< whose turn it is to get a new client (round_robin)
    catalog,        ///< Каталог.csv
    stock,          ///< Остатки.csv
    reservations,   ///< Резервы.csv
    stock_queue,    ///< Очередь склада.csv: the tasks of the finished-goods warehouse
    carriers,       ///< Транспортные компании.toml; people edit it, gefest reads it
    payment_rules,  ///< Правила сопоставления.txt; people edit it, gefest reads it (may be absent)
    payments,       ///< Платежи.csv: incoming payments and what they paid
    order,          ///< заказ.toml of order `number` of `year`
    order_index,    ///< Заказы <year>.csv: one row per order of `year`
    invoices,       ///< Счета <year>.csv: the invoices of `year`
    claims,         ///< Претензии <year>.csv: the claims of `year`
    counter,        ///< gefest debug's counter `name` (a stress test of changes under the lock)
};

/// One record: which one, and for those kept per year or per number, the year, the
/// number and (a debug counter) the name.
struct RecordRef {
    Record record;
    int year = 0;              ///< order, order_index, invoices, claims
    std::int64_t number = 0;   ///< order
    std::string name;          ///< counter
};

/// What a number's claim says (Store::number_info).
struct NumberInfo {
    std::string login;  ///< who claimed it
    std::string host;
    std::string time;   ///< when, ISO local time "YYYY-MM-DDTHH:MM:SS"
    std::string note;   ///< what the claimant said it is for
};

/// What a store's own checks found and, when repairing, mended (gefest check).
struct StoreCheck {
    std::vector<Problem> problems;
    std::vector<std::string> repaired;  ///< one line each
};

/// How a record is changed: gets the record as committed now (content nullopt: it does not
/// exist yet) and returns the new content, or nullopt to leave it as it is. It may be
/// called more than once (a stale read is retried), so it must compute only; it may throw
/// to abort, and then nothing is written.
using RecordChange = std::function<std::optional<std::string>(const Snapshot&)>;

/// One key for Store::keep_keys: the key, the group it is kept in, its note (one line).
struct KeyToKeep {
    std::string key;
    /// Where the key is kept with others: a name of letters, digits, '-' and '_' that
    /// depends on the key alone (a payment's: the month of its date, "2026-05"), so the
    /// same key is always looked for in the same group.
    std::string group;
    std::string note;
};

/// How the rows of a register's index are made from its content as read (the procedure
/// parses it; the store keeps the result): `emit` once per row, in register order. It
/// may throw (Error(data) FILE:LINE for a register its parser refuses); then no index is
/// made and the error is the look-up's.
using IndexRows = std::function<void(const Snapshot&, const IndexEmit&)>;
/// The rows of the content a RecordChange returned last (the change already has them
/// parsed), emitted as IndexRows does.
using IndexAfter = std::function<void(const IndexEmit&)>;

class Store {
public:
    virtual ~Store() = default;

    // --- numbers: gapless per kind and year, never handed out twice ---------------------

    /// Claims the lowest free number of `kind` ("order", "invoice", "claim", "call",
    /// "client"…) in `year` (0 for numbers that do not restart each year). `note` says
    /// what it numbers, for people and for number_info. Commit the claim once the record
    /// that uses it is durable; a claim dropped without commit is released for the next claimant. Error(io) if
    /// storage cannot be written.
    virtual NumberClaim claim_number(const std::string& kind, int year, const std::string& note) = 0;

    /// What the claim of `number` says; nullopt if it was never claimed.
    virtual std::optional<NumberInfo> number_info(const std::string& kind, int year, std::int64_t number) const = 0;

    /// Every claimed number of `kind` in `year`, sorted.
    virtual std::vector<std::int64_t> claimed_numbers(const std::string& kind, int year) const = 0;

    /// The numbers of `kind` in `year` given up by a command that failed after claiming
    /// them and not taken again yet, sorted: the next claimants take them first.
    virtual std::vector<std::int64_t> released_numbers(const std::string& kind, int year) const = 0;

    /// How many seconds ago (file server's clock) the current holder claimed `number`;
    /// nullopt if it was never claimed.
    virtual std::optional<std::int64_t> claim_age(const std::string& kind, int year, std::int64_t number) const = 0;

    /// Gives `number` back as its holder would have (gefest check --repair, for a claim
    /// whose command was killed): the next claimant takes it. False if it was never
    /// claimed or is free already. Error(io) if storage cannot be written.
    virtual bool release_number(const std::string& kind, int year, std::int64_t number) = 0;

    /// The years in which numbers of `kind` were claimed (a year whose only claims were
    /// released may be among them), sorted.
    virtual std::vector<int> number_years(const std::string& kind) const = 0;

    // --- records: read whole, changed whole under the record's lock -----------------------

    /// The record as committed now, without locking (content nullopt if it does not
    /// exist). Error(not_found) for a record that must exist (the process) and for an
    /// order whose number was never claimed; Error(io) if storage cannot be read.
    virtual Snapshot read(const RecordRef& record) const = 0;

    /// True if the record exists now.
    virtual bool exists(const RecordRef& record) const = 0;
    /// The record's size in bytes now (nullopt if it does not exist): one stat, for a
    /// caller that treats a small record differently from a large one.
    virtual std::optional<std::uintmax_t> size(const RecordRef& record) const = 0;

    /// Locked read-modify-write of the record through `change` (see RecordChange).
    /// Returns the generation written (or the unchanged one). Error(busy) naming the
    /// holder if the lock is not had in time. (The process, the carriers and the payment
    /// rules are people's to change: the procedure only reads them.)
    virtual std::int64_t change(const RecordRef& record, const RecordChange& change) = 0;

    /// change(), and then — still under the record's lock — the record's index made
    /// anew from `index_after` (see find_indexed), so the next look-up finds it current.
    /// A failure to write the index does not fail the change (the next look-up makes it).
    virtual std::int64_t change_indexed(const RecordRef& record, const RecordChange& change, const IndexAfter& index_after) = 0;

    // --- the index of a register: derived, rebuilt whenever it is not current ----------------

    /// For each of `keys`, the data of the first row (in register order) `rows` gave that
    /// key, or nullopt: from the index the store keeps of `record`, which is used only if it
    /// was made from the record as it is now (the register's size, times and inode first,
    /// its checksum only when those changed) and is whole; else it is made again from
    /// the record as read now (`rows`) before the look-up. Reads O(1) of the register when
    /// the index is current. Throws what `rows` throws, Error(io).
    virtual std::vector<std::optional<std::string>> find_indexed(const RecordRef& record, const std::vector<std::string>& keys,
                                                                 const IndexRows& rows) = 0;
    /// Every row's data in register order, from the index as find_indexed uses it.
    virtual void for_each_indexed(const RecordRef& record, const IndexRows& rows, const std::function<void(const std::string& data)>& visit) = 0;
    /// The data, in register order, of the rows `keep` accepts among those of which a word
    /// (IndexRow::words) contains one of `needles`: `keep` is asked about every such row
    /// and maybe others — the index narrows the rows by the needles' trigrams
    /// (RecordIndex::search), and a needle shorter than search_gram narrows nothing — so
    /// it tests each row itself. From the index as find_indexed uses it (without one: every
    /// row of the record as read now). Reads O(rows found) when the index is current.
    virtual std::vector<std::string> search_indexed(const RecordRef& record, const std::vector<std::string>& needles, const IndexRows& rows,
                                                    const std::function<bool(const std::string& data)>& keep) = 0;
    /// How many rows carry each tally label (IndexRow::tally), from the index as
    /// find_indexed uses it: the index's header part, not the rows.
    virtual std::map<std::string, std::int64_t> tally_indexed(const RecordRef& record, const IndexRows& rows) = 0;
    /// gefest check of the index of `record`: one not made from the record as it is, or
    /// damaged, is reported as a warning (the next look-up makes it again) or, with
    /// `repair`, made again; a missing one is left to the next look-up.
    virtual void check_index(const RecordRef& record, const IndexRows& rows, bool repair, StoreCheck& out) = 0;

    /// Where the record is, for messages and as FILE of Error(data) FILE:LINE (a file's
    /// path on a share).
    virtual std::string where(const RecordRef& record) const = 0;

    /// The record's name as people know it (a path relative to the share).
    virtual std::string name(const RecordRef& record) const = 0;

    // --- external keys: something from outside recorded once --------------------------------

    /// Keeps `key` of `kind` ("email" Message-IDs, "site" application ids, "payment",
    /// "reminder", "survey"…) with `note` (one line); false if it was kept already (by
    /// this run or another), then nothing changes.
    virtual bool keep_key(const std::string& kind, const std::string& key, const std::string& note) = 0;
    /// Keeps many keys of `kind` at once: one locked write per group, not one per key.
    /// Returns, in the order of `keys`, true for each key this call kept, false for one
    /// kept before (by keep_key, by keep_keys, by another run, or earlier in `keys`). Two
    /// runs keeping the same key at once: exactly one gets true. A group is written whole
    /// or not at all; Error(io) or Error(busy) if a group cannot be written, and then the
    /// groups already written stay (a command that fails takes them back). A kind is kept
    /// either one key at a time (keep_key) or in groups, not both at once.
    virtual std::vector<bool> keep_keys(const std::string& kind, const std::vector<KeyToKeep>& keys) = 0;
    /// True if `key` is kept (one by one or in a group).
    virtual bool has_key(const std::string& kind, const std::string& key) const = 0;
    /// Replaces the note of `key` kept one by one (keeping it if it was not kept).
    virtual void rewrite_key(const std::string& kind, const std::string& key, const std::string& note) = 0;
    /// Gives `key` back (a run that could not finish what it kept the key for), so a
    /// rerun does it, whether it was kept one by one or in a group; a key not kept is not
    /// an error.
    virtual void forget_key(const std::string& kind, const std::string& key) = 0;

    // --- events: the journal, appended to, never rewritten --------------------------------

    /// Appends `event` durably, filling in its id, login and (when unset) time. Error(io)
    /// if it cannot; then nothing was added.
    virtual void append_event(Event& event) = 0;
    /// Appends `events` in order, as append_event each, but durably in one step per month
    /// rather than one per event (a statement of thousands of payments). Error(io) if
    /// it cannot; events not added then are those of the month that failed and after.
    virtual void append_events(std::vector<Event>& events) {
        for (auto& e : events) append_event(e);
    }

    /// Calls `visit` for each event of the months `from`..`to` (YYYY-MM, inclusive) that
    /// `filter` wants, in order of time. Error(data) FILE:LINE for a damaged event.
    virtual void for_each_event(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                                const JournalFilter& filter = {}) const = 0;

    // --- change notes: which records changed, for a register kept from them -------------

    /// Notes, in the notes `log` (letters, digits, '-'), that the records named by `keys`
    /// changed: one row each, appended durably to this writer's own segment of the month,
    /// O(1) of the share whatever it holds. A register kept from those records (the orders
    /// index, procedure/order_index.cpp) reads the notes after the marks it stands at and
    /// brings itself up to date. Taken back, while still the segment's last rows, when the
    /// command fails (take_back_changes). Error(io) if it cannot be written.
    virtual void append_notes(const std::string& log, const std::vector<std::string>& keys) = 0;
    /// Journal::for_each_after over the notes `log`: `visit` gets each key noted after
    /// `marks` (a log never written has none), then `marks` are moved past them.
    /// After::stale, with nothing visited, if a segment no longer continues its mark.
    /// Error(data) FILE:LINE for a damaged note, Error(io).
    virtual Journal::After for_each_note_after(const std::string& log, Journal::Marks& marks,
                                               const std::function<void(const std::string& key)>& visit) const = 0;
    /// Removes the segments of the notes `log` of months before `month` (YYYY-MM) that
    /// `marks` has read to their end, and their marks: notes already taken in need not
    /// be kept. Error(io) if one cannot be removed.
    virtual void prune_notes(const std::string& log, const std::string& month, Journal::Marks& marks) = 0;

    // --- derived state: caches gefest rebuilds from the records, never a person's file ----
    /// The bytes [from, to) of the derived file `name` (fewer if it is shorter), nullopt if
    /// it is absent or cannot be read: a reader of a part of a large derived file. Two
    /// calls may see two versions of the file (write_derived replaced it in between), so
    /// a reader checks each part it reads. This default reads the whole file. Never throws.
    virtual std::optional<std::string> read_derived_range(const std::string& name, std::uint64_t from, std::uint64_t to) const {
        auto whole = read_derived(name);
        if (!whole || from >= whole->size() || to <= from) return whole ? std::optional<std::string>(std::string()) : std::nullopt;
        return whole->substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from));
    }
    /// The derived file `name` ("open-work"), nullopt if it is absent or cannot be
    /// read: a reader then rebuilds it from the records. Never throws.
    virtual std::optional<std::string> read_derived(const std::string& name) const = 0;
    /// The derived file `name` from its start, in pieces of up to `piece` bytes handed to
    /// `take` until it returns false or the file ends: one piece in memory whatever the
    /// file's size. False if the file is absent; Error(io) if it cannot be read; throws
    /// what `take` throws.
    virtual bool read_derived_pieces(const std::string& name, std::size_t piece,
                                     const std::function<bool(std::string_view)>& take) const = 0;
    /// Replaces the derived file `name` atomically (readers see the old or the new
    /// content). Error(io) if it cannot be written: callers may go on without it.
    virtual void write_derived(const std::string& name, std::string_view content) = 0;
    /// write_derived of a small derived file that must agree with the records the command
    /// changes (the orders index's marks): take_back_changes puts back the bytes it
    /// replaced, or removes the file it made.
    virtual void write_derived_taken_back(const std::string& name, std::string_view content) = 0;
    /// Replaces the derived file `name` atomically with what `produce` hands the function
    /// it is given, piece by piece (one piece in memory). Error(io) if it cannot be
    /// written; whatever `produce` throws leaves the file as it was and is thrown again.
    virtual void write_derived_streamed(const std::string& name,
                                        const std::function<void(const std::function<void(std::string_view)>&)>& produce) = 0;

    // --- the documents of an order: files by nature ----------------------------------------

    /// The folder of order `order`'s documents (invoices, contracts, picking lists and
    /// their PDFs): files people open, print and attach. Error(not_found) if the order's
    /// number was never claimed.
    virtual std::filesystem::path documents_folder(const RecordRef& order) const = 0;
    /// Notes that this command has just created `file` (a new document in a
    /// documents_folder), so take_back_changes removes it again.
    virtual void created_document(const std::filesystem::path& file) { (void)file; }
    /// The folder of the files that came with inquiry `number` of `year` (e-mail
    /// attachments, 5.2.5): files people open, kept until an order is made from the
    /// inquiry and after. It may not exist (no files came).
    virtual std::filesystem::path inquiry_folder(int year, std::int64_t number) const = 0;
    /// Writes `content` as a NEW file in `folder` (a documents_folder or inquiry_folder,
    /// created if missing) named `name` — a safe name the caller made (safe_file_name of
    /// lib/base/text.h) — never replacing a file: when the name is taken, " (2)", " (3)"…
    /// goes before its extension. The file is created_document. Returns its path.
    /// Error(io) when it cannot be written.
    virtual std::filesystem::path add_document(const std::filesystem::path& folder, const std::string& name, std::string_view content) = 0;
    /// Copies every file of folder `from` (none if it does not exist; names starting
    /// with '.' or '~' left out), sorted by name, into folder `to` by add_document (a
    /// name taken there gets " (2)"…). Returns the paths written. Error(io).
    virtual std::vector<std::filesystem::path> copy_documents(const std::filesystem::path& from, const std::filesystem::path& to) = 0;

    // --- a command that fails ----------------------------------------------------------------
    /// Takes back, newest first, every change made through this store (records, committed
    /// claims, keys, events), so a command that fails part way leaves storage as it found
    /// it; a change someone else has built on since stays, as after a crash (gefest check
    /// explains it). Never throws. A store that cannot take changes back does nothing.
    virtual void take_back_changes() noexcept {}

    // --- writing, and gefest check -----------------------------------------------------------

    /// Error(config) if storage must not be written from here (a share mounted through
    /// FUSE, whose O_EXCL is not to be trusted).
    virtual void require_writable() const = 0;

    /// gefest check of how storage is reached (the mount of a share).
    virtual void check_access(StoreCheck& out) const = 0;
    /// gefest check of one record: its content as committed (nullopt: it does not exist),
    /// with a copy people see that differs from it reported or, with `repair`, restored.
    virtual std::optional<std::string> check_record(const RecordRef& record, bool repair, StoreCheck& out) = 0;
    /// gefest check of the events: every one read; torn last rows reported or, with
    /// `repair`, cut off where this machine may.
    virtual void check_events(bool repair, StoreCheck& out) = 0;
    /// gefest check of the numbers: holes reported; with `repair`, hints rebuilt.
    virtual void check_numbers(bool repair, StoreCheck& out) = 0;
    /// gefest check of what dead processes left: locks and temporaries.
    virtual void check_leftovers(bool repair, StoreCheck& out) = 0;
};

}  // namespace gefest
