import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion (posix_spawn + waitpid), capturing stdout and stderr in files.
package enum Subprocess {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// The `steward` binary built beside the test bundle.
    package static var stewardPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("steward").path,
                          bundle.deletingLastPathComponent().appendingPathComponent("steward").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    package static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let id = UUID().uuidString
        let outPath = NSTemporaryDirectory() + "steward-test-\(id).out"
        let errPath = NSTemporaryDirectory() + "steward-test-\(id).err"
        defer { unlink(outPath); unlink(errPath) }
        let pid = try spawn(path, arguments, stdout: outPath, stderr: errPath, environment: environment)
        return Result(status: wait(pid),
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts `path` with stdin from /dev/null and stdout/stderr appended to files (stderr to the
    /// stdout file when nil). posix_spawn, not Foundation's Process, whose exit detection can
    /// miss a child whose own child (a server) lives on.
    package static func spawn(_ path: String, _ arguments: [String], stdout: String, stderr: String? = nil,
                             environment: [String: String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        let cArgs = ([path] + arguments).map { strdup($0) }
        defer { cArgs.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cEnv = env.map { strdup($0) }
        defer { cEnv.forEach { free($0) } }
        var argv: [UnsafeMutablePointer<CChar>?] = cArgs + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = cEnv + [nil]
        // The child starts as from a shell: no signal blocked, every signal at its default action
        // (test runner threads block some, and a blocked SIGUSR1 never reaches a fault fixture).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = argv.withUnsafeMutableBufferPointer { a in
            envp.withUnsafeMutableBufferPointer { e in
                // Both arrays hold at least the terminating nil, so their base addresses exist.
                posix_spawn(&pid, path, &actions, &attributes, a.baseAddress!, e.baseAddress!)
            }
        }
        guard result == 0 else { throw TestSupportError("could not start \(path): errno \(result)") }
        return pid
    }

    /// Waits for `pid` and returns its exit code (128 + signal when killed).
    package static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return exitCode(status)
    }

    static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `steward` with the given arguments.
    package static func steward(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        try run(stewardPath, arguments, environment: environment)
    }
}

/// A fresh temporary directory, removed by `remove()`.
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(_ prefix: String = "steward-test") throws {
        var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp failed") }
        path = String(cString: made)
    }

    package init(existingPath: String) {
        path = existingPath
    }

    package func file(_ name: String) -> String { path + "/" + name }

    package func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    package func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Every byte of every regular file below this directory (for leak checks).
    package func allFileContents(excluding excluded: [String] = []) -> [(String, Data)] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var result: [(String, Data)] = []
        for case let relative as String in enumerator {
            if excluded.contains(where: { relative.hasPrefix($0) }) { continue }
            let full = file(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
               let data = FileManager.default.contents(atPath: full) {
                result.append((relative, data))
            }
        }
        return result
    }
}
