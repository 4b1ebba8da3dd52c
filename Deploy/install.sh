#!/usr/bin/env bash
# Installs Steward as a systemd service: the release binary, the unit, its system user, and
# /etc/steward with an example daemon config and an empty spec folder. Run as root from the
# source tree. Safe to run again: it upgrades the binary and the unit, keeps existing configs
# and specs, and restarts a running service.
set -euo pipefail

readonly BIN_PATH=/usr/local/bin/steward
readonly UNIT_PATH=/etc/systemd/system/steward.service
readonly SYSUSERS_PATH=/etc/sysusers.d/steward.conf
readonly CONFIG_DIR=/etc/steward

usage() {
    cat <<USAGE
Usage: $0 [--binary PATH] [--no-start]

  --binary PATH  install this steward executable instead of building one
                 (default: swift build -c release --static-swift-stdlib --scratch-path .build-release)
  --no-start     install and enable the service, but do not start or restart it
  -h, --help     show this help
USAGE
}

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

binary=""
start=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary)
            [[ $# -ge 2 ]] || die "--binary needs a path"
            binary="$2"
            shift 2
            ;;
        --binary=*)
            binary="${1#--binary=}"
            shift
            ;;
        --no-start)
            start=false
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            die "unknown argument: $1"
            ;;
    esac
done

[[ ${EUID} -eq 0 ]] || die "run me as root (sudo $0 $*)"

deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_root="$(dirname "${deploy_dir}")"

if [[ -z ${binary} ]]; then
    command -v swift >/dev/null || die "swift is not on PATH: install a Swift toolchain, or pass --binary PATH"
    say "building the release binary (this takes a few minutes)"
    (cd "${source_root}" && swift build -c release --static-swift-stdlib --scratch-path .build-release --product steward)
    binary="$(cd "${source_root}" && swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/steward"
fi
[[ -f ${binary} && -x ${binary} ]] || die "${binary} is not an executable file"

say "installing ${binary} as ${BIN_PATH}"
# Copy next to the target and rename, so a running daemon keeps its binary until it restarts.
install -D -m 0755 "${binary}" "${BIN_PATH}.new"
mv -f "${BIN_PATH}.new" "${BIN_PATH}"

say "creating the system user steward (${SYSUSERS_PATH})"
install -D -m 0644 "${deploy_dir}/steward.sysusers" "${SYSUSERS_PATH}"
if command -v systemd-sysusers >/dev/null; then
    systemd-sysusers "${SYSUSERS_PATH}"
elif ! getent passwd steward >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/steward --no-create-home \
        --shell /usr/sbin/nologin --comment "Steward reconciler" steward
fi
getent passwd steward >/dev/null || die "the user steward could not be created"

say "installing the unit as ${UNIT_PATH}"
install -D -m 0644 "${deploy_dir}/steward.service" "${UNIT_PATH}"

say "preparing ${CONFIG_DIR}"
install -d -m 0755 -o root -g root "${CONFIG_DIR}"
# Specs may hold inline passwords: readable by root and the daemon's group only.
install -d -m 0750 -o root -g steward "${CONFIG_DIR}/integrations.d"
# Sources for LoadCredential=: read by systemd (root), never by the daemon directly.
install -d -m 0700 -o root -g root "${CONFIG_DIR}/credentials"
if [[ -e ${CONFIG_DIR}/steward.yaml ]]; then
    say "keeping the existing ${CONFIG_DIR}/steward.yaml"
elif [[ -f ${source_root}/Config/steward.yaml ]]; then
    install -m 0640 -o root -g steward "${source_root}/Config/steward.yaml" "${CONFIG_DIR}/steward.yaml"
    say "installed the example config ${CONFIG_DIR}/steward.yaml"
else
    # The unit starts the daemon with --config: an empty file means the defaults.
    install -m 0640 -o root -g steward /dev/null "${CONFIG_DIR}/steward.yaml"
    say "no Config/steward.yaml in the source tree: ${CONFIG_DIR}/steward.yaml is empty (the defaults)"
fi

if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl enable steward.service
    if [[ ${start} == true ]]; then
        # restart also starts a stopped service, and picks up a new binary on upgrades.
        systemctl restart steward.service
        say "steward is running: systemctl status steward; journalctl -u steward"
    else
        say "enabled, not started (--no-start): systemctl start steward"
    fi
else
    say "systemd is not running as PID 1 here: skipped daemon-reload, enable and start."
    say "on a systemd host, run: systemctl daemon-reload && systemctl enable --now steward"
fi
say "done. Put integration specs into ${CONFIG_DIR}/integrations.d/ (one NAME.yaml each)."
