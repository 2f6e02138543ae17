#!/usr/bin/env python3
"""Writes a deterministic mixed log for redaction benchmarks.

Usage: scripts/gen-mixed-log.py SIZE_MB OUT [SEED]

SEED (default 42, the benchmark's log) gives another log of the same
kinds, e.g. to train a profile-guided build on lines it is not timed on.

Syslog, JSON and nginx lines in equal parts; 1% of lines carry a secret of
a rotating kind. The secrets are fake but correctly shaped.
"""
import random
import sys

size = int(sys.argv[1]) * 1024 * 1024
out = sys.argv[2]
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def word(n, alphabet=alnum):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def secret():
    kind = rnd.randrange(6)
    if kind == 0:
        return "token=ghp_" + word(36)
    if kind == 1:
        return "AKIA" + word(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    if kind == 2:
        return "OS_HTTP_SECRET=" + word(64, "0123456789abcdef")
    if kind == 3:
        return "Authorization: Bearer " + word(40)
    if kind == 4:
        return "url=postgres://app:" + word(16) + "@db.internal:5432/app"
    return "jwt=eyJ" + word(20) + ".eyJ" + word(40) + "." + word(43)


hosts = ["web-1", "web-2", "worker-3", "db-1"]
apps = ["nanoclaw", "sshd", "cron", "kernel", "systemd"]
paths = ["/api/v1/jobs", "/healthz", "/login", "/static/app.js", "/api/v1/events?page=2"]

with open(out, "w") as f:
    written = 0
    n = 0
    while written < size:
        n += 1
        extra = (" " + secret()) if rnd.random() < 0.01 else ""
        kind = n % 3
        if kind == 0:
            line = (
                f"Nov 23 03:{n % 60:02d}:{n * 7 % 60:02d} {rnd.choice(hosts)} {rnd.choice(apps)}[{1000 + n % 5000}]: "
                f"request {word(8)} handled in {rnd.randrange(1, 900)}ms status=ok{extra}"
            )
        elif kind == 1:
            line = (
                f'{{"ts":"2026-11-23T03:{n % 60:02d}:00Z","level":"info","msg":"job finished",'
                f'"job_id":"{word(12)}","duration_ms":{rnd.randrange(1, 5000)},"worker":"{rnd.choice(hosts)}"{extra and ","}'
                f'{extra and chr(34) + "detail" + chr(34) + ":" + chr(34) + extra.strip() + chr(34)}}}'
            )
        else:
            line = (
                f'203.0.113.{n % 250} - - [23/Nov/2026:03:{n % 60:02d}:00 +0000] "GET {rnd.choice(paths)} HTTP/1.1" '
                f'{rnd.choice([200, 200, 200, 304, 404, 500])} {rnd.randrange(100, 90000)} "-" "curl/8.5.0"{extra}'
            )
        f.write(line + "\n")
        written += len(line) + 1
