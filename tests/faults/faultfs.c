/* I/O fault injection as SQLite tests it (LD_PRELOAD; tests/e2e/io_faults.sh): counts the
 * calls of one process that change files under a folder (the share) and fails the N-th
 * with a chosen errno, so a test can fail every write of a command in turn and prove each
 * run either completes or changes nothing.
 *
 * Counted (each is one "call"): open/open64/openat/openat64/creat/creat64/fopen/fopen64
 * for writing (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND; fopen modes w, a, +),
 * write/pwrite/pwrite64/writev on a descriptor opened under the folder, fsync/fdatasync
 * and ftruncate/ftruncate64 on one, rename/renameat/renameat2, link/linkat,
 * unlink/unlinkat/rmdir/remove, mkdir/mkdirat on a path under the folder.
 *
 *   GEFEST_FAULT_UNDER=DIR     only calls on paths under DIR count (default: every path)
 *   GEFEST_FAULT_AT=N          the N-th counted call fails (1-based; 0 or unset: none)
 *   GEFEST_FAULT_ERRNO=NAME    EIO (default), ENOSPC, EACCES, EDQUOT, EROFS, EPERM or a number
 *   GEFEST_FAULT_PERSIST=1     every call from the N-th on fails too (a disk that stays
 *                              full), except unlink/unlinkat/rmdir (removing still works)
 *   GEFEST_FAULT_LOG=FILE      appends "N call path" for every counted call (learn the
 *                              count in a first run with GEFEST_FAULT_AT unset)
 *
 * Only the process that loaded the shim first counts: programs it starts (sendmail,
 * LibreOffice) inherit the preload but not the counting.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096

static char under[PATH_MAX];      /* GEFEST_FAULT_UNDER as given */
static char under_real[PATH_MAX]; /* and resolved */
static long fail_at;
static int fail_errno = EIO;
static int persist;
static long counted;
static int active;
static unsigned char tracked[MAX_FD]; /* descriptors opened under the folder */

#define REAL(name) \
    static __typeof__(&name) real_##name; \
    if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

static int errno_of(const char* s) {
    if (!s || !*s) return EIO;
    static const struct { const char* name; int value; } names[] = {
        {"EIO", EIO}, {"ENOSPC", ENOSPC}, {"EACCES", EACCES}, {"EDQUOT", EDQUOT},
        {"EROFS", EROFS}, {"EPERM", EPERM}, {"EBUSY", EBUSY}, {"ENOENT", ENOENT}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
        if (strcmp(s, names[i].name) == 0) return names[i].value;
    return atoi(s) > 0 ? atoi(s) : EIO;
}

__attribute__((constructor)) static void faultfs_init(void) {
    /* The first process with the shim counts; its children see the marker and do not. */
    char pid[32];
    const char* owner = getenv("GEFEST_FAULT_OWNER_PID");
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    if (owner && strcmp(owner, pid) != 0) return;
    setenv("GEFEST_FAULT_OWNER_PID", pid, 1);
    const char* u = getenv("GEFEST_FAULT_UNDER");
    if (u && *u) {
        snprintf(under, sizeof under, "%s", u);
        if (!realpath(u, under_real)) under_real[0] = 0;
    }
    const char* at = getenv("GEFEST_FAULT_AT");
    fail_at = at ? atol(at) : 0;
    fail_errno = errno_of(getenv("GEFEST_FAULT_ERRNO"));
    persist = getenv("GEFEST_FAULT_PERSIST") && atoi(getenv("GEFEST_FAULT_PERSIST")) != 0;
    active = 1;
}

static int prefix_of(const char* dir, const char* path) {
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') --n;
    return n > 0 && strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

static int is_under(const char* path) {
    if (!active || !path) return 0;
    if (!under[0]) return 1;
    char buf[PATH_MAX];
    if (path[0] != '/') {
        if (!getcwd(buf, sizeof buf)) return 0;
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "/%s", path);
        path = buf;
    }
    return prefix_of(under, path) || (under_real[0] && prefix_of(under_real, path));
}

static int fd_under(int fd) { return active && fd >= 0 && fd < MAX_FD && tracked[fd]; }

static void log_call(const char* call, const char* what) {
    const char* file = getenv("GEFEST_FAULT_LOG");
    if (!file || !*file) return;
    REAL(open);
    REAL(write);
    REAL(close);
    int fd = real_open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) return;
    char line[PATH_MAX + 64];
    int n = snprintf(line, sizeof line, "%ld %s %s\n", counted, call, what ? what : "");
    if (n > 0) real_write(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    real_close(fd);
}

/* Counts one call; true if it must fail (errno is then set). */
static int fault(const char* call, const char* what, int removal) {
    int saved = errno;
    ++counted;
    log_call(call, what);
    errno = saved;
    if (fail_at <= 0) return 0;
    if (counted == fail_at || (persist && !removal && counted > fail_at)) {
        errno = fail_errno;
        return 1;
    }
    return 0;
}

static char fd_names[MAX_FD][96]; /* the tail of the path each tracked descriptor has */

static void track(int fd, const char* path, int yes) {
    if (fd < 0 || fd >= MAX_FD) return;
    tracked[fd] = (unsigned char)yes;
    if (yes) {
        size_t n = strlen(path);
        snprintf(fd_names[fd], sizeof fd_names[fd], "%s", n > 90 ? path + n - 90 : path);
    }
}

static const char* fd_name(int fd) { return fd >= 0 && fd < MAX_FD ? fd_names[fd] : ""; }

static int writes(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0; }

static mode_t mode_arg(int flags, va_list ap) {
    return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

static int open_common(int (*real)(const char*, int, ...), const char* call, const char* path, int flags, mode_t mode) {
    int under_share = is_under(path);
    if (under_share && writes(flags) && fault(call, path, 0)) return -1;
    int fd = real(path, flags, mode);
    track(fd, path, under_share && fd >= 0);
    return fd;
}

int open(const char* path, int flags, ...) {
    REAL(open);
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(real_open, "open", path, flags, mode);
}

int open64(const char* path, int flags, ...) {
    REAL(open64);
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(real_open64, "open", path, flags, mode);
}

static int openat_common(const char* name, int dirfd, const char* path, int flags, mode_t mode) {
    int (*real)(int, const char*, int, ...) = (int (*)(int, const char*, int, ...))dlsym(RTLD_NEXT, name);
    /* Relative to a directory descriptor: counted only when the path is absolute or the
     * descriptor is the working directory (gefest passes absolute paths). */
    int under_share = (path && (path[0] == '/' || dirfd == AT_FDCWD)) ? is_under(path) : 0;
    if (under_share && writes(flags) && fault("openat", path, 0)) return -1;
    int fd = real(dirfd, path, flags, mode);
    track(fd, path, under_share && fd >= 0);
    return fd;
}

int openat(int dirfd, const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return openat_common("openat", dirfd, path, flags, mode);
}

int openat64(int dirfd, const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return openat_common("openat64", dirfd, path, flags, mode);
}

int creat(const char* path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }
int creat64(const char* path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

static FILE* fopen_common(const char* name, const char* path, const char* mode) {
    FILE* (*real)(const char*, const char*) = (FILE * (*)(const char*, const char*)) dlsym(RTLD_NEXT, name);
    int writing = mode && (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+'));
    int under_share = is_under(path);
    if (under_share && writing && fault("fopen", path, 0)) return NULL;
    FILE* f = real(path, mode);
    /* Writes through a FILE are the C library's own calls, out of reach of a preload. */
    return f;
}

FILE* fopen(const char* path, const char* mode) { return fopen_common("fopen", path, mode); }
FILE* fopen64(const char* path, const char* mode) { return fopen_common("fopen64", path, mode); }

int close(int fd) {
    REAL(close);
    if (fd >= 0 && fd < MAX_FD) tracked[fd] = 0;
    return real_close(fd);
}

ssize_t write(int fd, const void* buf, size_t n) {
    REAL(write);
    if (fd_under(fd) && fault("write", fd_name(fd), 0)) return -1;
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t at) {
    REAL(pwrite);
    if (fd_under(fd) && fault("pwrite", fd_name(fd), 0)) return -1;
    return real_pwrite(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t at) {
    REAL(pwrite64);
    if (fd_under(fd) && fault("pwrite", fd_name(fd), 0)) return -1;
    return real_pwrite64(fd, buf, n, at);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    REAL(writev);
    if (fd_under(fd) && fault("writev", fd_name(fd), 0)) return -1;
    return real_writev(fd, iov, count);
}

int fsync(int fd) {
    REAL(fsync);
    if (fd_under(fd) && fault("fsync", fd_name(fd), 0)) return -1;
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (fd_under(fd) && fault("fdatasync", fd_name(fd), 0)) return -1;
    return real_fdatasync(fd);
}

int ftruncate(int fd, off_t size) {
    REAL(ftruncate);
    if (fd_under(fd) && fault("ftruncate", fd_name(fd), 0)) return -1;
    return real_ftruncate(fd, size);
}

int ftruncate64(int fd, off_t size) {
    REAL(ftruncate64);
    if (fd_under(fd) && fault("ftruncate", fd_name(fd), 0)) return -1;
    return real_ftruncate64(fd, size);
}

int rename(const char* from, const char* to) {
    REAL(rename);
    if ((is_under(from) || is_under(to)) && fault("rename", to, 0)) return -1;
    return real_rename(from, to);
}

int renameat(int fromfd, const char* from, int tofd, const char* to) {
    REAL(renameat);
    if ((is_under(from) || is_under(to)) && fault("rename", to, 0)) return -1;
    return real_renameat(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char* from, int tofd, const char* to, unsigned flags) {
    REAL(renameat2);
    if ((is_under(from) || is_under(to)) && fault("rename", to, 0)) return -1;
    return real_renameat2(fromfd, from, tofd, to, flags);
}

int link(const char* from, const char* to) {
    REAL(link);
    if ((is_under(from) || is_under(to)) && fault("link", to, 0)) return -1;
    return real_link(from, to);
}

int linkat(int fromfd, const char* from, int tofd, const char* to, int flags) {
    REAL(linkat);
    if ((is_under(from) || is_under(to)) && fault("link", to, 0)) return -1;
    return real_linkat(fromfd, from, tofd, to, flags);
}

int unlink(const char* path) {
    REAL(unlink);
    if (is_under(path) && fault("unlink", path, 1)) return -1;
    return real_unlink(path);
}

int unlinkat(int dirfd, const char* path, int flags) {
    REAL(unlinkat);
    if (is_under(path) && fault("unlink", path, 1)) return -1;
    return real_unlinkat(dirfd, path, flags);
}

int rmdir(const char* path) {
    REAL(rmdir);
    if (is_under(path) && fault("rmdir", path, 1)) return -1;
    return real_rmdir(path);
}

int mkdir(const char* path, mode_t mode) {
    REAL(mkdir);
    if (is_under(path) && fault("mkdir", path, 0)) return -1;
    return real_mkdir(path, mode);
}

int mkdirat(int dirfd, const char* path, mode_t mode) {
    REAL(mkdirat);
    if (is_under(path) && fault("mkdir", path, 0)) return -1;
    return real_mkdirat(dirfd, path, mode);
}

/* std::filesystem::remove calls remove(3), whose unlink/rmdir are the C library's own. */
int remove(const char* path) {
    REAL(remove);
    if (is_under(path) && fault("remove", path, 1)) return -1;
    return real_remove(path);
}
