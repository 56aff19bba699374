#!/bin/bash
# Issue 14: a client without an ИНН but with an e-mail gets payment reminders; a survey
# replaced in the same second as the first score counts (the replacement); form
# 02-006-01 shows a client merged away as the client kept and does not count it as a
# new client.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
INV="$S/Отдел продаж/Заказы/2026/Счета 2026.csv"
cat >>"$S/gefest.toml" <<'EOF'

[payments]
remind_after_days = 1
escalate_after_days = 3
client_template = "Отдел продаж/Шаблоны/Напоминание клиенту.txt"
EOF
printf 'Счет № {invoice} от {date} не оплачен: остаток {balance}.\n{company}\n' >"$S/Отдел продаж/Шаблоны/Напоминание клиенту.txt"

# --- reminders to a client without an ИНН ------------------------------------------------------
expect_ok "a client without an ИНН" as ivanova client add --name "Смирнов Петр Ильич" --form "физ. лицо" --email smirnov@example.ru \
    --phone 89120001122 --source Выставка --manager petrov
expect_ok "its order" as petrov order new --client 6 --payment noncash --item ГВ-12:1
printf '\xef\xbb\xbf№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r
1;20.11.2026;2026-1;Смирнов Петр Ильич;;48900,00;8818,03;25.11.2026;0,00;sent\r
' >"$INV"
expect_ok "reminders due" as buh invoice remind
expect_match "the client is reminded at its e-mail" "would send: invoice 2026-1 .*reminder to Смирнов Петр Ильич <smirnov@example.ru>" "$OUT"
expect_ok "sent" as buh invoice remind --send
expect_match "sent to the client" "sent: invoice 2026-1 .*Смирнов Петр Ильич <smirnov@example.ru>" "$OUT"
expect_eq "no «no e-mail on file»" "0" "$(grep -c 'no e-mail on file' <<<"$OUT")"

# --- a survey replaced in the same second ------------------------------------------------------
expect_ok "first score, by the manager" as petrov survey 1 --score 2
expect_ok "replaced by the head of sales in the same second" as boss survey 1 --score 5 --replace
expect_ok "report managers" as boss --format json report managers --month 2026-11
expect_match "the replacement counts" '"avg_score": "5.00"' "$OUT"

# --- form 02-006-01: a client merged away, an order never confirmed -----------------------------
expect_ok "a call from a duplicate of client 1" as ivanova call new --phone "8 999 111-22-33" --name "СибСтройМонтаж (Гусев)" --source Выставка
expect_match "a new client 7" "new client No. 7" "$OUT"
expect_ok "merged into client 1" as ivanova client merge 1 7
expect_ok "cash order confirmed" as petrov order new --client 5 --payment cash --item ДЫМ-200:2
expect_ok "stock" as petrov order stock 2
# Later than the rows of petrov's segment: rows of one second are read segment by segment.
expect_ok "registered" env GEFEST_NOW=2026-11-27T11:00:00 GEFEST_LOGIN=ivanova "$GEFEST_BIN" order cash 2
expect_ok "report requests" as boss --format json report requests --month 2026-11
expect_eq "the inquiry shows the client kept, not as a new client" "1 ООО «СибСтройМонтаж» false" \
    "$(jq -r '.rows[] | select(.kind == "inquiry" and .id == "2026-1") | "\(.client) \(.client_name) \(.new_client)"' <<<"$OUT")"
expect_eq "the client merged away is not shown" "0" "$(grep -c 'Гусев' <<<"$OUT")"
expect_eq "no new client counted" "0" "$(jq -r '.by_source_totals[0].new_clients' <<<"$OUT")"

finish
