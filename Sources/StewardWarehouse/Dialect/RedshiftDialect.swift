/// Amazon Redshift. Cannot run here; its statements are pinned by golden files.
///
/// `CREATE USER ... PASSWORD 'md5…'` (a verifier, never the plain password), RBAC roles with
/// `CREATE ROLE` / `GRANT ROLE ... TO`, no CONNECT privilege (PUBLIC needs only TEMP), and
/// `DROP DATABASE name FORCE` (there is no `IF EXISTS`; the planner drops only what it observed).
public struct RedshiftDialect: SQLDialect {
    public init() {}

    public var kind: DialectKind { .redshift }
    public var publicDatabasePrivileges: Set<Character> { ["T"] }
    public var systemUserDatabasePrivileges: Set<Character> { ["C", "T"] }

    public func createDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE DATABASE \(database.quoted)", outsideTransaction: true)
    }

    public func dropDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP DATABASE \(database.quoted) FORCE", outsideTransaction: true)
    }

    public func createUser(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("CREATE USER \(user.quoted) PASSWORD \(verifier.quoted) CONNECTION LIMIT UNLIMITED",
                     redactedText: "CREATE USER \(user.quoted) PASSWORD '\(RedactedValue.text)' CONNECTION LIMIT UNLIMITED")
    }

    /// A user that logs in only with `GetClusterCredentials` (IAM / Okta federation).
    public func createFederatedUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE USER \(user.quoted) PASSWORD DISABLE CONNECTION LIMIT UNLIMITED")
    }

    public func setPassword(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("ALTER USER \(user.quoted) PASSWORD \(verifier.quoted)",
                     redactedText: "ALTER USER \(user.quoted) PASSWORD '\(RedactedValue.text)'")
    }

    public func dropUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP USER IF EXISTS \(user.quoted)")
    }

    public func createRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE ROLE \(role.quoted)")
    }

    public func dropRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP ROLE \(role.quoted) FORCE")
    }

    public func grantRoleWithAdminOption(_ role: SQLIdentifier, to user: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT ROLE \(role.quoted) TO \(user.quoted) WITH ADMIN OPTION")
    }

    public func grantPublicDatabaseAccess(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT TEMP ON DATABASE \(database.quoted) TO PUBLIC")
    }

    /// Redshift has no `DROP OWNED`: Steward's schemas go with what is in them.
    public func dropEverythingOwned(by user: SQLIdentifier) -> [SQLStatement] {
        [SQLStatement("DROP SCHEMA IF EXISTS " + ManagedSchemas.names.map { "\"\($0)\"" }.joined(separator: ", ") + " CASCADE")]
    }

    public var catalog: any CatalogObserving { RedshiftCatalog() }
}
