#!/usr/bin/env bash
# Instructions executed by `warroom redact` (callgrind's Ir count), for a
# comparison that holds on a shared, noisy machine where wall times do not:
# the count is the same run after run for the same binary and input.
#   start-up:  an empty file (building the rules)
#   quiet:     the first 10 MB of scripts/gen-mixed-log.py's log
#   noisy:     the first 5 MB of scripts/gen-noisy-log.py's log
#   steady:    the noisy log's first 10 MB less its first 5 MB, so that
#              every one-time cost (start-up, compiling the regexes the
#              first secret lines need) drops out
# Per-megabyte figures leave start-up out. Needs valgrind.
# Usage: [OLD=other/warroom] scripts/bench-redact-ir.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
tmp=${TMPDIR:-/tmp}
quiet=$tmp/warroom-mixed-200m.log
noisy=$tmp/warroom-noisy-200m.log
[ -f "$quiet" ] || python3 scripts/gen-mixed-log.py 200 "$quiet"
[ -f "$noisy" ] || python3 scripts/gen-noisy-log.py 200 "$noisy"
: >"$tmp/warroom-ir-empty.log"
head -c 10000000 "$quiet" >"$tmp/warroom-ir-quiet.log"
head -c 5000000 "$noisy" >"$tmp/warroom-ir-noisy.log"
head -c 10000000 "$noisy" >"$tmp/warroom-ir-noisy10.log"
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/warroom

ir() { # binary file
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" redact "$2" 2>&1 >/dev/null |
        awk '/Collected/ {print $4}'
}

report() { # label binary
    local empty quiet_ir noisy_ir noisy10_ir
    empty=$(ir "$2" "$tmp/warroom-ir-empty.log")
    quiet_ir=$(ir "$2" "$tmp/warroom-ir-quiet.log")
    noisy_ir=$(ir "$2" "$tmp/warroom-ir-noisy.log")
    noisy10_ir=$(ir "$2" "$tmp/warroom-ir-noisy10.log")
    printf '%-6s start-up %6.1fM   quiet %6.1fM (%5.2f per byte)   noisy %6.1fM (%5.2f per byte)   noisy steady %5.2f per byte\n' \
        "$1" "$(echo "$empty / 1000000" | bc -l)" \
        "$(echo "$quiet_ir / 1000000" | bc -l)" "$(echo "($quiet_ir - $empty) / 10000000" | bc -l)" \
        "$(echo "$noisy_ir / 1000000" | bc -l)" "$(echo "($noisy_ir - $empty) / 5000000" | bc -l)" \
        "$(echo "($noisy10_ir - $noisy_ir) / 5000000" | bc -l)"
}

report now "$bin"
[ -z "${OLD:-}" ] || report old "$OLD"
