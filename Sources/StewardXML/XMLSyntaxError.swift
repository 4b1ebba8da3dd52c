/// Why a document is not accepted. The message names the construct (an element's name, escaped
/// to plain ASCII, is the only part of the document it may repeat) and the position, never
/// character data or attribute values (a SAML assertion is a secret).
package struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String
    /// 1-based line and column (in bytes) where the problem was found.
    package var line: Int
    package var column: Int

    init(_ reason: String, line: Int, column: Int) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    package var description: String { "XML line \(line), column \(column): \(reason)" }
}
