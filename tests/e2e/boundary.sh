#!/bin/bash
# The input boundary (lib/base/input.h): what people type, what hand-edited files hold and
# what outside texts bring. Typed values with control characters, absurd amounts, logins
# and host names that would name files outside the share are refused in one line, with
# nothing changed byte for byte; outside texts (e-mail, site JSON, CommerceML) are cleaned,
# and what gefest writes from them reads back.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
ORDERS="$S/Отдел продаж/Заказы/2026"
STAFF="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/Сотрудники.toml"

# --- 1. names: refused when typed, cleaned when they come from outside ----------------------
before=$(snapshot "$S")
expect_fail "client name with a line break" 3 "^gefest: --name: control character U\+000A is not allowed$" \
    as petrov client add --name $'Ромашка\nunpaid_override = "x"' --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client name with CR" 3 "--name: control character U\+000D" \
    as petrov client add --name $'Ромашка\r' --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client name with DEL" 3 "--name: control character U\+007F" \
    as petrov client add --name $'Ромашка\x7f' --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client name with a bidi override" 3 "--name: bidirectional control character U\+202E" \
    as petrov client add --name $'Ромашка\u202eкшамоР' --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client name of 301 characters" 3 "--name: longer than 300 characters \(301\)" \
    as petrov client add --name "$(printf 'я%.0s' {1..301})" --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client city in cp1251 bytes" 3 "--city: byte 1 is not UTF-8 text \(0xD2\)" \
    as petrov client add --name Ромашка --city $'\xd2\xfe\xec\xe5\xed\xfc' --phone '+7 912 000-11-22' --source Выставка --manager petrov
expect_fail "client edit name with a tab" 3 "--name: control character U\+0009" as petrov client edit 1 --name $'ООО\tСибСтрой'
expect_fail "call new name with LF" 3 "--name: control character U\+000A" \
    as ivanova call new --phone '+7 912 000-11-22' --name $'Иван\nunpaid_override = "x"' --source Выставка
expect_eq "refused names changed nothing" "$before" "$(snapshot "$S")"
expect_ok "a note may have lines" as petrov client edit 1 --note $'строка 1\nстрока 2'

# An RFC 2047 display name that decodes to CR LF and a TOML key: kept as one line.
name64=$(printf 'Иван\r\nunpaid_override = "inject"\r\n#\x01' | base64 -w0)
printf 'From: =?UTF-8?B?%s?= <ivan@example.ru>\r\nTo: sales@gefest.example\r\nSubject: =?UTF-8?B?%s?=\r\nMessage-ID: <inj-1@example.ru>\r\nDate: Wed, 25 Nov 2026 09:15:00 +0500\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nНужен котел ПК-50\r\n' \
    "$name64" "$(printf 'Тема\r\nX-Injected: 1' | base64 -w0)" >"$T/inject.eml"
expect_ok "e-mail with CR LF in the From name" as petrov call email "$T/inject.eml"
expect_match "the name is one line" "client [0-9]+ 'Иван unpaid_override = \"inject\" #' \(new\)" "$OUT"
client=$(sed -nE "s/.*client ([0-9]+) 'Иван.*/\1/p" <<<"$OUT")
expect_ok "order for that client" as petrov order new --client "$client" --payment cash --item ПК-50:1
order_file=$(find "$ORDERS" -name заказ.toml -path '*Иван*')
expect_eq "заказ.toml starts with one comment line" "1" "$(sed -n '1,/^$/p' "$order_file" | grep -c '^#')"
expect_eq "no key was injected" "" "$(grep '^unpaid_override' "$order_file")"
expect_ok "the order reads" as petrov order show 1
expect_ok "check finds nothing" as boss check

# A web-site application with control characters: cleaned, the order reads.
printf '{"id": "inj-2", "name": "Пётр\\r\\nunpaid_override = \\"x\\"\\u0000", "phone": "+7 912 000-33-44", "comment": "a\\u202eb"}' >"$T/site.json"
expect_ok "site application with CR LF and NUL in the name" as petrov call site "$T/site.json"
expect_match "site name is one line" "client [0-9]+ 'Пётр unpaid_override = \"x\"' \(new\)" "$OUT"
printf '{"id": "inj-3", "name": "Пётр", "phone": "+7 912 000-33-45", "items": [{"sku": "ПК-50", "qty": 1e30}]}' >"$T/site-qty.json"
before=$(snapshot "$S")
expect_fail "site qty beyond a billion" 3 "items\[0\]\.qty: must be at most 1000000000" as petrov call site "$T/site-qty.json"
expect_eq "refused site file changed nothing" "$before" "$(snapshot "$S")"

# --- 2. validate all, then write -------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "staff add ''" 3 "^gefest: LOGIN: '' is not a login" as boss staff add '' --name X --role sales_manager
expect_fail "staff add ' '" 3 "LOGIN: ' ' is not a login" as boss staff add ' ' --name X --role sales_manager
expect_fail "staff add with a trailing space" 3 "LOGIN: 'petrov2 ' is not a login" as boss staff add 'petrov2 ' --name X --role sales_manager
expect_fail "staff add with a control character" 3 "LOGIN: 'a\\\\u0001' is not a login" as boss staff add $'a\x01' --name X --role sales_manager
expect_fail "staff name empty" 3 "--name: is empty" as boss staff add petrov2 --name ' ' --role sales_manager
expect_fail "staff name padded" 3 "--name: starts or ends with a space" as boss staff add petrov2 --name 'Петров ' --role sales_manager
expect_fail "staff name with LF" 3 "--name: control character U\+000A" as boss staff add petrov2 --name $'Петров\nП.' --role sales_manager
expect_eq "refused staff changes changed nothing" "$before" "$(snapshot "$S")"
expect_ok "staff list still reads" as boss staff list
expect_ok "a valid staff add" as boss staff add petrov2 --name 'Петров Второй' --role sales_manager

cat >"$T/neg.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.10">
<ПакетПредложений>
<Склады><Склад><Ид>w1</Ид><Наименование>Основной</Наименование></Склад></Склады>
<Предложения>
<Предложение><Ид>x1</Ид><Артикул>NEG-1</Артикул><Наименование>Минус</Наименование>
<Цены><Цена><ЦенаЗаЕдиницу>-100</ЦенаЗаЕдиницу></Цена></Цены>
<Склад ИдСклада="w1" КоличествоНаСкладе="1"/></Предложение>
<Предложение><Ид>x2</Ид><Артикул>BIG-1</Артикул><Наименование>Дорого</Наименование>
<Цены><Цена><ЦенаЗаЕдиницу>1000000000000</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
<Предложение><Ид>x3</Ид><Артикул>NL-1</Артикул><Наименование>Две&#10;строки&#x202E;</Наименование>
<Цены><Цена><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
</Предложения></ПакетПредложений></КоммерческаяИнформация>
EOF
expect_ok "import-1c with a negative and an absurd price" as sklad order import-1c "$T/neg.xml"
expect_match "the negative price is skipped" "price '-100' of 'NEG-1' is not an amount" "$OUT"
expect_match "the absurd price is skipped" "price '1000000000000' of 'BIG-1' is not an amount" "$OUT"
expect_match "the name is one line in the catalog" "^NL-1;Две строки;" "$(cat "$S/Склад ГП/Каталог.csv")"
expect_ok "order new after the import" as petrov order new --client 1 --payment cash --item ПК-50:1

before=$(snapshot "$S")
expect_fail "price beyond 10^12 roubles" 3 "--item ПК-50:1:1000000000000: 1 000 000 000 000,00 is beyond the largest amount gefest accepts \(999 999 999 999,99\)" \
    as petrov order new --client 1 --payment cash --item ПК-50:1:1000000000000
expect_fail "quantity beyond a billion" 3 "quantity 1000000001 is beyond the largest gefest accepts" \
    as petrov order new --client 1 --payment cash --item ПК-50:1000000001
expect_fail "line sum beyond 10^12 roubles" 3 "--item ПК-100: 1000000000 × 285 000,00 is beyond the largest amount" \
    as petrov order new --client 1 --payment cash --item ПК-100:1000000000
expect_eq "refused orders changed nothing" "$before" "$(snapshot "$S")"

# An absurd advance: the statement is refused at its line; the invoice is issued after it.
S2=$T/share2
demo_share "$S2"
as2() { local who=$1; shift; GEFEST_SHARE=$S2 GEFEST_LOGIN=$who "$GEFEST_BIN" "$@"; }
as2 petrov order new --client 1 --payment noncash --item ПК-100:1 >/dev/null && as2 petrov order stock 1 >/dev/null &&
    as2 petrov order lead-time 1 --ask >/dev/null && as2 kuznetsov order lead-time 1 --days 10 >/dev/null &&
    as2 petrov order lead-time 1 --accept >/dev/null && as2 petrov order export-1c 1 -o "$T/o1.xml" >/dev/null || fail "order not made ready"
doc() {
    printf 'СекцияДокумент=Платежное поручение\nНомер=%s\nДата=26.11.2026\nСумма=%s\nПлательщикСчет=40702810400000001111\n' "$1" "$2"
    printf 'ПлательщикИНН=7203145879\nПлательщик1=ООО «СибСтройМонтаж»\x01\nПолучательСчет=40702810806710000123\nПолучательИНН=7203001235\n'
    printf 'ДатаПоступило=26.11.2026\nНазначениеПлатежа=аванс\nКонецДокумента\n'
}
{ printf '1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810806710000123\n'
  doc 1 50000000000000000.00; doc 2 50000000000000000.00; printf 'КонецФайла\n'; } >"$T/big.txt"
before=$(snapshot "$S2")
expect_fail "an absurd amount in a statement" 3 "big.txt:8: Сумма: 50 000 000 000 000 000,00 is beyond the largest amount gefest accepts" \
    as2 buh invoice import-bank "$T/big.txt"
expect_fail "an absurd amount typed" 3 "--amount: 1 000 000 000 000,00 is beyond" as2 buh invoice pay 1 --amount 1000000000000
expect_eq "refused payments changed nothing" "$before" "$(snapshot "$S2")"
{ printf '1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810806710000123\n'
  doc 1 999999999999.99; doc 2 999999999999.99; printf 'КонецФайла\n'; } >"$T/max.txt"
expect_ok "the largest amounts import" as2 buh invoice import-bank "$T/max.txt"
expect_ok "invoice issue with a large advance" as2 petrov invoice issue 1
expect_match "the advance is shown" "advance of 1 999 999 999 999,98" "$OUT"
expect_eq "the payer's name is one line, without the control character" "2" \
    "$(grep -c 'ООО «СибСтройМонтаж»;7203145879' "$S2/Бухгалтерия/Платежи.csv")"

# --- 3. logins and host names name files: a strict set --------------------------------------
before=$(snapshot "$S")
expect_fail "GEFEST_HOST with ../" 3 "^gefest: GEFEST_HOST: '\.\./\.\./\.\./escaped' is not a host name" \
    env GEFEST_HOST=../../../escaped GEFEST_LOGIN=petrov "$GEFEST_BIN" client add --name Ромашка --phone '+7 912 000-11-22' --source Выставка
expect_fail "GEFEST_LOGIN a:b*c" 3 "GEFEST_LOGIN: 'a:b\*c' is not a login" env GEFEST_LOGIN='a:b*c' "$GEFEST_BIN" staff list
expect_fail "GEFEST_LOGIN CON" 3 "GEFEST_LOGIN: 'CON' is not a login" env GEFEST_LOGIN=CON "$GEFEST_BIN" staff list
expect_fail "GEFEST_LOGIN con.x" 3 "GEFEST_LOGIN: 'con\.x' is not a login: a Windows device name" env GEFEST_LOGIN=con.x "$GEFEST_BIN" staff list
expect_fail "--user ../x" 3 "^gefest: --user: '\.\./x' is not a login" as boss --user ../x staff list
expect_fail "GEFEST_USER LPT1" 3 "--user: 'LPT1' is not a login" env GEFEST_USER=LPT1 GEFEST_LOGIN=boss "$GEFEST_BIN" staff list
expect_fail "staff add CON" 3 "LOGIN: 'CON' is not a login" as boss staff add CON --name X --role sales_manager
expect_fail "staff add a:b*c" 3 "LOGIN: 'a:b\*c' is not a login" as boss staff add 'a:b*c' --name X --role sales_manager
expect_fail "staff add ../x" 3 "LOGIN: '\.\./x' is not a login" as boss staff add ../x --name X --role sales_manager
expect_eq "refused identities changed nothing" "$before" "$(snapshot "$S")"
expect_eq "nothing was written outside the share" "" "$(find "$T" -name 'escaped*')"
expect_ok "a Windows machine's name in capitals" env GEFEST_HOST=DESKTOP-7QK2 GEFEST_LOGIN=petrov "$GEFEST_BIN" client show 1

# A hand-edited Сотрудники.toml: the login's FILE:LINE.
cp "$STAFF" "$T/staff.toml"
printf '\n[[staff]]\nlogin = "nul"\nname = "Принтер"\nroles = []\n' >>"$STAFF"
line=$(grep -n '^login = "nul"' "$STAFF" | cut -d: -f1)
expect_fail "hand-edited login nul" 3 "Сотрудники\.toml:$line: login: 'nul' is not a login: a Windows device name" as boss staff list
cp "$T/staff.toml" "$STAFF"
printf '\n[[staff]]\nlogin = "Petrov"\nname = "Пётр"\nroles = []\n' >>"$STAFF"
line=$(grep -n '^login = "Petrov"' "$STAFF" | cut -d: -f1)
expect_fail "hand-edited login in capitals" 3 "Сотрудники\.toml:$line: login: 'Petrov' is not a login" as petrov order new --client 1 --payment cash --item ПК-50:1
cp "$T/staff.toml" "$STAFF"

finish
