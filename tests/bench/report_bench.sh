#!/bin/bash
# Benchmark (run on demand, not by ctest): a share whose journal holds a year of
# 1M inquiries and 100k orders (generated directly, with correct row checksums), then
# `gefest report requests` over that year beside `wc -l` over the same journal files
# and the same grouping (inquiries per source) done with mawk.
#   GEFEST_BIN=build-x/gefest tests/bench/report_bench.sh [INQUIRIES] [ORDERS]
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GEFEST_BIN:-$SRC/build/gefest}
N=${1:-1000000}
M=${2:-100000}
command -v mawk >/dev/null || { echo "mawk is missing: apt-get install mawk"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/gefest-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
cp -rL "$SRC/data/demo" "$W/share"
J="$W/share/Отдел продаж/Журнал"
g++ -O2 -std=c++20 -o "$W/gen" "$SRC/tests/bench/gen_journal.cpp"
"$W/gen" "$J" 2025 "$N" "$M"
echo "journal: $(du -sh "$J" | cut -f1) in $(find "$J" -name '*.csv' | wc -l) segment files"
export GEFEST_SHARE="$W/share" GEFEST_LOGIN=boss GEFEST_NOW=2026-01-10T09:00:00 LC_ALL=C.UTF-8

# t CMD...: wall seconds and peak resident MiB of CMD, its stdout in $W/out
t() {
    local s e
    s=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$W/mem" "$@" >"$W/out"
    e=$(date +%s.%N)
    printf "%8.2f s %6d MiB" "$(echo "$e - $s" | bc)" $(( $(cat "$W/mem") / 1024 ))
}
sync
cat "$J"/*/*.csv >/dev/null  # warm the page cache so every run reads from memory
T_WC=$(t wc -l "$J"/*/*.csv)
echo "wc -l: $(tail -1 "$W/out")"
T_AWK=$(t mawk -F';' '/""source"":""/ { match($0, /""source"":""[^"]*""/); c[substr($0, RSTART + 13, RLENGTH - 15)]++ }
                       /;order\.new;/ { n++ } END { for (k in c) print k, c[k]; print "orders", n }' "$J"/*/*.csv)
echo "mawk grouping:"; sort "$W/out" | sed 's/^/  /'
YEAR=(--from 2025-01-01 --to 2025-12-31)
T_CSV=$(t "$BIN" report requests "${YEAR[@]}" --format csv)
echo "report requests csv: $(wc -l <"$W/out") lines"
T_JSON=$(t "$BIN" report requests "${YEAR[@]}" --format json)
T_TEXT=$(t "$BIN" report requests "${YEAR[@]}")
T_MONTH=$(t "$BIN" report requests --month 2025-06 --format csv)
T_SRC=$(t "$BIN" report sources "${YEAR[@]}")
echo "report sources:"; sed 's/^/  /' "$W/out"
T_CTL=$(t "$BIN" report control --as-of 2025-12-31)
printf "%-48s %s\n" "wc -l over the journal" "$T_WC" "mawk: inquiries per source, orders" "$T_AWK" \
    "gefest report requests --format csv (1 year)" "$T_CSV" "gefest report requests --format json (1 year)" "$T_JSON" \
    "gefest report requests (text, 1 year)" "$T_TEXT" "gefest report requests --format csv (1 month)" "$T_MONTH" \
    "gefest report sources (1 year)" "$T_SRC" "gefest report control --as-of (1 year replayed)" "$T_CTL"
