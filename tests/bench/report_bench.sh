#!/bin/bash
# Benchmark (run on demand, not by ctest): a share whose journal holds a year of
# 1M inquiries and 100k orders (generated directly, with correct row checksums), then
# `gefest report requests` and `report sources` over that year beside `wc -l` over the
# same journal files and the same grouping (inquiries per source) done with mawk.
#   GEFEST_BIN=build-x/gefest [GEFEST_BIN_BEFORE=old/gefest] tests/bench/report_bench.sh [INQUIRIES] [ORDERS]
# With GEFEST_BIN_BEFORE every gefest line is run with both binaries and the table has a
# "before" and an "after" column; the outputs of the two must be byte-identical. The
# ratio column is the after wall time over wc -l's and over mawk's.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GEFEST_BIN:-$SRC/build/gefest}
BEFORE=${GEFEST_BIN_BEFORE:-}
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

# t OUT CMD...: wall seconds and peak resident MiB of CMD, its stdout in OUT; the wall
# seconds also in $W/wall
t() {
    local out=$1 s e
    shift
    s=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$W/mem" "$@" >"$out"
    e=$(date +%s.%N)
    echo "$e - $s" | bc >"$W/wall"
    printf "%7.2f s %5d MiB" "$(cat "$W/wall")" $(( $(cat "$W/mem") / 1024 ))
}
sync
cat "$J"/*/*.csv >/dev/null  # warm the page cache so every run reads from memory
T_WC=$(t "$W/out" wc -l "$J"/*/*.csv); WC=$(cat "$W/wall")
echo "wc -l: $(tail -1 "$W/out")"
T_AWK=$(t "$W/out" mawk -F';' '/""source"":""/ { match($0, /""source"":""[^"]*""/); c[substr($0, RSTART + 13, RLENGTH - 15)]++ }
                       /;order\.new;/ { n++ } END { for (k in c) print k, c[k]; print "orders", n }' "$J"/*/*.csv); AWK=$(cat "$W/wall")
echo "mawk grouping:"; sort "$W/out" | sed 's/^/  /'
printf "%-46s %-24s %-24s %s\n" "" "before" "after" "after / wc -l, / mawk"
printf "%-46s %-24s\n" "wc -l over the journal" "$T_WC" "mawk: inquiries per source, orders" "$T_AWK"
YEAR="--from 2025-01-01 --to 2025-12-31"
# row TITLE ARGS: one gefest command with both binaries
row() {
    local title=$1 a b=""
    shift
    if [ -n "$BEFORE" ]; then
        b=$(t "$W/before" "$BEFORE" "$@")
    fi
    a=$(t "$W/after" "$BIN" "$@")
    local wall; wall=$(cat "$W/wall")
    printf "%-46s %-24s %-24s %6.1f× %5.2f×\n" "$title" "${b:--}" "$a" "$(echo "$wall / $WC" | bc -l)" "$(echo "$wall / $AWK" | bc -l)"
    if [ -n "$BEFORE" ] && ! cmp -s "$W/before" "$W/after"; then echo "  !! the outputs differ"; diff "$W/before" "$W/after" | head -5; fi
}
# Closed months keep their facts (.gefest/derived/report-facts-*): the first report of a
# year makes them (cold), the next ones read them (warm).
rm -f "$W/share/.gefest/derived/report-facts-"*
row "report sources (1 year, cold: no facts kept)" report sources $YEAR
row "report sources (1 year, warm: facts kept)" report sources $YEAR
row "report requests --format csv (1 year)" report requests $YEAR --format csv
row "report requests --format json (1 year)" report requests $YEAR --format json
row "report requests (text, 1 year)" report requests $YEAR
row "report requests --format csv (1 month)" report requests --month 2025-06 --format csv
row "report sources (1 year)" report sources $YEAR
row "report funnel (1 year)" report funnel $YEAR
row "report managers (1 year)" report managers $YEAR
echo "report managers (after):"; sed 's/^/  /' "$W/after"
# report control replays every inquiry and order (issue 16's open-work state is its own
# work): run it with GEFEST_BENCH_CONTROL=1 (on main's code it took over 25 min at 200k).
if [ -n "${GEFEST_BENCH_CONTROL:-}" ]; then row "report control --as-of (1 year replayed)" report control --as-of 2025-12-31; fi
