#!/bin/bash
# gefest invoice issue|send and order contract: the documents (golden HTML), VAT by date,
# requisites and template errors changing nothing, HTML injection, PDF and mail
# commands, the outbox .eml parsed back, gapless numbers under parallel issues.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
ORDERS="$S/Отдел продаж/Заказы/2026"
TPL="$S/Отдел продаж/Шаблоны"
GOLD="$GEFEST_SRC/tests/golden/invoice"
# ready N [MANAGER]: take non-cash order N through 5.2.3.1–5.2.3.3 as its manager (petrov)
ready() {
    local m=${2:-petrov}
    as "$m" order stock "$1" >/dev/null && as "$m" order lead-time "$1" --ask >/dev/null &&
        as kuznetsov order lead-time "$1" --days 10 >/dev/null && as "$m" order lead-time "$1" --accept >/dev/null &&
        as "$m" order export-1c "$1" -o "$T/o$1.xml" >/dev/null || fail "order $1 not made ready"
}
F1="$ORDERS/1 ООО «СибСтройМонтаж»"

expect_ok "order 1" as petrov order new --client 1 --payment noncash --item ПК-100:3 --item ДЫМ-200:10:3000

# --- refused before the order is in 1C, by the wrong role ------------------------------
before=$(snapshot "$S")
expect_fail "invoice before 5.2.3.3" 6 "order 2026-1 is not entered into 1C yet \(step 5.2.3.3\)" as petrov invoice issue 1
expect_fail "invoice by the wrong role" 5 "step 5.2.3.5 .* 'kuznetsov'" as kuznetsov invoice issue 1
expect_fail "no such order" 4 "no order 9 of 2026" as petrov invoice issue 9
expect_fail "contract before 5.2.3.3" 6 "step 5.2.3.4 «[^»]*» comes after 5.2.3.1" as petrov order contract 1
expect_eq "refusals changed nothing" "$before" "$(snapshot "$S")"
ready 1

# --- wrong requisites and templates stop issue with nothing written ----------------------
before=$(snapshot "$S")
cp "$S/gefest.toml" "$T/gefest.toml"
sed -i 's/bik = "047102651"/bik = "047102652"/' "$S/gefest.toml"
expect_fail "wrong БИК key" 9 "gefest.toml: \[\[bank_account\]\] account '40702810806710000123': wrong control key for BIK '047102652'" as petrov invoice issue 1
cp "$T/gefest.toml" "$S/gefest.toml"
sed -i 's/account = "40702810806710000123"/account = "40702810806710000124"/' "$S/gefest.toml"
expect_fail "wrong р/с key" 9 "gefest.toml: \[\[bank_account\]\] account '40702810806710000124': wrong control key" as petrov invoice issue 1
cp "$T/gefest.toml" "$S/gefest.toml"
sed -i 's/^inn = "7203001235"/inn = "7203001234"/' "$S/gefest.toml"
expect_fail "wrong company ИНН" 9 "gefest.toml: \[company\] inn '7203001234': wrong check digit" as petrov invoice issue 1
cp "$T/gefest.toml" "$S/gefest.toml"
cp "$TPL/Счет.html.mustache" "$T/tpl"
sed -i 's/{{basis}}/{{osnovanie}}/' "$TPL/Счет.html.mustache"
line=$(grep -n osnovanie "$TPL/Счет.html.mustache" | cut -d: -f1)
expect_fail "unknown placeholder" 3 "Шаблоны/Счет.html.mustache:$line: unknown placeholder 'osnovanie'" as petrov invoice issue 1
sed -i 's/{{osnovanie}}/{{{basis}}}/' "$TPL/Счет.html.mustache"
expect_fail "unescaped placeholder" 3 "Счет.html.mustache:$line: unescaped placeholder '\{\{\{basis\}\}\}'" as petrov invoice issue 1
cp "$T/tpl" "$TPL/Счет.html.mustache"
expect_eq "bad requisites and templates changed nothing" "$before" "$(snapshot "$S")"
expect_eq "no invoice number claimed" "" "$(ls "$S/.gefest/numbers/invoice/2026" 2>/dev/null | grep -v next)"

# --- contract (5.2.3.4), then the invoice: golden HTML ------------------------------------
expect_fail "contract by the wrong role" 5 "step 5.2.3.4 .* 'ivanova'" as ivanova order contract 1
expect_ok "contract" as petrov order contract 1
expect_match "contract message" "contract № 2026-1 of 27.11.2026 and its specification made; step 5.2.3.4 done" "$OUT"
expect_ok "contract file" test -f "$F1/Договор № 2026-1 от 27.11.2026.html"
expect_ok "specification file" test -f "$F1/Спецификация № 1 к договору № 2026-1.html"
expect_match "contract sum in words" "885 000,00 руб. \(Восемьсот восемьдесят пять тысяч рублей 00 копеек\). В том числе НДС 22% — 159 590,17 руб.</p>" "$(cat "$F1/Договор № 2026-1 от 27.11.2026.html")"
expect_match "contract: delivery date" "Срок поставки: до 07.12.2026" "$(cat "$F1/Договор № 2026-1 от 27.11.2026.html")"
expect_match "spec: line with rate" "<td>ПК-100</td>.*<td>22%</td><td class=\"num\">855 000,00</td>" "$(cat "$F1/Спецификация № 1 к договору № 2026-1.html")"
expect_fail "contract twice" 6 "step 5.2.3.4 .* already done by petrov" as petrov order contract 1

expect_ok "issue" as petrov invoice issue 1
expect_match "issue message" "invoice 2026-1 for order 2026-1: 885 000,00 \(Восемьсот восемьдесят пять тысяч рублей 00 копеек\), due 02.12.2026" "$OUT"
H1="$F1/Счет № 1 от 27.11.2026.html"
expect_ok "invoice file in the order's folder" test -f "$H1"
expect_eq "golden invoice HTML" "" "$(diff "$GOLD/Счет № 1 от 27.11.2026.html" "$H1")"
expect_eq "golden contract HTML" "" "$(diff "$GOLD/Договор № 2026-1 от 27.11.2026.html" "$F1/Договор № 2026-1 от 27.11.2026.html")"
expect_match "basis is the contract" "Основание:</td><td><b>Договор № 2026-1 от 27.11.2026</b>" "$(cat "$H1")"
expect_match "order knows its invoice" 'invoice = "2026-1"' "$(cat "$F1/заказ.toml")"
REG="$ORDERS/Счета 2026.csv"
expect_match "register row" "^1;27.11.2026;2026-1;ООО «СибСтройМонтаж»;7203145879;885000,00;159590,17;02.12.2026;0,00;выставлен" "$(tail -n1 "$REG" | tr -d '\r')"
expect_match "claim note is the order" "note=2026-1" "$(cat "$S/.gefest/numbers/invoice/2026/1")"
expect_match "journal" "invoice.issue;invoice:2026-1" "$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv)"
before=$(snapshot "$S")
expect_fail "issue twice" 6 "order 2026-1 already has invoice 2026-1" as petrov invoice issue 1
expect_eq "issue twice changed nothing" "$before" "$(snapshot "$S")"

# --- send: dry run, outbox .eml parsed back, step 5.2.3.5 -----------------------------------
expect_ok "dry run" as petrov invoice send 1 --dry-run
expect_match "dry run: to" "To: snab@sibstroymontazh.ru" "$OUT"
expect_match "dry run: subject" "Subject: Счет на оплату № 1 от 27.11.2026 — ООО «Гефест»" "$OUT"
expect_match "dry run: attachments" "Attachment: Спецификация № 1 к договору № 2026-1.html" "$OUT"
expect_eq "dry run changed nothing" "$before" "$(snapshot "$S")"
expect_fail "send by the wrong role" 5 "step 5.2.3.5 .* 'sklad'" as sklad invoice send 1
expect_fail "bad --to" 2 "'no-at-sign' is not an e-mail address" as petrov invoice send 1 --to no-at-sign
expect_fail "no such invoice" 4 "no invoice 2026-7" as petrov invoice send 7
expect_eq "refused sends changed nothing" "$before" "$(snapshot "$S")"
expect_ok "send to the outbox" as ivanova invoice send 1
expect_match "send message" "invoice 2026-1 sent to snab@sibstroymontazh.ru \(outbox" "$OUT"
EML=$(ls "$S/Отдел продаж/Исходящие/"*.eml)
expect_match "subject is RFC 2047 encoded" "^Subject: =\?UTF-8\?B\?" "$(grep '^Subject:' "$EML")"
PARSED=$(python3 - "$EML" <<'EOF'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(m['Subject'])
print(m['To'])
for p in m.iter_attachments():
    print('ATT', p.get_filename(), p.get_content_type(), len(p.get_content()))
EOF
)
expect_match "decoded subject" "^Счет на оплату № 1 от 27.11.2026 — ООО «Гефест»$" "$PARSED"
expect_match "attachment: the invoice" "ATT Счет № 1 от 27.11.2026.html text/html [0-9]+" "$PARSED"
expect_match "attachment: the contract" "ATT Договор № 2026-1 от 27.11.2026.html" "$PARSED"
expect_ok "show" as petrov order show 1
expect_match "5.2.3.5 done by who, to whom" "\[x\] 5.2.3.5 .* ivanova 2026-11-27T10:00:00 \(счет № 1 → snab@sibstroymontazh.ru \(outbox\)\)" "$OUT"
expect_match "register: sent" ";отправлен$" "$(tail -n1 "$REG" | tr -d '\r')"
expect_fail "send twice" 6 "step 5.2.3.5 .* already done" as petrov invoice send 1

# --- VAT by the document date, HTML injection, PDF and sendmail commands -------------------
as petrov client edit 4 --name '<script>alert(1)</script> ООО «Агро»' >/dev/null || fail "client edit"
expect_ok "order 2" as sidorova order new --client 4 --payment noncash --item ГВ-12:2
ready 2 sidorova
expect_fail "dated before its order: needs a reason (issue 14)" 3 "the invoice dated 30.12.2025 is before order 2026-2" as sidorova invoice issue 2 --date 2025-12-30 --due-days 10
expect_ok "issue dated 2025" as sidorova invoice issue 2 --date 2025-12-30 --due-days 10 --reason "счет по старой ставке"
expect_match "numbered in 2025" "invoice 2025-1 for order 2026-2: 97 800,00" "$OUT"
H2="$ORDERS/2 _script_alert(1)__script_ ООО «Агро»/Счет № 1 от 30.12.2025.html"
expect_ok "2025 invoice file" test -f "$H2"
expect_match "2025: 20%" "В том числе НДС 20%:</td><td class=\"num\">16 300,00" "$(cat "$H2")"
expect_match "script escaped" "&lt;script&gt;alert\(1\)&lt;/script&gt; ООО «Агро»" "$(cat "$H2")"
expect_eq "no raw script tag" "0" "$(grep -c '<script>' "$H2")"
expect_match "2025 register" "^1;30.12.2025;2026-2;.*;97800,00;16300,00;09.01.2026;0,00;выставлен" "$(tail -n1 "$S/Отдел продаж/Заказы/2025/Счета 2025.csv" | tr -d '\r')"

cat >"$T/fake-pdf" <<'EOF'
#!/bin/sh
# a stand-in converter: "HTML PDF"
{ echo "%PDF-1.4"; cat "$1"; } >"$2"
EOF
cat >"$T/fake-sendmail" <<EOF
#!/bin/sh
cat >"$T/sent.eml"
EOF
chmod +x "$T/fake-pdf" "$T/fake-sendmail"
printf '\n[documents]\npdf = "%s"\n' "$T/fake-pdf" >>"$S/gefest.toml"
sed -i "s|^sendmail = \"\"|sendmail = \"$T/fake-sendmail -t -oi\"|" "$S/gefest.toml"
sed -i 's/^simplified = false/simplified = true/' "$S/gefest.toml"
expect_ok "order 3" as petrov order new --client 3 --payment noncash --item АВТ-01:1
ready 3
expect_ok "issue with PDF" as petrov invoice issue 3
F3="$ORDERS/3 ИП Захаров Дмитрий Олегович"
expect_ok "PDF made by the configured converter" test -f "$F3/Счет № 2 от 27.11.2026.pdf"
expect_match "simplified: no VAT" "Без налога \(НДС\)</td><td class=\"num\">-" "$(cat "$F3/Счет № 2 от 27.11.2026.html")"
expect_match "ИП without КПП" "ИП Захаров Дмитрий Олегович, ИНН 720501234548, 627750" "$(cat "$F3/Счет № 2 от 27.11.2026.html")"
expect_ok "contract 3" as petrov order contract 3
expect_ok "send through sendmail" as petrov invoice send 2 --to buh@zaharov.example
expect_match "via sendmail" "sent to buh@zaharov.example \(sendmail\)" "$OUT"
expect_match "sendmail got the message" "^To: buh@zaharov.example" "$(tr -d '\r' <"$T/sent.eml")"
expect_match "PDF attached" "application/pdf" "$(cat "$T/sent.eml")"
cp "$T/gefest.toml" "$S/gefest.toml"
sed -i "s|^sendmail = \"\"|sendmail = \"/bin/false\"|" "$S/gefest.toml"
expect_ok "order 4" as petrov order new --client 1 --payment noncash --item ТЕП-Т1:1
ready 4
expect_ok "issue 4" as petrov invoice issue 4
expect_ok "contract 4" as petrov order contract 4
before=$(snapshot "$S")
expect_fail "failing mail command" 8 "the mail command '/bin/false' failed \(exit 1\); nothing was sent" as petrov invoice send 3
expect_eq "failed send changed nothing" "$before" "$(snapshot "$S")"
cp "$T/gefest.toml" "$S/gefest.toml"

# --- gapless numbers under 8 parallel issues -------------------------------------------------
for n in 5 6 7 8 9 10 11 12; do
    as petrov order new --client 2 --manager petrov --payment noncash --item ДЫМ-200:1 >/dev/null || fail "order $n"
    ready $n
done
for n in 5 6 7 8 9 10 11 12; do as petrov invoice issue $n >"$T/issue$n.out" 2>&1 & done
wait
expect_eq "8 parallel issues: numbers 4..11, each once" "$(seq 4 11)" "$(cut -d';' -f1 "$REG" | tail -n +2 | sort -n | tail -n 8)"
expect_eq "register has 11 rows" "11" "$(tail -n +2 "$REG" | wc -l)"
expect_eq "each order one invoice" "8" "$(grep -l '^invoice = "2026-' "$ORDERS"/*/заказ.toml | wc -l | awk '{print $1-3}')"

# --- a client with an advance: the new invoice says so (applying it is the accountant's call) ---
expect_ok "order of client 3" as petrov order new --client 3 --payment noncash --item ГВ-12:1
N3=$(sed -n 's/^order 2026-\([0-9]*\) created.*/\1/p' <<<"$OUT")
ready "$N3"
PAYREG="$S/Бухгалтерия/Платежи.csv"
printf '\xef\xbb\xbfИд;Дата поступления;Номер п/п;Дата п/п;Сумма;Плательщик;ИНН плательщика;Счет плательщика;Назначение платежа;Наш счет;Клиент (ИНН);Разнесено по счетам;Остаток;Статус;Основание;Источник;Внес;Когда\r\n%s\r\n' \
    'Р-1;2026-11-26;15;2026-11-26;5000,00;ИП Захаров Дмитрий Олегович;720501234548;;Предоплата;;720501234548;;5000,00;advance;предоплата без счета;manual;buh;2026-11-26T10:00:00' >"$PAYREG"
expect_ok "invoice for the client with an advance" as petrov invoice issue "$N3"
expect_match "the advance is told" "the client has an advance of 5 000,00: apply it with gefest invoice pay 2026-[0-9]+ --advance" "$OUT"
expect_ok "another client's invoice says nothing of it" as petrov order new --client 2 --manager petrov --payment noncash --item ГВ-12:1
N4=$(sed -n 's/^order 2026-\([0-9]*\) created.*/\1/p' <<<"$OUT")
ready "$N4"
expect_ok "invoice for a client without an advance" as petrov invoice issue "$N4"
expect_eq "no advance told" "" "$(grep advance <<<"$OUT")"

# --- gefest init writes the default templates -------------------------------------------------
new_share "$T/fresh"
expect_ok "init wrote the invoice template" test -f "$T/fresh/Отдел продаж/Шаблоны/Счет.html.mustache"
expect_eq "demo templates are the defaults" "" "$(diff -r "$T/fresh/Отдел продаж/Шаблоны" "$GEFEST_SRC/data/demo/Отдел продаж/Шаблоны")"

finish
