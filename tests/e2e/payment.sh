#!/bin/bash
# gefest invoice import-bank | pay | payments | list | remind (5.2.4.3): statements in
# three encodings, matching by each rule, an ambiguous payer, partial then final
# payment, repeated and overlapping imports, dry run, malformed statements, reminders
# over several days. The invoice register is written here as a person would (a hand
# edit the register accepts), so this test does not depend on `invoice issue`.
. "$(dirname "$0")/lib/common.sh"

if ! "$GEFEST_BIN" invoice import-bank --help >/dev/null 2>&1; then
    echo "gefest has no 'invoice import-bank' yet (cli/invoice.cpp must call setup_payment_commands): skipped"
    exit 77
fi

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
FIX="$GEFEST_SRC/tests/fixtures/bank"
REG="$S/Бухгалтерия/Платежи.csv"
INV="$S/Отдел продаж/Заказы/2026/Счета 2026.csv"
OUTBOX="$S/Отдел продаж/Исходящие"
# statement FILE ENCODING: stdin (UTF-8, LF) as a 1CClientBankExchange file in ENCODING, CRLF
statement() { sed 's/$/\r/' | iconv -f UTF-8 -t "$2" >"$1"; }
# doc NUMBER DATE AMOUNT PAYER_INN PAYER PURPOSE: an incoming payment order to our account
doc() {
    printf 'СекцияДокумент=Платежное поручение\nНомер=%s\nДата=%s\nСумма=%s\nПлательщикСчет=40702810400000000%s\n' "$1" "$2" "$3" "${4:0:3}"
    printf 'ПлательщикИНН=%s\nПлательщик1=%s\nПолучательСчет=40702810806710000123\nПолучательИНН=7203001235\n' "$4" "$5"
    printf 'ДатаПоступило=%s\nНазначениеПлатежа=%s\nКонецДокумента\n' "$2" "$6"
}
head1c() { printf '1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810806710000123\n'; }
tsv_field() { awk -F';' -v id="$1" -v col="$2" 'index($0, id) == 1 || index($0, "\xef\xbb\xbf" id) == 1 { print $col }' "$REG"; }

# Orders the invoices belong to (their manager is who is told and reminded).
expect_ok "order 1" as petrov order new --client 1 --payment noncash --item ПК-100:1
expect_ok "order 2" as petrov order new --client 2 --payment noncash --item ПК-100:1 --manager sidorova
expect_ok "order 3" as petrov order new --client 4 --payment noncash --item ПК-100:1 --manager sidorova
expect_ok "order 4" as petrov order new --client 2 --payment noncash --item ПК-100:1 --manager sidorova
expect_ok "order 5" as petrov order new --client 2 --payment noncash --item ПК-100:1 --manager sidorova
printf '\xef\xbb\xbf№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r
1;20.11.2026;2026-1;ООО «СибСтройМонтаж»;7203145879;11800,00;2127,87;25.11.2026;0,00;sent\r
2;21.11.2026;2026-2;АО «Тобольский механический завод»;7206021134;5000,00;901,64;26.11.2026;0,00;sent\r
3;21.11.2026;2026-3;ООО «ТюменьАгроСнаб»;7204129051;10000,00;1803,28;24.11.2026;0,00;sent\r
4;22.11.2026;2026-4;АО «Тобольский механический завод»;7206021134;7000,00;1262,30;26.11.2026;0,00;sent\r
5;23.11.2026;2026-5;АО «Тобольский механический завод»;7206021134;2000,00;360,66;30.11.2026;0,00;sent\r
' >"$INV"
printf '# Правила сопоставления платежей\r\npattern инв\\.?\\s*(\\d+)\r\ninn 7702070139 = 7204129051\r\n' >"$S/Бухгалтерия/Правила сопоставления.txt"
cat >>"$S/gefest.toml" <<'EOF'

[payments]
remind_after_days = 1
escalate_after_days = 3
client_template = "Отдел продаж/Шаблоны/Напоминание клиенту.txt"
EOF
printf 'Уважаемые коллеги! Счет № {invoice} от {date} на {total} руб. не оплачен: остаток {balance}, срок был {due}.\n{company}\n' \
    >"$S/Отдел продаж/Шаблоны/Напоминание клиенту.txt"
S0=$T/share0
cp -r "$S" "$S0"

# --- malformed statements: FILE:LINE, nothing imported -----------------------------------
before=$(snapshot "$S")
expect_fail "missing КонецДокумента" 3 "no-end-document.txt:47: document 'Платежное поручение' has no КонецДокумента" \
    as buh invoice import-bank "$FIX/statement-cp1251.txt" "$FIX/no-end-document.txt"
expect_fail "bad amount" 3 "bad-amount.txt:50: Сумма: '5 000,00 руб' is not an amount" as buh invoice import-bank "$FIX/bad-amount.txt"
expect_fail "bad date" 3 "bad-date.txt:49: Дата '31.11.2026' is not a date" as buh invoice import-bank "$FIX/bad-date.txt"
expect_fail "wrong encoding" 3 "statement-koi8r.txt:2: the statement is not in windows-1251, cp866 or UTF-8" \
    as buh invoice import-bank "$FIX/statement-koi8r.txt"
expect_fail "not a statement" 3 "no-header.txt:1: not a 1CClientBankExchange statement" as buh invoice import-bank "$FIX/no-header.txt"
expect_fail "cut short" 3 "no-end-file.txt:127: the statement ends without КонецФайла" as buh invoice import-bank "$FIX/no-end-file.txt"
expect_fail "wrong role" 5 "5.2.4.3" as petrov invoice import-bank "$FIX/statement-cp1251.txt"
expect_eq "malformed statements changed nothing" "$before" "$(snapshot "$S")"
expect_ok "no register yet" test ! -e "$REG"

C=$T/share-badrules
cp -r "$S0" "$C"
printf '# x\r\npattern (\r\n' >"$C/Бухгалтерия/Правила сопоставления.txt"
before=$(snapshot "$C")
expect_fail "bad rules file" 3 "Правила сопоставления.txt:2: bad regular expression '\('" as buh --share "$C" invoice import-bank "$FIX/statement-cp1251.txt"
expect_eq "bad rules changed nothing" "$before" "$(snapshot "$C")"

# --- dry run ------------------------------------------------------------------------------
before=$(snapshot "$S")
expect_ok "dry run" as buh invoice import-bank --dry-run "$FIX/statement-cp1251.txt"
expect_match "dry run: number rule" "2026-1 .*matched .*invoice 2026-1: its number is in the purpose \('счету № 1 от 20.11.2026'\)" "$OUT"
expect_match "dry run: ИНН + amount" "2026-2 .*invoice 2026-2: payer ИНН 7206021134 and the amount 5 000,00 equal its balance" "$OUT"
expect_match "dry run summary" "dry run: 2 payments would be imported, 0 imported before; nothing written" "$OUT"
expect_match "bank order reported" "note: .*statement-cp1251.txt:101: document type 'Банковский ордер' № 900771 is not a payment gefest imports; kept" "$OUT"
expect_eq "dry run changed nothing" "$before" "$(snapshot "$S")"

# --- three encodings, each into a fresh copy -----------------------------------------------
for enc in utf8 cp866; do
    C=$T/share-$enc
    cp -r "$S0" "$C"
    expect_ok "import $enc" as buh --share "$C" invoice import-bank "$FIX/statement-$enc.txt"
    expect_match "$enc: 2 imported" "2 payments imported, 0 imported before" "$OUT"
    expect_match "$enc: invoice 1 paid" "^1;20.11.2026;2026-1;.*;11800,00;оплачен$" "$(tr -d '\r' <"$C/Отдел продаж/Заказы/2026/Счета 2026.csv")"
done
expect_match "utf8 statement that says Windows: noted" "note: .*statement-utf8.txt:3: Кодировка=Windows but the bytes are UTF-8" \
    "$(as buh --share "$T/share-utf8" invoice import-bank --dry-run "$FIX/statement-utf8.txt")"

expect_ok "import cp1251" as buh invoice import-bank "$FIX/statement-cp1251.txt"
expect_match "2 imported" "2 payments imported, 0 imported before" "$OUT"
expect_match "paid in full: order moves on, manager told" "invoice 2026-1 paid in full: order 2026-1 goes on to the shipping order \(5.2.4.4\); petrov told" "$OUT"
# Money may come before the earlier steps are done: 5.2.4.3 is marked all the same (issue 14).
expect_eq "paid before the earlier steps: 5.2.4.3 marked, no note" "0" "$(grep -c 'not marked' <<<"$OUT")"
expect_match "5.2.4.3 done on order 1" 'id = "5.2.4.3"' "$(grep -A6 'id = "5.2.4.3"' "$S/Отдел продаж/Заказы/2026/"1\ */заказ.toml | grep -B6 '^done_by = "buh"')"
expect_eq "manager e-mailed" "1" "$(grep -rl 'To: .*petrov@gefest.example' "$OUTBOX" | wc -l)"
INVTXT=$(tr -d '\r' <"$INV")
expect_match "invoice 1 paid" "^1;20.11.2026;2026-1;ООО «СибСтройМонтаж»;7203145879;11800,00;2127,87;25.11.2026;11800,00;оплачен$" "$INVTXT"
expect_match "invoice 2 paid" "^2;.*;5000,00;оплачен$" "$INVTXT"
expect_eq "register rows" "2" "$(($(tr -d '\r' <"$REG" | wc -l) - 1))"
expect_match "journal: payment.import" "payment.import" "$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv)"
expect_match "journal: invoice.paid" "invoice.paid;invoice:2026-1" "$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv)"

# --- the same statement again, and in the other encodings: nothing changes ----------------
before=$(snapshot "$S")
expect_ok "import again" as buh invoice import-bank "$FIX/statement-cp1251.txt" "$FIX/statement-utf8.txt" "$FIX/statement-cp866.txt"
expect_match "all repeated" "0 payments imported, 2 imported before" "$OUT"
expect_eq "repeated import changed nothing" "$before" "$(snapshot "$S")"
# The identities of imported payments: one file per month of their dates, not one per payment.
KEYS="$S/.gefest/key-groups/payment/2026-11.keys"
expect_eq "identities kept in the month's group" "2" "$(wc -l <"$KEYS")"
expect_eq "no key file per payment" "0" "$(find "$S/.gefest" -path '*/keys/payment/*' -type f | wc -l)"

# --- second statement (overlapping: repeats № 101): ИНН + single, ambiguous, unknown, advance, alias
{
    head1c
    doc 101 25.11.2026 11800.00 7203145879 "ООО «СибСтройМонтаж»" "Оплата по счету № 1 от 20.11.2026 за трубы, в т.ч. НДС 22% 2127.87"
    doc 7 27.11.2026 4000 7204129051 "ООО «ТюменьАгроСнаб»" "Оплата за котлы"
    doc 8 27.11.2026 3000.00 7206021134 "АО «ТМЗ»" "Оплата за оборудование"
    doc 9 27.11.2026 1000.00 7707083893 "ПАО Сбербанк" "Возврат излишне уплаченного"
    doc 10 27.11.2026 5000.00 720501234548 "ИП Захаров Дмитрий Олегович" "Предоплата за котел"
    doc 11 27.11.2026 15.00 7707083893 "ПАО Сбербанк" "Проценты на остаток" | sed 's/=Платежное поручение/=Банковский ордер/'
    echo КонецФайла
} | statement "$T/s2.txt" windows-1251
expect_ok "second statement" as buh invoice import-bank "$T/s2.txt"
expect_match "4 new, 1 repeated" "4 payments imported, 1 imported before" "$OUT"
expect_eq "the overlapping statement adds only the new identities" "6" "$(wc -l <"$KEYS")"
expect_match "ИНН + single open invoice" "invoice 2026-3: the only open invoice of payer ИНН 7204129051" "$OUT"
expect_match "ambiguous payer" "payer ИНН 7206021134 has several open invoices and none of 3 000,00: 2026-4, 2026-5" "$OUT"
expect_match "unknown payer" "no invoice number in the purpose and no client with ИНН 7707083893" "$OUT"
expect_match "advance of a known client" "no open invoice of payer ИНН 720501234548: kept as the client's advance" "$OUT"
expect_match "two wait for a person" "2 payments wait for a person" "$OUT"
expect_match "incoming bank order not imported, reported" "not imported: .*s2.txt:[0-9]+: 'Банковский ордер' № 11 of 15,00 is not a payment gefest imports" "$OUT"
expect_match "invoice 3 partly paid" "^3;.*;10000,00;1803,28;24.11.2026;4000,00;оплачен частично$" "$(tr -d '\r' <"$INV")"
AMB=$(tr -d '\r' <"$REG" | awk -F';' '$14 == "ambiguous" { print $1 }')
expect_match "ambiguous id" "^[0-9a-f]{12}$" "$AMB"

expect_ok "payments waiting" as buh invoice payments
expect_match "payments lists the ambiguous one" "$AMB .*ambiguous" "$OUT"
expect_match "payments lists the advance" "720501234548 .*5 000,00 +advance" "$OUT"

# --- final payment by the number in a rule's pattern, via an alias payer (cp866) ---------
{
    head1c
    doc 33 28.11.2026 6500.00 7702070139 "Банк ВТБ (ПАО)" "Оплата инв. 3 за ООО ТюменьАгроСнаб"
    echo КонецФайла
} | statement "$T/s3.txt" cp866
before=$(snapshot "$S")
expect_ok "dry run s3" as buh invoice import-bank --dry-run "$T/s3.txt"
expect_eq "dry run s3 changed nothing" "$before" "$(snapshot "$S")"
GEFEST_NOW=2026-11-28T11:00:00 expect_ok "third statement" as buh invoice import-bank "$T/s3.txt"
expect_match "rule pattern + alias" "invoice 2026-3: its number is in the purpose \('инв. 3'\); 500,00 over the invoice kept as the client's advance" "$OUT"
expect_match "invoice 3 paid" "invoice 2026-3 paid in full: order 2026-3 .* sidorova told" "$OUT"
expect_match "invoice 3 paid in register" "^3;.*;10000,00;оплачен$" "$(tr -d '\r' <"$INV")"

# --- reminders over several days (invoice 4: due 26.11, nothing paid) -------------------
GEFEST_NOW=2026-11-26T08:00:00 expect_ok "nothing overdue yet" as cron --user buh invoice remind --send
expect_eq "quiet when nothing to do" "" "$OUT"
before=$(snapshot "$S")
GEFEST_NOW=2026-11-27T08:00:00 expect_ok "remind, show only" as buh invoice remind
expect_match "would remind manager" "would send: invoice 2026-4 .*1 days overdue, balance 7 000,00: reminder to sidorova <sidorova@gefest.example>" "$OUT"
expect_match "would remind client" "would send: invoice 2026-4 .* <zakupki@tmz-tobolsk.ru>" "$OUT"
expect_eq "showing reminders changed nothing" "$before" "$(snapshot "$S")"
GEFEST_NOW=2026-11-27T08:00:00 expect_ok "remind day 1" as cron --user buh invoice remind --send
expect_eq "day 1: manager and client" "2" "$(grep -c '^sent: invoice 2026-4' <<<"$OUT")"
expect_match "client text from the template" "Счет № 4 от 22.11.2026 на 7 000,00 руб. не оплачен" \
    "$(grep -rlZ 'To: zakupki@tmz-tobolsk.ru' "$OUTBOX" | xargs -0 cat | perl -MMIME::QuotedPrint -0777 -ne 'print decode_qp($_)')"
GEFEST_NOW=2026-11-28T08:00:00 expect_ok "remind day 2" as cron --user buh invoice remind --send
expect_eq "day 2: nothing new, quiet" "" "$OUT"
GEFEST_NOW=2026-11-29T08:00:00 expect_ok "remind day 3" as cron --user buh invoice remind --send
expect_match "day 3: escalated to the head of sales" "sent: invoice 2026-4 .*3 days overdue.*reminder to head of sales <sokolov@gefest.example>" "$OUT"
expect_eq "day 3: only the escalation" "1" "$(grep -c '^sent:' <<<"$OUT")"
GEFEST_NOW=2026-11-30T08:00:00 expect_ok "remind day 4" as cron --user buh invoice remind --send
expect_eq "never twice" "" "$OUT"
expect_eq "three reminders journaled" "3" "$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv | grep -c 'invoice.remind')"

GEFEST_NOW=2026-11-29T08:00:00 expect_ok "list overdue" as boss invoice list --overdue
expect_match "overdue: days and who" "2026-4 .*7 000,00 .*2026-11-26 +3 +unpaid +sidorova" "$OUT"
GEFEST_NOW=2026-11-29T08:00:00 expect_ok "list unpaid" as boss --format csv invoice list --unpaid
expect_match "unpaid includes 5 (not overdue)" "2026-5;" "$OUT"
GEFEST_NOW=2026-11-29T08:00:00 expect_ok "list of another year" as boss --format csv invoice list --year 2025
expect_eq "2025 has no invoices" "0" "$(grep -c '^2026-' <<<"$OUT")"
C=$T/share-badconfig
cp -r "$S0" "$C"
sed -i 's/^escalate_after_days = 3/escalate_after_days = 0/' "$C/gefest.toml"
expect_fail "escalation before reminder" 9 "gefest.toml:[0-9]+: \[payments\] escalate_after_days \(0\) must not be below remind_after_days \(1\)" \
    as buh --share "$C" invoice remind

# --- a person resolves: assign the ambiguous payment, apply the advance, pay the rest by hand
before=$(snapshot "$S")
expect_fail "unknown payment" 4 "no payment 'ffffff'" as buh invoice pay 2026-5 --payment ffffff
expect_fail "paid invoice" 6 "invoice 2026-1 is paid in full" as buh invoice pay 2026-1 --amount 10
expect_fail "no amount" 2 "give --amount" as buh invoice pay 2026-4
expect_fail "bad amount" 3 "invalid amount 'десять'" as buh invoice pay 2026-4 --amount десять
expect_fail "zero amount" 3 "amount 0,00 is not above zero" as buh invoice pay 2026-4 --amount 0
expect_fail "no such invoice" 4 "no invoice 2026-77" as buh invoice pay 2026-77 --amount 10
expect_fail "no advance" 6 "has no advance to apply" as buh invoice pay 2026-4 --advance
expect_fail "payment and advance" 2 "give either --payment or --advance, not both" as buh invoice pay 2026-5 --payment "$AMB" --advance
expect_fail "manager may not" 5 "5.2.4.3" as petrov invoice pay 2026-4 --amount 10
expect_eq "refused payments changed nothing" "$before" "$(snapshot "$S")"

expect_ok "assign ambiguous to 5" as buh invoice pay 2026-5 --payment "${AMB:0:8}"
expect_match "5 paid" "invoice 2026-5: paid 2 000,00 of 2 000,00, balance 0,00 \(paid\)" "$OUT"
expect_match "rest stays as advance" "^$AMB;.*;1000,00;advance;" "$(tr -d '\r' <"$REG")"
expect_ok "apply advance to 4" as buh invoice pay 2026-4 --advance
expect_match "advance applied" "invoice 2026-4: paid 1 000,00 of 7 000,00, balance 6 000,00 \(partial\)" "$OUT"
expect_ok "manual final payment" as buh invoice pay 2026-4 --amount "6 000,00" --date 2026-11-30
expect_match "4 paid" "invoice 2026-4: paid 7 000,00 of 7 000,00, balance 0,00 \(paid\)" "$OUT"
expect_match "4 paid, manager told" "invoice 2026-4 paid in full: order 2026-4 .* sidorova told" "$OUT"
GEFEST_NOW=2026-12-01T08:00:00 expect_ok "nothing overdue after payment" as cron --user buh invoice remind --send
expect_eq "quiet" "" "$OUT"
expect_ok "json payments" as buh --format json invoice payments --all
expect_eq "all payments in json" "8" "$(jq length <<<"$OUT")"

finish
