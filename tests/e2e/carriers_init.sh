#!/bin/bash
# Carriers set up by gefest init (issue 14): a new share has Склад ГП/Транспортные
# компании.toml with its format and a commented example, no carrier; gefest ship carrier
# on it says the register is empty (naming the file), not that it is missing; with the
# example uncommented it recommends that carrier.
. "$(dirname "$0")/lib/common.sh"

FRESH=$T/fresh
new_share "$FRESH"
REG="Склад ГП/Транспортные компании.toml"
expect_ok "init wrote the carriers register" test -f "$FRESH/$REG"
expect_match "with the format explained" '^#   preference ' "$(cat "$FRESH/$REG")"
expect_match "and a commented example" '^# \[\[carrier\]\]$' "$(cat "$FRESH/$REG")"
expect_eq "no carrier yet" "" "$(grep -v '^#' "$FRESH/$REG" | grep -v '^[[:space:]]*$')"
expect_ok "gefest check: the fresh share is clean" env GEFEST_LOGIN=boss "$GEFEST_BIN" --share "$FRESH" check

# A non-cash order of the demo share up to its shipping order (5.2.4.4), with the
# register replaced by the one init writes.
S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
cp "$FRESH/$REG" "$S/$REG"
expect_ok "order" as petrov order new --client 2 --manager petrov --payment noncash --item ГВ-12:1
expect_ok "stock" as petrov order stock 1
expect_ok "lead time asked" as petrov order lead-time 1 --ask
expect_ok "lead time answered" as kuznetsov order lead-time 1 --days 5
expect_ok "lead time accepted" as petrov order lead-time 1 --accept
expect_ok "1C" as petrov order export-1c 1 -o "$T/1.xml"
expect_ok "contract" as petrov order contract 1
expect_ok "invoice" as petrov invoice issue 1
expect_ok "invoice sent" as petrov invoice send 2026-1
expect_ok "shipping order, unpaid (head of sales)" as boss ship order 1 --override-unpaid --reason "гарантийное письмо"

before=$(snapshot "$S")
expect_fail "empty register: said so, naming the file" 4 "no carrier in .*Транспортные компании.toml yet: add the transport companies there" \
    as petrov ship carrier 1
[[ "$ERR" == *missing* ]] && fail "empty register called missing: $ERR" || pass
expect_fail "empty register: --choose too" 4 "no carrier in .*Транспортные компании.toml yet" as petrov ship carrier 1 --choose ПЭК
expect_eq "refused: nothing changed" "$before" "$(snapshot "$S")"

# The planner fills it in by uncommenting the example.
sed -i '/^# \[\[carrier\]\]$/,$ s/^# \{0,1\}//' "$S/$REG"
expect_ok "example uncommented: ship carrier recommends" as petrov ship carrier 1
expect_match "the example's carrier, for Тобольск" "ПЭК" "$OUT"
expect_match "carrier on the order" 'carrier = "ПЭК"' "$(cat "$S/Отдел продаж/Заказы/2026"/1\ */заказ.toml)"

finish
