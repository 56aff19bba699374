// What a hand edit did to a register (a CSV file whose rows have a key: a client's Код,
// an invoice's №…), told against the versions gefest kept of it (store/shared_file.h).
//
// The design, in short (also man/gefest-share.5, "How hand edits are noticed"):
//  - Rows are matched by their key columns, cells by their header names, after the file is
//    parsed (so BOM, windows-1251, ',' separators and CRLF of an Excel save change nothing).
//  - The edit's BASE is the kept version it differs least from, counted in cells; on a tie
//    the newest. A copy opened in an editor before gefest changed the file and saved after
//    it differs least from the version it was opened on: an older one. (Where the person's
//    copy overwrote every cell gefest changed since, the tie goes to the newest, and what
//    is lost is only gefest's value of cells the person set on purpose — journaled as the
//    person's change.)
//  - A row of the base that the edit lacks is REMOVED; a last row cut without its line end
//    (a save interrupted) is removed too. Either refuses the edit: rows go only through a
//    gefest command that journals what it removed.
//  - Based on an older version (a save-over), the rows the person changed (cells unlike the
//    base's) are merged into the latest version when gefest changed none of them since the
//    base; otherwise the edit CONFLICTS and is refused. A save-over whose columns differ
//    from its base's conflicts too.
// Nothing here reads or writes a file: SharedFile decides what to do with the result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gefest {

/// How the rows of a register are told apart: the header names of its key columns.
/// Empty: not a register with keyed rows (a TOML record, a people's list).
struct RowKey {
    std::vector<std::string> columns;
    bool keyed() const { return !columns.empty(); }
};

/// One cell a hand edit changed.
struct CellChange {
    std::string key;     ///< the row's key ("7"; "A-100/Основной/2026-5" for several columns)
    std::string column;  ///< its header name
    std::string from;    ///< the base's value ("" for a row the edit added)
    std::string to;
};

/// A kept version of the file: its generation and content.
struct KeptVersion {
    std::int64_t generation = 0;
    std::string content;
};

/// What a hand edit did, against its base.
struct HandEdit {
    std::int64_t base = 0;                ///< the generation it was made from
    std::int64_t latest = 0;              ///< the latest generation when it was looked at
    std::vector<std::string> removed;     ///< keys of the base's rows it lacks (a cut row included)
    std::vector<std::string> added;       ///< keys of rows it added
    std::vector<CellChange> changed;      ///< cells it changed (those of added rows included)
    std::vector<std::string> conflicts;   ///< keys of rows it changed that gefest changed since its base
    bool cut = false;                     ///< its last row is cut without a line end
    bool columns_differ = false;          ///< a save-over whose header differs from its base's
    std::optional<std::string> merged;    ///< a save-over without conflicts: the latest version with its rows merged in
    std::vector<std::string> lines_removed;  ///< a file without keys: lines of the base it lacks
    std::vector<std::string> lines_added;    ///< and lines it has that the base has not

    /// True if the edit must not be taken: rows removed or cut, or a save-over that conflicts.
    bool refused() const { return !removed.empty() || cut || !conflicts.empty() || columns_differ; }
    /// True if it lost rows (removed, or its last row cut).
    bool lost_rows() const { return !removed.empty() || cut; }
    /// True if it was made from an older version than the latest (a save-over).
    bool save_over() const { return base != latest; }
};

/// Tells what `edit` did against `versions` (the kept versions, any order, the latest
/// among them), by the rows' `key`. `file` names the file in errors. Throws Error(data)
/// FILE:LINE if `edit` is no CSV the register's parser could read (that parser reports
/// the same fault); versions that do not parse are not bases.
HandEdit analyse_register_edit(const std::string& edit, const std::vector<KeptVersion>& versions, const RowKey& key, const std::string& file);

/// What `edit` did to `base` line by line (a file without keyed rows): lines_removed and
/// lines_added, as multisets.
HandEdit analyse_text_edit(const std::string& edit, const KeptVersion& base, std::int64_t latest);

/// One line for a refused edit: the file, and the missing keys or the conflicting rows.
std::string refusal_message(const HandEdit& edit, const std::string& file);

/// The journal row's data of a taken edit (kind record.hand_edit): file, base, generation
/// (the one written), removed/added keys, changed cells, lines.
nlohmann::json hand_edit_row(const HandEdit& edit, const std::string& file, std::int64_t generation);

/// The journal row kind of a taken hand edit, written by the store (the procedure never does).
inline constexpr const char* hand_edit_kind = "record.hand_edit";

}  // namespace gefest
