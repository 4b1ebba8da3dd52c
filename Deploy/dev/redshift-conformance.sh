#!/usr/bin/env bash
# The Redshift conformance check (Tests/Conformance/Redshift/check.py) over every statement in
# every Tests/StewardWarehouseTests/Golden/*.redshift.sql file: grammar (sqlfluff's redshift
# dialect), catalog, functions and PostgreSQL-only forms, each against AWS's Redshift Database
# Developer Guide; then its own tests (a removed catalog entry or a PostgreSQL-only form fails it).
# Installs sqlfluff from PyPI if missing (Deploy/dev/ensure-packages.sh does the same).
#
#   Deploy/dev/redshift-conformance.sh            the check and its tests
#   Deploy/dev/redshift-conformance.sh --check    the check only
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

sqlfluff_version=4.5.0
if ! python3 -c "import sqlfluff, sys; sys.exit(sqlfluff.__version__ != '$sqlfluff_version')" 2>/dev/null; then
    echo "installing: sqlfluff $sqlfluff_version" >&2
    python3 -m pip install --quiet --disable-pip-version-check "sqlfluff==$sqlfluff_version" 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "sqlfluff==$sqlfluff_version"
fi

python3 Tests/Conformance/Redshift/check.py
if [ "${1:-}" != "--check" ]; then
    python3 -m unittest discover -s Tests/Conformance/Redshift -p 'test_*.py'
fi
