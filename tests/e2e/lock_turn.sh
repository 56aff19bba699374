#!/usr/bin/env bash
# Waiters' turns (lib/lock.h): a claim of the next turn (lock.next) of a live waiter is
# respected by newcomers; an abandoned one blocks nobody, gefest check reports it and
# check --repair removes it.
source "$(dirname "$0")/lib/common.sh"
S=$T/share; new_share "$S"
NEXT="$S/.gefest/state/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml/lock.next"
mkdir -p "$(dirname "$NEXT")"
boot=$(cat /proc/sys/kernel/random/boot_id)

# claim LOGIN HOST PID BOOT: a turn claim as another waiter writes it
claim() {
    printf 'login=%s\nhost=%s\npid=%s\nboot_id=%s\npid_start=0\ntoken=t-%s\nstarted=2026-11-27T09:59:00\nlease_until=0\nend=1\n' \
        "$1" "$2" "$3" "$4" "$1" >"$NEXT"
}

# A waiter on another PC has the turn right now: newcomers let it go first.
claim sidorova pc-far 4711 other
before=$(snapshot "$S")
GEFEST_LOCK_WAIT=0.5 expect_fail "a live turn claim is respected" 7 "locked by sidorova on pc-far \(pid 4711\)" \
    gefest --share "$S" staff add y --name Y --role sales_manager
expect_eq "waiting for the turn changed nothing" "$before" "$(snapshot "$S")"
expect_ok "check: a fresh claim is no problem" gefest --share "$S" check
expect_eq "check is silent about it" "" "$(grep -F lock.next <<<"$OUT")"

# The same claim a minute later by the file's clock: its owner is gone.
touch -d '-1 min' "$NEXT"
expect_ok "check finds the abandoned claim (a warning)" gefest --share "$S" check
expect_match "named with its owner" "lock.next: warning: turn claim left by a waiter that is gone \(sidorova on pc-far" "$OUT"
GEFEST_LOCK_WAIT=2 expect_ok "an abandoned claim blocks nobody" gefest --share "$S" staff add y --name Y --role sales_manager
expect_eq "removed by the waiter who saw it" "no" "$([ -e "$NEXT" ] && echo yes || echo no)"

# A claim of a process of this PC that is gone: stale at once; check --repair removes it.
sh -c 'exit 0' & dead=$!; wait $dead
claim ivanova "$GEFEST_HOST" "$dead" "$boot"
expect_ok "check --repair" gefest --share "$S" check --repair
expect_match "repair says so" "removed the turn claim of a waiter that is gone \(ivanova on $GEFEST_HOST \(pid $dead\)" "$OUT"
expect_eq "claim removed" "no" "$([ -e "$NEXT" ] && echo yes || echo no)"
claim ivanova "$GEFEST_HOST" "$dead" "$boot"
GEFEST_LOCK_WAIT=2 expect_ok "a dead waiter's claim blocks nobody" gefest --share "$S" staff add z --name Z --role sales_manager
expect_eq "and is gone after" "no" "$([ -e "$NEXT" ] && echo yes || echo no)"
expect_ok "check is clean" gefest --share "$S" check
expect_eq "no warning left" "" "$OUT"
finish
