#!/usr/bin/env python3
"""Journal fuzzing (on demand: GEFEST_FUZZ=1, or run directly).

Takes a share that has a journal (the one .ci/demo leaves, or any copy), damages one
segment at random (flipped bytes, truncation, a stray quote, semicolon, NUL or line break,
a pasted run of bytes, LF line ends), then runs the commands that read the journal. Each
must end as gefest promises: exit 0, or exit 1/3 with exactly one line on stderr; never a
signal, an internal error (70) or a multi-line message.

    tests/fuzz/journal_fuzz.py GEFEST_BIN SHARE [ITERATIONS] [SEED]
"""
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile

COMMANDS = (
    ["report", "requests", "--month", "2026-11", "--format", "json"],
    ["report", "control"],
    ["report", "managers", "--month", "2026-11"],
    ["call", "list"],
    ["check"],
)


def damage(data: bytearray, rng: random.Random) -> bytearray:
    op = rng.randrange(5)
    if op == 0 and data:
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif op == 1:
        data = data[: rng.randrange(len(data) + 1)]
    elif op == 2:
        i = rng.randrange(len(data) + 1)
        data[i:i] = rng.choice([b'"', b";", b"\n", b"\r", b"\x00", b"\xd0"])
    elif op == 3 and data:
        i, j = rng.randrange(len(data)), rng.randrange(len(data))
        data[i:i] = data[min(i, j) : max(i, j)][:200]
    else:
        data = bytearray(bytes(data).replace(b"\r\n", b"\n"))
    return data


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    gefest, share = sys.argv[1], sys.argv[2]
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="gefest-fuzz.") as tmp:
        work = os.path.join(tmp, "share")
        for it in range(iterations):
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(share, work)
            segments = sorted(glob.glob(os.path.join(work, "Отдел продаж", "Журнал", "*", "*.csv")))
            if not segments:
                print(f"no journal segments in {share}")
                return 2
            segment = rng.choice(segments)
            with open(segment, "rb") as f:
                data = bytearray(f.read())
            with open(segment, "wb") as f:
                f.write(damage(data, rng))
            env = dict(os.environ, GEFEST_SHARE=work, GEFEST_LOGIN="boss", GEFEST_NOW="2026-11-30T10:00:00", LC_ALL="C.UTF-8")
            for cmd in COMMANDS:
                r = subprocess.run([gefest] + cmd, env=env, capture_output=True)
                lines = [l for l in r.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
                if r.returncode < 0 or r.returncode not in (0, 1, 3) or (r.returncode == 3 and len(lines) != 1):
                    bad += 1
                    print(f"BAD iteration {it}: {' '.join(cmd)} exit {r.returncode}: {lines[:3]}")
    print(f"journal fuzz: {iterations} damaged journals x {len(COMMANDS)} commands, {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
