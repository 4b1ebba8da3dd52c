/// A validated SQL identifier. `quoted` is the one place in Steward where an identifier becomes
/// SQL text: every database, schema, user and role name in every statement goes through it.
///
/// Rules (the intersection of what PostgreSQL and Redshift accept without surprises):
/// - 1 to 63 bytes of UTF-8 (PostgreSQL silently truncates longer names, which could make two
///   names collide; Redshift allows 127, so 63 is the safe limit for both);
/// - no NUL and no control characters (they cannot be stored, and hide in logs);
/// - anything else is allowed and quoted: `"` is doubled, the whole is wrapped in `"`.
///
/// Names that Steward creates are also held to the spec's stricter lower-case rule; this type is
/// the last line of defence, not the only one.
package struct SQLIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    package static let maxBytes = 63

    /// The name as the catalog stores it.
    package let name: String

    package init(_ name: String) throws {
        if let problem = Self.problem(with: name) {
            throw WarehouseError(kind: .invalidName, message: "invalid SQL identifier \(Self.printable(name)): \(problem)",
                                 fix: "use 1-63 bytes of lower-case letters, digits and underscores, starting with a letter or underscore")
        }
        self.name = name
    }

    /// Why `name` cannot be an identifier, or nil if it can.
    package static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maxBytes { return "it is \(name.utf8.count) bytes long; the limit is \(maxBytes)" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || ($0.value >= 0x80 && $0.value < 0xA0) }) {
            return "it contains a NUL or control character"
        }
        return nil
    }

    /// `"name"` with embedded double quotes doubled.
    package var quoted: String { Self.quote(name) }

    /// The quoting function. Only call it with names that passed `problem(with:)`.
    static func quote(_ name: String) -> String {
        SQLQuote.enclose(name, in: "\"")
    }

    package var description: String { quoted }

    package static func < (lhs: SQLIdentifier, rhs: SQLIdentifier) -> Bool { lhs.name < rhs.name }

    static func printable(_ name: String) -> String {
        let shown = name.unicodeScalars.prefix(80).map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "\"" + shown + (name.unicodeScalars.count > 80 ? "…" : "") + "\""
    }
}
