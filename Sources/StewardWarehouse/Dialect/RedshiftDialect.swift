/// Amazon Redshift. Cannot run here; its statements are pinned by golden files.
///
/// `CREATE USER ... PASSWORD 'md5…'` (a verifier, never the plain password), RBAC roles with
/// `CREATE ROLE` / `GRANT ROLE ... TO`, no CONNECT privilege (PUBLIC needs only TEMP), and
/// `DROP DATABASE name FORCE` (there is no `IF EXISTS`; the planner drops only what it observed).
package struct RedshiftDialect: SQLDialect {
    package init() {}

    package var kind: DialectKind { .redshift }
    package var publicDatabasePrivileges: Set<Character> { ["T"] }
    package var systemUserDatabasePrivileges: Set<Character> { ["C", "T"] }

    package func createDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE DATABASE \(database.quoted)", outsideTransaction: true)
    }

    package func dropDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP DATABASE \(database.quoted) FORCE", outsideTransaction: true)
    }

    package func createUser(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("CREATE USER \(user.quoted) PASSWORD \(verifier.quoted) CONNECTION LIMIT UNLIMITED",
                     redactedText: "CREATE USER \(user.quoted) PASSWORD '\(RedactedValue.text)' CONNECTION LIMIT UNLIMITED")
    }

    /// A user that logs in only with `GetClusterCredentials` (IAM / Okta federation).
    package func createFederatedUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE USER \(user.quoted) PASSWORD DISABLE CONNECTION LIMIT UNLIMITED")
    }

    package func setPassword(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("ALTER USER \(user.quoted) PASSWORD \(verifier.quoted)",
                     redactedText: "ALTER USER \(user.quoted) PASSWORD '\(RedactedValue.text)'")
    }

    package func dropUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP USER IF EXISTS \(user.quoted)")
    }

    package func createRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE ROLE \(role.quoted)")
    }

    package func dropRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP ROLE \(role.quoted) FORCE")
    }

    package func grantRoleWithAdminOption(_ role: SQLIdentifier, to user: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT ROLE \(role.quoted) TO \(user.quoted) WITH ADMIN OPTION")
    }

    package func grantPublicDatabaseAccess(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT TEMP ON DATABASE \(database.quoted) TO PUBLIC")
    }

    /// Redshift has no `DROP OWNED`, and `DROP USER` fails while the user owns an object or holds
    /// a privilege in the database it runs in (https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_USER.html).
    /// So, from the catalog's footprint: the schemas the account owns (Steward's three and those it
    /// created to publish views) go with what is in them
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_SCHEMA.html); the views and tables it
    /// owns elsewhere (views published in the sources' schemas) are dropped
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_VIEW.html,
    /// https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_TABLE.html); and what it was granted on
    /// other objects (the source tables and their schemas) and on the database is revoked
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_REVOKE.html).
    package func dropEverythingOwned(by user: SQLIdentifier, in database: SQLIdentifier, footprint: SystemUserFootprint?) -> [SQLStatement] {
        let footprint = footprint ?? SystemUserFootprint()
        let managed = ManagedSchemas.names.compactMap { try? SQLIdentifier($0) }
        let schemas = Set(managed).union(footprint.ownedSchemas).sorted()
        var statements = [SQLStatement("DROP SCHEMA IF EXISTS " + schemas.map(\.quoted).joined(separator: ", ") + " CASCADE")]
        let dropped = Set(schemas)
        for relation in footprint.ownedRelations.sorted() where !dropped.contains(relation.schema) {
            statements.append(SQLStatement("DROP \(relation.isView ? "VIEW" : "TABLE") IF EXISTS \(relation.quoted)"))
        }
        for relation in footprint.grantedRelations.sorted() where !dropped.contains(relation.schema) {
            statements.append(SQLStatement("REVOKE ALL PRIVILEGES ON \(relation.quoted) FROM \(user.quoted)"))
        }
        for schema in footprint.grantedSchemas.subtracting(dropped).sorted() {
            statements.append(SQLStatement("REVOKE ALL PRIVILEGES ON SCHEMA \(schema.quoted) FROM \(user.quoted)"))
        }
        statements.append(SQLStatement("REVOKE ALL PRIVILEGES ON DATABASE \(database.quoted) FROM \(user.quoted)"))
        return statements
    }

    package var catalog: any CatalogObserving { RedshiftCatalog() }
}
