#!/usr/bin/env bash
# Steward benchmarks: builds steward (release), starts a private PostgreSQL 15 in a temporary
# folder, runs benchmarks (a)–(g) described in Benchmarks/README.md, prints a table of figures
# and writes it to Benchmarks/results/latest.txt. Everything it starts is stopped at exit.
#
#   Benchmarks/run.sh                  # full run (10-20 minutes)
#   Benchmarks/run.sh --quick          # smoke check (about 2 minutes)
#   Benchmarks/run.sh --binary PATH    # use an existing steward binary instead of building
#   Benchmarks/run.sh --only fg        # only some benchmarks ((c), (d) bring (b); (g) brings (f))
#
# Needs: PostgreSQL 15 server and client (/usr/lib/postgresql/15/bin), python3, and Swift
# when it builds. Only loopback addresses are used.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

binary=""
mode="full"
only="abcdefg"
# --binary PATH and --only LETTERS, also written --binary=PATH and --only=LETTERS.
set_option() {
    case "$1" in
    --binary) binary="$2" ;;
    --only) only="$2" ;;
    esac
}
while [ $# -gt 0 ]; do
    case "$1" in
    --binary | --only)
        [ $# -ge 2 ] || { echo "run.sh: $1 needs a value (try --help)" >&2; exit 2; }
        set_option "$1" "$2"
        shift 2
        ;;
    --binary=* | --only=*)
        set_option "${1%%=*}" "${1#*=}"
        shift
        ;;
    --quick)
        mode="quick"
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "run.sh: unknown argument '$1' (try --help)" >&2
        exit 2
        ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

case "$only" in
"" | *[!a-g,]*) echo "run.sh: --only takes letters a-g, e.g. --only fg (got '$only')" >&2; exit 2 ;;
esac

# --- prerequisites ------------------------------------------------------------------------------
pg_bin="${STEWARD_BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    die "PostgreSQL 15 server binaries not found in $pg_bin (install postgresql-15, or set STEWARD_BENCH_PG_BIN)"
fi
[ -x "$pg_bin/psql" ] || die "psql not found in $pg_bin (install postgresql-client-15)"
command -v python3 >/dev/null || die "python3 not found"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the server"
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
tmp="$(mktemp -d "${TMPDIR:-/tmp}/steward-bench.XXXXXX")"
pg_data="$tmp/pg/data"
pg_started=0
bench_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # The measuring script stops its daemons itself when asked to end.
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    # Daemons the benchmark started (it records their ids); normally already stopped.
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
    if [ "$pg_started" = 1 ]; then
        say "stopping PostgreSQL"
        as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server runs as postgres and must reach its folder; secrets stay in a 0700 folder.
chmod 0711 "$tmp"
mkdir -p "$tmp/pg" "$tmp/secrets" "$tmp/work"
chmod 0700 "$tmp/secrets" "$tmp/work"
umask 077
tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 >"$tmp/secrets/admin-password" || true
[ -s "$tmp/secrets/admin-password" ] || die "could not generate a password"
password="$(cat "$tmp/secrets/admin-password")"
printf '*:*:*:admin:%s\n' "$password" >"$tmp/secrets/pgpass"
cp "$tmp/secrets/admin-password" "$tmp/pg/pwfile"
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$tmp/pg"; fi

# --- PostgreSQL ---------------------------------------------------------------------------------
say "initialising PostgreSQL in $tmp/pg"
as_postgres "$pg_bin/initdb" -D "$pg_data" -U admin --pwfile="$tmp/pg/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$tmp/pg/initdb.log" 2>&1 ||
    { cat "$tmp/pg/initdb.log" >&2; die "initdb failed"; }
rm -f "$tmp/pg/pwfile"
as_postgres sh -c "printf 'local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n' >'$pg_data/pg_hba.conf'"
as_postgres mkdir -p "$tmp/pg/socket"

# Loopback addresses 127.0.0.1 … 127.0.0.60: one host per integration (Steward allows one
# integration per host and port).
addresses="$(seq -s, -f '127.0.0.%g' 1 60)"

free_port() {
    python3 - <<'EOF'
import random, socket
for _ in range(200):
    port = random.randint(20000, 60000)
    ok = True
    for last in range(1, 61):
        with socket.socket() as s:
            try:
                s.bind((f"127.0.0.{last}", port))
            except OSError:
                ok = False
                break
    if ok:
        print(port)
        break
EOF
}

for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    [ -n "$port" ] || die "no free port found"
    # Settings that differ from the defaults (all else is PostgreSQL 15's default configuration,
    # fsync and synchronous_commit included). log_statement/log_connections are switched on
    # with ALTER SYSTEM only while a benchmark counts statements.
    as_postgres sh -c "cat >>'$pg_data/postgresql.conf'" <<EOF

# --- steward benchmarks ---
port = $port
listen_addresses = '$addresses'
unix_socket_directories = '$tmp/pg/socket'
log_line_prefix = '%m [%p] app=%a '
log_timezone = 'UTC'
EOF
    if as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$tmp/pg/server.log" -w -t 60 start >/dev/null 2>&1; then
        pg_started=1
        break
    fi
    say "PostgreSQL did not start on port $port (attempt $attempt); trying another port"
    tail -n 5 "$tmp/pg/server.log" >&2 || true
    # Drop this attempt's settings (from the marker line to the end) before trying another port.
    # shellcheck disable=SC2016 # sed's own $ (end of file), not a shell expansion
    as_postgres sed -i '/^# --- steward benchmarks ---$/,$d' "$pg_data/postgresql.conf"
done
[ "$pg_started" = 1 ] || die "PostgreSQL did not start"
say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port (loopback 127.0.0.1-60)"

# --- benchmarks ---------------------------------------------------------------------------------
report="$tmp/report.txt"
# In the background, so that a signal to this script is handled at once (bash runs traps only
# between foreground commands); cleanup() then asks it to stop.
PYTHONDONTWRITEBYTECODE=1 python3 "$here/bench.py" \
    --mode "$mode" \
    --only "$only" \
    --binary "$binary" \
    --work "$tmp/work" \
    --pids "$tmp/daemon-pids" \
    --port "$port" \
    --socket "$tmp/pg/socket" \
    --password-file "$tmp/secrets/admin-password" \
    --pgpass "$tmp/secrets/pgpass" \
    --psql "$pg_bin/psql" \
    --server-log "$tmp/pg/server.log" \
    --report "$report" &
bench_pid=$!
wait "$bench_pid"
bench_pid=""

mkdir -p "$here/results"
cp "$report" "$here/results/latest.txt"
chmod 0644 "$here/results/latest.txt"
say "figures written to Benchmarks/results/latest.txt"
