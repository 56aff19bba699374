#!/bin/bash
# Gapless invoice numbers under contention (man gefest-invoice: 1, 2, 3… per year): many
# `invoice issue` at once from two PCs, some of them failing after they claimed a number
# (a file in the way of the invoice's HTML) and some issuing an order another PC is
# issuing too. No number is handed out twice; every number claimed is either on an
# invoice or released, and `gefest check` names each gap; the next issues take the
# released numbers first, after which the register is 1..N without a gap and check is clean.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
# 26 processes queue on the invoice register's lock at once: on a loaded 2-core machine
# the last of them waited past the default 15 s and gave up (busy), which is not what this
# test is about; it asserts the numbers, so the wait is made long enough for any load.
export GEFEST_LOCK_WAIT=300
ORDERS="$S/Отдел продаж/Заказы/2026"
REG="$ORDERS/Счета 2026.csv"
NUMS="$S/.gefest/numbers/invoice/2026"
ready() {
    as petrov order stock "$1" >/dev/null && as petrov order lead-time "$1" --ask >/dev/null &&
        as kuznetsov order lead-time "$1" --days 10 >/dev/null && as petrov order lead-time "$1" --accept >/dev/null &&
        as petrov order export-1c "$1" -o "$T/o$1.xml" >/dev/null || fail "order $1 not made ready"
}
GOOD=16; DOOMED=6; SPARE=10; DUPS=4
TOTAL=$((GOOD + DOOMED + SPARE))
for n in $(seq 1 $TOTAL); do
    as petrov order new --client 1 --payment noncash --item ДЫМ-200:1 >/dev/null || fail "order $n"
    ready "$n"
done
# A doomed order fails after claiming its number: its invoice's HTML file is in the way,
# whatever number it gets.
folder() { ls -d "$ORDERS/$1 "*; }
# The numbers of list $1 that are not in list $2 (whitespace-separated), in numeric order.
# comm needs both inputs in its own (byte) order: numerically sorted input made it pair
# "10" with "7" and get the gaps wrong whenever they were on both sides of 10.
minus() { LC_ALL=C comm -23 <(printf '%s\n' $1 | LC_ALL=C sort -u) <(printf '%s\n' $2 | LC_ALL=C sort -u) | sort -n; }
for n in $(seq $((GOOD + 1)) $((GOOD + DOOMED))); do
    for k in $(seq 1 80); do : >"$(folder "$n")/Счет № $k от 27.11.2026.html"; done
done

# --- the wave: GOOD + DOOMED issues at once, DUPS of the good orders issued twice ---------
pids=()
for n in $(seq 1 $((GOOD + DOOMED))); do
    host=pc-a; [ $((n % 2)) -eq 0 ] && host=pc-b
    GEFEST_HOST=$host as petrov invoice issue "$n" --date 2026-11-27 >"$T/i$n.out" 2>"$T/i$n.err" &
    pids+=($!)
    if [ "$n" -le "$DUPS" ]; then
        GEFEST_HOST=pc-c as petrov invoice issue "$n" --date 2026-11-27 >"$T/d$n.out" 2>"$T/d$n.err" &
        pids+=($!)
    fi
done
wait
failed=0
for f in "$T"/i*.err "$T"/d*.err; do [ -s "$f" ] && failed=$((failed + 1)); done
for n in $(seq 1 $DUPS); do
    expect_eq "order $n issued twice at once: one refused" "1" "$(cat "$T/i$n.err" "$T/d$n.err" | grep -c "already has invoice")"
done
expect_eq "failures: the doomed issues and the second issue of each doubled order" "$((DOOMED + DUPS))" "$failed"
for n in $(seq $((GOOD + 1)) $((GOOD + DOOMED))); do expect_match "doomed $n: the file in the way" "already exists" "$(cat "$T/i$n.err")"; done

issued=$(tail -n +2 "$REG" | cut -d';' -f1 | sort -n)
expect_eq "invoices issued" "$GOOD" "$(wc -l <<<"$issued")"
expect_eq "no number twice" "" "$(uniq -d <<<"$issued")"
claimed=$(ls "$NUMS" | grep -E '^[0-9]+$' | sort -n)
taken=$(ls "$NUMS/released" 2>/dev/null | grep -c '\.taken$')
released=$(gefest check 2>&1 | sed -n 's/.*number \([0-9]*\) is a gap: a command gave it up.*/\1/p' | sort -n)
top=$(tail -n 1 <<<"$claimed")
expect_eq "claim files 1..max" "$(seq 1 "$top")" "$claimed"
# Every number claimed is on an invoice or given up (free for the next); none is lost.
free=$(ls "$NUMS/released" 2>/dev/null | grep -vE '\.taken$' | cut -d. -f1 | sort -n | uniq)
lost=$(minus "$claimed" "$issued $free")
expect_eq "no claimed number lost" "" "$lost"
expect_ok "check: the gaps are warnings, nothing is broken" gefest check
gaps=$(minus "$(seq 1 "$(tail -n 1 <<<"$issued")")" "$issued")
expect_eq "check names every gap" "$gaps" "$released"
nfree=$(minus "$claimed" "$issued" | grep -c . || true)
echo "figures: wave of $((GOOD + DOOMED + DUPS)) issues: $GOOD invoices, $DOOMED failed after claiming, $DUPS refused on the order's lock; numbers claimed: $top fresh + $taken reused; left free: $nfree (gaps below the last invoice: $(grep -c . <<<"$gaps" || true))"

# --- the next issues take the free numbers first: then 1..N, check clean -------------------
[ "$nfree" -le "$SPARE" ] || fail "more numbers free ($nfree) than spare orders ($SPARE)"
for n in $(seq $((GOOD + DOOMED + 1)) $((GOOD + DOOMED + nfree))); do
    as petrov invoice issue "$n" --date 2026-11-27 >/dev/null || fail "spare order $n"
done
issued=$(tail -n +2 "$REG" | cut -d';' -f1 | sort -n)
expect_eq "after $nfree more issues: numbers 1..N, each once" "$(seq 1 $((GOOD + nfree)))" "$issued"
expect_eq "no number left free" "" "$(gefest check 2>&1 | grep 'is a gap')"
expect_ok "check clean" gefest check
expect_eq "check says nothing" "" "$(gefest check 2>&1 | grep -v '^gefest: ok\|^ok\|no problems' | grep 'number')"
expect_ok "the next invoice: the next number" as petrov invoice issue $((GOOD + DOOMED + nfree + 1)) --date 2026-11-27
expect_match "next number" "^invoice 2026-$((GOOD + nfree + 1)) " "$OUT"
finish
