#!/usr/bin/env bash
# Writers killed with SIGKILL at random moments: afterwards no torn file, the journal
# readable, and everything acknowledged before the kill is present.
# GEFEST_CRASH_RUNS sets the number of kills (default 200; more on demand).
source "$(dirname "$0")/lib/common.sh"
unset GEFEST_NOW
RUNS=${GEFEST_CRASH_RUNS:-200}
S=$T/share; new_share "$S"
RANDOM=4242   # reproducible kill times
torn=0
for run in $(seq 1 $RUNS); do
    case $((run % 3)) in
        0) args=(debug journal-write --count 1000 --tag "k$run") ;;
        1) args=(debug claim-numbers --kind crash --year 2026 --count 1000) ;;
        2) args=(debug update-counter --key crash --count 1000) ;;
    esac
    "$GEFEST_BIN" --share "$S" "${args[@]}" >"$T/out.$run" 2>/dev/null &
    pid=$!
    # Between 5 and 155 ms (start-up takes ~10 ms): in the middle of some write, at a
    # different point each time.
    sleep "$(printf '0.%03d' $((RANDOM % 150 + 5)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
done

# The journal reads back (a torn last row is skipped, never an error) and holds every
# acknowledged row.
expect_ok "journal readable after $RUNS kills" gefest --share "$S" debug journal-dump
awk -F'\t' '$2=="debug.stress"{print $4}' <<<"$OUT" | sed -E 's/.*"i":([0-9]+).*"tag":"([^"]+)".*/\2 \1/' | sort >"$T/journal.txt"
cat "$T"/out.* 2>/dev/null | grep -E '^k[0-9]+ [0-9]+$' | sort >"$T/acked.txt"
expect_eq "acknowledged rows missing from the journal" "" "$(comm -23 "$T/acked.txt" "$T/journal.txt" | head -3)"
expect_eq "duplicate journal rows" "0" "$(uniq -d "$T/journal.txt" | wc -l)"

# Numbers: every acknowledged one has its claim; no number acknowledged twice.
for r in $(seq 1 $RUNS); do [ $((r % 3)) -eq 1 ] && cat "$T/out.$r"; done 2>/dev/null | grep -E '^[0-9]+$' | sort -n >"$T/numbers.txt"
expect_eq "numbers acknowledged twice" "0" "$(uniq -d "$T/numbers.txt" | wc -l)"
missing=0
while read -r n; do [ -e "$S/.gefest/numbers/crash/2026/$n" ] || missing=$((missing + 1)); done <"$T/numbers.txt"
expect_eq "acknowledged numbers without a claim file" "0" "$missing"

# The shared file: never torn, no update lost (no value acknowledged twice), and at
# least the highest acknowledged value (a kill between commit and print may add one
# unacknowledged increment per run).
for r in $(seq 1 $RUNS); do [ $((r % 3)) -eq 2 ] && cat "$T/out.$r"; done 2>/dev/null | grep -E "^[0-9]+$" | sort -n >"$T/counter.txt"
expect_eq "counter values acknowledged twice (lost updates)" "0" "$(uniq -d "$T/counter.txt" | wc -l)"
last=$(tail -n 1 "$T/counter.txt")
value=$(gefest --share "$S" debug counter-value --key crash)
expect_match "counter is a number" '^[0-9]+$' "$value"
[ -n "$last" ] && { [ "$value" -ge "$last" ] && pass || fail "counter $value below the acknowledged $last"; }
expect_match "human-facing counter file is whole" '^[0-9]+$' "$(cat "$S/.gefest/debug/counter-crash.txt")"

# Whatever the kills left is repairable, and then the share is clean.
gefest --share "$S" check >"$T/check1.txt" 2>&1
torn=$(grep -c 'torn last row' "$T/check1.txt")
expect_ok "check --repair" gefest --share "$S" check --repair
expect_ok "check clean after repair" gefest --share "$S" check
echo "figures: $RUNS kills; $(wc -l <"$T/acked.txt") journal rows, $(wc -l <"$T/numbers.txt") numbers, counter $value acknowledged and intact; torn journal tails found and repaired: $torn"
finish
