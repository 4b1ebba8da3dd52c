#!/usr/bin/env bash
# Steward high-availability benchmark: builds steward (release), starts a private PostgreSQL 15
# in a temporary folder that holds both the shared status database and the warehouse, and
# measures failover (three daemons, the leader killed), the shared store against SQLite on
# benchmark (b), and `steward get` latency (see "High availability" in Benchmarks/README.md).
# Prints a table of figures and writes it to Benchmarks/results/ha-latest.txt. Everything it
# starts is stopped at exit.
#
#   Benchmarks/ha.sh                   # full run (about 5 minutes): failover 10 rounds per lease
#   Benchmarks/ha.sh --quick           # smoke check (about 3 minutes): 3 rounds, 10 files, 50 gets
#   Benchmarks/ha.sh --binary PATH     # use an existing steward binary instead of building
#   Benchmarks/ha.sh --rtt-ms 10       # specs and the store through a delay proxy (10 ms round
#                                      #   trip); report in ha-latest-rtt-10ms.txt
#
# Needs: PostgreSQL 15 server and client (/usr/lib/postgresql/15/bin), python3, and Swift
# when it builds. Only loopback addresses are used.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

binary=""
set_option() {
    case "$1" in
    --binary) binary="$2" ;;
    esac
}
parse_options "--binary" "$@"
mode="full"
if [ "$quick" = 1 ]; then mode="quick"; fi

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
make_folder steward-ha

# --- PostgreSQL ---------------------------------------------------------------------------------
start_loopback_server "# --- steward ha benchmark ---"

# --- benchmarks ---------------------------------------------------------------------------------
measure ha.py ha-latest.txt \
    --mode "$mode" \
    --binary "$binary" \
    --work "$tmp/work" \
    --secrets "$tmp/secrets" \
    --pids "$tmp/daemon-pids" \
    --port "$port" \
    --tcp-port "$tcp_port" \
    --socket "$tmp/pg/socket" \
    --password-file "$tmp/secrets/admin-password" \
    --pgpass "$tmp/secrets/pgpass" \
    --psql "$pg_bin/psql" \
    --server-log "$tmp/pg/server.log"
