// Documents made from the share's editable templates (Отдел продаж/Шаблоны/, mustache):
// rendering with every value HTML-escaped, checking that a template names only known
// placeholders, and converting HTML to PDF when a converter is on the machine.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/share.h"

namespace gefest {

/// Template file names in settings().templates.
namespace template_name {
inline const std::string invoice = "Счет.html.mustache";
inline const std::string contract = "Договор.html.mustache";
inline const std::string specification = "Спецификация.html.mustache";
inline const std::string pick_list = "Лист подбора.html.mustache";            ///< ship notify (5.2.4.1)
inline const std::string packing_list = "Упаковочный лист.html.mustache";     ///< ship docs (5.2.4.6)
inline const std::string consignment_note = "Товарная накладная.html.mustache";  ///< ship docs (5.2.4.6), [documents] shipping = "ТОРГ-12"
inline const std::string upd = "УПД.html.mustache";  ///< ship docs (5.2.4.6), the default shipping document
}  // namespace template_name

/// Every template gefest init writes (template_name's names, in that order).
const std::vector<std::string>& default_template_names();

/// Renders mustache `text` with `data` (objects, arrays, strings, numbers, booleans).
/// Every name the template uses ({{x}}, {{#x}}, {{^x}}, {{a.b}}) must be a key of the
/// data (looked up in the enclosing sections as mustache does); an unknown one is
/// Error(data, "unknown placeholder 'x'", template_file, line). {{{x}}} and {{& x}}
/// (unescaped output) are refused the same way, so every value is HTML-escaped.
/// Partials are refused. A template that does not parse is Error(data) naming it.
std::string render_template(const std::string& text, const nlohmann::json& data, const std::string& template_file);

/// Reads `name` from the share's template folder and renders it. Error(not_found)
/// naming the file (and `gefest init`'s defaults) if it is missing.
std::string render_share_template(const Share& share, const std::string& name, const nlohmann::json& data);

/// The PDF converter setting ([documents] pdf in gefest.toml): "auto" (default),
/// "off", or a command line. Error(data) FILE:LINE if gefest.toml has a wrong type there.
std::string pdf_setting(const Share& share);

/// Converts `html` into `pdf` per pdf_setting: "off" → returns "pdf = off"; a command
/// line → run with the HTML and PDF paths appended; "auto" → the first found on PATH of
/// chromium (or chromium-browser, google-chrome: the supported converter, Debian's
/// `chromium`) --headless --print-to-pdf with the template's own @page size and margins
/// and no header or footer; wkhtmltopdf --print-media-type; libreoffice (or soffice)
/// --headless --convert-to pdf on a copy in a private temporary folder (so a ';' or
/// another odd character in the order's folder name does not reach it). Returns "" when
/// `pdf` was made, else a short reason (no converter, the converter failed). Never
/// throws for a converter failure: the HTML alone is complete.
std::string make_pdf(const Share& share, const std::filesystem::path& html, const std::filesystem::path& pdf);


/// Runs `argv` (argv[0] looked up on PATH, no shell) with `input` on stdin (nullptr:
/// /dev/null) and stdout/stderr discarded. Returns the exit code, -1 if it could not
/// run or died by a signal. Never throws.
int run_program(const std::vector<std::string>& argv, const std::string* input);

/// The document date as Russian text: "27 ноября 2026 г.", "1 декабря 2026 г.".
std::string russian_long_date(const std::string& iso_date);

/// The default templates (default_template_names()) written into `dir` with
/// fsio::write_atomic, keeping files that already exist. Called by gefest init.
void write_default_templates(const std::filesystem::path& dir);

/// The default text of template `name` (one of template_name); "" for another name.
std::string default_template(const std::string& name);

}  // namespace gefest
