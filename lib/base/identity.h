// Who is running this process, and on which machine: what lock files, claim files
// and the journal record about the writer.
#pragma once

#include <string>

namespace gefest {

/// The running process as the share sees it.
struct Identity {
    std::string login;     ///< OS login (GEFEST_LOGIN overrides: tests, service accounts)
    std::string host;      ///< host name (GEFEST_HOST overrides: tests simulating two PCs)
    int pid = 0;
    std::string boot_id;   ///< /proc/sys/kernel/random/boot_id: tells a reboot from a live pid
    long long pid_start = 0;  ///< the process's start time in clock ticks: tells pid reuse

    /// The identity of this process. Throws nothing: see require_usable.
    static Identity current();

    /// Error(data) unless `login` and `host` are fit to name files on the share (journal
    /// segments, locks): input::require_login and input::require_host, the message
    /// naming where the value came from (GEFEST_LOGIN, GEFEST_HOST, or this machine).
    void require_usable() const;

    /// True when this identity names a process that is certainly alive on this machine;
    /// false when it is on this machine and certainly gone. Only meaningful when
    /// `host`/`boot_id` match the caller's (see same_machine).
    bool alive_locally() const;

    /// True if `other` was recorded on this machine since its last boot.
    bool same_machine(const Identity& other) const { return host == other.host && boot_id == other.boot_id; }
};

}  // namespace gefest
