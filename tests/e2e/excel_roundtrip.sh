#!/bin/bash
# Registers after a round trip through Excel ru-RU (double-click, edit, «Сохранить как
# CSV»): windows-1251, ';', dates and numbers re-typed, leading zeros lost, trailing
# separators, "Unicode Text". What can be known for sure is read back (and a restored
# ИНН journaled when written); what cannot is refused at FILE:LINE with the fix, and a
# refused command changes nothing.
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null || { echo "python3 is needed to rewrite the registers as Excel does"; exit 77; }
command -v iconv >/dev/null || { echo "iconv is needed"; exit 77; }

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
REG="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
INV="$S/Отдел продаж/Заказы/2026/Счета 2026.csv"
journal() { GEFEST_LOGIN=boss gefest debug journal-dump; }
# touch_later FILE: a hand edit is newer than gefest's last version of the file
touch_later() { touch -d "@$(( $(date +%s) + 2 ))" "$1"; }

# excel_save IN OUT [SED]: the register as Excel ru-RU saves it after a double-click:
# cp1251 without BOM, ISO dates as DD.MM.YYYY, number-like cells without their leading
# zeros, a ';' after every line (a cleared column beyond the header), and SED applied.
excel_save() {
    python3 - "$1" "$T/excel.txt" <<'PY'
import csv, io, re, sys
rows = list(csv.reader(io.open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\r\n")
for r in rows:
    cells = []
    for c in r:
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", c)
        if m: c = "%s.%s.%s" % (m.group(3), m.group(2), m.group(1))
        elif re.fullmatch(r"0\d{8,11}", c): c = c.lstrip("0")
        cells.append(c)
    w.writerow(cells + [""])
open(sys.argv[2], "w", encoding="utf-8", newline="").write(out.getvalue())
PY
    sed -i "${3:-}" "$T/excel.txt" 2>/dev/null
    iconv -f UTF-8 -t CP1251 "$T/excel.txt" >"$2"
    touch_later "$2"
}

# --- the client base: an ИНН and КПП whose leading zero Excel dropped ---------------------
# Client 1 of the demo is in Адыгея (ИНН 0105012349, КПП 010501001), as gefest wrote it.
sed -i 's/;7203145879;720301001;/;0105012349;010501001;/' "$REG"
cp "$REG" "$T/clients-good.csv"
excel_save "$T/clients-good.csv" "$REG"
expect_match "Excel dropped the zeros" "^1;ООО «СибСтройМонтаж»;ООО;105012349;10501001;.*;14.09.2026;.*;$" "$(iconv -f CP1251 -t UTF-8 "$REG" | tr -d '\r')"
# (The client base's look-up index, a derived file under .gefest/state, is what a reader may make.)
IDX='./.gefest/state/*/index'
before=$(snapshot "$S" "$IDX")
expect_ok "client list reads it" as ivanova client list
expect_ok "client show: ИНН and КПП restored" as ivanova client show 1 --format json
expect_match "ИНН restored" '"inn": "0105012349"' "$OUT"
expect_match "КПП restored" '"kpp": "010501001"' "$OUT"
expect_match "date read back as ISO" '"added": "2026-09-14"' "$OUT"
expect_eq "readers changed nothing" "$before" "$(snapshot "$S" "$IDX")"
expect_ok "check: a warning, not a failure" as boss check
expect_match "check names the restoration" "База клиентов.csv:2: warning: ИНН '105012349' read as '0105012349': Excel dropped its leading zero" "$OUT $ERR"
expect_ok "client edit writes the register back" as ivanova client edit 1 --city 'г. Тюмень'
expect_match "written back restored, UTF-8, no trailing ';'" "^1;ООО «СибСтройМонтаж»;ООО;0105012349;010501001;.*;г. Тюмень;.*;2026-09-14;[^;]*;директора;Сидоренко Ивана Павловича;Устава$" "$(tr -d '\r' <"$REG")"
expect_eq "written back with BOM" "efbbbf" "$(head -c3 "$REG" | od -An -tx1 | tr -d ' \n')"
expect_match "journal: client.repair" $'client.repair\tclient:1\t.*"inn":\\{"from":"105012349","to":"0105012349"\\}' "$(journal)"
expect_match "journal: then the edit" $'client.edit\tclient:1\t' "$(journal)"

# --- a number in exponent form is refused at FILE:LINE, nothing changes ---------------------
cp "$REG" "$T/clients-good.csv"
excel_save "$T/clients-good.csv" "$REG" 's/;7206021134;/;7,20602E+09;/'
before=$(snapshot "$S")
expect_fail "exponent ИНН: list" 3 "База клиентов.csv:3: ИНН '7,20602E\+09': Excel changed this number; format the column as text" \
    as ivanova client list
expect_fail "exponent ИНН: add" 3 "База клиентов.csv:3: ИНН '7,20602E\+09': Excel changed this number" \
    as ivanova client add --name 'Новый' --phone 89000000001
expect_eq "refusals changed nothing" "$before" "$(snapshot "$S")"
excel_save "$T/clients-good.csv" "$REG" 's/;+73456241890;/;7,34562E+10;/'
expect_fail "exponent phone" 3 "База клиентов.csv:3: Телефоны '7,34562E\+10': Excel changed this number" as ivanova client list
cp "$T/clients-good.csv" "$REG"; touch_later "$REG"

# --- "Unicode Text": UTF-16 with a BOM, tab separated ---------------------------------------
python3 - "$REG" "$T/unicode.txt" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
out = io.StringIO()
csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
open(sys.argv[2], "wb").write(b"\xff\xfe" + out.getvalue().encode("utf-16-le"))
PY
cp "$T/unicode.txt" "$REG"; touch_later "$REG"
expect_ok "Unicode Text read" as ivanova client show 2 --format json
expect_match "Unicode Text: Cyrillic intact" '"name": "АО «Тобольский механический завод»"' "$OUT"
cp "$T/clients-good.csv" "$REG"; touch_later "$REG"

# --- the invoice register: a stripped ИНН must not misroute a payment -----------------------
expect_ok "order 1" as petrov order new --client 1 --payment noncash --item ПК-100:1
printf '\xef\xbb\xbf№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r
1;20.11.2026;2026-1;ООО «СибСтройМонтаж»;0105012349;11800,00;2127,87;2026-11-25;0,00;sent\r
' >"$INV"
cp "$INV" "$T/invoices-good.csv"
excel_save "$T/invoices-good.csv" "$INV" 's/;11800,00;/;11800;/; s/;0,00;/;0;/'
expect_match "Excel dropped the zero and the kopecks" "^1;20.11.2026;2026-1;ООО «СибСтройМонтаж»;105012349;11800;2127,87;25.11.2026;0;sent;$" \
    "$(iconv -f CP1251 -t UTF-8 "$INV" | tr -d '\r')"
{
    printf '1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810806710000123\n'
    printf 'СекцияДокумент=Платежное поручение\nНомер=501\nДата=25.11.2026\nСумма=11800.00\nПлательщикСчет=40702810400000000010\n'
    printf 'ПлательщикИНН=0105012349\nПлательщик1=ООО «СибСтройМонтаж»\nПолучательСчет=40702810806710000123\nПолучательИНН=7203001235\n'
    printf 'ДатаПоступило=25.11.2026\nНазначениеПлатежа=Оплата по счету № 1 от 20.11.2026\nКонецДокумента\nКонецФайла\n'
} | sed 's/$/\r/' | iconv -f UTF-8 -t CP1251 >"$T/statement.txt"
S0=$T/share0
cp -r "$S" "$S0"
expect_ok "import the payment" as buh invoice import-bank "$T/statement.txt"
expect_match "the payment finds the invoice of the stripped ИНН" "invoice 2026-1 paid in full" "$OUT"
expect_match "the register written back restored" "^1;20.11.2026;2026-1;ООО «СибСтройМонтаж»;0105012349;11800,00;2127,87;25.11.2026;11800,00;оплачен$" \
    "$(tr -d '\r' <"$INV")"

# --- an order key Excel made a date: refused at FILE:LINE, nothing changes -----------------
for key in 'янв.26' 'янв.2026' '01.янв'; do
    cp -r "$S0" "$T/share-$key"
    I="$T/share-$key/Отдел продаж/Заказы/2026/Счета 2026.csv"
    iconv -f CP1251 -t UTF-8 "$I" | sed "s/;2026-1;/;$key;/" | iconv -f UTF-8 -t CP1251 >"$I.new" && mv "$I.new" "$I"
    touch_later "$I"
    before=$(snapshot "$T/share-$key")
    expect_fail "key '$key' refused" 3 "Счета 2026.csv:2: Заказ '$key': Excel turned this key into a date; format the column as text" \
        as buh --share "$T/share-$key" invoice import-bank "$T/statement.txt"
    expect_eq "key '$key': nothing changed" "$before" "$(snapshot "$T/share-$key")"
done

finish
