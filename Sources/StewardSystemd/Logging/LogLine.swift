import Foundation
import Logging

/// One log entry rendered as a single line of text or JSON for standard error.
///
/// Whatever the message and metadata hold, the result is exactly one line: newlines and other
/// control characters are escaped.
struct LogLine {
    var time: Date
    var level: Logger.Level
    var label: String
    var message: String
    var metadata: Logger.Metadata

    /// `2026-11-27T10:00:00Z info steward: message key=value key2="two words"`, metadata sorted
    /// by key; values with spaces, quotes, `=`, backslashes or control characters are quoted
    /// with JSON escapes.
    var text: String {
        var line = "\(UTCTimestamp.string(for: time)) \(level.rawValue) \(Self.escapingControls(label)): "
        line += Self.escapingControls(message)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " " + Self.key(key) + "=" + Self.value(LogMetadata.flatText(value))
        }
        return line
    }

    /// `{"time":"…","level":"info","logger":"steward","message":"…","metadata":{…}}`; arrays and
    /// dictionaries in metadata stay JSON arrays and objects.
    var json: String {
        "{\"time\":" + JSONText.string(UTCTimestamp.string(for: time))
            + ",\"level\":" + JSONText.string(level.rawValue)
            + ",\"logger\":" + JSONText.string(label)
            + ",\"message\":" + JSONText.string(message)
            + ",\"metadata\":" + JSONText.object(metadata)
            + "}"
    }

    /// The line in `format`, with its terminating newline, as bytes ready for one `write(2)`.
    func bytes(_ format: LogFormat) -> [UInt8] {
        Array(((format == .json ? json : text) + "\n").utf8)
    }

    /// `text` with newlines, tabs and other control characters written as escapes.
    private static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// A metadata key with anything that would break `key=value` parsing replaced by `_`.
    private static func key(_ key: String) -> String {
        String(key.unicodeScalars.map { needsQuoting($0) ? "_" : Character($0) })
    }

    private static func value(_ value: String) -> String {
        value.isEmpty || value.unicodeScalars.contains(where: needsQuoting) ? JSONText.string(value) : value
    }

    private static func needsQuoting(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "=" || scalar == "\\" || scalar.properties.isWhitespace || isControl(scalar)
    }
}
