import Foundation
import Logging
import StewardSystemd
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LoggingChoiceTests {
    /// An open file and its `DEVICE:INODE`, as systemd would put it in `JOURNAL_STREAM`.
    private final class OpenFile: Sendable {
        let descriptor: Int32
        let journalStream: String
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
            descriptor = open(directory.path + "/stream", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            var status = stat()
            guard descriptor >= 0, fstat(descriptor, &status) == 0 else { throw POSIXError(.EIO) }
            journalStream = "\(status.st_dev):\(status.st_ino)"
        }

        deinit { close(descriptor) }
    }

    @Test func journalWhenStandardErrorIsTheJournalStream() throws {
        let file = try OpenFile()
        let choice = LoggingChoice.detect(environment: ["JOURNAL_STREAM": file.journalStream], standardError: file.descriptor)
        #expect(choice == .journal)
        #expect(choice.makeHandler(label: "steward", logLevel: .debug) is JournalLogHandler)
        #expect(choice.makeHandler(label: "steward", logLevel: .debug).logLevel == .debug)
    }

    @Test func textWhenTheStreamIsSomeoneElses() throws {
        let file = try OpenFile()
        let other = try OpenFile()
        // Inherited from a parent whose output went to the journal; ours goes elsewhere.
        #expect(LoggingChoice.detect(environment: ["JOURNAL_STREAM": other.journalStream], standardError: file.descriptor) == .standardError(.text))
        for value in ["", "garbage", "1:", ":2", "1:2:3"] {
            #expect(LoggingChoice.detect(environment: ["JOURNAL_STREAM": value], standardError: file.descriptor) == .standardError(.text))
        }
        #expect(LoggingChoice.detect(environment: [:], standardError: file.descriptor) == .standardError(.text))
        #expect(LoggingChoice.detect(environment: ["JOURNAL_STREAM": file.journalStream], standardError: -1) == .standardError(.text))
    }

    @Test func anExplicitFormatWins() throws {
        let file = try OpenFile()
        let journal = ["JOURNAL_STREAM": file.journalStream]
        #expect(LoggingChoice.detect(requested: .json, environment: journal, standardError: file.descriptor) == .standardError(.json))
        #expect(LoggingChoice.detect(requested: .text, environment: journal, standardError: file.descriptor) == .standardError(.text))
        let handler = LoggingChoice.standardError(.json).makeHandler(label: "steward", logLevel: .warning)
        #expect((handler as? StderrLogHandler)?.format == .json)
        #expect(handler.logLevel == .warning)
    }

    @Test func formatNamesForTheCommandLine() {
        #expect(LogFormat.allCases.map(\.rawValue) == ["text", "json"])
        #expect(LogFormat(rawValue: "json") == .json)
    }
}
