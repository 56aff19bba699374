// The HTML writer: a document as one self-contained page, bar charts as inline SVG.
#include "render/writer.h"

#include <algorithm>

#include <fmt/format.h>

namespace gefest {

namespace {

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

void head(const Document& doc, Out& out) {
    out += "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(doc.title) + "</title>\n";
    out += "<style>\nbody{font-family:Arial,Helvetica,sans-serif;margin:24px;color:#222}\nh1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
           "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px}th{background:#eef}\n"
           "td.n{text-align:right;white-space:nowrap}tr.total td{font-weight:bold;background:#f4f4f4}\n"
           ".charts{display:flex;flex-wrap:wrap;gap:24px}.bar{fill:#4a7bb7}.chart text{font-size:12px}\n</style>\n</head>\n<body>\n";
    out += "<h1>" + html_escape(doc.title) + "</h1>\n<p>" + html_escape(doc.period) + "</p>\n";
}

// One bar per row: the label on the left, the bar scaled to the largest value, the value.
void chart(const Chart& c, Out& out) {
    std::int64_t max = 1;
    for (const auto& b : c.bars) max = std::max(max, b.second);
    const int row_h = 24, label_w = 180, bar_w = 260, h = static_cast<int>(c.bars.size()) * row_h + 10;
    out += fmt::format("<figure class=\"chart\" id=\"{}\">\n<figcaption>{}</figcaption>\n", c.key, html_escape(c.title));
    out += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">\n", label_w + bar_w + 110, h);
    for (std::size_t i = 0; i < c.bars.size(); ++i) {
        const auto& [name, v] = c.bars[i];
        const int y = static_cast<int>(i) * row_h + 5;
        const auto len = static_cast<int>(std::max<std::int64_t>(0, v) * bar_w / max);
        const std::string value = c.money ? format_money(Money{v}) : std::to_string(v);
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + 15, html_escape(name));
        out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>", label_w, y,
                           len, row_h - 6, html_escape(name), value);
        out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + len + 6, y + 15, value);
    }
    out += "</svg>\n</figure>\n";
}

void table(const Table& t, Out& out) {
    out += "<h2>" + html_escape(t.title) + "</h2>\n<table>\n<tr>";
    for (const auto& c : t.columns) out += "<th>" + html_escape(c.title) + "</th>";
    out += "</tr>\n";
    t.for_each_row([&](const std::vector<Cell>& row, bool total) {
        out += total ? "<tr class=\"total\">" : "<tr>";
        for (const auto& c : row) out += (is_numeric(c.kind) ? "<td class=\"n\">" : "<td>") + html_escape(cell_text(c, true)) + "</td>";
        out += "</tr>\n";
        out.spill();
    });
    out += "</table>\n";
}

}  // namespace

void html_document(const Document& doc, Out& out) {
    head(doc, out);
    if (!doc.charts.empty()) out += "<div class=\"charts\">\n";
    for (const auto& c : doc.charts) chart(c, out);
    if (!doc.charts.empty()) out += "</div>\n";
    for (const auto& t : doc.tables) table(t, out);
    out += "</body>\n</html>\n";
}

}  // namespace gefest
