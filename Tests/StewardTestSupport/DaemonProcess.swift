import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `steward run` process for tests: started in the background with its output in files, and
/// helpers to wait for an integration to reach a status (polling `steward get`, never sleeping a
/// fixed time and asserting).
public final class DaemonProcess: Sendable {
    public let pid: pid_t
    public let specDirectory: String
    public let stateDirectory: String
    public let logPath: String

    public init(specDirectory: String, stateDirectory: String, extraArguments: [String] = [],
                environment: [String: String]? = nil) throws {
        self.specDirectory = specDirectory
        self.stateDirectory = stateDirectory
        self.logPath = stateDirectory + ".log"
        let arguments = ["run", "--spec-dir", specDirectory, "--state-dir", stateDirectory,
                         "--resync-interval", "1h", "--backoff-base", "200ms", "--backoff-cap", "2s", "--log-level", "debug"] + extraArguments
        pid = try Self.spawn(Subprocess.stewardPath, arguments, output: logPath, environment: environment)
    }

    /// A test that fails before stopping its daemon must not leave it running.
    deinit {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }

    static func spawn(_ path: String, _ arguments: [String], output: String, environment: [String: String]?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs = ([path] + arguments).map { strdup($0) }
        defer { cArgs.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cEnv = env.map { strdup($0) }
        defer { cEnv.forEach { free($0) } }
        var argv: [UnsafeMutablePointer<CChar>?] = cArgs + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = cEnv + [nil]
        var pid: pid_t = 0
        let result = argv.withUnsafeMutableBufferPointer { a in
            envp.withUnsafeMutableBufferPointer { e in
                // Both arrays hold at least the terminating nil, so their base addresses exist.
                posix_spawn(&pid, path, &actions, nil, a.baseAddress!, e.baseAddress!)
            }
        }
        guard result == 0 else { throw TestSupportError("could not start \(path): errno \(result)") }
        return pid
    }

    /// Starts a helper program (a fault fixture) in the background and returns its pid.
    public static func spawnHelper(_ path: String, _ arguments: [String], output: String) throws -> pid_t {
        try spawn(path, arguments, output: output, environment: nil)
    }

    /// Sends a signal.
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the process to exit and returns its exit status (or 128 + signal).
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("steward (pid \(pid)) did not exit within \(timeout); log:\n\(log)")
    }

    /// Stops the daemon with SIGTERM and waits.
    @discardableResult
    public func stop() async throws -> Int32 {
        signal(SIGTERM)
        return try await wait()
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `steward get NAME` as JSON, or nil when there is no such integration yet.
    public func get(_ name: String) throws -> [String: Any]? {
        let result = try Subprocess.steward(["get", name, "--state-dir", stateDirectory])
        guard result.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    /// Polls until `name` has `status` (and `condition` holds), or fails after `timeout`.
    @discardableResult
    public func waitFor(_ name: String, status: String, timeout: Duration = .seconds(45),
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
