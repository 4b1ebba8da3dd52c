#!/usr/bin/env bash
# Property-based check of the HTTP API against its own OpenAPI document: schemathesis generates
# requests from Sources/StewardAPI/Resources/openapi.json (served at /openapi.json) and checks
# that no answer is a server error and that every status code, content type, header and body is
# the one the document promises.
#
# The daemon and schemathesis run in a network namespace of their own with only loopback, so the
# host names schemathesis invents for spec bodies reach nothing (no DNS, no routes): the initial
# validation fails at once with a 400, as documented. Bounded: a fixed seed, a few examples per
# operation, and a time limit.
#
#   Deploy/dev/api-schemathesis.sh [--binary PATH]     (default .build/debug/steward)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

binary=.build/debug/steward
if [ "${1:-}" = "--binary" ]; then binary=$2; fi
binary=$(realpath "$binary")

if [ "${STEWARD_IN_NETNS:-}" != 1 ]; then
    if ! unshare --net true 2>/dev/null; then
        echo "api-schemathesis: skipped (network namespaces are not available here)"
        exit 0
    fi
    STEWARD_IN_NETNS=1 exec unshare --net "$0" --binary "$binary"
fi

ip link set lo up
work=$(mktemp -d)
key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$key" > "$work/keys"
mkdir "$work/specs"
# Two integrations whose warehouse is unreachable (createError), so that operations on an id
# meet real records as well as missing ones.
for name in alpha beta; do
    printf 'type: Redshift\nautoBootstrap: true\nconfig:\n  host: 127.0.0.%s\n  port: 9\n  database: %s\n  initialDatabase: dev\n  username: admin\n  password: "%s-pw"\n  sslMode: disable\n  connectTimeout: 2\n' \
        "$([ $name = alpha ] && echo 2 || echo 3)" "$name" "$name" > "$work/specs/$name.yaml"
done
port=18787
"$binary" run --spec-dir "$work/specs" --state-dir "$work/state" --resync-interval 1h --log-level warning \
    --api-listen "127.0.0.1:$port" --api-key-file "$work/keys" > "$work/daemon.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done

status=0
# Run from the scratch folder: schemathesis keeps a cache in its working directory.
cd "$work"
timeout 240 schemathesis run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: $key" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples 20 --seed 20260101 --workers 1 --request-timeout 30 \
    --suppress-health-check all --no-color || status=$?
if [ "$status" != 0 ]; then
    echo "api-schemathesis: FAILED (exit $status); daemon log:" >&2
    tail -n 50 "$work/daemon.log" >&2
fi
exit "$status"
