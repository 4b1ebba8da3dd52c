# shellcheck shell=bash disable=SC2034 # quick, pg_bin, tmp, port, …: read by the sourcing script
# What Benchmarks/run.sh and Benchmarks/load.sh share; sourced by them, not run. Messages, the
# command line, the prerequisites, the steward binary, the temporary folder and its cleanup,
# private PostgreSQL 15 servers, the delay proxy of --rtt-ms and the measuring script.
#
# The sourcing script defines set_option NAME VALUE (for its options that take a value) and
# stop_servers (called at exit to stop the servers it started).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
script_path="${BASH_SOURCE[1]}" # the sourcing script
script_name="$(basename "$script_path")"

quick=0          # --quick
rtt_ms=0         # --rtt-ms: the round trip the delay proxy adds, in ms (0: no proxy, plain loopback)
measure_pid=""   # the measuring script while it runs
proxy_pids=()    # the delay proxies that were started (stopped at exit)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$script_name" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s\n' "$script_name" "$*" >&2; exit 2; }

# --help: the script's header comment.
usage() {
    sed -n '2,/^[^#]/{/^#/p}' "$script_path" | sed 's/^# \{0,1\}//'
}

# --- the command line ---------------------------------------------------------------------------
# Whether $1 is one of the words of $2.
is_one_of() {
    local word
    for word in $2; do [ "$word" = "$1" ] && return 0; done
    return 1
}

# parse_options "--NAME …" ARGS…: -h/--help, --quick, --rtt-ms N, and each option of the first
# argument as "--NAME VALUE" or "--NAME=VALUE" (handed to set_option). Anything else ends the
# script with exit status 2.
parse_options() {
    local value_options="$1 --rtt-ms"
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --quick)
            quick=1
            shift
            ;;
        --*=*)
            is_one_of "${1%%=*}" "$value_options" || usage_error "unknown argument '$1' (try --help)"
            set_common_option "${1%%=*}" "${1#*=}"
            shift
            ;;
        *)
            is_one_of "$1" "$value_options" || usage_error "unknown argument '$1' (try --help)"
            [ $# -ge 2 ] || usage_error "$1 needs a value (try --help)"
            set_common_option "$1" "$2"
            shift 2
            ;;
        esac
    done
    # A round trip in milliseconds, written back as %g (10, 0.5), which names the report.
    if ! [[ "$rtt_ms" =~ ^[0-9]+([.][0-9]{1,3})?$ ]] || ! awk -v r="$rtt_ms" 'BEGIN { exit !(r <= 10000) }'; then
        usage_error "--rtt-ms takes a round trip in milliseconds from 0 to 10000, e.g. --rtt-ms 10 or --rtt-ms 0.5 (got '$rtt_ms')"
    fi
    rtt_ms="$(awk -v r="$rtt_ms" 'BEGIN { printf "%g", r }')"
}

# --rtt-ms here; the sourcing script's options go to its set_option.
set_common_option() {
    case "$1" in
    --rtt-ms) rtt_ms="$2" ;;
    *) set_option "$1" "$2" ;;
    esac
}

# Whether --rtt-ms asked for a delay proxy.
delayed() {
    [ "$rtt_ms" != 0 ]
}

# --- prerequisites ------------------------------------------------------------------------------
# PostgreSQL 15 in `pg_bin` (STEWARD_BENCH_PG_BIN), python3, and as root a postgres user to run
# the server; $1 is "server" or "servers", for the message.
check_prerequisites() {
    pg_bin="${STEWARD_BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
    if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
        die "PostgreSQL 15 server binaries not found in $pg_bin (install postgresql-15, or set STEWARD_BENCH_PG_BIN)"
    fi
    [ -x "$pg_bin/psql" ] || die "psql not found in $pg_bin (install postgresql-client-15)"
    command -v python3 >/dev/null || die "python3 not found"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the $1"
    fi
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# --- the binary ---------------------------------------------------------------------------------
# `binary`: --binary's path, or a release build; made absolute.
locate_binary() {
    if [ -z "$binary" ]; then
        command -v swift >/dev/null || die "swift not found; build steward elsewhere and pass --binary PATH"
        say "building steward (release, Swift runtime linked statically as Deploy/install.sh does, scratch path .build-release)"
        (cd "$repo" && swift build -c release --product steward --static-swift-stdlib --scratch-path .build-release) >&2
        binary="$(cd "$repo" && swift build -c release --product steward --static-swift-stdlib --scratch-path .build-release --show-bin-path)/steward"
    fi
    [ -x "$binary" ] || die "not an executable: $binary"
    binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
}

# --- temporary folder and cleanup ---------------------------------------------------------------
# At exit: the measuring script, then any daemon it left (by id), then the servers.
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # The measuring script stops its daemons itself when asked to end.
    if [ -n "$measure_pid" ] && kill -0 "$measure_pid" 2>/dev/null; then
        kill -TERM "$measure_pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$measure_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    # Daemons the measuring script started (it records their ids); normally already stopped.
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
    stop_proxies
    stop_servers
    rm -rf "$tmp"
    exit "$rc"
}

# Stops the server in data folder $1.
stop_server() {
    as_postgres "$pg_bin/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# `tmp`: a new folder ${TMPDIR:-/tmp}/$1.XXXXXX, removed at exit with all that was started. In
# it: pg/ (with pwfile, the password for initdb), work/, and secrets/ with admin-password and
# pgpass.
make_folder() {
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
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
    # One line for every server, written by the shell itself (printf is a builtin: the password
    # never appears on a command line).
    {
        printf '*:*:*:admin:'
        cat "$tmp/secrets/admin-password"
        printf '\n'
    } >"$tmp/secrets/pgpass"
    cp "$tmp/secrets/admin-password" "$tmp/pg/pwfile"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$tmp/pg"; fi
}

# --- PostgreSQL ---------------------------------------------------------------------------------
# initdb in data folder $1 (superuser admin with the password of pg/pwfile; trust on the Unix
# socket, scram-sha-256 over TCP on 127.0.0.0/8); its output goes to $2, shown if it fails.
init_server() {
    local data="$1" log="$2"
    as_postgres "$pg_bin/initdb" -D "$data" -U admin --pwfile="$tmp/pg/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$log" 2>&1 ||
        { cat "$log" >&2; die "initdb failed"; }
    as_postgres sh -c "printf 'local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n' >'$data/pg_hba.conf'"
}

# A port on which 127.$1.0.1 … 127.$1.0.$2 are all free.
free_port() {
    python3 - "$1" "$2" <<'EOF'
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

# start_server DATA SOCKETS LOG OCTET COUNT MARKER NO_PORT: starts the server of data folder
# DATA on loopback addresses 127.OCTET.0.1 … 127.OCTET.0.COUNT and a Unix socket in SOCKETS,
# logging to LOG. Up to five tries, each on another free port (none: die NO_PORT); the settings
# go to postgresql.conf under the line MARKER. Sets `port`, left empty if the server did not
# start.
start_server() {
    local data="$1" sockets="$2" log="$3" octet="$4" count="$5" marker="$6" no_port="$7"
    local addresses attempt
    addresses="$(seq -s, -f "127.$octet.0.%g" 1 "$count")"
    for attempt in 1 2 3 4 5; do
        port="$(free_port "$octet" "$count")"
        [ -n "$port" ] || die "$no_port"
        # Settings that differ from the defaults (all else is PostgreSQL 15's default
        # configuration: fsync and synchronous_commit on, max_connections 100).
        as_postgres sh -c "cat >>'$data/postgresql.conf'" <<EOF

$marker
port = $port
listen_addresses = '$addresses'
unix_socket_directories = '$sockets'
log_line_prefix = '%m [%p] app=%a '
log_timezone = 'UTC'
EOF
        if as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null 2>&1; then
            return 0
        fi
        say "PostgreSQL did not start on port $port (attempt $attempt); trying another port"
        tail -n 5 "$log" >&2 || true
        # Drop this attempt's settings (from the marker line to the end) before trying another port.
        as_postgres sed -i "/^$marker\$/,\$d" "$data/postgresql.conf"
    done
    port=""
}

# start_loopback_server MARKER: the private PostgreSQL of run.sh and ha.sh, in $tmp/pg, listening
# on 127.0.0.1 … 127.0.0.60 (Steward allows one integration per host and port, so each gets an
# address of its own); sets `pg_data`, `port`, `pg_started` and, through network_path, `tcp_port`.
start_loopback_server() {
    local marker="$1"
    pg_data="$tmp/pg/data"
    say "initialising PostgreSQL in $tmp/pg"
    init_server "$pg_data" "$tmp/pg/initdb.log"
    rm -f "$tmp/pg/pwfile"
    as_postgres mkdir -p "$tmp/pg/socket"
    start_server "$pg_data" "$tmp/pg/socket" "$tmp/pg/server.log" 0 60 "$marker" "no free port found"
    [ -n "$port" ] || die "PostgreSQL did not start"
    pg_started=1
    say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port (loopback 127.0.0.1-60)"
    # Specs and timed psql connect to tcp_port: the server's port, or with --rtt-ms a delay
    # proxy's on the same addresses. Housekeeping keeps the Unix socket.
    network_path 0 60 "$port" "$tmp/proxy.log"
    if delayed; then say "delay proxy on port $tcp_port (127.0.0.1-60 → port $port): $(network_text)"; fi
}

# --- the delay proxy (--rtt-ms) -----------------------------------------------------------------
# network_path OCTET COUNT PORT LOG: sets `tcp_port`, the port every spec and every timed psql
# connects to on 127.OCTET.0.1 … 127.OCTET.0.COUNT. Without --rtt-ms that is PORT, the server's
# own. With --rtt-ms N it is the port of a delay proxy started here (Tests/Fixtures/tcp_proxy.py,
# N/2 ms each way, and one round trip more for each new connection, as TCP's handshake costs)
# that listens on the same addresses at a free port of its own and forwards to 127.OCTET.0.1 at
# PORT; its output goes to LOG. Up to five tries, each on another free port.
network_path() {
    local octet="$1" count="$2" target="$3" log="$4"
    local addresses attempt pid half
    tcp_port="$target"
    delayed || return 0
    addresses="$(seq -s, -f "127.$octet.0.%g" 1 "$count")"
    half="$(awk -v r="$rtt_ms" 'BEGIN { printf "%g", r / 2 }')"
    for attempt in 1 2 3 4 5; do
        tcp_port="$(free_port "$octet" "$count")"
        [ -n "$tcp_port" ] || die "no free port found for the delay proxy on 127.$octet.0.1-$count"
        PYTHONDONTWRITEBYTECODE=1 python3 "$repo/Tests/Fixtures/tcp_proxy.py" "$tcp_port" "$target" \
            --target-host "127.$octet.0.1" --hosts "$addresses" --latency-ms "$half" --handshake >"$log" 2>&1 &
        pid=$!
        proxy_pids+=("$pid")
        for _ in $(seq 1 400); do
            if grep -qx listening "$log" 2>/dev/null; then
                echo "$pid" >>"$tmp/proxy-pids" # the measuring script reports their CPU time
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        unset 'proxy_pids[-1]'
        say "the delay proxy did not start on port $tcp_port (attempt $attempt); trying another port"
        tail -n 5 "$log" >&2 || true
    done
    die "the delay proxy did not start"
}

# Stops the delay proxies (by id).
stop_proxies() {
    local pid
    for pid in ${proxy_pids[@]+"${proxy_pids[@]}"}; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    proxy_pids=()
}

# What the delay proxy adds, for the progress messages.
network_text() {
    if delayed; then
        printf 'a delay proxy, %s ms round trip (%s ms each way)' "$rtt_ms" "$(awk -v r="$rtt_ms" 'BEGIN { printf "%g", r / 2 }')"
    else
        printf 'loopback, no delay proxy'
    fi
}

# --- the measurement ----------------------------------------------------------------------------
# measure SCRIPT RESULT ARGS…: runs python3 Benchmarks/SCRIPT ARGS… --rtt-ms N --proxy-pids FILE
# --report, then copies its report to Benchmarks/results/RESULT (RESULT-rtt-Nms.txt instead of
# RESULT.txt with --rtt-ms N). In the background, so that a signal to this script is handled at
# once (bash runs traps only between foreground commands); cleanup() then asks it to stop.
measure() {
    local measuring="$1" result="$2"
    shift 2
    if delayed; then result="${result%.txt}-rtt-${rtt_ms}ms.txt"; fi
    PYTHONDONTWRITEBYTECODE=1 python3 "$here/$measuring" "$@" --rtt-ms "$rtt_ms" --proxy-pids "$tmp/proxy-pids" \
        --report "$tmp/report.txt" &
    measure_pid=$!
    wait "$measure_pid"
    measure_pid=""

    mkdir -p "$here/results"
    cp "$tmp/report.txt" "$here/results/$result"
    chmod 0644 "$here/results/$result"
    say "figures written to Benchmarks/results/$result"
}
