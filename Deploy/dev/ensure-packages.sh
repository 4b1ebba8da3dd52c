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

# promtool checks and unit-tests the alert rules (Deploy/monitoring/check.sh). It comes with
# Debian's prometheus package, whose installation would start a Prometheus server: it is
# installed on its own, without its recommends (node-exporter), under a policy-rc.d that refuses
# every start (unless the machine has one already), and disabled where systemd runs. Only
# promtool is used.
if ! dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed"; then
    echo "installing: prometheus (for promtool; the server is not started)" >&2
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# Deploy/dev/ensure-packages.sh: no service starts while prometheus installs.\nexit 101\n' \
            | "${sudo_cmd[@]}" tee "$policy" >/dev/null
        "${sudo_cmd[@]}" chmod 755 "$policy"
        made_policy=1
    fi
    "${sudo_cmd[@]}" apt-get update -qq
    install_status=0
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null || install_status=$?
    [ "$made_policy" = 0 ] || "${sudo_cmd[@]}" rm -f "$policy"
    [ "$install_status" = 0 ] || exit "$install_status"
    if [ -d /run/systemd/system ]; then
        "${sudo_cmd[@]}" systemctl disable --now prometheus.service >/dev/null 2>&1 || true
    fi
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

# jsonschema and PyYAML (PyPI) check `steward schema` against the parser's verdicts
# (Deploy/dev/spec-schema-verdicts.py, run by SpecSchemaTests).
if ! python3 -c 'import jsonschema, yaml; jsonschema.Draft202012Validator' 2>/dev/null; then
    echo "installing: jsonschema pyyaml (pip)" >&2
    python3 -m pip install --quiet --disable-pip-version-check jsonschema pyyaml 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages jsonschema pyyaml
fi
