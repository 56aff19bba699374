// The Store on a shared folder (store/store.h, lib/store/README.md): each call mapped to
// the files of the share. The layout — which path each record, number, key and event
// has — lives here and only here (share_store.cpp, "the layout"); gefest.toml [paths]
// moves the folders and registers it names:
//   numbers   .gefest/numbers/<kind>/<year>/<N>, created with O_EXCL (store/numbers.h)
//   records   the human-facing file, changed through SharedFile (versions and the lock
//             under .gefest/state/<path>)
//   keys      .gefest/keys/<kind>/<checksum of the key>, created with O_EXCL; kept many at
//             once: .gefest/key-groups/<kind>/<group>.keys, changed through SharedFile
//   events    the journal, one segment per writer and month (store/journal.h)
//   documents Заказы/<year>/<N> <note of the order's claim>/, the folder of заказ.toml
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/identity.h"
#include "store/journal.h"
#include "store/share.h"
#include "store/store.h"

namespace gefest {

class ShareStore final : public Store {
public:
    /// The store of `share`, written as `me` (claims, locks and journal segments carry it).
    ShareStore(Share share, Identity me);

    const Share& share() const { return share_; }
    const Identity& me() const { return me_; }
    /// The share's journal (the events), appending as `me`.
    Journal& journal() { return journal_; }
    const Journal& journal() const { return journal_; }

    /// The file that holds `record` on the share. Error(not_found) for an order whose
    /// number was never claimed.
    std::filesystem::path path_of(const RecordRef& record) const;

    // --- gefest init: a new share laid out -------------------------------------------------

    /// True if `dir` is a share already (it has gefest.toml).
    static bool is_share(const std::filesystem::path& dir);
    /// Makes the share's folders (those [paths] name and the private one).
    void make_folders() const;
    /// Writes `content` as `record`'s file unless it exists (a plain file, as people
    /// will find it: its first committed version is made by its first change).
    void seed(const RecordRef& record, const std::string& content) const;
    /// The folder of the document templates.
    std::filesystem::path templates_folder() const;
    /// Creates gefest.toml with `settings_text`, last: until it exists the folder is no
    /// share. False if it exists already (someone else made the share meanwhile).
    bool seal(const std::string& settings_text) const;

    // --- Store: the contracts are store.h's; what each does on the share, README.md ------------

    /// A claim file .gefest/numbers/<kind>/<year>/<N>, created with O_EXCL.
    NumberClaim claim_number(const std::string& kind, int year, const std::string& note) override;
    /// The claim file's lines.
    std::optional<NumberInfo> number_info(const std::string& kind, int year, std::int64_t number) const override;
    std::vector<std::int64_t> released_numbers(const std::string& kind, int year) const override;
    std::optional<std::int64_t> claim_age(const std::string& kind, int year, std::int64_t number) const override;
    bool release_number(const std::string& kind, int year, std::int64_t number) override;
    /// The claim files of the year's folder.
    std::vector<std::int64_t> claimed_numbers(const std::string& kind, int year) const override;
    /// The year folders of the kind.
    std::vector<int> number_years(const std::string& kind) const override;

    /// SharedFile::read of path_of(record); people's files read as they are.
    Snapshot read(const RecordRef& record) const override;
    /// path_of(record) exists.
    bool exists(const RecordRef& record) const override;
    /// The size of path_of(record).
    std::optional<std::uintmax_t> size(const RecordRef& record) const override;
    /// SharedFile::update of path_of(record), its folder made first where the layout says.
    std::int64_t change(const RecordRef& record, const RecordChange& change) override;
    /// change(), then the index written under the register's lock (store/record_index.h).
    std::int64_t change_indexed(const RecordRef& record, const RecordChange& change, const IndexAfter& index_after) override;
    /// The index is .gefest/state/<register>/index, beside the register's versions
    /// (index_of); the stamp checked is the highest version claimed and the register's
    /// stat(2), then — only when those differ — the checksum of the register's bytes (an
    /// equal checksum re-stamps the index instead of making it again).
    std::vector<std::optional<std::string>> find_indexed(const RecordRef& record, const std::vector<std::string>& keys,
                                                         const IndexRows& rows) override;
    void for_each_indexed(const RecordRef& record, const IndexRows& rows, const std::function<void(const std::string& data)>& visit) override;
    std::vector<std::string> search_indexed(const RecordRef& record, const std::vector<std::string>& needles, const IndexRows& rows,
                                            const std::function<bool(const std::string& data)>& keep) override;
    std::map<std::string, std::int64_t> tally_indexed(const RecordRef& record, const IndexRows& rows) override;
    void check_index(const RecordRef& record, const IndexRows& rows, bool repair, StoreCheck& out) override;
    /// The index file of `record`.
    std::filesystem::path index_of(const RecordRef& record) const;

    /// path_of(record), and the same relative to the share.
    std::string where(const RecordRef& record) const override;
    std::string name(const RecordRef& record) const override;

    /// .gefest/keys/<kind>/<checksum of the key> (survey: the key), created with O_EXCL,
    /// replaced, tested, removed.
    bool keep_key(const std::string& kind, const std::string& key, const std::string& note) override;
    /// .gefest/key-groups/<kind>/<group>.keys, a shared file (versions and lock under
    /// .gefest/state, like a record) of one line per key: its checksum, a space, its note.
    /// The key files of keep_key in the kind's folder count as kept.
    std::vector<bool> keep_keys(const std::string& kind, const std::vector<KeyToKeep>& keys) override;
    bool has_key(const std::string& kind, const std::string& key) const override;
    void rewrite_key(const std::string& kind, const std::string& key, const std::string& note) override;
    void forget_key(const std::string& kind, const std::string& key) override;

    /// Journal::append and Journal::for_each of the share's journal.
    void append_event(Event& event) override;
    /// Journal::append_all: one write and fsync per month's segment.
    void append_events(std::vector<Event>& events) override;
    void for_each_event(const std::string& from, const std::string& to, const std::function<void(const Event&)>& visit,
                        const JournalFilter& filter = {}) const override;

    /// .gefest/notes/<log>: a journal of its own (Journal), one segment per writer and
    /// month, of rows of kind "note" whose object is the key.
    void append_notes(const std::string& log, const std::vector<std::string>& keys) override;
    Journal::After for_each_note_after(const std::string& log, Journal::Marks& marks,
                                       const std::function<void(const std::string& key)>& visit) const override;
    void prune_notes(const std::string& log, const std::string& month, Journal::Marks& marks) override;

    /// The folder of the order's заказ.toml.
    std::filesystem::path documents_folder(const RecordRef& order) const override;
    void created_document(const std::filesystem::path& file) override;
    std::filesystem::path inquiry_folder(int year, std::int64_t number) const override;
    std::filesystem::path add_document(const std::filesystem::path& folder, const std::string& name, std::string_view content) override;
    std::vector<std::filesystem::path> copy_documents(const std::filesystem::path& from, const std::filesystem::path& to) override;

    /// require_writable_mount of the share.
    void require_writable() const override;
    /// The mount, the human-facing copies, the journal, the numbers, locks and temporaries
    /// (share_store_check.cpp).
    void check_access(StoreCheck& out) const override;
    std::optional<std::string> check_record(const RecordRef& record, bool repair, StoreCheck& out) override;
    void check_events(bool repair, StoreCheck& out) override;
    void check_numbers(bool repair, StoreCheck& out) override;
    void check_leftovers(bool repair, StoreCheck& out) override;

    /// Store::read_derived_range: pread of the part only.
    std::optional<std::string> read_derived_range(const std::string& name, std::uint64_t from, std::uint64_t to) const override;
    /// Store::read_derived / write_derived: files in .gefest/derived of the share.
    std::optional<std::string> read_derived(const std::string& name) const override;
    bool read_derived_pieces(const std::string& name, std::size_t piece,
                             const std::function<bool(std::string_view)>& take) const override;
    void write_derived(const std::string& name, std::string_view content) override;
    void write_derived_taken_back(const std::string& name, std::string_view content) override;
    void write_derived_streamed(const std::string& name,
                                const std::function<void(const std::function<void(std::string_view)>&)>& produce) override;

    /// Store::take_back_changes: the undo kept by each change below, newest first.
    void take_back_changes() noexcept override;

private:
    /// Keeps `undo` to run if the command fails (take_back_changes); `bytes` is what it
    /// holds, so a command changing very much stops keeping them rather than memory.
    void remember(std::function<void()> undo, std::size_t bytes = 0);

    std::filesystem::path numbers_dir(const std::string& kind, int year) const;
    std::filesystem::path key_file(const std::string& kind, const std::string& key) const;
    /// .gefest/key-groups/<kind>: the group files of keep_keys.
    std::filesystem::path key_groups_dir(const std::string& kind) const;
    /// The group files (keep_keys) of `kind`.
    std::vector<std::filesystem::path> key_groups(const std::string& kind) const;
    /// SharedFile::update of a group file, kept for take_back_changes like change().
    void change_key_group(const std::filesystem::path& file, const RecordChange& change);
    SharedFile shared(const RecordRef& record) const;
    /// The journal of the notes `log` (append_notes).
    Journal notes(const std::string& log) const;
    std::int64_t change_with(const RecordRef& record, const RecordChange& change, const Committed& after_commit);
    /// The index of `record` if it is current (re-stamped when only the register's stat
    /// changed); nullopt if it is missing, damaged or older than the register.
    std::optional<RecordIndex> current_index(const RecordRef& record, bool restamp);
    /// The index made again from the record as read now; nullopt if the register changed
    /// while it was read. `read_now` is the snapshot it read (set once read, even if it then throws).
    std::optional<RecordIndex> rebuild_index(const RecordRef& record, const IndexRows& rows, std::optional<Snapshot>& read_now);
    /// `use` on the current index of `record` (made again if it is not current; once more
    /// if it is found damaged while used); `fallback` on the record as read now when no
    /// index can be had (it cannot be written). Whatever `use` collects it must drop when
    /// called again.
    void with_index(const RecordRef& record, const IndexRows& rows, const std::function<void(const RecordIndex&)>& use,
                    const std::function<void(const Snapshot&)>& fallback);

    Share share_;
    Identity me_;
    Journal journal_;
    std::vector<std::function<void()>> undo_;  ///< oldest first
    std::size_t undo_bytes_ = 0;
    bool undo_off_ = false;
};

}  // namespace gefest
