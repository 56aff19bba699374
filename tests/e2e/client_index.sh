#!/bin/bash
# Issue 16: the client base's look-up index (.gefest/state/<base>/index), which lets a call,
# an order or client show read a few kilobytes instead of the whole base: made by the first
# look-up, never trusted once the base was edited by hand (even to the same size) or the
# index is truncated or damaged, kept current by the commands that change the base, named
# by gefest check when damaged and made again by check --repair.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
BASE="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
CIDX="$S/.gefest/state/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv/index"
touch_later() { touch -d "@$(( $(date +%s) + 2 ))" "$1"; }
check_out() { OUT=$(as boss check "$@" 2>&1); RC=$?; }

expect_ok "a look-up" as ivanova client show 3
expect_eq "the index is made" "yes" "$([ -f "$CIDX" ] && echo yes)"
check_out
expect_eq "a fresh index: check passes" "0" "$RC"

# The base edited by hand, the same size: the index is made again, not trusted.
sed -i 's/+79199401255/+79199401256/' "$BASE"
touch_later "$BASE"
expect_ok "the new phone is found" as ivanova call existing --phone +79199401256
expect_match "its client" "Захаров" "$OUT"
expect_fail "the old one is not" 4 "no client with phone \+79199401255" as ivanova call existing --phone +79199401255

# A command that changes the base writes the index anew: the next look-up finds the client.
expect_ok "a new client" as ivanova call new --phone '+7 912 555-00-01' --name 'Новиков Н. Н.' --source Выставка
idx_before=$(sha256sum "$CIDX")
expect_ok "found at once" as ivanova call existing --phone +79125550001
expect_match "the new client" "Новиков" "$OUT"
expect_eq "the index was current: not made again" "$idx_before" "$(sha256sum "$CIDX")"

# Truncated: not trusted.
head -c 300 "$CIDX" >"$T/cidx" && cat "$T/cidx" >"$CIDX"
expect_ok "a truncated index is not trusted" as ivanova client show 3
expect_match "the client" "Захаров" "$OUT"
check_out
expect_eq "made again: check passes" "0" "$RC"

# A row damaged (the same size): check names it, --repair makes it again.
perl -0pi -e "s/Тобольск/Тобольсх/" "$CIDX"
before=$(snapshot "$S")
check_out
expect_match "a damaged index named" "index: warning: the index of the register is damaged" "$OUT"
expect_eq "a warning only" "0" "$RC"
expect_eq "check changed nothing" "$before" "$(snapshot "$S")"
check_out --repair
expect_match "made again" "index: made again from Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv" "$OUT"
check_out
expect_eq "check passes again" "0" "$RC"
expect_eq "nothing named" "" "$OUT"
expect_ok "the client found by the index" as ivanova client show 2
expect_match "its city" "Тобольск" "$OUT"

# Deleted: no problem, made again by the next look-up.
rm "$CIDX"
check_out --repair
expect_eq "a missing index is no problem" "0" "$RC"
expect_ok "a look-up" as ivanova client show 3
expect_eq "made again" "yes" "$([ -f "$CIDX" ] && echo yes)"

finish
