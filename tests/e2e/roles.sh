#!/bin/bash
# Roles and accountability (issue 13): a refused step is journaled (step.refused: who
# tried which step, with what roles, by which command) and otherwise changes nothing,
# exiting 5 with the same message as before; a step of another manager's order is done
# only by the roles the matrix gives the step that are not a client manager's, or by the
# owner of the process; the account cron runs under cannot add staff or grant roles,
# not even acting for the head of sales.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
STAFF="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml"
refusals() { as boss debug journal-dump | awk -F'\t' '$2 == "step.refused"'; }

expect_ok "petrov's order" as petrov order new --client 1 --payment noncash --item ПК-100:1
expect_ok "sidorova's cash order" as sidorova order new --client 2 --payment cash --item ПК-100:1

# --- a refusal: exit 5, the same message, one journal row and nothing else -----------------
before=$(snapshot "$S")
expect_fail "pricing by a sales manager" 5 "^gefest: 'price' of step 5.2.7 «[^»]*» may be done by: head_of_sales; 'petrov' is sales_manager$" \
    as petrov order price 1 --line 1 --price 100
expect_eq "journaled" "petrov	step.refused	step:5.2.7	{\"action\":\"price\",\"command\":\"order price\",\"roles\":[\"sales_manager\"],\"step\":\"5.2.7\"}" "$(refusals)"
expect_eq "nothing else changed" "$before" "$(snapshot "$S")"
expect_fail "acting for someone: both are named" 5 "step 5.2.3.1 .* 'kuznetsov' is head_of_planning" as boss --user kuznetsov order stock 1
expect_match "journaled, by the real login" "boss	step.refused	step:5.2.3.1	.*\"command\":\"order stock\"" "$(refusals | grep '^boss')"
expect_match "the row says for whom" ";boss;kuznetsov;step.refused;" "$(cat "$S/Отдел продаж/Журнал/"*/*.csv | grep step.refused)"

# --- another manager's order ------------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "sidorova on petrov's order" 5 "^gefest: order 2026-1 is 'petrov''s: on another manager's order step 5.2.3.1 «[^»]*» may be done by: head_of_sales; 'sidorova' is sales_manager$" \
    as sidorova order stock 1
expect_match "journaled on the order" "sidorova	step.refused	order:2026-1	.*\"step\":\"5.2.3.1\"" "$(refusals | grep '^sidorova')"
expect_fail "petrov at sidorova's cash desk" 5 "order 2026-2 is 'sidorova''s: .* 5.2.3.6 .* may be done by: head_of_sales" as petrov order stock 2
expect_eq "refused steps changed nothing else" "$before" "$(snapshot "$S")"
expect_ok "her own order" as sidorova order stock 2
expect_ok "the office manager at the cash desk, on sidorova's order" as ivanova order cash 2
expect_ok "his own order" as petrov order stock 1
expect_ok "the manager asks on his own order" as petrov order lead-time 1 --ask
expect_ok "planning answers for any order" as kuznetsov order lead-time 1 --days 5
expect_fail "accepting is the order's manager's" 5 "order 2026-1 is 'petrov''s" as sidorova order lead-time 1 --accept

# --- the account cron runs under --------------------------------------------------------------
expect_match "cron: no role, may act for others" "act_for_others = true" "$(grep -A3 'login = "cron"' "$STAFF")"
before=$(snapshot "$S")
expect_fail "cron adds staff" 5 "step staff «[^»]*» may be done by: head_of_sales; 'cron' is" as cron staff add evil --name Злой --role head_of_sales
expect_fail "cron acting for the head of sales adds staff" 5 "^gefest: step staff «[^»]*» is not done for others: 'cron' acts for 'boss' but is .*; it may be done by: head_of_sales$" \
    as cron --user boss staff add evil --name Злой --role head_of_sales
expect_fail "cron acting for the head of sales grants a role" 5 "is not done for others: 'cron' acts for 'boss'" \
    as cron --user boss staff add petrov --name "Петров Сергей Иванович" --role head_of_sales
expect_fail "cron acting for the head of sales removes staff" 5 "is not done for others: 'cron' acts for 'boss'" as cron --user boss staff remove petrov
expect_eq "the staff list as it was" "$before" "$(snapshot "$S")"
expect_eq "each refusal journaled" "4" "$(refusals | grep -c '^cron	step.refused	step:staff	')"
expect_ok "cron still acts for others where the matrix lets them" as cron --user petrov order show 1

finish
