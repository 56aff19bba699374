#!/bin/sh
# The scenario run inside the SMB test VM by busybox sh (see run.sh), after the share is
# mounted three times: /mnt/a and /mnt/b (two separate SMB sessions = two office PCs, default
# mount options unless GEFEST_SMB_AB_OPTS) and /mnt/safe (cache=none,actimeo=0,nolease,
# closetimeo=0; unused here).
#
# NPROC processes per mount run at once; each runs, one after the other:
#   claim-numbers (CLAIMS numbers), journal-write (EVENTS events, unique tag),
#   update-counter (INCS locked increments of one shared versioned file),
#   order-steps (ORDERS orders made and changed once: the orders index's notes, the share
#   having [orders] index_live_kib = 0).
# Meanwhile one reader per mount keeps reading the counter (`debug counter-value`), as an
# office PC showing data would: that is what makes a client's cached copy go stale (a plain
# "lock, read, rename" counter then hands out duplicates on this very setup); and lists
# the orders (`order list`, which writes the index from the notes) now and then.
# Every command's stdout, stderr, exit code and timing is kept in /tmp/w-<mount><k>/ and
# printed on the console between @@BEGIN/@@END markers, which run.sh collects and checks.
. /scenario.env   # NPROC CLAIMS EVENTS INCS ORDERS KIND YEAR KEY CMD_TIMEOUT HANG_AFTER GEFEST_LOCK_WAIT

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
  timeout "$CMD_TIMEOUT" gefest --share "$S" debug order-steps --count "$ORDERS" --tag "smb-$m$k" \
    >"$out/orders.out" 2>"$out/orders.err"
  echo $? >"$out/orders.rc"; t4=$(up)
  echo "$t0 $t1 $t2 $t3 $t4" >"$out/times"
}

poller() { # $1 = a|b: read the counter through that mount until the workers are done
  export GEFEST_HOST=pc-$1
  n=0
  while [ ! -e /tmp/go ]; do sleep 0.05; done
  while [ ! -e /tmp/stop ]; do
    gefest --share "/mnt/$1/gefest" debug counter-value --key "$KEY" >/dev/null 2>&1
    n=$((n + 1))
    [ $((n % 10)) = 0 ] && gefest --share "/mnt/$1/gefest" order list >/dev/null 2>&1
  done
  echo "$n" >"/tmp/w-poll-$1/reads"
}

# Diagnostics only: if the workers are still running after HANG_AFTER s, show what every
# gefest process is blocked on and the CIFS client's in-flight requests (the host then
# dumps smbd's side, see run.sh). Whether that is a failure is decided by the checks.
diag() {
  echo "@@BEGIN diag $1"
  ps
  for st in /proc/[0-9]*/stat; do
    p=${st#/proc/}; p=${p%/stat}
    read -r _ comm state _ <"$st" 2>/dev/null || continue
    case $comm in *gefest*|*umount*|*sync*) ;; *) continue ;; esac
    echo "--- pid $p $comm state $state: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)"
    cat "/proc/$p/stack" 2>/dev/null | head -n 14
  done
  echo "--- /proc/fs/cifs/DebugData"
  cat /proc/fs/cifs/DebugData 2>/dev/null
  echo
  echo "@@END"
}
watchdog() {
  t=0
  while [ ! -e /tmp/workers.done ]; do
    sleep 5; t=$((t + 5))
    if [ "$t" -ge "${HANG_AFTER:-180}" ]; then
      echo "@@HANG-SUSPECTED workers still running after $t s"
      diag hang-guest
      return
    fi
  done
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
watchdog &
wait $pids
touch /tmp/workers.done
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

# Anything stuck in the kernel (D state) now is a hang worth naming.
blocked() {
  for st in /proc/[0-9]*/stat; do
    p=${st#/proc/}; p=${p%/stat}
    read -r _ comm state _ <"$st" 2>/dev/null || continue
    [ "$state" = D ] || continue
    echo "pid $p $comm state D wchan=$(cat /proc/$p/wchan 2>/dev/null) cmd=$(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)"
    cat "/proc/$p/stack" 2>/dev/null | head -n 12
  done
}
echo "@@BEGIN blocked after-scenario"
blocked
echo
echo "@@END"

# sync + umount, bounded: a CIFS client that cannot finish must not hang the run silently.
( sync; rc=0
  for m in a b safe; do umount "/mnt/$m" || { echo "@@UMOUNT-FAILED /mnt/$m"; rc=1; }; done
  echo $rc >/tmp/umount.rc ) &
i=0
while [ ! -e /tmp/umount.rc ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -e /tmp/umount.rc ]; then
  echo "@@UMOUNT-HUNG after 60 s"
  diag umount-hung
  echo "@@BEGIN blocked at-umount"
  blocked
  echo w >/proc/sysrq-trigger 2>/dev/null
  sleep 1
  dmesg | tail -n 80
  echo
  echo "@@END"
  exit 1
fi
exit "$(cat /tmp/umount.rc)"
