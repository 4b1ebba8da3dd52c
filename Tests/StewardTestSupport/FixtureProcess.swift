import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A Python fixture from `Tests/Fixtures` run in the background that prints its port on stdout
/// once it listens (`fake_okta.py`, `moto_server.py`). Stopped by `stop()`, on deinit, and at
/// process exit; the scripts also exit by themselves when their parent does.
package final class FixtureProcess: Sendable {
    package let pid: pid_t
    package let port: Int
    /// Where its stdout and stderr go.
    package let outputPath: String
    private let stopped = Mutex(false)

    private init(pid: pid_t, port: Int, outputPath: String) {
        self.pid = pid
        self.port = port
        self.outputPath = outputPath
    }

    deinit { stop() }

    /// The path of a file in `Tests/Fixtures`.
    package static func fixturePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// Starts `python3 Tests/Fixtures/SCRIPT` with extra environment variables and waits until
    /// it prints its port.
    package static func start(script: String, environment: [String: String] = [:], in directory: TemporaryDirectory,
                             timeout: Duration = .seconds(60)) async throws -> FixtureProcess {
        let output = directory.file("\(script).out")
        let errors = directory.file("\(script).err")
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONUNBUFFERED"] = "1"
        variables.merge(environment) { $1 }
        let pid = try Subprocess.spawn("/usr/bin/env", ["python3", fixturePath(script)], stdout: output, stderr: errors,
                                       environment: variables)
        ChildProcessRegistry.register(pid)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = CloseOnExecFile.read(output) ?? ""
            if let line = text.split(separator: "\n").first, let port = Int(line.trimmingCharacters(in: .whitespaces)) {
                return FixtureProcess(pid: pid, port: port, outputPath: output)
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                ChildProcessRegistry.unregister(pid)
                let log = CloseOnExecFile.read(errors) ?? ""
                throw TestSupportError("\(script) exited (\(Subprocess.exitCode(status))) before listening:\n\(log.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        _ = Subprocess.wait(pid)
        ChildProcessRegistry.unregister(pid)
        throw TestSupportError("\(script) did not print its port within \(timeout)")
    }

    /// Ends the process (SIGTERM, then SIGKILL) and reaps it. Safe to call more than once.
    package func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<40 {
            if waitpid(pid, &status, WNOHANG) != 0 {
                ChildProcessRegistry.unregister(pid)
                return
            }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        ChildProcessRegistry.unregister(pid)
    }
}

/// Background children that must not outlive the test process: killed by an `atexit` handler.
enum ChildProcessRegistry {
    private static let pids = Mutex<Set<pid_t>>([])
    private static let handlerInstalled: Bool = {
        atexit { ChildProcessRegistry.killAll() }
        return true
    }()

    static func register(_ pid: pid_t) {
        _ = handlerInstalled
        pids.withLock { _ = $0.insert(pid) }
    }

    static func unregister(_ pid: pid_t) {
        pids.withLock { _ = $0.remove(pid) }
    }

    static func killAll() {
        for pid in pids.withLock({ $0 }) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
