#!/usr/bin/env bash
# Runs every test: installs missing packages, builds without warnings, runs `swift test` (unit
# tests, a real PostgreSQL the harness starts, the daemon as a process, a standalone journald,
# the fault-injection suite in its short form (Tests/StewardFaultTests),
# the hostile-input corpus, the secret canary and the injection tests), the Redshift conformance
# check (Deploy/dev/redshift-conformance.sh), the fuzz smoke run
# (Fuzz/run.sh --smoke: each libFuzzer target for 30 s), schemathesis against the HTTP API's
# OpenAPI document (Deploy/dev/api-schemathesis.sh), the monitoring files' check (alert rules
# with promtool, the Grafana dashboard: Deploy/monitoring/check.sh), then the end-to-end test of the installed
# service under a real systemd as PID 1 (Deploy/dev/e2e-systemd.sh; both skip themselves where
# namespaces are not available).
#
#   Deploy/dev/test.sh                 everything
#   Deploy/dev/test.sh --no-e2e        swift test and the fuzz smoke run
#   Deploy/dev/test.sh --quick         the daily loop: build and swift test only (the model-based
#                                      test with 10 cases); no conformance, monitoring check, fuzzing
#                                      or end-to-end test
#   Deploy/dev/test.sh --release       everything, the end-to-end test on the production release
#                                      build (static Swift runtime, plus the fault hook) instead
#                                      of the debug build swift test ran: six more minutes of
#                                      compiling; run it before tagging a release
#   Deploy/dev/test.sh --filter X      swift test arguments (no fuzzing, no end-to-end test)
#
# Each stage's time is printed as it ends ("test.sh: STAGE took Ns") and again in a summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

e2e=1
fuzz=1
conformance=1
monitoring=1
release=0
if [ "${1:-}" = "--no-e2e" ]; then
    e2e=0
    shift
elif [ "${1:-}" = "--release" ]; then
    release=1
    shift
elif [ "${1:-}" = "--quick" ]; then
    e2e=0
    fuzz=0
    conformance=0
    monitoring=0
    export STEWARD_MODEL_CASES="${STEWARD_MODEL_CASES:-10}"
    shift
fi
if [ "$#" -gt 0 ]; then
    e2e=0
    fuzz=0
fi

timings=()
stage_started=$SECONDS
# Ends the stage that began at $stage_started: prints and records its time.
stage_done() {
    local took=$((SECONDS - stage_started))
    timings+=("$(printf '%-22s %4ds' "$1" "$took")")
    echo "test.sh: $1 took ${took}s"
    stage_started=$SECONDS
}
test_log=""
summary() {
    local status=$?
    [ -z "$test_log" ] || rm -f "$test_log"
    if [ "${#timings[@]}" -gt 0 ]; then
        echo "test.sh: stage times (total ${SECONDS}s, exit ${status}):"
        printf '  %s\n' "${timings[@]}"
    fi
}
trap summary EXIT

Deploy/dev/ensure-packages.sh
stage_done "packages"
if [ "$conformance" = 1 ]; then
    # Every Redshift golden statement against AWS's documented grammar, catalog, functions and forms.
    Deploy/dev/redshift-conformance.sh
    stage_done "redshift conformance"
fi
if [ "$monitoring" = 1 ]; then
    # The alert rules and their unit tests (promtool), the dashboard, and that both use only
    # the metric families Steward exports.
    Deploy/monitoring/check.sh
    stage_done "monitoring check"
fi
# Every module a target imports must be a declared dependency (Package.swift), not one that
# happens to be built already.
swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee .build-warnings.log | tail -n 3
# SwiftPM's notice about a file in a dependency's source folder (swift-distributed-tracing, which
# Hummingbird uses) is not a warning about this package's code, and nothing here can change it.
dependency_notice="^warning: '(swift-distributed-tracing)': found [0-9]+ file\(s\) which are unhandled"
if grep "warning:" .build-warnings.log | grep -qvE "$dependency_notice"; then
    echo "the build printed warnings:" >&2
    grep "warning:" .build-warnings.log | grep -vE "$dependency_notice" | sort -u >&2
    exit 1
fi
rm -f .build-warnings.log
stage_done "build"
Deploy/dev/no-known-issues.sh
test_log="$(mktemp)"
swift test --skip-build "$@" 2>&1 | tee "$test_log"
Deploy/dev/no-known-issues.sh "$test_log"
stage_done "swift test"

if [ "$fuzz" = 1 ]; then
    Fuzz/run.sh --smoke
    stage_done "fuzz smoke"
fi

if [ "$e2e" = 1 ]; then
    Deploy/dev/api-schemathesis.sh
    stage_done "api schemathesis"
    if [ "$release" = 1 ]; then
        Deploy/dev/e2e-systemd.sh
    else
        # The binary swift test exercised (debug, fault hook included): the same sources as the
        # release build, without compiling everything a second time.
        Deploy/dev/e2e-systemd.sh --binary .build/debug/steward
    fi
    stage_done "e2e systemd"
fi
