#!/usr/bin/env bash
# Builds Steward's libFuzzer targets (Swift's -sanitize=fuzzer, with AddressSanitizer) from the
# main package's own sources and runs them.
#
#   Fuzz/run.sh [--smoke|--long] [spec|quoting|xml]...
#
#   --smoke   FUZZ_SMOKE_SECONDS per target (default 30): what CI runs (Deploy/dev/test.sh)
#   --long    FUZZ_SECONDS per target (default 600)
#   spec      the spec decoder and validator (SpecParser.parse(data:source:))
#   quoting   SQLIdentifier, SQLLiteral, SQLStatement.scriptText() and every dialect statement
#   xml       the XML reader of AWS answers and SAML assertions (XMLReader.parse)
#   (no target: all three, side by side)
#
# A crash, a property violation, a hang (-timeout) or running out of memory saves the input as
# Fuzz/crashes/TARGET-KIND-HASH and makes the script exit 1; replay it with
#   Fuzz/.build/debug/FuzzSpecParser Fuzz/crashes/FILE     (or FuzzSQLQuoting, FuzzXMLReader)
# The corpus each run grows is kept in Fuzz/corpus/TARGET (not in git); seeds come from
# Config/examples, Config/integrations.d, Tests/Fixtures/hostile and Fuzz/seeds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

mode=smoke
targets=()
for argument in "$@"; do
    case "$argument" in
        --smoke) mode=smoke ;;
        --long) mode=long ;;
        spec | quoting | xml) targets+=("$argument") ;;
        -h | --help)
            sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "run.sh: unknown argument $argument (try --help)" >&2
            exit 2
            ;;
    esac
done
[ "${#targets[@]}" -gt 0 ] || targets=(spec quoting xml)
if [ "$mode" = smoke ]; then seconds="${FUZZ_SMOKE_SECONDS:-30}"; else seconds="${FUZZ_SECONDS:-600}"; fi

# libFuzzer and the sanitizer runtimes come with the Swift toolchain (no package provides them).
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
if ! find "$toolchain/lib" -name 'libclang_rt.fuzzer*.a' -print -quit | grep -q .; then
    echo "run.sh: the Swift toolchain in $toolchain has no libFuzzer runtime (libclang_rt.fuzzer); install a full toolchain" >&2
    exit 1
fi

build_flags=(--sanitize=fuzzer --sanitize=address -Xswiftc -use-ld=lld)
mkdir -p .build crashes
echo "building the fuzz targets (Fuzz/.build/fuzz-build.log)"
if ! swift build "${build_flags[@]}" >.build/fuzz-build.log 2>&1; then
    tail -n 40 .build/fuzz-build.log >&2
    echo "run.sh: the fuzz targets did not build" >&2
    exit 1
fi
if grep -q "warning:" .build/fuzz-build.log; then
    grep "warning:" .build/fuzz-build.log | sort -u >&2
    echo "run.sh: the fuzz build printed warnings" >&2
    exit 1
fi
bin="$(swift build "${build_flags[@]}" --show-bin-path)"

# Swift's own crash backtracer and AddressSanitizer both want the fatal signals.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64:detect_leaks=1}"
# lsan.supp lists the one-time allocations LeakSanitizer cannot see as reachable, with why.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/lsan.supp:print_suppressions=1}"

# Runs one target for $seconds; its exit status goes to .build/fuzz-TARGET.status.
fuzz_one() {
    local target=$1 binary seeds limits status=0
    case "$target" in
        spec)
            binary="$bin/FuzzSpecParser"
            seeds=(../Config/examples ../Config/integrations.d ../Tests/Fixtures/hostile seeds/spec)
            limits=(-max_len=16384)
            ;;
        quoting)
            binary="$bin/FuzzSQLQuoting"
            seeds=(seeds/quoting)
            limits=(-max_len=512)
            ;;
        xml)
            binary="$bin/FuzzXMLReader"
            seeds=(seeds/xml)
            limits=(-max_len=8192)
            ;;
    esac
    mkdir -p "corpus/$target"
    "$binary" "corpus/$target" "${seeds[@]}" -dict="dictionaries/$target.dict" "${limits[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="crashes/$target-" >".build/fuzz-$target.log" 2>&1 || status=$?
    echo "$status" >".build/fuzz-$target.status"
}

# The targets run side by side (libFuzzer uses one core each), then each is judged: a non-zero
# exit or a new file under crashes/TARGET-* fails the run.
crashes_of() { find crashes -type f -name "$1-*" | wc -l; }
declare -A before
for target in "${targets[@]}"; do
    rm -f ".build/fuzz-$target.status"
    before[$target]="$(crashes_of "$target")"
    echo "fuzzing $target for ${seconds}s ($mode)"
    fuzz_one "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
    status="$(cat ".build/fuzz-$target.status" 2>/dev/null || echo "no status")"
    after="$(crashes_of "$target")"
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done )" ".build/fuzz-$target.log" | sed "s/^/  $target: /" || true
    if [ "$status" != 0 ] || [ "$after" -gt "${before[$target]}" ]; then
        failed=1
        grep -E "Fatal error|ERROR|SUMMARY|Test unit written" ".build/fuzz-$target.log" | head -n 10 >&2 || tail -n 5 ".build/fuzz-$target.log" >&2
        echo "run.sh: $target failed (exit $status); inputs saved in Fuzz/crashes/, full log in Fuzz/.build/fuzz-$target.log" >&2
    fi
done
exit "$failed"
