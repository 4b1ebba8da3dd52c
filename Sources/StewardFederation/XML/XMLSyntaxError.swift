/// Why a document is not accepted. The message names the construct and the position, never
/// text from the document (a SAML assertion is a secret).
struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    /// 1-based line and column (in bytes) where the problem was found.
    var line: Int
    var column: Int

    init(_ reason: String, line: Int, column: Int) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    var description: String { "XML line \(line), column \(column): \(reason)" }
}
