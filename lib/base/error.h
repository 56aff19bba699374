// The one error type of the library. Nothing in lib/ prints or exits: it throws
// gefest::Error, and cli/main.cpp turns it into one message and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace gefest {

/// What went wrong, as the user's shell sees it: the value is the exit code.
/// Documented in man/gefest.1 (EXIT STATUS); keep the two in step.
enum class Errc : int {
    problems = 1,   // a check found problems (gefest check)
    usage = 2,      // wrong command line
    data = 3,       // a file or an input is malformed (FILE:LINE in the message)
    not_found = 4,  // an unknown client, order, SKU, staff member…
    refused = 5,    // the acting person's role may not do this step
    state = 6,      // the step makes no sense in the record's current state
    busy = 7,       // a lock or a file is held by someone else past the wait
    io = 8,         // the share cannot be read or written (disk full, read-only…)
    config = 9,     // no share, not a gefest share, or its settings are wrong
};

/// A failure with a message in the user's words; `file`/`line` point at the data at
/// fault when there is one (line 0: the file as a whole).
class Error : public std::runtime_error {
public:
    Error(Errc code, std::string message, std::string file = {}, int line = 0)
        : std::runtime_error(std::move(message)), code_(code), file_(std::move(file)), line_(line) {}

    Errc code() const { return code_; }
    const std::string& file() const { return file_; }
    int line() const { return line_; }

    /// "FILE:LINE: message", "FILE: message" or "message".
    std::string where_and_what() const {
        if (file_.empty()) return what();
        if (line_ > 0) return file_ + ":" + std::to_string(line_) + ": " + what();
        return file_ + ": " + what();
    }

private:
    Errc code_;
    std::string file_;
    int line_;
};

}  // namespace gefest
