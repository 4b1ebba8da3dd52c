import Foundation
import Testing

/// The install and uninstall scripts parse, and pass shellcheck where it is installed.
@Suite struct DeployScriptTests {
    static let scripts = ["install.sh", "uninstall.sh", "build-deb.sh", "debian/steward.postinst", "debian/steward.postrm"]
        .map { TestBinary.packageRoot.appending(path: "Deploy/\($0)").path }

    @Test(arguments: scripts)
    func bashParses(script: String) async throws {
        let result = try await ChildProcess(executable: "/bin/bash", arguments: ["-n", script]).run(timeout: .seconds(30))
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.isExecutableFile(atPath: script))
    }

    @Test(arguments: scripts)
    func shellcheckClean(script: String) async throws {
        guard let shellcheck = ChildProcess.which("shellcheck") else {
            try Test.cancel("shellcheck is not installed")
        }
        let result = try await ChildProcess(executable: shellcheck, arguments: ["--severity=style", script]).run(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.output)")
    }
}
