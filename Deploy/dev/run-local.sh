#!/usr/bin/env bash
# The whole product on one machine: installs what is missing, builds steward, starts a local
# PostgreSQL 15 standing in for Redshift, writes the example integration into a spec folder,
# runs the daemon on that folder, and prints the integration once it is enabled. The daemon
# keeps running in the foreground (Ctrl-C stops it); add or edit files in .dev/integrations.d
# and watch it react. `--once` stops it after the example is enabled.
#
# Everything lives under .dev/ in the repository (delete it to start over).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"

Deploy/dev/ensure-packages.sh
swift build --product steward 2>&1 | tail -n 1
steward="$here/.build/debug/steward"

port="$(Deploy/dev/local-postgres.sh start)"
specs="$here/.dev/integrations.d"
state="$here/.dev/state"
mkdir -p "$specs" "$state"
cat >"$specs/analytics.yaml" <<SPEC
# The seed's username/password example, pointed at the local PostgreSQL.
type: Redshift
autoBootstrap: true
config:
  host: 127.0.0.1
  port: $port
  database: immuta
  initialDatabase: postgres
  impersonation:
    enabled: true
    role: immuta_impersonation
  authenticationType: userPassword
  username: admin
  passwordFile: $here/.dev/postgres/admin-password
  sslMode: disable
SPEC

echo "local PostgreSQL on 127.0.0.1:$port; spec folder $specs; state $state" >&2
"$steward" run --spec-dir "$specs" --state-dir "$state" --log-level notice &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 300); do
    status="$("$steward" get analytics --state-dir "$state" 2>/dev/null | sed -n 's/^  "status" : "\(.*\)",*$/\1/p' || true)"
    case "$status" in
    enabled) break ;;
    *Error) break ;;
    esac
    kill -0 "$daemon" 2>/dev/null || { echo "the daemon exited" >&2; exit 1; }
    sleep 0.2
done
"$steward" list --state-dir "$state" --output table
"$steward" get analytics --state-dir "$state"
[ "$status" = enabled ] || { echo "the example integration is $status" >&2; exit 1; }
if [ "${1:-}" = "--once" ]; then
    exit 0
fi
echo "steward is running; edit $specs and watch (Ctrl-C stops it)" >&2
wait "$daemon"
