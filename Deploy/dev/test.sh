#!/usr/bin/env bash
# Runs the whole test suite: installs missing packages, builds, and runs `swift test`.
# The tests start their own PostgreSQL 15 in a temporary folder (see Tests/StewardTestSupport).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

Deploy/dev/ensure-packages.sh
swift build --build-tests 2>&1 | tee .build-warnings.log | tail -n 3
if grep -q "warning:" .build-warnings.log; then
    echo "the build printed warnings:" >&2
    grep "warning:" .build-warnings.log | sort -u >&2
    exit 1
fi
rm -f .build-warnings.log
swift test "$@"
