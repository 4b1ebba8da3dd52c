import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with its output in files, killing it if it outlives a deadline,
/// so that no test leaves a process behind.
struct ChildProcess {
    struct Result {
        var status: Int32
        var output: String
        var timedOut: Bool
    }

    var executable: String
    var arguments: [String]
    var environment: [String: String]? = nil

    /// Runs the program. `whileRunning` is called about every 10 ms until it exits.
    func run(timeout: Duration = .seconds(120), whileRunning: () -> Void = {}) async throws -> Result {
        let directory = try TemporaryDirectory()
        let outputURL = directory.url.appending(path: "output")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let deadline = ContinuousClock.now.advanced(by: timeout)
        var timedOut = false
        while process.isRunning {
            whileRunning()
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                timedOut = true
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()
        whileRunning()
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: text, timedOut: timedOut)
    }

    /// The path of a program on `PATH`, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
