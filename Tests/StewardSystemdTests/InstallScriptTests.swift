import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `Deploy/install.sh` and `Deploy/uninstall.sh` run for real, as root, inside a private mount
/// namespace in which `/etc`, `/usr/local` and `/var/lib` are overlays whose changes land on a
/// tmpfs: the host sees none of it. systemd is not PID 1 there, so the scripts take their
/// "skip systemctl" path; starting the service is left to the end-to-end test under systemd.
@Suite struct InstallScriptTests {
    private static let script = #"""
        set -eu
        source_tree=$1
        work=$2
        mount -t tmpfs tmpfs "$work"
        for dir in /etc /usr/local /var/lib; do
            name=$(printf '%s' "$dir" | tr / _)
            mkdir -p "$work/upper$name" "$work/work$name"
            mount -t overlay overlay -o "lowerdir=$dir,upperdir=$work/upper$name,workdir=$work/work$name" "$dir"
        done
        fail() { echo "FAIL: $*"; exit 1; }
        mode_owner() { stat -c '%a %U:%G' "$1"; }
        printf '#!/bin/sh\necho one\n' > "$work/steward"; chmod 0755 "$work/steward"

        "$source_tree/Deploy/install.sh" --binary "$work/steward"
        [ "$(/usr/local/bin/steward)" = one ] || fail "binary not installed"
        cmp -s "$source_tree/Deploy/steward.service" /etc/systemd/system/steward.service || fail "unit not installed"
        getent passwd steward >/dev/null || fail "no steward user"
        [ "$(mode_owner /etc/steward)" = "755 root:root" ] || fail "/etc/steward: $(mode_owner /etc/steward)"
        [ "$(mode_owner /etc/steward/integrations.d)" = "750 root:steward" ] || fail "integrations.d: $(mode_owner /etc/steward/integrations.d)"
        [ "$(mode_owner /etc/steward/credentials)" = "700 root:root" ] || fail "credentials: $(mode_owner /etc/steward/credentials)"
        [ "$(mode_owner /etc/steward/steward.yaml)" = "640 root:steward" ] || fail "steward.yaml: $(mode_owner /etc/steward/steward.yaml)"
        cmp -s "$source_tree/Config/steward.yaml" /etc/steward/steward.yaml || fail "example config not copied"

        # Again, as an upgrade: new binary, edited config and a spec that must survive.
        printf '#!/bin/sh\necho two\n' > "$work/steward"
        echo "# edited" >> /etc/steward/steward.yaml
        echo "type: Redshift" > /etc/steward/integrations.d/analytics.yaml
        "$source_tree/Deploy/install.sh" --binary "$work/steward" --no-start
        [ "$(/usr/local/bin/steward)" = two ] || fail "binary not upgraded"
        grep -q '# edited' /etc/steward/steward.yaml || fail "edited config overwritten"
        [ -f /etc/steward/integrations.d/analytics.yaml ] || fail "spec lost"
        [ ! -e /usr/local/bin/steward.new ] || fail "temporary binary left behind"

        mkdir -p /var/lib/steward && touch /var/lib/steward/steward.sqlite
        "$source_tree/Deploy/uninstall.sh"
        [ ! -e /usr/local/bin/steward ] || fail "binary kept"
        [ ! -e /etc/systemd/system/steward.service ] || fail "unit kept"
        [ -f /etc/steward/integrations.d/analytics.yaml ] || fail "specs removed without --purge"
        [ -f /var/lib/steward/steward.sqlite ] || fail "state removed without --purge"
        "$source_tree/Deploy/uninstall.sh"

        "$source_tree/Deploy/uninstall.sh" --purge
        [ ! -e /etc/steward ] || fail "/etc/steward kept with --purge"
        [ ! -e /var/lib/steward ] || fail "/var/lib/steward kept with --purge"
        if getent passwd steward >/dev/null; then fail "user kept with --purge"; fi

        if "$source_tree/Deploy/install.sh" --bogus 2>/dev/null; then fail "unknown option accepted"; fi
        if "$source_tree/Deploy/install.sh" --binary /nonexistent 2>/dev/null; then fail "missing binary accepted"; fi
        echo "ALL OK"
        """#

    @Test func installUpgradeUninstallPurge() async throws {
        guard geteuid() == 0, let unshare = ChildProcess.which("unshare") else {
            try Test.cancel("needs root and unshare(1) for a private mount namespace")
        }
        // A source tree of its own, with an example config for the script to install.
        let tree = try TemporaryDirectory()
        let deploy = tree.url.appending(path: "Deploy", directoryHint: .isDirectory)
        try FileManager.default.copyItem(at: TestBinary.packageRoot.appending(path: "Deploy"), to: deploy)
        let config = tree.url.appending(path: "Config", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "resyncInterval: 10m\n".write(to: config.appending(path: "steward.yaml"), atomically: true, encoding: .utf8)

        let work = try TemporaryDirectory()
        let result = try await ChildProcess(
            executable: unshare,
            arguments: ["--mount", "--propagation", "private", "sh", "-c", Self.script, "sh", tree.path, work.path]
        ).run(timeout: .seconds(120))
        #expect(result.status == 0 && result.output.contains("ALL OK"), "\(result.output)")
    }
}
