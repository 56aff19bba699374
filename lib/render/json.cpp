// The JSON writer: a document as one object, a list as an array of objects, a record as
// one object — the text nlohmann's dump(2) makes, with the rows written one at a time.
#include "render/writer.h"

#include <nlohmann/json.hpp>

namespace gefest {

namespace {

// A document keeps its columns' order (ordered_json); a list and a record have always
// come out with their keys in alphabetical order (json), and scripts may compare them.
template <class Json>
Json json_of(const Cell& c) {
    if (c.empty) return nullptr;
    switch (c.kind) {
        case CellKind::integer: return c.number;
        case CellKind::money: return format_plain(Money{c.number});
        case CellKind::hundredths: return format_plain(Money{c.number});
        case CellKind::date: return c.date.iso();
        case CellKind::boolean: return c.number != 0;
        case CellKind::text: break;
    }
    return c.code.empty() ? c.text : c.code;
}

template <class Json>
Json object_of(const Table& t, const std::vector<Cell>& row) {
    Json o = Json::object();
    for (std::size_t c = 0; c < row.size() && c < t.columns.size(); ++c) o[t.columns[c].key] = json_of<Json>(row[c]);
    return o;
}

// Appends `dumped` (a dump(2)) as it reads `depth` levels deep in a dump(2) of the whole:
// every line after the first indented two spaces more per level. A JSON text has no
// raw line break inside a string, so every '\n' is one of dump's own.
void append_indented(Out& out, const std::string& dumped, int depth) {
    const std::string indent(static_cast<std::size_t>(2 * depth), ' ');
    for (char ch : dumped) {
        out += ch;
        if (ch == '\n') out += indent;
    }
}

// The array of the rows (not the totals) of `t` at depth 1 of the document.
void rows_array(const Table& t, Out& out) {
    if (t.row_count() == 0) {
        out += "[]";
        return;
    }
    out += "[";
    bool first_row = true;
    t.for_each_row([&](const std::vector<Cell>& row, bool total) {
        if (total) return;
        out += first_row ? "\n    " : ",\n    ";
        first_row = false;
        append_indented(out, object_of<nlohmann::ordered_json>(t, row).dump(2), 2);
        out.spill();
    });
    out += "\n  ]";
}

nlohmann::ordered_json charts_of(const Document& doc) {
    nlohmann::ordered_json charts;
    for (const auto& c : doc.charts) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& [name, v] : c.bars)
            a.push_back({{"label", name}, {"value", c.money ? nlohmann::ordered_json(format_plain(Money{v})) : nlohmann::ordered_json(v)}});
        charts[c.key] = a;
    }
    return charts;
}

}  // namespace

// The same text as building one ordered_json of the document and dump(2), but the rows
// of a table are written one at a time (a long table is never one JSON tree).
void json_document(const Document& doc, Out& out) {
    out += "{";
    bool first = true;
    auto member = [&](const std::string& key) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += nlohmann::ordered_json(key).dump() + ": ";
    };
    member("report");
    append_indented(out, nlohmann::ordered_json(doc.report).dump(2), 1);
    member("title");
    append_indented(out, nlohmann::ordered_json(doc.title).dump(2), 1);
    member("period");
    append_indented(out, nlohmann::ordered_json(doc.period).dump(2), 1);
    for (const auto& t : doc.tables) {
        member(t.key);
        rows_array(t, out);
        if (!t.totals.empty()) {
            nlohmann::ordered_json a = nlohmann::ordered_json::array();
            for (const auto& row : t.totals) a.push_back(object_of<nlohmann::ordered_json>(t, row));
            member(t.key + "_totals");
            append_indented(out, a.dump(2), 1);
        }
    }
    if (!doc.charts.empty()) {
        member("charts");
        append_indented(out, charts_of(doc).dump(2), 1);
    }
    out += "\n}\n";
}

void json_table(const Table& t, Out& out) {
    out += "[";
    bool first = true;
    t.for_each_row([&](const std::vector<Cell>& row, bool) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        append_indented(out, object_of<nlohmann::json>(t, row).dump(2), 1);
    });
    out += first ? "]\n" : "\n]\n";
}

void json_record(const Table& t, Out& out) {
    if (t.row_count() == 0) return;
    out += object_of<nlohmann::json>(t, t.first_row()).dump(2) + "\n";
}

}  // namespace gefest
