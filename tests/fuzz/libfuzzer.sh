#!/bin/bash
# Runs one libFuzzer harness of tests/fuzz (built with -DGEFEST_FUZZ=ON) on a copy of its
# seed corpus tests/fuzz/corpus/<name>/ (the seeds are never changed):
#   tests/fuzz/libfuzzer.sh BUILD/<name>_fuzz [SECONDS=20] [more libFuzzer options…]
# ctest runs each for GEFEST_FUZZ_SECONDS (label libfuzzer); tests/fuzz/run-libfuzzer.sh
# runs them all for longer. A finding (crash, sanitizer report, leak, a hang past 10 s,
# an exception other than gefest::Error) fails with the input saved as
# BUILD/fuzz-artifacts/<name>-crash-… (reproduce: BUILD/<name>_fuzz FILE). The inputs
# that found new coverage are kept in BUILD/fuzz-corpus/<name>/ for the next run; add
# the interesting ones to the seeds with: BUILD/<name>_fuzz -merge=1 tests/fuzz/corpus/<name> BUILD/fuzz-corpus/<name>
set -eu
BIN=$1
SECONDS_TO_RUN=${2:-20}
shift $(( $# < 2 ? $# : 2 ))
SRC=$(cd "$(dirname "$0")/../.." && pwd)
NAME=$(basename "$BIN")
NAME=${NAME%_fuzz}
BUILD=$(cd "$(dirname "$BIN")" && pwd)
SEEDS=$SRC/tests/fuzz/corpus/$NAME
WORK=$BUILD/fuzz-corpus/$NAME
mkdir -p "$WORK" "$BUILD/fuzz-artifacts"
LOG=$BUILD/fuzz-artifacts/$NAME.log
# Leaks count; a UBSan report stops the run (the library is built with -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
"$BIN" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$BUILD/fuzz-artifacts/$NAME-" "$@" "$WORK" "$SEEDS" >"$LOG" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -1)
echo "libfuzzer $NAME: ${runs:-?} runs in ${SECONDS_TO_RUN} s, corpus $(ls "$WORK" | wc -l) inputs (seeds: $(ls "$SEEDS" | wc -l))"
if [ "$status" -ne 0 ]; then
    tail -n 60 "$LOG"
    echo "libfuzzer $NAME: FINDING (exit $status); input in $BUILD/fuzz-artifacts/, log $LOG" >&2
    exit 1
fi
