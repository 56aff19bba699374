#!/bin/bash
# PDF by default: with chromium on the machine (Debian's `chromium`; .ci/deps installs it
# and poppler-utils) and no [documents] pdf, the invoice and the УПД get a PDF beside the
# HTML. Read back with poppler: one page each, A4 portrait (invoice) and A4 landscape
# (УПД), the text holds the totals and the amount in words. The order's folder name has
# a «;» and a «#» (a client named so): the converter still gets the right file.
# Skipped (exit 77) only when chromium or poppler-utils is not installed.
. "$(dirname "$0")/lib/common.sh"

for p in chromium pdfinfo pdftotext; do
    if ! command -v "$p" >/dev/null && ! command -v chromium-browser >/dev/null; then
        echo "SKIP: $p is not installed (apt-get install chromium poppler-utils; .ci/deps installs them)"
        exit 77
    fi
done

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
expect_ok "client with «;» and «#» in the name" as ivanova client add --name 'ООО «Альфа; Бета #2»' --form ООО --inn 7203123459 \
    --city Тюмень --address '625000, г. Тюмень, ул. Мира, д. 2' --phone 83452200200 --email snab@alfa.example --source Выставка --manager petrov
CID=$(grep -o 'added client [0-9]*' <<<"$OUT" | grep -o '[0-9]*$')
expect_ok "order" as petrov order new --client "$CID" --payment noncash --item ПК-100:3 --item ДЫМ-200:10:3000
for step in "order stock 1" "order lead-time 1 --ask"; do expect_ok "$step" as petrov $step; done
expect_ok "lead time answered" as kuznetsov order lead-time 1 --days 10
expect_ok "lead time accepted" as petrov order lead-time 1 --accept
expect_ok "1C" as petrov order export-1c 1 -o "$T/1.xml"
expect_ok "invoice issue (PDF by default)" as petrov invoice issue 1
expect_eq "no 'no PDF' note" "" "$(grep 'no PDF' <<<"$OUT")"
F1=$(dirname "$(ls "$S/Отдел продаж/Заказы/2026/"1\ */заказ.toml)")
expect_match "the folder name keeps the «;»" ";" "$(basename "$F1")"
PDF="$F1/Счет № 1 от 27.11.2026.pdf"
expect_ok "invoice PDF made" test -s "$PDF"
INFO=$(pdfinfo "$PDF")
expect_match "invoice: one page" "^Pages: +1$" "$INFO"
expect_match "invoice: A4 portrait" "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" "$INFO"
TEXT=$(pdftotext -layout "$PDF" - | tr -s ' ')
expect_match "invoice PDF: the total" "885 000,00" "$TEXT"
expect_match "invoice PDF: the amount in words" "Восемьсот восемьдесят пять тысяч рублей 00 копеек" "$TEXT"

expect_ok "contract" as petrov order contract 1
expect_ok "invoice sent (to the outbox)" as petrov invoice send 2026-1
expect_ok "shipping order unpaid" as boss ship order 1 --override-unpaid --reason "гарантийное письмо"
expect_ok "carrier" as petrov ship carrier 1 --choose ПЭК
expect_ok "documents (the УПД)" as petrov ship docs 1
UPD="$F1/УПД № 1 от 27.11.2026.pdf"
expect_ok "УПД PDF made" test -s "$UPD"
INFO=$(pdfinfo "$UPD")
expect_match "УПД: one page" "^Pages: +1$" "$INFO"
expect_match "УПД: A4 landscape" "^Page size: +84[12](\.[0-9]+)? x 59[45](\.[0-9]+)? pts \(A4\)" "$INFO"
TEXT=$(pdftotext -layout "$UPD" - | tr -s ' ')
expect_match "УПД PDF: the heading" "Счет-фактура № 1 от 27.11.2026" "$TEXT"
expect_match "УПД PDF: the total with tax" "885 000,00" "$TEXT"
expect_match "УПД PDF: the amount in words" "Восемьсот восемьдесят пять тысяч рублей 00 копеек" "$TEXT"
expect_match "УПД PDF: the account-like numbers do not wrap" "7203001235" "$TEXT"
expect_match "queue lists the PDF" "УПД № 1 от 27.11.2026.pdf" "$(cat "$S/Склад ГП/Очередь склада.csv")"
PACK="$F1/Упаковочный лист 2026-1.pdf"
expect_match "packing list: A4 portrait" "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" "$(pdfinfo "$PACK")"

finish
