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
#
# Needs: PostgreSQL 15 server and client (/usr/lib/postgresql/15/bin), python3, and Swift
# when it builds. Only loopback addresses are used.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Each server listens on this many loopback addresses (PostgreSQL accepts at most 64 listen
# addresses; Steward allows one integration per host and port, so one address per spec).
per_server=63
max_servers=100 # server k listens on 127.(10+k).0.1 … 127.(10+k).0.63

binary=""
specs=""
servers=""
quick=0
set_option() {
    case "$1" in
    --binary) binary="$2" ;;
    --specs) specs="$2" ;;
    --servers) servers="$2" ;;
    esac
}
while [ $# -gt 0 ]; do
    case "$1" in
    --binary | --specs | --servers)
        [ $# -ge 2 ] || { echo "load.sh: $1 needs a value (try --help)" >&2; exit 2; }
        set_option "$1" "$2"
        shift 2
        ;;
    --binary=* | --specs=* | --servers=*)
        set_option "${1%%=*}" "${1#*=}"
        shift
        ;;
    --quick)
        quick=1
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "load.sh: unknown argument '$1' (try --help)" >&2
        exit 2
        ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }

if [ "$quick" = 1 ]; then
    specs="${specs:-100}"
    servers="${servers:-2}"
else
    specs="${specs:-500}"
    servers="${servers:-8}"
fi
case "$specs$servers" in
*[!0-9]*) echo "load.sh: --specs and --servers take whole numbers" >&2; exit 2 ;;
esac
if [ "$servers" -lt 1 ] || [ "$servers" -gt "$max_servers" ]; then
    echo "load.sh: --servers must be between 1 and $max_servers" >&2
    exit 2
fi
if [ "$specs" -lt 1 ] || [ "$specs" -gt $((servers * per_server)) ]; then
    echo "load.sh: --specs must be between 1 and $((servers * per_server)) ($per_server per server)" >&2
    exit 2
fi

# --- prerequisites ------------------------------------------------------------------------------
pg_bin="${STEWARD_BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    die "PostgreSQL 15 server binaries not found in $pg_bin (install postgresql-15, or set STEWARD_BENCH_PG_BIN)"
fi
[ -x "$pg_bin/psql" ] || die "psql not found in $pg_bin (install postgresql-client-15)"
command -v python3 >/dev/null || die "python3 not found"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the servers"
fi

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# --- the binary ---------------------------------------------------------------------------------
if [ -z "$binary" ]; then
    command -v swift >/dev/null || die "swift not found; build steward elsewhere and pass --binary PATH"
    say "building steward (release, Swift runtime linked statically as Deploy/install.sh does, scratch path .build-release)"
    (cd "$repo" && swift build -c release --product steward --static-swift-stdlib --scratch-path .build-release) >&2
    binary="$(cd "$repo" && swift build -c release --product steward --static-swift-stdlib --scratch-path .build-release --show-bin-path)/steward"
fi
[ -x "$binary" ] || die "not an executable: $binary"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# --- temporary folder and cleanup ---------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/steward-load.XXXXXX")"
started_servers=() # data directories of the servers that are running
load_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # The measuring script stops its daemon and sampler itself when asked to end.
    if [ -n "$load_pid" ] && kill -0 "$load_pid" 2>/dev/null; then
        kill -TERM "$load_pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$load_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    # The daemon the measurement started (it records its id); normally already stopped.
    if [ -f "$tmp/daemon-pids" ]; then
        local pid
        while read -r pid; do
            [ -n "$pid" ] || continue
            if kill -0 "$pid" 2>/dev/null && grep -qF -- "$tmp" "/proc/$pid/cmdline" 2>/dev/null; then
                say "stopping steward (pid $pid)"
                kill -TERM "$pid" 2>/dev/null || true
                for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
            fi
        done <"$tmp/daemon-pids"
    fi
    local data
    for data in ${started_servers[@]+"${started_servers[@]}"}; do
        say "stopping PostgreSQL ($data)"
        as_postgres "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The servers run as postgres and must reach their folders; secrets stay in a 0700 folder.
chmod 0711 "$tmp"
mkdir -p "$tmp/pg" "$tmp/secrets" "$tmp/work"
chmod 0700 "$tmp/secrets" "$tmp/work"
umask 077
tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 >"$tmp/secrets/admin-password" || true
[ -s "$tmp/secrets/admin-password" ] || die "could not generate a password"
# One line for every server, written by the shell itself (printf is a builtin: the password never
# appears on a command line).
{
    printf '*:*:*:admin:'
    cat "$tmp/secrets/admin-password"
    printf '\n'
} >"$tmp/secrets/pgpass"
cp "$tmp/secrets/admin-password" "$tmp/pg/pwfile"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$tmp/pg"; fi

# A port on which all of server k's addresses are free.
free_port() {
    python3 - "$1" "$per_server" <<'EOF'
import random, socket, sys
octet, count = int(sys.argv[1]), int(sys.argv[2])
for _ in range(200):
    port = random.randint(20000, 60000)
    ok = True
    for last in range(1, count + 1):
        with socket.socket() as s:
            try:
                s.bind((f"127.{octet}.0.{last}", port))
            except OSError:
                ok = False
                break
    if ok:
        print(port)
        break
EOF
}

# --- PostgreSQL: S servers ----------------------------------------------------------------------
server_list="$tmp/servers.tsv" # index, port, socket folder, second octet, log file
: >"$server_list"
for ((k = 0; k < servers; k++)); do
    octet=$((10 + k))
    dir="$tmp/pg/$k"
    data="$dir/data"
    as_postgres mkdir -p "$dir/socket"
    say "initialising PostgreSQL server $((k + 1)) of $servers in $dir"
    as_postgres "$pg_bin/initdb" -D "$data" -U admin --pwfile="$tmp/pg/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$tmp/initdb-$k.log" 2>&1 ||
        { cat "$tmp/initdb-$k.log" >&2; die "initdb failed"; }
    as_postgres sh -c "printf 'local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n' >'$data/pg_hba.conf'"
    addresses="$(seq -s, -f "127.$octet.0.%g" 1 "$per_server")"
    started=0
    for attempt in 1 2 3 4 5; do
        port="$(free_port "$octet")"
        [ -n "$port" ] || die "no free port found for 127.$octet.0.1-$per_server"
        # Settings that differ from the defaults (all else is PostgreSQL 15's default
        # configuration: fsync and synchronous_commit on, max_connections 100).
        as_postgres sh -c "cat >>'$data/postgresql.conf'" <<EOF

# --- steward load benchmark ---
port = $port
listen_addresses = '$addresses'
unix_socket_directories = '$dir/socket'
log_line_prefix = '%m [%p] app=%a '
log_timezone = 'UTC'
EOF
        if as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
            started=1
            started_servers+=("$data")
            break
        fi
        say "PostgreSQL did not start on port $port (attempt $attempt); trying another port"
        tail -n 5 "$dir/server.log" >&2 || true
        # shellcheck disable=SC2016 # sed's own $ (end of file), not a shell expansion
        as_postgres sed -i '/^# --- steward load benchmark ---$/,$d' "$data/postgresql.conf"
    done
    [ "$started" = 1 ] || die "PostgreSQL server $((k + 1)) did not start"
    printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$port" "$dir/socket" "$octet" "$dir/server.log" >>"$server_list"
    say "PostgreSQL server $((k + 1)) on port $port (127.$octet.0.1-$per_server)"
done
rm -f "$tmp/pg/pwfile"

# --- the measurement ----------------------------------------------------------------------------
report="$tmp/report.txt"
# In the background, so that a signal to this script is handled at once (bash runs traps only
# between foreground commands); cleanup() then asks it to stop.
PYTHONDONTWRITEBYTECODE=1 python3 "$here/load.py" \
    --binary "$binary" \
    --specs "$specs" \
    --servers "$server_list" \
    --addresses "$per_server" \
    --work "$tmp/work" \
    --pids "$tmp/daemon-pids" \
    --password-file "$tmp/secrets/admin-password" \
    --pgpass "$tmp/secrets/pgpass" \
    --psql "$pg_bin/psql" \
    --report "$report" &
load_pid=$!
wait "$load_pid"
load_pid=""

mkdir -p "$here/results"
cp "$report" "$here/results/load.txt"
chmod 0644 "$here/results/load.txt"
say "figures written to Benchmarks/results/load.txt"
