/// Makes any text fit for `STATUS=`: one line, no control characters, bounded length.
///
/// The service manager shows the status line in `systemctl status`; a newline would end the
/// assignment early (the rest would be read as another `KEY=VALUE`), and a long line is useless
/// there. So control characters and line or paragraph separators become spaces, runs of
/// whitespace collapse to one space, the ends are trimmed, and a line longer than
/// ``maximumBytes`` UTF-8 bytes is cut at a character boundary and ends with `…`.
package enum StatusLine {
    /// The longest status line sent, in UTF-8 bytes.
    package static let maximumBytes = 256

    /// `text` as a single bounded line.
    package static func sanitized(_ text: String) -> String {
        var line = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBreaking(scalar) {
                pendingSpace = !line.isEmpty
                continue
            }
            if pendingSpace {
                line.unicodeScalars.append(" ")
                pendingSpace = false
            }
            line.unicodeScalars.append(scalar)
        }
        return truncated(line)
    }

    /// Whitespace, control characters (C0, DEL, C1) and line/paragraph separators.
    private static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return scalar.properties.isWhitespace
        }
    }

    private static func truncated(_ line: String) -> String {
        guard line.utf8.count > maximumBytes else { return line }
        let ellipsis = "…"
        let budget = maximumBytes - ellipsis.utf8.count
        var kept = ""
        for character in line {
            guard kept.utf8.count + character.utf8.count <= budget else { break }
            kept.append(character)
        }
        while kept.last == " " { kept.removeLast() }
        return kept + ellipsis
    }
}
