/// What one user reads through one data source's view: whether it may query it, which row
/// filters apply, and each column; with the policy behind every answer.
package struct DataSourceAccess: Sendable, Hashable, Codable {
    package var dataSource: String
    /// `schema.view`, where the view is published.
    package var view: String
    package var subscription: SubscriptionDecision
    /// Every row filter covering the data source, in spec order; a row must pass all of them.
    package var rowFilters: [RowFilterAccess]
    /// The table's columns when they were given, else the columns the spec names (every other
    /// column is raw).
    package var columns: [ColumnAccess]
    /// False when `columns` are only those the spec names.
    package var columnsComplete: Bool

    package init(dataSource: String, view: String, subscription: SubscriptionDecision, rowFilters: [RowFilterAccess],
                columns: [ColumnAccess], columnsComplete: Bool) {
        self.dataSource = dataSource
        self.view = view
        self.subscription = subscription
        self.rowFilters = rowFilters
        self.columns = columns
        self.columnsComplete = columnsComplete
    }

    /// Whether a stored row (column → text form, nil is NULL) reaches the user.
    package func admits(_ row: [String: String?]) -> Bool {
        subscription.subscribed && rowFilters.allSatisfy { $0.admits(row[$0.column] ?? nil) }
    }

    /// The rows the user reads, in the given order, each with every column of ``columns`` as
    /// the user sees it.
    package func visibleRows(_ rows: [[String: String?]]) throws(AccessError) -> [[String: String?]] {
        var visible: [[String: String?]] = []
        for row in rows where admits(row) {
            var seen: [String: String?] = [:]
            for column in columns {
                seen[column.column] = .some(try column.value(of: row[column.column] ?? nil))
            }
            visible.append(seen)
        }
        return visible
    }
}
