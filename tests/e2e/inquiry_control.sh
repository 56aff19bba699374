#!/bin/bash
# Inquiries under process control (issue 14): an inquiry with no order and no recorded
# outcome is an open step of its channel in report control and its manager's todo,
# overdue after the matrix's deadline_hours; an order made from it (or for its client
# after it) or `call close` ends it; call close refuses what makes no sense and changes
# nothing then. The accountant's todo shows the invoices to watch (issued, not paid),
# overdue after their due date, gone once paid.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
at() { local when=$1 who=$2; shift 2; GEFEST_NOW=$when GEFEST_LOGIN=$who "$GEFEST_BIN" "$@" >/dev/null || fail "setup: $*"; }
# control_rows AS_OF [todo LOGIN]: "what step overdue owed_by" per row, "|" between, where
# what is the end of «Что сделать» after its ": " (the inquiry or invoice), else the order
control_rows() {
    local as_of=$1; shift
    local out
    out=$(GEFEST_LOGIN=boss "$GEFEST_BIN" --format json report "${@:-control}" --as-of "$as_of") || { fail "report $*"; return; }
    jq -r '[.open_steps[] | select(.step != null) | "\(if (.step_name | test(": (обращение|счет) ")) then (.step_name | sub(".*: "; "") | sub(",.*"; "")) else .order end) \(.step) \(.overdue) \(.owed_by)"] | join("|")' <<<"$out"
}

at 2026-11-23T09:00:00 ivanova call new --phone 9120000101 --name "ООО «Первый»" --source Выставка
at 2026-11-23T09:10:00 ivanova call new --phone 9120000102 --name "ООО «Второй»" --source Выставка
at 2026-11-23T09:20:00 petrov call existing --client 1
M1=$(GEFEST_LOGIN=boss "$GEFEST_BIN" --format json call list | jq -r '.[] | select(.id=="2026-1") | .manager')
M2=$(GEFEST_LOGIN=boss "$GEFEST_BIN" --format json call list | jq -r '.[] | select(.id=="2026-2") | .manager')

# --- open inquiries in control, overdue by the matrix -----------------------------------------
expect_eq "three hours later: three open inquiries, none overdue (4 h)" \
    "обращение 2026-1 5.2.1.1 false $M1|обращение 2026-2 5.2.1.1 false $M2|обращение 2026-3 5.2.1.2 false petrov" \
    "$(control_rows 2026-11-23T12:00:00)"
expect_eq "five hours later: overdue" "обращение 2026-1 5.2.1.1 true $M1" "$(control_rows 2026-11-23T14:00:00 | cut -d'|' -f1)"
expect_ok "control as text" as boss report control --as-of 2026-11-23T14:00:00
expect_match "text: the inquiry named" 'Прием обращений новых клиентов по телефону: обращение 2026-1 ' "$OUT"
expect_ok "the manager's todo" as "$M1" --format json report todo --as-of 2026-11-23T14:00:00
expect_match "todo: their inquiry" '"step_name": ".*: обращение 2026-1"' "$OUT"
expect_ok "the accountant's todo: no inquiry" as buh --format json report todo --as-of 2026-11-23T14:00:00
expect_eq "accountant: nothing yet" "0" "$(jq '.open_steps | length' <<<"$OUT")"

# --- call close --------------------------------------------------------------------------------
export GEFEST_NOW=2026-11-23T15:00:00
before=$(snapshot "$S")
expect_fail "unknown outcome" 2 "--outcome 'lost': outcomes are refused, no_answer, duplicate, consulted, other" as "$M1" call close 2026-1 --outcome lost
expect_fail "other needs a note" 2 "--outcome other needs --note" as "$M1" call close 2026-1 --outcome other
expect_fail "unknown inquiry" 4 "no inquiry '2026-9'" as "$M1" call close 2026-9 --outcome refused
expect_fail "the warehouse may not" 5 "step 5.2.1.1" as sklad call close 2026-1 --outcome refused
expect_eq "refused closes changed nothing" "$before" "$(snapshot "$S")"
expect_ok "close with an outcome" as "$M1" call close 2026-1 --outcome refused --note "купили у конкурентов"
expect_match "closed" "^inquiry 2026-1 closed: refused — купили у конкурентов$" "$OUT"
expect_match "journaled" ';inquiry\.close;call:2026-1;' "$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv)"
before=$(snapshot "$S")
expect_fail "closed twice" 6 "inquiry 2026-1 is closed already: refused" as "$M1" call close 2026-1 --outcome duplicate
expect_eq "second close changed nothing" "$before" "$(snapshot "$S")"
expect_ok "json" as boss --format json call close 2026-2 --outcome other --note "просил перезвонить в январе"
expect_eq "json: outcome" "other" "$(jq -r .outcome <<<"$OUT")"

# --- an order ends the inquiry -------------------------------------------------------------------
at 2026-11-23T16:00:00 ivanova call new --phone 9120000104 --name "ООО «Четвертый»" --source Выставка
at 2026-11-23T16:30:00 petrov order new --call 2026-4 --payment cash --item ГВ-12:1
at 2026-11-23T17:00:00 petrov order new --client 1 --payment noncash --item ГВ-12:1
expect_eq "orders ended inquiries 4 (its order) and 3 (an order of its client after it)" "" \
    "$(control_rows 2026-11-23T18:00:00 | tr '|' '\n' | grep '^обращение')"
before=$(snapshot "$S")
expect_fail "an inquiry with an order is not closed" 6 "inquiry 2026-4 has order 2026-1" as petrov call close 2026-4 --outcome refused
expect_eq "nothing changed" "$before" "$(snapshot "$S")"

# --- the accountant's invoices to watch ----------------------------------------------------------
export GEFEST_NOW=2026-11-24T09:00:00
expect_ok "stock" as petrov order stock 2
expect_ok "lead time asked" as petrov order lead-time 2 --ask
expect_ok "lead time answered" as kuznetsov order lead-time 2 --days 5
expect_ok "lead time accepted" as petrov order lead-time 2 --accept
expect_ok "1C" as petrov order export-1c 2 -o "$T/2.xml"
expect_ok "contract" as petrov order contract 2
expect_ok "invoice" as petrov invoice issue 2
DUE=$(as buh --format json invoice list --unpaid | jq -r '.[] | select(.invoice=="2026-1") | .due')
expect_eq "the accountant's todo: the invoice to watch, not overdue" "счет 2026-1 5.2.4.3 false buh" \
    "$(control_rows 2026-11-24T10:00:00 todo --user buh)"
expect_ok "the accountant's todo" as buh --format json report todo --as-of 2026-11-24T10:00:00
expect_eq "the invoice's order" "2026-2" "$(jq -r '.open_steps[] | select(.step == "5.2.4.3") | .order' <<<"$OUT")"
expect_ok "accountant's todo as text" as buh report todo --as-of 2026-11-24T10:00:00
expect_match "text: due date and balance" "счет 2026-1, оплатить до .*, остаток " "$OUT"
expect_ok "after the due date" as buh --format json report todo --as-of "$(date -d "$DUE + 1 day" +%F)"
expect_eq "overdue" "true" "$(jq -r '.open_steps[] | select(.step == "5.2.4.3") | .overdue' <<<"$OUT")"
expect_ok "a sales manager's todo has no invoice row" as petrov --format json report todo --as-of 2026-11-24T10:00:00
expect_eq "petrov: no invoice row" "" "$(jq -r '.open_steps[] | select(.step == "5.2.4.3") | .step_name' <<<"$OUT")"
expect_ok "paid in part" as buh invoice pay 2026-1 --amount 100.00 --date 2026-11-24
AMOUNT=$(as buh --format json invoice list --unpaid | jq -r '.[] | select(.invoice=="2026-1") | .balance')
expect_ok "the accountant's todo after a part" as buh --format json report todo --as-of 2026-11-24T11:00:00
# the balance as the todo shows it: "остаток 1 234,56" (digits grouped by a space of some kind)
SHOWN=$(jq -r '.open_steps[] | select(.step == "5.2.4.3") | .step_name' <<<"$OUT" | sed 's/.*остаток //' | tr -cd '0-9,' | tr , .)
expect_eq "still watched, the balance is what is left" "$(tr -cd '0-9,' <<<"$AMOUNT" | tr , .)" "$SHOWN"
expect_ok "paid" as buh invoice pay 2026-1 --amount "$AMOUNT" --date 2026-11-24
expect_ok "the accountant's todo after payment" as buh --format json report todo --as-of 2026-11-24T12:00:00
expect_eq "nothing to watch" "" "$(jq -r '.open_steps[] | select(.step == "5.2.4.3") | .step_name' <<<"$OUT")"

finish
