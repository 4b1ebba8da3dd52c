/// Why the access model cannot answer: a value it cannot mask the way the warehouse would, or
/// a pattern outside the POSIX subset it evaluates. Says what went wrong and what to do.
package struct AccessError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable, Codable {
        /// `round` of a value that is not a decimal number.
        case notANumber
        /// A `regex` pattern the model does not evaluate.
        case unsupportedPattern
    }

    package var kind: Kind
    package var message: String
    package var fix: String

    package init(_ kind: Kind, _ message: String, fix: String) {
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    package var description: String { "\(message) — \(fix)" }
}
