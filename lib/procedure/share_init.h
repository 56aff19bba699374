// gefest init: a new share with the layout of DESIGN.md.
#pragma once

#include <filesystem>
#include <string>

#include "base/identity.h"

namespace gefest {

/// Creates a share in `dir` (created if missing; it may exist but must not already be
/// a share): folders, gefest.toml for `company`, Сотрудники.toml with `me` as the owner
/// of the process (the default matrix's owner_roles(): the head of sales) allowed to act
/// for others, Процесс.toml with the default matrix, empty registers (the carriers
/// register holds only its format and a commented example). gefest.toml is written last
/// and exclusively, so of two concurrent inits one wins and the other is refused. Error(state) if `dir` is already a share; Error(data), before anything is
/// made, for a login or host name unfit for file names (Identity::require_usable) or a
/// company name that is empty, padded with spaces or holds control characters
/// (input::require_name).
void init_share(const std::filesystem::path& dir, const std::string& company, const Identity& me);

/// gefest init's options.
struct InitOptions {
    std::string dir;                     ///< the new share's folder, as typed
    std::string company = "ООО «Гефест»";  ///< the company's name for documents
};
/// gefest init: init_share for the person running it (there is no session: no share
/// exists yet). Returns the login made the owner of the process.
std::string init_share(const Identity& me, const InitOptions& options);

/// The default responsibility matrix (Процесс.toml), reconstructed from 02-006.
const std::string& default_process_toml();

}  // namespace gefest
