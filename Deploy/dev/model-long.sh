#!/usr/bin/env bash
# The model-based enforcement test's long form (Tests/StewardCLITests/AccessModelPropertyTests):
# CASES generated cases in batches of BATCH, JOBS batches side by side (each test process starts
# its own PostgreSQL), batch k with seed SEED+k. Prints one MODEL-FIGURES line per batch as it
# ends and a total; stops starting batches after the first failure and keeps its log.
#
#   Deploy/dev/model-long.sh [--cases 10000] [--batch 500] [--jobs 2] [--seed 2026120500] [--keep DIR]
#
# Replay a failed batch: STEWARD_MODEL_SEED=<its seed> STEWARD_MODEL_CASES=<batch> swift test
# --filter AccessModelPropertyTests (a failing case prints its own seed, replayed with
# STEWARD_MODEL_CASES=1). The binary is copied first, so a rebuild during the run changes nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

cases=10000
batch=500
jobs=2
seed=2026120500
keep=""
while [ "$#" -gt 0 ]; do
    case "$1" in
        --cases | --batch | --jobs | --seed | --keep)
            [ "$#" -ge 2 ] || { echo "model-long.sh: $1 needs a value" >&2; exit 2; }
            case "$1" in
                --cases) cases=$2 ;;
                --batch) batch=$2 ;;
                --jobs) jobs=$2 ;;
                --seed) seed=$2 ;;
                --keep) keep=$2 ;;
            esac
            shift 2
            ;;
        -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "model-long.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
for value in "$cases" "$batch" "$jobs" "$seed"; do
    case "$value" in "" | *[!0-9]*) echo "model-long.sh: numbers only (got '$value')" >&2; exit 2 ;; esac
done
[ "$batch" -ge 1 ] && [ "$jobs" -ge 1 ] && [ "$cases" -ge 1 ] || { echo "model-long.sh: --cases, --batch and --jobs must be at least 1" >&2; exit 2; }

swift build --build-tests >/dev/null
bin="$(swift build --show-bin-path)"
work="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/steward-model.XXXXXX")}"
mkdir -p "$work"
# The test finds the steward executable next to its bundle.
cp "$bin/stewardPackageTests.xctest" "$bin/steward" "$work/"
echo "model-long.sh: $cases cases, batches of $batch, $jobs at a time, seeds from $seed; logs in $work"

batches=$(((cases + batch - 1) / batch))
started=$SECONDS
# One batch: its MODEL-FIGURES line, or FAILED with the log kept.
run_batch() {
    local k=$1 n=$batch status=0
    [ $(((k + 1) * batch)) -le "$cases" ] || n=$((cases - k * batch))
    STEWARD_MODEL_CASES=$n STEWARD_MODEL_SEED=$((seed + k)) \
        "$work/stewardPackageTests.xctest" --testing-library swift-testing --filter AccessModelPropertyTests \
        >"$work/batch-$k.log" 2>&1 || status=$?
    if [ "$status" = 0 ]; then
        echo "batch $k: $(grep -m1 -o 'MODEL-FIGURES seed.*' "$work/batch-$k.log")" | tee -a "$work/figures.log"
        rm -f "$work/batch-$k.log"
    else
        echo "batch $k: FAILED (seed $((seed + k)), exit $status): log $work/batch-$k.log" | tee -a "$work/figures.log"
        touch "$work/failed"
    fi
}

k=0
while [ "$k" -lt "$batches" ] && [ ! -e "$work/failed" ]; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    [ -e "$work/failed" ] || run_batch "$k" &
    k=$((k + 1))
done
wait
ran=$(grep -o ' cases=[0-9]*' "$work/figures.log" 2>/dev/null | awk -F= '{s += $2} END {print s + 0}')
echo "model-long.sh: $ran cases passed in $((SECONDS - started)) s ($jobs at a time)"
[ ! -e "$work/failed" ]
