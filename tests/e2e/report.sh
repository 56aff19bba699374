#!/bin/bash
# gefest report: form 02-006-01 in every format against golden files (checked by eye),
# CSV read back by python3's csv with the totals recomputed, XLSX unzipped and its
# cells checked, HTML charts counted, -o into the reports folder atomically, the other
# reports, process control with --as-of, and every error changing nothing.
# GOLDEN_UPDATE=1 rewrites the golden files (then read them before committing).
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
GOLD="$GEFEST_SRC/tests/golden/report"
REPORTS="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Отчет о заявках и заказах"
at() { local when=$1 who=$2; shift 2; GEFEST_NOW=$when GEFEST_LOGIN=$who "$GEFEST_BIN" "$@" >/dev/null || fail "setup: $*"; }

# --- a month of work, at fixed times ---------------------------------------------------------
at 2026-10-30T09:00:00 ivanova call new --phone 9120000009 --name "ООО «Октябрь»" --source Справочник
at 2026-11-02T09:00:00 ivanova call new --phone 9120000001 --name "ООО «Альфа»" --source Выставка --product ПК-100:2
at 2026-11-03T10:00:00 petrov call existing --client 1 --note "=HYPERLINK(\"http://x\")"
at 2026-11-05T11:00:00 ivanova call new --phone 9120000002 --name "Иванов Иван" --source "Сайт компании"
# The inquiries that led to no order end with an outcome (issue 14: an inquiry without
# one stays an open step of process control; tests/e2e/inquiry_control.sh)
at 2026-11-03T12:00:00 ivanova call close 2026-1 --outcome no_answer
at 2026-11-05T12:00:00 petrov call close 2026-3 --outcome consulted
at 2026-11-05T13:00:00 ivanova call close 2026-4 --outcome refused --note "купил у конкурентов"
at 2026-11-06T10:00:00 petrov order new --call 2026-2 --payment noncash
at 2026-11-06T12:00:00 sidorova order stock 1
at 2026-11-10T09:30:00 sidorova order new --client 2 --payment cash --item ГВ-12:1
at 2026-11-10T09:40:00 sidorova order stock 2
at 2026-11-10T10:00:00 sidorova order cash 2
at 2026-11-12T15:00:00 sidorova order new --client 4 --payment noncash --item АВТ-01:2
at 2026-11-13T09:00:00 sidorova order cancel 3 --reason "клиент передумал"
at 2026-11-13T12:00:00 sidorova survey 2 --score 3
at 2026-11-14T12:00:00 sidorova survey 2 --score 4 --comment "быстро" --replace
at 2026-12-01T09:00:00 ivanova call new --phone 9120000003 --name "ООО «Декабрь»" --source Выставка

export GEFEST_NOW=2026-12-01T12:00:00 GEFEST_LOGIN=boss

# golden FORMAT NAME CMD...: stdout of CMD equals tests/golden/report/NAME
golden() {
    local name=$1; shift
    expect_ok "$name" "$@"
    if [ "${GOLDEN_UPDATE:-}" = 1 ]; then "$@" >"$GOLD/$name"; fi
    "$@" 2>/dev/null | cmp -s - "$GOLD/$name" || fail "$name differs from $GOLD/$name: $(diff <("$@" 2>/dev/null) "$GOLD/$name" | head -5)"
    pass
}

golden requests.txt gefest report requests --month 2026-11
golden requests.csv gefest report requests --month 2026-11 --format csv
golden requests.json gefest report requests --month 2026-11 --format json
golden requests.html gefest report requests --month 2026-11 --format html
golden sources.txt gefest report sources --from 2026-11-01 --to 2026-11-30
golden managers.txt gefest report managers --from 2026-11-01 --to 2026-11-30
golden funnel.txt gefest report funnel --month 2026-11
golden control.txt gefest report control --as-of 2026-11-30
golden todo-sidorova.txt gefest report todo --user sidorova --as-of 2026-11-30
expect_ok "sources csv" gefest report sources --month 2026-11 --format csv
# Order 2026-1 (570 000,00) is never confirmed: no revenue (issue 14), though it is an order.
expect_match "sources: conversion as a number; an unconfirmed order is no revenue" '^Выставка;2;1;1;50,00;0,00' "$OUT"
expect_ok "managers json" gefest report managers --month 2026-11 --format json
expect_eq "managers: sidorova's revenue and days to order" "48900.00 4.04" "$(jq -r '.by_manager[] | select(.manager=="sidorova") | "\(.revenue) \(.avg_days)"' <<<"$OUT")"
expect_eq "managers: the replaced survey counts once; cash paid 30 min after the order" "1 4.00 0.02" \
    "$(jq -r '.by_manager[] | select(.manager=="sidorova") | "\(.surveys) \(.avg_score) \(.days_to_payment)"' <<<"$OUT")"
expect_eq "managers: nobody without a survey gets a score" "null" "$(jq -r '.by_manager[] | select(.manager=="petrov") | .avg_score' <<<"$OUT")"
expect_ok "funnel json" gefest --format json report funnel --month 2026-11
expect_eq "funnel counts" "3 3 1 1 0" "$(jq -r '[.funnel[].count] | join(" ")' <<<"$OUT")"

# --- the text report: the facts, not only the bytes -------------------------------------------
expect_ok "requests text" gefest report requests --month 2026-11
expect_match "inquiry with its order" '2026-2 .*ООО «Альфа» +да +Выставка +sidorova +ПК-100 × 2 .*2026-1 +570 000,00 +новый' "$OUT"
expect_match "cash order paid" '2026-2 +48 900,00 +оплачен' "$OUT"
expect_match "cancelled order" '2026-3 +55 600,00 +отменен' "$OUT"
expect_match "totals: 3 inquiries, 3 orders, revenue without the cancelled and the unconfirmed" '^Итого +3 +2 +3 +48 900,00$' "$OUT"
if grep -q 'Октябрь\|Декабрь' <<<"$OUT"; then fail "inquiries outside the month are listed"; else pass; fi

# --- CSV: Excel ru-RU, read back by python3's csv, totals recomputed -------------------------
expect_ok "csv" gefest report requests --month 2026-11 --format csv
gefest report requests --month 2026-11 --format csv >"$T/r.csv"
expect_eq "csv: BOM" "efbbbf" "$(head -c3 "$T/r.csv" | od -An -tx1 | tr -d ' \n')"
expect_eq "csv: every line ends in CRLF" "0" "$(grep -vc $'\r$' "$T/r.csv")"
expect_match "csv: formula neutralised" "'=HYPERLINK" "$OUT"
expect_match "csv: money with a decimal comma, no grouping" ';570000,00;' "$OUT"
expect_ok "csv: python reads it and the totals add up" python3 - "$T/r.csv" <<'EOF'
import csv, sys
from collections import defaultdict
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
blank = rows.index([])
head, data = rows[0], rows[1:blank]
thead, totals = rows[blank + 1], rows[blank + 2:]
col = {n: i for i, n in enumerate(head)}
money = lambda s: round(float(s.replace(",", ".")) * 100) if s else 0
inq, new, orders, rev = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
for r in data:
    src = r[col["Реклама"]] or "(не указан)"
    if r[col["Вид"]] == "обращение":
        inq[src] += 1
        new[src] += r[col["Новый"]] == "да"
    if r[col["Заказ"]]:
        orders[src] += 1
        if r[col["Статус"]] not in ("отменен", "новый"):  # cancelled, never confirmed: no revenue
            rev[src] += money(r[col["Сумма"]])
got = {r[0]: (int(r[1]), int(r[2]), int(r[3]), money(r[4])) for r in totals}
for src in set(inq) | set(orders):
    want = (inq[src], new[src], orders[src], rev[src])
    assert got[src] == want, (src, got[src], want)
assert got["Итого"] == (sum(inq.values()), sum(new.values()), sum(orders.values()), sum(rev.values())), got["Итого"]
assert thead == ["Реклама", "Обращений", "Новых клиентов", "Заказов", "Выручка"], thead
assert all(len(r) == len(head) for r in data)
EOF

# --- XLSX: a real workbook into the reports folder ----------------------------------------------
before=$(snapshot "$S")
expect_fail "xlsx to the terminal is refused" 2 "XLSX workbook is not written to the terminal: give -o FILE" gefest report requests --month 2026-11 --format xlsx
expect_fail "xlsx to - is refused" 2 "give -o FILE" gefest report requests --month 2026-11 --format xlsx -o -
expect_eq "refused xlsx wrote nothing" "$before" "$(snapshot "$S")"
expect_ok "xlsx -o bare name" gefest report requests --month 2026-11 --format xlsx -o 2026-11.xlsx
expect_match "xlsx: written into the reports folder" "report written to .*Отчет о заявках и заказах/2026-11.xlsx" "$OUT"
X="$REPORTS/2026-11.xlsx"
expect_ok "xlsx: a zip" unzip -tq "$X"
SHEET=$(unzip -p "$X" xl/worksheets/sheet1.xml)
STR=$(unzip -p "$X" xl/sharedStrings.xml)
expect_match "xlsx: amount as a number" '<v>570000</v>' "$SHEET"
expect_match "xlsx: revenue total as a number" '<v>48900</v>' "$SHEET"
expect_match "xlsx: column widths" '<col ' "$SHEET"
# ready to print (issue 15): A4 landscape, one page wide, header rows repeated, panes frozen,
# a print area, widths by content (the client column wider than its declared 12)
expect_match "xlsx: A4" '<pageSetup [^>]*paperSize="9"' "$SHEET"
expect_match "xlsx: landscape" '<pageSetup [^>]*orientation="landscape"' "$SHEET"
expect_match "xlsx: fit to one page wide" '<pageSetUpPr fitToPage="1"/>' "$SHEET"
expect_match "xlsx: as many pages tall as it takes" '<pageSetup [^>]*fitToHeight="0"' "$SHEET"
expect_match "xlsx: frozen under the header" '<pane ySplit="[0-9]+" topLeftCell="A[0-9]+" activePane="bottomLeft" state="frozen"/>' "$SHEET"
WB=$(unzip -p "$X" xl/workbook.xml)
expect_match "xlsx: header rows repeated" '_xlnm.Print_Titles[^>]*>[^<]*\$[0-9]+:\$[0-9]+<' "$WB"
expect_match "xlsx: print area" '_xlnm.Print_Area[^>]*>[^<]*\$A\$1:\$[A-Z]+\$[0-9]+<' "$WB"
expect_match "xlsx: Cyrillic title" 'Отчет о заявках и заказах \(форма 02-006-01\)' "$STR"
expect_match "xlsx: client names" 'ООО «СибСтройМонтаж»' "$STR"
expect_match "xlsx: money format" 'formatCode="#,##0.00"' "$(unzip -p "$X" xl/styles.xml)"
expect_ok "xlsx: format from the extension" gefest report requests --month 2026-11 -o "$T/by-ext.xlsx"
expect_match "xlsx by extension is a zip" "Excel|Zip" "$(file "$T/by-ext.xlsx")"
expect_eq "no temporary files left in the reports folder" "2026-11.xlsx" "$(ls -A "$REPORTS")"

# --- -o: bare name, path, stdout, deterministic ------------------------------------------------
expect_ok "csv -o bare name" gefest report requests --month 2026-11 --format csv -o 2026-11.csv
expect_ok "csv file equals stdout" cmp "$REPORTS/2026-11.csv" "$T/r.csv"
expect_ok "csv -o again replaces it" gefest report requests --month 2026-11 --format csv -o 2026-11.csv
expect_ok "-o -: stdout" gefest report requests --month 2026-11 --format csv -o -
expect_eq "-o - is the same bytes" "$(cat "$T/r.csv")" "$OUT"
expect_ok "-o with a folder is taken as given" gefest report requests --month 2026-11 --format html -o "$T/./r.html"
expect_ok "deterministic: twice the same" cmp "$T/r.html" <(gefest report requests --month 2026-11 --format html)

# --- HTML: self-contained, three charts with the right bars -------------------------------------
H=$(cat "$T/r.html")
expect_eq "html: three svg charts" "3" "$(grep -c '<svg ' <<<"$H")"
expect_eq "html: no external resources" "0" "$(grep -cE '(src|href)=' <<<"$H")"
bars() { sed -n "/id=\"$1\"/,/<\/svg>/p" <<<"$H" | grep -o 'class="bar"' | wc -l; }
expect_eq "html: bars = sources with inquiries" "2" "$(bars inquiries_by_source)"
expect_eq "html: funnel has five stages" "5" "$(bars funnel)"
expect_eq "html: bars = managers" "2" "$(bars revenue_by_manager)"

# --- control and todo ----------------------------------------------------------------------------
expect_ok "control as of 06.11 evening" gefest report control --as-of 2026-11-06
expect_match "06.11: order 1 waits for the lead time" '2026-1 .*5\.2\.3\.2 .*sidorova' "$OUT"
if grep -q '2026-2' <<<"$OUT"; then fail "order 2 did not exist on 06.11"; else pass; fi
expect_ok "control as of 30.11 json" gefest report control --as-of 2026-11-30 --format json
expect_eq "30.11: open orders, overdue first" "2026-1 5.2.3.2 true|2026-2 5.2.4.1 true" \
    "$(jq -r '[.open_steps[] | "\(.order) \(.step) \(.overdue)"] | join("|")' <<<"$OUT")"
expect_eq "30.11: waiting hours of order 1" "587" "$(jq -r '.open_steps[0].waiting_hours' <<<"$OUT")"
expect_ok "todo of sidorova" gefest report todo --user sidorova --as-of 2026-11-30 --format json
expect_eq "sidorova owes both orders (order 1: client 7 is hers)" "2026-1 2026-2" "$(jq -r '[.open_steps[].order] | join(" ")' <<<"$OUT")"
expect_ok "todo of the caller" env GEFEST_LOGIN=kuznetsov "$GEFEST_BIN" report todo --as-of 2026-11-30 --format json
expect_eq "kuznetsov owes nothing" "0" "$(jq '.open_steps | length' <<<"$OUT")"

# --- errors change nothing ----------------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "bad month" 2 "--month must be YYYY-MM, not '2026-13'" gefest report requests --month 2026-13
expect_fail "month and from" 2 "either --month or --from/--to" gefest report requests --month 2026-11 --from 2026-11-01
expect_fail "period backwards" 2 "the period ends \(2026-11-01\) before it starts \(2026-11-30\)" gefest report sources --from 2026-11-30 --to 2026-11-01
expect_fail "bad date" 2 "--from must be a date" gefest report funnel --from 31.31.2026
expect_fail "bad format" 2 "pdf" gefest report requests --format pdf
expect_fail "bad as-of" 2 "--as-of must be a date" gefest report control --as-of yesterday
expect_fail "unknown todo user" 4 "no active staff member 'nobody'" gefest report todo --user nobody
expect_fail "-o into a missing folder" 4 "r.csv" gefest report requests --format csv -o "$T/no/such/dir/r.csv"
expect_eq "errors changed nothing" "$before" "$(snapshot "$S")"

# a journal row changed by hand is named with FILE:LINE, and nothing is written
SEG=$(ls "$S/Отдел продаж/Журнал/2026-11/"ivanova@*.csv | head -1)
sed -i '2s/Альфа/Омега/' "$SEG"
before=$(snapshot "$S")
expect_fail "damaged journal row" 3 "ivanova@.*\.csv:2: journal row is damaged" gefest report requests --month 2026-11 --format csv -o 2026-11.csv
expect_eq "damaged journal: report file untouched" "$before" "$(snapshot "$S")"

finish
