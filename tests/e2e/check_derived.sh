#!/bin/bash
# Issue 14, what `gefest check` missed: a deleted Склад ГП/Резервы.csv (now reported, and
# rebuilt by --repair from the open orders), a hand-changed orders index Заказы 2026.csv
# (held against the orders, rebuilt by --repair), and a price changed by hand in
# заказ.toml after its invoice was issued (reported; a person decides).
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
RES="$S/Склад ГП/Резервы.csv"
ORDERS="$S/Отдел продаж/Заказы/2026"
INDEX="$ORDERS/Заказы 2026.csv"
touch_later() { touch -d "@$(( $(date +%s) + 2 ))" "$1"; }
check_out() { OUT=$(as boss check "$@" 2>&1); RC=$?; }

expect_ok "cash order" as petrov order new --client 5 --payment cash --item ПК-50:2 --item ДЫМ-200:10
expect_ok "stock" as petrov order stock 1
expect_ok "registered" as ivanova order cash 1
expect_ok "non-cash order" as petrov order new --client 1 --payment noncash --item ПК-100:1
expect_ok "stock" as petrov order stock 2
expect_ok "lead time asked" as petrov order lead-time 2 --ask
expect_ok "answered" as kuznetsov order lead-time 2 --days 10
expect_ok "accepted" as petrov order lead-time 2 --accept
expect_ok "entered into 1C: reserved" as petrov order export-1c 2 -o "$T/2.xml"
expect_ok "invoice issued" as petrov invoice issue 2
expect_ok "a draft order (nothing reserved)" as petrov order new --client 3 --payment noncash --item ГВ-12:1
check_out
expect_eq "clean share: check passes" "0" "$RC"
cp "$RES" "$T/reservations.csv"

# --- a deleted Резервы.csv ---------------------------------------------------------------------
rm "$RES"
before=$(snapshot "$S")
check_out
expect_eq "deleted reservations: check fails" "1" "$RC"
expect_match "reported" "Резервы.csv: is missing, but open orders hold stock \(3 rows\); gefest check --repair rebuilds it from them" "$OUT"
expect_eq "check changed nothing" "$before" "$(snapshot "$S")"
check_out --repair
expect_match "repaired" "Резервы.csv: rebuilt from the open orders \(3 rows\)" "$OUT"
expect_eq "the rows of the open orders" "$(sort "$T/reservations.csv")" "$(sort "$RES")"
check_out
expect_eq "check passes again" "0" "$RC"

# --- the orders index changed by hand ------------------------------------------------------------
cp "$INDEX" "$T/index.csv"
sed -i 's/;285000,00;/;28500,00;/; s/;petrov;наличный;/;sidorova;наличный;/' "$INDEX"
touch_later "$INDEX"
before=$(snapshot "$S")
check_out
expect_eq "changed index: check fails" "1" "$RC"
expect_match "the total named" "Заказы 2026.csv:3: the row of order 2026-2 differs from its заказ.toml \(Сумма '28500,00' ≠ '285000,00'\)" "$OUT"
expect_match "the manager named" "Заказы 2026.csv:2: the row of order 2026-1 differs from its заказ.toml \(Менеджер 'sidorova' ≠ 'petrov'\)" "$OUT"
expect_eq "check changed nothing" "$before" "$(snapshot "$S")"
check_out --repair
expect_match "index rebuilt" "Заказы 2026.csv: rebuilt from the 3 orders of 2026" "$OUT"
expect_eq "as gefest wrote it" "$(cat "$T/index.csv")" "$(cat "$INDEX")"
check_out
expect_eq "check passes again" "0" "$RC"

# A row of no order.
printf '9;2026-11-27;1;Никто;petrov;noncash;new;1,00;5.2.3.1;9 Никто\r\n' >>"$INDEX"
touch_later "$INDEX"
check_out
expect_match "a row of no order" "order 2026-9 is in the index but there is no such order" "$OUT"
check_out --repair
expect_eq "rebuilt without it" "$(cat "$T/index.csv")" "$(cat "$INDEX")"

# --- a price changed by hand after the invoice ------------------------------------------------------
F2=$(ls "$ORDERS"/2\ */заказ.toml)
sed -i 's/^price_kopecks = 28500000 /price_kopecks = 27000000 /' "$F2"
touch_later "$F2"
check_out
expect_eq "changed price: check fails" "1" "$RC"
expect_match "the order and its invoice named" "order 2026-2 now comes to 270 000,00, but its invoice 2026-1 of 27.11.2026 asks 285 000,00: a price or quantity was changed after the invoice was issued" "$OUT"
check_out --repair
expect_eq "not repaired: a person decides" "1" "$RC"

finish
