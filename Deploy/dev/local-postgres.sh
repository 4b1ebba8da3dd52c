#!/usr/bin/env bash
# Starts (or stops) a local PostgreSQL 15 that stands in for Redshift during development:
# its own data folder, loopback only, scram-sha-256 passwords, superuser "admin".
#
#   Deploy/dev/local-postgres.sh start   # prints the port; password in $DIR/admin-password
#   Deploy/dev/local-postgres.sh stop
#
# DIR defaults to .dev/postgres under the repository; PORT to 55439.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${STEWARD_DEV_PG_DIR:-$here/.dev/postgres}"
port="${STEWARD_DEV_PG_PORT:-55439}"
bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
start)
    [ -n "$bin" ] || { echo "PostgreSQL server binaries not found; install postgresql-15" >&2; exit 1; }
    mkdir -p "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        umask 077
        if [ ! -s "$dir/admin-password" ]; then
            # A development-only password, kept in a 0600 file beside the data folder.
            tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 >"$dir/admin-password" || true
        fi
        cp "$dir/admin-password" "$dir/pwfile"
        [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
        as_postgres "$bin/initdb" -D "$dir/data" -U admin --pwfile="$dir/pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log"
        rm -f "$dir/pwfile"
        printf 'local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n' >"$dir/data/pg_hba.conf"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/data/pg_hba.conf"
        mkdir -p "$dir/socket"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/socket"
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    fi
    echo "$port"
    ;;
stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
