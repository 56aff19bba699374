#include "base/progress.h"

#include <utility>

namespace gefest {

namespace {
ProgressSink& sink() {
    static ProgressSink s;
    return s;
}
}  // namespace

void set_progress_sink(ProgressSink s) { sink() = std::move(s); }

void progress(std::string_view what, std::size_t done, std::size_t total) noexcept {
    if (!sink()) return;
    try {
        sink()(what, done, total);
    } catch (...) {
        // Progress is a courtesy: it never stops the work.
    }
}

}  // namespace gefest
