#!/usr/bin/env bash
# Steward load benchmark: builds steward (release), starts S private PostgreSQL 15 servers in a
# temporary folder, drops N spec files into a running daemon at once, then removes them all, and
# prints a table of figures (see "Load" in Benchmarks/README.md); writes it to
# Benchmarks/results/load.txt. Everything it starts is stopped at exit.
#
#   Benchmarks/load.sh                  # 500 specs over 8 servers (a few minutes)
#   Benchmarks/load.sh --quick          # 100 specs over 2 servers
#   Benchmarks/load.sh --specs N --servers S
#   Benchmarks/load.sh --binary PATH    # use an existing steward binary instead of building
#   Benchmarks/load.sh --rtt-ms 10      # each server behind a delay proxy (10 ms round trip);
#                                       #   report in load-rtt-10ms.txt
#
# Needs: PostgreSQL 15 server and client (/usr/lib/postgresql/15/bin), python3, and Swift
# when it builds. Only loopback addresses are used.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Each server listens on this many loopback addresses (PostgreSQL accepts at most 64 listen
# addresses; Steward allows one integration per host and port, so one address per spec).
per_server=63
max_servers=100 # server k listens on 127.(10+k).0.1 … 127.(10+k).0.63

binary=""
specs=""
servers=""
set_option() {
    case "$1" in
    --binary) binary="$2" ;;
    --specs) specs="$2" ;;
    --servers) servers="$2" ;;
    esac
}
parse_options "--binary --specs --servers" "$@"

if [ "$quick" = 1 ]; then
    specs="${specs:-100}"
    servers="${servers:-2}"
else
    specs="${specs:-500}"
    servers="${servers:-8}"
fi
case "$specs$servers" in
*[!0-9]*) usage_error "--specs and --servers take whole numbers" ;;
esac
if [ "$servers" -lt 1 ] || [ "$servers" -gt "$max_servers" ]; then
    usage_error "--servers must be between 1 and $max_servers"
fi
if [ "$specs" -lt 1 ] || [ "$specs" -gt $((servers * per_server)) ]; then
    usage_error "--specs must be between 1 and $((servers * per_server)) ($per_server per server)"
fi

check_prerequisites servers
locate_binary

# --- temporary folder and cleanup ---------------------------------------------------------------
started_servers=() # data directories of the servers that are running
stop_servers() {
    local data
    for data in ${started_servers[@]+"${started_servers[@]}"}; do
        say "stopping PostgreSQL ($data)"
        stop_server "$data"
    done
}
make_folder steward-load

# --- PostgreSQL: S servers ----------------------------------------------------------------------
server_list="$tmp/servers.tsv" # index, port, socket folder, second octet, log file, port for specs
: >"$server_list"
for ((k = 0; k < servers; k++)); do
    octet=$((10 + k))
    dir="$tmp/pg/$k"
    data="$dir/data"
    as_postgres mkdir -p "$dir/socket"
    say "initialising PostgreSQL server $((k + 1)) of $servers in $dir"
    init_server "$data" "$tmp/initdb-$k.log"
    start_server "$data" "$dir/socket" "$dir/server.log" "$octet" "$per_server" \
        "# --- steward load benchmark ---" "no free port found for 127.$octet.0.1-$per_server"
    [ -n "$port" ] || die "PostgreSQL server $((k + 1)) did not start"
    started_servers+=("$data")
    say "PostgreSQL server $((k + 1)) on port $port (127.$octet.0.1-$per_server)"
    # Specs connect to tcp_port: the server's port, or with --rtt-ms a delay proxy's in front of
    # it on the same addresses (one proxy per server, as each server has a port of its own).
    network_path "$octet" "$per_server" "$port" "$tmp/proxy-$k.log"
    if delayed; then say "delay proxy $((k + 1)) on port $tcp_port (→ port $port): $(network_text)"; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$port" "$dir/socket" "$octet" "$dir/server.log" "$tcp_port" >>"$server_list"
done
rm -f "$tmp/pg/pwfile"

# --- the measurement ----------------------------------------------------------------------------
measure load.py load.txt \
    --binary "$binary" \
    --specs "$specs" \
    --servers "$server_list" \
    --addresses "$per_server" \
    --work "$tmp/work" \
    --pids "$tmp/daemon-pids" \
    --password-file "$tmp/secrets/admin-password" \
    --pgpass "$tmp/secrets/pgpass" \
    --psql "$pg_bin/psql"
