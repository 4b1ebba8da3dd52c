#!/usr/bin/env bash
# Fails when a test can no longer fail: a recorded known issue (withKnownIssue), a test switched
# off (.disabled, XCTSkip), or a `swift test` log (the first argument, if given) that reports
# known issues. Conditions on the machine (`.enabled(if:)` for root or a systemd probe) are not
# flakes and stay allowed. A flaky test is a defect: fix it, do not record it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

status=0
# Fuzz/.build holds the fuzz package's dependencies (their own tests skip on other platforms).
if grep -rnE 'withKnownIssue|\.disabled\(|XCTSkip|XCTExpectFailure' Tests Fuzz --include='*.swift' --exclude-dir='.build*'; then
    echo "no-known-issues: the lines above record a known issue or switch a test off; fix the cause instead" >&2
    status=1
fi
if [ "$#" -gt 0 ] && grep -nE '[0-9]+ known issues?' "$1"; then
    echo "no-known-issues: swift test reported known issues (above)" >&2
    status=1
fi
exit "$status"
