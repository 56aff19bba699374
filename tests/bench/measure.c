// The benchmarks' stopwatch (clients_bench.sh, daily_bench.sh): runs a command and prints
// to stderr "WALL_S PEAK_RSS_KIB RCHAR EXIT" of it. RCHAR is what the command read: the
// kernel adds a reaped child's I/O counts to its parent's, so /proc/self/io read before
// and after wait4 tells it (every read(2), page cache hits included: what an SMB client
// would fetch).
//   measure COMMAND [ARGS...]
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static long long rchar(void) {
    FILE* f = fopen("/proc/self/io", "r");
    char line[128];
    long long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "rchar: ", 7) == 0) v = atoll(line + 7);
    if (f) fclose(f);
    return v;
}
int main(int argc, char** argv) {
    if (argc < 2) return 2;
    long long before = rchar();
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t child = fork();
    if (child == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    wait4(child, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long after = rchar();
    double wall = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    fprintf(stderr, "%.4f %ld %lld %d\n", wall, ru.ru_maxrss, after - before, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    return 0;
}
