import StewardSpec

/// The SQL of enforcement that differs between engines: view clauses, hashing, regex, the
/// source-table name, and the impersonation function.
package protocol GovernanceDialect: Sendable {
    var kind: DialectKind { get }
    /// A text type wide enough for any masked value.
    var textType: String { get }
    /// `CREATE VIEW name [options] AS `.
    func viewHead(_ name: String) -> String
    /// What follows the SELECT (Redshift: late binding).
    var viewTail: String { get }
    /// Hex SHA-256 of a text expression.
    func hash(_ expression: String) -> String
    /// Every match of `pattern` replaced.
    func regexReplace(_ expression: String, pattern: SQLLiteral, replacement: SQLLiteral) -> String
    /// A fresh random token (the impersonation function's session proof).
    var randomToken: String { get }
    /// The name the view reads its source table by; throws when the engine cannot read it from
    /// the managed database.
    func sourceTable(_ table: TableReference, managedDatabase: String) throws -> String
    /// `CREATE FUNCTION`/`PROCEDURE` of `immuta_procedures.impersonate_user`, checking `role`.
    func createImpersonateFunction(role: SQLIdentifier) -> SQLStatement
    func dropImpersonateFunction() -> SQLStatement
    func grantImpersonate(to role: SQLIdentifier) -> [SQLStatement]
    /// The querying session's impersonation proof (empty or NULL when none).
    var currentProof: String { get }
    /// Deletes the impersonation rows of sessions that ended, as the system account; nil where
    /// the engine does not show the system account which sessions are alive.
    var cleanupEndedImpersonations: SQLStatement? { get }
    /// Whether the statement that records a view can also read its catalog hash. When not
    /// (Redshift), the view is recorded with an empty hash and the planner fills it in from the
    /// next catalog read (`GovernancePlanner.recordStepPrefix`).
    var recordsCatalogHashInline: Bool { get }
    /// Records a view just made in the views table (`GovernanceStatements.recordViewColumns`),
    /// with its catalog hash where `recordsCatalogHashInline`, else with an empty one.
    func recordView(_ view: ViewDefinition) -> SQLStatement
    /// The same hash of the relation `relation` (a `pg_class` alias) in `namespace` (a
    /// `pg_namespace` alias); the catalog query reads it for every view on every reconcile, so it
    /// must be cheap.
    func viewCatalogHash(namespace: String, relation: String) -> String
}

extension DialectKind {
    package var governance: any GovernanceDialect {
        switch self {
        case .postgresql: PostgreSQLGovernance()
        case .redshift: RedshiftGovernance()
        }
    }
}

/// The statement text both engines share for the impersonation check inside the profile view.
enum ImpersonationCheck {
    static let setting = "steward.impersonation"

    /// The user whose profile applies: the impersonated one for a session that proved it with
    /// the token only `impersonate_user` could set, else the querying user.
    static func effectiveUser(currentSetting: String) -> String {
        "COALESCE((SELECT i.target FROM \(GovernanceObjects.impersonation) i WHERE i.pid = pg_backend_pid() "
            + "AND i.session_user_name = SESSION_USER AND i.token = \(currentSetting)), CURRENT_USER)"
    }
}
