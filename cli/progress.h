// Progress of long work (lib/base/progress.h) on stderr, for a person watching.
#pragma once

namespace gefest::cli {

/// Shows lib's progress reports on stderr as one line rewritten in place ("\r…"), and
/// clears it at the end of each piece of work — only when stderr is a terminal and
/// `quiet` (read at each report: --quiet) is false. Cron mail and scripts that capture
/// stderr never get a byte of it. Call once, before the work starts.
void show_progress_on_terminal(const bool& quiet);

}  // namespace gefest::cli
