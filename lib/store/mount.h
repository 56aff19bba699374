// What kind of file system the share is on (DESIGN.md rule 9): FUSE SMB clients break
// O_EXCL and are refused for writing; a kernel CIFS mount without the recommended
// options is correct but slow to show one PC's changes to another, so check warns.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gefest {

struct MountInfo {
    std::string mount_point;
    std::string fstype;   ///< as in /proc/self/mountinfo ("cifs", "smb3", "fuse.smbnetfs", "ext4"…)
    std::string options;  ///< mount options and super options, comma-separated
    bool fuse = false;
    bool cifs = false;
};

/// The mount the path lives on (statfs for the type, /proc/self/mountinfo for options).
MountInfo mount_of(const std::filesystem::path& path);

/// The recommended CIFS options that `m` lacks (empty if not CIFS or all present).
std::vector<std::string> missing_cifs_options(const MountInfo& m);

/// Throws Error(config) if the share must not be written through this mount.
void require_writable_mount(const std::filesystem::path& share_root);

}  // namespace gefest
