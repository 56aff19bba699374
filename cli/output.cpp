#include "output.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"

namespace gefest::cli {

size_t display_width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

namespace {

nlohmann::json row_object(const Listing& l, const std::vector<std::string>& row) {
    nlohmann::json obj = nlohmann::json::object();
    for (size_t i = 0; i < l.keys.size() && i < row.size(); ++i) obj[l.keys[i]] = row[i];
    return obj;
}

void check_format(const std::string& format) {
    if (format != "text" && format != "csv" && format != "json")
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--format must be text, csv or json, not '{}'")), format));
}

}  // namespace

void print_listing(const Listing& l, const std::string& format) {
    check_format(format);
    if (format == "json") {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& row : l.rows) arr.push_back(row_object(l, row));
        fmt::print("{}\n", arr.dump(2));
        return;
    }
    if (format == "csv") {
        csv::Table t{l.titles, {}};
        for (const auto& row : l.rows) t.rows.push_back({row, 0});
        std::fputs(csv::write(t).c_str(), stdout);
        return;
    }
    std::vector<size_t> width(l.titles.size());
    for (size_t i = 0; i < l.titles.size(); ++i) width[i] = display_width(l.titles[i]);
    for (const auto& row : l.rows)
        for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (size_t i = 0; i < cells.size() && i < width.size(); ++i) {
            out += cells[i];
            if (i + 1 < cells.size()) out += std::string(width[i] - display_width(cells[i]) + 2, ' ');
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        fmt::print("{}\n", out);
    };
    line(l.titles);
    for (const auto& row : l.rows) line(row);
}

void print_record(const Listing& l, const std::string& format) {
    check_format(format);
    if (format == "json" && l.rows.size() == 1) {
        fmt::print("{}\n", row_object(l, l.rows[0]).dump(2));
        return;
    }
    if (format != "text" || l.rows.size() != 1) return print_listing(l, format);
    size_t w = 0;
    for (const auto& t : l.titles) w = std::max(w, display_width(t));
    for (size_t i = 0; i < l.titles.size() && i < l.rows[0].size(); ++i)
        fmt::print("{}:{}{}\n", l.titles[i], std::string(w - display_width(l.titles[i]) + 1, ' '), l.rows[0][i]);
}

}  // namespace gefest::cli
