#include "context.h"

#include <cstdlib>

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

}  // namespace gefest::cli
