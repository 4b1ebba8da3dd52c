/// A column of a source table, as the catalog describes it.
package struct SourceColumn: Sendable, Hashable {
    package var name: String
    /// The type as the catalog prints it (`integer`, `character varying(64)`).
    package var type: String
    /// Numbers can be rounded; everything else is masked as text.
    package var isNumeric: Bool

    package init(name: String, type: String, isNumeric: Bool) {
        self.name = name
        self.type = type
        self.isNumeric = isNumeric
    }
}
