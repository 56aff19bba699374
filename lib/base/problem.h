// A finding about the data on the share, printed as "FILE:LINE: message" (gefest check,
// and the per-record checks it calls).
#pragma once

#include <string>

namespace gefest {

/// One finding, printed as "FILE:LINE: message".
struct Problem {
    std::string file;
    int line = 0;
    std::string message;
    bool warning = false;  ///< advice (mount options), does not fail the check
};

}  // namespace gefest
