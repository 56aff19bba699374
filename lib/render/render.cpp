// Picks the writer for a format and wires it to a sink (see render/render.h).
#include "render/render.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "store/fsio.h"

namespace gefest {

namespace {

DocumentWriter document_writer(const std::string& format) {
    if (format == "text") return text_document;
    if (format == "csv") return csv_document;
    if (format == "json") return json_document;
    if (format == "html") return html_document;
    return nullptr;
}

std::string collect(const Document& doc, DocumentWriter write) {
    std::string all;
    const ByteSink sink = [&](std::string_view piece) { all += piece; };
    Out out(sink);
    write(doc, out);
    out.flush();
    return all;
}

void check_listing_format(const std::string& format) {
    if (format != "text" && format != "csv" && format != "json")
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--format must be text, csv or json, not '{}'")), format));
}

void write_table(const Table& table, TableWriter write, const ByteSink& sink) {
    Out out(sink);
    write(table, out);
    out.flush();
}

}  // namespace

const std::vector<std::string>& report_formats() {
    static const std::vector<std::string> f = {"text", "csv", "json", "xlsx", "html"};
    return f;
}

void render_to(const Document& doc, const std::string& format, const ByteSink& sink) {
    if (format == "xlsx") return sink(xlsx_document(doc));
    const DocumentWriter write = document_writer(format);
    if (!write) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown report format '{}': use text, csv, json, xlsx or html")), format));
    Out out(sink);
    write(doc, out);
    out.flush();
}

std::string render(const Document& doc, const std::string& format) {
    std::string all;
    render_to(doc, format, [&](std::string_view piece) { all += piece; });
    return all;
}

void render_to_file(const Document& doc, const std::string& format, const std::filesystem::path& file) {
    fsio::write_atomic_streamed(file, [&](const std::function<void(std::string_view)>& write) { render_to(doc, format, write); });
}

std::string render_text(const Document& doc) { return collect(doc, text_document); }
std::string render_csv(const Document& doc) { return collect(doc, csv_document); }
std::string render_json(const Document& doc) { return collect(doc, json_document); }
std::string render_html(const Document& doc) { return collect(doc, html_document); }
std::string render_xlsx(const Document& doc) { return xlsx_document(doc); }

const std::vector<std::string>& listing_formats() {
    static const std::vector<std::string> f = {"text", "csv", "json"};
    return f;
}

void render_list_to(const Table& table, const std::string& format, const ByteSink& sink) {
    check_listing_format(format);
    write_table(table, format == "json" ? json_table : format == "csv" ? csv_table : text_table, sink);
}

void render_record_to(const Table& table, const std::string& format, const ByteSink& sink) {
    check_listing_format(format);
    if (format == "csv" || table.row_count() != 1) return render_list_to(table, format, sink);
    write_table(table, format == "json" ? json_record : text_record, sink);
}

}  // namespace gefest
