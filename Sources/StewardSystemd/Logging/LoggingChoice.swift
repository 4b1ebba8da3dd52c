import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Where the `steward` executable sends its logs: the journal, or standard error as text or JSON.
///
/// The executable decides once, at start-up, with ``detect(requested:environment:standardError:)``
/// and then calls ``bootstrap(logLevel:metadataProvider:)``. Libraries never bootstrap logging;
/// they take a `Logger`.
package enum LoggingChoice: Sendable, Equatable {
    /// Native journal entries with structured fields (``JournalLogHandler``).
    case journal
    /// Lines on standard error (``StderrLogHandler``).
    case standardError(LogFormat)

    /// The choice for this process.
    ///
    /// - An explicit `requested` format (`--log-format text|json`) is always honoured: whoever
    ///   asks for JSON has a collector that wants JSON.
    /// - Otherwise (`requested == nil`) logs go to the journal when standard error is connected
    ///   to it: `JOURNAL_STREAM` is set and its `DEVICE:INODE` is standard error's own
    ///   (`systemd.exec(5)`); else readable text on standard error.
    package static func detect(
        requested: LogFormat? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardError: Int32 = STDERR_FILENO
    ) -> LoggingChoice {
        if let requested { return .standardError(requested) }
        if JournalStream.matches(environment["JOURNAL_STREAM"], descriptor: standardError) { return .journal }
        return .standardError(.text)
    }

    /// A handler for the logger `label` according to this choice.
    package func makeHandler(
        label: String,
        logLevel: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> any LogHandler {
        switch self {
        case .journal:
            JournalLogHandler(label: label, logLevel: logLevel, metadataProvider: metadataProvider)
        case .standardError(let format):
            StderrLogHandler(label: label, format: format, logLevel: logLevel, metadataProvider: metadataProvider)
        }
    }

    /// Installs this choice as the process's logging backend (`LoggingSystem.bootstrap`), with
    /// `logLevel` (`--log-level`) for every logger. Call it once, from the executable, before the
    /// first `Logger` is made; swift-log traps on a second bootstrap.
    package func bootstrap(logLevel: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        LoggingSystem.bootstrap({ label, provider in
            makeHandler(label: label, logLevel: logLevel, metadataProvider: provider)
        }, metadataProvider: metadataProvider)
    }
}
