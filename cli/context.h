// What every subcommand gets: the global options and, opened on first use, the session
// (lib/store/session.h: the share, who is acting, the matrix, the journal). A subcommand
// hands ctx.session() to its procedure function (lib/procedure/*_commands.h), which
// calls Session::writing() before it changes anything, so the mount check and the
// identity check live in one place.
#pragma once

#include <optional>
#include <string>

#include "store/session.h"

namespace gefest::cli {

/// Options that apply to every subcommand (gefest(1), GLOBAL OPTIONS).
struct GlobalOptions {
    std::optional<std::string> share;
    std::string user;            ///< act for this staff member (--user / GEFEST_USER)
    std::string format = "text"; ///< text | csv | json
    bool quiet = false;          ///< no progress on the terminal (--quiet)
};

class Context {
public:
    GlobalOptions options;

    /// The session, opened on first use (Error(config) if no share is set or it is not
    /// one). Acting for someone (--user) is checked on opening, even by commands that only
    /// read, so a refused --user is refused the same way everywhere.
    Session& session();

    /// The command failed: what it changed is taken back (Store::take_back_changes), so
    /// the share is as it found it. Never throws.
    void take_back_changes() noexcept {
        if (session_) session_->store().take_back_changes();
    }

    /// Journals a refused step (record_refusal) when a session is open; `command` is the
    /// subcommand path run ("invoice issue"). Never throws.
    void journal_refusal(const StepRefused& refusal, const std::string& command) noexcept;

    /// Who runs gefest, for the one command that has no share yet (init).
    const Identity& me() const { return me_; }

private:
    Identity me_ = Identity::current();
    std::optional<Session> session_;
};

}  // namespace gefest::cli
