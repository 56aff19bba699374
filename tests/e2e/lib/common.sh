# Shared helpers for the end-to-end tests: each test sources this, gets a fresh
# temporary share and runs the real gefest binary ($GEFEST_BIN, set by ctest).
set -u
: "${GEFEST_BIN:?GEFEST_BIN must point at the built gefest binary}"
: "${GEFEST_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
export GEFEST_NOW="${GEFEST_NOW:-2026-11-27T10:00:00}"
export GEFEST_LOGIN="${GEFEST_LOGIN:-boss}"
export GEFEST_HOST="${GEFEST_HOST:-pc-test}"
export LC_ALL=C.UTF-8 LANGUAGE=
unset GEFEST_SHARE GEFEST_USER
T=$(mktemp -d "${TMPDIR:-/tmp}/gefest-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0
CHECKS=0

gefest() { "$GEFEST_BIN" "$@"; }

# new_share DIR: an empty share with boss as head of sales
new_share() {
    GEFEST_LOGIN=boss "$GEFEST_BIN" init "$1" --company "ООО «Тест»" >/dev/null || { echo "init failed"; exit 1; }
}

# demo_share DIR: a copy of the demo share in data/ (company, staff, catalog, clients)
demo_share() {
    cp -rL "$GEFEST_SRC/data/demo" "$1"
}

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { CHECKS=$((CHECKS + 1)); }

# expect_ok DESC CMD...: CMD must exit 0; its stdout is in $OUT, stderr in $ERR
expect_ok() {
    local desc=$1; shift
    OUT=$("$@" 2>"$T/.err"); local rc=$?; ERR=$(cat "$T/.err")
    if [ $rc -ne 0 ]; then fail "$desc: exit $rc, stderr: $ERR"; else pass; fi
}

# expect_fail DESC CODE PATTERN CMD...: CMD must exit CODE with one stderr line matching PATTERN
expect_fail() {
    local desc=$1 code=$2 pattern=$3; shift 3
    OUT=$("$@" 2>"$T/.err"); local rc=$?; ERR=$(cat "$T/.err")
    if [ $rc -ne "$code" ]; then fail "$desc: expected exit $code, got $rc (stderr: $ERR)"; return; fi
    if ! grep -qE -- "$pattern" <<<"$ERR"; then fail "$desc: stderr '$ERR' does not match /$pattern/"; return; fi
    if [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ]; then fail "$desc: expected one line on stderr, got: $ERR"; return; fi
    pass
}

# expect_eq DESC EXPECTED ACTUAL
expect_eq() {
    if [ "$2" != "$3" ]; then fail "$1: expected [$2], got [$3]"; else pass; fi
}

# expect_match DESC PATTERN TEXT
expect_match() {
    if ! grep -qE -- "$2" <<<"$3"; then fail "$1: /$2/ not found in: $3"; else pass; fi
}

# as LOGIN ARGS...: gefest run by LOGIN
as() { local who=$1; shift; GEFEST_LOGIN=$who "$GEFEST_BIN" "$@"; }

# snapshot DIR: a checksum of every file (names and bytes), to prove "nothing changed"
# (but for the step.refused rows a refused command journals)
# snapshot DIR EXCLUDE: also leaves out the paths that match the find -path pattern EXCLUDE.
snapshot() {
    (cd "$1" && find . -type f ! -path './.gefest/tmp/*' ! -path "${2:-./.gefest/tmp/*}" -print0 | sort -z | while IFS= read -r -d '' f; do
        if [[ "$f" == */Журнал/*.csv ]]; then
            # A refused step is journaled (step.refused): that row aside, nothing changed.
            rows=$(grep -av ';step\.refused;' "$f" | tail -n +2)
            [ -z "$rows" ] || printf '%s  %s\n' "$(printf '%s\n' "$rows" | sha256sum | cut -d' ' -f1)" "$f"
        else
            sha256sum "$f"
        fi
    done) | sha256sum
}

# finish: print the plain closing line and exit non-zero on any failure
finish() {
    echo "$CHECKS passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
