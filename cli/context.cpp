#include "context.h"

#include <cstdlib>

#include "procedure/refusals.h"

namespace gefest::cli {

Session& Context::session() {
    if (!session_) {
        std::string user = options.user;
        if (user.empty())
            if (const char* env = std::getenv("GEFEST_USER")) user = env;
        session_.emplace(Share::open(Share::locate(options.share)), me_, user);
        if (!user.empty()) session_->actor();
    }
    return *session_;
}

void Context::journal_refusal(const StepRefused& refusal, const std::string& command) noexcept {
    if (session_) record_refusal(*session_, refusal, command);
}

}  // namespace gefest::cli
