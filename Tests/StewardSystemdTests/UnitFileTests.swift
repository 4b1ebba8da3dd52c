import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `Deploy/steward.service` as systemd judges it.
///
/// `systemd-analyze verify` checks that `ExecStart=` names an existing executable, and
/// `/usr/local/bin/steward` exists only once Steward is installed. So the unit is verified
/// verbatim inside a private mount namespace in which a tmpfs on `/usr/local/bin` holds a stub
/// `steward`. Without root (no namespaces) a copy whose `ExecStart=` names `/bin/true` is
/// verified instead, which checks everything else.
@Suite struct UnitFileTests {
    private static let unit = TestBinary.packageRoot.appending(path: "Deploy/steward.service").path

    private static var analyze: String? { ChildProcess.which("systemd-analyze") }

    @Test func verifyPrintsNothing() async throws {
        guard let analyze = Self.analyze else { try Test.cancel("systemd-analyze is not installed") }
        let result: ChildProcess.Result
        if geteuid() == 0, let unshare = ChildProcess.which("unshare") {
            let script = """
                mount -t tmpfs -o mode=0755 tmpfs /usr/local/bin || exit 90
                printf '#!/bin/sh\\nexit 0\\n' > /usr/local/bin/steward && chmod 0755 /usr/local/bin/steward || exit 91
                exec "$1" verify --man=no "$2"
                """
            result = try await ChildProcess(
                executable: unshare,
                arguments: ["--mount", "--propagation", "private", "sh", "-c", script, "sh", analyze, Self.unit]
            ).run(timeout: .seconds(60))
        } else {
            let directory = try TemporaryDirectory()
            let copy = directory.path + "/steward.service"
            let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
                .replacingOccurrences(of: "ExecStart=/usr/local/bin/steward ", with: "ExecStart=/bin/true ")
            try text.write(toFile: copy, atomically: true, encoding: .utf8)
            result = try await ChildProcess(executable: analyze, arguments: ["verify", "--man=no", copy]).run(timeout: .seconds(60))
        }
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "systemd-analyze verify printed:\n\(result.output)")
    }

    @Test func securityExposureIsAtMostOnePointFive() async throws {
        guard let analyze = Self.analyze else { try Test.cancel("systemd-analyze is not installed") }
        let result = try await ChildProcess(
            executable: analyze,
            arguments: ["security", "--offline=true", "--threshold=15", "--no-pager", Self.unit],
            environment: ["SYSTEMD_COLORS": "0", "PATH": "/usr/bin:/bin"]
        ).run(timeout: .seconds(60))
        let overall = result.output.split(separator: "\n").first { $0.contains("Overall exposure level") }
        print("steward.service: \(overall.map(String.init) ?? "no overall exposure line")")
        #expect(result.status == 0, "exposure above 1.5:\n\(result.output)")

        let score = try #require(overall?.firstMatch(of: /: (\d+\.\d+)\s/).flatMap { Double($0.output.1) })
        #expect(score <= 1.5)
    }

    @Test func unitKeepsItsPromises() throws {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        let settings = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        for line in [
            "Type=notify",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "WatchdogSec=30s",
            "Restart=on-failure",
            "StateDirectory=steward",
            "StateDirectoryMode=0700",
            "ConfigurationDirectory=steward",
            "UMask=0077",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
        ] {
            #expect(settings.contains(line), "missing \(line)")
        }
        #expect(text.contains("#LoadCredential=redshift-admin:"))
    }
}
