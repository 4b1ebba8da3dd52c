import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler that writes native journal entries with structured fields, so that
/// `journalctl -u steward STEWARD_INTEGRATION=analytics` finds what happened to one integration.
///
/// Each entry carries `MESSAGE=`, `PRIORITY=` (``Logging/Logger/Level/syslogPriority``),
/// `SYSLOG_IDENTIFIER=` (`steward`), `CODE_FILE=`, `CODE_LINE=`, `CODE_FUNC=`,
/// `STEWARD_LOGGER=` (the logger's label) and one field per metadata entry, named by
/// ``JournalFieldName`` (`steward.integration` → `STEWARD_INTEGRATION`). The daemon's fields are
/// `STEWARD_INTEGRATION`, `STEWARD_INTEGRATION_ID`, `STEWARD_STATUS`, `STEWARD_PREVIOUS_STATUS`,
/// `STEWARD_EVENT` and `STEWARD_ATTEMPT`. Values may span lines; the native protocol keeps them
/// whole. Arrays and dictionaries in metadata are written as JSON.
///
/// If journald cannot be reached (`sd_journal_sendv(3)` fails), the entry is written to
/// standard error as a text line instead, so nothing is lost silently.
///
/// The handler writes what it is given: it cannot recognise secrets, so callers never put
/// any into messages or metadata.
package struct JournalLogHandler: LogHandler {
    /// The logger's label, sent as `STEWARD_LOGGER=`.
    package let label: String
    /// The `SYSLOG_IDENTIFIER=` of every entry.
    package let identifier: String
    /// The least severe level written.
    package var logLevel: Logger.Level
    /// Metadata added to every entry from this handler.
    package var metadata: Logger.Metadata = [:]
    /// Contextual metadata added to every entry (for example from task-locals).
    package var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label`, identified in the journal as `identifier`.
    package init(
        label: String,
        identifier: String = "steward",
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// One entry of this handler's own metadata.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends one journal entry; if journald cannot be reached, writes a text line to standard error instead.
    package func log(event: LogEvent) {
        let merged = LogMetadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        let entry = JournalEntry(event: event, label: label, identifier: identifier, metadata: merged)
        guard entry.send() < 0 else { return }
        let line = LogLine(time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged)
        LineWriter.write(line.bytes(.text), to: STDERR_FILENO)
    }
}
