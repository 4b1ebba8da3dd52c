/// One SQL statement: its text, its parameters, and a redacted text safe to print.
///
/// `text` may carry a password verifier (in `CREATE USER ... PASSWORD`); `redactedText` never
/// does and is what plans, logs, errors and scripts show.
package struct SQLStatement: Sendable, Hashable, CustomStringConvertible {
    package var text: String
    package var parameters: [String?]
    package var redactedText: String
    /// `CREATE DATABASE` / `DROP DATABASE` cannot run inside a transaction block.
    package var outsideTransaction: Bool

    /// `file` and `line` name the construction site for ``SQLRenderLog`` (tests only).
    package init(_ text: String, parameters: [String?] = [], redactedText: String? = nil, outsideTransaction: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        SQLRenderLog.current?.note(text, redactedText: redactedText ?? text, file: file, line: line)
        self.text = text
        self.parameters = parameters
        self.redactedText = redactedText ?? text
        self.outsideTransaction = outsideTransaction
    }

    package var description: String { redactedText }
}
