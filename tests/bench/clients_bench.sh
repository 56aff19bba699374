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

cc -O2 -o "$W/measure" "$SRC/tests/bench/measure.c"

cp -rL "$SRC/data/demo" "$W/small"
cp -rL "$SRC/data/demo" "$W/big"
. "$SRC/tests/bench/grow_share.sh"
BASE=$BENCH_BASE
add_clients "$W/big" "$N"
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
