#!/usr/bin/env bash
# Installs the Debian packages Steward needs to build and test, if any is missing. (Fuzzing needs
# none: libFuzzer, the sanitizer runtimes and lld come with the Swift toolchain; Fuzz/run.sh checks.)
set -euo pipefail

needed=(libpq-dev libsystemd-dev libsqlite3-dev sqlite3 postgresql-15 systemd shellcheck python3 python3-pip curl openssl iproute2 util-linux debhelper)
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
missing=()
for package in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The federated-login tests run moto (AWS STS and Redshift) in server mode; boto3 comes with it.
if ! python3 -c 'import moto.server, boto3' 2>/dev/null; then
    echo "installing: moto[server] boto3 (pip)" >&2
    if ! python3 -m pip --version >/dev/null 2>&1; then
        "${sudo_cmd[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-pip >/dev/null
    fi
    python3 -m pip install -q 'moto[server]' boto3 2>/dev/null \
        || python3 -m pip install -q --break-system-packages 'moto[server]' boto3
fi

# schemathesis (PyPI) checks the HTTP API against its OpenAPI document (Deploy/dev/api-schemathesis.sh).
schemathesis_version=4.32.5
if ! command -v schemathesis >/dev/null 2>&1 || [ "$(schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$schemathesis_version" ]; then
    echo "installing: schemathesis $schemathesis_version" >&2
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version" 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "schemathesis==$schemathesis_version"
fi

# sqlfluff (PyPI) parses every Redshift golden statement with its redshift dialect
# (Deploy/dev/redshift-conformance.sh).
sqlfluff_version=4.5.0
if ! python3 -c "import sqlfluff, sys; sys.exit(sqlfluff.__version__ != '$sqlfluff_version')" 2>/dev/null; then
    echo "installing: sqlfluff $sqlfluff_version" >&2
    python3 -m pip install --quiet --disable-pip-version-check "sqlfluff==$sqlfluff_version" 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "sqlfluff==$sqlfluff_version"
fi
