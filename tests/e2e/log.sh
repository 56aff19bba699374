#!/bin/bash
# gefest log (issue 14): the audit trail from the journal as people read it — one line
# per event (when, who and for whom, what, which record), filtered by order, client,
# person and period, in text, csv and json; with refused steps (step.refused) and hand
# edits taken (record.hand_edit); Russian under a Russian locale; bad options refused.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
REG="$S/Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"
at() { local when=$1 who=$2; shift 2; GEFEST_NOW=$when GEFEST_LOGIN=$who "$GEFEST_BIN" "$@" >/dev/null || fail "setup: $*"; }

at 2026-10-30T09:00:00 ivanova call new --phone 9120000009 --name "ООО «Октябрь»" --source Справочник
at 2026-11-02T09:00:00 ivanova call new --phone 9120000001 --name "ООО «Альфа»" --source Выставка --product ПК-100:2
CLIENT=$(grep -c '^[0-9]' "$REG")   # the client the inquiry made: the last of the base
at 2026-11-03T10:00:00 petrov order new --call 2026-2 --payment noncash --manager petrov
at 2026-11-03T11:00:00 petrov order stock 1
GEFEST_NOW=2026-11-03T12:00:00 as sklad order lead-time 1 --ask 2>/dev/null && fail "the warehouse asked a lead time"
GEFEST_NOW=2026-11-03T12:30:00 as sidorova order lead-time 1 --ask 2>/dev/null && fail "another manager asked a lead time"
at 2026-11-04T09:00:00 boss --user petrov call existing --client 1
# a hand edit of the client base, taken by the next change
at 2026-11-05T09:00:00 ivanova client edit 2 --contact "Мельникова Т. Ю."
sed -i '/^3;/ s/;Ишим;/;г. Ишим;/' "$REG"; touch -d "@$(( $(date +%s) + 2 ))" "$REG"
at 2026-11-05T10:00:00 ivanova client edit 2 --contact "Мельникова Т. Ю., доб. 2"
export GEFEST_NOW=2026-11-06T12:00:00 GEFEST_LOGIN=boss

# --- the month, as text -----------------------------------------------------------------------
expect_ok "log --month" gefest log --month 2026-11
expect_match "header" '^When +Who +What +Record$' "$OUT"
expect_match "inquiry: when, who, what, record" \
    "^02\.11\.2026 09:00 +ivanova \(Иванова Мария Петровна\) +inquiry 2026-2 \(new\): client $CLIENT «ООО «Альфа»» \(new\), manager [a-z]+ +call:2026-2$" "$OUT"
expect_match "order made" "^03\.11\.2026 10:00 +petrov \(Петров Сергей Иванович\) +order made for client $CLIENT «ООО «Альфа»»: noncash, .*, manager petrov +order:2026-1$" "$OUT"
expect_match "step done" '^03\.11\.2026 11:00 +petrov .* +step 5\.2\.3\.1 done: в наличии +order:2026-1$' "$OUT"
expect_match "refused step" '^03\.11\.2026 12:00 +sklad \(Васильев Игорь Николаевич\) +refused: step 5\.2\.3\.2 ask \(order lead-time\), roles warehouse +step:5\.2\.3\.2$' "$OUT"
expect_match "refused on another's order" '^03\.11\.2026 12:30 +sidorova .* +refused: step 5\.2\.3\.2 ask \(order lead-time\), roles sales_manager +order:2026-1$' "$OUT"
expect_match "acting for someone" '^04\.11\.2026 09:00 +boss for petrov \(Петров Сергей Иванович\) +inquiry 2026-3 \(existing\)' "$OUT"
expect_match "hand edit taken" 'hand edit of Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов\.csv taken: cells changed: 3 Город «Ишим» → «г\. Ишим»' "$OUT"
expect_match "client changed" 'client «АО «Тобольский механический завод»» changed: contact' "$OUT"
if grep -q '30\.10\.2026' <<<"$OUT"; then fail "October in November's log"; else pass; fi
expect_ok "default: this month" gefest log
expect_eq "default period is November" "$(gefest log --month 2026-11)" "$OUT"

# --- filters ---------------------------------------------------------------------------------------
expect_ok "--order" gefest --format csv log --order 2026-1
expect_eq "order: its rows only" "order.new order.step step.refused" "$(tail -n +2 <<<"$OUT" | cut -d';' -f5 | tr '\n' ' ' | sed 's/ $//')"
expect_ok "--order N (this year's)" gefest --format csv log --order 1
expect_eq "same rows" "3" "$(tail -n +2 <<<"$OUT" | wc -l)"
expect_ok "--person sklad" gefest --format csv log --person sklad --from 2026-10-01
expect_eq "person: the refusal only" "step.refused" "$(tail -n +2 <<<"$OUT" | cut -d';' -f5)"
expect_ok "--person petrov: also what was done for them" gefest --format csv log --person petrov
expect_match "acted for petrov" '^2026-11-04T09:00:00;boss;petrov;' "$OUT"
expect_ok "--client" gefest --format json log --client "$CLIENT" --from 2026-10-01 --to 2026-11-30
expect_eq "client: its record, inquiry, order, step, refusal" "client.add call.new order.new order.step step.refused" \
    "$(jq -r '[.[].kind] | join(" ")' <<<"$OUT")"
expect_eq "json: fields" "kind,login,name,object,on_behalf,source,time,what" "$(jq -r '.[0] | keys | join(",")' <<<"$OUT")"
expect_match "json: source names the segment and line" 'Журнал/2026-11/.*\.csv:[0-9]+$' "$(jq -r '.[0].source' <<<"$OUT")"
expect_ok "--from/--to" gefest --format csv log --from 30.10.2026 --to 2026-10-31
expect_eq "October: the client and its inquiry" "client.add call.new" "$(tail -n +2 <<<"$OUT" | cut -d';' -f5 | tr '\n' ' ' | sed 's/ $//')"

# --- bad options: exit 2, nothing written ------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "month and from" 2 "" gefest log --month 2026-11 --from 2026-11-01
expect_fail "bad month" 2 "--month must be YYYY-MM" gefest log --month 11.2026
expect_fail "bad order" 2 "--order 'x-1' is not an order" gefest log --order x-1
expect_fail "bad client" 2 "--client 'abc' is not a number" gefest log --client abc
expect_fail "backwards" 2 "the period ends \(2026-11-01\) before it starts \(2026-11-30\)" gefest log --from 2026-11-30 --to 2026-11-01
expect_eq "log wrote nothing" "$before" "$(snapshot "$S")"

# --- in Russian ----------------------------------------------------------------------------------------
if locale -a 2>/dev/null | grep -qiE '^ru_RU\.utf-?8$'; then
    expect_ok "ru: log" env LC_ALL=ru_RU.UTF-8 "$GEFEST_BIN" log --month 2026-11
    expect_match "ru: header" '^Когда +Кто +Что +Запись$' "$OUT"
    expect_match "ru: inquiry" 'обращение 2026-2 \(new\): клиент' "$OUT"
    expect_match "ru: refused" 'отказано: шаг 5\.2\.3\.2 ask \(order lead-time\), роли Склад ГП' "$OUT"
    expect_match "ru: for someone" 'boss за petrov' "$OUT"
fi

finish
