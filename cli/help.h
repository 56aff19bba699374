// Manual pages from the command line (gefest help, --man): see help.cpp.
#pragma once

#include <string>
#include <vector>

namespace gefest::cli {

/// Shows the manual page of `words` (a command path: {"ship"}; {"share"}: gefest-share(5);
/// {"procedure"}: gefest(7); none: gefest(1)) with `man -l`, replacing this process, or
/// prints its source when man is missing; returns the exit code then. Error(not_found)
/// when the page is neither installed nor in the source tree.
int open_manual(const std::vector<std::string>& words);

}  // namespace gefest::cli
