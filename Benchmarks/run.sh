#!/usr/bin/env bash
# Steward benchmarks: builds steward (release), starts a private PostgreSQL 15 in a temporary
# folder, runs benchmarks (a)–(g) described in Benchmarks/README.md, prints a table of figures
# and writes it to Benchmarks/results/latest.txt. Everything it starts is stopped at exit.
#
#   Benchmarks/run.sh                  # full run (10-20 minutes)
#   Benchmarks/run.sh --quick          # smoke check (about 2 minutes)
#   Benchmarks/run.sh --binary PATH    # use an existing steward binary instead of building
#   Benchmarks/run.sh --only fg        # only some benchmarks ((c), (d) bring (b); (g) brings (f))
#   Benchmarks/run.sh --rtt-ms 10      # through a delay proxy: every spec and every timed psql
#                                      #   pay a 10 ms round trip; report in latest-rtt-10ms.txt
#
# Needs: PostgreSQL 15 server and client (/usr/lib/postgresql/15/bin), python3, and Swift
# when it builds. Only loopback addresses are used.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

binary=""
only="abcdefgh"
# --binary PATH and --only LETTERS, also written --binary=PATH and --only=LETTERS.
set_option() {
    case "$1" in
    --binary) binary="$2" ;;
    --only) only="$2" ;;
    esac
}
parse_options "--binary --only" "$@"
mode="full"
if [ "$quick" = 1 ]; then mode="quick"; fi

case "$only" in
"" | *[!a-h,]*) usage_error "--only takes letters a-h, e.g. --only fg (got '$only')" ;;
esac

check_prerequisites server
locate_binary

# --- temporary folder and cleanup ---------------------------------------------------------------
pg_started=0
stop_servers() {
    if [ "$pg_started" = 1 ]; then
        say "stopping PostgreSQL"
        stop_server "$pg_data"
    fi
}
make_folder steward-bench

# --- PostgreSQL ---------------------------------------------------------------------------------
# log_statement/log_connections are switched on with ALTER SYSTEM only while a benchmark counts
# statements.
start_loopback_server "# --- steward benchmarks ---"

# --- benchmarks ---------------------------------------------------------------------------------
measure bench.py latest.txt \
    --mode "$mode" \
    --only "$only" \
    --binary "$binary" \
    --work "$tmp/work" \
    --pids "$tmp/daemon-pids" \
    --port "$port" \
    --tcp-port "$tcp_port" \
    --socket "$tmp/pg/socket" \
    --password-file "$tmp/secrets/admin-password" \
    --pgpass "$tmp/secrets/pgpass" \
    --psql "$pg_bin/psql" \
    --server-log "$tmp/pg/server.log"
