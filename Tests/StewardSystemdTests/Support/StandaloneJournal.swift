import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A journald of its own for one test: `systemd-journald` started inside private PID and mount
/// namespaces with fresh tmpfs on `/run` and `/var/log/journal`, a command run beside it, and
/// then what arrived, read with `journalctl -o json` into a file of the host's.
///
/// The namespaces die with their first process, so nothing outlives the test, even when it is killed.
struct StandaloneJournal {
    static let journald = "/usr/lib/systemd/systemd-journald"

    /// Why this machine cannot run one, or nil when it can.
    static var unavailableReason: String? {
        if geteuid() != 0 { return "needs root to make mount namespaces" }
        if ChildProcess.which("unshare") == nil { return "unshare(1) is not installed" }
        if ChildProcess.which("journalctl") == nil { return "journalctl(1) is not installed" }
        if access(journald, X_OK) != 0 { return "\(journald) is not installed" }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `command` (with `environment`) next to a fresh journald, then returns the entries
    /// matching `match` (a `FIELD=value` journalctl filter), once at least `expected` arrived or
    /// after five seconds.
    func run(command: [String], environment: [String: String], match: String, expected: Int) async throws -> [[String: String]] {
        let directory = try TemporaryDirectory()
        let entries = directory.path + "/entries.json"
        let script = """
            set -u
            mount -t tmpfs -o mode=0755 tmpfs /run || exit 90
            if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal || exit 90; fi
            \(Self.journald) &
            tries=0
            while [ ! -S /run/systemd/journal/socket ]; do
                tries=$((tries + 1)); [ "$tries" -gt 200 ] && { echo "journald did not start"; exit 91; }
                sleep 0.05
            done
            "$@" || { echo "command failed with status $?"; exit 92; }
            tries=0
            while :; do
                journalctl -D /run/log/journal -o json --no-pager "\(match)" > "\(entries)"
                [ "$(wc -l < "\(entries)")" -ge \(expected) ] && break
                tries=$((tries + 1)); [ "$tries" -gt 50 ] && break
                sleep 0.1
            done
            """
        let result = try await ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private",
                        "sh", "-c", script, "sh"] + command,
            environment: environment
        ).run(timeout: .seconds(120))
        guard result.status == 0, !result.timedOut else {
            throw Failure(description: "standalone journal run failed (status \(result.status), timed out: \(result.timedOut)):\n\(result.output)")
        }
        let text = try String(contentsOfFile: entries, encoding: .utf8)
        return try text.split(separator: "\n").map { try Self.entry(from: Data($0.utf8)) }
    }

    /// One `journalctl -o json` line as field → value. journalctl writes a value as a string,
    /// as an array of byte values when it is not printable text, and as an array of those when
    /// a field occurs more than once (kept here as the values joined by a newline).
    private static func entry(from line: Data) throws -> [String: String] {
        guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(String(decoding: line, as: UTF8.self))")
        }
        return object.compactMapValues(text)
    }

    private static func text(_ value: Any) -> String? {
        switch value {
        case let string as String:
            return string
        case let bytes as [Int]:
            return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        case let values as [Any]:
            return values.compactMap(text).joined(separator: "\n")
        default:
            return nil
        }
    }
}
