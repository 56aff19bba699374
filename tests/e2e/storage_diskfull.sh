#!/usr/bin/env bash
# A full disk and a read-only share: a clear one-line error naming the file, exit 8
# (I/O), and the share unchanged byte for byte. Needs root to mount a small tmpfs.
source "$(dirname "$0")/lib/common.sh"
if [ "$(id -u)" -ne 0 ]; then echo "skipped: mounting a small tmpfs needs root" >&2; exit 77; fi
M=$T/mnt; mkdir -p "$M"
if ! mount -t tmpfs -o size=512k tmpfs "$M" 2>/dev/null; then echo "skipped: cannot mount tmpfs here" >&2; exit 77; fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
S=$M/share; new_share "$S"
gefest --share "$S" staff add ivanova --name "Иванова" --role office_manager >/dev/null
gefest --share "$S" debug journal-write --count 3 --tag before >/dev/null

# Fill the disk to the last block.
dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null
rm -f "$M/filler.small"; dd if=/dev/zero of="$M/filler.small" bs=1 count=4096 2>/dev/null
before=$(snapshot "$S")
expect_fail "staff add on a full disk" 8 "unable to (create|write) '.*': no space left on the share" \
    gefest --share "$S" staff add petrov --name "Петров" --role sales_manager
expect_eq "full disk: share unchanged" "$before" "$(snapshot "$S")"
# A journal append that does not fit: nothing half-written is left behind.
BIG=$(head -c 8000 /dev/zero | tr '\0' 'x')
expect_fail "journal row on a full disk" 8 "no space left on the share" \
    gefest --share "$S" debug journal-write --count 1 --tag "$BIG"
expect_eq "full disk: journal unchanged" "$before" "$(snapshot "$S")"
expect_fail "number claim on a full disk" 8 "no space left on the share" \
    gefest --share "$S" debug claim-numbers --kind probe --count 1
expect_eq "full disk: no claim left behind" "$before" "$(snapshot "$S")"
rm -f "$M/filler" "$M/filler.small"
expect_ok "after freeing space the same command works" gefest --share "$S" staff add petrov --name "Петров" --role sales_manager

# Read-only share.
mount -o remount,ro "$M"
before=$(snapshot "$S")
expect_fail "staff add on a read-only share" 8 "the share is read-only" \
    gefest --share "$S" staff add sidorova --name "Сидорова" --role sales_manager
expect_fail "journal row on a read-only share" 8 "the share is read-only" \
    gefest --share "$S" debug journal-write --count 1
expect_eq "read-only: share unchanged" "$before" "$(snapshot "$S")"
expect_ok "reading still works on a read-only share" gefest --share "$S" staff list
expect_match "and shows petrov" "petrov" "$OUT"
finish
