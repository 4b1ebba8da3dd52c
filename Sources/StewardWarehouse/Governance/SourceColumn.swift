/// A column of a source table, as the catalog describes it.
public struct SourceColumn: Sendable, Hashable {
    public var name: String
    /// The type as the catalog prints it (`integer`, `character varying(64)`).
    public var type: String
    /// Numbers can be rounded; everything else is masked as text.
    public var isNumeric: Bool

    public init(name: String, type: String, isNumeric: Bool) {
        self.name = name
        self.type = type
        self.isNumeric = isNumeric
    }
}
