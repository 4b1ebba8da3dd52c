#!/usr/bin/env bash
# The whole product on one machine: installs what is missing, builds steward, starts a local
# PostgreSQL 15 standing in for Redshift, writes the example integration into a spec folder,
# and brings it up against that server, printing the result.
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
"$steward" apply "$specs/analytics.yaml" --state-dir "$state" --output table
"$steward" get analytics --state-dir "$state"
