// What a hand edit did to a register, against gefest's kept versions (store/hand_edit.h).
#include "store/hand_edit.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/csv.h"
#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"

namespace gefest {

namespace {

// A register parsed for comparing: its header, and each row's cells by key.
struct Rows {
    std::vector<std::string> header;
    std::map<std::string, std::vector<std::string>> by_key;
    std::vector<std::string> order;  // keys in file order
};

bool blank(std::string_view text) {
    return encoding::strip_utf8_bom(text).find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Throws Error(data) as csv::parse does, and for a key column the header lacks.
Rows parse_rows(const std::string& text, const RowKey& key, const std::string& file) {
    Rows out;
    if (blank(text)) return out;  // emptied: every row is gone
    csv::Table t = csv::parse(text, file);
    out.header = t.header;
    std::vector<int> cols;
    for (const auto& name : key.columns) {
        const int c = t.column(name);
        if (c < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("no column '{}'")), name), file, 1);
        cols.push_back(c);
    }
    std::map<std::string, int> seen;
    for (auto& row : t.rows) {
        std::string k;
        for (std::size_t i = 0; i < cols.size(); ++i) k += (i ? "/" : "") + trimmed(row.cells[cols[i]]);
        // The same key twice (a register with repeated rows): the second is "key#2".
        if (const int n = ++seen[k]; n > 1) k += "#" + std::to_string(n);
        out.order.push_back(k);
        out.by_key.emplace(k, std::move(row.cells));
    }
    return out;
}

// The columns of a and b together, by name, with where each is in a and in b (-1: not there).
struct Column {
    std::string name;
    int a = -1, b = -1;
};

int index_of(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::vector<Column> all_columns(const Rows& a, const Rows& b) {
    std::vector<Column> out;
    for (const auto& n : a.header) out.push_back({n, index_of(a.header, n), index_of(b.header, n)});
    for (const auto& n : b.header)
        if (index_of(a.header, n) < 0) out.push_back({n, -1, index_of(b.header, n)});
    return out;
}

const std::string& at(const std::vector<std::string>& row, int i) {
    static const std::string none;
    return i >= 0 && static_cast<std::size_t>(i) < row.size() ? row[static_cast<std::size_t>(i)] : none;
}

// Cells in which row `k` of `a` and of `b` differ (a row one lacks: each non-empty cell, at least 1).
std::size_t row_distance(const Rows& a, const Rows& b, const std::string& k, const std::vector<Column>& columns) {
    const auto ia = a.by_key.find(k), ib = b.by_key.find(k);
    std::size_t d = 0;
    if (ia == a.by_key.end() || ib == b.by_key.end()) {
        const auto& row = ia == a.by_key.end() ? ib->second : ia->second;
        for (const auto& c : row) d += c.empty() ? 0 : 1;
        return std::max<std::size_t>(d, 1);
    }
    for (const auto& c : columns) d += at(ia->second, c.a) == at(ib->second, c.b) ? 0 : 1;
    return d;
}

std::set<std::string> keys_of(const Rows& a, const Rows& b) {
    std::set<std::string> out;
    for (const auto& [k, _] : a.by_key) out.insert(k);
    for (const auto& [k, _] : b.by_key) out.insert(k);
    return out;
}

std::size_t distance(const Rows& a, const Rows& b) {
    const auto columns = all_columns(a, b);
    std::size_t d = 0;
    for (const auto& k : keys_of(a, b)) d += row_distance(a, b, k, columns);
    return d;
}

// Keys of the rows that differ between a and b (in either, or in a cell).
std::set<std::string> changed_keys(const Rows& a, const Rows& b) {
    const auto columns = all_columns(a, b);
    std::set<std::string> out;
    for (const auto& k : keys_of(a, b))
        if (row_distance(a, b, k, columns) > 0) out.insert(k);
    return out;
}

// A last line without its line end that is the beginning of a longer line of the base.
bool cut_last_row(const std::string& edit, const std::string& base) {
    if (edit.empty() || edit.back() == '\n') return false;
    const std::string last = edit.substr(edit.rfind('\n') == std::string::npos ? 0 : edit.rfind('\n') + 1);
    if (last.empty()) return false;
    for (std::size_t at = 0; at < base.size();) {
        std::size_t eol = base.find('\n', at);
        if (eol == std::string::npos) eol = base.size();
        std::string line = base.substr(at, eol - at);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > last.size() && line.compare(0, last.size(), last) == 0) return true;
        at = eol + 1;
    }
    return false;
}

// The latest version with the rows of `edit` listed in `take` put in (by column name).
std::string merge_into(const Rows& latest, const Rows& edit, const std::set<std::string>& take) {
    csv::Table t;
    t.header = latest.header;
    std::vector<int> from;  // where each of the latest version's columns is in the edit
    for (const auto& name : latest.header) from.push_back(index_of(edit.header, name));
    auto laid_out = [&](const std::vector<std::string>& row) {
        std::vector<std::string> cells;
        for (int i : from) cells.push_back(at(row, i));
        return cells;
    };
    for (const auto& k : latest.order) {
        const auto mine = edit.by_key.find(k);
        t.rows.push_back({take.count(k) && mine != edit.by_key.end() ? laid_out(mine->second) : latest.by_key.at(k), 0});
    }
    for (const auto& k : edit.order)
        if (take.count(k) && !latest.by_key.count(k)) t.rows.push_back({laid_out(edit.by_key.at(k)), 0});
    return csv::write(t);
}

std::string listed(const std::vector<std::string>& keys) {
    constexpr std::size_t shown = 10;
    std::vector<std::string> head(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), shown)));
    std::string out = fmt::format("{}", fmt::join(head, ", "));
    if (keys.size() > shown) out += fmt::format(fmt::runtime(tr(" … ({} in all)")), keys.size());
    return out;
}

}  // namespace

HandEdit analyse_register_edit(const std::string& edit, const std::vector<KeptVersion>& versions, const RowKey& key, const std::string& file) {
    HandEdit out;
    const Rows mine = parse_rows(edit, key, file);
    struct Parsed {
        std::int64_t generation;
        const std::string* content;
        Rows rows;
        std::size_t distance;
    };
    std::vector<Parsed> kept;
    for (const auto& v : versions) {
        try {
            Rows r = parse_rows(v.content, key, file);
            const std::size_t d = distance(mine, r);
            kept.push_back({v.generation, &v.content, std::move(r), d});
        } catch (const Error&) {
            // A version gefest's own parser could not read is no base.
        }
        out.latest = std::max(out.latest, v.generation);
    }
    if (kept.empty()) return out;
    std::sort(kept.begin(), kept.end(), [](const Parsed& a, const Parsed& b) { return a.generation < b.generation; });
    const Parsed* base = &kept.back();
    for (const auto& p : kept)
        if (p.distance < base->distance) base = &p;  // the least; the newest of equals (kept is oldest first, latest last)
    out.base = base->generation;
    out.latest = kept.back().generation;

    for (const auto& k : base->rows.order)
        if (!mine.by_key.count(k)) out.removed.push_back(k);
    out.cut = cut_last_row(edit, *base->content);
    const auto columns = all_columns(mine, base->rows);
    std::set<std::string> touched;
    for (const auto& k : mine.order) {
        const auto was = base->rows.by_key.find(k);
        if (was == base->rows.by_key.end()) out.added.push_back(k);
        bool any = false;
        for (const auto& c : columns) {
            const std::string from = was == base->rows.by_key.end() ? std::string() : at(was->second, c.b);
            const std::string& to = at(mine.by_key.at(k), c.a);
            if (from == to) continue;
            out.changed.push_back({k, c.name, from, to});
            any = true;
        }
        if (any || was == base->rows.by_key.end()) touched.insert(k);
    }
    if (!out.save_over()) return out;

    out.columns_differ = mine.header != base->rows.header;
    for (const auto& k : changed_keys(base->rows, kept.back().rows))
        if (touched.count(k)) out.conflicts.push_back(k);
    if (!out.refused()) out.merged = merge_into(kept.back().rows, mine, touched);
    return out;
}

HandEdit analyse_text_edit(const std::string& edit, const KeptVersion& base, std::int64_t latest) {
    HandEdit out;
    out.base = base.generation;
    out.latest = latest;
    auto lines = [](const std::string& text) {
        std::multiset<std::string> set;
        std::size_t at = 0;
        while (at < text.size()) {
            std::size_t eol = text.find('\n', at);
            if (eol == std::string::npos) eol = text.size();
            std::string line = text.substr(at, eol - at);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            set.insert(std::move(line));
            at = eol + 1;
        }
        return set;
    };
    const auto was = lines(base.content), now = lines(edit);
    std::set_difference(was.begin(), was.end(), now.begin(), now.end(), std::back_inserter(out.lines_removed));
    std::set_difference(now.begin(), now.end(), was.begin(), was.end(), std::back_inserter(out.lines_added));
    return out;
}

std::string refusal_message(const HandEdit& edit, const std::string& file) {
    if (!edit.removed.empty() || edit.cut) {
        std::vector<std::string> gone = edit.removed;
        if (edit.cut) gone.push_back(tr("the last row, cut"));
        return fmt::format(fmt::runtime(tr("'{}': a hand edit lost rows {} (a cut or half-written copy?): not taken, gefest keeps its last "
                                           "version; put the rows back, remove them with a gefest command, or 'gefest check --repair' "
                                           "restores the file and keeps the edit beside it")),
                           file, listed(gone));
    }
    if (edit.columns_differ)
        return fmt::format(fmt::runtime(tr("'{}': a copy of version {} with other columns was saved over version {}: not taken")), file, edit.base,
                           edit.latest);
    return fmt::format(fmt::runtime(tr("'{}': a copy of version {} was saved over version {}, and both changed rows {}: not taken")), file,
                       edit.base, edit.latest, listed(edit.conflicts));
}

nlohmann::json hand_edit_row(const HandEdit& edit, const std::string& file, std::int64_t generation) {
    nlohmann::json j = nlohmann::json::object();
    j["file"] = file;
    j["base"] = edit.base;
    j["generation"] = generation;
    if (edit.save_over()) j["merged_over"] = edit.latest;
    if (!edit.added.empty()) j["added"] = edit.added;
    if (!edit.changed.empty()) {
        nlohmann::json cells = nlohmann::json::array();
        for (const auto& c : edit.changed) cells.push_back({{"key", c.key}, {"column", c.column}, {"from", c.from}, {"to", c.to}});
        j["changed"] = std::move(cells);
    }
    if (!edit.lines_removed.empty()) j["lines_removed"] = edit.lines_removed;
    if (!edit.lines_added.empty()) j["lines_added"] = edit.lines_added;
    return j;
}

}  // namespace gefest
