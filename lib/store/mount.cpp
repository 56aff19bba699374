#include "store/mount.h"

#include <sys/vfs.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

constexpr long fuse_magic = 0x65735546;
constexpr long cifs_magic = static_cast<long>(0xFF534D42);
constexpr long smb2_magic = static_cast<long>(0xFE534D42);

// mountinfo escapes spaces and the like as \040 octal.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size()) {
            int v = 0;
            bool ok = true;
            for (int k = 1; k <= 3; ++k) {
                char c = s[i + k];
                if (c < '0' || c > '7') ok = false;
                v = v * 8 + (c - '0');
            }
            if (ok) {
                out += static_cast<char>(v);
                i += 3;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

}  // namespace

MountInfo mount_of(const fs::path& path) {
    MountInfo best;
    std::error_code ec;
    fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, mount_point, mount_options, field;
        fields >> id >> parent >> devno >> root >> mount_point >> mount_options;
        while (fields >> field && field != "-") {
        }
        std::string fstype, source, super_options;
        fields >> fstype >> source >> super_options;
        mount_point = unescape(mount_point);
        std::string t = target.string();
        bool inside = t == mount_point || mount_point == "/" ||
                      (t.size() > mount_point.size() && t.compare(0, mount_point.size(), mount_point) == 0 && t[mount_point.size()] == '/');
        if (inside && mount_point.size() >= best.mount_point.size()) {
            best.mount_point = mount_point;
            best.fstype = fstype;
            best.options = mount_options + "," + super_options;
        }
    }
    struct statfs st {};
    if (::statfs(path.c_str(), &st) == 0) {
        best.fuse = st.f_type == fuse_magic;
        best.cifs = st.f_type == cifs_magic || st.f_type == smb2_magic;
    }
    if (best.fstype.rfind("fuse", 0) == 0) best.fuse = true;
    if (best.fstype == "cifs" || best.fstype == "smb3") best.cifs = true;
    return best;
}

std::vector<std::string> missing_cifs_options(const MountInfo& m) {
    std::vector<std::string> missing;
    if (!m.cifs) return missing;
    std::string opts = "," + m.options + ",";
    auto has = [&](const std::string& o) { return opts.find("," + o + ",") != std::string::npos; };
    if (!has("cache=none")) missing.push_back("cache=none");
    if (!has("actimeo=0")) missing.push_back("actimeo=0");
    if (!has("nolease")) missing.push_back("nolease");
    if (!has("closetimeo=0")) missing.push_back("closetimeo=0");
    return missing;
}

void require_writable_mount(const fs::path& share_root) {
    MountInfo m = mount_of(share_root);
    if (m.fuse)
        throw Error(Errc::config,
                    fmt::format(fmt::runtime(tr("the share '{}' is mounted through FUSE ({}), which does not honour exclusive creation; "
                                                "gefest will not write there: mount it with mount.cifs (see gefest-share(5))")),
                                share_root.string(), m.fstype));
}

}  // namespace gefest
