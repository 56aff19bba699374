#!/bin/bash
# gefest order: both payment paths through every step that exists, refused steps (out of
# order, wrong role), bad input changing nothing, 1C exchange, and parallel numbering.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
ORDERS="$S/Отдел продаж/Заказы/2026"
RES="$S/Склад ГП/Резервы.csv"
XSD="$GEFEST_SRC/tests/fixtures/commerceml/commerceml-2.10.xsd"
CML="$GEFEST_SRC/tests/fixtures/commerceml"

# --- bad input to order new changes nothing ----------------------------------------------
before=$(snapshot "$S")
expect_fail "unknown SKU" 4 "unknown SKU 'НЕТ-1'" as petrov order new --client 1 --payment noncash --item НЕТ-1:1
expect_fail "zero qty" 3 "quantity '0' of 'ПК-100' is not a whole number above 0" as petrov order new --client 1 --payment noncash --item ПК-100:0
expect_fail "negative qty" 3 "quantity '-2' of 'ПК-100'" as petrov order new --client 1 --payment noncash --item ПК-100:-2
expect_fail "bad spec" 2 "is not SKU:QTY" as petrov order new --client 1 --payment noncash --item ПК-100
expect_fail "unknown client" 4 "no client 999" as petrov order new --client 999 --payment noncash --item ПК-100:1
expect_fail "bad payment" 2 "payment must be cash or noncash, not 'card'" as petrov order new --client 1 --payment card --item ПК-100:1
expect_fail "no items" 2 "needs at least one --item" as petrov order new --client 1 --payment cash
expect_fail "client and call" 2 "exactly one of --client ID and --call ID" as petrov order new --client 1 --call 2026-1 --payment cash --item ПК-100:1
expect_fail "unknown call" 4 "no inquiry '2026-77'" as petrov order new --call 2026-77 --payment cash --item ПК-100:1
expect_fail "wrong role creates" 5 "step 5.2.3.1 .* may be done by: sales_manager; 'kuznetsov'" as kuznetsov order new --client 1 --payment noncash --item ПК-100:1
expect_fail "manager not a sales manager" 2 "'kuznetsov' is not a sales manager" as petrov order new --client 1 --payment noncash --item ПК-100:1 --manager kuznetsov
expect_fail "no such order" 4 "no order 1 of 2026" as petrov order show 1
expect_eq "bad input changed nothing" "$before" "$(snapshot "$S")"

# --- non-cash path: 5.2.3.1 → 5.2.3.2 → 5.2.3.3 ----------------------------------------
expect_ok "new non-cash order" as petrov order new --client 1 --payment noncash --item ПК-100:3 --item ДЫМ-200:10:3000
expect_match "created message" "order 2026-1 created for ООО «СибСтройМонтаж» \(885 000,00\); next: 5.2.3.1" "$OUT"
F1="$ORDERS/1 ООО «СибСтройМонтаж»/заказ.toml"
expect_ok "order folder and file" test -f "$F1"
expect_match "price from the catalog in kopecks" "price_kopecks = 28500000" "$(cat "$F1")"
expect_match "price given on the command line" "price_kopecks = 300000" "$(cat "$F1")"
expect_match "claim note is the folder tail" "note=ООО «СибСтройМонтаж»" "$(cat "$S/.gefest/numbers/order/2026/1")"
expect_ok "show" as petrov order show 1
expect_match "show: next step and who owes it" "Next step: 5.2.3.1 .* owed by: petrov \(Петров" "$OUT"
expect_match "show: total" "Total: 885 000,00, VAT: 159 590,17" "$OUT"
if locale -a 2>/dev/null | grep -qix 'ru_RU.utf-\?8'; then
    LC_ALL=ru_RU.UTF-8 expect_ok "show in Russian" as petrov order show 1
    expect_match "show in Russian: the order" "^Заказ 2026-1 от 27.11.2026 \(безналичный расчет\), статус: new$" "$OUT"
    expect_match "show in Russian: next step and who owes it" "^Следующий шаг: 5.2.3.1 .* — за: petrov \(Петров" "$OUT"
    expect_match "show in Russian: total" "^Итого: 885 000,00 ₽, НДС: 159 590,17 ₽$" "$OUT"
fi
expect_ok "show json" as petrov --format json order show 1
expect_eq "json next step" "5.2.3.1" "$(jq -r .next_step <<<"$OUT")"
expect_eq "json items" "ПК-100 3 285000.00" "$(jq -r '.items[0] | "\(.sku) \(.qty) \(.price)"' <<<"$OUT")"

before=$(snapshot "$S")
expect_fail "lead time before stock" 6 "step 5.2.3.2 «[^»]*» comes after 5.2.3.1 «[^»]*», which is not done" as petrov order lead-time 1 --ask
expect_fail "export before lead time" 6 "step 5.2.3.3 «[^»]*» comes after 5.2.3.1" as petrov order export-1c 1
expect_fail "stock by wrong role" 5 "step 5.2.3.1 .* may be done by: sales_manager; 'sklad' is warehouse" as sklad order stock 1
expect_fail "cash step on non-cash order" 6 "step 5.2.3.7 is not on the non-cash path of order 2026-1" as petrov order cash 1
expect_eq "refused steps changed nothing" "$before" "$(snapshot "$S")"

expect_ok "stock (5.2.3.1)" as petrov order stock 1
expect_match "stock: on hand per warehouse" "ПК-100 .* 3 +Склад ГП Тюмень +4 +0 +4" "$OUT"
expect_ok "show after stock" as petrov order show 1
expect_match "5.2.3.1 done by petrov" "\[x\] 5.2.3.1 .* petrov 2026-11-27T10:00:00 \(в наличии\)" "$OUT"
expect_ok "stock again only shows" as sklad order stock 1

before=$(snapshot "$S")
expect_fail "manager cannot answer" 5 "'answer' of step 5.2.3.2 «[^»]*» may be done by: head_of_planning; 'petrov' is sales_manager" as petrov order lead-time 1 --days 5
expect_fail "answer without a question" 6 "no open lead-time question on order 2026-1" as kuznetsov order lead-time 1 --days 5
expect_fail "accept without an answer" 6 "no lead-time answer to accept on order 2026-1" as petrov order lead-time 1 --accept
expect_fail "warehouse may not ask" 5 "step 5.2.3.2 .* may be done by" as sklad order lead-time 1 --ask
expect_fail "two modes" 2 "exactly one of --ask, --days D and --accept" as petrov order lead-time 1 --ask --accept
expect_eq "refused lead-time changed nothing" "$before" "$(snapshot "$S")"

expect_ok "ask" as petrov order lead-time 1 --ask --note "к 15 декабря?"
expect_fail "ask twice" 6 "a lead-time question on order 2026-1 is already open" as petrov order lead-time 1 --ask
expect_ok "show: planning owes" as petrov order show 1
expect_match "planning owes the answer" "owed by: kuznetsov" "$OUT"
expect_ok "answer" as kuznetsov order lead-time 1 --days 20 --note "долго"
expect_ok "ask again" as petrov order lead-time 1 --ask --note "быстрее?"
expect_ok "second answer" as kuznetsov order lead-time 1 --days 12
expect_match "answer printed" "lead time 12 days" "$OUT"
GEFEST_NOW=2026-11-28T09:00:00 expect_ok "accept" as petrov order lead-time 1 --accept
expect_match "promised date = answer date + days" "promised 09.12.2026" "$OUT"
expect_fail "accept twice" 6 "already done|already accepted" as petrov order lead-time 1 --accept
expect_match "lead-time history kept" "kind = \"ask\"(.|\n)*" "$(cat "$F1")"
expect_eq "four dialogue entries + accept" "5" "$(grep -c '^\[\[lead_time\]\]' "$F1")"

expect_fail "export by wrong role" 5 "step 5.2.3.3 .* may be done by: sales_manager; 'ivanova' is office_manager" as ivanova order export-1c 1
expect_ok "export to 1C (5.2.3.3)" as petrov order export-1c 1 -o "$T/orders.xml"
expect_ok "export validates against CommerceML 2.10" xmllint --noout --schema "$XSD" "$T/orders.xml"
expect_ok "export validates against CommerceML 2.08" xmllint --noout --schema "${XSD%2.10.xsd}2.08.xsd" "$T/orders.xml"
expect_match "export: the time the order was made" "<Время>10:00:00</Время>" "$(cat "$T/orders.xml")"
expect_match "export: a comment" "<Комментарий>Заказ № 2026-1 от 27.11.2026 \(gefest\), менеджер petrov" "$(cat "$T/orders.xml")"
expect_match "export: the legal address from the client base" "<ЮридическийАдрес><Представление>[^<]+</Представление></ЮридическийАдрес>" "$(tr -d '\n ' <"$T/orders.xml")"
expect_match "export: no 1C GUID known yet: the SKU is the Ид" "<Ид>ПК-100</Ид>" "$(cat "$T/orders.xml")"
expect_match "export: document" "<ХозОперация>Заказ товара</ХозОперация>" "$(cat "$T/orders.xml")"
expect_match "export: client INN" "<ИНН>7203145879</ИНН>" "$(cat "$T/orders.xml")"
expect_match "export: sum" "<Сумма>885000.00</Сумма>" "$(cat "$T/orders.xml")"
expect_match "reserved on confirm" "ПК-100;Склад ГП Тюмень;2026-1;3" "$(cat "$RES")"
expect_ok "show after export" as petrov order show 1
expect_match "status confirmed" "status: confirmed" "$OUT"
expect_match "next is 5.2.3.4" "Next step: 5.2.3.4" "$OUT"
expect_fail "export twice" 6 "step 5.2.3.3 .* of order 2026-1 is already done by petrov" as petrov order export-1c 1

# --- cash path: 5.2.3.6 → 5.2.3.7, stock reserved by the first order -------------------
expect_ok "new cash order" as sidorova order new --client 2 --payment cash --item ПК-100:2
expect_match "cash order 2" "order 2026-2 created .* next: 5.2.3.6" "$OUT"
expect_fail "cash before stock" 6 "step 5.2.3.7 «[^»]*» comes after 5.2.3.6" as sidorova order cash 2
expect_fail "lead time on a plain cash order" 6 "cash order 2026-2 has no non-standard items" as sidorova order lead-time 2 --ask
expect_ok "stock (5.2.3.6)" as sidorova order stock 2
expect_match "available = on hand − reserved" "ПК-100 .* 2 +Склад ГП Тюмень +4 +3 +1 +1" "$OUT"
expect_fail "cash by wrong role" 5 "step 5.2.3.7 .* may be done by: sales_manager, office_manager; 'sklad'" as sklad order cash 2
expect_fail "cash short of stock: refused (issue 14)" 6 "cash order 2026-2 is short of stock \(ПК-100: asked 2, available 1\)" as ivanova order cash 2
expect_ok "cash (5.2.3.7) by the office manager" as ivanova order cash 2 --override-stock --reason "второй котел привезут с завода к приезду"
expect_match "cash registered" "cash order registered" "$OUT"
expect_match "only the available unit reserved" "ПК-100;Склад ГП Тюмень;2026-2;1" "$(cat "$RES")"
expect_ok "show cash" as sidorova order show 2
expect_match "next 5.2.4.1" "Next step: 5.2.4.1 .* owed by: sidorova" "$OUT"

# --- non-standard products (5.2.7) ------------------------------------------------------
expect_ok "cash order with a non-standard item" as petrov order new --client 3 --payment cash --item ГВ-12:1 --nonstandard "Котел ПК-100 с правым теплообменником"
expect_ok "stock 3" as petrov order stock 3
expect_match "non-standard is made" "made to order" "$OUT"
before=$(snapshot "$S")
expect_fail "unpriced non-standard blocks confirm" 6 "non-standard line 2 of order 2026-3 has no price yet" as petrov order cash 3
expect_fail "only the head of sales prices" 5 "'price' of step 5.2.7 «[^»]*» may be done by: head_of_sales; 'petrov'" as petrov order price 3 --line 2 --price 310000
expect_fail "catalog line is not priced here" 6 "line 1 of order 2026-3 is a catalog item" as boss order price 3 --line 1 --price 1
expect_fail "no such line" 4 "order 2026-3 has no line 9" as boss order price 3 --line 9 --price 1
expect_eq "refused 5.2.7 steps changed nothing" "$before" "$(snapshot "$S")"
expect_ok "head of sales prices" as boss order price 3 --line 2 --price "310 000,00"
expect_fail "non-standard needs a lead time" 6 "order 2026-3 has non-standard items and needs an accepted lead time" as petrov order cash 3
expect_ok "ask (cash, non-standard)" as petrov order lead-time 3 --ask
expect_ok "answer" as kuznetsov order lead-time 3 --days 30
expect_ok "accept" as petrov order lead-time 3 --accept
expect_ok "cash 3" as petrov order cash 3
expect_ok "show 3" as petrov --format json order show 3
expect_eq "non-standard price" "310000.00 boss" "$(jq -r '.items[1].price' <<<"$OUT") $(grep -o 'priced_by = "boss"' "$ORDERS/3 ИП Захаров Дмитрий Олегович/заказ.toml" | cut -d'"' -f2)"
expect_eq "promised" "2026-12-27" "$(jq -r .promised <<<"$OUT")"

# --- an order from an inquiry (--call) ------------------------------------------------------
expect_ok "application with items" as petrov call request --client 1 --item ПК-50:2 --item ГВ-12:3
CALL=$(grep -o '2026-[0-9]*' <<<"$OUT" | head -1)
expect_ok "visit without items" as sidorova call visit --client 2
CALL2=$(grep -o '2026-[0-9]*' <<<"$OUT" | head -1)
before=$(snapshot "$S")
expect_fail "inquiry without quantities needs --item" 2 "an order needs at least one --item" as sidorova order new --call "$CALL2" --payment noncash
expect_eq "refused call order changed nothing" "$before" "$(snapshot "$S")"
expect_ok "order from the application" as petrov order new --call "$CALL" --payment noncash
expect_match "client and items of the inquiry" "order 2026-4 created for ООО «СибСтройМонтаж» \(475 700,00\)" "$OUT"
expect_match "inquiry recorded on the order" "call = \"$CALL\"" "$(cat "$ORDERS/4 ООО «СибСтройМонтаж»/заказ.toml")"
expect_ok "cancel the inquiry's order" as petrov order cancel 4 --reason "дубль"

# --- list, cancel -----------------------------------------------------------------------
expect_ok "list" as boss order list
expect_eq "list rows" "4" "$(tail -n +2 <<<"$OUT" | wc -l)"
expect_ok "list by manager" as boss --format json order list --manager sidorova
expect_eq "sidorova's orders" "2" "$(jq -r '.[].number' <<<"$OUT" | tr '\n' ' ' | xargs)"
expect_ok "list by status" as boss --format csv order list --status confirmed
expect_eq "confirmed orders" "3" "$(tail -n +2 <<<"$OUT" | wc -l)"
before=$(snapshot "$S")
expect_fail "cancel by another manager" 5 "only the order's manager 'sidorova' or the head of sales may cancel order 2026-2" as petrov order cancel 2 --reason x
expect_fail "cancel needs a reason" 2 "reason" as sidorova order cancel 2 --reason " "
expect_eq "refused cancel changed nothing" "$before" "$(snapshot "$S")"
expect_ok "cancel" as sidorova order cancel 2 --reason "клиент передумал"
expect_eq "reservations of 2 released" "" "$(grep ';2026-2;' "$RES")"
expect_match "reservations of 1 kept" ";2026-1;3" "$(cat "$RES")"
expect_fail "cancel twice" 6 "order 2026-2 is cancelled and cannot be cancelled" as sidorova order cancel 2 --reason again
expect_fail "steps of a cancelled order" 6 "^gefest: order 2026-2 is cancelled$" as sidorova order cash 2 --year 2026
expect_ok "index says cancelled" as boss order list --status cancelled
expect_match "cancelled row" "^2 .*cancelled" "$(tail -n +2 <<<"$OUT")"

# --- journal ------------------------------------------------------------------------------
J=$(cat "$S/Отдел продаж/Журнал/2026-11/"*.csv)
expect_match "journal: order.new" "order.new;order:2026-1" "$J"
expect_match "journal: lead time" "order.lead_time;order:2026-1" "$J"
expect_match "journal: export" "order.export_1c;order:2026-1" "$J"
expect_match "journal: cancel" "order.cancel;order:2026-2" "$J"

# --- import from 1C -----------------------------------------------------------------------
before=$(snapshot "$S")
printf '<?xml version="1.0"?><КоммерческаяИнформация><Каталог>' >"$T/bad.xml"
expect_fail "malformed XML changes nothing" 3 "bad.xml:1: not well-formed XML" as boss order import-1c "$CML/import0_1.xml" "$T/bad.xml"
expect_fail "import by a sales manager" 5 "step catalog «Загрузка каталога и остатков из 1С» may be done by: head_of_sales, warehouse; 'petrov' is sales_manager" as petrov order import-1c "$CML/import0_1.xml"
expect_eq "failed import changed nothing" "$before" "$(snapshot "$S")"
expect_ok "import import.xml + offers.xml" as sklad order import-1c "$CML/import0_1.xml" "$CML/offers0_1.xml"
expect_match "import counts" "catalog: 44 added, 0 updated, 44 prices; stock: 132 rows; 0 skipped" "$OUT"
expect_match "imported SKU in the catalog" "PM-421-WP;Портативный коврик Portable 140x200x1 см, Деревянные лошадки;шт;100,00" "$(cat "$S/Склад ГП/Каталог.csv")"
expect_match "imported stock per warehouse" "PM-421-WP;Владивосток;1" "$(cat "$S/Склад ГП/Остатки.csv")"
expect_match "demo catalog kept" "ПК-100;Котел" "$(cat "$S/Склад ГП/Каталог.csv")"
# A re-import of what the registers hold writes neither of them, nor a version of either
# (issue 16): only its journal row is added.
before=$(snapshot "$S" "*/Журнал/*")
expect_ok "import the same files again" as sklad order import-1c "$CML/import0_1.xml" "$CML/offers0_1.xml"
expect_match "re-import counts" "catalog: 0 added, 0 updated, 0 prices; stock: 132 rows; 0 skipped" "$OUT"
expect_eq "re-import wrote neither register" "$before" "$(snapshot "$S" "*/Журнал/*")"
# ... and still refuses a stock row of an SKU the catalog lacks, at its line, as a write would.
STOCK="$S/Склад ГП/Остатки.csv"
printf 'НЕТ-ТАКОГО;Владивосток;1\r\n' >>"$STOCK"
before=$(snapshot "$S")
expect_fail "re-import over a stock row of an unknown SKU" 3 "Остатки.csv:$(wc -l <"$STOCK"): unknown SKU 'НЕТ-ТАКОГО': not in the catalog" \
    as sklad order import-1c "$CML/import0_1.xml" "$CML/offers0_1.xml"
expect_eq "refused re-import changed nothing" "$before" "$(snapshot "$S")"
head -n -1 "$STOCK" >"$T/stock" && cat "$T/stock" >"$STOCK"
expect_ok "import a windows-1251 orders file without namespace" as sklad order import-1c "$CML/bitrix-query-response-full.xml"
expect_match "documents reported as skipped" "skipped: .*bitrix-query-response-full.xml: document .* skipped" "$OUT"
expect_ok "order from an imported SKU" as petrov order new --client 1 --payment cash --item PM-421-WP:2
expect_match "imported price used" "\(200,00\)" "$OUT"
# 1C's GUID is kept in Каталог.csv («Ид 1С») and written back as the product's Ид
expect_match "catalog keeps 1C's GUID" "^PM-421-WP;.*;bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1" "$(tr -d '\r' <"$S/Склад ГП/Каталог.csv")"
expect_match "catalog header has the column" "Срок изготовления, дней\"?;Ид 1С" "$(head -1 "$S/Склад ГП/Каталог.csv")"
expect_ok "non-cash order of an imported SKU" as petrov order new --client 1 --payment noncash --item PM-421-WP:2
N=$(grep -o 'order 2026-[0-9]*' <<<"$OUT" | head -1 | cut -d- -f2)
expect_ok "stock" as petrov order stock "$N"
expect_ok "lead time asked" as petrov order lead-time "$N" --ask
expect_ok "lead time answered" as kuznetsov order lead-time "$N" --days 5
expect_ok "lead time accepted" as petrov order lead-time "$N" --accept
expect_ok "export with the GUID" as petrov order export-1c "$N" -o "$T/guid.xml"
expect_match "Ид is 1C's GUID" "<Ид>bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1</Ид>" "$(cat "$T/guid.xml")"
expect_match "Артикул is the SKU" "<Артикул>PM-421-WP</Артикул>" "$(cat "$T/guid.xml")"
expect_ok "GUID export validates against CommerceML 2.10" xmllint --noout --schema "$XSD" "$T/guid.xml"
expect_ok "GUID export validates against CommerceML 2.08" xmllint --noout --schema "${XSD%2.10.xsd}2.08.xsd" "$T/guid.xml"

# --- 8 parallel order new → numbers 1..8 with no duplicates ------------------------------
P=$T/par
demo_share "$P"
for i in 1 2 3 4 5 6 7 8; do
    GEFEST_SHARE=$P GEFEST_LOGIN=petrov "$GEFEST_BIN" order new --client 1 --payment cash --item ГВ-12:$i >"$T/par.$i" 2>&1 &
done
wait
expect_eq "8 parallel orders: numbers 1..8" "1 2 3 4 5 6 7 8" "$(ls "$P/.gefest/numbers/order/2026" | grep -E '^[0-9]+$' | sort -n | xargs)"
expect_eq "8 folders" "8" "$(ls -d "$P/Отдел продаж/Заказы/2026/"*/ | wc -l)"
expect_eq "8 distinct created lines" "8" "$(cat "$T"/par.* | grep -o 'order 2026-[0-9]* created' | sort -u | wc -l)"
GEFEST_SHARE=$P expect_ok "parallel index" as boss --format csv order list
expect_eq "index has 8 rows" "8" "$(tail -n +2 <<<"$OUT" | wc -l)"
for n in 1 2 3 4 5 6 7 8; do
    q=$(grep -h '^qty' "$P/Отдел продаж/Заказы/2026/$n "*/заказ.toml | cut -d' ' -f3)
    [ -n "$q" ] || fail "order $n has no file"
done
pass

finish
