#!/usr/bin/env bash
# End-to-end test of steward.service under a real systemd (PID 1 of private namespaces).
#
#   sudo Deploy/dev/e2e-systemd.sh [--binary PATH]
#
# Boots the installed systemd as PID 1 of new PID, mount, UTS, IPC, network and cgroup
# namespaces on a throw-away overlay of / (Deploy/dev/e2e/boot-container.sh), with a target that
# starts nothing but journald. Inside, Deploy/install.sh installs the release binary, the unit and
# the steward user; the test then drives the service with systemctl and reads it with journalctl:
#
#   start            active, with a status line; the password comes from LoadCredential=
#   spec dropped in  the integration is enabled, its database exists on the server, and the
#                    journal has the transition with its STEWARD_* fields (and never the password)
#   reload           a rescan is logged and the config file is read again
#   stop             Result=success, exit status 0
#   watchdog         a wedged reconcile stops the pings; systemd kills the daemon
#                    (Result=watchdog) and restarts it (Restart=on-failure); the state survives
#   spec removed     the integration is deleted with the credential, its database dropped
#
# The warehouse is a PostgreSQL 15 in a temporary folder. It runs on the host (its files, its
# user, pg_ctl) but inside the container's network namespace (nsenter --net): the daemon reaches
# it on 127.0.0.1 as it would reach a local server, the test reaches it through its Unix socket,
# and nothing is bound on the host's network. That is why the port can be fixed: a fresh network
# namespace has every port free, and parallel runs cannot collide. The booted system keeps
# its own network namespace, so nothing in it can touch the host's interfaces.
#
# Needs root, unshare and overlayfs; without them it says so and exits 0. The last line is
# `e2e-systemd: N passed, M failed`; the exit status is non-zero on any failure. Everything
# (namespaces, mounts, the cgroup, the server, temporary files) is removed on exit, also after
# a failure or Ctrl-C.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly here
readonly target=steward-e2e.target
readonly pg_port=5439
readonly spec_name=analytics
readonly spec_database=e2e_analytics
readonly wedged_name=wedged
readonly inner_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

usage() {
    cat <<USAGE
Usage: $0 [--binary PATH]

  --binary PATH  test this steward executable instead of building one
                 (default: swift build -c release --product steward --static-swift-stdlib
                  -Xswiftc -DSTEWARD_FAULT_HOOKS --scratch-path .build-e2e: the production
                  build plus the test-only fault hook the watchdog check needs; a debug
                  build has the hook too)
  -h, --help     show this help
USAGE
}

binary=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary)
            [[ $# -ge 2 ]] || { usage >&2; exit 2; }
            binary="$2"
            shift 2
            ;;
        --binary=*)
            binary="${1#--binary=}"
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
done
if [[ -n ${binary} ]]; then
    binary="$(realpath -e "${binary}" 2>/dev/null || printf '%s' "${binary}")"
fi

say() { printf 'e2e-systemd: %s\n' "$*"; }
skip() {
    say "skipped: $*"
    exit 0
}

[[ ${EUID} -eq 0 ]] || skip "needs root (namespaces, mounts and a cgroup of its own)"
umask 022
# Nothing here reads the terminal; commands run under timeout(1) must not stop on it either.
exec </dev/null

# --- Can this machine boot a systemd in namespaces at all? ----------------------------------
if ! command -v unshare >/dev/null || ! command -v nsenter >/dev/null; then
    skip "unshare and nsenter (util-linux) are not installed"
fi
probe="$(mktemp -d /tmp/steward-e2e-probe.XXXXXX)"
# shellcheck disable=SC2016 # expanded by the inner shell
if ! unshare --pid --fork --kill-child --mount --propagation private --uts --ipc --net --cgroup \
    sh -c 'mount -t tmpfs tmpfs "$1" && mkdir "$1/u" "$1/w" "$1/m" &&
           mount -t overlay overlay -o "lowerdir=/,upperdir=$1/u,workdir=$1/w" "$1/m"' sh "${probe}" 2>/dev/null; then
    rmdir "${probe}"
    skip "cannot create namespaces or an overlay of / here (unshare or overlayfs unavailable)"
fi
rmdir "${probe}"
if [[ $(stat -fc %T /sys/fs/cgroup) == cgroup2fs ]]; then
    cgroup_root=/sys/fs/cgroup
elif [[ -d /sys/fs/cgroup/unified && $(stat -fc %T /sys/fs/cgroup/unified) == cgroup2fs ]]; then
    cgroup_root=/sys/fs/cgroup/unified
else
    skip "no cgroup2 hierarchy to give the booted systemd"
fi

# --- Bookkeeping and cleanup -----------------------------------------------------------------
started_at=""
passed=0
failed=0
work=""
cgroup=""
unshare_pid=""
pid1=""
pg_dir=""
pg_bin=""

pass() {
    passed=$((passed + 1))
    printf 'ok    %s\n' "$*"
}
fail() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$*"
}
# A failure after which the remaining steps make no sense.
abort() {
    fail "$*"
    exit 1
}

container_alive() { [[ -n ${unshare_pid} ]] && kill -0 "${unshare_pid}" 2>/dev/null; }

# inside_within SECONDS COMMAND…: runs COMMAND inside the booted system (all its namespaces, its
# root, a clean environment), killed after SECONDS.
inside_within() {
    local limit="$1"
    shift
    timeout "${limit}" nsenter -t "${pid1}" -a -- \
        env -i PATH="${inner_path}" LANG=C.UTF-8 SYSTEMD_PAGER=cat SYSTEMD_COLORS=0 "$@"
}
inside() { inside_within 120 "$@"; }

# The value of a property of steward.service.
prop() { inside_within 30 systemctl show -P "$1" steward.service 2>/dev/null || true; }

# poll SECONDS COMMAND…: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS.
poll() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

psql_admin() {
    psql -X -q -A -t -h "${pg_dir}" -p "${pg_port}" -U admin -d postgres -v ON_ERROR_STOP=1 -c "$1"
}

diagnose() {
    if [[ -n ${work} && -s ${work}/console.log ]]; then
        say "--- diagnostics: console (last 15 lines)"
        tail -n 15 "${work}/console.log" || true
    fi
    if [[ -n ${pg_dir} && -s ${pg_dir}/server.log ]]; then
        say "--- diagnostics: PostgreSQL log (last 10 lines)"
        tail -n 10 "${pg_dir}/server.log" || true
    fi
    container_alive && [[ -n ${pid1} ]] || return 0
    say "--- diagnostics: systemctl status steward"
    inside_within 10 systemctl status steward.service --no-pager -l 2>&1 | tail -n 25 || true
    say "--- diagnostics: failed units"
    inside_within 10 systemctl --failed --no-pager --no-legend 2>&1 || true
    say "--- diagnostics: journalctl -u steward (last 30)"
    inside_within 10 journalctl -u steward.service --no-pager -n 30 -o short-monotonic 2>&1 || true
}

cleanup() {
    local deadline
    if container_alive; then
        if [[ -n ${pid1} ]]; then
            inside_within 10 systemctl poweroff --no-block >/dev/null 2>&1 || true
        fi
        deadline=$((SECONDS + 20))
        while container_alive && ((SECONDS < deadline)); do sleep 0.2; done
        if container_alive; then
            # unshare --kill-child takes PID 1 with it; the kernel ends the rest of the namespace.
            if [[ -n ${pid1} ]]; then kill -KILL "${pid1}" 2>/dev/null || true; fi
            kill -KILL "${unshare_pid}" 2>/dev/null || true
        fi
    fi
    if [[ -n ${unshare_pid} ]]; then wait "${unshare_pid}" 2>/dev/null || true; fi
    if [[ -n ${pg_dir} && -f ${pg_dir}/data/postmaster.pid ]]; then
        (cd / && runuser -u postgres -- "${pg_bin}/pg_ctl" -D "${pg_dir}/data" -m immediate -w -t 30 stop >/dev/null 2>&1) || true
    fi
    if [[ -n ${cgroup} && -d ${cgroup} ]]; then
        deadline=$((SECONDS + 10))
        while [[ -n $(find "${cgroup}" -name cgroup.procs -exec cat {} + 2>/dev/null) ]] && ((SECONDS < deadline)); do
            sleep 0.2
        done
        find "${cgroup}" -depth -type d -exec rmdir {} + 2>/dev/null || true
        if [[ -d ${cgroup} ]]; then say "warning: could not remove the cgroup ${cgroup}"; fi
    fi
    if [[ -n ${work} ]]; then rm -rf "${work}"; fi
}

finish() {
    local status=$?
    trap - EXIT INT TERM
    if ((status != 0 && failed == 0)); then
        fail "the test stopped unexpectedly (exit status ${status})"
    fi
    if ((failed > 0)); then diagnose; fi
    cleanup
    if [[ -n ${started_at} ]]; then say "took $((SECONDS - started_at)) s after the build"; fi
    say "${passed} passed, ${failed} failed"
    if ((failed > 0)); then exit 1; fi
    exit 0
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- Packages and the binary --------------------------------------------------------------------
"${here}/Deploy/dev/ensure-packages.sh"
[[ -x /lib/systemd/systemd ]] || abort "/lib/systemd/systemd is missing (systemd)"
pg_bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"
[[ -n ${pg_bin} ]] || abort "PostgreSQL server binaries not found (postgresql-15)"

if [[ -z ${binary} ]]; then
    say "building the release binary"
    build=(swift build -c release --product steward --static-swift-stdlib -Xswiftc -DSTEWARD_FAULT_HOOKS --scratch-path .build-e2e)
    build_log="$(mktemp /tmp/steward-e2e-build.XXXXXX)"
    if ! (cd "${here}" && "${build[@]}") >"${build_log}" 2>&1; then
        tail -n 30 "${build_log}"
        rm -f "${build_log}"
        abort "the release build failed"
    fi
    rm -f "${build_log}"
    binary="$(cd "${here}" && "${build[@]}" --show-bin-path)/steward"
fi
[[ -f ${binary} && -x ${binary} ]] || abort "${binary} is not an executable file"
grep -q STEWARD_FAULT_WEDGE "${binary}" ||
    abort "${binary} has no fault hook (STEWARD_FAULT_WEDGE): use a debug build or build with -Xswiftc -DSTEWARD_FAULT_HOOKS"
started_at=${SECONDS}

work="$(mktemp -d /tmp/steward-e2e.XXXXXX)"
# PostgreSQL (user postgres) keeps its folder in here.
chmod 0711 "${work}"

# --- What goes into the booted system ---------------------------------------------------------
payload="${work}/payload"
src=/opt/steward-e2e/src
mkdir -p "${payload}${src}/Deploy" "${payload}${src}/Config" "${payload}/etc/systemd/system"
install -m 0755 "${binary}" "${payload}/opt/steward-e2e/steward"
# The Debian package of this binary, and a rebuilt one with a higher version for the upgrade.
deb_version="$("${binary}" --version | awk '{print $NF}')"
for version in "${deb_version}" "${deb_version}+upgrade"; do
    "${here}/Deploy/build-deb.sh" --fast --binary "${binary}" --version "${version}" --output "${payload}/opt/steward-e2e" >/dev/null \
        || abort "Deploy/build-deb.sh --version ${version} failed"
done
install -m 0755 "${here}/Deploy/install.sh" "${here}/Deploy/uninstall.sh" "${payload}${src}/Deploy/"
install -m 0644 "${here}/Deploy/steward.service" "${here}/Deploy/steward.sysusers" "${payload}${src}/Deploy/"
install -m 0644 "${here}/Config/steward.yaml" "${payload}${src}/Config/"
install -m 0644 "${here}/Deploy/dev/e2e/${target}" "${payload}/etc/systemd/system/"
: >"${work}/console.log"

# --- Boot -----------------------------------------------------------------------------------
cgroup="${cgroup_root}/steward-e2e-$$"
mkdir "${cgroup}"
(
    # Only the container goes into the cgroup; unshare --cgroup makes it the container's root.
    echo "${BASHPID}" >"${cgroup}/cgroup.procs"
    exec unshare --pid --fork --kill-child --mount --propagation private --uts --ipc --net --cgroup \
        "${here}/Deploy/dev/e2e/boot-container.sh" "${work}" "${target}"
) >>"${work}/console.log" 2>&1 &
unshare_pid=$!

find_pid1() {
    pid1="$(cut -d' ' -f1 "/proc/${unshare_pid}/task/${unshare_pid}/children" 2>/dev/null || true)"
    [[ -n ${pid1} && $(readlink "/proc/${pid1}/exe" 2>/dev/null) == */systemd ]]
}
poll 30 find_pid1 || abort "systemd did not start as PID 1"
state=""
booted() {
    container_alive || return 0
    state="$(inside_within 5 systemctl is-system-running 2>/dev/null || true)"
    [[ ${state} == running || ${state} == degraded ]]
}
if ! poll 60 booted || ! container_alive; then
    abort "the booted system is not up (is-system-running: ${state:-no answer})"
fi
pass "systemd booted ${target} as PID 1 in $((SECONDS - started_at)) s: ${state}"

# --- The warehouse, on the container's loopback ---------------------------------------------------
# systemd brings the loopback up as it boots (IFF_UP is bit 0 of the flags).
lo_flags="$(inside cat /sys/class/net/lo/flags 2>/dev/null || echo 0)"
(((lo_flags & 1) == 1)) || abort "the loopback of the booted system is down (flags ${lo_flags})"
pg_dir="${work}/postgres"
install -d -m 0700 -o postgres -g postgres "${pg_dir}"
password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
if ! (
    cd /
    umask 077
    printf '%s\n' "${password}" >"${pg_dir}/pwfile"
    chown postgres:postgres "${pg_dir}/pwfile"
    runuser -u postgres -- "${pg_bin}/initdb" -D "${pg_dir}/data" -U admin --pwfile="${pg_dir}/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"${pg_dir}/initdb.log" 2>&1
    rm -f "${pg_dir}/pwfile"
    printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' >"${pg_dir}/data/pg_hba.conf"
    chown postgres:postgres "${pg_dir}/data/pg_hba.conf"
    nsenter --net="/proc/${pid1}/ns/net" runuser -u postgres -- "${pg_bin}/pg_ctl" -D "${pg_dir}/data" \
        -l "${pg_dir}/server.log" -w -t 60 \
        -o "-p ${pg_port} -k ${pg_dir} -c listen_addresses=127.0.0.1 -c log_connections=on" start >/dev/null
); then
    abort "PostgreSQL did not start"
fi
pass "PostgreSQL $("${pg_bin}/postgres" --version | awk '{print $3}') listens on 127.0.0.1:${pg_port} in the booted system's network namespace"

# --- Install.sh, for distributions without dpkg: in, checked, and out again --------------------
if out="$(inside "${src}/Deploy/install.sh" --binary /opt/steward-e2e/steward --no-start 2>&1)"; then
    pass "Deploy/install.sh --binary … --no-start"
else
    printf '%s\n' "${out}"
    abort "Deploy/install.sh failed"
fi
# shellcheck disable=SC2016 # expanded by the inner shell
installed="$(inside sh -c 'getent passwd steward >/dev/null && stat -c "%a %U:%G" /etc/steward/integrations.d &&
    systemctl is-enabled steward.service' 2>&1 || true)"
if [[ ${installed} == $'750 root:steward\nenabled' ]]; then
    pass "install.sh: the steward user, the spec folder (0750 root:steward) and the enabled unit are in place"
else
    fail "install.sh left: ${installed}"
fi
if out="$(inside "${src}/Deploy/uninstall.sh" --purge 2>&1)"; then
    pass "Deploy/uninstall.sh --purge"
else
    printf '%s\n' "${out}"
    abort "Deploy/uninstall.sh --purge failed"
fi
# shellcheck disable=SC2016 # expanded by the inner shell
left="$(inside sh -c 'ls -d /usr/local/bin/steward /etc/systemd/system/steward.service /etc/steward /var/lib/steward 2>/dev/null;
    getent passwd steward' 2>&1 || true)"
if [[ -z ${left} ]]; then
    pass "uninstall.sh --purge left nothing behind (binary, unit, /etc/steward, /var/lib/steward, user)"
else
    fail "uninstall.sh --purge left: ${left}"
fi

# --- The Debian package ---------------------------------------------------------------------
# The booted system is an overlay of this machine, a container image whose policy-rc.d forbids
# every service action during package installation; a real host has none, and the package's
# restart on upgrade is part of what is tested.
inside rm -f /usr/sbin/policy-rc.d
deb="/opt/steward-e2e/steward_${deb_version}_amd64.deb"
if out="$(inside dpkg -i "${deb}" 2>&1)"; then
    pass "dpkg -i steward_${deb_version}_amd64.deb"
else
    printf '%s\n' "${out}"
    abort "dpkg -i ${deb} failed"
fi
# shellcheck disable=SC2016 # expanded by the inner shell
installed="$(inside sh -c 'dpkg-query -W -f="\${Status} \${Version}\n" steward && getent passwd steward >/dev/null &&
    stat -c "%a %U:%G" /etc/steward/integrations.d /etc/steward/credentials /etc/steward/steward.yaml &&
    systemctl is-enabled steward.service; systemctl is-active steward.service' 2>&1 || true)"
expected="install ok installed ${deb_version}"$'\n750 root:steward\n700 root:root\n640 root:steward\nenabled\ninactive'
if [[ ${installed} == "${expected}" ]]; then
    pass "the package made the steward user, the spec folder (0750 root:steward), credentials/ (0700), the conffile steward.yaml (0640 root:steward), and enabled the unit without starting it"
else
    fail "the package left: ${installed}"
fi
# The completions the package installs, loaded as bash-completion loads them.
# shellcheck disable=SC2016 # expanded by the inner shell
completed="$(inside bash -c 'ls /usr/share/zsh/vendor-completions/_steward /usr/share/fish/vendor_completions.d/steward.fish >/dev/null &&
    source /usr/share/bash-completion/completions/steward && COMP_WORDS=(steward "") && COMP_CWORD=1 &&
    COMP_LINE="steward " && COMP_POINT=8 && _steward && echo "${COMPREPLY[*]}"' 2>&1 || true)"
if [[ " ${completed} " == *" plan "* && " ${completed} " == *" access "* ]]; then
    pass "the package installed bash, zsh and fish completions; steward <TAB> offers: ${completed}"
else
    fail "completions: ${completed}"
fi

# The man page and the spec schema the package installs.
# shellcheck disable=SC2016 # expanded by the inner shell
documented="$(inside sh -c 'zcat /usr/share/man/man1/steward.1.gz | grep -c "^\.It Em \(run\|validate\|plan\|schema\)\$";
    steward schema | cmp - /usr/share/steward/spec.schema.json && echo same' 2>&1 || true)"
if [[ ${documented} == $'4\nsame' ]]; then
    pass "the package installed steward(1), which documents run, validate, plan and schema, and /usr/share/steward/spec.schema.json, identical to steward schema"
else
    fail "man page and schema: ${documented}"
fi

# The credential, and a drop-in that hands it to the service. The short watchdog makes missing
# pings show within the run.
printf '%s\n' "${password}" | inside sh -c 'umask 077 && cat >/etc/steward/credentials/pg-admin'
inside sh -c 'mkdir -p /etc/systemd/system/steward.service.d && cat >/etc/systemd/system/steward.service.d/e2e.conf' <<'DROPIN'
[Service]
LoadCredential=pg-admin:/etc/steward/credentials/pg-admin
WatchdogSec=5s
DROPIN
inside systemctl daemon-reload
if inside runuser -u steward -- cat /etc/steward/credentials/pg-admin >/dev/null 2>&1; then
    fail "the user steward can read /etc/steward/credentials/pg-admin itself"
else
    pass "the user steward cannot read /etc/steward/credentials/pg-admin: only systemd can hand it over"
fi

# --- Start ----------------------------------------------------------------------------------
if inside systemctl start steward.service; then
    pass "systemctl start steward"
else
    abort "systemctl start steward failed"
fi
active="$(prop ActiveState)/$(prop SubState)"
status_text="$(prop StatusText)"
if [[ ${active} == active/running ]]; then
    pass "ActiveState=active, SubState=running"
else
    fail "after start: ${active}"
fi
if [[ -n ${status_text} ]]; then
    pass "StatusText: ${status_text}"
else
    fail "StatusText is empty after start"
fi
main_pid="$(prop MainPID)"
user="$(inside stat -c %U "/proc/${main_pid}" 2>/dev/null || true)"
if [[ ${user} == steward ]]; then
    pass "the daemon runs as the user steward"
else
    fail "the daemon runs as '${user}'"
fi
if inside test -f /run/credentials/steward.service/pg-admin; then
    pass "systemd passed the credential pg-admin (/run/credentials/steward.service)"
else
    fail "no /run/credentials/steward.service/pg-admin"
fi
watchdog_at_start="$(prop WatchdogTimestampMonotonic)"

# --- A spec dropped into the folder ------------------------------------------------------------
# put_spec NAME < TEXT: written next to the folder's files and renamed into place, 0640 root:steward.
put_spec() {
    # shellcheck disable=SC2016 # expanded by the inner shell
    inside sh -c 'set -e; d=/etc/steward/integrations.d; t="$d/.$1.yaml.tmp"; umask 027; cat >"$t"
                  chown root:steward "$t"; chmod 0640 "$t"; mv -f "$t" "$d/$1.yaml"' sh "$1"
}
spec() { # spec NAME DATABASE
    cat <<SPEC
type: Redshift
autoBootstrap: true
config:
  host: 127.0.0.1
  port: ${pg_port}
  database: $2
  initialDatabase: postgres
  impersonation:
    enabled: true
    role: $2_impersonation
  authenticationType: userPassword
  username: admin
  passwordCredential: pg-admin
  sslMode: disable
  connectTimeout: 5
deletionPolicy: Delete
SPEC
}
get_record() { inside /usr/bin/steward get "$1" --state-dir /var/lib/steward 2>&1; }
integration_status() { get_record "$1" | sed -n 's/^  "status" : "\(.*\)",*$/\1/p' || true; }
# wait_status NAME STATUS SECONDS: stops early on an *Error status.
current=""
wait_status() {
    local deadline=$((SECONDS + $3))
    current=""
    while ((SECONDS < deadline)); do
        current="$(integration_status "$1")"
        [[ ${current} == "$2" ]] && return 0
        [[ ${current} == *Error && $2 != *Error ]] && return 1
        sleep 0.3
    done
    return 1
}
db_exists() { [[ $(psql_admin "SELECT count(*) FROM pg_database WHERE datname = '$1'") == 1 ]]; }
db_gone() { ! db_exists "$1"; }

spec "${spec_name}" "${spec_database}" | put_spec "${spec_name}"
spec_at=${SECONDS}
if wait_status "${spec_name}" enabled 60; then
    pass "steward get ${spec_name}: enabled $((SECONDS - spec_at)) s after the spec was dropped in"
else
    get_record "${spec_name}" | grep -E '"(status|lastError)"' || true
    abort "${spec_name} did not become enabled within 60 s (status: ${current:-none})"
fi
record="$(get_record "${spec_name}")"
if grep -qF '"passwordCredential" : "pg-admin"' <<<"${record}" && ! grep -qF "${password}" <<<"${record}"; then
    pass "the record refers to passwordCredential pg-admin and holds no password"
else
    fail "the record does not show passwordCredential pg-admin, or shows the password"
fi
if db_exists "${spec_database}"; then
    pass "database ${spec_database} exists on the server"
else
    fail "database ${spec_database} is missing on the server"
fi
if grep -q 'connection authorized: user=admin' "${pg_dir}/server.log"; then
    pass "the server let admin in by password (scram-sha-256 on 127.0.0.1): the credential was used"
else
    fail "no password login of admin in the server log"
fi
status_follows() { [[ $(prop StatusText) == *"1 enabled"* ]]; }
if poll 10 status_follows; then
    pass "StatusText follows: $(prop StatusText)"
else
    fail "StatusText does not count the enabled integration: $(prop StatusText)"
fi

# --- The journal ----------------------------------------------------------------------------
transition_logged() {
    inside journalctl -q -u steward.service -o json --no-pager |
        grep -F "\"STEWARD_INTEGRATION\":\"${spec_name}\"" | grep -F '"STEWARD_STATUS":"enabled"' |
        grep -F '"STEWARD_EVENT":"transition"' | grep -F '"STEWARD_INTEGRATION_ID":"' >/dev/null
}
if poll 10 transition_logged; then
    pass "journalctl -u steward -o json: STEWARD_INTEGRATION=${spec_name} STEWARD_STATUS=enabled STEWARD_EVENT=transition, with STEWARD_INTEGRATION_ID"
else
    fail "no entry with STEWARD_INTEGRATION=${spec_name}, STEWARD_STATUS=enabled, STEWARD_EVENT=transition"
fi
by_name="$(inside journalctl -q -u steward.service "STEWARD_INTEGRATION=${spec_name}" -o json --no-pager || true)"
if [[ -n ${by_name} ]] && ! grep -vqF "\"STEWARD_INTEGRATION\":\"${spec_name}\"" <<<"${by_name}"; then
    pass "journalctl -u steward STEWARD_INTEGRATION=${spec_name}: $(wc -l <<<"${by_name}") entries, all about ${spec_name}"
else
    fail "journalctl -u steward STEWARD_INTEGRATION=${spec_name} returned nothing, or other entries"
fi

# --- Reload ---------------------------------------------------------------------------------
count_entries() { inside journalctl -q -u steward.service "$@" -o json --no-pager | wc -l; }
reloads_before="$(count_entries STEWARD_EVENT=reload)"
rescans_before="$(count_entries STEWARD_EVENT=rescan STEWARD_REASON=reload)"
inside systemctl reload steward.service || fail "systemctl reload steward failed"
# systemctl reload returns when ExecReload= has sent SIGHUP, before the daemon is ready again.
reloaded() {
    (($(count_entries STEWARD_EVENT=rescan STEWARD_REASON=reload) > rescans_before)) &&
        [[ $(prop ActiveState) == active ]]
}
if poll 20 reloaded; then
    pass "systemctl reload steward: a rescan is logged (STEWARD_EVENT=rescan STEWARD_REASON=reload), active again"
else
    fail "no rescan after systemctl reload (ActiveState=$(prop ActiveState))"
fi
if (($(count_entries STEWARD_EVENT=reload) > reloads_before)); then
    pass "the reload is logged (STEWARD_EVENT=reload)"
else
    fail "no STEWARD_EVENT=reload entry after systemctl reload"
fi

# The config file is read again on reload: a broken one is reported, the daemon keeps running.
inside cp -p /etc/steward/steward.yaml /etc/steward/steward.yaml.good
inside sh -c 'printf "workers: many\n" >/etc/steward/steward.yaml'
config_errors() { count_entries STEWARD_EVENT=reload PRIORITY=3; }
errors_before="$(config_errors)"
inside systemctl reload steward.service || fail "systemctl reload steward failed"
config_reported() { (($(config_errors) > errors_before)) && [[ $(prop ActiveState) == active ]]; }
if poll 20 config_reported; then
    pass "reload reads /etc/steward/steward.yaml again: a broken file is reported, the daemon stays active"
else
    fail "a broken /etc/steward/steward.yaml was not reported on reload"
fi
inside mv -f /etc/steward/steward.yaml.good /etc/steward/steward.yaml
if [[ $(integration_status "${spec_name}") == enabled ]]; then
    pass "${spec_name} is still enabled after the rescans"
else
    fail "${spec_name} is $(integration_status "${spec_name}") after the rescans"
fi

# The daemon pings the watchdog while it works (WatchdogSec=5s: every 2.5 s).
pinged() { [[ $(prop WatchdogTimestampMonotonic) != "${watchdog_at_start}" ]]; }
if poll 10 pinged; then
    pass "the daemon pings the watchdog (WatchdogTimestamp moves)"
else
    fail "no watchdog ping within 10 s (WatchdogTimestampMonotonic=$(prop WatchdogTimestampMonotonic))"
fi

# --- Stop -----------------------------------------------------------------------------------
inside systemctl stop steward.service || fail "systemctl stop steward failed"
stopped="$(prop ActiveState) Result=$(prop Result) ExecMainStatus=$(prop ExecMainStatus)"
if [[ ${stopped} == "inactive Result=success ExecMainStatus=0" ]]; then
    pass "systemctl stop steward: ${stopped}"
else
    fail "after stop: ${stopped}"
fi

# --- Watchdog: a wedged reconcile -----------------------------------------------------------
# The test-only fault hook wedges the worker that picks ${wedged_name}; after --stall-limit the
# daemon stops pinging and systemd must kill it (SIGABRT). SWIFT_BACKTRACE=enable=no: a binary
# linked against the toolchain's runtime (a debug build) would otherwise symbolicate a backtrace
# before dying, minutes on a busy machine (seen: still deactivating 35 s after the kill); the
# production build (static runtime) dies at once with or without it.
exec_start="$(inside grep -m1 '^ExecStart=' "$(prop FragmentPath)")"
inside sh -c 'cat >/etc/systemd/system/steward.service.d/wedge.conf' <<WEDGE
[Service]
Environment=STEWARD_FAULT_WEDGE=${wedged_name} SWIFT_BACKTRACE=enable=no
WatchdogSec=4s
LimitCORE=0
ExecStart=
${exec_start} --stall-limit 2s
WEDGE
inside systemctl daemon-reload
inside systemctl start steward.service || abort "systemctl start steward (with the fault hook) failed"
if [[ $(prop ActiveState) == active ]]; then
    pass "started again with STEWARD_FAULT_WEDGE=${wedged_name}, WatchdogSec=4s, --stall-limit 2s"
else
    fail "not active with the fault hook: $(prop ActiveState)"
fi
restarts_before="$(prop NRestarts)"
spec "${wedged_name}" e2e_wedged | put_spec "${wedged_name}"
wedge_at=${SECONDS}
killed() { [[ $(prop Result) == watchdog ]]; }
if poll 30 killed; then
    pass "the wedged reconcile stopped the pings: Result=watchdog after $((SECONDS - wedge_at)) s"
else
    fail "no watchdog kill within 30 s (Result=$(prop Result), ActiveState=$(prop ActiveState))"
fi
wedged_logged() {
    inside journalctl -q -u steward.service STEWARD_EVENT=wedged -o json --no-pager |
        grep -F "\"STEWARD_INTEGRATION\":\"${wedged_name}\"" >/dev/null
}
if poll 5 wedged_logged; then
    pass "the journal says why (STEWARD_EVENT=wedged STEWARD_INTEGRATION=${wedged_name})"
else
    fail "no STEWARD_EVENT=wedged entry for ${wedged_name}"
fi

# Restart=on-failure brings it back; without the fault hook it stays up.
inside rm -f "/etc/steward/integrations.d/${wedged_name}.yaml" /etc/systemd/system/steward.service.d/wedge.conf
inside systemctl daemon-reload
restarted() { (($(prop NRestarts) > restarts_before)) && [[ $(prop ActiveState) == active ]]; }
if poll 30 restarted; then
    pass "Restart=on-failure restarted it: NRestarts=$(prop NRestarts), active"
else
    fail "not restarted after the watchdog kill (NRestarts=$(prop NRestarts), ActiveState=$(prop ActiveState))"
fi
if [[ $(integration_status "${spec_name}") == enabled ]]; then
    pass "${spec_name} is still enabled after the restart"
else
    fail "${spec_name} is $(integration_status "${spec_name}") after the restart"
fi

# --- Upgrade: a rebuilt package restarts the running service and keeps its state --------------
pid_before="$(prop MainPID)"
if out="$(inside dpkg -i "/opt/steward-e2e/steward_${deb_version}+upgrade_amd64.deb" 2>&1)"; then
    pass "dpkg -i steward_${deb_version}+upgrade_amd64.deb (an upgrade)"
else
    printf '%s\n' "${out}"
    fail "the upgrade failed"
fi
upgraded() { [[ $(prop ActiveState) == active && $(prop MainPID) != "${pid_before}" && $(prop MainPID) != 0 ]]; }
# shellcheck disable=SC2016 # a dpkg-query format, not a shell expansion
if poll 30 upgraded && [[ $(inside dpkg-query -W -f='${Version}' steward) == "${deb_version}+upgrade" ]]; then
    pass "the upgrade restarted the running service (MainPID ${pid_before} → $(prop MainPID)) and it is active"
else
    fail "after the upgrade: ActiveState=$(prop ActiveState) MainPID=$(prop MainPID) (was ${pid_before})"
fi
if wait_status "${spec_name}" enabled 30; then
    pass "${spec_name} is still enabled after the upgrade: the state was kept"
else
    fail "${spec_name} is ${current:-unknown} after the upgrade"
fi

# --- Removing the spec deletes the integration, with the credential ---------------------------
inside rm -f "/etc/steward/integrations.d/${spec_name}.yaml"
if wait_status "${spec_name}" deleted 60; then
    pass "spec removed: ${spec_name} is deleted"
else
    fail "${spec_name} is ${current:-unknown}, not deleted, 60 s after its spec was removed"
fi
if poll 5 db_gone "${spec_database}"; then
    pass "database ${spec_database} is dropped on the server"
else
    fail "database ${spec_database} is still on the server"
fi

# --- What the journal must not hold -----------------------------------------------------------
leaks="$(inside journalctl -q -o json --no-pager | grep -cF "${password}" || true)"
if [[ ${leaks} == 0 ]]; then
    pass "the password appears nowhere in the journal"
else
    fail "the password appears in ${leaks} journal entries"
fi
# Everything the daemon wrote went through its journal handler: no stray lines on stderr or
# syslog (such as a runtime complaining about a system call the unit forbids). One line is
# expected from every unprivileged Swift process: libdispatch may not raise the priority of a
# worker thread (EACCES without CAP_SYS_NICE).
stray="$(inside journalctl -q -u steward.service _COMM=steward -o json --no-pager | grep -vF '"STEWARD_LOGGER":' |
    grep -vE '"MESSAGE":"Failed to set thread priority for worker thread: pqc=0x[0-9a-f]+ errno=13"' || true)"
if [[ -z ${stray} ]]; then
    pass "every journal entry of the daemon is structured (STEWARD_LOGGER): no stray output"
else
    fail "the daemon wrote $(wc -l <<<"${stray}") unstructured journal entries:"
    sed -n 's/.*"MESSAGE":"\([^"]*\)".*/    \1/p' <<<"${stray}" | sort | uniq -c | sed -n 1,5p
fi

# --- Final stop and power off ---------------------------------------------------------------
inside systemctl stop steward.service || fail "systemctl stop steward failed"
stopped="$(prop ActiveState) Result=$(prop Result) ExecMainStatus=$(prop ExecMainStatus)"
if [[ ${stopped} == "inactive Result=success ExecMainStatus=0" ]]; then
    pass "systemctl stop steward: ${stopped}"
else
    fail "after the final stop: ${stopped}"
fi

# --- Removing the package keeps specs, credentials and state; purging deletes them ----------------
inside sh -c 'echo "# an operator spec" >/etc/steward/integrations.d/kept.yaml'
if out="$(inside dpkg -r steward 2>&1)"; then
    pass "dpkg -r steward"
else
    printf '%s\n' "${out}"
    fail "dpkg -r steward failed"
fi
# shellcheck disable=SC2016 # expanded by the inner shell
removed="$(inside sh -c 'ls /usr/bin/steward /lib/systemd/system/steward.service 2>/dev/null; ls -d /var/lib/steward/steward.sqlite \
    /etc/steward/integrations.d/kept.yaml /etc/steward/credentials/pg-admin /etc/steward/steward.yaml' 2>&1 || true)"
# (ls prints in sorted order.)
if [[ ${removed} == $'/etc/steward/credentials/pg-admin\n/etc/steward/integrations.d/kept.yaml\n/etc/steward/steward.yaml\n/var/lib/steward/steward.sqlite' ]]; then
    pass "dpkg -r removed the binary and the unit, and kept the state, the specs, the credentials and steward.yaml"
else
    fail "after dpkg -r: ${removed}"
fi
if out="$(inside dpkg -P steward 2>&1)"; then
    pass "dpkg -P steward"
else
    printf '%s\n' "${out}"
    fail "dpkg -P steward failed"
fi
purged="$(inside sh -c 'ls -d /var/lib/steward /etc/steward 2>/dev/null; dpkg-query -W steward 2>/dev/null' 2>&1 || true)"
if [[ -z ${purged} ]]; then
    pass "dpkg -P deleted /var/lib/steward and /etc/steward, and the package is gone"
else
    fail "after dpkg -P: ${purged}"
fi

inside_within 10 systemctl poweroff --no-block >/dev/null 2>&1 || true
gone() { ! container_alive; }
if poll 30 gone; then
    pass "systemctl poweroff: the booted system is gone"
else
    fail "the booted system did not power off within 30 s"
fi
