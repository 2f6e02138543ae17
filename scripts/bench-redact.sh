#!/usr/bin/env bash
# Throughput of `warroom redact` on one core over a 200 MB mixed log,
# beside `cat` on the same file in the same run (issue 3's target: 400 MB/s).
# Usage: scripts/bench-redact.sh [SIZE_MB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
runs=${2:-5}
log=${TMPDIR:-/tmp}/warroom-mixed-${size}m.log
[ -f "$log" ] || python3 scripts/gen-mixed-log.py "$size" "$log"
cargo build --release --quiet
bin=target/release/warroom
bytes=$(stat -c %s "$log")
cat "$log" >/dev/null # warm the page cache

median_seconds() { # command... ; prints the median wall time of $runs runs
    local times=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        taskset -c 0 "$@" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

cat_s=$(median_seconds cat "$log")
red_s=$(median_seconds "$bin" redact "$log")
secrets=$("$bin" redact --stats "$log" 2>&1 >/dev/null | awk '/total/ {print $1}')
printf 'file: %s (%d bytes), %s secrets redacted\n' "$log" "$bytes" "$secrets"
printf 'cat:            median %.3f s  %8.0f MB/s\n' "$cat_s" "$(echo "$bytes / $cat_s / 1000000" | bc -l)"
printf 'warroom redact: median %.3f s  %8.0f MB/s\n' "$red_s" "$(echo "$bytes / $red_s / 1000000" | bc -l)"
