#!/bin/bash
# Issue 14, e-mail intake (gefest call email, 5.2.1.4): a Subject folded over three RFC
# 2047 encoded words keeps every word; «2 шт», «5 штук», «3 шт.», «10 pcs» are read as
# quantities; a message whose phone or ИНН is a client's links to that client instead of
# making a duplicate; attachments are kept with the inquiry under safe names (no path,
# no control characters, no ';', bounded, never over another file) and copied into the
# order's folder by `order new --call`.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
CLIENTS="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
INQ="$S/Отдел продаж/Обращения/2026"
ORDERS="$S/Отдел продаж/Заказы/2026"
journal() { cat "$S/Отдел продаж/Журнал/"*/*.csv; }
M=$T/mail
mkdir -p "$M"

python3 - "$M" <<'EOF'
import base64, sys
out = sys.argv[1]
def words(text, cuts):
    b = text.encode()
    parts, last = [], 0
    for c in cuts + [len(b)]:
        parts.append(b[last:c]); last = c
    return "\r\n ".join("=?UTF-8?B?" + base64.b64encode(p).decode() + "?=" for p in parts)
def write(name, headers, body):
    open(f"{out}/{name}", "wb").write(("\r\n".join(headers) + "\r\n\r\n" + body).encode())
subject = "Запрос цены на котлы ПК-50 и дымоходы"
# Three encoded words, a character split between the first two, the first ending in '='.
write("1-subject.eml", ["From: Иван <ivan@new.example>", "To: sales@gefest.example", "Subject: " + words(subject, [20, 41]),
                        "Message-ID: <m1@new.example>", "Content-Type: text/plain; charset=utf-8"],
      "Добрый день!\r\nНужно: ПК-50 2 шт, ДЫМ-200 — 5 штук, ГВ-12: 3 шт. и АВТ-01 x 10 pcs.\r\n")
# An unknown address, but the phone of client 1 (ООО «СибСтройМонтаж») in the signature.
write("2-phone.eml", ["From: Гусев <a.gusev@gmail.example>", "Subject: ТЕП-Т1", "Message-ID: <m2@gmail.example>",
                      "Content-Type: text/plain; charset=utf-8"],
      "Прошу счет на 2 шт ТЕП-Т1.\r\n--\r\nГусев А.В., тел. +7 (3452) 68-41-20\r\n")
# An unknown address, the ИНН of client 2 in the requisites, and two attachments with hostile names.
b64 = lambda data: base64.encodebytes(data).decode().replace("\n", "\r\n")
pdf = b64(b"%PDF-1.4 requisites\n")
mixed = ("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nРеквизиты во вложении. ИНН 7206021134, КПП 720601001\r\n"
         "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''..%2F..%2F%D0%A0%D0%B5%D0%BA%D0%B2%D0%B8%D0%B7%D0%B8%D1%82%D1%8B%3Bx%01.pdf\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" + pdf +
         "--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"requisites.pdf\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" + pdf +
         "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"requisites.pdf\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" + b64(b"second") + "--b1--\r\n")
write("3-inn.eml", ["From: zakupki2@tmz.example", "Subject: =?UTF-8?Q?=D0=97=D0=B0=D0=BA=D0=B0=D0=B7_=D0=9F=D0=9A-100?=",
                    "Message-ID: <m3@tmz.example>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b1"],
      mixed.replace("Реквизиты во вложении.", "Реквизиты во вложении. ПК-100 1 шт."))
EOF

clients_before=$(grep -c . "$CLIENTS")
expect_ok "import" as petrov call email "$M/1-subject.eml" "$M/2-phone.eml" "$M/3-inn.eml"
expect_match "subject: every word kept" '""subject"":""Запрос цены на котлы ПК-50 и дымоходы""' "$(journal)"
expect_match "quantities" '""qty"":2,""sku"":""ПК-50"".*""qty"":5,""sku"":""ДЫМ-200"".*""qty"":3,""sku"":""ГВ-12"".*""qty"":10,""sku"":""АВТ-01""' \
    "$(journal | grep -a 'call:2026-1;')"
expect_match "«2 шт» before the SKU" '""qty"":2,""sku"":""ТЕП-Т1""' "$(journal | grep -a 'call:2026-2;')"
expect_match "phone of client 1: linked to it" "2-phone.eml: inquiry 2026-2 recorded: client 1 'ООО «СибСтройМонтаж»', manager petrov" "$OUT"
expect_match "ИНН of client 2: linked to it" "3-inn.eml: inquiry 2026-3 recorded: client 2 'АО «Тобольский механический завод»', manager sidorova" "$OUT"
expect_eq "one new client only (the unknown sender of message 1)" "$((clients_before + 1))" "$(grep -c . "$CLIENTS")"
expect_match "attachments listed" "attachments kept with inquiry 2026-3: Реквизиты_x_.pdf, requisites.pdf, requisites \(2\).pdf" "$OUT"
expect_eq "saved with the inquiry, safe names, none overwritten" "requisites (2).pdf|requisites.pdf|Реквизиты_x_.pdf" \
    "$(ls "$INQ/3" | sort | paste -sd'|')"
expect_eq "the bytes kept" "second" "$(cat "$INQ/3/requisites (2).pdf")"
expect_eq "nothing outside the inquiry's folder" "3" "$(find "$S/Отдел продаж/Обращения" -type f | wc -l)"

expect_ok "import again: nothing new" as petrov call email "$M/3-inn.eml"
expect_eq "no second copy" "3" "$(find "$S/Отдел продаж/Обращения" -type f | wc -l)"

expect_ok "order from the e-mail inquiry: its lines from the message" as sidorova order new --call 2026-3 --payment noncash
expect_match "documents copied (by name)" "documents of inquiry 2026-3 copied into the order's folder: requisites \(2\).pdf, requisites.pdf, Реквизиты_x_.pdf" "$OUT"
D1=$(dirname "$(ls "$ORDERS"/1\ */заказ.toml)")
expect_eq "in the order's folder" "second" "$(cat "$D1/requisites (2).pdf")"
expect_match "journal order.new lists them" 'order\.new;order:2026-1;.*""documents"":\[""requisites \(2\).pdf"",""requisites.pdf"",""Реквизиты_x_.pdf""\]' "$(journal)"
expect_ok "order from the first inquiry takes its quantities" as petrov order new --call 2026-1 --payment noncash
expect_match "4 lines" "order 2026-2 created" "$OUT"
expect_eq "ПК-50 × 2 on the order" "2" "$(awk '/^sku = "ПК-50"/ { on = 1 } on && /^qty = / { print $3; exit }' "$ORDERS"/2\ */заказ.toml)"

finish
