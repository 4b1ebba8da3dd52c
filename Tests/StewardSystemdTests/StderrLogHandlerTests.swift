import Foundation
import Logging
import StewardSystemd
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// ``StderrLogHandler`` writing into a pipe this test owns.
@Suite struct StderrLogHandlerTests {
    /// A pipe: the handler writes to `writeEnd`, the test reads everything written.
    final class Pipe: Sendable {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
            readEnd = ends[0]
            writeEnd = ends[1]
        }

        /// Closes the write end and returns everything written.
        func finish() -> String {
            close(writeEnd)
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                data += buffer[..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }

        deinit {
            close(readEnd)
        }
    }

    /// 2026-11-27T10:00:00Z
    private static let fixedTime = Date(timeIntervalSince1970: 1_795_773_600)

    private func logger(_ pipe: Pipe, format: LogFormat, level: Logger.Level = .info) -> Logger {
        Logger(label: "steward") {
            StderrLogHandler(label: $0, format: format, logLevel: level, fileDescriptor: pipe.writeEnd, now: { Self.fixedTime })
        }
    }

    @Test func textLines() throws {
        let pipe = try Pipe()
        var logger = logger(pipe, format: .text)
        logger[metadataKey: "steward.integration"] = "analytics"
        logger.info("integration enabled", metadata: ["steward.status": "enabled", "steward.attempt": "3"])
        logger.warning("retrying\nsoon", metadata: ["error.message": "connection refused (host \"a\")", "empty": ""])
        logger.debug("not at this level")
        logger.error("nested", metadata: ["hosts": ["a", "b"], "limits": ["cap": "5m"]])

        let lines = pipe.finish().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == [
            "2026-11-27T10:00:00Z info steward: integration enabled steward.attempt=3 steward.integration=analytics steward.status=enabled",
            #"2026-11-27T10:00:00Z warning steward: retrying\nsoon empty="" error.message="connection refused (host \"a\")" steward.integration=analytics"#,
            #"2026-11-27T10:00:00Z error steward: nested hosts="[\"a\",\"b\"]" limits="{\"cap\":\"5m\"}" steward.integration=analytics"#,
            "",
        ])
    }

    @Test func jsonLines() throws {
        let pipe = try Pipe()
        var logger = logger(pipe, format: .json, level: .trace)
        logger[metadataKey: "steward.integration"] = "analytics"
        logger.trace("first\nline \"quoted\"", metadata: ["hosts": ["a", "b"], "limits": ["cap": "5m"], "attempt": "\(3)"])
        logger.critical("second")

        let lines = pipe.finish().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == #"{"time":"2026-11-27T10:00:00Z","level":"trace","logger":"steward","message":"first\nline \"quoted\"","metadata":{"attempt":"3","hosts":["a","b"],"limits":{"cap":"5m"},"steward.integration":"analytics"}}"#)

        let decoded = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(decoded[0]?["message"] as? String == "first\nline \"quoted\"")
        #expect(decoded[1]?["level"] as? String == "critical")
        #expect((decoded[1]?["metadata"] as? [String: Any])?["steward.integration"] as? String == "analytics")
    }

    @Test func controlCharactersStayOnOneLine() throws {
        let pipe = try Pipe()
        let logger = logger(pipe, format: .text)
        logger.info("bell\u{7}tab\tcr\r", metadata: ["k\ney": "v\u{1B}al"])
        let output = pipe.finish()
        #expect(output == #"2026-11-27T10:00:00Z info steward: bell\u{7}tab\tcr\r k_ey="v\u001bal""# + "\n")
    }

    @Test func concurrentLinesNeverInterleave() async throws {
        let pipe = try Pipe()
        let logger = logger(pipe, format: .text)
        let payload = String(repeating: "x", count: 2000)
        // Read concurrently, on a thread of its own (blocked writers may hold every thread of
        // the concurrency pool): the pipe buffer is smaller than all lines together.
        let reader = PipeReader(pipe: pipe, lines: 400)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 {
                        logger.info("\(payload)", metadata: ["task": "\(task)", "index": "\(index)"])
                    }
                }
            }
        }
        let lines = await reader.output().split(separator: "\n")
        #expect(lines.count == 400)
        let pattern = /^2026-11-27T10:00:00Z info steward: x{2000} index=\d+ task=\d$/
        #expect(lines.allSatisfy { $0.wholeMatch(of: pattern) != nil })
    }
}

extension StderrLogHandlerTests.Pipe {
    /// Reads until `lines` newlines arrived, then closes the write end and returns the text.
    func finishAfter(lines: Int) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var newlines = 0
        while newlines < lines {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            newlines += buffer[..<count].count(where: { $0 == UInt8(ascii: "\n") })
            data += buffer[..<count]
        }
        close(writeEnd)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Reads a pipe on a dedicated thread and hands the text over once done.
final class PipeReader: Sendable {
    private let result: Mutex<String?> = Mutex(nil)
    private let done = DispatchSemaphore(value: 0)

    init(pipe: StderrLogHandlerTests.Pipe, lines: Int) {
        let thread = Thread { [self] in
            let text = pipe.finishAfter(lines: lines)
            result.withLock { $0 = text }
            done.signal()
        }
        thread.start()
    }

    /// The text read, once the reader thread has finished (waiting on a thread of its own).
    func output() async -> String {
        await withCheckedContinuation { continuation in
            Thread { [self] in
                done.wait()
                continuation.resume(returning: result.withLock { $0 ?? "" })
            }.start()
        }
    }
}
