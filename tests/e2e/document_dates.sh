#!/bin/bash
# Issue 14: `invoice issue --date 2025-12-31` on an order of 27.11.2026 was accepted
# without a word (VAT 20% on the invoice, 22% on the contract made after). A document
# dated before its order, or into another VAT period than the order and its sibling
# documents, is refused unless --reason says why; the reason is journaled.
. "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
journal() { cat "$S/Отдел продаж/Журнал/"*/*.csv; }
# to_1c MANAGER N [--year Y]: order N through 5.2.3.1–5.2.3.3
to_1c() {
    local m=$1 n=$2; shift 2
    expect_ok "$n: stock" as "$m" order stock "$n" "$@"
    expect_ok "$n: lead time asked" as "$m" order lead-time "$n" --ask "$@"
    expect_ok "$n: lead time answered" as kuznetsov order lead-time "$n" --days 10 "$@"
    expect_ok "$n: lead time accepted" as "$m" order lead-time "$n" --accept "$@"
    expect_ok "$n: entered into 1C" as "$m" order export-1c "$n" -o "$T/$n.xml" "$@"
}

# --- an invoice dated before its order and into the last VAT period -------------------------
expect_ok "order of 27.11.2026" as petrov order new --client 1 --payment noncash --item ПК-100:1
to_1c petrov 1
before=$(snapshot "$S")
expect_fail "invoice dated before the order" 3 \
    "^gefest: --date: the invoice dated 31.12.2025 is before order 2026-1 of 27.11.2026; if that is right, say why with --reason" \
    as petrov invoice issue 1 --date 2025-12-31
expect_fail "a day before the order" 3 "the invoice dated 26.11.2026 is before order 2026-1 of 27.11.2026" as petrov invoice issue 1 --date 2026-11-26
expect_eq "refused invoices changed nothing" "$before" "$(snapshot "$S")"
expect_ok "with a reason" as petrov invoice issue 1 --date 2025-12-31 --reason "счет по договору прошлого года"
expect_match "the reason in the journal" 'invoice\.issue;invoice:2025-1;.*""date_reason"":""счет по договору прошлого года""' "$(journal)"

# The contract made after, today (VAT 22%), is in another VAT period than its invoice (20%).
before=$(snapshot "$S")
expect_fail "contract in another VAT period than its invoice" 3 \
    "the contract dated 27.11.2026 falls under VAT 22%, but invoice 2025-1 of 31.12.2025 under VAT 20%" as petrov order contract 1
expect_fail "contract before the order" 3 "the contract dated 01.11.2026 is before order 2026-1 of 27.11.2026" as petrov order contract 1 --date 2026-11-01
expect_eq "refused contracts changed nothing" "$before" "$(snapshot "$S")"
expect_ok "contract with a reason" as petrov order contract 1 --reason "договор по новой ставке, счет переоформим"
expect_match "the contract's reason in the journal" 'order\.step;order:2026-1;.*""date_reason"":""договор по новой ставке' "$(journal)"

# --- an order of 2025 invoiced in 2026 (20% → 22%) -----------------------------------------
expect_ok "order of 30.12.2025" env GEFEST_NOW=2025-12-30T10:00:00 GEFEST_LOGIN=petrov "$GEFEST_BIN" order new --client 2 --payment noncash --item ГВ-12:1
export GEFEST_NOW=2025-12-30T11:00:00
to_1c sidorova 1 --year 2025
export GEFEST_NOW=2026-01-12T10:00:00
before=$(snapshot "$S")
expect_fail "invoiced in the next VAT period" 3 "the invoice dated 12.01.2026 falls under VAT 22%, but order 2025-1 of 30.12.2025 under VAT 20%" \
    as sidorova invoice issue 1 --year 2025
expect_eq "refused changed nothing" "$before" "$(snapshot "$S")"
expect_ok "dated in its own period" as sidorova invoice issue 1 --year 2025 --date 2025-12-31
expect_ok "a document in its period needs no reason" as sidorova order contract 1 --year 2025 --date 2025-12-31
expect_eq "no reason journaled for them" "0" "$(journal | grep -a 'order:2025-1\|invoice:2025-2' | grep -c 'date_reason')"

finish
