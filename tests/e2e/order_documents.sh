#!/bin/bash
# 5.2.5 document storage (issue 14): order show lists every document of the order — made
# (contract, specification, invoice, pick list), sent (the invoice's e-mail), received
# (a file put into the order's folder, e.g. an e-mail attachment) — with the step each
# belongs to: from the journal where a row names the file, else by its name; text, csv
# (order show --documents) and json; the 1C file of 5.2.3.3 as the journal names it.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
ORDERS="$S/Отдел продаж/Заказы/2026"

# a cash order to the pick list (5.2.4.1)
expect_ok "cash order" as petrov order new --client 1 --manager petrov --payment cash --item ГВ-12:1
expect_ok "stock" as petrov order stock 1
expect_ok "cash registered" as ivanova order cash 1
expect_ok "notify the warehouse" as ivanova ship notify 1 --arrival "2026-11-28 14:30"
expect_ok "show --documents csv" as petrov --format csv order show 1 --documents
OUT=$(tr -d '\r' <<<"$OUT")  # CSV lines end in CRLF
expect_match "pick list: made at 5.2.4.1 by ivanova, from the journal" \
    '^Лист подбора 2026-1\.html;made;pick_list;5\.2\.4\.1;Наличный расчет: извещение склада о приезде клиента;2026-11-27T10:00:00;ivanova;' "$OUT"

# a non-cash order to the invoice sent (5.2.3.5)
expect_ok "non-cash order" as petrov order new --client 2 --manager petrov --payment noncash --item ГВ-12:1
expect_ok "stock" as petrov order stock 2
expect_ok "lead time asked" as petrov order lead-time 2 --ask
expect_ok "lead time answered" as kuznetsov order lead-time 2 --days 5
expect_ok "lead time accepted" as petrov order lead-time 2 --accept
expect_ok "1C" as petrov order export-1c 2 -o "$T/2.xml"
expect_ok "contract" as petrov order contract 2
expect_ok "invoice" as petrov invoice issue 2
expect_ok "invoice sent" as petrov invoice send 2026-1
D2=$(dirname "$(ls "$ORDERS"/2\ */заказ.toml)")
printf '%%PDF-1.4 реквизиты\n' >"$D2/Карточка предприятия.pdf"   # an attachment saved with the order

expect_ok "show (text)" as petrov order show 2
expect_match "text: documents section" '^Documents:$' "$OUT"
expect_match "text: contract at 5.2.3.4" '^  Договор № .*\.html — made, 5\.2\.3\.4 «Безналичный расчет: подготовка договора и спецификации»' "$OUT"
expect_match "text: specification" '^  Спецификация № .*— made, 5\.2\.3\.4 ' "$OUT"
expect_match "text: invoice at 5.2.3.5" '^  Счет № 1 от 27\.11\.2026\.html — made, 5\.2\.3\.5 ' "$OUT"
expect_match "text: the e-mail sent" '\.eml — sent, 5\.2\.3\.5 .*, petrov$' "$OUT"
expect_match "text: the attachment received, no step" '^  Карточка предприятия\.pdf — received, step not known' "$OUT"
[[ "$OUT" == *"заказ.toml"* ]] && fail "the order's record listed as a document" || pass

expect_ok "show --documents csv" as petrov --format csv order show 2 --documents
OUT=$(tr -d '\r' <<<"$OUT")  # CSV lines end in CRLF
expect_match "csv: header" "^.?Document;Made/sent/received;Kind;Step;Step name;When;Who;Where$" "$(head -1 <<<"$OUT")"
expect_match "csv: the 1C file the journal names" "^2\.xml;made;export_1c;5\.2\.3\.3;.*;petrov;$T/2\.xml$" "$OUT"
expect_match "csv: received" '^Карточка предприятия\.pdf;received;other;;;' "$OUT"
expect_match "csv: the message" ';sent;message;5\.2\.3\.5;' "$OUT"
expect_eq "csv: six documents (five files and the 1C file)" "6" "$(tail -n +2 <<<"$OUT" | wc -l)"
expect_ok "show json" as petrov --format json order show 2
expect_eq "json: documents in order show" "6" "$(jq '.documents | length' <<<"$OUT")"
expect_eq "json: the invoice's step" "5.2.3.5" "$(jq -r '.documents[] | select(.kind=="invoice") | .step' <<<"$OUT")"
expect_eq "json: the message is not in the folder" "false" "$(jq -r '.documents[] | select(.kind=="message") | .in_folder' <<<"$OUT")"
expect_ok "show --documents json" as petrov --format json order show 2 --documents
expect_eq "json: the same list" "6" "$(jq 'length' <<<"$OUT")"

finish
