#!/bin/bash
# gefest claim (new, list, resolve; 5.2.8) and gefest survey: the register, the journal,
# roles, and bad input changing nothing.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
REG="$S/Отдел продаж/Претензии/Претензии 2026.csv"
journal() { cat "$S/Отдел продаж/Журнал"/*/* 2>/dev/null; }

expect_ok "an order to claim about" as petrov order new --client 1 --payment noncash --item ПК-100:3
expect_match "order 2026-1" "order 2026-1 created" "$OUT"

# --- bad input to claim new changes nothing ------------------------------------------
before=$(snapshot "$S")
expect_fail "unknown order" 4 "no order 9 of 2026" as ivanova claim new --order 9 --text "брак"
expect_fail "unknown order of another year" 4 "no order 1 of 2025" as ivanova claim new --order 1 --year 2025 --text "брак"
expect_fail "empty text" 2 "the claim text is empty" as ivanova claim new --order 1 --text "   "
expect_fail "no text" 2 "--text is required" as ivanova claim new --order 1
expect_fail "unknown login" 5 "" as nobody claim new --order 1 --text "брак"
expect_eq "bad claims changed nothing" "$before" "$(snapshot "$S")"
expect_ok "list with no register" as boss claim list
expect_eq "no register yet" "0" "$(test -f "$REG" && echo 1 || echo 0)"

# --- new ---------------------------------------------------------------------------------
expect_ok "claim new" as ivanova claim new --order 1 --text "Пришло 2 шт. вместо 3"
expect_eq "new message" "claim 2026-1 registered on order 2026-1 (ООО «СибСтройМонтаж»); next: 5.2.8" "$OUT"
expect_ok "second claim" as petrov claim new --order 1 --text "=Задержка; поставки"
expect_match "second number" "claim 2026-2 registered" "$OUT"
expect_eq "register header (BOM, ';')" $'\xef\xbb\xbf№;Дата;Заказ;Клиент;Текст;Статус;Решение;Дата решения;Кто решил\r' "$(head -1 "$REG")"
expect_eq "register row 1" $'1;2026-11-27;2026-1;ООО «СибСтройМонтаж»;Пришло 2 шт. вместо 3;открыта;;;\r' "$(sed -n 2p "$REG")"
expect_eq "register row 2: quoted, formula neutralised" $'2;2026-11-27;2026-1;ООО «СибСтройМонтаж»;"\'=Задержка; поставки";открыта;;;\r' "$(sed -n 3p "$REG")"
expect_match "claim note" "Претензии 2026.csv" "$(cat "$S/.gefest/numbers/claim/2026/1")"
expect_match "journal claim.new" "claim\.new;claim:2026-1;.*\"\"order\"\":\"\"2026-1\"\"" "$(journal)"
expect_match "journal claim.new text" "claim\.new.*claim:2026-1.*Пришло 2 шт" "$(journal)"

# --- list ----------------------------------------------------------------------------------
expect_ok "list csv" as boss --format csv claim list
expect_eq "list csv rows" "3" "$(printf '%s\n' "$OUT" | grep -c .)"
expect_ok "list json" as boss --format json claim list --open
expect_eq "json: two open" "2026-1 2026-2" "$(python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))' <<<"$OUT")"

# --- resolve -------------------------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "wrong role resolves" 5 "step 5.2.8 .* may be done by: head_of_sales; 'petrov'" as petrov claim resolve 2026-1 --decision "Допоставка"
expect_fail "empty decision" 2 "the decision is empty" as boss claim resolve 2026-1 --decision ""
expect_fail "bad id" 2 "claim id '7' is not YEAR-NUMBER" as boss claim resolve 7 --decision "x"
expect_fail "no such claim" 4 "no claim 2026-9" as boss claim resolve 2026-9 --decision "x"
expect_fail "no register of that year" 4 "no claim 2025-1" as boss claim resolve 2025-1 --decision "x"
expect_eq "bad resolves changed nothing" "$before" "$(snapshot "$S")"
expect_ok "resolve" as boss claim resolve 2026-1 --decision "Допоставка 1 шт. за наш счёт"
expect_eq "resolve message" "claim 2026-1 resolved" "$OUT"
expect_eq "resolved row" $'1;2026-11-27;2026-1;ООО «СибСтройМонтаж»;Пришло 2 шт. вместо 3;решена;Допоставка 1 шт. за наш счёт;2026-11-27T10:00:00;boss\r' "$(sed -n 2p "$REG")"
expect_match "journal claim.resolve" "claim\.resolve.*claim:2026-1.*Допоставка" "$(journal)"
before=$(snapshot "$S")
expect_fail "resolve twice" 6 "claim 2026-1 is already resolved by 'boss' on 2026-11-27T10:00:00" as boss claim resolve 2026-1 --decision "ещё раз"
expect_eq "resolve twice changed nothing" "$before" "$(snapshot "$S")"
expect_ok "list --open" as boss --format csv claim list --open
expect_eq "only 2026-2 open" "2026-2" "$(printf '%s\n' "$OUT" | sed -n 2p | cut -d';' -f1)"
expect_ok "list text" as boss claim list
expect_match "text list shows the decision" "Допоставка 1 шт" "$OUT"

# a hand-broken register is reported at FILE:LINE and nothing is claimed
cp "$REG" "$T/reg.bak"
printf '3;2026-11-27;2026-1;X;Y;потеряна;;;\r\n' >>"$REG"
before=$(snapshot "$S")
expect_fail "bad status in the register" 3 "Претензии 2026.csv:4: claim status 'потеряна'" as ivanova claim new --order 1 --text "ещё"
expect_eq "broken register: nothing claimed" "$before" "$(snapshot "$S")"
cp "$T/reg.bak" "$REG"

# --- survey ----------------------------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "score 0" 2 "score must be 1 to 5, not 0" as petrov survey 1 --score 0
expect_fail "score 6" 2 "score must be 1 to 5, not 6" as petrov survey 1 --score 6
expect_fail "survey unknown order" 4 "no order 5 of 2026" as petrov survey 5 --score 4
expect_fail "survey by another manager" 5 "only the order's manager 'petrov' or a performer of step 5.2.8 .*'sidorova' is neither" as sidorova survey 1 --score 4
expect_fail "survey by the office manager" 5 "'ivanova' is neither" as ivanova survey 1 --score 4
expect_eq "bad surveys changed nothing" "$before" "$(snapshot "$S")"
expect_ok "survey by the manager" as petrov survey 1 --score 4 --comment "всё хорошо"
expect_eq "survey message" "survey of order 2026-1 (ООО «СибСтройМонтаж», manager petrov): 4" "$OUT"
expect_match "journal survey.score" "survey\.score;order:2026-1;.*\"\"manager\"\":\"\"petrov\"\".*\"\"score\"\":4" "$(journal)"
expect_match "journal survey comment" "survey\.score.*всё хорошо" "$(journal)"
before=$(snapshot "$S")
expect_fail "second survey refused" 6 "order 2026-1 already has a survey: use --replace" as boss survey 1 --score 5
expect_eq "second survey changed nothing" "$before" "$(snapshot "$S")"
expect_ok "replace by the head of sales" as boss survey 1 --score 5 --replace
expect_eq "two survey events" "2" "$(journal | grep -c 'survey\.score')"
expect_match "replaced score in the journal" "survey\.score;order:2026-1;.*\"\"score\"\":5" "$(journal)"

# --- open claims in report control (5.2.8, owed by the head of sales) --------------------
expect_ok "report control" as boss --format csv report control
expect_match "open claim 2026-2 in control" "2026-1;ООО «СибСтройМонтаж»;.*5\.2\.8;Работа с претензиями клиентов: претензия 2026-2;boss" "$OUT"
expect_eq "resolved claim 2026-1 not in control" "0" "$(grep -c 'претензия 2026-1' <<<"$OUT")"
expect_ok "report todo of boss" as boss report todo
expect_match "claim on boss's todo" "претензия 2026-2" "$OUT"

finish
