#!/bin/bash
# Benchmark (run on demand, not by ctest): one order's way through procedure 02-006, as
# .ci/demo walks it (a new client's call, the order, stock, lead time, contract, invoice,
# payment, shipping, waybill; a cash order; the day's lists), on the demo share ("small")
# and on a copy grown to a company's size ("big"): CLIENTS clients more in the client base,
# ORDERS orders and as many open invoices in this year's registers (Заказы, Счета), and a
# journal of last year with INQUIRIES inquiries. Each command is run once on each share,
# in the same order, printing wall time, peak RSS and bytes read (measure.c) with the
# ratio big/small: every command a person runs during the day should read about as much
# on the big share as on the small one (issue 16), but for the registers it changes,
# which it reads and writes once.
#   GEFEST_BIN=build-rel/gefest tests/bench/daily_bench.sh [CLIENTS] [ORDERS] [INQUIRIES]
# The look-up index of the big client base and the open-work state of its journal are made
# before the table (timed apart): a share in use has them.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GEFEST_BIN:-$SRC/build/gefest}
CLIENTS=${1:-200000}
ORDERS=${2:-100000}
INQUIRIES=${3:-1000000}
W=$(mktemp -d "${TMPDIR:-/tmp}/gefest-daily-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
. "$SRC/tests/bench/grow_share.sh"

cc -O2 -o "$W/measure" "$SRC/tests/bench/measure.c"
g++ -O2 -std=c++20 -o "$W/gen_import" "$SRC/tests/bench/gen_import.cpp"
g++ -O2 -std=c++20 -o "$W/gen_journal" "$SRC/tests/bench/gen_journal.cpp"
cp -rL "$SRC/data/demo" "$W/small"
cp -rL "$SRC/data/demo" "$W/big"
# PDF copies of the documents cost the same on both shares (a browser each): not measured.
for s in small big; do printf '\n[documents]\npdf = "off"\n' >>"$W/$s/gefest.toml"; done
YEAR=2026
add_clients "$W/big" "$CLIENTS"
add_orders "$W/big" "$YEAR" "$ORDERS"
"$W/gen_import" bank "$W/big" "$YEAR" "$ORDERS" 1 "$W/statement.txt" "$ORDERS" >/dev/null
claim_up_to "$W/big" invoice "$YEAR" "$ORDERS"
"$W/gen_journal" "$W/big/Отдел продаж/Журнал" $((YEAR - 1)) "$INQUIRIES" "$ORDERS" closed >/dev/null
echo "big share: $CLIENTS clients more ($(du -m "$W/big/$BENCH_BASE" | cut -f1) MB), $ORDERS orders and invoices of $YEAR," \
    "a journal of $((YEAR - 1)) with $INQUIRIES inquiries ($(du -sm "$W/big/Отдел продаж/Журнал" | cut -f1) MB)"

export GEFEST_NOW=$YEAR-11-27T10:00:00 GEFEST_HOST=bench LC_ALL=C.UTF-8
# run SHARE LOGIN ARGS...: "wall rss_kib rchar rc" of one command
run() {
    local share=$1 who=$2
    shift 2
    GEFEST_SHARE="$W/$share" GEFEST_LOGIN=$who "$W/measure" "$BIN" "$@" 2>&1 >/dev/null | tail -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }
made() { awk '{printf "%.2f s, %d MiB, %.1f MB read", $1, $2 / 1024, $3 / 1e6}' <<<"$1"; }

echo "made on the big share before the table: client index ($(made "$(run big ivanova client show 1)")), open-work state ($(made "$(run big boss report control)"))"

printf '\n| %-46s | %8s | %8s | %6s | %5s | %5s | %10s | %10s | %6s |\n' command "small s" "big s" ratio "s MiB" "b MiB" "small read" "big read" ratio
printf '|%s|\n' "------------------------------------------------|----------|----------|--------|-------|-------|------------|------------|--------"
# row DESCRIPTION LOGIN ARGS...: ARGS may hold @ORDER@, @ORDER2@, @INVOICE@, @CLIENT@,
# replaced by each share's own numbers, and @SHARE@, by its folder.
row() {
    local desc=$1 who=$2
    shift 2
    local out=() share args a
    for share in small big; do
        args=()
        for a in "$@"; do
            a=${a//@ORDER@/${ORDER[$share]:-}}
            a=${a//@ORDER2@/${ORDER2[$share]:-}}
            a=${a//@INVOICE@/${INVOICE[$share]:-}}
            a=${a//@CLIENT@/${CLIENT[$share]:-}}
            a=${a//@SHARE@/$W/$share}
            args+=("$a")
        done
        out+=("$(run "$share" "$who" "${args[@]}")")
    done
    read -r sw sm sr src <<<"${out[0]}"
    read -r bw bm br brc <<<"${out[1]}"
    [ "$src" = 0 ] && [ "$brc" = 0 ] || desc="$desc (exit $src/$brc)"
    printf '| %-46s | %8.3f | %8.3f | %6s | %5d | %5d | %10d | %10d | %6s |\n' "$desc" "$sw" "$bw" "$(ratio "$sw" "$bw")" \
        $((sm / 1024)) $((bm / 1024)) "$sr" "$br" "$(ratio "$sr" "$br")"
}
# The numbers the commands below take on each share: the next free ones.
declare -A CLIENT=([small]=6 [big]=$((CLIENTS + 6))) ORDER=([small]=1 [big]=$((ORDERS + 1)))
declare -A ORDER2=([small]=2 [big]=$((ORDERS + 2))) INVOICE=([small]=$YEAR-1 [big]=$YEAR-$((ORDERS + 1)))

row "call new, a new client (writes the base)" ivanova call new --phone "8 (3452) 55-66-77" --name "ООО «Северный край»" \
    --source Выставка --contact "Орлов Павел" --product ПК-50:2
row "client edit (ИНН, address; writes the base)" petrov client edit @CLIENT@ --city Тюмень --email snab@sevkrai.example \
    --address "625000, г. Тюмень, ул. Северная, д. 5" --inn 7203045673 --kpp 720301001
row "client show" petrov client show @CLIENT@
row "order new (noncash)" petrov order new --client @CLIENT@ --payment noncash --item ПК-50:2 --item ГВ-12:1
row "order stock" petrov order stock @ORDER@
row "order lead-time --ask" petrov order lead-time @ORDER@ --ask --note "до 15 декабря"
row "order lead-time --days (planning)" kuznetsov order lead-time @ORDER@ --days 10
row "order lead-time --accept" petrov order lead-time @ORDER@ --accept
row "order export-1c" petrov order export-1c @ORDER@ -o "@SHARE@/Отдел продаж/Заказ для 1С.xml"
row "order contract" petrov order contract @ORDER@
row "invoice issue" petrov invoice issue @ORDER@
row "invoice list --unpaid" buh invoice list --unpaid
row "invoice pay" buh invoice pay @INVOICE@ --amount 377900,00 --date $YEAR-11-27
row "invoice send" petrov invoice send @INVOICE@
row "ship order" petrov ship order @ORDER@
row "ship carrier" petrov ship carrier @ORDER@
row "ship docs" petrov ship docs @ORDER@
row "ship dispatch" petrov ship dispatch @ORDER@ --tracking ПЭК-7712345
row "ship waybill" petrov ship waybill @ORDER@ --number 412 --date $YEAR-12-02
row "order show" petrov order show @ORDER@
row "order new (cash)" petrov order new --client @CLIENT@ --payment cash --item ГВ-12:1
row "order stock (cash)" petrov order stock @ORDER2@
row "order cash" ivanova order cash @ORDER2@
row "order cash-receipt" ivanova order cash-receipt @ORDER2@ --amount 48900,00 --receipt ПКО-1
row "ship notify" petrov ship notify @ORDER2@ --arrival "$YEAR-11-27 15:00"
row "ship waybill (cash, warehouse)" sklad ship waybill @ORDER2@ --number 413 --date $YEAR-11-27
row "report todo (petrov)" petrov report todo
row "report control" boss report control
echo "($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
