#!/usr/bin/env bash
# The PostgreSQL store against a throwaway local server (issue 20):
# an acknowledged note, another console seeing it, `warroom status` of an
# incident with 10,000 events, 8 concurrent writers x 500 notes.
#
# Starts its own cluster from Debian's `postgresql` package (initdb and
# pg_ctl from /usr/lib/postgresql/<newest>/bin, or WARROOM_PG_BIN), on a
# Unix socket only, with fsync and synchronous_commit on, its data under
# BENCH_PG_DIR (default: $TMPDIR or /tmp, i.e. a real disk here; set it
# to /dev/shm to take the disk out), and removes it afterwards.
# Prints the load average before and after: the machine may be shared.
# Usage: scripts/bench-pg.sh [acknowledged|seen|status|writers]...
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir=${WARROOM_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin_dir/initdb" ] || {
    echo "bench-pg: no PostgreSQL server programs (apt-get install postgresql, or set WARROOM_PG_BIN)" >&2
    exit 2
}
base=${BENCH_PG_DIR:-${TMPDIR:-/tmp}}
dir=$(mktemp -d "$base/warroom-bench-pg.XXXXXX")
# initdb refuses to run as root: the cluster then runs as `postgres`.
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
stop() {
    as_server "$bin_dir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

as_server "$bin_dir/initdb" -A trust -U postgres -D "$dir/data" >/dev/null
as_server "$bin_dir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=100" \
    start >/dev/null
psql() { command psql -X -q -v ON_ERROR_STOP=1 -h "$dir" "$@"; }
psql -U postgres -d postgres -c "
    CREATE ROLE warroom_admin LOGIN CREATEDB;
    CREATE ROLE warroom_responder NOLOGIN;
    CREATE ROLE alice LOGIN IN ROLE warroom_responder;
    CREATE ROLE bob LOGIN IN ROLE warroom_responder;"
for db in bench_note bench_status bench_writers; do
    psql -U postgres -d postgres -c "CREATE DATABASE $db OWNER warroom_admin"
done

# The benchmark builds the binary it measures (release profile).
cargo bench --quiet --bench pg_store --no-run
warroom=${CARGO_TARGET_DIR:-target}/release/warroom
for db in bench_note bench_status bench_writers; do
    "$warroom" store migrate --db "postgres://warroom_admin@/$db?host=$dir" >/dev/null
done

echo "server: $("$bin_dir/postgres" --version), data in $dir ($(df -T "$dir" | awk 'NR==2 {print $2}'))"
echo "before: $(uptime)"
WARROOM_BENCH_PG_HOST=$dir cargo bench --quiet --bench pg_store -- "$@"
echo "after:  $(uptime)"
