#!/usr/bin/env bash
# Installs the Debian packages Steward needs to build and test, if any is missing.
set -euo pipefail

needed=(libpq-dev libsystemd-dev libsqlite3-dev postgresql-15 systemd shellcheck python3 python3-pip curl openssl iproute2 util-linux)
missing=()
for package in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# schemathesis (PyPI) checks the HTTP API against its OpenAPI document (Deploy/dev/api-schemathesis.sh).
schemathesis_version=4.32.5
if ! command -v schemathesis >/dev/null 2>&1 || [ "$(schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$schemathesis_version" ]; then
    echo "installing: schemathesis $schemathesis_version" >&2
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version" 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "schemathesis==$schemathesis_version"
fi
