#!/bin/bash
# Benchmark (run on demand, not by ctest): process control on a year of work.
# `report control` and `report todo` on the demo share (small) and on a share whose
# journal holds INQUIRIES inquiries and ORDERS orders of a year, the work of all but the
# last weeks finished (gen_journal ... closed). Cold: no derived open-work state yet (the
# whole journal is read once and the state saved); warm: the state is there and nothing
# was appended (a todo reads the state's head and its person's sections only); tail: one
# inquiry recorded since. Bytes read are the sum of read(2)
# and pread(2) results under strace (a separate run: strace slows the command).
#   GEFEST_BIN=build-x/gefest tests/bench/control_bench.sh [INQUIRIES] [ORDERS]
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GEFEST_BIN:-$SRC/build/gefest}
N=${1:-1000000}
M=${2:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/gefest-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
cp -rL "$SRC/data/demo" "$W/small"
cp -rL "$SRC/data/demo" "$W/big"
J="$W/big/Отдел продаж/Журнал"
g++ -O2 -std=c++20 -o "$W/gen" "$SRC/tests/bench/gen_journal.cpp"
"$W/gen" "$J" 2025 "$N" "$M" closed >/dev/null
echo "big share: journal $(du -sh "$J" | cut -f1) in $(find "$J" -name '*.csv' | wc -l) segments ($N inquiries, $M orders, 2025)"
export GEFEST_LOGIN=boss GEFEST_NOW=2026-01-10T09:00:00 LC_ALL=C.UTF-8

# run SHARE CMD...: "wall-s peak-MiB cpu-s" of one run (cpu: user + system, which a
# loaded machine distorts less than wall)
run() {
    local share=$1 s e u y m
    shift
    s=$(date +%s.%N)
    GEFEST_SHARE=$share /usr/bin/time -f "%M %U %S" -o "$W/mem" "$BIN" "$@" >/dev/null
    e=$(date +%s.%N)
    read -r m u y <"$W/mem"
    printf "%.3f %d %.2f" "$(echo "$e - $s" | bc)" $(( m / 1024 )) "$(echo "$u + $y" | bc)"
}
# bytes SHARE CMD...: bytes read by one run
bytes() {
    local share=$1
    shift
    GEFEST_SHARE=$share strace -f -qq -e trace=read,pread64 -o "$W/trace" "$BIN" "$@" >/dev/null
    awk '{ n = $NF; if (n ~ /^[0-9]+$/) s += n } END { print s + 0 }' "$W/trace"
}
forget() { rm -f "$1/.gefest/derived/open-work"; }
one_inquiry() { GEFEST_SHARE=$1 GEFEST_LOGIN=ivanova "$BIN" call new --phone "91299$(printf %05d $RANDOM)" --name "ООО «Новый»" --source Выставка >/dev/null; }

cat "$J"/*/*.csv >/dev/null  # page cache warm: the figures are of reading, not of the disk
printf "%-44s %8s %6s %6s %12s %8s %6s %6s %12s %7s\n" case "small s" "cpu" "MiB" "small bytes" "big s" "cpu" "MiB" "big bytes" "big/small"
row() {
    local name=$1 prepare=$2
    shift 2
    local out=()
    for share in "$W/small" "$W/big"; do
        $prepare "$share"
        read -r t m c <<<"$(run "$share" "$@")"
        $prepare "$share"
        out+=("$t" "$c" "$m" "$(bytes "$share" "$@")")
    done
    printf "%-44s %8s %6s %6s %12s %8s %6s %6s %12s %7.2f\n" "$name" "${out[@]}" "$(echo "${out[4]} / ${out[0]}" | bc -l)"
}
nothing() { :; }
row "report control, cold (state rebuilt)" forget report control
row "report control, warm" nothing report control
row "report control, one inquiry appended" one_inquiry report control
row "report todo --user petrov, warm" nothing report todo --user petrov
row "report todo --user boss, warm" nothing report todo --user boss
row "report todo --user ivanova, one appended" one_inquiry report todo --user ivanova
