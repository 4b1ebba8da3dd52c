/// A table the model-based test creates for one case: its columns, rows and the grants it has
/// before Steward first sees it.
struct ModelTable: Sendable {
    struct Column: Sendable {
        var name: String
        /// PostgreSQL type.
        var type: String
        var numeric: Bool { type.hasPrefix("numeric") || type == "integer" }
    }

    enum PreGrant: Sendable, CustomStringConvertible {
        case toPublic
        case toLogin(Int)
        var description: String {
            switch self {
            case .toPublic: "PUBLIC"
            case .toLogin(let index): "login \(index)"
            }
        }
    }

    var schema: String
    var name: String
    var columns: [Column]
    /// Values as SQL would take them (text; nil is NULL), in column order.
    var rows: [[String?]]
    var preGrants: [PreGrant]

    var qualified: String { "\"\(schema)\".\"\(name)\"" }
    var columnNames: [String] { columns.map(\.name) }

    /// The column pool: a name, a type, and the values rows draw from (nil is NULL). Values are
    /// chosen to reach the corners: `|` (the profile's delimiter), empty text, case, spaces.
    static let pool: [(column: Column, values: [String?])] = [
        (Column(name: "region", type: "text"), ["EU", "US", "APAC", "eu", "EU|US", "", " EU", nil]),
        (Column(name: "tier", type: "text"), ["gold", "silver", "bronze", "Gold", nil]),
        (Column(name: "email", type: "text"), ["ann@example.eu", "ben.b@example.us", "cid+1@x.io", "", "no at sign 123", nil]),
        (Column(name: "amount", type: "numeric(10,2)"), ["10.49", "20.5", "-0.5", "2.345", "0", "-14.45", "999.99", "0.005", nil]),
        (Column(name: "qty", type: "integer"), ["0", "7", "-3", "15", "250", nil]),
        (Column(name: "note", type: "text"), ["call 555-1234", "aeiou", "", "x|y", "  spaced  ", "Ünïcode ü", "a.b.c", nil]),
    ]

    static func values(of column: String) -> [String?] {
        pool.first { $0.column.name == column }?.values ?? []
    }
}
