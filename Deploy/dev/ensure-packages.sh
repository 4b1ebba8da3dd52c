#!/usr/bin/env bash
# Installs the Debian packages Steward needs to build and test, if any is missing. (Fuzzing needs
# none: libFuzzer, the sanitizer runtimes and lld come with the Swift toolchain; Fuzz/run.sh checks.)
set -euo pipefail

needed=(libpq-dev libsystemd-dev libsqlite3-dev sqlite3 postgresql-15 systemd shellcheck python3)
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
