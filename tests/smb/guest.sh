#!/bin/sh
# The scenario run inside the SMB test VM by busybox sh (see run.sh), after the share is
# mounted three times: /mnt/a and /mnt/b (two separate SMB sessions = two office PCs, default
# mount options) and /mnt/safe (cache=none,actimeo=0,nolease,closetimeo=0; unused here).
#
# NPROC processes per mount run at once; each runs, one after the other:
#   claim-numbers (CLAIMS numbers), journal-write (EVENTS events, unique tag),
#   update-counter (INCS locked increments of one shared versioned file).
# Meanwhile one reader per mount keeps reading the counter (`debug counter-value`), as an
# office PC showing data would: that is what makes a client's cached copy go stale (a plain
# "lock, read, rename" counter then hands out duplicates on this very setup).
# Every command's stdout, stderr, exit code and timing is kept in /tmp/w-<mount><k>/ and
# printed on the console between @@BEGIN/@@END markers, which run.sh collects and checks.
. /scenario.env   # NPROC CLAIMS EVENTS INCS KIND YEAR KEY CMD_TIMEOUT

up() { cut -d' ' -f1 /proc/uptime; }
export GEFEST_LOGIN=root HOME=/root TZ=UTC LANG=C.UTF-8

worker() { # $1 = a|b (which mount = which PC), $2 = 1..NPROC
  m=$1; k=$2; out=/tmp/w-$m$k; S=/mnt/$m/gefest
  export GEFEST_HOST=pc-$m
  while [ ! -e /tmp/go ]; do sleep 0.05; done          # start all workers together
  t0=$(up)
  timeout "$CMD_TIMEOUT" gefest --share "$S" debug claim-numbers --kind "$KIND" --year "$YEAR" \
    --count "$CLAIMS" >"$out/claim.out" 2>"$out/claim.err"
  echo $? >"$out/claim.rc"; t1=$(up)
  timeout "$CMD_TIMEOUT" gefest --share "$S" debug journal-write --count "$EVENTS" --tag "smb-$m$k" \
    >"$out/journal.out" 2>"$out/journal.err"
  echo $? >"$out/journal.rc"; t2=$(up)
  timeout "$CMD_TIMEOUT" gefest --share "$S" debug update-counter --key "$KEY" --count "$INCS" \
    >"$out/counter.out" 2>"$out/counter.err"
  echo $? >"$out/counter.rc"; t3=$(up)
  echo "$t0 $t1 $t2 $t3" >"$out/times"
}

poller() { # $1 = a|b: read the counter through that mount until the workers are done
  export GEFEST_HOST=pc-$1
  n=0
  while [ ! -e /tmp/go ]; do sleep 0.05; done
  while [ ! -e /tmp/stop ]; do
    gefest --share "/mnt/$1/gefest" debug counter-value --key "$KEY" >/dev/null 2>&1
    n=$((n + 1))
  done
  echo "$n" >"/tmp/w-poll-$1/reads"
}

# Smoke: the binary and its libraries load in the guest at all.
gefest --help >/tmp/help.out 2>&1
echo "@@GEFEST-LOADS rc=$?"
[ -s /tmp/help.out ] || echo "@@GEFEST-LOADS no output"
head -n 3 /tmp/help.out

rm -f /tmp/go /tmp/stop
pids=""
for m in a b; do
  k=1
  while [ "$k" -le "$NPROC" ]; do
    mkdir -p "/tmp/w-$m$k"
    worker "$m" "$k" &
    pids="$pids $!"
    k=$((k + 1))
  done
  mkdir -p "/tmp/w-poll-$m"
  poller "$m" &
done
sleep 1
echo "@@SCENARIO-START uptime=$(up)"
touch /tmp/go
wait $pids
echo "@@SCENARIO-DONE uptime=$(up)"
touch /tmp/stop
wait

# Quiet the kernel while the results are printed, so no message splits a line.
dmesg -n 1
for d in /tmp/w-*; do
  for f in "$d"/*; do
    echo "@@BEGIN ${d#/tmp/} ${f##*/}"
    cat "$f"
    echo
    echo "@@END"
  done
done
echo "@@BEGIN kernel cifs-messages"
dmesg | grep -i -E 'cifs|smb' | tail -n 40
echo
echo "@@END"

sync
rc=0
for m in a b safe; do umount "/mnt/$m" || { echo "@@UMOUNT-FAILED /mnt/$m"; rc=1; }; done
exit $rc
