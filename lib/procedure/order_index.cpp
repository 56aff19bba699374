// The orders index Заказы <year>.csv kept in step with the orders (lib/procedure/order.h,
// "the store"). Rewriting a year's index on every step of every order costs the whole
// index (14.8 MB at 100k orders) per command, so a step only notes its order in the
// notes of the year (Store::append_notes, O(1) of the share). Whoever needs the index
// takes the orders noted since the marks the index stands at (a derived file) and makes
// their rows anew from their заказ.toml: load_order_index in memory, refresh_order_index
// into the file as well. While the index is small (Settings::order_index_live_bytes) a
// step refreshes it at once, so on most shares the file people open is never behind.
//
// Why a note is enough: it is appended after its заказ.toml was written, so a reader who
// sees the note reads the change. A key noted twice, or a note read twice (marks written
// after the index, or lost), only makes a row anew once more; a note of a change that
// was taken back makes the row of the order as it is.
#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/error.h"
#include "procedure/order.h"

namespace gefest {

namespace {

std::string notes_log(int year) { return fmt::format("orders-{}", year); }
std::string marks_file(int year) { return fmt::format("orders-{}.marks", year); }

// Where the index stands in the notes: the marks, and the generation of the index they
// were written with. Marks of another generation (the index written since by someone
// who could not write the marks, by check --repair, or taken back by a failed command)
// say nothing of the index as it is: then every note kept is read. A hand edit keeps the
// generation it was made on, so its marks hold: its rows are taken as they are, and
// gefest check names those that differ from their orders.
struct IndexMarks {
    Journal::Marks marks;
    std::int64_t generation = -1;  ///< -1: none (no marks file, or a damaged one)
};

// The derived file: "generation <G>", then one line per segment, "<offset> <tail> <segment>".
std::string encode_marks(const IndexMarks& m) {
    std::string out = fmt::format("generation {}\n", m.generation);
    for (const auto& [segment, mark] : m.marks) out += fmt::format("{} {} {}\n", mark.offset, mark.tail.empty() ? "-" : mark.tail, segment);
    return out;
}

// nullopt for a text that is not such lines (damaged, cut short).
std::optional<IndexMarks> decode_marks(std::string_view text) {
    IndexMarks out;
    bool first = true;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        if (end == std::string_view::npos) return std::nullopt;
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        const std::size_t a = line.find(' '), b = a == std::string_view::npos ? a : line.find(' ', a + 1);
        if (first) {
            first = false;
            const auto [p, ec] = std::from_chars(line.data() + std::min(a + 1, line.size()), line.data() + line.size(), out.generation);
            if (line.substr(0, a) != "generation" || ec != std::errc() || p != line.data() + line.size()) return std::nullopt;
            continue;
        }
        if (b == std::string_view::npos || b + 1 >= line.size()) return std::nullopt;
        Journal::Mark m;
        const auto [p, ec] = std::from_chars(line.data(), line.data() + a, m.offset);
        if (ec != std::errc() || p != line.data() + a) return std::nullopt;
        const std::string_view tail = line.substr(a + 1, b - a - 1);
        if (tail != "-") m.tail = std::string(tail);
        out.marks.emplace(std::string(line.substr(b + 1)), std::move(m));
    }
    if (first) return std::nullopt;
    return out;
}

std::optional<IndexMarks> read_marks(const Store& store, int year) {
    if (auto text = store.read_derived(marks_file(year))) return decode_marks(*text);
    return std::nullopt;
}

// The marks of `had` that hold for the index as `index` shows it: none (read every note
// kept) unless they were written with its generation.
Journal::Marks marks_for(const std::optional<IndexMarks>& had, const Snapshot& index) {
    if (!had || had->generation != index.generation) return {};
    return had->marks;
}

void write_marks(Store& store, int year, const IndexMarks& marks) {
    try {
        store.write_derived_taken_back(marks_file(year), encode_marks(marks));
    } catch (const Error&) {
        // Not fatal: the next reader reads the notes from older marks, or all of them.
    }
}

// The numbers of `year`'s orders noted after `marks`, which are moved past them. Marks
// that no longer fit the notes (a segment removed or changed) are dropped, and every
// note still kept is read.
std::set<std::int64_t> noted_orders(const Store& store, int year, Journal::Marks& marks) {
    std::set<std::int64_t> out;
    const std::string prefix = fmt::format("{}-", year);
    auto take = [&](const std::string& key) {
        std::int64_t n = 0;
        if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) return;
        const char* first = key.data() + prefix.size();
        const auto [p, ec] = std::from_chars(first, key.data() + key.size(), n);
        if (ec == std::errc() && p == key.data() + key.size() && n > 0) out.insert(n);
    };
    if (store.for_each_note_after(notes_log(year), marks, take) == Journal::After::stale) {
        out.clear();
        marks.clear();
        store.for_each_note_after(notes_log(year), marks, take);
    }
    return out;
}

// The rows of `numbers` made anew in `rows` from their заказ.toml: replaced, added, or
// removed for an order that is no more (its number given back by a failed `order new`).
// An order whose заказ.toml does not read keeps the row it had: gefest check names the
// file, and its --repair makes the row once the file is mended.
void renew_rows(const Store& store, const Settings& settings, int year, const std::set<std::int64_t>& numbers,
                std::vector<OrderIndexRow>& rows) {
    if (numbers.empty()) return;
    std::unordered_map<std::int64_t, std::size_t> at;
    at.reserve(rows.size());
    for (std::size_t n = rows.size(); n-- > 0;) at[rows[n].number] = n;  // the first row of a number, as check reports it
    std::set<std::int64_t> gone;
    for (std::int64_t n : numbers) {
        std::optional<OrderIndexRow> row;
        try {
            const Order o = load_order(store, year, n);
            row = order_index_row(o, store.documents_folder({Record::order, year, n}).filename().string(), settings);
        } catch (const Error& e) {
            if (e.code() == Errc::io || e.code() == Errc::busy) throw;
            if (e.code() != Errc::not_found) continue;
        }
        auto it = at.find(n);
        if (!row) {
            if (it != at.end()) gone.insert(n);
        } else if (it != at.end()) {
            rows[it->second] = std::move(*row);
        } else {
            at.emplace(n, rows.size());
            rows.push_back(std::move(*row));
        }
    }
    if (!gone.empty()) std::erase_if(rows, [&](const OrderIndexRow& r) { return gone.count(r.number) > 0; });
    std::stable_sort(rows.begin(), rows.end(), [](const OrderIndexRow& a, const OrderIndexRow& b) { return a.number < b.number; });
}

// The month two before today's: notes of months before it were surely taken in by the
// refresh that pruned them (a writer appends to the month of its clock).
std::string prune_before() {
    const Date today = now().date;
    int y = today.year, m = today.month - 2;
    if (m < 1) {
        m += 12;
        --y;
    }
    return fmt::format("{:04}-{:02}", y, m);
}

}  // namespace

std::vector<OrderIndexRow> load_order_index(const Store& store, const Settings& settings, int year) {
    const RecordRef index{Record::order_index, year};
    const Snapshot now = store.read(index);
    Journal::Marks marks = marks_for(read_marks(store, year), now);
    auto rows = parse_order_index(now.content.value_or(""), store.where(index));
    renew_rows(store, settings, year, noted_orders(store, year, marks), rows);
    return rows;
}

std::vector<OrderIndexRow> read_order_index_file(const Store& store, int year) {
    const RecordRef index{Record::order_index, year};
    return parse_order_index(store.read(index).content.value_or(""), store.where(index));
}

namespace {

// refresh_order_index, by a step (`by_step`: it has just noted its order, so there is
// something to write) or by a reader (order list, check --repair), who first looks
// without the lock whether anything was noted, and then removes the notes taken in
// where it may (a step does not: its failure would have to put them back).
std::vector<OrderIndexRow> refresh(Store& store, const Settings& settings, int year, bool by_step) {
    const RecordRef index{Record::order_index, year};
    const std::string file = store.where(index);
    if (!by_step) {
        // Nothing noted since marks that hold: the index is up to date, no lock taken (nor
        // a year's folder made by listing a year without orders).
        const Snapshot now = store.read(index);
        const std::optional<IndexMarks> had = read_marks(store, year);
        Journal::Marks marks = marks_for(had, now);
        const Journal::Marks before = marks;
        if (noted_orders(store, year, marks).empty() && (!now.content || (had && had->generation == now.generation && marks == before)))
            return parse_order_index(now.content.value_or(""), file);
    }
    // Under the index's lock, so that the marks are held against the index they are
    // about; written after it, so that they never claim more than it holds.
    IndexMarks after;
    bool marks_moved = false;
    std::vector<OrderIndexRow> rows;
    after.generation = store.change(index, [&](const Snapshot& s) -> std::optional<std::string> {
        const std::optional<IndexMarks> had = read_marks(store, year);
        Journal::Marks marks = marks_for(had, s);
        const auto numbers = noted_orders(store, year, marks);
        marks_moved = !had || had->generation != s.generation || had->marks != marks;
        after.marks = std::move(marks);
        rows = parse_order_index(s.content.value_or(""), file);
        if (numbers.empty()) return std::nullopt;
        renew_rows(store, settings, year, numbers, rows);
        return format_order_index(rows);
    });
    if (marks_moved) write_marks(store, year, after);
    if (marks_moved && !by_step) {
        IndexMarks pruned = after;
        store.prune_notes(notes_log(year), prune_before(), pruned.marks);
        if (pruned.marks != after.marks) write_marks(store, year, pruned);
    }
    return rows;
}

}  // namespace

std::vector<OrderIndexRow> refresh_order_index(Store& store, const Settings& settings, int year) { return refresh(store, settings, year, false); }

void update_order_index(Session& session, const Order& order) { update_order_index(session, std::vector<Order>{order}); }

void update_order_index(Session& session, const std::vector<Order>& orders) {
    Store& store = session.store();
    std::map<int, std::vector<std::string>> by_year;
    for (const auto& o : orders) by_year[o.year].push_back(o.key());
    for (const auto& [year, keys] : by_year) {
        store.append_notes(notes_log(year), keys);
        const std::int64_t live = session.settings().order_index_live_bytes;  // 0: never
        const auto bytes = static_cast<std::int64_t>(store.size({Record::order_index, year}).value_or(0));
        if (live > 0 && bytes <= live) refresh(store, session.settings(), year, true);
    }
}

}  // namespace gefest
