// How far long work has got (a bank import, a catalog import, a report reading many
// months of the journal, the check of a share). lib/ only reports; the front end decides
// whether and how to show it (gefest shows it on stderr when that is a terminal).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace gefest {

/// Receives progress: `done` of `total` units of `what` (a translated phrase, "reading
/// the journal"); done == total is the end of that work.
using ProgressSink = std::function<void(std::string_view what, std::size_t done, std::size_t total)>;

/// Sets where progress goes (an empty function: nowhere, the default). Not thread-safe:
/// set it once, before the work starts.
void set_progress_sink(ProgressSink sink);

/// Reports progress to the sink, if one is set. Never throws (a sink that throws is
/// ignored).
void progress(std::string_view what, std::size_t done, std::size_t total) noexcept;

}  // namespace gefest
