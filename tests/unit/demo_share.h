// A copy of data/demo in a temporary folder, opened as a share: for tests of what reads
// and writes a whole share (documents, mail, inquiries, check). Removed when it ends.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "base/identity.h"
#include "store/fsio.h"
#include "store/journal.h"
#include "store/share.h"
#include "store/share_store.h"
#include "temp_folder.h"

namespace gefest::testing {

struct DemoShare {
    TempFolder tmp;
    // The journal's local turn locks go where XDG_RUNTIME_DIR says: here, not into /tmp.
    bool run_made = std::filesystem::create_directory(tmp / "run");
    ScopedEnv runtime{"XDG_RUNTIME_DIR", (tmp / "run").string()};
    std::filesystem::path root = tmp / "share";
    bool copied = (std::filesystem::copy(GEFEST_DATA "/demo", root, std::filesystem::copy_options::recursive), true);
    Share share = Share::open(root);
    Identity me = Identity::current();
    /// The share's store, written as `me`.
    ShareStore store{share, me};

    std::filesystem::path at(const std::string& relative) const { return share.at(relative); }
    Journal journal() const { return Journal(share.at(share.settings().journal), share.settings().share_id, me); }

    /// The share opened again with `from` replaced by `to` in its gefest.toml (which
    /// keeps the change). REQUIREs that `from` is there.
    Share edit_settings(const std::string& from, const std::string& to) {
        std::string text = fsio::read_file(share.settings_file());
        auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        fsio::write_atomic(share.settings_file(), text);
        share = Share::open(root);
        store = ShareStore(share, me);
        return share;
    }
};

}  // namespace gefest::testing
