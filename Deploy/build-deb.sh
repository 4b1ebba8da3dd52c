#!/usr/bin/env bash
# Builds the Debian package steward_VERSION_amd64.deb: the release binary (Swift runtime linked
# statically), the unit (/lib/systemd/system/steward.service), the system user (sysusers), the
# example /etc/steward/steward.yaml as a conffile, and the folders the unit reads.
#
#   Deploy/build-deb.sh [--binary PATH] [--version VERSION] [--output DIR]
#
#   --binary PATH      package this steward executable (default: swift build -c release
#                      --static-swift-stdlib --scratch-path .build-release, as Deploy/install.sh)
#   --version VERSION  the package version (default: `steward --version` of the binary)
#   --output DIR       where the .deb goes (default: .build-deb)
#   --fast             gzip instead of xz (a larger file, built in a fraction of the time)
#
# Installing: dpkg -i steward_VERSION_amd64.deb; the service is enabled, not started (it needs
# specs and credentials first): systemctl start steward. An upgrade restarts a running service
# and keeps its state; `dpkg -r` keeps specs, credentials and state; only `dpkg -P` deletes them.
# Deploy/install.sh stays for distributions without dpkg.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf 'build-deb: %s\n' "$*"; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 1; }

binary=""
version=""
output="${here}/.build-deb"
compression=xz
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary) [[ $# -ge 2 ]] || die "--binary needs a path"; binary="$2"; shift 2 ;;
        --version) [[ $# -ge 2 ]] || die "--version needs a value"; version="$2"; shift 2 ;;
        --output) [[ $# -ge 2 ]] || die "--output needs a folder"; output="$2"; shift 2 ;;
        --fast) compression=gzip; shift ;;
        -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
done

if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh_installsysusers >/dev/null; then
    die "dpkg-buildpackage and debhelper 13 are missing: apt-get install debhelper (Deploy/dev/ensure-packages.sh does)"
fi

if [[ -z ${binary} ]]; then
    say "building the release binary"
    build=(swift build -c release --product steward --static-swift-stdlib --scratch-path .build-release)
    (cd "${here}" && "${build[@]}") >/dev/null
    binary="$(cd "${here}" && "${build[@]}" --show-bin-path)/steward"
fi
[[ -f ${binary} && -x ${binary} ]] || die "${binary} is not an executable file"
if [[ -z ${version} ]]; then
    version="$("${binary}" --version 2>/dev/null | awk '{print $NF}')"
fi
[[ ${version} =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "'${version}' is not a Debian version: pass --version"

stage="$(mktemp -d /tmp/steward-deb.XXXXXX)"
trap 'rm -rf "${stage}"' EXIT
source_dir="${stage}/steward-${version}"
mkdir -p "${source_dir}"
cp -r "${here}/Deploy/debian" "${source_dir}/debian"
rm -f "${source_dir}/debian/README.md"
install -m 0755 "${binary}" "${source_dir}/debian/steward-bin"
install -m 0644 "${here}/Config/steward.yaml" "${source_dir}/debian/steward.yaml"
install -m 0644 "${here}/Deploy/steward.sysusers" "${source_dir}/debian/steward.sysusers"
# One unit for both ways of installing: the package's binary is /usr/bin/steward.
sed -e 's#/usr/local/bin/steward#/usr/bin/steward#g' -e 's#Installed by Deploy/install.sh#Installed by the steward package#' \
    "${here}/Deploy/steward.service" >"${source_dir}/debian/steward.service"
grep -q '^ExecStart=/usr/bin/steward ' "${source_dir}/debian/steward.service" || die "the unit's ExecStart= was not rewritten"
cat >"${source_dir}/debian/changelog" <<CHANGELOG
steward (${version}) unstable; urgency=medium

  * Steward ${version}.

 -- Steward maintainers <steward@localhost>  $(date -R)
CHANGELOG

say "packaging ${binary} as version ${version}"
log="${stage}/build.log"
if ! (cd "${source_dir}" && STEWARD_DEB_COMPRESSION="${compression}" dpkg-buildpackage -b -us -uc) >"${log}" 2>&1; then
    tail -n 30 "${log}" >&2
    die "dpkg-buildpackage failed"
fi
mkdir -p "${output}"
deb="steward_${version}_amd64.deb"
mv "${stage}/${deb}" "${output}/${deb}"
say "${output}/${deb}"
