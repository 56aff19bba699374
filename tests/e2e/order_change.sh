#!/bin/bash
# gefest order change | reassign | cancel and staff handover (issue 14, "Orders change"):
# lines changed before the invoice (reservations follow), after it (the invoice is
# cancelled, its number stays used, a new one is issued), refused once paid or shipped;
# an order and all of a leaving manager's clients and open orders given to another
# manager, who then owes them in report control/todo and gets the payment reminders;
# cancel with a reason cancels the open invoice and refuses a paid one. Every refusal
# changes nothing.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
cat >>"$S/gefest.toml" <<'EOF'

[payments]
remind_after_days = 1
escalate_after_days = 30
EOF
ORDERS="$S/Отдел продаж/Заказы/2026"
RES="$S/Склад ГП/Резервы.csv"
REG="$ORDERS/Счета 2026.csv"
# the journal's rows with their data's quotes undoubled (keys are in alphabetical order)
journal() { cat "$S/Отдел продаж/Журнал/"*/*.csv | sed 's/""/"/g'; }
# ready N [MANAGER]: non-cash order N through 5.2.3.1–5.2.3.3 (confirmed, stock reserved)
ready() {
    local m=${2:-petrov}
    as "$m" order stock "$1" >/dev/null && as "$m" order lead-time "$1" --ask >/dev/null &&
        as kuznetsov order lead-time "$1" --days 10 >/dev/null && as "$m" order lead-time "$1" --accept >/dev/null &&
        as "$m" order export-1c "$1" -o "$T/o$1.xml" >/dev/null || fail "order $1 not made ready"
}

# ============================== order change before the invoice ==========================
expect_ok "order 1" as petrov order new --client 1 --payment noncash --item ПК-100:2 --item ДЫМ-200:10
ready 1
expect_match "reserved 2 of ПК-100" "ПК-100;Склад ГП Тюмень;2026-1;2" "$(cat "$RES")"

before=$(snapshot "$S")
expect_fail "nothing asked" 2 "say what changes: --add SKU:QTY\[:PRICE\], --remove SKU, --qty SKU:QTY or --price SKU:PRICE" as petrov order change 1
expect_fail "SKU not on the order" 4 "'ГВ-12' is not on order 2026-1" as petrov order change 1 --qty ГВ-12:3
expect_fail "qty 0" 3 "quantity '0' of 'ПК-100' is not a whole number above 0 \(to drop the line: --remove ПК-100\)" as petrov order change 1 --qty ПК-100:0
expect_fail "malformed qty" 2 "--qty 'ПК-100' is not SKU:QTY" as petrov order change 1 --qty ПК-100
expect_fail "bad price" 3 "amount" as petrov order change 1 --price ПК-100:дорого
expect_fail "added SKU unknown" 4 "unknown SKU 'НЕТ-1'" as petrov order change 1 --add НЕТ-1:1
expect_fail "added SKU on the order" 6 "'ПК-100' is on order 2026-1 already: change its quantity with --qty ПК-100:QTY" as petrov order change 1 --add ПК-100:1
expect_fail "no line left" 6 "order 2026-1 would have no lines left: cancel it instead" as petrov order change 1 --remove ПК-100 --remove ДЫМ-200
expect_fail "same quantity" 2 "order 2026-1 already has these lines: nothing changes" as petrov order change 1 --qty ПК-100:2
expect_fail "another manager's order" 5 "sidorova" as sidorova order change 1 --qty ПК-100:3
expect_fail "the warehouse may not" 5 "step 5.2.3.1 .* 'sklad'" as sklad order change 1 --qty ПК-100:3
expect_eq "refused changes changed nothing" "$before" "$(snapshot "$S")"

expect_ok "change before the invoice" as petrov order change 1 --qty ПК-100:3 --remove ДЫМ-200 --add ГВ-12:2 --reason "клиент уточнил"
expect_match "what changed" "order 2026-1 changed: −ДЫМ-200, ПК-100 ×2→3, \+ГВ-12 ×2; total 952 800,00" "$OUT"
expect_match "reservation follows: ПК-100 3" "ПК-100;Склад ГП Тюмень;2026-1;3" "$(cat "$RES")"
expect_match "reservation follows: ГВ-12 2" "ГВ-12;Склад ГП Тюмень;2026-1;2" "$(cat "$RES")"
expect_eq "reservation follows: ДЫМ-200 gone" "" "$(grep 'ДЫМ-200;.*;2026-1;' "$RES")"
expect_ok "show changed order" as petrov --format json order show 1
expect_eq "lines" "ПК-100:3 ГВ-12:2" "$(jq -r '[.items[] | "\(.sku):\(.qty)"] | join(" ")' <<<"$OUT")"
expect_eq "total" "952800.00" "$(jq -r .total <<<"$OUT")"
expect_match "journaled" 'order.change;order:2026-1;.*"changes":\["−ДЫМ-200","ПК-100 ×2→3","\+ГВ-12 ×2"\].*"reason":"клиент уточнил".*"total":"952800.00"' "$(journal)"
expect_ok "price of a line" as petrov order change 1 --price ГВ-12:45000,00
expect_match "price changed" "ГВ-12 48900.00→45000.00; total 945 000,00" "$OUT"

# ============================== order change after the invoice ===========================
expect_ok "contract" as petrov order contract 1
expect_ok "invoice 1" as petrov invoice issue 1
expect_ok "invoice 1 sent" as petrov invoice send 1
expect_ok "order 2 (sidorova)" as sidorova order new --client 2 --payment noncash --item ПК-50:1
ready 2 sidorova
expect_ok "invoice 2 of order 2" as sidorova invoice issue 2

expect_ok "change after the invoice" as petrov order change 1 --qty ГВ-12:3 --reason "ещё одна горелка"
expect_match "old invoice cancelled" "invoice 2026-1 cancelled; its number stays used" "$OUT"
expect_match "new invoice" "invoice 2026-3 issued instead, 990 000,00; send it: gefest invoice send 2026-3" "$OUT"
expect_match "register: 1 cancelled" $'^1;27.11.2026;2026-1;.*;аннулирован\r$' "$(cat "$REG")"
expect_match "register: 3 issued for order 1" $'^3;27.11.2026;2026-1;.*;990000,00;.*;выставлен\r$' "$(cat "$REG")"
expect_ok "new invoice's document" test -f "$ORDERS/1 ООО «СибСтройМонтаж»/Счет № 3 от 27.11.2026.html"
expect_ok "old invoice's document kept" test -f "$ORDERS/1 ООО «СибСтройМонтаж»/Счет № 1 от 27.11.2026.html"
expect_ok "show" as petrov order show 1
expect_match "5.2.3.5 open again" "\[ \] 5.2.3.5 .* ←" "$OUT"
expect_match "next: send the invoice" "Next step: 5.2.3.5" "$OUT"
J=$(journal)
expect_match "journal: change with both invoices" 'order.change;order:2026-1;.*"invoice":"2026-3","invoice_cancelled":"2026-1",.*"reopened":\["5.2.3.5"\]' "$J"
expect_match "journal: invoice.cancel" 'invoice.cancel;invoice:2026-1;.*"replaced_by":"2026-3"' "$J"
expect_match "journal: invoice.issue of 3" 'invoice.issue;invoice:2026-3;' "$J"
expect_match "journal: order.invoice 3" 'order.invoice;order:2026-1;.*"invoice":"2026-3"' "$J"
expect_fail "the cancelled invoice is not sent" 6 "invoice 2026-1 is cancelled" as petrov invoice send 1
expect_ok "the new one is" as petrov invoice send 3
expect_ok "control" as boss report control --as-of 2026-11-27
expect_match "control: order 1 waits for payment" "2026-1 .*5.2.4.3" "$OUT"

# --- refused once paid -------------------------------------------------------------------
expect_ok "invoice 3 partly paid" as buh invoice pay 3 --amount 1000,00
before=$(snapshot "$S")
expect_fail "change of a paid order" 6 "order 2026-1 cannot be changed: invoice 2026-3 is paid \(1 000,00 of 990 000,00\); a paid invoice is not cancelled silently" \
    as petrov order change 1 --qty ГВ-12:1
expect_fail "cancel of a paid order" 6 "invoice 2026-3 of order 2026-1 is paid \(1 000,00 of 990 000,00\): return the money before the order is cancelled" \
    as petrov order cancel 1 --reason "передумал"
expect_eq "refused on a paid order: nothing changed" "$before" "$(snapshot "$S")"

# ============================== cancel with the open invoice ============================
expect_fail "cancel by another manager" 5 "only the order's manager 'sidorova' or the head of sales may cancel order 2026-2" as petrov order cancel 2 --reason x
# (an hour later: rows of one second in several people's journal files have no order)
GEFEST_NOW=2026-11-27T11:00:00 expect_ok "cancel order 2 with its invoice" as boss order cancel 2 --reason "клиент ушёл к конкуренту"
expect_match "invoice cancelled" "invoice 2026-2 cancelled; its number stays used" "$OUT"
expect_match "register: 2 cancelled" $'^2;27.11.2026;2026-2;.*;аннулирован\r$' "$(cat "$REG")"
expect_eq "reservations of 2 released" "" "$(grep ';2026-2;' "$RES")"
expect_match "journal: cancel names the invoice" 'order.cancel;order:2026-2;.*"invoice":"2026-2"' "$(journal)"
expect_ok "managers report" as boss report managers --month 2026-11 --format json
expect_eq "a cancelled order has no revenue: sidorova 0, petrov the changed order 1" "0.00 990000.00" \
    "$(jq -r '.by_manager[] | select(.manager == "sidorova") | .revenue' <<<"$OUT") $(jq -r '.by_manager[] | select(.manager == "petrov") | .revenue' <<<"$OUT")"

# ============================== reassign ================================================
expect_ok "order 3 (petrov)" as petrov order new --client 1 --payment noncash --item ПК-50:1
before=$(snapshot "$S")
expect_fail "reassign by another manager" 5 "sidorova" as sidorova order reassign 3 --to sidorova
expect_fail "reassign to a planner" 2 "'kuznetsov' is not a sales manager" as petrov order reassign 3 --to kuznetsov
expect_fail "reassign to nobody on file" 4 "nobody" as petrov order reassign 3 --to nobody
expect_fail "reassign to the same manager" 6 "order 2026-3 is petrov's already" as petrov order reassign 3 --to petrov
expect_fail "reassign a cancelled order" 6 "order 2026-2 is cancelled: it keeps its manager" as boss order reassign 2 --to petrov
expect_eq "refused reassign changed nothing" "$before" "$(snapshot "$S")"
expect_ok "reassign" as petrov order reassign 3 --to sidorova --reason "отпуск"
expect_match "reassigned" "order 2026-3 is now sidorova's" "$OUT"
expect_ok "list" as boss --format csv order list --manager sidorova
expect_match "index: sidorova's" "^3;.*;sidorova;" "$OUT"
expect_ok "todo of sidorova" as boss report todo --user sidorova --as-of 2026-11-27 --format json
expect_eq "sidorova owes 5.2.3.1 of order 3" "5.2.3.1" "$(jq -r '.open_steps[] | select(.order == "2026-3") | .step' <<<"$OUT")"
expect_ok "todo of petrov" as boss report todo --user petrov --as-of 2026-11-27 --format json
expect_eq "petrov owes nothing of order 3" "" "$(jq -r '.open_steps[] | select(.order == "2026-3") | .step' <<<"$OUT")"
expect_match "journal: reassign" 'order.reassign;order:2026-3;.*"from":"petrov","manager":"sidorova","reason":"отпуск"' "$(journal)"

# ============================== staff handover ==========================================
# petrov leaves: his clients and open orders 1 and 4 go to sidorova; she owes order 4's
# next step, and the reminder of order 1's overdue invoice goes to her.
expect_ok "order 4 (petrov)" as petrov order new --client 1 --payment noncash --item ГВ-12:1
before=$(snapshot "$S")
expect_fail "handover by a sales manager" 5 "petrov" as petrov staff handover petrov --to sidorova
expect_fail "handover of nobody" 4 "no staff member 'nobody'" as boss staff handover nobody --to sidorova
expect_fail "handover to oneself" 2 "--to must name another manager" as boss staff handover petrov --to petrov
expect_fail "handover to a planner" 2 "'kuznetsov' is not a sales manager" as boss staff handover petrov --to kuznetsov
expect_eq "refused handover changed nothing" "$before" "$(snapshot "$S")"
CLIENTS_OF_PETROV=$(grep -c ';petrov;' "$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv")
expect_ok "handover" as boss staff handover petrov --to sidorova --reason "увольнение"
expect_match "summary" "^$CLIENTS_OF_PETROV client\(s\) and 2 open order\(s\) of petrov handed over to sidorova" "$OUT"
expect_match "order 1 named" "order 2026-1 \(ООО «СибСтройМонтаж»\)" "$OUT"
expect_eq "no client is petrov's" "0" "$(grep -c ';petrov;' "$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv")"
expect_ok "order 1 is sidorova's" as boss --format json order show 1
expect_eq "manager" "sidorova" "$(jq -r .manager <<<"$OUT")"
expect_ok "cancelled order keeps its manager" as boss --format json order show 2
expect_eq "manager of 2" "sidorova" "$(jq -r .manager <<<"$OUT")"
expect_match "journal: client.assign" 'client.assign;client:1;.*"manager":"sidorova"' "$(journal)"
expect_match "journal: order.reassign of 1" 'order.reassign;order:2026-1;.*"from":"petrov","manager":"sidorova","reason":"увольнение"' "$(journal)"
expect_ok "control" as boss report control --as-of 2026-12-10 --format json
expect_eq "order 4 owed by sidorova" "sidorova" "$(jq -r '.open_steps[] | select(.order == "2026-4") | .owed_by' <<<"$OUT")"
GEFEST_NOW=2026-12-10T08:00:00 expect_ok "reminders" as buh invoice remind
expect_match "reminder goes to sidorova" "invoice 2026-3 .*reminder to sidorova" "$OUT"
expect_eq "none to petrov" "" "$(grep petrov <<<"$OUT")"
expect_ok "handover json" as boss --format json staff handover sidorova --to petrov
expect_match "json rows" '"what": "order"' "$OUT"

# ============================== refused after shipment ==================================
expect_ok "order 5 cash" as petrov order new --client 1 --payment cash --item ГВ-12:1
expect_ok "stock" as petrov order stock 5
expect_ok "registered" as petrov order cash 5
expect_ok "notify" as petrov ship notify 5 --arrival "2026-11-28 10:00"
before=$(snapshot "$S")
expect_fail "change after the warehouse has the papers" 6 "order 2026-5 cannot be changed: step 5.2.4.1 «[^»]*» is done" as petrov order change 5 --qty ГВ-12:2
expect_eq "refused change changed nothing" "$before" "$(snapshot "$S")"

expect_ok "gefest check finds nothing wrong" as boss check

finish
