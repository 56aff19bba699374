// mount: which mount a share lives on, the advice for a kernel CIFS mount without the
// recommended options, and the refusal to write through FUSE. The parsing of mountinfo
// is not exposed, so mount_of is checked against this machine's own mounts (/proc, /);
// FUSE and CIFS mounts are faked with LD_PRELOAD in tests/e2e/storage_errors.sh.
#include "store/mount.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/error.h"
#include "failure.h"
#include "temp_folder.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::failure_of;

namespace {

MountInfo cifs(const std::string& options) {
    MountInfo m;
    m.mount_point = "/mnt/mainserver";
    m.fstype = "cifs";
    m.options = options;
    m.cifs = true;
    return m;
}

using Options = std::vector<std::string>;

}  // namespace

TEST_CASE("mount: missing_cifs_options lists the recommended options a CIFS mount lacks") {
    CHECK(missing_cifs_options(cifs("rw,relatime,vers=3.1.1")) == Options{"cache=none", "actimeo=0", "nolease", "closetimeo=0"});
    CHECK(missing_cifs_options(cifs("rw,relatime,vers=3.1.1,cache=none,actimeo=0,nolease,closetimeo=0")).empty());
    // At either end of the list, and in any order.
    CHECK(missing_cifs_options(cifs("closetimeo=0,nolease,rw,actimeo=0,cache=none")).empty());
    CHECK(missing_cifs_options(cifs("rw,cache=strict,actimeo=1,nolease")) == Options{"cache=none", "actimeo=0", "closetimeo=0"});
    // A longer option that only starts like a recommended one does not count.
    CHECK(missing_cifs_options(cifs("cache=none,actimeo=00,noleases,closetimeo=0")) == Options{"actimeo=0", "nolease"});
    CHECK(missing_cifs_options(cifs("")).size() == 4);

    MountInfo ext4;
    ext4.mount_point = "/";
    ext4.fstype = "ext4";
    ext4.options = "rw,relatime";
    CHECK(missing_cifs_options(ext4).empty());  // not CIFS: no advice
    MountInfo fuse = cifs("rw");
    fuse.fstype = "fuse.smbnetfs";
    fuse.cifs = false;
    fuse.fuse = true;
    CHECK(missing_cifs_options(fuse).empty());
}

TEST_CASE("mount: mount_of finds the longest mount point above a path") {
    MountInfo proc = mount_of("/proc/self");
    CHECK(proc.mount_point == "/proc");
    CHECK(proc.fstype == "proc");
    CHECK(proc.options.find("rw") != std::string::npos);
    CHECK_FALSE(proc.fuse);
    CHECK_FALSE(proc.cifs);
    CHECK(mount_of("/proc").mount_point == "/proc");
    CHECK(mount_of("/").mount_point == "/");

    testing::TempFolder tmp;
    for (const fs::path& p : {tmp.path(), tmp / "not yet made" / "Заказы"}) {  // a path that does not exist yet too
        CAPTURE(p);
        MountInfo m = mount_of(p);
        REQUIRE_FALSE(m.mount_point.empty());
        CHECK_FALSE(m.fstype.empty());
        const std::string t = fs::weakly_canonical(p).string();
        // The mount point is a whole-component prefix of the path.
        CHECK(t.rfind(m.mount_point, 0) == 0);
        CHECK((m.mount_point == "/" || t.size() == m.mount_point.size() || t[m.mount_point.size()] == '/'));
    }
}

TEST_CASE("mount: require_writable_mount refuses exactly the FUSE mounts") {
    testing::TempFolder tmp;
    MountInfo m = mount_of(tmp.path());
    if (!m.fuse) {
        CHECK_NOTHROW(require_writable_mount(tmp.path()));
    } else {  // a machine whose temp folder is on FUSE: the refusal itself
        auto f = failure_of([&] { require_writable_mount(tmp.path()); });
        CHECK(f.code == Errc::config);
        CHECK(f.message.find("FUSE") != std::string::npos);
        CHECK(f.message.find(tmp.path().string()) != std::string::npos);
    }
}
