// A fresh folder under the system temp dir for one test, removed when the test ends,
// so storage tests run against a real file system yet leave nothing behind.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>

#include "store/fsio.h"

namespace gefest::testing {

class TempFolder {
public:
    TempFolder() : path_(std::filesystem::temp_directory_path() / ("gefest-unit-" + fsio::random_token())) {
        std::filesystem::create_directories(path_);
    }
    ~TempFolder() {
        std::error_code ec;  // never throw from a destructor; a leftover is only clutter
        std::filesystem::remove_all(path_, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Every entry under `root` (relative path → file bytes, or "<dir>" for folders): two
/// snapshots compare equal only if nothing was created, removed or changed.
inline std::map<std::string, std::string> snapshot_tree(const std::filesystem::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        std::string rel = std::filesystem::relative(e.path(), root).string();
        out[rel] = e.is_directory() ? std::string("<dir>") : fsio::read_file(e.path());
    }
    return out;
}

/// Sets a file's modification time (seconds since the epoch) like a copy from another
/// PC or a save in Excel would.
inline void set_mtime(const std::filesystem::path& path, std::int64_t seconds) {
    struct timespec times[2];
    times[0].tv_sec = seconds;
    times[0].tv_nsec = 0;
    times[1] = times[0];
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

/// Sets (or with nullopt unsets) an environment variable for one scope and restores
/// the previous value: tests share one process.
class ScopedEnv {
public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace gefest::testing
