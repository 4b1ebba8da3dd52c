import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `/proc/PID/...` says about a running process (Linux).
package enum ProcFiles {
    /// Peak resident set size (`VmHWM` in `/proc/PID/status`), in kibibytes.
    package static func peakResidentKiB(pid: pid_t) -> Int? {
        field("VmHWM", pid: pid)
    }

    /// Current resident set size (`VmRSS`), in kibibytes.
    package static func residentKiB(pid: pid_t) -> Int? {
        field("VmRSS", pid: pid)
    }

    /// The raw bytes of `/proc/PID/NAME` (`cmdline`, `environ`, ...), or nil when unreadable.
    /// Read to the end, not by the size `stat` reports (0 for these files).
    package static func contents(_ name: String, pid: pid_t) -> Data? {
        contents(atPath: "/proc/\(pid)/\(name)")
    }

    /// The raw bytes of any `/proc` file (`/proc/locks`, ...), read to the end. Foundation's
    /// `String(contentsOfFile:)` stops after the first page of these files (4,095 bytes of
    /// `/proc/locks`), which on a busy machine hides every line after it.
    package static func contents(atPath path: String) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    private static func field(_ name: String, pid: pid_t) -> Int? {
        guard let data = contents("status", pid: pid) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
