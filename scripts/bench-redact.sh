#!/usr/bin/env bash
# Throughput of `warroom redact` over two 200 MB logs, beside `cat` on the
# same file in the same run:
#   quiet: scripts/gen-mixed-log.py (syslog, JSON, nginx; 1% secret lines)
#   noisy: scripts/gen-noisy-log.py (most lines say auth, session, token,
#          key or secret in prose and in harmless keys; 1% secret lines)
# One core (`taskset -c 0`, which also makes warroom use one thread) and
# every core (a large file is cleaned in parallel). Medians of RUNS.
# Usage: [OLD=other/warroom] [BIN=this/warroom] scripts/bench-redact.sh [SIZE_MB] [RUNS]
# BIN times a binary built already (e.g. `BIN=$(scripts/build-pgo)`, the
# profile-guided build the package ships) instead of `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
runs=${2:-5}
tmp=${TMPDIR:-/tmp}
quiet=$tmp/warroom-mixed-${size}m.log
noisy=$tmp/warroom-noisy-${size}m.log
[ -f "$quiet" ] || python3 scripts/gen-mixed-log.py "$size" "$quiet"
[ -f "$noisy" ] || python3 scripts/gen-noisy-log.py "$size" "$noisy"
bin=${BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin=${CARGO_TARGET_DIR:-target}/release/warroom
fi

# OLD=path/to/warroom: also time that binary, turn about with this one in
# the same minutes (the fair way to compare on a shared machine).
old=${OLD:-}

seconds() { # pin command... ; prints the wall time of one run
    local pin=$1
    shift
    local t0 t1
    t0=$(date +%s.%N)
    if [ "$pin" = one ]; then taskset -c 0 "$@" >/dev/null; else "$@" >/dev/null; fi
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}

median() { tr ' ' '\n' | grep . | sort -n | sed -n "$(((runs + 1) / 2))p"; }

rate() { echo "$1 / $2 / 1000000" | bc -l; }

line() { # label seconds bytes
    printf '  %-30s median %.3f s  %8.0f MB/s\n' "$1" "$2" "$(rate "$3" "$2")"
}

for log in "$quiet" "$noisy"; do
    bytes=$(stat -c %s "$log")
    cat "$log" >/dev/null # warm the page cache
    cat_t='' one_t='' all_t='' old_one_t='' old_all_t=''
    for _ in $(seq "$runs"); do
        cat_t+=" $(seconds one cat "$log")"
        one_t+=" $(seconds one "$bin" redact "$log")"
        [ -z "$old" ] || old_one_t+=" $(seconds one "$old" redact "$log")"
        all_t+=" $(seconds all "$bin" redact "$log")"
        [ -z "$old" ] || old_all_t+=" $(seconds all "$old" redact "$log")"
    done
    secrets=$("$bin" redact --stats "$log" 2>&1 >/dev/null | awk '/total/ {print $1}')
    printf '%s (%d bytes, %s secrets redacted)\n' "$log" "$bytes" "$secrets"
    line "cat, one core:" "$(median <<<"$cat_t")" "$bytes"
    line "warroom redact, one core:" "$(median <<<"$one_t")" "$bytes"
    line "warroom redact, $(nproc) cores:" "$(median <<<"$all_t")" "$bytes"
    if [ -n "$old" ]; then
        line "OLD, one core:" "$(median <<<"$old_one_t")" "$bytes"
        line "OLD, $(nproc) cores:" "$(median <<<"$old_all_t")" "$bytes"
    fi
done
