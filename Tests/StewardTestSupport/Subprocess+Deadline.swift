import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Subprocess {
    /// A finished run and how long it took from spawn to exit.
    package struct TimedResult: Sendable {
        package var result: Result
        package var duration: Duration
    }

    /// Runs a program like `run`, but never waits longer than `timeout`: a process still running
    /// then is killed and the call throws (a hang guard for commands that must answer).
    package static func run(_ path: String, _ arguments: [String], timeout: Duration) async throws -> TimedResult {
        let id = UUID().uuidString
        let outPath = NSTemporaryDirectory() + "steward-test-\(id).out"
        let errPath = NSTemporaryDirectory() + "steward-test-\(id).err"
        defer { unlink(outPath); unlink(errPath) }
        let clock = ContinuousClock()
        let started = clock.now
        let pid = try spawn(path, arguments, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now - started > timeout {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestSupportError("\(path) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let result = Result(status: exitCode(status),
                            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        return TimedResult(result: result, duration: clock.now - started)
    }
}
