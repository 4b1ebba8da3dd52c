import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion (posix_spawn + waitpid), capturing stdout and stderr in files.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `steward` binary built beside the test bundle.
    public static var stewardPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("steward").path,
                          bundle.deletingLastPathComponent().appendingPathComponent("steward").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let id = UUID().uuidString
        let outPath = NSTemporaryDirectory() + "steward-test-\(id).out"
        let errPath = NSTemporaryDirectory() + "steward-test-\(id).err"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [path] + arguments
        let cArgs = argv.map { strdup($0) }
        defer { cArgs.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cEnv = env.map { strdup($0) }
        defer { cEnv.forEach { free($0) } }
        var argvPointers: [UnsafeMutablePointer<CChar>?] = cArgs + [nil]
        var envPointers: [UnsafeMutablePointer<CChar>?] = cEnv + [nil]
        var pid: pid_t = 0
        let spawned = argvPointers.withUnsafeMutableBufferPointer { a in
            envPointers.withUnsafeMutableBufferPointer { e in
                // Both arrays hold at least the terminating nil, so their base addresses exist.
                posix_spawn(&pid, path, &actions, nil, a.baseAddress!, e.baseAddress!)
            }
        }
        guard spawned == 0 else { throw TestSupportError("could not start \(path): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs `steward` with the given arguments.
    public static func steward(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        try run(stewardPath, arguments, environment: environment)
    }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ prefix: String = "steward-test") throws {
        var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp failed") }
        path = String(cString: made)
    }

    public init(existingPath: String) {
        path = existingPath
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Every byte of every regular file below this directory (for leak checks).
    public func allFileContents(excluding excluded: [String] = []) -> [(String, Data)] {
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
