// What gefest prints for people is shown, not obeyed: client names, notes and e-mail
// subjects come from imports, the site and hand-edited registers, and an escape
// sequence or a bidi override in one could clear the screen, retitle the window, hide
// text or reverse it on the terminal (issue 13).
#pragma once

#include <string>
#include <string_view>

namespace gefest::cli {

/// Routes stdout, while `format` (read at each write) is "text", through escape_controls
/// (lib/base/text.h), line breaks and tabs kept: messages, lists and records in text.
/// CSV and JSON pass byte for byte (they are data, often redirected to a file). Error
/// messages on stderr are one line each: cli/main.cpp escapes them whole (one_line).
/// Call once, before anything is printed; `format` must outlive the program's output.
/// Does nothing if the stream cannot be set up.
void escape_terminal_output(const std::string& format);

/// Writes `bytes` to standard output as they are, past the escaping (a report in a data
/// format chosen by its own --format: CSV, JSON, HTML). False if they could not all be
/// written.
bool write_unescaped(std::string_view bytes);

/// `message` as one line for stderr: escape_controls without keeping line breaks.
std::string one_line(std::string_view message);

}  // namespace gefest::cli
