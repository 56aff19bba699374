// What every subcommand gets: the global options, the share (opened once, on first
// use), who is acting, and the journal. Commands that write call writing() first, so
// the mount check and the identity check live here, in one place.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/identity.h"
#include "store/journal.h"
#include "store/share.h"
#include "store/shared_file.h"
#include "store/staff.h"

namespace gefest::cli {

/// Options that apply to every subcommand (gefest(1), GLOBAL OPTIONS).
struct GlobalOptions {
    std::optional<std::string> share;
    std::string user;            ///< act for this staff member (--user / GEFEST_USER)
    std::string format = "text"; ///< text | csv | json
};

class Context {
public:
    GlobalOptions options;

    /// The share, opened on first use (Error(config) if none is set or it is not one).
    const Share& share();
    const Identity& me() const { return me_; }
    const Process& process();
    const Staff& staff();

    /// The staff member on whose behalf this runs: --user if the real login may act for
    /// others, else the login itself. Error(refused) for an unknown login.
    const StaffMember& actor();

    /// Call before changing anything: checks the mount and the actor.
    void writing();

    /// Error(refused) unless the actor's roles may do `step_id` per Процесс.toml.
    void require_step(const std::string& step_id);

    /// Appends to the journal with the real login, and the actor when acting for someone.
    void record(Event event);
    Journal& journal();

    /// A file several people change, with the share's lock settings.
    SharedFile shared(const std::filesystem::path& file);

    /// Re-reads staff (after staff add/remove changed Сотрудники.toml).
    void forget_staff() { staff_.reset(); }

private:
    Identity me_ = Identity::current();
    std::optional<Share> share_;
    std::optional<Process> process_;
    std::optional<Staff> staff_;
    std::unique_ptr<Journal> journal_;
};

}  // namespace gefest::cli
