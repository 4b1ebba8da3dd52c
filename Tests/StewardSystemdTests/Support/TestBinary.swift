import Foundation

/// Re-running this test binary for a single probe test, in a process of its own whose
/// environment (or namespaces) the probe needs and the shared test process must not change.
enum TestBinary {
    /// This executable (`/proc/self/exe` resolved).
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Arguments that run only the probe test `name` of ``SystemdProbes``.
    static func probeArguments(_ name: String) -> [String] {
        ["--testing-library", "swift-testing", "--filter", "SystemdProbes/\(name)"]
    }

    /// The process environment without anything systemd may have passed to this test process.
    static var cleanEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", ProbeEnvironment.notify, ProbeEnvironment.journal] {
            environment[key] = nil
        }
        return environment
    }

    /// The package's root directory (three levels above this file).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// Environment variables that switch the probe tests on in a child process.
enum ProbeEnvironment {
    /// Set to `send` or `silent`: run the notify probe.
    static let notify = "STEWARD_TEST_NOTIFY_PROBE"
    /// Set to a run identifier: run the journal probe, tagging entries with it.
    static let journal = "STEWARD_TEST_JOURNAL_PROBE"

    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }
}
