#!/usr/bin/env bash
# Hand edits that would lose data are refused, never taken (issue 13), on the client base
# of a copy of the demo share: a register cut at a row boundary; a copy opened before a
# gefest change and saved after it (merged when the rows do not overlap, refused with both
# kept when they do); a register read while an editor is still writing it; and what
# gefest check says of each. Every hand edit taken is journaled with what it changed.
source "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null || { echo "python3 is needed to write the register slowly"; exit 77; }

S=$T/share; demo_share "$S"
DIR="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР"
REG="$DIR/База клиентов.csv"
export GEFEST_LOGIN=ivanova
g() { gefest --share "$S" "$@"; }
journal() { GEFEST_LOGIN=boss gefest --share "$S" debug journal-dump; }
# touch_later FILE: a hand edit is newer than gefest's last version of the file
touch_later() { touch -d "@$(( $(date +%s) + 2 ))" "$1"; }
clients() { g client list --format csv | tail -n +2 | wc -l; }
# check_out: gefest check's output (both streams) in $OUT, its exit code in $RC
check_out() { OUT=$(g check 2>&1); RC=$?; }

expect_ok "a first change: gefest keeps a version of the register" g client edit 2 --contact 'Мельникова Т. Ю.'
expect_eq "five clients" "5" "$(clients)"

# --- a register cut at a row boundary ----------------------------------------------------------
cp "$REG" "$T/whole.csv"
head -n 4 "$T/whole.csv" >"$REG"; touch_later "$REG"   # header and clients 1–3: 4 and 5 cut off
before=$(snapshot "$S")
expect_fail "cut register: a change is refused, naming the lost clients" 3 "База клиентов.csv.*lost rows 4, 5" \
    g client edit 1 --city Сургут
expect_eq "cut register: nothing changed on the share" "$before" "$(snapshot "$S")"
# (an add is refused too; its round-robin turn, a record of its own, is taken before)
expect_fail "cut register: an add is refused too" 3 "lost rows 4, 5" g client add --name 'ООО «Новая»' --phone 89000000001
expect_eq "cut register: the register unchanged by the add" "$(head -n 4 "$T/whole.csv")" "$(cat "$REG")"
before=$(snapshot "$S")
check_out
expect_eq "check: exit 1 for the cut register" "1" "$RC"
expect_match "check: names the file and the lost rows" "База клиентов.csv.*lost rows 4, 5" "$OUT"
expect_eq "check without --repair changes nothing" "$before" "$(snapshot "$S")"
expect_ok "check --repair restores the register" g check --repair
ASIDE="$DIR/База клиентов (правка ivanova 2026-11-27 10-00-00).csv"
expect_eq "repair: the register is whole again" "$(cat "$T/whole.csv")" "$(cat "$REG")"
expect_eq "repair: the cut copy is kept beside it" "$(head -n 4 "$T/whole.csv")" "$(cat "$ASIDE" 2>&1)"
rm -f "$ASIDE"
expect_eq "five clients again" "5" "$(clients)"

# --- a copy opened before a gefest change, saved after it: other rows -------------------------
cp "$REG" "$T/open-in-editor.csv"
expect_ok "gefest changes client 1 meanwhile" g client edit 1 --contact 'Ковалёв А. А.'
sed -i '/^3;/ s/;Ишим;/;г. Ишим;/' "$T/open-in-editor.csv"   # the person changes client 3
cp "$T/open-in-editor.csv" "$REG"; touch_later "$REG"
check_out
expect_eq "check: a mergeable save-over is no failure" "0" "$RC"
expect_match "check: says it will be merged" "saved over version" "$OUT"
expect_ok "the next change takes the save-over" g client edit 2 --contact 'Мельникова Т. Ю., доб. 2'
expect_match "merged: gefest's change of client 1 kept" "^1;.*;Ковалёв А. А.;" "$(cat "$REG")"
expect_match "merged: the person's change of client 3 kept" "^3;.*;г. Ишим;" "$(cat "$REG")"
expect_match "merged: and this change" "^2;.*;Мельникова Т. Ю., доб. 2;" "$(cat "$REG")"
expect_match "journal: the hand edit with what it changed" \
    $'ivanova\trecord.hand_edit\trecord:Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv\t.*"column":"Город","from":"Ишим","key":"3","to":"г. Ишим".*"merged_over"' \
    "$(journal)"
check_out
expect_eq "check: clean after the merge" "0" "$RC"

# --- the same, but the person changed a row gefest changed too -------------------------------------
cp "$REG" "$T/open-again.csv"
expect_ok "gefest changes client 1 again" g client edit 1 --contact 'Ковалёв Андрей'
sed -i '/^1;/ s/;Тюмень;/;г. Тюмень;/' "$T/open-again.csv"   # the person changes client 1's city
cp "$T/open-again.csv" "$REG"; touch_later "$REG"
check_out
expect_eq "check: exit 1 for a conflicting save-over" "1" "$RC"
expect_match "check: names the versions and the row" "copy of version [0-9]+ was saved over version [0-9]+, and both changed rows 1" "$OUT"
expect_ok "a read shows gefest's version, not the old copy" g client show 1
expect_match "read: gefest's contact" "Ковалёв Андрей" "$OUT"
expect_fail "the next change is refused, naming the copy kept" 6 "both changed rows 1: not taken; the copy is kept as 'База клиентов \(правка ivanova 2026-11-27 10-00-00\).csv'" \
    g client edit 2 --contact 'Мельникова'
expect_eq "both kept: the person's copy beside" "$(cat "$T/open-again.csv")" "$(cat "$ASIDE" 2>&1)"
expect_match "both kept: gefest's version in place" "^1;.*;Тюмень;.*;Ковалёв Андрей;" "$(cat "$REG")"
expect_ok "the command again works on gefest's version" g client edit 2 --contact 'Мельникова'
expect_match "the edit made" "^2;.*;Мельникова;" "$(cat "$REG")"
rm -f "$ASIDE"

# --- a register read while an editor is still writing it ------------------------------------------
sed '/^4;/ s/;Тюмень;/;г. Тюмень;/' "$REG" >"$T/slow.csv"
python3 - "$REG" "$T/slow.csv" <<'PY' &
import sys, time
data = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "r+b") as f:   # in place, as an editor that does not rename
    f.truncate(0)
    for line in data.splitlines(keepends=True):
        f.write(line); f.flush()
        time.sleep(0.05)
PY
writer=$!
bad=0; reads=0
while kill -0 "$writer" 2>/dev/null; do
    n=$(clients 2>&1)
    [ "$n" = "5" ] || { bad=1; echo "read while written: $n"; }
    reads=$((reads + 1))
done
wait "$writer"
expect_eq "read while written: every read saw five clients (after $reads reads)" "0" "$bad"
expect_ok "the finished edit is taken by the next change" g client edit 5 --contact 'Кравченко П. А.'
expect_match "slow edit taken whole" "^4;.*;г. Тюмень;" "$(cat "$REG")"
expect_eq "five clients at the end" "5" "$(clients)"
check_out
expect_eq "check: clean at the end" "0" "$RC"

finish
