import StewardWarehouse

/// The answer of the script endpoints: the SQL `steward script` prints, and what it is for.
package struct ScriptResponse: Encodable, Sendable {
    /// The integration the script is for (the name the configuration must use too).
    package var name: String
    /// `initial-create`, `create`, `edit`, `delete` or `cleanup`.
    package var type: SetupScriptKind
    /// `redshift` or `postgresql`.
    package var dialect: DialectKind
    package var script: String
}
