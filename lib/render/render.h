// Rendering at the edge: a Document (a report) or a Table (a list of the front end) in a
// format, handed to a sink piece by piece, written to a file atomically, or returned as
// one string. Documents: text (aligned), CSV (Excel ru-RU: BOM, ';', CRLF, decimal comma,
// formulas neutralised, numbers as numbers), JSON, XLSX (libxlsxwriter) and HTML (one
// self-contained page with inline SVG bar charts). Lists and records: text, CSV (the
// registers' dialect), JSON.
// Output is deterministic: nothing depends on the clock or the machine (XLSX takes its
// creation time from now(), which GEFEST_NOW fixes).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "render/table.h"
#include "render/writer.h"

namespace gefest {

/// Formats of a document: text | csv | json | xlsx | html.
const std::vector<std::string>& report_formats();

/// The document in `format` handed to `sink` in pieces as it is made (every format but
/// xlsx, which libxlsxwriter makes as a file first), so a long report is never held as
/// one string. Error(usage) for an unknown format (before any byte); otherwise throws
/// what the writer or the sink throw.
void render_to(const Document& doc, const std::string& format, const ByteSink& sink);
/// The document in `format` as the bytes of a file (XLSX through a temporary file that
/// is removed again; Error(io) if libxlsxwriter fails). Error(usage) for an unknown format.
std::string render(const Document& doc, const std::string& format);

/// The document in `format` written to `file` atomically, piece by piece
/// (fsio::write_atomic_streamed): a reader, or Excel, never sees half a report, and a
/// failure leaves `file` as it was. Throws what render_to throws, and Error(io) if the
/// file cannot be written (its folder missing, say).
void render_to_file(const Document& doc, const std::string& format, const std::filesystem::path& file);

/// The document as text (writer.h: text_document).
std::string render_text(const Document& doc);
/// The document as Excel ru-RU CSV (writer.h: csv_document).
std::string render_csv(const Document& doc);
/// The document as JSON (writer.h: json_document).
std::string render_json(const Document& doc);
/// The document as an HTML page (writer.h: html_document).
std::string render_html(const Document& doc);
/// The document as an XLSX workbook (writer.h: xlsx_document; Error(usage) if it needs
/// more rows than a sheet holds, Error(io) if it cannot be written).
std::string render_xlsx(const Document& doc);

/// Formats of a list or a record: text | csv | json.
const std::vector<std::string>& listing_formats();

/// `table` as a list, handed to `sink` in one piece once it is whole: text — aligned
/// columns under a header line; csv — the registers' dialect; json — an array of
/// objects (writer.h: text_table, csv_table, json_table). Error(usage) for another
/// format ("--format must be text, csv or json"); Error(data) for a CSV row whose width
/// differs from the columns'.
void render_list_to(const Table& table, const std::string& format, const ByteSink& sink);
/// One record (the first row of `table`): in text "Title: value" lines, in JSON one
/// object; a table that has not exactly one row, and CSV, are rendered as a list.
/// Throws like render_list_to.
void render_record_to(const Table& table, const std::string& format, const ByteSink& sink);

}  // namespace gefest
