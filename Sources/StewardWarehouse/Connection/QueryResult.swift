/// Rows of a query in libpq's text format: every value a `String` or `nil` for SQL NULL.
package struct QueryResult: Sendable, Hashable {
    package var columns: [String]
    package var rows: [[String?]]

    package init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    package var isEmpty: Bool { rows.isEmpty }

    /// The value of `column` in row `row`, or nil if the column is unknown or the value is NULL.
    package func value(_ column: String, row: Int = 0) -> String? {
        guard row < rows.count, let index = columns.firstIndex(of: column), index < rows[row].count else { return nil }
        return rows[row][index]
    }

    /// PostgreSQL's boolean text form: `t` / `f`.
    package func bool(_ column: String, row: Int = 0) -> Bool {
        value(column, row: row) == "t"
    }
}
