#!/usr/bin/env bash
# gefest client add|show|find|edit|assign|list|merge on a copy of the demo share (five
# clients, ids 1–5): every subcommand, every error, hand edits of the register in the
# way Excel saves them, and eight office PCs adding clients at once.
source "$(dirname "$0")/lib/common.sh"

S=$T/share; demo_share "$S"
REG="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
export GEFEST_LOGIN=ivanova   # the office manager: step 5.2.6 is hers and the sales managers'
g() { gefest --share "$S" "$@"; }
journal() { GEFEST_LOGIN=boss gefest --share "$S" debug journal-dump; }
# expect_usage DESC PATTERN CMD...: a command-line error (CLI11 adds a "Run with --help" line)
expect_usage() {
    local desc=$1 pattern=$2; shift 2
    OUT=$("$@" 2>"$T/.err"); local rc=$?; ERR=$(cat "$T/.err")
    if [ $rc -ne 2 ]; then fail "$desc: expected exit 2, got $rc (stderr: $ERR)"; return; fi
    if ! head -1 <<<"$ERR" | grep -qE -- "$pattern"; then fail "$desc: stderr '$ERR' does not match /$pattern/"; return; fi
    pass
}
# touch_later FILE: a hand edit is newer than gefest's last version of the file
touch_later() { touch -d "@$(( $(date +%s) + 2 ))" "$1"; }

# --- add -------------------------------------------------------------------------------
expect_ok "add" g client add --name 'ООО «Ромашка»' --form ООО --inn 7707083893 --kpp 770701001 \
    --phone '8 (912) 345-67-89' --phone '+7 3452 50-12-34' --email Info@Romashka.RU --city Тюмень \
    --contact 'Иванов Иван' --source выставка --note 'первый звонок'
expect_match "add: id continues after the demo's" "^added client 6: ООО «Ромашка»" "$OUT"
expect_match "add: round robin starts with the first sales manager" "manager: petrov \(Петров Сергей Иванович, ext. 111\) \[round_robin\]" "$OUT"
expect_match "add: row written, phones and e-mail normalised, source spelt as listed" \
    "^6;ООО «Ромашка»;ООО;7707083893;770701001;;'\+79123456789, \+73452501234;info@romashka.ru;Тюмень;;Иванов Иван;petrov;Выставка;2026-11-27;первый звонок" "$(cat "$REG")"
expect_ok "add second" g client add --name 'Сёмин Пётр Ильич' --phone '89220001122' --source 'Другое: радио'
expect_match "round robin: the next manager" "^added client 7: .*manager: sidorova" "$(tr '\n' ' ' <<<"$OUT")"
expect_ok "add with a manager" g client add --name 'ИП Орлов' --form ИП --inn 500100732259 --ogrn 304500116000157 --manager petrov --email orlov@mail.ru
expect_match "add: given manager, no routing" "^manager: petrov \(Петров Сергей Иванович, ext. 111\)$" "$OUT"
expect_eq "register is Excel ru-RU: BOM" "efbbbf" "$(head -c3 "$REG" | od -An -tx1 | tr -d ' \n')"
expect_eq "register is Excel ru-RU: CRLF on every line" "$(wc -l <"$REG")" "$(grep -c $'\r$' "$REG")"
expect_eq "claims follow the ids" "1 2 3 4 5 6 7 8" "$(ls "$S/.gefest/numbers/client/0" | grep -v next | sort -n | tr '\n' ' ' | sed 's/ $//')"
expect_eq "claim hint" "9" "$(cat "$S/.gefest/numbers/client/0/next")"
expect_match "journal: client.add with the fields" $'ivanova\tclient.add\tclient:6\t.*"inn":"7707083893".*"routing":"round_robin"' "$(journal)"

# --- add: bad input, nothing written (but the refusal of a role, journaled) -------------
before=$(snapshot "$S")
expect_fail "bad ИНН" 3 "ИНН '7707083894': wrong check digit" g client add --name X --inn 7707083894
expect_fail "bad КПП" 3 "КПП '77070100': " g client add --name X --kpp 77070100
expect_fail "bad ОГРН" 3 "ОГРН '1027700132194': " g client add --name X --ogrn 1027700132194
expect_fail "bad phone" 3 "phone '12-34': not a Russian phone number \(\+7 and 10 digits\)" g client add --name X --phone 12-34
expect_fail "phone with an extension" 3 "phone '\+7 912 345-67-89 доб. 12': not a Russian phone number" g client add --name X --phone '+7 912 345-67-89 доб. 12'
expect_fail "bad e-mail" 3 "e-mail 'x@': not an e-mail address" g client add --name X --email x@
expect_usage "no name" "--name is required" g client add --phone 89120000000
expect_fail "empty name" 3 "client name is empty" g client add --name ' '
expect_fail "unknown manager" 4 "no active staff member 'nobody'; sales managers: petrov, sidorova" g client add --name X --manager nobody
expect_fail "manager not a sales manager" 2 "'kuznetsov' is not a sales manager" g client add --name X --manager kuznetsov
expect_fail "unknown source" 2 "unknown advertising source 'Пресса'; the sources are: .*Другое: <text>" g client add --name X --source Пресса
expect_fail "role may not" 5 "step 5.2.6 «Обновление клиентской базы» may be done by: sales_manager, office_manager; 'sklad' is warehouse" \
    env GEFEST_LOGIN=sklad "$GEFEST_BIN" --share "$S" client add --name X
expect_fail "duplicate phone refused" 6 "client 'ООО «Ромашка»' \(id 6\) already has phone \+73452501234; use --force to add anyway" \
    g client add --name 'Ромашка, филиал' --phone '(3452) 50-12-34'
expect_fail "duplicate e-mail refused" 6 "client 'ООО «Ромашка»' \(id 6\) already has e-mail info@romashka.ru" g client add --name Y --email INFO@romashka.ru
expect_fail "duplicate ИНН refused" 6 "client 'ООО «Ромашка»' \(id 6\) already has ИНН 7707083893" g client add --name Y --inn 7707083893
expect_fail "duplicate of a demo client" 6 "client 'ООО «СибСтройМонтаж»' \(id 1\) already has phone \+79129214407" g client add --name Y --phone 89129214407
expect_eq "nothing written by refused adds (no claim, no routing turn, no journal row but the refusal's)" "$before" "$(snapshot "$S")"
expect_match "the refusal journaled" $'^sklad\tstep.refused\tstep:5.2.6\t.*"command":"client add"' "$(journal)"
expect_ok "duplicate with --force" g client add --name 'Ромашка, филиал' --phone '(3452) 50-12-34' --force
expect_match "forced add" "^added client 9: Ромашка, филиал" "$OUT"

# --- show / find / list -------------------------------------------------------------------
expect_ok "show" g client show 6
expect_match "show: fields" "^ИНН: +7707083893$" "$OUT"
expect_match "show: phones" "^Телефоны: +\+79123456789, \+73452501234$" "$OUT"
expect_ok "show json" g client show 6 --format json
expect_match "show json" '"phones": "\+79123456789, \+73452501234"' "$OUT"
expect_ok "show json (global option)" g --format json client show 6
expect_match "show json (global option)" '"id": "6"' "$OUT"
expect_fail "show unknown" 4 "no client 99 in .*База клиентов.csv" g client show 99
expect_usage "show: not a number" "Could not convert: ID = abc" g client show abc
expect_ok "find: Cyrillic, any case" g client find РОМАШ
expect_eq "find: both Ромашки" "6 9" "$(awk 'NR>1{print $1}' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
expect_ok "find: ё as е" g client find семин
expect_match "find: ё as е" "^7 +Сёмин Пётр Ильич" "$OUT"
expect_ok "find: phone digits in another spelling" g client find '8 922 000-11'
expect_match "find by phone" "^7 " "$OUT"
expect_ok "find: ИНН" g client find 7206021134
expect_match "find by ИНН" "^2 +АО «Тобольский механический завод»" "$OUT"
expect_ok "find csv" g client find тюмень --format csv
expect_match "find csv: every column" "^Код;Наименование;Форма;ИНН;КПП;ОГРН;Телефоны;E-mail" "$(sed 's/^\xEF\xBB\xBF//' <<<"$OUT")"
expect_fail "find nothing" 4 "no client matches 'Рога и копыта'" g client find 'Рога и копыта'
expect_ok "list" g client list
expect_eq "list: every client" "10" "$(wc -l <<<"$OUT")"
expect_ok "list --manager" g client list --manager sidorova
expect_eq "list --manager" "2 4 7" "$(awk 'NR>1{print $1}' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
expect_ok "list --source Другое includes «Другое: …»" g client list --source другое --format json
expect_eq "list --source json" '5 7' "$(grep -o '"id": "[0-9]*"' <<<"$OUT" | grep -o '[0-9]*' | tr '\n' ' ' | sed 's/ $//')"
expect_ok "list --source" g client list --source 'Выставка'
expect_eq "list --source Выставка" "1 6" "$(awk 'NR>1{print $1}' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"

# --- edit ---------------------------------------------------------------------------------
expect_ok "edit" g client edit 6 --city Омск --add-phone '8 900 111-22-33' --note 'перезвонить в декабре'
expect_match "edit: what changed" "client 6 \(ООО «Ромашка»\): changed phones, city, notes" "$OUT"
expect_ok "edit: shown" g client show 6
expect_match "edit: city" "^Город: +Омск$" "$OUT"
expect_match "edit: phone added" "^Телефоны: +\+79123456789, \+73452501234, \+79001112233$" "$OUT"
expect_match "journal: client.edit with from/to" $'\tclient.edit\tclient:6\t.*"city":\\{"from":"Тюмень","to":"Омск"\\}' "$(journal)"
expect_ok "edit: clear a field" g client edit 6 --kpp ''
expect_ok "edit: same value" g client edit 6 --city Омск
expect_match "edit: nothing changed" "client 6: nothing changed" "$OUT"
before=$(snapshot "$S")
expect_fail "edit: bad ИНН" 3 "ИНН '7707083890': wrong check digit" g client edit 6 --inn 7707083890
expect_fail "edit: bad phone" 3 "phone 'abc': not a Russian phone number" g client edit 6 --phone abc
expect_fail "edit: nothing given" 2 "nothing to change" g client edit 6
expect_fail "edit: unknown client" 4 "no client 99" g client edit 99 --city Омск
expect_fail "edit: phone of another client" 6 "client 'Сёмин Пётр Ильич' \(id 7\) already has phone \+79220001122; use --force" g client edit 6 --add-phone 89220001122
expect_fail "edit: unknown manager" 4 "no active staff member 'nobody'" g client edit 6 --manager nobody
expect_eq "nothing written by refused edits" "$before" "$(snapshot "$S")"

# --- assign -------------------------------------------------------------------------------
expect_ok "assign" g client assign 6 --manager sidorova
expect_match "assign" "client 6 \(ООО «Ромашка»\): manager sidorova \(Сидорова Елена Андреевна, ext. 112\)" "$OUT"
expect_match "journal: client.assign" $'\tclient.assign\tclient:6\t.*"manager":\\{"from":"petrov","to":"sidorova"\\}' "$(journal)"
expect_ok "assign again" g client assign 6 --manager sidorova
expect_match "assign again: no change" "already assigned to sidorova" "$OUT"
expect_fail "assign: unknown manager" 4 "no active staff member 'nobody'" g client assign 6 --manager nobody
expect_fail "assign: not a sales manager" 2 "'ivanova' is not a sales manager" g client assign 6 --manager ivanova
expect_usage "assign: no --manager" "--manager is required" g client assign 6
expect_fail "assign: unknown client" 4 "no client 99" g client assign 99 --manager petrov
expect_fail "assign: role" 5 "step 5.2.6" env GEFEST_LOGIN=buh "$GEFEST_BIN" --share "$S" client assign 6 --manager petrov
expect_ok "assign by boss for the office manager" env GEFEST_LOGIN=boss "$GEFEST_BIN" --share "$S" --user ivanova client assign 6 --manager petrov
expect_match "journal: acting for someone" $'^boss\tclient.assign\tclient:6\t.*"to":"petrov"' "$(journal)"

# --- merge --------------------------------------------------------------------------------
expect_ok "merge (arguments in either order: the older id is kept)" g client merge 9 6
expect_match "merge" "merged client 9 \(Ромашка, филиал\) into client 6 \(ООО «Ромашка»\)" "$OUT"
expect_ok "merged id shows the kept client" g client show 9
expect_match "merged id resolves" "^client 9 was merged into client 6" "$OUT"
expect_match "merge note" "Объединен с №9 \(Ромашка, филиал\), 2026-11-27" "$OUT"
expect_eq "merged row gone" "" "$(grep '^9;' "$REG")"
expect_match "journal: client.merge" $'\tclient.merge\tclient:6\t.*"gone":9' "$(journal)"
expect_ok "edit through a merged id edits the kept client" g client edit 9 --contact 'Иванов Иван Петрович'
expect_match "edit via merged id" "^client 6 " "$OUT"
expect_fail "merge again" 6 "clients 6 and 9 are already one client \(6\)" g client merge 6 9
expect_fail "merge with itself" 2 "cannot merge client 6 with itself" g client merge 6 6
expect_fail "merge different ИНН" 6 "clients 3 and 6 have different ИНН \(720501234548 and 7707083893\)" g client merge 3 6
expect_fail "merge unknown" 4 "no client 99" g client merge 6 99
expect_ok "merge joins phones and fills empty fields" g client merge 7 8
expect_ok "merged: shown" g client show 7 --format json
expect_match "merged: e-mail taken from the other" '"email": "orlov@mail.ru"' "$OUT"
expect_match "merged: ИНН taken from the other" '"inn": "500100732259"' "$OUT"

# --- hand edits of the register -----------------------------------------------------------
cp "$REG" "$T/good.csv"
sed -i 's/;7206021134;/;7206021135;/' "$REG"; touch_later "$REG"
line=$(grep -n ';7206021135;' "$REG" | cut -d: -f1)
before=$(snapshot "$S")
expect_fail "hand edit with a typo: list" 3 "База клиентов.csv:$line: ИНН '7206021135': wrong check digit" g client list
expect_fail "hand edit with a typo: add" 3 "База клиентов.csv:$line: ИНН '7206021135': wrong check digit" g client add --name 'Новый' --phone 89000000001
expect_fail "hand edit with a typo: edit" 3 "База клиентов.csv:$line: ИНН" g client edit 1 --city Тюмень
expect_eq "nothing changed after a broken hand edit" "$before" "$(snapshot "$S")"
sed -i 's/;7206021135;/;7206021134;/; s/;Тобольск;/;г. Тобольск;/' "$REG"; touch_later "$REG"
expect_ok "valid hand edit: read" g client show 2
expect_match "valid hand edit picked up" "^Город: +г. Тобольск$" "$OUT"
expect_ok "valid hand edit kept by the next change" g client edit 2 --contact 'Мельникова Т. Ю.'
expect_match "hand edit survives a write" "^2;АО «Тобольский механический завод»;.*;г. Тобольск;.*;Мельникова Т. Ю.;" "$(cat "$REG")"
# Excel ru-RU «CSV (разделители - точки с запятой)»: windows-1251, no BOM, columns moved by hand.
command -v python3 >/dev/null || { echo "python3 is needed to rewrite the register as Excel does"; exit 77; }
python3 - "$REG" "$T/excel.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\r\n")
for r in rows:
    r[0], r[1] = r[1], r[0]
    w.writerow(["г. Ишим" if c == "Ишим" else c for c in r])
open(sys.argv[2], "wb").write(out.getvalue().encode("cp1251"))
PY
cp "$T/excel.csv" "$REG"; touch_later "$REG"
expect_ok "cp1251, reordered columns: read" g client find ишим
expect_match "cp1251 read" "^3 +ИП Захаров Дмитрий Олегович" "$OUT"
expect_ok "cp1251: add writes back" g client add --name 'ООО «Вектор»' --phone 83452111111 --manager sidorova
expect_match "written back in UTF-8 with the person's column order" "^.?.?.?Наименование;Код;Форма" "$(head -1 "$REG")"
expect_eq "written back with BOM" "efbbbf" "$(head -c3 "$REG" | od -An -tx1 | tr -d ' \n')"
expect_match "hand change kept" "^ИП Захаров Дмитрий Олегович;3;.*;г. Ишим;" "$(cat "$REG")"
expect_match "new row in the person's order" "^ООО «Вектор»;10;" "$(cat "$REG")"

expect_ok "check is clean" env GEFEST_LOGIN=boss "$GEFEST_BIN" --share "$S" check

# --- eight office PCs add clients at once ---------------------------------------------------
unset GEFEST_NOW
n0=$(grep -c '^' "$REG")
for p in 1 2 3 4 5 6 7 8; do
    GEFEST_HOST=pc-$p g client add --name "Параллельный клиент $p" --phone "8 912 000-00-0$p" >"$T/p$p.out" 2>"$T/p$p.err" &
done
wait
for p in 1 2 3 4 5 6 7 8; do [ -s "$T/p$p.err" ] && fail "parallel add $p said: $(cat "$T/p$p.err")"; done
expect_eq "all eight rows present" "$((n0 + 8))" "$(grep -c '^' "$REG")"
for p in 1 2 3 4 5 6 7 8; do
    expect_eq "client $p present exactly once" "1" "$(grep -c "^Параллельный клиент $p;" "$REG")"
done
ids=$(cat "$T"/p*.out | sed -n 's/^added client \([0-9]*\):.*/\1/p' | sort -n | tr '\n' ' ' | sed 's/ $//')
expect_eq "distinct ids 11..18" "11 12 13 14 15 16 17 18" "$ids"
expect_eq "ids in the register" "$ids" "$(grep '^Параллельный' "$REG" | cut -d';' -f2 | sort -n | tr '\n' ' ' | sed 's/ $//')"
managers=$(cat "$T"/p*.out | sed -n 's/^manager: \([a-z]*\).*/\1/p' | sort | uniq -c | awk '{print $1}' | tr '\n' ' ')
expect_eq "round robin turns shared out evenly" "4 4 " "$managers"
expect_ok "check is clean after the parallel adds" env GEFEST_LOGIN=boss "$GEFEST_BIN" --share "$S" check

# A row added by hand with the next number (the columns are still in the person's order): gefest skips that number instead of giving it twice.
printf 'Добавлен вручную;19;;;;;89120009999;;;;;petrov;;27.11.2026;;;;\r\n' >>"$REG"; touch_later "$REG"
expect_ok "hand-added row read" g client show 19
expect_match "hand-added row: phone normalised on reading" "^Телефоны: +\+79120009999$" "$OUT"
expect_ok "add after a hand-added row" g client add --name 'После ручной строки' --manager petrov
expect_match "the hand-added row's number is skipped" "^added client 20:" "$OUT"
expect_eq "both rows there" "2" "$(grep -c -e '^Добавлен вручную;19;' -e '^После ручной строки;20;' "$REG")"
expect_ok "check is clean after a hand-added row" env GEFEST_LOGIN=boss "$GEFEST_BIN" --share "$S" check

finish
