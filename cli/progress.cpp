#include "progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/progress.h"

namespace gefest::cli {

void show_progress_on_terminal(const bool& quiet) {
    if (!isatty(STDERR_FILENO)) return;
    using Clock = std::chrono::steady_clock;
    auto last = std::make_shared<Clock::time_point>();
    set_progress_sink([&quiet, last](std::string_view what, std::size_t done, std::size_t total) {
        if (quiet) return;
        if (done >= total) {
            std::fputs("\r\033[K", stderr);  // the work is done: the line goes
            std::fflush(stderr);
            return;
        }
        // At most ten redraws a second, but always the first.
        const auto at = Clock::now();
        if (done != 0 && at - *last < std::chrono::milliseconds(100)) return;
        *last = at;
        const std::string line = fmt::format("\r\033[K{}: {}/{} ({}%)", what, done, total, done * 100 / total);
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
    });
}

}  // namespace gefest::cli
