/// One SQL statement: its text, its parameters, and a redacted text safe to print.
///
/// `text` may carry a password verifier (in `CREATE USER ... PASSWORD`); `redactedText` never
/// does and is what plans, logs, errors and scripts show.
public struct SQLStatement: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var parameters: [String?]
    public var redactedText: String
    /// `CREATE DATABASE` / `DROP DATABASE` cannot run inside a transaction block.
    public var outsideTransaction: Bool

    /// `file` and `line` name the construction site for ``SQLRenderLog`` (tests only).
    public init(_ text: String, parameters: [String?] = [], redactedText: String? = nil, outsideTransaction: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        SQLRenderLog.current?.note(text, redactedText: redactedText ?? text, file: file, line: line)
        self.text = text
        self.parameters = parameters
        self.redactedText = redactedText ?? text
        self.outsideTransaction = outsideTransaction
    }

    public var description: String { redactedText }
}
