#!/bin/bash
# The orders index Заказы <year>.csv on a share where it has outgrown [orders]
# index_live_kib (here 0: never): an order's steps only note the order; order list
# shows every change and brings the file up to date; gefest check sees the noted rows
# and changes nothing, --repair writes them; a bad index_live_kib is refused.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n\n[orders]\nindex_live_kib = 0\n' >>"$S/gefest.toml"
INDEX="$S/Отдел продаж/Заказы/2026/Заказы 2026.csv"
NOTES="$S/.gefest/notes/orders-2026"
# the index's row of order N, "" if it has none
row() { grep -a "^$1;" "$INDEX" 2>/dev/null; }

expect_ok "order new" as petrov order new --client 1 --payment noncash --item ПК-100:1
expect_eq "the index not written by the step" "" "$(ls "$INDEX" 2>/dev/null)"
expect_match "the order noted" "order:|2026-1" "$(cat "$NOTES"/*/*.csv | tr ';' '|')"
expect_ok "stock" as petrov order stock 1
expect_match "order list shows the step done" "^1;2026-11-27;1;.*;petrov;noncash;new;285000,00;5.2.3.2" \
    "$(as petrov --format csv order list | tr -d '"')"
expect_match "and wrote the index" "^1;27.11.2026;1;.*;5.2.3.2;1 " "$(row 1)"

expect_ok "lead time asked" as petrov order lead-time 1 --ask
expect_ok "answered" as kuznetsov order lead-time 1 --days 10
expect_ok "accepted: next 5.2.3.3" as petrov order lead-time 1 --accept
expect_match "the file behind the order" ";5.2.3.2;" "$(row 1)"
# gefest check holds the orders against the index with the noted rows made anew, and
# writes nothing.
before=$(snapshot "$S")
OUT=$(as boss check 2>&1); RC=$?
expect_eq "check passes while the file is behind" "0" "$RC"
expect_eq "check changed nothing" "$before" "$(snapshot "$S")"
OUT=$(as boss check --repair 2>&1); RC=$?
expect_eq "check --repair passes" "0" "$RC"
expect_match "--repair brought the file up to date" ";5.2.3.3;" "$(row 1)"

# Many orders noted, the file written once by the listing.
for n in 2 3 4; do expect_ok "order $n" as sidorova order new --client 2 --payment cash --item ДЫМ-200:1; done
expect_eq "rows 2-4 not in the file yet" "" "$(row 2)$(row 3)$(row 4)"
expect_eq "order list of sidorova" "3" "$(as boss --format csv order list --manager sidorova | tail -n +2 | wc -l)"
expect_match "now in the file" "^4;.*;sidorova;наличный;" "$(row 4)"
expect_ok "list again (nothing noted since)" as boss order list
expect_eq "the file is as the orders are: check --repair rebuilds nothing" "" \
    "$(as boss check --repair 2>&1 | grep 'rebuilt from the')"

# The notes lost (someone cleaned .gefest): a later step is still seen.
rm -rf "$NOTES"
expect_ok "stock" as sidorova order stock 2
expect_ok "cash registered" as ivanova order cash 2
expect_match "seen after the notes were lost" "^2;.*;confirmed;" "$(as boss --format csv order list | tr -d '"')"
expect_match "and written" "^2;.*;подтвержден;3150,50;5.2.4.1;" "$(row 2)"

# Orders made and changed by 8 people at once while others list them: every change is
# in the index, whichever listing wrote it, and only once.
for live in 0 512; do
    P=$T/par$live
    demo_share "$P"
    printf '\n[documents]\npdf = "off"\n\n[orders]\nindex_live_kib = %s\n' "$live" >>"$P/gefest.toml"
    for i in 1 2 3 4 5 6 7 8; do
        GEFEST_SHARE=$P GEFEST_LOGIN=petrov "$GEFEST_BIN" order new --client 1 --payment cash --item ГВ-12:$i >"$T/new.$i" 2>&1 &
        [ $((i % 2)) = 0 ] && GEFEST_SHARE=$P GEFEST_LOGIN=boss "$GEFEST_BIN" order list >/dev/null 2>&1 &
    done
    wait
    for i in 1 2 3 4 5 6 7 8; do
        GEFEST_SHARE=$P GEFEST_LOGIN=petrov "$GEFEST_BIN" order stock $i >"$T/stock.$i" 2>&1 &
        [ $((i % 2)) = 0 ] && GEFEST_SHARE=$P GEFEST_LOGIN=boss "$GEFEST_BIN" order list >/dev/null 2>&1 &
    done
    wait
    expect_eq "live $live: every step done" "16" "$(cat "$T"/new.* "$T"/stock.* | grep -c -e 'created' -e 'ГВ-12')"
    [ "$live" = 0 ] || expect_eq "live $live: the file has every step without a listing" \
        "1 2 3 4 5 6 7 8" "$(grep -a ';5.2.3.7;' "$P/Отдел продаж/Заказы/2026/Заказы 2026.csv" | cut -d';' -f1 | sort -n | xargs)"
    expect_eq "live $live: the listing has every step" "1 2 3 4 5 6 7 8" \
        "$(GEFEST_SHARE=$P as boss --format csv order list | grep ';5.2.3.7' | cut -d';' -f1 | sort -n | xargs)"
    expect_eq "live $live: the file has every order once" "1 2 3 4 5 6 7 8" \
        "$(tail -n +2 "$P/Отдел продаж/Заказы/2026/Заказы 2026.csv" | grep -a ';5.2.3.7;' | cut -d';' -f1 | xargs)"
    expect_eq "live $live: check --repair rebuilds nothing" "" "$(GEFEST_SHARE=$P as boss check --repair 2>&1 | grep 'rebuilt from the')"
done

# The storage probe of the SMB test makes real orders through the same notes.
P=$T/probe
demo_share "$P"
printf '\n[orders]\nindex_live_kib = 0\n' >>"$P/gefest.toml"
expect_eq "debug order-steps prints each number" "1 2 3" "$(GEFEST_SHARE=$P as petrov debug order-steps --count 3 --tag проба | xargs)"
expect_eq "each listed with its first step done" "1 2 3" \
    "$(GEFEST_SHARE=$P as boss --format csv order list | tr -d '\r' | awk -F';' '$4 == "проба" && $9 == "5.2.3.2" { print $1 }' | xargs)"

# A bad setting is named with its file and line.
cp "$S/gefest.toml" "$T/gefest.toml"
sed -i 's/^index_live_kib = 0$/index_live_kib = -5/' "$S/gefest.toml"
expect_fail "negative index_live_kib" 3 "gefest.toml:[0-9]+: .*index_live_kib must not be negative" as boss order list
cp "$T/gefest.toml" "$S/gefest.toml"

finish
