#!/bin/bash
# A cash order ends with papers and money (5.2.3.7, 5.2.4.1–5.2.4.2, issue 14): the client
# who comes gets the shipping documents of the non-cash path (packing list and
# consignment note, made by the same templates), the cash received is recorded (amount
# in kopecks, receipt number, date) — an amount that is not the total, a duplicate
# receipt, a bad date refused and changing nothing — and only then does the waybill
# close the order.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
ORDERS="$S/Отдел продаж/Заказы/2026"
QUEUE="$S/Склад ГП/Очередь склада.csv"
# the journal's rows with their data's quotes undoubled (keys are in alphabetical order)
journal() { cat "$S/Отдел продаж/Журнал/"*/*.csv | sed 's/""/"/g'; }

expect_ok "cash order 1" as petrov order new --client 1 --payment cash --item ГВ-12:2 --item ДЫМ-200:3
F1="$ORDERS/1 ООО «СибСтройМонтаж»"
expect_ok "non-cash order 2" as petrov order new --client 1 --payment noncash --item ГВ-12:1

before=$(snapshot "$S")
expect_fail "receipt before the order is registered" 6 "order 2026-1 is not registered yet \(step 5.2.3.7\): gefest order cash 1" \
    as ivanova order cash-receipt 1 --amount 107251,50 --receipt ПКО-1
expect_fail "receipt on a non-cash order" 6 "order 2026-2 is non-cash: its money comes to its invoice" as petrov order cash-receipt 2 --amount 48900,00 --receipt ПКО-1
expect_eq "refused receipts changed nothing" "$before" "$(snapshot "$S")"

expect_ok "stock (5.2.3.6)" as petrov order stock 1
expect_ok "registered (5.2.3.7)" as ivanova order cash 1

# --- the papers: the client gets what the non-cash path hands the warehouse --------------
expect_ok "notify (5.2.4.1)" as ivanova ship notify 1 --arrival "2026-11-28 14:30"
expect_ok "pick list" test -f "$F1/Лист подбора 2026-1.html"
expect_ok "packing list" test -f "$F1/Упаковочный лист 2026-1.html"
expect_ok "consignment note (the УПД, gefest.toml's default)" test -f "$F1/УПД № 1 от 28.11.2026.html"
expect_match "consignment note: the lines" "ГВ-12" "$(cat "$F1/УПД № 1 от 28.11.2026.html")"
expect_match "consignment note: dated the day of arrival" "28.11.2026" "$(cat "$F1/УПД № 1 от 28.11.2026.html")"
expect_match "consignment note: the total" "107 251,50" "$(cat "$F1/УПД № 1 от 28.11.2026.html")"
expect_match "queue row lists them for the warehouse" ";\"Лист подбора 2026-1.html; Упаковочный лист 2026-1.html; УПД № 1 от 28.11.2026.html\";ожидает;2026-1/выдача" "$(cat "$QUEUE")"
expect_match "journal: the documents" 'order.step;order:2026-1;.*"documents":\["Лист подбора 2026-1.html","Упаковочный лист 2026-1.html","УПД № 1 от 28.11.2026.html"\]' "$(journal)"

# --- the money -------------------------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "waybill before the cash" 6 "the cash of order 2026-1 is not recorded: gefest order cash-receipt 1 --amount SUM --receipt NUMBER" \
    as sklad ship waybill 1 --number Н-7 --date 2026-11-28
expect_fail "amount short" 6 "--amount 107 251,00 does not match the total of order 2026-1: 107 251,50" \
    as ivanova order cash-receipt 1 --amount 107251,00 --receipt ПКО-1
expect_fail "amount not a number" 3 "amount" as ivanova order cash-receipt 1 --amount много --receipt ПКО-1
expect_fail "empty receipt" 3 "--receipt" as ivanova order cash-receipt 1 --amount 107251,50 --receipt " "
expect_fail "receipt date before the order" 3 "receipt date 01.11.2026 is not between the order's date 27.11.2026 and today" \
    as ivanova order cash-receipt 1 --amount 107251,50 --receipt ПКО-1 --date 2026-11-01
expect_fail "receipt date in the future" 3 "receipt date 01.12.2026 is not between" as ivanova order cash-receipt 1 --amount 107251,50 --receipt ПКО-1 --date 2026-12-01
expect_fail "receipt by the warehouse" 5 "step 5.2.3.7 .* 'sklad'" as sklad order cash-receipt 1 --amount 107251,50 --receipt ПКО-1
expect_fail "receipt by another manager" 5 "sidorova" as sidorova order cash-receipt 1 --amount 107251,50 --receipt ПКО-1
expect_eq "refused: nothing changed" "$before" "$(snapshot "$S")"

expect_ok "cash received" as ivanova order cash-receipt 1 --amount "107 251,50" --receipt ПКО-1
expect_match "said" "order 2026-1: cash 107 251,50 received, receipt ПКО-1 of 27.11.2026" "$OUT"
expect_match "on the order: kopecks" "cash_kopecks = 10725150" "$(cat "$F1/заказ.toml")"
expect_match "on the order: receipt" 'cash_receipt = "ПКО-1"' "$(cat "$F1/заказ.toml")"
expect_match "journal: order.cash" 'order.cash;order:2026-1;.*"amount":"107251.50","date":"2026-11-27","receipt":"ПКО-1"' "$(journal)"
expect_ok "show" as petrov order show 1
expect_match "show: cash received" "Cash received: 107 251,50, receipt ПКО-1 of 27.11.2026 \(ivanova\)" "$OUT"
expect_ok "show json" as petrov --format json order show 1
expect_eq "json: cash" "107251.50 ПКО-1 2026-11-27" "$(jq -r '"\(.cash) \(.cash_receipt) \(.cash_date)"' <<<"$OUT")"
expect_fail "receipt twice" 6 "the cash of order 2026-1 is recorded already: receipt ПКО-1 of 27.11.2026, 107 251,50" \
    as ivanova order cash-receipt 1 --amount 107251,50 --receipt ПКО-2

# the same receipt number cannot pay another order
expect_ok "cash order 3" as petrov order new --client 1 --payment cash --item ГВ-12:1
expect_ok "stock 3" as petrov order stock 3
expect_ok "registered 3" as petrov order cash 3
before=$(snapshot "$S")
expect_fail "duplicate receipt number" 6 "receipt ПКО-1 of 2026 is recorded already \(on another order\)" \
    as petrov order cash-receipt 3 --amount 48900,00 --receipt ПКО-1
expect_eq "duplicate refused: nothing changed" "$before" "$(snapshot "$S")"
expect_ok "another receipt number" as petrov order cash-receipt 3 --amount 48900,00 --receipt ПКО-2 --date 27.11.2026
before=$(snapshot "$S")
expect_fail "cancel a paid cash order" 6 "order 2026-3 is paid in cash \(receipt ПКО-2\): return the money before it is cancelled" \
    as petrov order cancel 3 --reason передумал
expect_fail "change a paid cash order" 6 "order 2026-3 cannot be changed: its cash was received \(receipt ПКО-2\)" as petrov order change 3 --qty ГВ-12:2
expect_eq "refused on a paid cash order: nothing changed" "$before" "$(snapshot "$S")"

# --- closed --------------------------------------------------------------------------------
expect_ok "waybill closes the paid order (5.2.4.2)" as sklad ship waybill 1 --number Н-7 --date 2026-11-28
expect_match "closed" "everything has shipped, the order is closed" "$OUT"
expect_ok "show closed" as petrov order show 1
expect_match "status shipped" "status: shipped" "$OUT"

expect_ok "gefest check finds nothing wrong" as boss check

finish
