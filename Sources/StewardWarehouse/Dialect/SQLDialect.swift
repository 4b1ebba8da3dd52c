import StewardSpec

/// Which engine a statement is written for.
package enum DialectKind: String, Sendable, Hashable, Codable, CaseIterable {
    case redshift
    case postgresql

    /// Chooses the dialect from `SELECT version()`: Redshift reports
    /// `PostgreSQL 8.0.2 on i686-pc-linux-gnu, ... Redshift 1.0.NNNNN`.
    package static func detect(fromVersion version: String) -> DialectKind {
        version.range(of: "Redshift", options: .caseInsensitive) != nil ? .redshift : .postgresql
    }

    package var dialect: any SQLDialect {
        switch self {
        case .redshift: RedshiftDialect()
        case .postgresql: PostgreSQLDialect()
        }
    }
}

/// The SQL that differs between Redshift and PostgreSQL. Statements that are the same on both
/// engines live in the protocol extension; each dialect overrides only what differs.
///
/// Every identifier is a `SQLIdentifier` (quoted by its one quoting function); the only value
/// that appears in SQL text is a password verifier, as a `SQLLiteral`, redacted in `redactedText`.
package protocol SQLDialect: Sendable {
    var kind: DialectKind { get }

    /// ACL letters PUBLIC should hold on the managed database (`T` temp; PostgreSQL also `c` connect).
    var publicDatabasePrivileges: Set<Character> { get }
    /// ACL letters the system account should hold on the managed database ("all privileges").
    var systemUserDatabasePrivileges: Set<Character> { get }

    func createDatabase(_ database: SQLIdentifier) -> SQLStatement
    func dropDatabase(_ database: SQLIdentifier) -> SQLStatement
    func createUser(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement
    /// A system account without a password, for federated logins.
    func createFederatedUser(_ user: SQLIdentifier) -> SQLStatement
    func setPassword(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement
    func dropUser(_ user: SQLIdentifier) -> SQLStatement
    func createRole(_ role: SQLIdentifier) -> SQLStatement
    func dropRole(_ role: SQLIdentifier) -> SQLStatement
    func grantRoleWithAdminOption(_ role: SQLIdentifier, to user: SQLIdentifier) -> SQLStatement
    func grantPublicDatabaseAccess(_ database: SQLIdentifier) -> SQLStatement
    /// Removes, in the current database, every object the system account owns and every
    /// privilege granted to it (single-database mode, where the database itself stays), so that
    /// the account can be dropped. `footprint` is what the catalog shows the account owns and
    /// holds there (nil offline: Steward's own schemas only, where the engine cannot do it alone).
    func dropEverythingOwned(by user: SQLIdentifier, in database: SQLIdentifier, footprint: SystemUserFootprint?) -> [SQLStatement]

    /// The catalog queries of this engine.
    var catalog: any CatalogObserving { get }
}

extension SQLDialect {
    package func revokeAllOnDatabaseFromPublic(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("REVOKE ALL PRIVILEGES ON DATABASE \(database.quoted) FROM PUBLIC")
    }

    package func grantAllOnDatabase(_ database: SQLIdentifier, to user: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT ALL PRIVILEGES ON DATABASE \(database.quoted) TO \(user.quoted)")
    }

    package func createSchema(_ schema: SQLIdentifier, owner: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE SCHEMA IF NOT EXISTS \(schema.quoted) AUTHORIZATION \(owner.quoted)")
    }

    package func alterSchemaOwner(_ schema: SQLIdentifier, owner: SQLIdentifier) -> SQLStatement {
        SQLStatement("ALTER SCHEMA \(schema.quoted) OWNER TO \(owner.quoted)")
    }

    package func grantSchemaUsageToPublic(_ schema: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT USAGE ON SCHEMA \(schema.quoted) TO PUBLIC")
    }

    /// The ownership marker: a small table in `immuta_system` holding the integration's UUID.
    package func createMarkerTable() -> SQLStatement {
        SQLStatement("""
            CREATE TABLE IF NOT EXISTS \(OwnershipMarker.schema.quoted).\(OwnershipMarker.table.quoted) (\
            integration_uid VARCHAR(36) NOT NULL, \
            integration_name VARCHAR(256) NOT NULL, \
            system_user_name VARCHAR(128) NOT NULL, \
            impersonation_role VARCHAR(128))
            """)
    }

    package func grantMarkerRead(to user: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT SELECT ON \(OwnershipMarker.schema.quoted).\(OwnershipMarker.table.quoted) TO \(user.quoted)")
    }

    /// Writes (or rewrites) this integration's marker row. Values are parameters.
    package func writeMarker(_ marker: OwnershipMarker) -> [SQLStatement] {
        let table = "\(OwnershipMarker.schema.quoted).\(OwnershipMarker.table.quoted)"
        return [
            SQLStatement("DELETE FROM \(table) WHERE integration_uid = $1", parameters: [marker.uid]),
            SQLStatement(
                "INSERT INTO \(table) (integration_uid, integration_name, system_user_name, impersonation_role) VALUES ($1, $2, $3, $4)",
                parameters: [marker.uid, marker.integrationName, marker.systemUser, marker.impersonationRole]),
        ]
    }
}
