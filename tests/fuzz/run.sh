#!/bin/bash
# On-demand journal fuzzing (GEFEST_FUZZ=1 ctest -R fuzz_journal, or directly):
#   tests/fuzz/run.sh GEFEST_BIN   [GEFEST_FUZZ_ITERATIONS=1000 GEFEST_FUZZ_SEED=1]
# Makes a share with a month of journal (calls, orders, steps from two writers), then
# tests/fuzz/journal_fuzz.py damages it over and over and checks every reader's exit.
set -eu
[ "${GEFEST_FUZZ:-}" = 1 ] || { echo "journal fuzzing runs on demand: GEFEST_FUZZ=1"; exit 77; }
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$SRC/build/gefest}
W=$(mktemp -d "${TMPDIR:-/tmp}/gefest-fuzz.XXXXXX")
trap 'rm -rf "$W"' EXIT
cp -rL "$SRC/data/demo" "$W/share"
export GEFEST_SHARE=$W/share GEFEST_HOST=fuzz-pc
at() { local when=$1 who=$2; shift 2; GEFEST_NOW=$when GEFEST_LOGIN=$who "$BIN" "$@" >/dev/null; }
at 2026-11-02T09:00:00 ivanova call new --phone 9120000001 --name "ООО «Альфа»" --source Выставка --product ПК-100:2
at 2026-11-03T10:00:00 petrov call existing --client 1 --note "счет"
at 2026-11-05T11:00:00 ivanova call new --phone 9120000002 --name "Иванов Иван" --source "Сайт компании"
at 2026-11-06T10:00:00 petrov order new --call 2026-1 --payment noncash
at 2026-11-06T12:00:00 petrov order stock 1
at 2026-11-10T09:30:00 sidorova order new --client 2 --payment cash --item ГВ-12:1
at 2026-11-10T09:40:00 sidorova order stock 2
at 2026-11-10T10:00:00 sidorova order cash 2
at 2026-11-12T15:00:00 sidorova order new --client 4 --payment noncash --item АВТ-01:2
at 2026-11-13T09:00:00 sidorova order cancel 3 --reason "клиент передумал"
at 2026-11-14T12:00:00 sidorova survey 2 --score 4
python3 "$SRC/tests/fuzz/journal_fuzz.py" "$BIN" "$W/share" "${GEFEST_FUZZ_ITERATIONS:-1000}" "${GEFEST_FUZZ_SEED:-1}"
