// ShareStore (store/share_store.h): the derived files in .gefest/derived of the share —
// caches gefest rebuilds from the records (the month facts of the reports, the open-work
// state), never a person's file: read whole, in pieces or by range, written atomically
// (whole or as they are made). An absent or unreadable one is made again by its reader.
#include "store/share_store.h"

#include "base/error.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

fs::path derived_dir(const Share& share) { return share.private_dir() / "derived"; }

}  // namespace

std::optional<std::string> ShareStore::read_derived_range(const std::string& name, std::uint64_t from, std::uint64_t to) const {
    try {
        const fs::path file = derived_dir(share_) / name;
        if (to <= from) return fs::exists(file) ? std::optional<std::string>(std::string()) : std::nullopt;
        return fsio::read_range(file, from, to);
    } catch (const std::exception&) {
        return std::nullopt;  // absent or unreadable: rebuilt like an absent one
    }
}

std::optional<std::string> ShareStore::read_derived(const std::string& name) const {
    try {
        return fsio::read_file_if_exists(derived_dir(share_) / name);
    } catch (const Error&) {
        return std::nullopt;  // unreadable: rebuilt like an absent one
    }
}

bool ShareStore::read_derived_pieces(const std::string& name, std::size_t piece,
                                     const std::function<bool(std::string_view)>& take) const {
    const fs::path path = derived_dir(share_) / name;
    std::error_code ec;
    if (!fs::exists(path, ec)) return false;  // not waited for: a derived file is often absent
    try {
        fsio::read_pieces(path, piece, take);
    } catch (const Error& e) {
        if (e.code() == Errc::not_found) return false;  // removed meanwhile
        throw;
    }
    return true;
}

void ShareStore::write_derived(const std::string& name, std::string_view content) {
    const fs::path dir = derived_dir(share_);
    fsio::make_dirs(dir);
    fsio::write_atomic(dir / name, content);
}

void ShareStore::write_derived_taken_back(const std::string& name, std::string_view content) {
    const std::optional<std::string> before = read_derived(name);
    write_derived(name, content);
    const fs::path file = derived_dir(share_) / name;
    remember(
        [file, before] {
            if (before) fsio::write_atomic(file, *before);
            else fsio::remove_file(file);
        },
        before ? before->size() : 0);
}

void ShareStore::write_derived_streamed(const std::string& name,
                                        const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
    const fs::path dir = derived_dir(share_);
    fsio::make_dirs(dir);
    fsio::write_atomic_streamed(dir / name, produce);
}

}  // namespace gefest
