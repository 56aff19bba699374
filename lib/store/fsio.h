// Low-level file operations for a share that may be a local folder or an SMB mount.
// Every writer in gefest goes through these, so the rules of DESIGN.md "Writing safely
// on a shared folder" live in one place: exclusive creation decides, whole files are
// replaced by rename after fsync, and the transient errors of SMB are retried here.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gefest::fsio {

namespace fs = std::filesystem;

/// Reads a whole file that must exist. Retries briefly on ENOENT/ESTALE/EBUSY (an SMB
/// rename over an open file leaves a moment where the name is missing); throws
/// Error(not_found) if it is still missing, Error(io) on any other failure.
std::string read_file(const fs::path& path);

/// Reads `path` (which must exist, after read_file's brief retries) from its start in
/// pieces of up to `piece` bytes, handing each to `take` until `take` returns false or
/// the file ends: the memory used is one piece whatever the file's size (a 1C exchange of
/// hundreds of megabytes). Throws what read_file throws, and whatever `take` throws.
void read_pieces(const fs::path& path, std::size_t piece, const std::function<bool(std::string_view)>& take);

/// Like read_file, but a file that does not exist (after the same brief retries when
/// `retry_missing`) is std::nullopt rather than an error.
std::optional<std::string> read_file_if_exists(const fs::path& path, bool retry_missing = false);

/// The bytes of `path` from offset `from` up to `to` (pread: the file may be large), fewer
/// if it is shorter (cut meanwhile). Error(io) naming `path` if it cannot be opened.
std::string read_range(const fs::path& path, std::uintmax_t from, std::uintmax_t to);

/// The first `max_bytes` bytes of `path` (fewer if it is shorter); nullopt if it does not
/// exist. Error(io) on another failure. (A version's header line, without its content.)
std::optional<std::string> read_prefix(const fs::path& path, std::size_t max_bytes);

/// Replaces `path` with `content`: a temporary file in the same folder, written,
/// fsync'ed, closed (the close is checked), then renamed over `path` (retried on
/// EBUSY/EACCES/ETXTBSY). On any failure the temporary is removed and `path` is left as
/// it was; throws Error(io) or Error(busy) naming the file.
void write_atomic(const fs::path& path, std::string_view content);

/// write_atomic for content made piece by piece (a report of a million lines is never one
/// string): `produce` is called once with a function that appends bytes to the
/// temporary file; the same guarantees, and an exception from `produce` leaves `path` as
/// it was.
void write_atomic_streamed(const fs::path& path, const std::function<void(const std::function<void(std::string_view)>& write)>& produce);

/// Creates `path` with O_CREAT|O_EXCL and writes `content` (fsync'ed). Returns false if
/// the name already exists: the server decided someone else has it. On a write failure
/// the new file is removed again and Error(io) is thrown.
bool create_exclusive(const fs::path& path, std::string_view content);
/// The same with the content in two parts (a header line and a large body not copied
/// into one string).
bool create_exclusive(const fs::path& path, std::string_view head, std::string_view body);

/// Appends one already-formatted line with a single write(2) and fsyncs. The caller
/// serialises appenders (a journal segment has one writer at a time).
void append_durably(const fs::path& path, std::string_view bytes);

/// Removes a file, retrying EBUSY/EACCES/ETXTBSY; a missing file is not an error.
void remove_file(const fs::path& path);

/// Renames, retrying EBUSY/EACCES/ETXTBSY, then Error(busy) naming what to close.
void rename_file(const fs::path& from, const fs::path& to);

/// mkdir -p; Error(io) naming the folder on failure.
void make_dirs(const fs::path& dir);

/// True if `path` exists now (asks the file system, follows nothing special).
bool exists(const fs::path& path);

/// Names in a folder (not "." or ".."); an absent folder is empty.
std::vector<std::string> list_dir(const fs::path& dir);

/// The modification time the file server gave the file, in seconds since the epoch.
std::optional<std::int64_t> mtime_of(const fs::path& path);

/// The file server's clock: the mtime of a file just created in `dir`, then removed.
/// Stale-lock decisions use it instead of the local clock (DESIGN.md rule 5).
std::int64_t server_now(const fs::path& dir);

/// Flushes a folder's entries where the file system honours it (ignored elsewhere).
void sync_dir(const fs::path& dir);

/// FNV-1a 64-bit of the bytes, as 16 hex digits: the content checksum of records. Large
/// contents (256 KiB and more) hashed lately in this process are recognised by their size
/// and a quick hash of their bytes (base/checksum.h) and not hashed again: a register
/// read, then read again under its lock, is hashed once. Thread-safe; does not throw.
std::string checksum(std::string_view bytes);

/// A short random token (hex) for unique temporary names and lock ownership.
std::string random_token();

/// Pause used by every retry loop; tests may shorten it (GEFEST_RETRY_SCALE).
void backoff_sleep(int attempt);

}  // namespace gefest::fsio
