#!/usr/bin/env python3
"""Latency and memory of `warroom tail -f` (issue 3's targets).

Usage: scripts/bench-tail.py [path/to/warroom]   (default target/release/warroom)

1. Append latency: 400 lines appended one at a time, 20 ms apart; the time
   from write() to the line showing on warroom's stdout. Target: p50 <= 50 ms,
   p99 <= 200 ms.
2. Rotation latency: 30 times, rename the file away, create a new one, write
   a line; the time until that line shows. Target: <= 250 ms.
3. Memory: follow 10 files while 1,000,000 lines are appended across them;
   peak resident set size (VmHWM). Target: < 150 MB.
"""
import os
import select
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/warroom"


def start(paths):
    proc = subprocess.Popen([BIN, "tail", "-f", "-n", "0", *paths], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    os.set_blocking(proc.stdout.fileno(), False)
    return proc


class Reader:
    def __init__(self, proc):
        self.proc, self.buf = proc, b""

    def wait_for(self, needle, timeout=5.0):
        deadline = time.monotonic() + timeout
        while needle not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(needle)
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise EOFError
                self.buf += chunk
        i = self.buf.index(needle) + len(needle)
        self.buf = self.buf[i:]
        return time.monotonic()


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def latency(tmp):
    path = os.path.join(tmp, "app.log")
    open(path, "w").close()
    proc = start([path])
    rd = Reader(proc)
    time.sleep(0.5)  # let it open the file and set up its watch
    out = []
    with open(path, "a", buffering=1) as f:
        for i in range(400):
            tag = f"line-{i}-end".encode()
            t0 = time.monotonic()
            f.write(f"{tag.decode()} token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n")
            out.append(rd.wait_for(tag) - t0)
            time.sleep(0.02)
    rot = []
    for i in range(30):
        os.rename(path, path + ".1")
        tag = f"rotated-{i}-end".encode()
        t0 = time.monotonic()
        with open(path, "w") as f:
            f.write(tag.decode() + "\n")
        rot.append(rd.wait_for(tag) - t0)
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    return out, rot


def memory(tmp):
    paths = [os.path.join(tmp, f"m{i}.log") for i in range(10)]
    for p in paths:
        open(p, "w").close()
    proc = subprocess.Popen([BIN, "tail", "-f", "-n", "0", *paths], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    files = [open(p, "a") for p in paths]
    line = "Nov 23 03:12:01 web-1 app[1201]: request handled in 12ms status=ok user=alice path=/api/v1/jobs\n"
    for n in range(1_000_000):
        files[n % 10].write(line)
        if n % 10_000 == 0:
            for f in files:
                f.flush()
    for f in files:
        f.close()
    time.sleep(2)
    with open(f"/proc/{proc.pid}/status") as s:
        hwm = next(l for l in s if l.startswith("VmHWM")).split()[1]
    proc.kill()
    proc.wait()
    return int(hwm) / 1024


with tempfile.TemporaryDirectory() as tmp:
    lat, rot = latency(tmp)
    print(f"append latency over {len(lat)} lines: p50 {pct(lat, 50) * 1000:.1f} ms, p99 {pct(lat, 99) * 1000:.1f} ms, max {max(lat) * 1000:.1f} ms")
    print(f"after rename-rotation ({len(rot)} times): p50 {pct(rot, 50) * 1000:.1f} ms, max {max(rot) * 1000:.1f} ms")
    print(f"10 files, 1,000,000 lines appended: peak RSS {memory(tmp):.1f} MB")
