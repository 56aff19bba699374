#!/bin/bash
# Issue 14: what left the warehouse is no longer offered. A waybill takes what it
# carries off Остатки.csv (from the warehouse the order's reservation names, then the
# others), journaled, so the next `order stock` does not count it; a cash order asking
# more than is available is refused unless registered with --override-stock --reason.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
STOCK="$S/Склад ГП/Остатки.csv"
RES="$S/Склад ГП/Резервы.csv"
ORDERS="$S/Отдел продаж/Заказы/2026"
journal() { cat "$S/Отдел продаж/Журнал/"*/*.csv; }
on_hand() { grep -a "^$1;$2;" "$STOCK" | cut -d';' -f3 | tr -d '\r'; }

# --- a cash order ships: the stock register goes down ---------------------------------------
expect_ok "cash order" as petrov order new --client 5 --payment cash --item ПК-50:2
expect_ok "stock (5.2.3.6)" as petrov order stock 1

# A cash order is paid at the cash desk before its goods leave (order cash-receipt).
pay_cash() {
    local total
    total=$(as ivanova --format json order show "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
    expect_ok "cash of order $1 received" as ivanova order cash-receipt "$1" --amount "$total" --receipt "ПКО-$1"
}
expect_ok "registered (5.2.3.7)" as ivanova order cash 1
pay_cash 1
expect_match "reserved in Тюмень" "ПК-50;Склад ГП Тюмень;2026-1;2" "$(cat "$RES")"
expect_ok "notify (5.2.4.1)" as ivanova ship notify 1 --arrival "2026-11-28 14:30"
expect_ok "waybill (5.2.4.2)" as sklad ship waybill 1 --number Н-1 --date 2026-11-28
expect_eq "Тюмень: 9 − 2" "7" "$(on_hand ПК-50 'Склад ГП Тюмень')"
expect_eq "Екатеринбург untouched" "3" "$(on_hand ПК-50 'Склад ГП Екатеринбург')"
expect_eq "reservation released" "" "$(grep -a ';2026-1;' "$RES")"
expect_match "journal: what was taken from where" \
    'order\.step;order:2026-1;.*""stock"":\[\{""qty"":2,""sku"":""ПК-50"",""warehouse"":""Склад ГП Тюмень""\}\]' "$(journal)"
expect_eq "the register still reads (check)" "" "$(as boss check 2>&1 | grep -a 'Остатки')"

expect_ok "next order" as petrov order new --client 1 --payment noncash --item ПК-50:11
expect_ok "its stock" as petrov --format csv order stock 2
expect_match "order stock offers 7 in Тюмень, not 9" "ПК-50;.*Склад ГП Тюмень;7;0;7" "$OUT"

# --- a partial waybill of a non-cash order takes its part -----------------------------------
expect_ok "cash order of 10 м" as petrov order new --client 5 --payment cash --item ДЫМ-200:10
expect_ok "stock" as petrov order stock 3
expect_ok "registered" as ivanova order cash 3
pay_cash 3
expect_ok "notify" as ivanova ship notify 3 --arrival "2026-11-28 15:00"
expect_ok "first part" as sklad ship waybill 3 --number Н-2 --date 2026-11-28 --items ДЫМ-200:4
expect_eq "140 − 4" "136" "$(on_hand ДЫМ-200 'Склад ГП Тюмень')"
expect_match "journal: order.shipment with stock" 'order\.shipment;order:2026-3;.*""stock"":\[\{""qty"":4' "$(journal)"
expect_ok "the rest" as sklad ship waybill 3 --number Н-3 --date 2026-11-28
expect_eq "140 − 10" "130" "$(on_hand ДЫМ-200 'Склад ГП Тюмень')"

# --- a cash order short of stock ---------------------------------------------------------------
expect_ok "cash order of 8 АВТ-01 (6 on hand)" as petrov order new --client 5 --payment cash --item АВТ-01:8 --item ГВ-12:1
expect_ok "stock shows the shortage" as petrov order stock 4
before=$(snapshot "$S")
expect_fail "short of stock: refused" 6 "cash order 2026-4 is short of stock \(АВТ-01: asked 8, available 6\).*gefest order cash 4 --override-stock --reason T" \
    as ivanova order cash 4
expect_fail "--reason without the override" 2 "--reason goes with --override-stock" as ivanova order cash 4 --reason "клиент ждет"
expect_fail "the override without a reason" 2 "--override-stock needs --reason" as ivanova order cash 4 --override-stock
expect_eq "refused registrations changed nothing" "$before" "$(snapshot "$S")"
expect_ok "registered with the override" as ivanova order cash 4 --override-stock --reason "довезут из Екатеринбурга к приезду"
expect_match "the reason on the step" 'note = "без остатка \(АВТ-01: asked 8, available 6\): довезут из Екатеринбурга к приезду"' "$(cat "$ORDERS"/4\ */заказ.toml)"
expect_match "the reason in the journal" 'order\.step;order:2026-4;.*""note"":""без остатка.*довезут' "$(journal)"
expect_match "what is there is reserved" "АВТ-01;Склад ГП Екатеринбург;2026-4;6" "$(cat "$RES")"

expect_ok "cash order of 1 ПК-50" as petrov order new --client 5 --payment cash --item ПК-50:1
expect_ok "cash order of 12 ПК-50 (10 on hand)" as petrov order new --client 5 --payment cash --item ПК-50:12
expect_ok "stock 5" as petrov order stock 5
expect_ok "stock 6" as petrov order stock 6
expect_fail "more than is on hand" 6 "ПК-50: asked 12, available 10" as ivanova order cash 6
expect_ok "1 of 10 is there" as ivanova order cash 5
expect_fail "less once another order reserved" 6 "ПК-50: asked 12, available 9" as ivanova order cash 6

finish
