#!/usr/bin/env bash
# Runs every test: installs missing packages, builds without warnings, runs `swift test` (unit
# tests, a real PostgreSQL the harness starts, the daemon as a process, a standalone journald,
# the fault-injection suite in its short form (Tests/StewardFaultTests),
# the hostile-input corpus, the secret canary and the injection tests), the Redshift conformance
# check (Deploy/dev/redshift-conformance.sh), the fuzz smoke run
# (Fuzz/run.sh --smoke: each libFuzzer target for 30 s), schemathesis against the HTTP API's
# OpenAPI document (Deploy/dev/api-schemathesis.sh), then the end-to-end test of the installed
# service under a real systemd as PID 1 (Deploy/dev/e2e-systemd.sh; both skip themselves where
# namespaces are not available).
#
#   Deploy/dev/test.sh                 everything
#   Deploy/dev/test.sh --no-e2e        swift test and the fuzz smoke run
#   Deploy/dev/test.sh --filter X      swift test arguments (no fuzzing, no end-to-end test)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

e2e=1
fuzz=1
if [ "${1:-}" = "--no-e2e" ]; then
    e2e=0
    shift
fi
if [ "$#" -gt 0 ]; then
    e2e=0
    fuzz=0
fi

Deploy/dev/ensure-packages.sh
# Every Redshift golden statement against AWS's documented grammar, catalog, functions and forms.
Deploy/dev/redshift-conformance.sh
swift build --build-tests 2>&1 | tee .build-warnings.log | tail -n 3
# SwiftPM's notice about a file in a dependency's source folder (swift-distributed-tracing, which
# Hummingbird uses) is not a warning about this package's code, and nothing here can change it.
dependency_notice="^warning: '(swift-distributed-tracing)': found [0-9]+ file\(s\) which are unhandled"
if grep "warning:" .build-warnings.log | grep -qvE "$dependency_notice"; then
    echo "the build printed warnings:" >&2
    grep "warning:" .build-warnings.log | grep -vE "$dependency_notice" | sort -u >&2
    exit 1
fi
rm -f .build-warnings.log
Deploy/dev/no-known-issues.sh
test_log="$(mktemp)"
trap 'rm -f "$test_log"' EXIT
swift test "$@" 2>&1 | tee "$test_log"
Deploy/dev/no-known-issues.sh "$test_log"

if [ "$fuzz" = 1 ]; then
    Fuzz/run.sh --smoke
fi

if [ "$e2e" = 1 ]; then
    Deploy/dev/api-schemathesis.sh
    Deploy/dev/e2e-systemd.sh
fi
