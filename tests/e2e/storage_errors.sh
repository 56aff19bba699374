#!/usr/bin/env bash
# One reproducer per error message of the storage layer and the share: each gives one
# line naming the file (and line) or the field, a non-zero exit code, and changes nothing.
source "$(dirname "$0")/lib/common.sh"
S=$T/share; new_share "$S"
STAFF="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml"

# --- finding the share -------------------------------------------------------------------
HOME=$T/home expect_fail "no share set" 9 'no share is set: use --share' gefest staff list
mkdir -p "$T/home/.config/gefest" && printf 'share = "%s"\n' "$S" >"$T/home/.config/gefest/config.toml"
HOME=$T/home expect_ok "share from ~/.config/gefest/config.toml" gefest staff list
expect_match "config share lists boss" '^boss' "$OUT"
GEFEST_SHARE=$S expect_ok "share from GEFEST_SHARE" gefest staff list
expect_fail "missing folder" 9 "share folder '$T/nope' does not exist" gefest --share "$T/nope" staff list
mkdir "$T/empty"
expect_fail "not a share" 9 "is not a gefest share: it has no gefest.toml" gefest --share "$T/empty" staff list
expect_fail "init over a share" 6 "is already a gefest share; nothing was changed" gefest init "$S"

# --- hand-edited files with mistakes: FILE:LINE, nothing changed --------------------------
cp "$S/gefest.toml" "$T/gefest.toml.good"
sed -i 's/^percent = 22$/percent = "22"/' "$S/gefest.toml"
line=$(grep -n '^percent = "22"' "$S/gefest.toml" | cut -d: -f1)
expect_fail "typo in gefest.toml" 3 "gefest.toml:$line: 'percent' must be a whole number" gefest --share "$S" staff list
cp "$T/gefest.toml.good" "$S/gefest.toml"
printf '\n[company\nname = "x"\n' >>"$S/gefest.toml"
expect_fail "TOML syntax error" 3 "gefest.toml:$(($(wc -l <"$T/gefest.toml.good") + 2)):" gefest --share "$S" staff list
cp "$T/gefest.toml.good" "$S/gefest.toml"
sed -i 's/^routing = "round_robin"/routing = "random"/' "$S/gefest.toml"
expect_fail "bad routing value" 3 "gefest.toml:[0-9]+: intake.routing must be" gefest --share "$S" staff list
cp "$T/gefest.toml.good" "$S/gefest.toml"

cp "$STAFF" "$T/staff.good"
printf '\n[[staff]]\nlogin = "x"\nroles = ["salesman"]\n' >>"$STAFF"
expect_fail "unknown role in Сотрудники.toml" 3 "Сотрудники.toml:[0-9]+: 'x' has an unknown role 'salesman'" gefest --share "$S" staff list
cp "$T/staff.good" "$STAFF"
printf '\n[[staff]]\nlogin = "boss"\n' >>"$STAFF"
expect_fail "duplicated login" 3 "Сотрудники.toml:[0-9]+: login 'boss' is listed twice" gefest --share "$S" staff list
cp "$T/staff.good" "$STAFF"

printf 'Артикул;Склад\r\nПК-1;Тюмень;5\r\n' >"$S/Склад ГП/Остатки.csv"
expect_fail "check: CSV row of the wrong width" 1 "check found" gefest --share "$S" check
expect_match "check names FILE:LINE" "Остатки.csv:2: expected 2 fields, found 3" "$OUT"
printf '\xEF\xBB\xBFАртикул;Склад;Количество\r\n' >"$S/Склад ГП/Остатки.csv"

# --- who is acting --------------------------------------------------------------------------
before=$(snapshot "$S")
GEFEST_LOGIN=stranger expect_fail "unknown login" 5 "login 'stranger' is not in .*Сотрудники.toml; the head of sales can add it" gefest --share "$S" staff add x --name X --role sales_manager
gefest --share "$S" staff add ivanova --name "Иванова" --role office_manager >/dev/null
before=$(snapshot "$S")
GEFEST_LOGIN=ivanova expect_fail "acting for others without the right" 5 "'ivanova' may not act for others" gefest --share "$S" --user boss staff list
GEFEST_LOGIN=ivanova expect_fail "staff by a non-head" 5 "step staff «[^»]*» may be done by: head_of_sales; 'ivanova' is office_manager" gefest --share "$S" staff add y --name Y --role sales_manager
expect_fail "unknown role on the command line" 2 "unknown role 'boss'" gefest --share "$S" staff add y --name Y --role boss
expect_fail "removing an unknown login" 4 "no staff member 'nobody'" gefest --share "$S" staff remove nobody
expect_fail "removing yourself" 5 "you cannot remove yourself" gefest --share "$S" staff remove boss
expect_fail "--user names nobody" 4 "no staff member 'ghost'" gefest --share "$S" --user ghost staff add y --name Y --role sales_manager
expect_eq "refused commands changed nothing" "$before" "$(snapshot "$S")"
expect_ok "head of sales acts for ivanova" gefest --share "$S" --user ivanova staff list
GEFEST_NOW=yesterday expect_fail "bad GEFEST_NOW" 9 "GEFEST_NOW='yesterday' is not a date and time" gefest --share "$S" staff add z --name Z --role sales_manager

# --- locks ------------------------------------------------------------------------------------
LOCK="$S/.gefest/state/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml/lock"
mkdir -p "$(dirname "$LOCK")"
sleep 300 & holder=$!
boot=$(cat /proc/sys/kernel/random/boot_id)
start=$(awk '{print $22}' /proc/$holder/stat)
printf 'login=petrov\nhost=%s\npid=%s\nboot_id=%s\npid_start=%s\ntoken=abc\nstarted=2026-11-27T09:59:00\nlease_until=9999999999\nend=1\n' \
    "$GEFEST_HOST" "$holder" "$boot" "$start" >"$LOCK"
before=$(snapshot "$S")
GEFEST_LOCK_WAIT=0.5 expect_fail "lock held by a live process" 7 "Сотрудники.toml' is locked by petrov on pc-test \(pid $holder\) since 2026-11-27T09:59:00" \
    gefest --share "$S" staff add y --name Y --role sales_manager
expect_eq "a busy lock changed nothing" "$before" "$(snapshot "$S")"
kill $holder; wait $holder 2>/dev/null
GEFEST_LOCK_WAIT=2 expect_ok "lock of a dead process on this PC is broken" gefest --share "$S" staff add y --name Y --role sales_manager
expect_eq "lock released after use" "no" "$([ -e "$LOCK" ] && echo yes || echo no)"
printf 'login=petrov\nhost=pc-far\npid=1\nboot_id=other\npid_start=1\ntoken=abc\nstarted=2026-11-27T09:00:00\nlease_until=1000\nend=1\n' >"$LOCK"
GEFEST_LOCK_WAIT=2 expect_ok "lock of another PC past its lease is broken" gefest --share "$S" staff add z --name Z --role sales_manager
printf 'login=petrov\nhost=pc-far\npid=1\nboot_id=other\npid_start=1\ntoken=abc\nstarted=2026-11-27T09:00:00\nlease_until=9999999999\nend=1\n' >"$LOCK"
GEFEST_LOCK_WAIT=0.5 expect_fail "lock of another PC within its lease is respected" 7 "locked by petrov on pc-far" gefest --share "$S" staff remove z
rm -f "$LOCK"

# --- journal and numbering damage, found by check --------------------------------------------
SEG=$(ls "$S/Отдел продаж/Журнал/"*/*.csv | head -1)
cp "$SEG" "$T/seg.good"
printf '2026-11-27T10:00:00;boss;;debug.stress;debug:x;{"i":1};id;000' >>"$SEG"
expect_fail "check finds a torn tail" 1 "check found" gefest --share "$S" check
expect_match "torn tail at its line" "$(basename "$SEG"):[0-9]+: torn last row" "$OUT"
expect_ok "check --repair cuts it" gefest --share "$S" check --repair
expect_match "repair says so" "cut off a torn last row" "$OUT"
expect_eq "segment restored" "$(sha256sum <"$T/seg.good")" "$(sha256sum <"$SEG")"
sed -i '2s/staff.add/staff.hack/' "$SEG"
expect_fail "check finds a hand-changed row" 1 "check found" gefest --share "$S" check
expect_match "damaged row at line 2" "$(basename "$SEG"):2: journal row is damaged" "$OUT"
cp "$T/seg.good" "$SEG"
gefest --share "$S" debug claim-numbers --kind probe --year 2026 --count 3 >/dev/null
rm "$S/.gefest/numbers/probe/2026/2"
expect_fail "check finds a hole in numbering" 1 "check found" gefest --share "$S" check
expect_match "hole named" "numbers 2–2 of 'probe' 2026 were never claimed" "$OUT"
echo "login=boss" >"$S/.gefest/numbers/probe/2026/2"
expect_ok "check clean again" gefest --share "$S" check

# --- what SMB, Excel and FUSE do, injected with LD_PRELOAD (tests/faults/faults.c) ----------
if [ -n "${GEFEST_FAULTS:-}" ] && [ -f "$GEFEST_FAULTS" ]; then
    before=$(snapshot "$S")
    LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_STATFS=fuse expect_fail "FUSE mount refused for writing" 9 \
        "mounted through FUSE .*gefest will not write there" gefest --share "$S" staff add w --name W --role sales_manager
    LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_STATFS=fuse expect_ok "FUSE mount still readable" gefest --share "$S" staff list
    GEFEST_RETRY_SCALE=0.01 LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_RENAME_EBUSY=Сотрудники.toml expect_fail "file held open by Excel" 7 \
        "Сотрудники.toml' is held open by another program \(Excel\?\): close it and try again" gefest --share "$S" staff add w --name W --role sales_manager
    expect_eq "refused writes changed nothing" "$before" "$(snapshot "$S")"
    expect_ok "check is clean after the refused writes" gefest --share "$S" check
    printf '36 25 0:40 / %s rw,relatime shared:1 - cifs //srv/e rw,vers=3.0,cache=strict\n' "$S" >"$T/mountinfo"
    LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_STATFS=cifs GEFEST_FAULT_MOUNTINFO=$T/mountinfo expect_ok "CIFS without options: a warning, not a failure" gefest --share "$S" check
    expect_match "warning names the missing options" "warning: CIFS mount lacks cache=none,actimeo=0,nolease,closetimeo=0" "$OUT"
    printf '36 25 0:40 / %s rw - cifs //srv/e rw,vers=3.0,cache=none,actimeo=0,nolease,closetimeo=0\n' "$S" >"$T/mountinfo"
    LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_STATFS=cifs GEFEST_FAULT_MOUNTINFO=$T/mountinfo expect_ok "CIFS with the options" gefest --share "$S" check
    expect_eq "no warning with the recommended options" "" "$OUT"
    LD_PRELOAD=$GEFEST_FAULTS GEFEST_FAULT_OPEN_ENOENT=Процесс.toml GEFEST_FAULT_OPEN_TIMES=3 expect_ok "a file missing for a moment (SMB rename) is retried" \
        gefest --share "$S" staff add w --name W --role sales_manager
else
    fail "GEFEST_FAULTS (the fault-injection library) is not built"
fi
mv "$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml" "$T/process.toml"
expect_fail "a file that must exist is missing" 4 "Процесс.toml' does not exist" gefest --share "$S" staff add v --name V --role sales_manager
mv "$T/process.toml" "$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml"
finish
