import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler that writes one line per entry to standard error (or another file
/// descriptor), as readable text or as JSON lines (``LogFormat``).
///
/// For when standard error is not the journal: a terminal, a container runtime, another log
/// collector. Each entry reaches the descriptor in a single `write(2)`, so lines from concurrent
/// tasks never interleave. The handler does not own the descriptor and never closes it.
package struct StderrLogHandler: LogHandler {
    /// The logger's label, written after the level (`info steward: …`).
    package let label: String
    /// Text or JSON lines.
    package let format: LogFormat
    /// The least severe level written.
    package var logLevel: Logger.Level
    /// Metadata added to every entry from this handler.
    package var metadata: Logger.Metadata = [:]
    /// Contextual metadata added to every entry (for example from task-locals).
    package var metadataProvider: Logger.MetadataProvider?

    private let descriptor: Int32
    private let now: @Sendable () -> Date

    /// A handler writing to `fileDescriptor` (standard error unless given).
    /// `now` supplies the time stamp of each entry.
    package init(
        label: String,
        format: LogFormat = .text,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        fileDescriptor: Int32 = STDERR_FILENO,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.format = format
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.descriptor = fileDescriptor
        self.now = now
    }

    /// One entry of this handler's own metadata.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line for the event in a single `write(2)`.
    package func log(event: LogEvent) {
        let line = LogLine(
            time: now(),
            level: event.level,
            label: label,
            message: event.message.description,
            metadata: LogMetadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        )
        LineWriter.write(line.bytes(format), to: descriptor)
    }
}
