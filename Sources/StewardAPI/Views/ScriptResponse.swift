import StewardWarehouse

/// The answer of the script endpoints: the SQL `steward script` prints, and what it is for.
public struct ScriptResponse: Encodable, Sendable {
    /// The integration the script is for (the name the configuration must use too).
    public var name: String
    /// `initial-create`, `create`, `edit`, `delete` or `cleanup`.
    public var type: SetupScriptKind
    /// `redshift` or `postgresql`.
    public var dialect: DialectKind
    public var script: String
}
