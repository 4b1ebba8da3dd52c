#!/usr/bin/env bash
# The fault-injection suite (Tests/StewardFaultTests) on its own, with its figures collected.
#
#   Deploy/dev/fault-suite.sh            short form (what every `swift test` in CI runs):
#                                        50 kills of 12 integrations, 3 PostgreSQL outages of 4 s,
#                                        15 proxy cuts with 15 ms latency, full and read-only
#                                        state directory, spec folder removed and re-created;
#                                        high availability (three daemons sharing a store): 3
#                                        rounds of kill -9 of the leader mid-create, mid-edit and
#                                        mid-delete, the leader frozen past its lease, the store
#                                        restarted and cut off (4 s)
#   Deploy/dev/fault-suite.sh --long     long form: 300 kills of 20 integrations, 20 s outages,
#                                        120 cuts with 40 ms latency, 20 rounds of leader kills
#                                        of 12 integrations, 15 s store outages (about 25-35 minutes)
#   STEWARD_FAULT_SCALE=long swift test --filter HighAvailabilityTests   only those, long form
#   STEWARD_FAULT_SEED=N Deploy/dev/fault-suite.sh   replays a run's random choices
#
# Prints each test's FAULT-FIGURES line and writes them, with the machine, to
# Benchmarks/results/faults-<short|long>.txt. Needs what Deploy/dev/test.sh installs; the
# state-directory test needs root (it mounts a tmpfs) and is skipped otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

scale=short
if [ "${1:-}" = "--long" ]; then
    scale=long
    shift
fi
[ "$#" -eq 0 ] || { echo "usage: Deploy/dev/fault-suite.sh [--long]" >&2; exit 2; }

Deploy/dev/ensure-packages.sh
swift build --build-tests 2>&1 | tail -n 1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
STEWARD_FAULT_SCALE="$scale" swift test --skip-build --filter StewardFaultTests 2>&1 | tee "$log" | grep -E "FAULT-FIGURES|STEWARD_FAULT_SEED|✘|passed after|failed after" || true
grep -q "Test run with .* passed" "$log" || status=1

report="Benchmarks/results/faults-$scale.txt"
mkdir -p Benchmarks/results
{
    echo "Steward fault suite ($scale form), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "$(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
    if [ "$status" = 0 ]; then echo "result: every invariant held"; else echo "result: FAILED (see the test output)"; fi
    grep -o "FAULT-FIGURES.*" "$log" | sed 's/^FAULT-FIGURES //'
} >"$report"
echo "figures written to $report"
exit "$status"
