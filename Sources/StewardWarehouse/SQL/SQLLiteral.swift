/// A string literal for the few places where SQL cannot take a parameter (DDL such as
/// `CREATE USER ... PASSWORD '...'`).
///
/// Only a conservative character set is accepted: printable ASCII without backslash. Redshift
/// treats backslash as an escape inside literals while PostgreSQL (standard_conforming_strings)
/// does not, so refusing it makes one quoting rule correct on both engines. Single quotes are
/// doubled. The values Steward puts here are password verifiers, UUIDs and names.
package struct SQLLiteral: Sendable, Hashable {
    package let value: String

    package init(_ value: String) throws {
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }) else {
            throw WarehouseError(kind: .invalidName, message: "a value for SQL text contains characters outside printable ASCII or a backslash",
                                 fix: "use printable ASCII without backslashes")
        }
        self.value = value
    }

    /// `'value'` with embedded single quotes doubled.
    package var quoted: String {
        SQLQuote.enclose(value, in: "'")
    }
}
