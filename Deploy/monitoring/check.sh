#!/usr/bin/env bash
# Checks the monitoring files: the alert rules with promtool (`check rules`, then the unit tests
# in steward-alerts.test.yml), and the Grafana dashboard (valid JSON, the panels' shape). Every
# metric name in a rule or a dashboard expression must be a family Steward exports
# (metric-families.txt, which a Swift test compares with a real scrape) or Prometheus' own `up`.
# Only promtool is used: no Prometheus server is started.
#
#   Deploy/monitoring/check.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v promtool >/dev/null 2>&1; then
    echo "check.sh: promtool is missing; Deploy/dev/ensure-packages.sh installs it (Debian's prometheus package)" >&2
    exit 1
fi
promtool check rules steward-alerts.yml
promtool test rules steward-alerts.test.yml
python3 check_expressions.py metric-families.txt steward-alerts.yml steward-dashboard.json
