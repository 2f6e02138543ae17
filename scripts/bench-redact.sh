#!/usr/bin/env bash
# Throughput of `warroom redact` over two 200 MB logs, beside `cat` on the
# same file in the same run:
#   quiet: scripts/gen-mixed-log.py (syslog, JSON, nginx; 1% secret lines)
#   noisy: scripts/gen-noisy-log.py (most lines say auth, session, token,
#          key or secret in prose and in harmless keys; 1% secret lines)
# One core (`taskset -c 0`, which also makes warroom use one thread) and
# every core (a large file is cleaned in parallel). Medians of RUNS.
# Usage: scripts/bench-redact.sh [SIZE_MB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
runs=${2:-5}
tmp=${TMPDIR:-/tmp}
quiet=$tmp/warroom-mixed-${size}m.log
noisy=$tmp/warroom-noisy-${size}m.log
[ -f "$quiet" ] || python3 scripts/gen-mixed-log.py "$size" "$quiet"
[ -f "$noisy" ] || python3 scripts/gen-noisy-log.py "$size" "$noisy"
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/warroom

median_seconds() { # pin command... ; prints the median wall time of $runs runs
    local pin=$1
    shift
    local times=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        if [ "$pin" = one ]; then taskset -c 0 "$@" >/dev/null; else "$@" >/dev/null; fi
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

rate() { echo "$1 / $2 / 1000000" | bc -l; }

for log in "$quiet" "$noisy"; do
    bytes=$(stat -c %s "$log")
    cat "$log" >/dev/null # warm the page cache
    cat_s=$(median_seconds one cat "$log")
    one_s=$(median_seconds one "$bin" redact "$log")
    all_s=$(median_seconds all "$bin" redact "$log")
    secrets=$("$bin" redact --stats "$log" 2>&1 >/dev/null | awk '/total/ {print $1}')
    printf '%s (%d bytes, %s secrets redacted)\n' "$log" "$bytes" "$secrets"
    printf '  cat, one core:            median %.3f s  %8.0f MB/s\n' "$cat_s" "$(rate "$bytes" "$cat_s")"
    printf '  warroom redact, one core: median %.3f s  %8.0f MB/s\n' "$one_s" "$(rate "$bytes" "$one_s")"
    printf '  warroom redact, %d cores:  median %.3f s  %8.0f MB/s\n' "$(nproc)" "$all_s" "$(rate "$bytes" "$all_s")"
done
