/* Fault injection for the end-to-end tests (LD_PRELOAD): makes the C library calls
 * gefest's storage layer uses fail the way an SMB share, Excel or a FUSE mount make
 * them fail, so that every error message has a reproducer.
 *
 *   GEFEST_FAULT_RENAME_EBUSY=SUBSTR  rename() onto a path containing SUBSTR -> EBUSY
 *                                     (Excel holding the file open on a Windows server)
 *   GEFEST_FAULT_STATFS=fuse|cifs     statfs() reports a FUSE or a CIFS file system
 *   GEFEST_FAULT_MOUNTINFO=FILE       /proc/self/mountinfo is read from FILE instead
 *   GEFEST_FAULT_OPEN_ENOENT=SUBSTR   open() of a path containing SUBSTR fails with
 *                                     ENOENT the first N times (GEFEST_FAULT_OPEN_TIMES,
 *                                     default 3): the SMB rename window
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

static int matches(const char* env, const char* path) {
    const char* want = getenv(env);
    return want && *want && path && strstr(path, want) != NULL;
}

int rename(const char* from, const char* to) {
    static int (*real)(const char*, const char*);
    if (!real) real = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
    if (matches("GEFEST_FAULT_RENAME_EBUSY", to)) {
        errno = EBUSY;
        return -1;
    }
    return real(from, to);
}

int statfs(const char* path, struct statfs* buf) {
    static int (*real)(const char*, struct statfs*);
    if (!real) real = (int (*)(const char*, struct statfs*))dlsym(RTLD_NEXT, "statfs");
    int rc = real(path, buf);
    const char* kind = getenv("GEFEST_FAULT_STATFS");
    if (rc == 0 && kind) {
        if (strcmp(kind, "fuse") == 0) buf->f_type = 0x65735546;
        if (strcmp(kind, "cifs") == 0) buf->f_type = (long)0xFF534D42;
    }
    return rc;
}

static const char* redirect(const char* path) {
    const char* info = getenv("GEFEST_FAULT_MOUNTINFO");
    if (info && path && strcmp(path, "/proc/self/mountinfo") == 0) return info;
    return path;
}

static int open_fault(const char* path) {
    static int left = -1;
    if (!matches("GEFEST_FAULT_OPEN_ENOENT", path)) return 0;
    if (left < 0) left = getenv("GEFEST_FAULT_OPEN_TIMES") ? atoi(getenv("GEFEST_FAULT_OPEN_TIMES")) : 3;
    if (left == 0) return 0;
    --left;
    errno = ENOENT;
    return 1;
}

int open(const char* path, int flags, ...) {
    static int (*real)(const char*, int, ...);
    if (!real) real = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    if (!(flags & O_CREAT) && open_fault(path)) return -1;
    return real(redirect(path), flags, mode);
}

int open64(const char* path, int flags, ...) __attribute__((alias("open")));

/* std::ifstream opens through fopen, whose own open() is internal to the C library. */
FILE* fopen(const char* path, const char* mode) {
    static FILE* (*real)(const char*, const char*);
    if (!real) real = (FILE * (*)(const char*, const char*)) dlsym(RTLD_NEXT, "fopen");
    return real(redirect(path), mode);
}

FILE* fopen64(const char* path, const char* mode) __attribute__((alias("fopen")));
