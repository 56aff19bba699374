#!/bin/bash
# gefest call: every subcommand on a copy of the demo share, and every error proven to
# change nothing (snapshot before and after).
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
MAIL=$GEFEST_SRC/tests/fixtures/mail
BASE="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
clients() { grep -c '^[0-9]' "$BASE"; }
N0=$(clients)  # the demo's clients
# new_id: the client number the last output says was created
new_id() { sed -n 's/.*new client No\. \([0-9]*\).*/\1/p' <<<"$OUT"; }
# the journal's call.* rows as call list prints them in JSON, one inquiry per "id" key
count_json() { grep -c "$1" <<<"$OUT"; }
# expect_fail_same DESC CODE PATTERN CMD...: expect_fail, and the share is unchanged
expect_fail_same() {
    local before after
    before=$(snapshot "$S")
    expect_fail "$@"
    after=$(snapshot "$S")
    expect_eq "$1: nothing changed" "$before" "$after"
}

# --- call new (5.2.1.1), by the office manager --------------------------------------------
export GEFEST_LOGIN=ivanova
expect_ok "call new" gefest call new --phone "8 912 345-67-89" --name "Иван Петров" --source " выставка " \
    --product ПК-50:2 --product АВТ-01 --product ТЕП-Т1 --product ПК-100:5 --note "нужен к декабрю"
expect_match "new: recorded" '^Inquiry 2026-1 recorded: new client No\. [0-9]+ «Иван Петров», source: Выставка$' "$OUT"
C1=$(new_id)
expect_match "new: in stock on two warehouses" 'ПК-50 \(Котел твердотопливный «Гефест ПК-50», 50 кВт\): в наличии 12 шт: Склад ГП Тюмень — 9, Склад ГП Екатеринбург — 3$' "$OUT"
expect_match "new: zero on one warehouse is not listed" 'АВТ-01 \(.*\): в наличии 6 шт: Склад ГП Екатеринбург — 6$' "$OUT"
expect_match "new: not in stock" 'ТЕП-Т1 \(.*\): нет в наличии$' "$OUT"
expect_match "new: fewer than asked" 'ПК-100 \(.*\): в наличии 4 шт из 5: Склад ГП Тюмень — 4$' "$OUT"
expect_match "new: how to order" '^How to order: Заявку можно прислать на e-mail' "$OUT"
expect_match "new: delivery" '^Delivery: Самовывоз со склада ГП; Транспортной компанией до терминала; Транспортной компанией до двери$' "$OUT"
expect_match "new: transfer to the first sales manager" '^Transfer the call to: Петров Сергей Иванович, ext\. 111$' "$OUT"
expect_eq "new: one client more in the base" $((N0 + 1)) "$(clients)"
expect_match "new: client row with phone, manager, source" "^$C1;Иван Петров;"'.*\+79123456789;.*;petrov;Выставка;2026-11-27;' "$(cat "$BASE")"

expect_ok "call new: second client, round robin" gefest call new --phone 9123456780 --name "ООО «Ромашка»" --source "другое : радио «Европа плюс»" --contact "Анна"
expect_match "new 2: Другое spelled" 'source: Другое: радио «Европа плюс»$' "$OUT"
expect_match "new 2: next manager" '^Transfer the call to: Сидорова Елена Андреевна, ext\. 112$' "$OUT"
C2=$(new_id)
expect_eq "new 2: two clients more" $((N0 + 2)) "$(clients)"

# the same phone spelled differently: no duplicate, recorded as an existing client's call
expect_ok "call new: known phone" gefest call new --phone "+7 (912) 345-67-89" --name "Иван" --source Рекомендация
expect_match "known phone: said so" "the client is in the base already — No\. $C1 «Иван Петров»"' \(an existing client.s inquiry, 5.2.1.2\)' "$OUT"
expect_match "known phone: their manager" '^Transfer the call to: Петров Сергей Иванович, ext\. 111$' "$OUT"
expect_eq "known phone: no duplicate" $((N0 + 2)) "$(clients)"

expect_ok "call new --format json" gefest --format json call new --phone 9123450000 --name "Олег" --source Справочник --product ГВ-12:3
expect_match "json: id" '"id": "2026-4"' "$OUT"
expect_match "json: answer" '"answer": "in_stock"' "$OUT"
expect_match "json: taken by" '"taken_by": "ivanova"' "$OUT"

# errors of call new: each one leaves the share as it was
expect_fail_same "missing source" 2 'advertising source is required' gefest call new --phone 9120000001 --name X
expect_fail_same "unknown source" 2 "Радио" gefest call new --phone 9120000001 --name X --source Радио
expect_fail_same "Другое without text" 2 'say what «Другое» is' gefest call new --phone 9120000001 --name X --source "Другое"
expect_fail_same "invalid phone" 3 "phone '12-34'" gefest call new --phone 12-34 --name X --source Выставка
expect_fail_same "unknown SKU" 4 "unknown SKU 'XX-1'" gefest call new --phone 9120000001 --name X --source Выставка --product XX-1
expect_fail_same "zero qty" 3 "--product 'ПК-50:0': the quantity must be a whole number greater than 0" \
    gefest call new --phone 9120000001 --name X --source Выставка --product ПК-50:0
expect_fail_same "warehouse may not take calls" 5 'step 5.2.1.1' env GEFEST_LOGIN=sklad "$GEFEST_BIN" call new --phone 9120000001 --name X --source Выставка

# --- call existing (5.2.1.2) ---------------------------------------------------------------
expect_ok "call existing by phone" gefest call existing --phone "8-912-345-67-89" --note "про доставку"
expect_match "existing: transfer" '^Transfer the call to: Петров Сергей Иванович, ext\. 111$' "$OUT"
expect_ok "call existing by id" gefest call existing --client "$C2"
expect_match "existing by id: their manager" '^Transfer the call to: Сидорова Елена Андреевна, ext\. 112$' "$OUT"
expect_fail_same "existing: unknown phone" 4 'no client with phone \+79990001122' gefest call existing --phone 89990001122
expect_fail_same "existing: unknown client" 4 'no client 99' gefest call existing --client 99
expect_fail_same "existing: bad id" 2 "--client 'abc'" gefest call existing --client abc
expect_fail_same "existing: nobody named" 2 'say who calls' gefest call existing

# --- call visit (5.2.1.3), by a sales manager ---------------------------------------------
export GEFEST_LOGIN=sidorova
expect_ok "call visit existing" gefest call visit --client "$C1" --note "смотрел ПК-100"
expect_match "visit: recorded" "Inquiry 2026-7 recorded: the client is in the base already — No\. $C1 «Иван Петров»" "$OUT"
expect_ok "call visit new" gefest call visit --name "ИП Гусев" --source "Сайт компании" --phone "+7 922 111 22 33"
expect_match "visit new: client created" 'new client No\. [0-9]+ «ИП Гусев», source: Сайт компании' "$OUT"
expect_fail_same "visit: missing source" 2 'advertising source is required' gefest call visit --name "Кто-то"
expect_fail_same "visit: office manager refused" 5 'step 5.2.1.3' env GEFEST_LOGIN=ivanova "$GEFEST_BIN" call visit --client "$C1"

# --- call request (5.2.2.1) ----------------------------------------------------------------
export GEFEST_LOGIN=petrov
expect_ok "call request --call" gefest call request --call 2026-1 --item ПК-50:2 --item ДЫМ-200:30
expect_match "request: recorded" "^application 2026-9 recorded: client $C1 'Иван Петров', manager Петров Сергей Иванович \(petrov\)$" "$OUT"
expect_match "request: item answer" 'ДЫМ-200 × 30: в наличии 140 м: Склад ГП Тюмень — 140' "$OUT"
expect_ok "call request --client" gefest call request --client "$C2" --item ГВ-12:1
expect_fail_same "request: zero qty" 3 "--item 'ГВ-12:0'" gefest call request --client "$C2" --item ГВ-12:0
expect_fail_same "request: no qty" 3 'the quantity is missing' gefest call request --client "$C2" --item ГВ-12
expect_fail_same "request: unknown SKU" 4 "unknown SKU 'НЕТ-1'" gefest call request --client "$C2" --item НЕТ-1:1
expect_fail_same "request: unknown call" 4 "no inquiry '2026-99'" gefest call request --call 2026-99 --item ГВ-12:1
expect_fail_same "request: unknown client" 4 'no client 42' gefest call request --client 42 --item ГВ-12:1

# --- call email (5.2.1.4) ------------------------------------------------------------------
expect_fail_same "email: malformed stops the batch" 3 'malformed-no-from.eml: no From header' \
    gefest call email "$MAIL/utf8-base64.eml" "$MAIL/malformed-no-from.eml"
expect_fail_same "email: missing file" 4 'nothing.eml' gefest call email "$T/nothing.eml"
expect_fail_same "email: sales manager's step" 5 'step 5.2.1.4' env GEFEST_LOGIN=ivanova "$GEFEST_BIN" call email "$MAIL/utf8-base64.eml"
expect_ok "call email" gefest call email "$MAIL/utf8-base64.eml" "$MAIL/cp1251-qp.eml" "$MAIL/koi8r.eml"
expect_match "email: imported three" '^imported 3, skipped 0$' "$OUT"
expect_match "email: new client from utf-8 mail" "utf8-base64.eml: inquiry 2026-11 recorded: client [0-9]+ 'Алексей Смирнов' \(new\), manager petrov$" "$OUT"
expect_match "email: source named in the text" '^[0-9]+;Алексей Смирнов;.*;smirnov@teplo-kurgan.ru;.*;Выставка;' "$(cat "$BASE")"
expect_match "email: source defaults to E-mail" '^[0-9]+;Ольга Волкова;.*;o.volkova@stroyteplo.ru;.*;E-mail;' "$(cat "$BASE")"
expect_match "email: koi8-r source" '^[0-9]+;Игорь Петренко;.*;Справочник;' "$(cat "$BASE")"
before=$(snapshot "$S")
expect_ok "email: repeated import" gefest call email "$MAIL/cp1251-qp.eml"
expect_match "email: skipped" 'cp1251-qp.eml: already imported, skipped' "$OUT"
expect_eq "email: repeated import changed nothing" "$before" "$(snapshot "$S")"

mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
cp "$MAIL/koi8r.eml" "$T/Maildir/cur/1700000000.1.host:2,S"
cp "$MAIL/html-only.eml" "$T/Maildir/new/1700000001.2.host"
cp "$MAIL/mixed-attachment.eml" "$T/Maildir/new/1700000002.3.host"
expect_ok "email --maildir" gefest call email --maildir "$T/Maildir"
expect_match "maildir: two new, one known" '^imported 2, skipped 1$' "$OUT"
expect_eq "maildir: files not moved" 3 "$(find "$T/Maildir" -type f | wc -l)"
expect_fail_same "maildir: not a Maildir" 4 'is not a Maildir' gefest call email --maildir "$T"

# --- call site (5.2.2.2) -------------------------------------------------------------------
cat >"$T/site.json" <<'EOF'
[
  {"id": "site-1", "date": "2026-11-26T18:04:00", "name": "Пётр Сергеев", "company": "ООО «ТеплоДом»",
   "phone": "+7 (345) 222-33-44", "inn": "7707083893", "source": "Интернет-поиск",
   "items": [{"sku": "ПК-50", "qty": 1}], "comment": "перезвоните после 14:00"},
  {"id": 2, "name": "Иван Петров", "phone": "8 912 345 67 89", "items": []}
]
EOF
expect_ok "call site" gefest call site "$T/site.json"
expect_match "site: first is a new client" "^\[0\] site-1: inquiry 2026-16 recorded: client [0-9]+ 'ООО «ТеплоДом»' \(new\)" "$OUT"
expect_match "site: second matched by phone" "^\[1\] 2: inquiry 2026-17 recorded: client $C1 'Иван Петров', manager petrov$" "$OUT"
expect_match "site: company with contact and ИНН" '^[0-9]+;ООО «ТеплоДом»;;7707083893;.*;Пётр Сергеев;.*;Интернет-поиск;' "$(cat "$BASE")"
before=$(snapshot "$S")
expect_ok "site: repeated from stdin" gefest call site - <"$T/site.json"
expect_match "site: both skipped" '^imported 0, skipped 2$' "$OUT"
expect_eq "site: repeated import changed nothing" "$before" "$(snapshot "$S")"

printf '[\n  {"id": "x1",\n   "name": "A"\n   "phone": "+79120000009"}\n]\n' >"$T/bad.json"
expect_fail_same "site: malformed JSON names its line" 3 'bad.json:4: invalid JSON' gefest call site "$T/bad.json"
printf '[{"id": "a", "name": "A", "phone": "9120000009"}, {"id": "b", "name": "B", "phone": "9120000008", "items": [{"sku": "ПК-50", "qty": 0}]}]' >"$T/qty.json"
expect_fail_same "site: zero qty names element and field" 3 'qty.json: \[1\]\.items\[0\]\.qty: must be a whole number greater than 0' gefest call site "$T/qty.json"
printf '{"id": "c", "name": "C", "phone": "9120000007", "items": [{"sku": "ZZZ", "qty": 1}]}' >"$T/sku.json"
expect_fail_same "site: unknown SKU" 4 "sku.json: items\[0\]\.sku: unknown SKU 'ZZZ'" gefest call site "$T/sku.json"
printf '{"id": "d", "name": "D", "phone": "12"}' >"$T/phone.json"
expect_fail_same "site: invalid phone" 3 "phone.json: phone: '12' is not a Russian phone number" gefest call site "$T/phone.json"

# --- call list -----------------------------------------------------------------------------
expect_ok "call list" gefest call list
expect_eq "list: every inquiry" 17 "$(($(wc -l <<<"$OUT") - 1))"
expect_match "list: header" '^No\. +Date and time +Channel +Client' "$OUT"
expect_ok "call list --channel email --format json" gefest --format json call list --channel email
expect_eq "list: email inquiries" 5 "$(count_json '"channel": "email"')"
expect_match "list: products from the mail text" '"products": "ПК-50"' "$OUT"
expect_ok "call list --manager sidorova --format json" gefest --format json call list --manager sidorova
expect_eq "list: sidorova's inquiries" 7 "$(count_json '"manager": "sidorova"')"
expect_eq "list: only sidorova's" 7 "$(count_json '"manager": ')"
expect_ok "call list --format csv" gefest --format csv call list --channel new
expect_match "list csv: Excel header" $'^\xef\xbb\xbfNo\\.;Date and time;Channel' "$OUT"
expect_eq "list csv: new clients' calls (the known phone became existing)" 4 "$(wc -l <<<"$OUT")"
expect_match "list csv: a row" '^2026-2;2026-11-27T10:00:00;new;[0-9]+;ООО «Ромашка»;да;Другое: радио «Европа плюс»;sidorova;;transferred;ivanova;' "$OUT"
expect_ok "call list --from --to" gefest call list --from 2026-11-28 --to 2026-12-31
expect_eq "list: nothing after today" 1 "$(wc -l <<<"$OUT")"
expect_fail "list: unknown channel" 2 "--channel 'fax'" gefest call list --channel fax
expect_fail "list: bad date" 3 'from' gefest call list --from вчера

# --- an inquiry is looked up in the months around its number's claim, not the whole year ------
# A damaged row in March proves which months are read: the claim of 2026-1 says November.
MARCH="$S/Отдел продаж/Журнал/2026-03"
mkdir -p "$MARCH"
printf '\xef\xbb\xbfвремя;пользователь;от имени;событие;объект;данные;id;контроль\r\nбитая строка\r\n2026-03-02T10:00:00;x;;call.new;call:2026-0;{};x;0\r\n' >"$MARCH/kto-to@pc-9.csv"
expect_ok "request: the claim's months only" gefest call request --call 2026-1 --item ГВ-12:1
mv "$S/.gefest/numbers/call/2026/1" "$T/claim-1"
expect_fail_same "request: without the claim, the whole year (and March's damaged row)" 3 "2026-03/kto-to@pc-9.csv:2: journal row is damaged" \
    gefest call request --call 2026-1 --item ГВ-12:1
mv "$T/claim-1" "$S/.gefest/numbers/call/2026/1"
rm -r "$MARCH"

# --- in Russian: the office manager's script reads as it always has (po/ru.po) ----------------
if locale -a 2>/dev/null | grep -qiE '^ru_RU\.utf-?8$'; then
    export GEFEST_LOGIN=ivanova
    expect_ok "ru: call new" env LC_ALL=ru_RU.UTF-8 "$GEFEST_BIN" call new --phone 9120000055 --name "ООО «Север»" --source Выставка --product ПК-50:2
    expect_match "ru: recorded" '^Обращение 2026-[0-9]+ записано: новый клиент №[0-9]+ «ООО «Север»», источник: Выставка$' "$OUT"
    expect_match "ru: stock" '^Наличие на складе ГП:$' "$OUT"
    expect_match "ru: how to order" '^Как заказать: Заявку можно прислать на e-mail' "$OUT"
    expect_match "ru: delivery" '^Доставка: Самовывоз со склада ГП;' "$OUT"
    expect_match "ru: transfer" '^Передайте звонок: .*, доб\. 11[12]$' "$OUT"
    expect_ok "ru: call existing" env LC_ALL=ru_RU.UTF-8 "$GEFEST_BIN" call existing --client "$C1"
    expect_match "ru: existing" "^Обращение 2026-[0-9]+ записано: клиент уже есть в базе — №$C1 «Иван Петров» \(обращение существующего клиента, 5\.2\.1\.2\)$" "$OUT"
    expect_ok "ru: call list" env LC_ALL=ru_RU.UTF-8 "$GEFEST_BIN" call list
    expect_match "ru: list header" '^№ +Дата и время +Канал +Клиент +Наименование +Новый +Источник рекламы +Менеджер +Товары +Итог +Принял +Примечание$' "$OUT"
fi

finish
