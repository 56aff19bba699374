#!/usr/bin/env bash
# Many writers at once on one share: every journal row present exactly once, numbers
# 1..N with no gap or duplicate, no lost update of a shared file, check clean.
# Sizes: GEFEST_STRESS=1 multiplies them for on-demand runs.
source "$(dirname "$0")/lib/common.sh"
unset GEFEST_NOW   # real time: ordering and lock leases as in production
SCALE=${GEFEST_STRESS:-0}; [ "$SCALE" -ge 1 ] 2>/dev/null && MUL=5 || MUL=1
P=16; EVENTS=$((200 * MUL)); NUMS=$((50 * MUL)); INCS=$((10 * MUL))

S=$T/share; new_share "$S"
start=$(date +%s.%N)
for p in $(seq 1 $P); do
    # Half the writers pretend to be a second PC: another host, its own segment.
    host=pc-a; [ $((p % 2)) -eq 0 ] && host=pc-b
    GEFEST_HOST=$host gefest --share "$S" debug journal-write --count $EVENTS --tag "w$p" >"$T/j$p.out" 2>"$T/j$p.err" &
    GEFEST_HOST=$host gefest --share "$S" debug claim-numbers --kind stress --year 2026 --count $NUMS >"$T/n$p.out" 2>"$T/n$p.err" &
    GEFEST_HOST=$host gefest --share "$S" debug update-counter --key c --count $INCS >"$T/c$p.out" 2>"$T/c$p.err" &
done
wait
end=$(date +%s.%N)

for p in $(seq 1 $P); do
    for k in j n c; do [ -s "$T/$k$p.err" ] && fail "writer $k$p said: $(cat "$T/$k$p.err")"; done
done

# Journal: every acknowledged (tag, i) exactly once.
gefest --share "$S" debug journal-dump | awk -F'\t' '$2=="debug.stress"{print $4}' \
    | sed -E 's/.*"i":([0-9]+).*"tag":"([^"]+)".*/\2 \1/' | sort >"$T/journal.txt"
cat "$T"/j*.out | sort >"$T/acked.txt"
expect_eq "journal rows written" "$((P * EVENTS))" "$(wc -l <"$T/acked.txt")"
expect_eq "journal rows read back" "$((P * EVENTS))" "$(wc -l <"$T/journal.txt")"
expect_eq "no duplicate journal rows" "0" "$(uniq -d "$T/journal.txt" | wc -l)"
expect_eq "journal equals acknowledgements" "" "$(comm -3 "$T/acked.txt" "$T/journal.txt" | head -3)"

# Numbers: exactly 1..P*NUMS, each handed out once, and the claim files agree.
cat "$T"/n*.out | sort -n >"$T/numbers.txt"
expect_eq "numbers handed out" "$(seq 1 $((P * NUMS)))" "$(cat "$T/numbers.txt")"
expect_eq "claim files" "$((P * NUMS))" "$(ls "$S/.gefest/numbers/stress/2026" | grep -c '^[0-9]*$')"

# Shared file: P*INCS increments, each value written exactly once.
cat "$T"/c*.out | sort -n >"$T/counter.txt"
expect_eq "counter values written" "$(seq 1 $((P * INCS)))" "$(cat "$T/counter.txt")"
expect_eq "counter final value" "$((P * INCS))" "$(gefest --share "$S" debug counter-value --key c)"

expect_ok "check is clean" gefest --share "$S" check
echo "figures: $P processes x ($EVENTS journal rows + $NUMS numbers + $INCS locked updates) in $(awk "BEGIN{printf \"%.2f\", $end - $start}") s"
finish
