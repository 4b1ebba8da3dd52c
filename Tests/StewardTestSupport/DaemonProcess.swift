import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `steward run` process for tests: started in the background with its output in files, and
/// helpers to wait for an integration to reach a status (polling `steward get`, never sleeping a
/// fixed time and asserting).
package final class DaemonProcess: Sendable {
    package let pid: pid_t
    package let specDirectory: String
    package let stateDirectory: String
    package let logPath: String
    /// The daemon config file (`--config`), if it was started with one.
    package let configFile: String?
    /// What the reading commands (`get`, `list`, `status`, `history`) are given to find the
    /// daemon's store: its config file when it has one (a shared store), else its state directory.
    package var readArguments: [String] {
        configFile.map { ["--config", $0] } ?? ["--state-dir", stateDirectory]
    }

    /// Starts `steward run`. With `configFile`, the daemon also gets `--config FILE` (the flags
    /// given here still win over the file's settings).
    package init(specDirectory: String, stateDirectory: String, extraArguments: [String] = [],
                environment: [String: String]? = nil, configFile: String? = nil) throws {
        self.specDirectory = specDirectory
        self.stateDirectory = stateDirectory
        self.logPath = stateDirectory + ".log"
        self.configFile = configFile
        let arguments = ["run", "--spec-dir", specDirectory, "--state-dir", stateDirectory,
                         "--resync-interval", "1h", "--backoff-base", "200ms", "--backoff-cap", "2s", "--log-level", "debug"]
            // A test's own grace period replaces the default (an option given twice keeps the first).
            + (extraArguments.contains("--removal-grace") ? [] : ["--removal-grace", "2s"]) + extraArguments
            + (configFile.map { ["--config", $0] } ?? [])
        pid = try Subprocess.spawn(Subprocess.stewardPath, arguments, stdout: logPath, environment: environment)
    }

    /// A test that fails before stopping its daemon must not leave it running.
    deinit {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }

    /// Starts a helper program (a fault fixture) in the background and returns its pid.
    package static func spawnHelper(_ path: String, _ arguments: [String], output: String) throws -> pid_t {
        try Subprocess.spawn(path, arguments, stdout: output)
    }

    /// Sends a signal.
    package func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the process to exit and returns its exit status (or 128 + signal).
    @discardableResult
    package func wait(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return Subprocess.exitCode(status) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("steward (pid \(pid)) did not exit within \(timeout); log:\n\(log)")
    }

    /// Stops the daemon with SIGTERM and waits.
    @discardableResult
    package func stop() async throws -> Int32 {
        signal(SIGTERM)
        return try await wait()
    }

    package var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `steward get NAME` as JSON, or nil when there is no such integration yet.
    package func get(_ name: String) throws -> [String: Any]? {
        let result = try Subprocess.steward(["get", name] + (configFile == nil ? [] : ["-o", "json"]) + readArguments)
        guard result.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    /// Polls until `name` has `status` (and `condition` holds), or fails after `timeout`.
    @discardableResult
    package func waitFor(_ name: String, status: String, timeout: Duration = .seconds(45),
                        where condition: ([String: Any]) -> Bool = { _ in true }) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any]?
        while ContinuousClock.now < deadline {
            if let view = try get(name) {
                last = view
                if view["status"] as? String == status && condition(view) { return view }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(name) did not reach \(status) within \(timeout); last: \(String(describing: last?["status"])) \(String(describing: last?["lastError"]))\nlog:\n\(log.suffix(4000))")
    }
}
