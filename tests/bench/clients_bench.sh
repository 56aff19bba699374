#!/bin/bash
# Benchmark (run on demand, not by ctest) of the daily client commands against the size of
# the client base (issue 16): the demo share as it is ("small", 5 clients) and a copy whose
# База клиентов.csv holds N generated clients more ("big", default 200000, ~95 MB), each
# command timed once on each, in the same order, printing wall time, peak RSS and bytes
# read with the ratio big/small.
#   GEFEST_BIN=build-rel/gefest tests/bench/clients_bench.sh [N]
# Bytes read: rchar of the command — a small C wrapper (built here) forks it, reaps it
# with wait4 (wall time, ru_maxrss) and reads its own /proc/self/io before and after: the
# kernel adds a reaped child's I/O counts to its parent's, and the wrapper reads nothing
# else meanwhile. rchar counts every read(2), page cache hits included (what an SMB client
# would fetch), not only disk reads.
# The first look-up on the big share makes the client index (timed apart: "index made").
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GEFEST_BIN:-$SRC/build/gefest}
N=${1:-200000}
W=$(mktemp -d "${TMPDIR:-/tmp}/gefest-clients-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

cat >"$W/measure.c" <<'EOF'
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
EOF
cc -O2 -o "$W/measure" "$W/measure.c"

cp -rL "$SRC/data/demo" "$W/small"
cp -rL "$SRC/data/demo" "$W/big"
BASE="Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
# N clients after the demo's 5: every other one an organisation with a valid 10-digit ИНН,
# a unique mobile phone and e-mail, notes of some length (a real base's ~480 bytes a row).
mawk -v n="$N" 'BEGIN {
    split("2 4 10 3 5 9 4 6 8", w, " ");
    for (i = 1; i <= n; i++) {
        id = i + 5;
        inn = "";
        if (i % 2 == 0) {
            body = sprintf("72%07d", i); s = 0;
            for (k = 1; k <= 9; k++) s += substr(body, k, 1) * w[k];
            inn = body (s % 11 % 10);
        }
        printf "%d;ООО «Клиент %d»;%s;%s;;;+79%09d;client%d@example.ru;Тюмень;625000, г. Тюмень, ул. Республики, д. %d;Иванов Иван Иванович, снабжение;%s;Выставка;2026-01-15;Клиент из выгрузки старой базы: звонить до обеда, счета на почту, доставка своим транспортом, оплата по факту поставки в течение 10 дней;;;\r\n",
            id, id, (inn == "" ? "ИП" : "ООО"), inn, i, id, i % 200, (i % 2 ? "petrov" : "sidorova")
    }
}' >>"$W/big/$BASE"
# The client numbers the rows took, claimed as gefest would have (the last one and the hint).
C="$W/big/.gefest/numbers/client/0"
printf 'login=boss\nhost=bench\npid=1\ntime=2026-01-15T09:00:00\nnote=bench\n' >"$C/$((N + 5))"
echo "$((N + 6))" >"$C/next"
echo "client base: small $(wc -c <"$W/small/$BASE") bytes, big $(wc -c <"$W/big/$BASE") bytes ($N clients more)"

export GEFEST_NOW=2026-11-30T10:00:00 LC_ALL=C.UTF-8
# run SHARE LOGIN ARGS...: "wall rss_kib rchar rc" of one command
run() {
    local share=$1 who=$2; shift 2
    cat "$W/$share/$BASE" >/dev/null  # the page cache warm: what is measured is what is read, not the disk
    GEFEST_SHARE="$W/$share" GEFEST_LOGIN=$who "$W/measure" "$BIN" "$@" 2>&1 >/dev/null | tail -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }

made=$(run big ivanova client show 1)
printf '%s\n' "index made on the big share by the first look-up (client show 1): $(echo "$made" | awk '{printf "%.2f s, %d MiB, %.1f MB read", $1, $2 / 1024, $3 / 1e6}')"

printf '\n| %-44s | %9s | %9s | %5s | %8s | %8s | %5s | %10s | %10s | %6s |\n' command "small s" "big s" ratio "small MiB" "big MiB" ratio "small read" "big read" ratio
printf '|%s|\n' "----------------------------------------------|-----------|-----------|-------|----------|----------|-------|------------|------------|--------"
row() {
    local desc=$1 who=$2; shift 2
    local s b
    s=$(run small "$who" "$@")
    b=$(run big "$who" "$@")
    read -r sw sm sr src <<<"$s"
    read -r bw bm br brc <<<"$b"
    [ "$src" = 0 ] && [ "$brc" = 0 ] || desc="$desc (exit $src/$brc)"
    printf '| %-44s | %9.3f | %9.3f | %5s | %8d | %8d | %5s | %10d | %10d | %6s |\n' "$desc" "$sw" "$bw" "$(ratio "$sw" "$bw")" \
        $((sm / 1024)) $((bm / 1024)) "$(ratio "$sm" "$bm")" "$sr" "$br" "$(ratio "$sr" "$br")"
}
row "client show 3" ivanova client show 3
row "client find (a name: Захаров)" ivanova client find Захаров
row "call existing --phone (client 3)" ivanova call existing --phone +79199401255
row "call new, a known phone (-> existing)" ivanova call new --phone +79199401255 --name Захаров --source Выставка
row "call visit --client 3" petrov call visit --client 3
row "order new --client 3" petrov order new --client 3 --payment noncash --item ПК-100:1
row "call new, a new client (writes the base)" ivanova call new --phone '+7 912 555-00-01' --name 'Новиков Н. Н.' --source Выставка
row "client add (writes the base)" petrov client add --name 'ООО «Бенч»' --phone '+7 912 555-00-02' --source Выставка --manager petrov
row "client edit 3 --city (writes the base)" petrov client edit 3 --city Ялуторовск
row "client show 3, after the writes" ivanova client show 3
row "call existing --phone, after the writes" ivanova call existing --phone +79125550001
# least_loaded routing counts each manager's clients (from the index's tally, not the base).
for s in small big; do sed -i 's/^routing = "round_robin"/routing = "least_loaded"/' "$W/$s/gefest.toml"; done
row "call new, a new client, least_loaded" ivanova call new --phone '+7 912 555-00-03' --name 'Орлов О. О.' --source Выставка
row "client find (a phone's digits: 921-44)" ivanova client find 921-44
row "client find (Ив: every client matches)" ivanova client find Ив
row "client find (1 letter Ю: no trigram, a scan)" ivanova client find Ю
