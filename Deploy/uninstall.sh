#!/usr/bin/env bash
# Removes the Steward service: stops and disables it, removes the unit and the binary. The
# configuration (/etc/steward), the status store (/var/lib/steward) and the steward user are
# kept unless --purge is given. Integrations in the warehouse are never touched: to tear them
# down, remove their spec files and let the running daemon delete them first.
set -euo pipefail

readonly BIN_PATH=/usr/local/bin/steward
readonly UNIT_PATH=/etc/systemd/system/steward.service
readonly WANTS_LINK=/etc/systemd/system/multi-user.target.wants/steward.service
readonly SYSUSERS_PATH=/etc/sysusers.d/steward.conf
readonly CONFIG_DIR=/etc/steward
readonly STATE_DIR=/var/lib/steward
readonly PRIVATE_STATE_DIR=/var/lib/private/steward

usage() {
    cat <<USAGE
Usage: $0 [--purge]

  --purge     also delete ${CONFIG_DIR}, ${STATE_DIR} and the steward user
  -h, --help  show this help
USAGE
}

say() { printf 'uninstall: %s\n' "$*"; }
die() { printf 'uninstall: error: %s\n' "$*" >&2; exit 1; }

purge=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --purge)
            purge=true
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

if [[ -d /run/systemd/system ]]; then
    if systemctl cat steward.service >/dev/null 2>&1; then
        say "stopping and disabling steward"
        systemctl disable --now steward.service
    fi
else
    say "systemd is not running as PID 1 here: nothing to stop"
fi

say "removing ${UNIT_PATH} and ${BIN_PATH}"
rm -f "${WANTS_LINK}" "${UNIT_PATH}" "${BIN_PATH}" "${BIN_PATH}.new"

if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl reset-failed steward.service >/dev/null 2>&1 || true
fi

if [[ ${purge} == true ]]; then
    say "purging ${CONFIG_DIR}, ${STATE_DIR} and the steward user"
    rm -rf "${CONFIG_DIR}" "${STATE_DIR}" "${PRIVATE_STATE_DIR}"
    rm -f "${SYSUSERS_PATH}"
    if getent passwd steward >/dev/null; then
        userdel steward
    fi
    if getent group steward >/dev/null; then
        groupdel steward
    fi
else
    say "kept ${CONFIG_DIR} (config, specs, credentials) and ${STATE_DIR} (status store); --purge deletes them"
fi
say "done"
