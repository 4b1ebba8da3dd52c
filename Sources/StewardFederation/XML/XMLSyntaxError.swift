/// Why a document is not accepted. The message names the construct and the position, never
/// text from the document (a SAML assertion is a secret).
public struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// 1-based line and column (in bytes) where the problem was found.
    public var line: Int
    public var column: Int

    public init(_ reason: String, line: Int, column: Int) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    public var description: String { "XML line \(line), column \(column): \(reason)" }
}
