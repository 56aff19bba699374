#!/usr/bin/env bash
# gefest's storage layer on a REAL kernel CIFS mount.
#
# usage: tests/smb/run.sh GEFEST_BIN          (or GEFEST_BIN=... tests/smb/run.sh)
# exit:  0 pass, 1 fail, 77 skipped (one-line reason on stderr)
#
# The host kernel has no CIFS client, so: a loopback-only smbd on the host (own config and
# state under the work dir), and a QEMU/TCG guest booted from Debian's stock kernel package
# (downloaded, unpacked, not installed) with a busybox initramfs holding gefest and every
# shared library it needs. The guest mounts the share twice as two separate SMB sessions
# (/mnt/a, /mnt/b = two office PCs) plus /mnt/safe, runs tests/smb/guest.sh (8 concurrent
# processes: number claims, journal writes, locked counter updates, orders made and changed
# (the orders index's notes), while one reader per mount keeps reading the counter and
# listing the orders), prints the results on the console and powers off.
# Then the host checks the results and the share's backing folder directly with gefest.
# If the workers are still running after HANG_AFTER s, the guest prints what each process
# is blocked on and the CIFS client's in-flight requests, and the host saves smbstatus,
# the sockets and smbd's stacks (out/diag.*, out/host-diag.*).
#
# Network: the guest reaches nothing but the host's 127.0.0.1:445 — QEMU user networking
# with restrict=on and a single guestfwd (10.0.2.100:445, an address that exists only inside
# QEMU) that runs socat to 127.0.0.1:445 for each guest connection.
#
# Environment: GEFEST_SMB_WORK   work dir (default /tmp/gefest-smb-test; kernel cached there)
#              GEFEST_SMB_NPROC  processes per mount (default 4)
#              GEFEST_SMB_AB_OPTS  extra mount options for /mnt/a and /mnt/b (default none)
#              GEFEST_SMB_SERVER_OPTS  extra [global] smb.conf lines, e.g. 'smb2 leases = no'
#              GEFEST_SMB_VERBOSE=1  copy the guest console to stderr while it runs
#              GEFEST_LOCK_WAIT  gefest's lock wait in the guest (default 150 s: TCG is slow)
#              GEFEST_RETRY_SCALE  passed on to gefest in the guest if set
set -uo pipefail

skip() { echo "SKIP (tests/smb): $*" >&2; exit 77; }
fail() { echo "FAIL (tests/smb): $*" >&2; exit 1; }
log()  { echo "[smb-test $(date +%T)] $*" >&2; }
now()  { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${1:-${GEFEST_BIN:-}}
[ -n "$BIN" ] || fail "usage: $0 GEFEST_BIN"
[ -x "$BIN" ] || fail "gefest binary not found or not executable: $BIN"
BIN=$(readlink -f "$BIN")
[ "$(id -u)" = 0 ] || skip "needs root (smbd on port 445, a test user, apt-get)"

W=${GEFEST_SMB_WORK:-/tmp/gefest-smb-test}
NPROC=${GEFEST_SMB_NPROC:-4}
CLAIMS=20 EVENTS=30 INCS=10 ORDERS=5 KIND=smbtest YEAR=2026 KEY=smb
CMD_TIMEOUT=240      # per gefest command inside the guest
HANG_AFTER=180       # workers still running then: the guest and host dump diagnostics
QEMU_TIMEOUT=600
HOST_TIMEOUT=120     # per gefest command on the host
LOCK_WAIT=${GEFEST_LOCK_WAIT:-150}   # gefest's lock wait in the guest (see below)
NTOTAL=$((2 * NPROC))
# Extra CIFS mount options for /mnt/a and /mnt/b (default: none, i.e. what an office PC
# gets without an admin's care); e.g. cache=none,actimeo=0,nolease,closetimeo=0.
AB_OPTS=${GEFEST_SMB_AB_OPTS:+,$GEFEST_SMB_AB_OPTS}
# Samba 4.17 with SMB2 leases and the 6.1 CIFS client left processes blocked in the
# kernel on SMB2_open/close (a lease-break deadlock below gefest; measured here, 4 of 8
# runs) — the reason gefest recommends mounting with `nolease`. The test keeps the
# clients' default caching (the stale reads that gefest must survive) and turns leases
# off on the server; GEFEST_SMB_SERVER_OPTS=' ' runs with Samba's defaults instead.
SERVER_OPTS=${GEFEST_SMB_SERVER_OPTS:-smb2 leases = no}
T_START=$(now)

mkdir -p "$W" || fail "cannot create work dir $W"
# One run at a time on this machine (port 445 is global).
exec 9>"$W/.run.lock"
flock -w 900 9 || skip "another SMB test run holds $W/.run.lock"

export DEBIAN_FRONTEND=noninteractive
need=(samba qemu-system-x86 busybox-static cpio kmod socat)
if ! dpkg -s "${need[@]}" >/dev/null 2>&1; then
  log "installing ${need[*]}"
  timeout 600 apt-get update -qq >"$W/apt.log" 2>&1
  timeout 900 apt-get install -y -qq --no-install-recommends "${need[@]}" >>"$W/apt.log" 2>&1 ||
    skip "cannot install ${need[*]} (see $W/apt.log)"
fi
for t in smbd smbpasswd qemu-system-x86_64 socat cpio depmod dpkg-deb useradd flock timeout; do
  command -v "$t" >/dev/null || skip "$t not found"
done
[ -x /bin/busybox ] || skip "/bin/busybox (busybox-static) not found"
qemu-system-x86_64 --version >/dev/null 2>&1 || skip "qemu-system-x86_64 cannot run"

# --- cleanup: everything this script starts is ended by pid ---------------------------------
SMBD_PID="" QEMU_PID="" CREATED_USER=""
cleanup() {
  local p kids
  if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
    kill -TERM "$QEMU_PID" 2>/dev/null; sleep 1; kill -KILL "$QEMU_PID" 2>/dev/null
  fi
  if [ -n "$SMBD_PID" ] && kill -0 "$SMBD_PID" 2>/dev/null; then
    kids=$(pgrep -P "$SMBD_PID" 2>/dev/null || true)
    kill -TERM "$SMBD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SMBD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SMBD_PID" 2>/dev/null
    for p in $kids; do kill -KILL "$p" 2>/dev/null; done
  fi
  SMBD_PID="" QEMU_PID=""
  if [ -n "$CREATED_USER" ]; then userdel "$CREATED_USER" 2>/dev/null; CREATED_USER=""; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

port445_busy() { (exec 3<>/dev/tcp/127.0.0.1/445) 2>/dev/null; }

# --- 1. guest kernel: Debian's stock kernel package, unpacked and cached under $W ------------
K=$W/kernel
if [ ! -s "$K/ready" ]; then
  T0=$(now)
  kpkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'; }
  KPKG=$(kpkg)
  if [ -z "$KPKG" ]; then timeout 600 apt-get update -qq >"$W/apt.log" 2>&1; KPKG=$(kpkg); fi
  [ -n "$KPKG" ] || skip "cannot resolve the package linux-image-amd64 depends on (apt-cache)"
  log "downloading guest kernel $KPKG"
  rm -rf "$K"; mkdir -p "$K/dl"
  (cd "$K/dl" && timeout 900 apt-get download "$KPKG") >"$W/kernel-download.log" 2>&1 ||
    skip "cannot download kernel package $KPKG (see $W/kernel-download.log)"
  dpkg-deb -x "$K"/dl/"${KPKG}"_*.deb "$K/root" || fail "dpkg-deb -x $KPKG failed"
  rm -rf "$K/dl"
  KV=$(ls "$K/root/lib/modules" | head -n 1)
  [ -n "$KV" ] && [ -f "$K/root/boot/vmlinuz-$KV" ] || fail "no kernel image in $KPKG"
  depmod -b "$K/root" "$KV" || fail "depmod failed"
  echo "$KPKG $KV" >"$K/ready"
  KERNEL_NOTE="$KPKG (downloaded and unpacked in $(secs "$T0" "$(now)") s)"
else
  KERNEL_NOTE="$(cut -d' ' -f1 "$K/ready") (cached)"
fi
KV=$(cut -d' ' -f2 "$K/ready")
KMOD=$K/root/lib/modules/$KV

# --- 2. loopback-only smbd with its own config/state under $W/smb ---------------------------
if port445_busy; then
  # A smbd left behind by an earlier run of this script (killed with -9) is ours to end.
  old=$(cat "$W/smb/smbd.pid" 2>/dev/null || true)
  if [ -n "$old" ] && grep -a -q "$W/smb/smb.conf" "/proc/$old/cmdline" 2>/dev/null; then
    kill -TERM "$old" 2>/dev/null; sleep 2
  fi
  port445_busy && skip "127.0.0.1:445 is already in use by another program"
fi
S=$W/smb
rm -rf "$S"; mkdir -p "$S"/{share,lock,state,cache,pid,private,log,ncalrpc}
chmod 777 "$S/share"
cat >"$S/smb.conf" <<EOF
[global]
  interfaces = lo
  bind interfaces only = yes
  smb ports = 445
  lock directory = $S/lock
  state directory = $S/state
  cache directory = $S/cache
  pid directory = $S/pid
  private dir = $S/private
  ncalrpc dir = $S/ncalrpc
  log file = $S/log/log.%m
  server role = standalone server
  passdb backend = tdbsam:$S/private/passdb.tdb
  disable netbios = yes
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
  server min protocol = SMB2_10
${SERVER_OPTS}
[share]
  path = $S/share
  read only = no
EOF
SMBUSER=gefesttest
if ! id "$SMBUSER" >/dev/null 2>&1; then
  useradd -M -s /usr/sbin/nologin "$SMBUSER" || fail "useradd $SMBUSER failed"
  CREATED_USER=$SMBUSER
fi
chown "$SMBUSER" "$S/share"
PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n%s\n' "$PASS" "$PASS" | smbpasswd -c "$S/smb.conf" -s -a "$SMBUSER" >/dev/null ||
  fail "smbpasswd failed"
smbd --foreground -s "$S/smb.conf" </dev/null >"$S/log/smbd.out" 2>&1 9>&- &
SMBD_PID=$!
echo "$SMBD_PID" >"$W/smb/smbd.pid"
for _ in $(seq 100); do port445_busy && break; kill -0 "$SMBD_PID" 2>/dev/null || break; sleep 0.1; done
port445_busy || fail "smbd did not start listening on 127.0.0.1:445 (see $S/log/)"

# --- 3. the share: created on the host, writable by Samba's user ----------------------------
SHARE=$S/share/gefest
GEFEST_LOGIN=root timeout "$HOST_TIMEOUT" "$BIN" init "$SHARE" --company "ООО Тест" >"$W/init.log" 2>&1 ||
  fail "gefest init failed: $(tail -n 5 "$W/init.log")"
# Order steps only note their orders (the index written by `order list`): the path of a
# share whose orders index has outgrown index_live_kib.
printf '\n[orders]\nindex_live_kib = 0\n' >>"$SHARE/gefest.toml"
chmod -R a+rwX "$S/share"

# --- 4. initramfs: busybox, CIFS modules, gefest + its shared libraries ----------------------
T0=$(now)
R=$W/initramfs
rm -rf "$R"
mkdir -p "$R"/{bin,sbin,proc,sys,dev,tmp,root,etc,mnt/a,mnt/b,mnt/safe,lib/modules/"$KV"}
cp /bin/busybox "$R/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done
ln -sf /bin/busybox "$R/sbin/modprobe"        # the kernel's crypto autoload runs /sbin/modprobe
echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
echo 'root:x:0:' >"$R/etc/group"
cp "$KMOD"/modules.* "$R/lib/modules/$KV/"
mods=()
for d in kernel/crypto kernel/arch/x86/crypto kernel/lib kernel/fs/smb kernel/fs/cifs kernel/fs/netfs \
  kernel/fs/fscache kernel/fs/nls kernel/net/dns_resolver kernel/drivers/virtio \
  kernel/drivers/net/virtio_net.ko kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko; do
  [ -e "$KMOD/$d" ] && mods+=("$d")
done
(cd "$KMOD" && tar cf - "${mods[@]}") | (cd "$R/lib/modules/$KV" && tar xf -) || fail "copying modules failed"

# gefest and every shared library it needs, at the same paths, plus the dynamic loader.
copy_elf() { # SRC DEST: copy, without debug info when strip is available
  mkdir -p "$(dirname "$2")"
  if command -v strip >/dev/null; then strip --strip-debug -o "$2" "$1" 2>/dev/null || cp -L "$1" "$2"
  else cp -L "$1" "$2"; fi
  chmod 755 "$2"
}
copy_elf "$BIN" "$R/bin/gefest"
LDD=$(ldd "$BIN" 2>&1)
if ! grep -q 'not a dynamic executable\|statically linked' <<<"$LDD"; then
  grep -q 'not found' <<<"$LDD" && fail "gefest needs libraries that are missing on the host: $(grep 'not found' <<<"$LDD" | tr '\n' ' ')"
  libs=$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$LDD" | sort -u)
  for l in $libs; do copy_elf "$l" "$R$l"; done
  nlibs=$(wc -w <<<"$libs")
else
  nlibs=0
fi
install -m 755 "$HERE/guest.sh" "$R/guest.sh"
cat >"$R/scenario.env" <<EOF
NPROC=$NPROC CLAIMS=$CLAIMS EVENTS=$EVENTS INCS=$INCS ORDERS=$ORDERS KIND=$KIND YEAR=$YEAR KEY=$KEY CMD_TIMEOUT=$CMD_TIMEOUT HANG_AFTER=$HANG_AFTER
EOF
# gefest's lock wait, scaled to the emulated guest: under TCG one locked update takes
# 1-3 s, so gefest's default 15 s makes 7 waiters give up even behind a fair lock.
echo "export GEFEST_LOCK_WAIT='$LOCK_WAIT'" >>"$R/scenario.env"
[ -n "${GEFEST_RETRY_SCALE:-}" ] && echo "export GEFEST_RETRY_SCALE='$GEFEST_RETRY_SCALE'" >>"$R/scenario.env"
cat >"$R/init" <<EOF
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
echo "@@GUEST-BOOTED uptime=\$(cut -d' ' -f1 /proc/uptime)"
for m in virtio_pci virtio_net aesni_intel ctr ghash_generic gcm ccm sha512 sha256 cmac md5 hmac ecb nls_utf8 cifs; do
  modprobe \$m 2>/dev/null
done
hostname gefest-smb-guest
ip link set lo up; ip link set eth0 up; ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
O='ip=10.0.2.100,unc=\\\\10.0.2.100\\share,username=$SMBUSER,password=$PASS,vers=3.0'
mounted=0
mount -t cifs //10.0.2.100/share /mnt/a -o "\$O$AB_OPTS" && mounted=\$((mounted+1))
mount -t cifs //10.0.2.100/share /mnt/b -o "\$O,nosharesock$AB_OPTS" && mounted=\$((mounted+1))
mount -t cifs //10.0.2.100/share /mnt/safe -o "\$O,nosharesock,cache=none,actimeo=0,nolease,closetimeo=0" && mounted=\$((mounted+1))
if [ \$mounted = 3 ]; then
  echo "@@READY uptime=\$(cut -d' ' -f1 /proc/uptime)"
  sh /guest.sh
  echo "@@GUEST-EXIT=\$?"
else
  echo "@@MOUNT-FAILED (\$mounted of 3 mounted)"
  dmesg | tail -n 30
fi
poweroff -f
EOF
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$W/initrd.gz" || fail "building initramfs failed"
INITRD_MB=$(du -m "$W/initrd.gz" | cut -f1)
T_INITRD=$(secs "$T0" "$(now)")

# --- 5. boot (TCG), watching the console for the milestones ----------------------------------
CON=$W/console.log
: >"$CON"
rm -f "$W"/host-diag.*
log "booting guest ($KERNEL_NOTE, initramfs ${INITRD_MB} MB, $NTOTAL processes)"
T_QEMU=$(now)
timeout -k 10 "$QEMU_TIMEOUT" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -m 1024 -smp 2 \
  -kernel "$K/root/boot/vmlinuz-$KV" -initrd "$W/initrd.gz" \
  -append "console=ttyS0 quiet panic=-1" -nographic -no-reboot \
  -netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:445-cmd:socat - TCP:127.0.0.1:445" \
  -device virtio-net-pci,netdev=n0 </dev/null >"$CON" 2>"$W/qemu.err" 9>&- &
QEMU_PID=$!
if [ "${GEFEST_SMB_VERBOSE:-0}" = 1 ]; then tail -f "$CON" >&2 & TAILPID=$!; else TAILPID=""; fi
# What the server side looks like while the guest reports a hang (diagnostics only).
host_diag() { # NAME
  local f=$W/host-diag.$1 p
  {
    echo "== $(date +%T) smbstatus"; timeout 20 smbstatus -s "$S/smb.conf" 2>&1
    echo "== sockets on port 445 (Recv-Q/Send-Q that stay non-zero = a stalled transport)"
    ss -tnpo 'sport = :445 or dport = :445' 2>&1
    for p in $SMBD_PID $(pgrep -P "$SMBD_PID" 2>/dev/null); do
      echo "== smbd pid $p: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null) $(grep State /proc/$p/status 2>/dev/null)"
      echo "wchan: $(cat /proc/$p/wchan 2>/dev/null)"; cat /proc/$p/stack 2>/dev/null
    done
    echo "== socat (guestfwd) processes"
    for p in $(pgrep -P "$QEMU_CHILD" 2>/dev/null); do
      echo "pid $p: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null) $(grep State /proc/$p/status 2>/dev/null)"
    done
  } >"$f" 2>&1
  log "guest reports $1; server-side state saved in $f"
}
T_READY="" QEMU_CHILD="" DIAG_HANG="" DIAG_UMOUNT=""
while kill -0 "$QEMU_PID" 2>/dev/null; do
  [ -z "$QEMU_CHILD" ] && QEMU_CHILD=$(pgrep -P "$QEMU_PID" 2>/dev/null | head -n 1)
  [ -z "$T_READY" ] && grep -a -q '^@@READY' "$CON" && T_READY=$(now)
  [ -z "$DIAG_HANG" ] && grep -a -q '^@@HANG-SUSPECTED' "$CON" && { DIAG_HANG=1; host_diag hang; }
  [ -z "$DIAG_UMOUNT" ] && grep -a -q '^@@UMOUNT-HUNG' "$CON" && { DIAG_UMOUNT=1; host_diag umount-hung; }
  sleep 0.2
done
wait "$QEMU_PID"; QEMU_RC=$?; QEMU_PID=""
T_END=$(now)
[ -n "$TAILPID" ] && kill "$TAILPID" 2>/dev/null
[ -z "$T_READY" ] && grep -a -q '^@@READY' "$CON" && T_READY=$T_END

# Stop smbd before looking at its folder: nothing else touches it from here on.
cleanup

show_console() { echo "--- last lines of the guest console ($CON) ---" >&2; tr -d '\r' <"$CON" | tail -n "${1:-60}" >&2; }
if ! grep -a -q '@@GUEST-BOOTED' "$CON"; then
  if [ "$QEMU_RC" != 0 ] && [ "$QEMU_RC" != 124 ] && [ ! -s "$CON" ]; then
    skip "qemu could not run: $(head -n 1 "$W/qemu.err")"
  fi
  show_console; fail "the guest did not boot (qemu exit $QEMU_RC; see $W/qemu.err)"
fi
grep -a -q '@@MOUNT-FAILED' "$CON" && { show_console; fail "the guest could not mount the share"; }
grep -a -q '@@SCENARIO-DONE' "$CON" || { show_console; fail "the scenario did not finish in the guest (qemu exit $QEMU_RC)"; }
# From here on every check runs and every failure is listed, even if the guest then hung.

# --- 6. collect the guest's results from the console ----------------------------------------
OUT=$W/out
rm -rf "$OUT"; mkdir -p "$OUT"
mv "$W"/host-diag.* "$OUT"/ 2>/dev/null
tr -d '\r' <"$CON" | awk -v D="$OUT" '
  /^@@BEGIN / { f = D "/" $2 "." $3; printf "" > f; on = 1; next }
  /^@@END$/   { if (on) close(f); on = 0; next }
  on          { if ($0 != "") print > f }'

errors=()
err() { errors+=("$*"); echo "  FAIL: $*" >&2; }
grep -a -q '@@GEFEST-LOADS rc=0' "$CON" ||
  err "gefest --help in the guest: $(tr -d '\r' <"$CON" | grep -a -A3 '@@GEFEST-LOADS' | tr '\n' ' ')"
grep -a -q '@@UMOUNT-FAILED' "$CON" && err "unmount in the guest failed: $(grep -a '@@UMOUNT-FAILED' "$CON" | tr -d '\r' | tr '\n' ' ')"
grep -a -q '@@UMOUNT-HUNG' "$CON" && err "sync/umount of the CIFS mounts hung in the guest (stuck tasks in $OUT/blocked.at-umount)"
[ -s "$OUT/blocked.after-scenario" ] && err "tasks stuck in the kernel after the scenario: $(head -n 3 "$OUT/blocked.after-scenario" | tr '\n' ' ')"
case $QEMU_RC in
  0) grep -a -q '@@GUEST-EXIT=0' "$CON" || err "the guest scenario did not exit 0" ;;
  124|137) err "QEMU timed out after ${QEMU_TIMEOUT} s" ;;
  *) err "QEMU exited with $QEMU_RC" ;;
esac

workers=()
for m in a b; do for k in $(seq "$NPROC"); do workers+=("w-$m$k"); done; done
for w in "${workers[@]}"; do
  for c in claim journal counter orders; do
    rc=$(cat "$OUT/$w.$c.rc" 2>/dev/null || echo missing)
    if [ "$rc" != 0 ]; then
      what="exit $rc"; [ "$rc" = 143 ] && what="killed after ${CMD_TIMEOUT} s (hang?)"
      err "$w: gefest debug $c: $what; stderr: $(head -c 400 "$OUT/$w.$c.err" 2>/dev/null | tr '\n' ' ')"
    fi
  done
done

# expect_set NAME FILE N: FILE must hold exactly the numbers 1..N, one per line, each once.
expect_set() {
  local name=$1 f=$2 n=$3 bad dups missing
  bad=$(grep -c -v -E '^[0-9]+$' "$f")
  dups=$(sort -n "$f" | uniq -d | wc -l)
  missing=$(comm -23 <(seq "$n" | sort) <(sort -u "$f") | wc -l)
  extra=$(comm -13 <(seq "$n" | sort) <(grep -E '^[0-9]+$' "$f" | sort -u) | wc -l)
  if [ "$bad" != 0 ] || [ "$dups" != 0 ] || [ "$missing" != 0 ] || [ "$extra" != 0 ]; then
    err "$name: $(wc -l <"$f") values; $dups duplicated ($(sort -n "$f" | uniq -d | head -n 10 | tr '\n' ' ')), $missing of 1..$n missing ($(comm -23 <(seq "$n" | sort) <(sort -u "$f") | sort -n | head -n 10 | tr '\n' ' ')), $extra outside 1..$n, $bad not numbers"
    return 1
  fi
}

# (a) numbers: the union of what every process printed is exactly 1..N, and the folder agrees.
NCLAIM=$((NTOTAL * CLAIMS))
cat "$OUT"/w-*.claim.out 2>/dev/null | sed 's/^[[:space:]]*//;s/[[:space:]]*$//' >"$OUT/all-claims"
expect_set "claim-numbers (printed by the processes)" "$OUT/all-claims" "$NCLAIM" && R_CLAIMS=ok || R_CLAIMS=BAD
NUMDIR=$SHARE/.gefest/numbers/$KIND/$YEAR
if [ -d "$NUMDIR" ]; then
  ls -A "$NUMDIR" >"$OUT/numbers-dir"
  grep -E '^[0-9]+$' "$OUT/numbers-dir" | sed -E 's/^0+([0-9])/\1/' >"$OUT/numbers-dir-n"
  # Other entries (gefest's "next" hint, say) are only shown: `gefest check` judges them.
  NUMDIR_OTHER=$(grep -v -E '^[0-9]+$' "$OUT/numbers-dir" | head -n 5 | tr '\n' ' ')
  expect_set "ls $NUMDIR" "$OUT/numbers-dir-n" "$NCLAIM" && R_NUMDIR=ok || R_NUMDIR=BAD
else
  err "$NUMDIR does not exist"; R_NUMDIR=BAD; NUMDIR_OTHER=""
fi

# (b) journal: every acknowledged (tag,i) is in journal-dump exactly once, nothing else of ours.
NEV=$((NTOTAL * EVENTS))
cat "$OUT"/w-*.journal.out 2>/dev/null | awk 'NF { print $1 " " $2 }' | sort >"$OUT/acked"
for w in "${workers[@]}"; do
  n=$(grep -c . "$OUT/$w.journal.out" 2>/dev/null); n=${n:-0}
  [ "$n" = "$EVENTS" ] || err "$w: journal-write acknowledged $n of $EVENTS events"
done
GEFEST_LOGIN=root timeout "$HOST_TIMEOUT" "$BIN" --share "$SHARE" debug journal-dump >"$OUT/journal-dump" 2>"$OUT/journal-dump.err"
rc=$?
[ "$rc" = 0 ] || err "gefest debug journal-dump on the host: exit $rc: $(head -c 300 "$OUT/journal-dump.err")"
# Pull {"tag":"X","i":N} out of whatever the dump prints (spacing, key order, escaped quotes).
tr -d '\\' <"$OUT/journal-dump" | grep -o -E '\{[^{}]*"tag"[^{}]*\}' |
  sed -n -E 's/.*"tag"[[:space:]]*:[[:space:]]*"([^"]*)".*"i"[[:space:]]*:[[:space:]]*([0-9]+).*/\1 \2/p;
             t; s/.*"i"[[:space:]]*:[[:space:]]*([0-9]+).*"tag"[[:space:]]*:[[:space:]]*"([^"]*)".*/\2 \1/p' |
  grep -E '^smb-[ab][0-9]+ ' | sort >"$OUT/dumped"
NACK=$(wc -l <"$OUT/acked")
NDUMP=$(wc -l <"$OUT/dumped")
J_DUP=$(uniq -d "$OUT/dumped" | wc -l)
J_LOST=$(comm -23 "$OUT/acked" <(sort -u "$OUT/dumped") | wc -l)
J_EXTRA=$(comm -13 "$OUT/acked" <(sort -u "$OUT/dumped") | wc -l)
A_DUP=$(uniq -d "$OUT/acked" | wc -l)
R_JOURNAL=ok
if [ "$NACK" != "$NEV" ] || [ "$J_DUP" != 0 ] || [ "$J_LOST" != 0 ] || [ "$J_EXTRA" != 0 ] || [ "$A_DUP" != 0 ]; then
  R_JOURNAL=BAD
  err "journal: $NACK of $NEV acknowledged ($A_DUP acknowledged twice); dump has $NDUMP of ours: $J_LOST acknowledged but missing ($(comm -23 "$OUT/acked" <(sort -u "$OUT/dumped") | head -n 5 | tr '\n' ','))), $J_DUP duplicated ($(uniq -d "$OUT/dumped" | head -n 5 | tr '\n' ',')), $J_EXTRA never acknowledged"
fi

# (c) counter: final value N, and the values written across processes are exactly 1..N.
NINC=$((NTOTAL * INCS))
cat "$OUT"/w-*.counter.out 2>/dev/null | sed 's/^[[:space:]]*//;s/[[:space:]]*$//' >"$OUT/all-counter"
expect_set "update-counter (values written)" "$OUT/all-counter" "$NINC" && R_COUNTER=ok || R_COUNTER=BAD
CV=$(GEFEST_LOGIN=root timeout "$HOST_TIMEOUT" "$BIN" --share "$SHARE" debug counter-value --key "$KEY" 2>"$OUT/counter-value.err")
rc=$?
CV=$(echo "$CV" | tr -d '[:space:]')
[ "$rc" = 0 ] && [ "$CV" = "$NINC" ] || { R_COUNTER=BAD; err "counter-value --key $KEY: '$CV' (exit $rc), expected $NINC"; }

# (d) orders: every number printed once, 1..N; the index, written by `order list` from the
# notes of both PCs, has each order once with its change (first step done: next 5.2.3.2).
NORD=$((NTOTAL * ORDERS))
cat "$OUT"/w-*.orders.out 2>/dev/null | sed 's/^[[:space:]]*//;s/[[:space:]]*$//' >"$OUT/all-orders"
expect_set "order-steps (numbers printed)" "$OUT/all-orders" "$NORD" && R_ORDERS=ok || R_ORDERS=BAD
GEFEST_LOGIN=root timeout "$HOST_TIMEOUT" "$BIN" --share "$SHARE" --format csv order list >"$OUT/order-list" 2>"$OUT/order-list.err"
rc=$?
[ "$rc" = 0 ] || { R_ORDERS=BAD; err "gefest order list on the host: exit $rc: $(head -c 300 "$OUT/order-list.err")"; }
tail -n +2 "$OUT/order-list" | tr -d '\r' | awk -F';' '$9 == "5.2.3.2" { print $1 }' >"$OUT/listed-orders"
expect_set "order list (orders with their step done)" "$OUT/listed-orders" "$NORD" || R_ORDERS=BAD
INDEX_FILE="$SHARE/Отдел продаж/Заказы/$(date +%Y)/Заказы $(date +%Y).csv"
tail -n +2 "$INDEX_FILE" 2>/dev/null | tr -d '\r' | awk -F';' '$9 == "5.2.3.2" { print $1 }' >"$OUT/index-orders"
expect_set "Заказы.csv after order list" "$OUT/index-orders" "$NORD" || R_ORDERS=BAD

# (e) gefest check on the backing folder.
GEFEST_LOGIN=root timeout "$HOST_TIMEOUT" "$BIN" --share "$SHARE" check >"$OUT/check.out" 2>&1
CHECK_RC=$?
[ "$CHECK_RC" = 0 ] || err "gefest check: exit $CHECK_RC: $(head -c 600 "$OUT/check.out")"

# --- 7. summary --------------------------------------------------------------------------
gup() { tr -d '\r' <"$CON" | sed -n -E "s/^@@$1 uptime=([0-9.]+).*/\1/p" | head -n 1; }
G_READY=$(gup READY) G_START=$(gup SCENARIO-START) G_DONE=$(gup SCENARIO-DONE)
phase_max() { # column pair of the times files -> max duration over the processes
  cat "$OUT"/w-*.times 2>/dev/null | awk -v a="$1" -v b="$2" 'NF == 5 { d = $b - $a; if (d > m) m = d } END { printf "%.1f", m }'
}
[ "${#errors[@]}" = 0 ] && VERDICT=PASS || VERDICT=FAIL
cat <<EOF
gefest SMB test (real kernel CIFS client, Samba $(smbd --version 2>/dev/null | awk '{print $2}')): $VERDICT
  server:         loopback smbd, default share settings${SERVER_OPTS:+ plus '$SERVER_OPTS'}
  guest kernel:   $KERNEL_NOTE; initramfs ${INITRD_MB} MB ($nlibs shared libraries) built in ${T_INITRD} s
  boot:           QEMU start -> shares mounted ${T_READY:+$(secs "$T_QEMU" "$T_READY")} s (guest uptime ${G_READY:-?} s)
  scenario:       $NTOTAL processes ($NPROC on /mnt/a as pc-a, $NPROC on /mnt/b as pc-b; mount options ${GEFEST_SMB_AB_OPTS:-default}; GEFEST_LOCK_WAIT=$LOCK_WAIT)
                  $(awk -v a="${G_START:-0}" -v b="${G_DONE:-0}" 'BEGIN { printf "%.1f", b - a }') s in the guest
                  slowest process: claim-numbers $(phase_max 1 2) s, journal-write $(phase_max 2 3) s, update-counter $(phase_max 3 4) s, order-steps $(phase_max 4 5) s
  QEMU total:     $(secs "$T_QEMU" "$T_END") s; whole run $(secs "$T_START" "$(now)") s
  numbers:        $(wc -l <"$OUT/all-claims") claimed, expected 1..$NCLAIM each once: $R_CLAIMS; folder lists $(wc -l <"$OUT/numbers-dir-n" 2>/dev/null || echo 0): $R_NUMDIR${NUMDIR_OTHER:+ (also: $NUMDIR_OTHER)}
  journal:        $NACK of $NEV acknowledged; journal-dump has $NDUMP of them, $J_LOST lost, $J_DUP duplicated, $J_EXTRA unacknowledged: $R_JOURNAL
  counter:        final value ${CV:-?} (expected $NINC); values written $(wc -l <"$OUT/all-counter"), expected 1..$NINC each once: $R_COUNTER
  orders:         $(wc -l <"$OUT/all-orders") made and changed, expected 1..$NORD each once; order list and Заказы.csv each once with the change: $R_ORDERS
  gefest check:   exit $CHECK_RC
  details:        $OUT, guest console $CON$(ls "$OUT"/host-diag.* >/dev/null 2>&1 && echo "; hang diagnostics: $OUT/diag.*, $OUT/host-diag.*")
EOF
[ "$VERDICT" = PASS ] && exit 0
exit 1
