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
cp -r "$SRC/data/demo" "$W/share"
J="$W/share/Отдел продаж/Журнал"
g++ -O2 -std=c++20 -o "$W/gen" "$SRC/tests/bench/gen_journal.cpp"
"$W/gen" "$J" 2025 "$N" "$M"
echo "journal: $(du -sh "$J" | cut -f1) in $(find "$J" -name '*.csv' | wc -l) segment files"
export GEFEST_SHARE="$W/share" GEFEST_LOGIN=boss GEFEST_NOW=2026-01-10T09:00:00 LC_ALL=C.UTF-8

t() { local s e; s=$(date +%s.%N); "$@" >"$W/out" ; e=$(date +%s.%N); echo "$e - $s" | bc; }
sync
cat "$J"/*/*.csv >/dev/null  # warm the page cache so every run reads from memory
T_WC=$(t wc -l "$J"/*/*.csv)
echo "wc -l: $(tail -1 "$W/out")"
T_AWK=$(t mawk -F';' '/""source"":""/ { match($0, /""source"":""[^"]*""/); c[substr($0, RSTART + 13, RLENGTH - 15)]++ }
                       /;order\.new;/ { n++ } END { for (k in c) print k, c[k]; print "orders", n }' "$J"/*/*.csv)
echo "mawk grouping:"; sort "$W/out" | sed 's/^/  /'
T_CSV=$(t "$BIN" report requests --from 2025-01-01 --to 2025-12-31 --format csv)
echo "report requests csv: $(wc -l <"$W/out") lines"
T_SRC=$(t "$BIN" report sources --from 2025-01-01 --to 2025-12-31)
echo "report sources:"; sed 's/^/  /' "$W/out"
/usr/bin/time -f "%M" -o "$W/mem" "$BIN" report requests --from 2025-01-01 --to 2025-12-31 --format csv >/dev/null
printf "%-44s %8s s\n" "wc -l over the journal" "$T_WC" "mawk: inquiries per source, orders" "$T_AWK" \
    "gefest report requests --format csv (1 year)" "$T_CSV" "gefest report sources (1 year)" "$T_SRC"
echo "gefest report requests peak memory: $(( $(cat "$W/mem") / 1024 )) MiB"
