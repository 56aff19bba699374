#!/usr/bin/env bash
# The terminal as people expect it (issue 17), one section per item:
#  1. global options before or after the subcommand, at any depth (every list command
#     takes --format csv after it; every subcommand of the tree parses --format there);
#  2. a mistyped command names the nearest real one, at any depth, in Russian too;
#  3. help is Russian under a Russian locale, all of it (CLI11's words too), and shows
#     no default an option does not have;
#  4. bash completion: commands, options and the share's values, driven through the
#     completion function with COMP_WORDS/COMP_CWORD; installed by cmake --install;
#  5. gefest help CMD / CMD --man print the manual page;
#  6. progress on stderr only when it is a terminal (script(1) fakes one), never with
#     --quiet or into a pipe;
#  7. money and dates in messages in the Russian forms under a Russian locale.
source "$(dirname "$0")/lib/common.sh"

S=$T/share
demo_share "$S"
export GEFEST_SHARE=$S
RU=ru_RU.UTF-8
HAVE_RU=0
locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$' && HAVE_RU=1
ru() { LC_ALL=$RU "$GEFEST_BIN" "$@"; }

# Help texts of every subcommand path, walked from `gefest --help` (hidden debug aside).
subcommands_in() { awk '/^(Subcommands|Подкоманды):/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' <<<"$1"; }
all_paths() {  # all_paths PREFIX…: every subcommand path under PREFIX, one a line
    local sub
    for sub in $(subcommands_in "$("$GEFEST_BIN" "$@" --help 2>/dev/null)"); do
        echo "$* $sub" | sed 's/^ //'
        all_paths "$@" "$sub"
    done
}
PATHS=$(all_paths)
[ "$(wc -l <<<"$PATHS")" -gt 30 ] && pass || fail "could not walk the subcommands: $PATHS"

# --- 1. global options anywhere ----------------------------------------------------------
as petrov order new --client 1 --payment noncash --item ПК-100:1 >/dev/null || fail "order 1"
as ivanova call new --phone 89120000042 --name "ООО «Тест»" --source Выставка >/dev/null || fail "call 1"
for cmd in "call list" "order list" "claim list" "staff list" "client list" "invoice payments" "invoice list"; do
    # shellcheck disable=SC2086
    expect_ok "gefest $cmd --format csv" as boss $cmd --format csv
    [ -n "$OUT" ] && ! grep -q '^  ' <<<"$OUT" && pass || fail "gefest $cmd --format csv printed no CSV: $OUT"
    # shellcheck disable=SC2086
    expect_ok "gefest $cmd --format json" as boss $cmd --format json
    python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$OUT" && pass || fail "gefest $cmd --format json is not JSON: $OUT"
done
expect_eq "--format before and after give the same bytes" "$(as boss --format csv order list)" "$(as boss order list --format csv)"
expect_ok "--share after the sub-subcommand" env -u GEFEST_SHARE GEFEST_LOGIN=boss "$GEFEST_BIN" order list --share "$S" --format json
expect_ok "--user after the subcommand" as boss call list --user petrov
# Every subcommand of the tree parses a global option after it: an invalid --format is
# refused as a bad value, never as an argument that was not expected.
while IFS= read -r path; do
    # shellcheck disable=SC2086
    err=$("$GEFEST_BIN" $path --format bogus 2>&1 >/dev/null)
    if grep -q "bogus" <<<"$err" && ! grep -qi "not expected" <<<"$err"; then pass; else fail "gefest $path --format bogus: $err"; fi
done <<<"$PATHS"

# --- 2. a mistyped command -------------------------------------------------------------
before=$(snapshot "$S")
expect_fail "ordr" 2 "^gefest: 'ordr' is not a command; did you mean 'order'\?$" gefest ordr
expect_fail "a typo of a sub-subcommand" 2 "^gefest: 'shw' is not a command of 'gefest order'; did you mean 'show'\?$" gefest order shw 1
expect_fail "a typo after global options" 2 "'clent' is not a command; did you mean 'client'\?" gefest --format csv clent list
expect_fail "a transposition" 2 "did you mean 'invoice'\?" gefest invocie list
expect_fail "nothing near" 2 "^gefest: 'zzzzzzzz' is not a command \(see gefest --help\)$" gefest zzzzzzzz
expect_eq "typos changed nothing" "$before" "$(snapshot "$S")"
if [ $HAVE_RU = 1 ]; then
    expect_fail "ordr in Russian" 2 "^gefest: «ordr» — нет такой команды; может быть, «order»\?$" ru ordr
    expect_fail "a missing option in Russian" 2 "не указан обязательный параметр --name" ru client add --phone 89120000000
fi

# --- 3. help in Russian, all of it ---------------------------------------------------------
help=$(gefest order show --help)
expect_match "English help still has Usage" "^Usage: " "$help"
if grep -qE '=0|INT:POSITIVE=' <<<"$help"; then fail "order show --help shows a default N does not have: $help"; else pass; fi
expect_match "a required positional says REQUIRED" "N INT:POSITIVE REQUIRED" "$help"
expect_match "the footer names the global options" "Global options \(--share, --user, --format, --quiet, --man\)" "$help"
if [ $HAVE_RU = 1 ]; then
    while IFS= read -r path; do
        # shellcheck disable=SC2086
        h=$(ru $path --help)
        bad=$(grep -nE 'Usage|OPTIONS|SUBCOMMAND|Options:|Subcommands:|Positionals:|REQUIRED|Print this help|(--[a-z0-9-]+|^  [A-Z_]+) (TEXT|INT|UINT|FLOAT|BOOLEAN)\b|POSITIVE|Global options' <<<"$h" | head -3)
        if [ -z "$bad" ] && grep -q '^Использование: ' <<<"$h"; then pass; else fail "gefest $path --help under $RU is not all Russian: $bad"; fi
    done <<<"$(printf '\n%s' "$PATHS")"
    h=$(ru order show --help)
    expect_match "Russian type names and REQUIRED" "N ЧИСЛО:ПОЛОЖИТЕЛЬНОЕ ОБЯЗАТЕЛЬНО" "$h"
    expect_match "Russian help flag" "-h,--help +Показать эту справку и выйти" "$h"
    expect_match "Russian top help" "^Подкоманды:" "$(ru --help)"
fi

# --- 4. completion -------------------------------------------------------------------------
mkdir -p "$T/bin"
ln -s "$(readlink -f "$GEFEST_BIN")" "$T/bin/gefest"
# complete WORD…: COMPREPLY of the bash completion for "gefest WORD…" (the last word is
# the one being completed), one a line.
complete_of() {
    (
        PATH="$T/bin:$PATH"
        # shellcheck disable=SC1091
        source "$GEFEST_SRC/data/completion/gefest.bash"
        COMP_WORDS=(gefest "$@")
        COMP_CWORD=$#
        COMPREPLY=()
        _gefest
        printf '%s\n' "${COMPREPLY[@]}"
    )
}
expect_match "commands" "^order$" "$(complete_of ord)"
expect_eq "one command for 'ord'" "order" "$(complete_of ord)"
expect_match "sub-subcommands" "^lead-time$" "$(complete_of order l)"
expect_match "options of the subcommand" "^--payment$" "$(complete_of order new --p)"
expect_match "global options after the subcommand" "^--format$" "$(complete_of order new --f)"
expect_eq "--format values" "$(printf 'text\ncsv\njson')" "$(complete_of call list --format '')"
expect_match "staff logins for --user" "^petrov$" "$(complete_of --user '')"
expect_match "staff logins for --manager" "^kuznetsov$|^petrov$" "$(complete_of client list --manager '')"
expect_match "client numbers for --client" "^1$" "$(complete_of order new --client '')"
expect_match "client names for client find, quoted" '^ООО\\ «СибСтройМонтаж»$' "$(complete_of client find ООО)"
expect_eq "order numbers for order show" "1" "$(complete_of order show '')"
expect_match "SKUs for --item" "^ПК-100$" "$(complete_of order new --item ПК)"
expect_match "advertising sources" "^Выставка$" "$(complete_of call new --source Вы)"
expect_match "months for --month" "^2026-11$" "$(complete_of report requests --month 2026)"
expect_match "--share after the subcommand is used for the values" "^1$" \
    "$(GEFEST_SHARE=/nonexistent complete_of order show --share "$S" '')"
touch "$T/выписка.txt"
expect_match "files for a FILE argument" "выписка.txt" "$(cd "$T" && complete_of invoice import-bank вып)"
expect_eq "no share: no values, no error" "" "$(GEFEST_SHARE=/nonexistent complete_of order show '')"
expect_eq "__complete prints nothing on stderr" "" "$("$GEFEST_BIN" __complete order show '' 2>&1 >/dev/null)"
# Installed by cmake --install, next to the binary.
if command -v cmake >/dev/null 2>&1 && [ -f "$(dirname "$GEFEST_BIN")/cmake_install.cmake" ]; then
    cmake --install "$(dirname "$GEFEST_BIN")" --prefix "$T/prefix" >/dev/null 2>&1
    [ -f "$T/prefix/share/bash-completion/completions/gefest" ] && pass || fail "cmake --install did not install the bash completion"
    [ -f "$T/prefix/share/zsh/site-functions/_gefest" ] && pass || fail "cmake --install did not install the zsh completion"
    [ -f "$T/prefix/share/man/man7/gefest.7" ] && pass || fail "cmake --install did not install gefest(7)"
    expect_match "the installed binary finds its installed page" "GEFEST-SHIP|gefest-ship" "$("$T/prefix/bin/gefest" help ship 2>&1)"
fi

# --- 5. gefest help / --man ----------------------------------------------------------------
expect_ok "gefest help ship" gefest help ship
expect_match "help ship is gefest-ship(1)" "gefest ship notify" "$OUT"
expect_ok "gefest ship --man" gefest ship --man
expect_match "ship --man is gefest-ship(1)" "gefest ship notify" "$OUT"
expect_ok "gefest invoice pay --man" gefest invoice pay --man
expect_match "a sub-subcommand opens its command's page" "gefest invoice issue" "$OUT"
expect_ok "gefest help procedure" env -u GEFEST_SHARE "$GEFEST_BIN" help procedure
expect_match "help procedure walks the steps" "5\.2\.3\.4" "$OUT"
expect_fail "help of a typo" 2 "^gefest: 'shp' is not a command; did you mean 'ship'\?$" gefest help shp

# --- 6. progress only on a terminal ------------------------------------------------------
# on_tty CMD…: stdout+stderr of CMD run on a pseudo-terminal (script(1), util-linux).
on_tty() { script -qec "$(printf '%q ' "$@")" /dev/null </dev/null; }
if command -v script >/dev/null 2>&1; then
    expect_match "check shows progress on a terminal" "checking the share: [0-9]+/10" "$(on_tty "$GEFEST_BIN" check)"
    out=$(on_tty "$GEFEST_BIN" --quiet check)
    if grep -q "checking the share" <<<"$out"; then fail "--quiet still shows progress: $out"; else pass; fi
    out=$(on_tty "$GEFEST_BIN" check --quiet)
    if grep -q "checking the share" <<<"$out"; then fail "--quiet after the command still shows progress"; else pass; fi
    expect_match "bank import shows progress" "reading bank statements: 0/1" \
        "$(GEFEST_LOGIN=buh on_tty "$GEFEST_BIN" invoice import-bank --dry-run "$GEFEST_SRC/tests/fixtures/bank/statement-utf8.txt")"
    expect_match "catalog import shows progress" "reading 1C files: 0/2" \
        "$(GEFEST_LOGIN=boss on_tty "$GEFEST_BIN" order import-1c "$GEFEST_SRC/tests/fixtures/commerceml/import0_1.xml" "$GEFEST_SRC/tests/fixtures/commerceml/offers0_1.xml")"
    GEFEST_NOW=2026-10-15T10:00:00 as ivanova call new --phone 89120000043 --name "Октябрь" --source Выставка >/dev/null || fail "an October call"
    expect_match "a report over months shows progress" "reading the journal: [0-9]/2" \
        "$(GEFEST_LOGIN=boss on_tty "$GEFEST_BIN" report requests --from 2026-10-01 --to 2026-11-30)"
fi
# Never into a pipe or a file: not a byte of it (cron mail stays clean).
gefest check >/dev/null 2>"$T/check.err"
expect_eq "no progress bytes without a terminal (check)" "0" "$(grep -c $'\r\|checking the share' "$T/check.err")"
as boss report requests --from 2026-10-01 --to 2026-11-30 >/dev/null 2>"$T/report.err"
expect_eq "no progress bytes without a terminal (report)" "" "$(cat "$T/report.err")"

# --- 7. money and dates in the user's forms ---------------------------------------------
as petrov order stock 1 >/dev/null && as petrov order lead-time 1 --ask >/dev/null &&
    as kuznetsov order lead-time 1 --days 10 >/dev/null || fail "order 1 lead time"
out=$(as petrov order lead-time 1 --accept)
expect_match "a date in a message, C locale" "promised 07\.12\.2026" "$out"
out=$(as petrov order show 1)
expect_match "money in a message, C locale: as always" "Total: 285 000,00, VAT:" "$out"
if [ $HAVE_RU = 1 ]; then
    out=$(GEFEST_LOGIN=petrov ru order show 1)
    expect_match "money in a message, Russian locale" "Итого: 285 000,00 ₽, НДС: [0-9 ]+,[0-9]{2} ₽" "$out"
    expect_match "the order date in a message, Russian locale" "от 27\.11\.2026" "$out"
    expect_match "a journal moment in a message, Russian locale" "27\.11\.2026 10:00" "$out"
    expect_fail "money in an error, Russian locale" 3 "1 000 000 000 000,00 ₽" \
        env GEFEST_LOGIN=petrov LC_ALL=$RU "$GEFEST_BIN" order new --client 1 --payment noncash --item ПК-100:1:1000000000000
fi

finish
