#!/bin/bash
# What the office manager and the others are told (issue 14): the prompt fits the
# channel (a visitor is not "transferred"; e-mail and site inquiries say who answers
# them and how), a removed (inactive) staff member is told so rather than "not in
# Сотрудники.toml", and role names come out in Russian under a Russian locale.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
MAIL=$GEFEST_SRC/tests/fixtures/mail

# --- per channel ----------------------------------------------------------------------------
expect_ok "call visit" as petrov call visit --name "ИП Гусев" --source "Сайт компании" --phone "+7 922 111 22 33"
expect_match "visit: call the manager to the visitor" '^Call the manager to the visitor: .*, ext\. 11[12]$' "$OUT"
[[ "$OUT" == *"Transfer the call"* ]] && fail "visit: told to transfer a call: $OUT" || pass
expect_ok "call new" as ivanova call new --phone 9120000011 --name "ООО «Тест»" --source Выставка
expect_match "new: transfer the call" '^Transfer the call to: .*, ext\. 11[12]$' "$OUT"
expect_ok "call email" as petrov call email "$MAIL/utf8-base64.eml"
expect_match "email: the manager answers by e-mail" '^  the manager .* answers it by e-mail \(smirnov@teplo-kurgan\.ru\)$' "$OUT"
[[ "$OUT" == *"Transfer the call"* ]] && fail "email: told to transfer a call" || pass
cat >"$T/site.json" <<'JSON'
[{"id": "site-1", "date": "2026-11-26T18:04:00", "name": "Пётр Сергеев", "phone": "+7 912 000-00-77",
  "items": [{"sku": "ПК-50", "qty": 1}]}]
JSON
expect_ok "call site" as petrov call site "$T/site.json"
expect_match "site: the manager contacts the client" '^  the manager .* contacts the client about the application \([^)]*77\)$' "$OUT"

# --- an inactive staff member ---------------------------------------------------------------
expect_ok "remove sidorova" as boss staff remove sidorova
before=$(snapshot "$S")
expect_fail "inactive: told so" 5 "^gefest: 'sidorova' is no longer active in .*Сотрудники.toml \(active = false\)" as sidorova call existing --client 1
[[ "$ERR" == *"is not in"* ]] && fail "inactive: called unknown: $ERR" || pass
expect_fail "acting for an inactive one" 5 "'sidorova' is no longer active in .*: nobody may act for them" as boss --user sidorova call existing --client 1
expect_fail "todo of an inactive one" 6 "'sidorova' is no longer active in the staff list" as boss report todo --user sidorova
expect_fail "unknown login stays unknown" 5 "login 'nobody' is not in" as nobody call existing --client 1
expect_eq "refused: nothing changed" "$before" "$(snapshot "$S")"

# --- role names under a Russian locale ------------------------------------------------------
expect_ok "staff list (English)" as boss staff list
expect_match "codes in English" '^petrov +Петров Сергей Иванович +sales_manager ' "$OUT"
expect_ok "staff list csv keeps codes" as boss --format csv staff list
expect_match "csv: codes" '^petrov;Петров Сергей Иванович;sales_manager;' "$OUT"
if locale -a 2>/dev/null | grep -qiE '^ru_RU\.utf-?8$'; then
    ru() { LC_ALL=ru_RU.UTF-8 LANG=ru_RU.UTF-8 "$@"; }
    expect_ok "ru: staff list" ru env GEFEST_LOGIN=boss "$GEFEST_BIN" staff list
    expect_match "ru: role names" '^petrov +Петров Сергей Иванович +Менеджер ОП ' "$OUT"
    expect_match "ru: head of sales" '^boss +.* +Начальник отдела продаж ' "$OUT"
    [[ "$OUT" == *sales_manager* ]] && fail "ru: a role code in the list: $OUT" || pass
    expect_ok "ru: csv keeps codes" ru env GEFEST_LOGIN=boss "$GEFEST_BIN" --format csv staff list
    expect_match "ru: csv codes" ';sales_manager;' "$OUT"
    expect_fail "ru: refusal names roles in Russian" 5 "может выполнять: .*Менеджер ОП.*; 'buh' — Бухгалтерия$" \
        ru env GEFEST_LOGIN=buh "$GEFEST_BIN" call existing --client 1
    [[ "$ERR" == *office_manager* ]] && fail "ru: role code in a refusal: $ERR" || pass
    expect_ok "ru: call visit" ru env GEFEST_LOGIN=petrov "$GEFEST_BIN" call visit --client 1
    expect_match "ru: visit prompt" '^Пригласите к посетителю менеджера: .*, доб\. 11[12]$' "$OUT"
    [[ "$OUT" == *"Передайте звонок"* ]] && fail "ru: visit says «Передайте звонок»" || pass
    expect_fail "ru: inactive" 5 "^gefest: 'sidorova' больше не работает" ru env GEFEST_LOGIN=sidorova "$GEFEST_BIN" call existing --client 1
fi

finish
