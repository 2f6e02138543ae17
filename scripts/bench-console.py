#!/usr/bin/env python3
"""The console on a real pseudo-terminal at 80x24: time to the first frame,
and bytes written per second while idle (only the clocks change).
Target (issue 5): idle output at most 300 bytes per second.

Usage: scripts/bench-console.py [path/to/warroom]   (default target/release/warroom)
"""
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/warroom")

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, WARROOM_DB=os.path.join(tmp, "w.db"), XDG_CONFIG_HOME=tmp, LANG="C.UTF-8", TERM="xterm-256color")
    subprocess.run([BIN, "declare", "secret-leak", "--title", "idle check"], env=env, check=True, capture_output=True)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BIN, [BIN], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.monotonic()
    seen = b""
    first = None
    while time.monotonic() - start < 5:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            seen += os.read(fd, 65536)
            if first is None and b"INC-1" in seen and b"Timeline" in seen:
                first = time.monotonic() - start
    # Idle: count what the console writes over 10 seconds.
    idle = 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            idle += len(os.read(fd, 65536))
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    print(f"first complete frame after {first * 1000:.0f} ms (process start included)" if first else "no first frame seen")
    print(f"idle output: {idle / 10:.0f} bytes/s over 10 s at 80x24")
