/// Why the access model cannot answer: a value it cannot mask the way the warehouse would, or
/// a pattern outside the POSIX subset it evaluates. Says what went wrong and what to do.
public struct AccessError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `round` of a value that is not a decimal number.
        case notANumber
        /// A `regex` pattern the model does not evaluate.
        case unsupportedPattern
    }

    public var kind: Kind
    public var message: String
    public var fix: String

    public init(_ kind: Kind, _ message: String, fix: String) {
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    public var description: String { "\(message) — \(fix)" }
}
