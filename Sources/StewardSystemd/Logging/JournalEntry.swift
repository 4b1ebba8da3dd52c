import CSystemd
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The fields of one native journal entry, and its delivery through `sd_journal_sendv(3)`.
struct JournalEntry {
    /// One `NAME=value` field. Values may hold any text, newlines included.
    struct Field: Equatable {
        var name: String
        var value: String
    }

    var fields: [Field]

    /// The entry for a swift-log event: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`,
    /// `CODE_LINE`, `CODE_FUNC`, `STEWARD_LOGGER` (the logger's label), then one field per metadata
    /// entry, sorted by key, named by ``JournalFieldName``.
    init(event: LogEvent, label: String, identifier: String, metadata: Logger.Metadata) {
        fields = [
            Field(name: "MESSAGE", value: event.message.description),
            Field(name: "PRIORITY", value: String(event.level.syslogPriority)),
            Field(name: "SYSLOG_IDENTIFIER", value: identifier),
            Field(name: "CODE_FILE", value: event.file),
            Field(name: "CODE_LINE", value: String(event.line)),
            Field(name: "CODE_FUNC", value: event.function),
            Field(name: "STEWARD_LOGGER", value: label),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append(Field(name: JournalFieldName.forMetadataKey(key), value: LogMetadata.flatText(value)))
        }
    }

    /// Sends the entry to journald's native socket. Returns 0 on success or a negative errno
    /// (for example `-ENOENT` when journald is not running).
    func send() -> Int32 {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { bytes in
            let vectors = ranges.map { range in
                iovec(iov_base: bytes.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return sd_journal_sendv(vectors, Int32(vectors.count))
        }
    }
}
