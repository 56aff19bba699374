// gefest check: is everything on the share readable and consistent? (And with --repair,
// rebuild what is derived.)
#pragma once

#include <string>
#include <vector>

#include "base/identity.h"
#include "base/problem.h"
#include "store/session.h"
#include "store/share.h"

namespace gefest {

struct CheckReport {
    std::vector<Problem> problems;
    std::vector<std::string> repaired;  ///< what --repair did, one line each

    bool failed() const;
};

/// Parses every file gefest owns on `share`, reads the whole journal, checks numbering
/// (holes, claims without records), locks left by dead processes, temporaries left by
/// killed writers, and the mount. With `repair`, rebuilds what is derived: cuts torn
/// journal tails of this machine's segments, removes dead locks and old temporaries,
/// re-creates number hints and human-facing files from their last committed version.
CheckReport check_share(const Share& share, const Identity& me, bool repair);

/// gefest check's options.
struct CheckOptions {
    bool repair = false;
};
/// gefest check on the session's share: check_share, after the checks of a writer
/// (Session::writing) when repairing. The report is the caller's to show; it does not
/// throw for the problems it lists.
CheckReport check_share(Session& session, const CheckOptions& options);

}  // namespace gefest
