#!/usr/bin/env bash
# The README's first command runs .ci/demo on data/demo: it must go through without an
# error, and take both of its orders to a closed order — the non-cash one whose payment
# arrives before its invoice is sent (issue 14), and the cash one paid at the cash desk
# and picked up at the warehouse — with the УПД printed and the share clean for check.
source "$(dirname "$0")/lib/common.sh"

D="$T/demo"
OUT=$(cd "$GEFEST_SRC" && GEFEST_DEMO_DIR="$D" bash .ci/demo 2>&1)
rc=$?
expect_eq "the demo runs to its end" "0" "$rc"
[ "$rc" = 0 ] || printf '%s\n' "$OUT" | tail -5 >&2

expect_match "payment before the invoice is sent" "invoice 2026-1 paid in full" "$OUT"
expect_match "then the invoice is sent" "invoice 2026-1 sent to snab@sevkrai.example" "$OUT"
expect_match "non-cash order closed" "order 2026-1: waybill 412 recorded; everything has shipped, the order is closed" "$OUT"
expect_match "cash received at the cash desk" "order 2026-2: cash 48 900,00 received, receipt ПКО-1" "$OUT"
expect_match "cash order closed" "order 2026-2: waybill 413 recorded; everything has shipped, the order is closed" "$OUT"
expect_match "the УПД is printed" "Счет-фактура № 1 от" "$OUT"

export GEFEST_SHARE="$D" GEFEST_NOW=2026-12-02T18:00:00
for n in 1 2; do
    status=$(GEFEST_LOGIN=boss "$GEFEST_BIN" --format json order show "$n" | python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["status"], all(s["done_by"] for s in j["steps"]))')
    expect_eq "order 2026-$n: shipped, every step done" "shipped True" "$status"
done
expect_ok "check of the demo share" as boss check
finish
