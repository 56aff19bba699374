#!/bin/bash
# I/O faults as SQLite tests them: every write, fsync, rename, open for writing, link,
# unlink and mkdir a writing command makes on the share is failed in turn (N = 1..count,
# tests/faults/faultfs.c) with EIO, ENOSPC and EACCES, for call new, order new, invoice
# issue, invoice import-bank and ship waybill, each on a copy of the demo share set up by
# the real commands. Each run must end either completed (exit 0, gefest check clean) or
# with a one-line error (exit code below 64: no crash, no abort) and the share byte for
# byte as before (files under .gefest/tmp aside); then the same command without faults
# must succeed and leave gefest check clean.
#
# The default run fails every other call, with EIO, ENOSPC and EACCES in turn (about two
# minutes); GEFEST_IO_FAULTS_FULL=1 fails every call with each errno (six times as many), and
# GEFEST_IO_FAULTS_PERSIST=1 adds the mode where every call from the N-th on fails too
# (a disk that stays full; removing files still works). GEFEST_IO_FAULTS_ONLY=WORD runs
# only the commands whose name contains WORD.
. "$(dirname "$0")/lib/common.sh"

: "${GEFEST_FAULTFS:=}"
if [ -z "$GEFEST_FAULTFS" ] || [ ! -f "$GEFEST_FAULTFS" ]; then echo "skipped: GEFEST_FAULTFS (the faultfs shim) is not built" >&2; exit 77; fi
export GEFEST_RETRY_SCALE=0.01 GEFEST_LOCK_WAIT=1
FULL=${GEFEST_IO_FAULTS_FULL:-0}
ONLY=${GEFEST_IO_FAULTS_ONLY:-}
REPORT=$T/report.txt
: >"$REPORT"

# --- the shares each command starts from, made by the real commands -------------------------
prepare() {  # prepare DIR: the demo share with what every command below needs
    local S=$1
    demo_share "$S"
    printf '\n[documents]\npdf = "off"\n' >>"$S/gefest.toml"
}
setup_call() { prepare "$1"; }
setup_order() {
    prepare "$1"
    GEFEST_SHARE=$1 as ivanova call new --phone "8 912 345-67-89" --name "Иван Петров" --source Выставка --product ПК-50:2 >/dev/null
}
setup_invoice() {
    prepare "$1"
    export GEFEST_SHARE=$1
    as petrov order new --client 1 --payment noncash --item ПК-100:1 >/dev/null &&
        as petrov order stock 1 >/dev/null && as petrov order lead-time 1 --ask >/dev/null &&
        as kuznetsov order lead-time 1 --days 10 >/dev/null && as petrov order lead-time 1 --accept >/dev/null &&
        as petrov order export-1c 1 -o "$T/o1.xml" >/dev/null && as petrov order contract 1 >/dev/null
    unset GEFEST_SHARE
}
setup_bank() {
    setup_invoice "$1"
    GEFEST_SHARE=$1 as petrov invoice issue 1 >/dev/null || return 1
    local sum
    sum=$(tr -d '\r' <"$1/Отдел продаж/Заказы/2026/Счета 2026.csv" | awk -F';' '$1 == "1" { gsub(",", ".", $6); print $6 }')
    {
        printf '1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810806710000123\n'
        printf 'СекцияДокумент=Платежное поручение\nНомер=101\nДата=27.11.2026\nСумма=%s\n' "$sum"
        printf 'ПлательщикСчет=40702810400000001111\nПлательщикИНН=7203145879\nПлательщик1=ООО «СибСтройМонтаж»\n'
        printf 'ПолучательСчет=40702810806710000123\nПолучательИНН=7203001235\nДатаПоступило=27.11.2026\n'
        printf 'НазначениеПлатежа=Оплата по счету № 1 от 27.11.2026\nКонецДокумента\nКонецФайла\n'
    } | sed 's/$/\r/' | iconv -f UTF-8 -t WINDOWS-1251 >"$T/statement.txt"
}
setup_ship() {
    setup_order "$1"
    export GEFEST_SHARE=$1
    as petrov order new --call 2026-1 --payment cash >/dev/null && as petrov order stock 1 >/dev/null &&
        as ivanova order cash 1 >/dev/null && as ivanova ship notify 1 --arrival "2026-11-28 14:30" >/dev/null &&
        as ivanova order cash-receipt 1 --amount 329000,00 --receipt ПКО-1 >/dev/null
    unset GEFEST_SHARE
}

# --- one command under every fault ---------------------------------------------------------
# run_command NAME WHO ARGS...: the command as WHO on $T/base-NAME, with the faults
declare -A FAULTS
run_one() {  # run_one DIR LOGIN ARGS... (env: fault variables)
    local dir=$1 who=$2; shift 2
    GEFEST_SHARE=$dir GEFEST_LOGIN=$who "$GEFEST_BIN" "$@"
}
files_of() { (cd "$1" && find . -type f ! -path './.gefest/tmp/*' -print0 | xargs -0 sha256sum | sort -k2); }
try_fault() {  # try_fault NAME N ERRNO PERSIST WHO ARGS...
    local name=$1 n=$2 err=$3 persist=$4 who=$5; shift 5
    local W=$T/w
    rm -rf "$W"; cp -a "$T/base-$name" "$W"
    # A number a failed command had claimed is released for the next claimant (a claim and
    # its release marker stay in .gefest/numbers/): the rerun below must take it again and
    # leave check clean, so no gap stays.
    local before; before=$(snapshot "$W" './.gefest/numbers/*')
    local rc out
    out=$(LD_PRELOAD=$GEFEST_FAULTFS GEFEST_FAULT_UNDER=$W GEFEST_FAULT_AT=$n GEFEST_FAULT_ERRNO=$err GEFEST_FAULT_PERSIST=$persist \
        run_one "$W" "$who" "$@" 2>"$T/err" >/dev/null)
    rc=$?
    local what; what=$(sed -n "${n}p" "$T/log-$name" | cut -d' ' -f2-)
    local tag="$name $err${persist:+/persist} N=$n ($what)"
    FAULTS[$name]=$((${FAULTS[$name]:-0} + 1))
    if [ $rc -eq 0 ]; then
        if ! GEFEST_SHARE=$W "$GEFEST_BIN" check >"$T/check" 2>&1; then
            fail "$tag: completed but check is not clean: $(tr '\n' '|' <"$T/check")"; return
        fi
        echo "$tag: completed" >>"$REPORT"; pass; return
    fi
    if [ $rc -ge 64 ]; then fail "$tag: exit $rc (crash?): $(head -c 300 "$T/err")"; return; fi
    if [ "$(wc -l <"$T/err")" -ne 1 ]; then fail "$tag: stderr is not one line: $(head -c 600 "$T/err" | tr '\n' '|')"; fi
    local after; after=$(snapshot "$W" './.gefest/numbers/*')
    if [ "$before" != "$after" ]; then
        local diffs; diffs=$(diff <(files_of "$T/base-$name") <(files_of "$W") | sed -n 's/^\([<>]\) [0-9a-f]*  \.\//\1/p' | tr '\n' ' ')
        fail "$tag: failed (exit $rc: $(head -1 "$T/err")) but the share changed: $diffs"
    fi
    echo "$tag: refused ($(head -1 "$T/err"))" >>"$REPORT"
    if ! run_one "$W" "$who" "$@" >/dev/null 2>"$T/err2"; then fail "$tag: the rerun without faults fails: $(head -c 300 "$T/err2")"; return; fi
    if ! GEFEST_SHARE=$W "$GEFEST_BIN" check >"$T/check" 2>&1; then fail "$tag: check after the rerun: $(tr '\n' '|' <"$T/check")"; return; fi
    pass
}
fault_command() {  # fault_command NAME WHO ARGS...
    local name=$1 who=$2; shift 2
    [ -n "$ONLY" ] && [[ $name != *$ONLY* ]] && return
    if ! "setup_$name" "$T/base-$name" || ! GEFEST_SHARE=$T/base-$name "$GEFEST_BIN" check >/dev/null 2>&1; then
        fail "$name: setup failed"; return
    fi
    # The count: a run without faults that logs every call.
    local W=$T/w
    rm -rf "$W"; cp -a "$T/base-$name" "$W"; rm -f "$T/log-$name"
    if ! LD_PRELOAD=$GEFEST_FAULTFS GEFEST_FAULT_UNDER=$W GEFEST_FAULT_LOG=$T/log-$name run_one "$W" "$who" "$@" >/dev/null 2>"$T/err"; then
        fail "$name: fails without faults: $(cat "$T/err")"; return
    fi
    local count; count=$(wc -l <"$T/log-$name")
    echo "$name: $count calls" >>"$REPORT"
    local err n persist errs=(EIO ENOSPC EACCES)
    for persist in "" $([ "${GEFEST_IO_FAULTS_PERSIST:-0}" = 1 ] && echo 1); do
        if [ "$FULL" = 1 ]; then
            for err in "${errs[@]}"; do
                for ((n = 1; n <= count; n++)); do try_fault "$name" "$n" "$err" "$persist" "$who" "$@"; done
            done
        else
            # Every other call, the errnos taking turns; the next command starts on the other parity.
            for ((n = 1 + PARITY; n <= count; n += 2)); do try_fault "$name" "$n" "${errs[(n / 2) % 3]}" "$persist" "$who" "$@"; done
        fi
    done
    PARITY=$((1 - PARITY))
}
PARITY=0

fault_command call ivanova call new --phone "8 912 000-11-22" --name "Олег Сидоров" --source Выставка --product ПК-50:1
fault_command order petrov order new --call 2026-1 --payment cash
fault_command invoice petrov invoice issue 1
fault_command bank buh invoice import-bank "$T/statement.txt"
fault_command ship sklad ship waybill 1 --number Н-55 --date 2026-11-28

for name in "${!FAULTS[@]}"; do echo "faults injected into $name: ${FAULTS[$name]} ($(grep -c "^$name .*: completed" "$REPORT") completed, $(grep -c "^$name .*: refused" "$REPORT") refused)"; done
[ -n "${GEFEST_IO_FAULTS_REPORT:-}" ] && cp "$REPORT" "$GEFEST_IO_FAULTS_REPORT"
finish
