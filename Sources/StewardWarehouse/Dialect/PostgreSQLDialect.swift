/// PostgreSQL 15: executed for real in tests, standing in for Redshift.
///
/// Differences from Redshift: `CREATE ROLE ... LOGIN` for users and `NOLOGIN` for roles,
/// `GRANT role TO user` without the `ROLE` keyword, a `CONNECT` privilege that PUBLIC needs,
/// and `DROP DATABASE IF EXISTS ... WITH (FORCE)`.
package struct PostgreSQLDialect: SQLDialect {
    package init() {}

    package var kind: DialectKind { .postgresql }
    package var publicDatabasePrivileges: Set<Character> { ["T", "c"] }
    package var systemUserDatabasePrivileges: Set<Character> { ["C", "T", "c"] }

    package func createDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE DATABASE \(database.quoted)", outsideTransaction: true)
    }

    package func dropDatabase(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP DATABASE IF EXISTS \(database.quoted) WITH (FORCE)", outsideTransaction: true)
    }

    package func createUser(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("CREATE ROLE \(user.quoted) LOGIN PASSWORD \(verifier.quoted)",
                     redactedText: "CREATE ROLE \(user.quoted) LOGIN PASSWORD '\(RedactedValue.text)'")
    }

    package func setPassword(_ user: SQLIdentifier, verifier: SQLLiteral) -> SQLStatement {
        SQLStatement("ALTER ROLE \(user.quoted) WITH LOGIN PASSWORD \(verifier.quoted)",
                     redactedText: "ALTER ROLE \(user.quoted) WITH LOGIN PASSWORD '\(RedactedValue.text)'")
    }

    package func dropUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP ROLE IF EXISTS \(user.quoted)")
    }

    package func createRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE ROLE \(role.quoted) NOLOGIN")
    }

    package func dropRole(_ role: SQLIdentifier) -> SQLStatement {
        SQLStatement("DROP ROLE IF EXISTS \(role.quoted)")
    }

    package func grantRoleWithAdminOption(_ role: SQLIdentifier, to user: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT \(role.quoted) TO \(user.quoted) WITH ADMIN OPTION")
    }

    /// Membership in a role, which PostgreSQL requires before giving that role objects
    /// (`CREATE SCHEMA ... AUTHORIZATION`) unless the grantor is a superuser.
    package func grantMembership(in role: SQLIdentifier, to member: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT \(role.quoted) TO \(member.quoted)")
    }

    /// The same for whoever runs a manual-setup script, unless a superuser does (as the
    /// automatic path, which never grants a superuser a membership it does not need).
    /// The body is dollar-quoted with a tag that the role's name does not contain.
    package func grantMembershipToCurrentUser(in role: SQLIdentifier) -> SQLStatement {
        let body = "BEGIN IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER) "
            + "THEN GRANT \(role.quoted) TO CURRENT_USER; END IF; END"
        let tag = DollarQuoteTag.unused(in: body, preferring: "steward")
        return SQLStatement("DO \(tag) \(body) \(tag)")
    }

    /// PostgreSQL has no IAM login: the stand-in for a federated account is a login role without
    /// a password, which `pg_hba.conf` must let in.
    package func createFederatedUser(_ user: SQLIdentifier) -> SQLStatement {
        SQLStatement("CREATE ROLE \(user.quoted) LOGIN")
    }

    package func grantPublicDatabaseAccess(_ database: SQLIdentifier) -> SQLStatement {
        SQLStatement("GRANT CONNECT, TEMPORARY ON DATABASE \(database.quoted) TO PUBLIC")
    }

    /// `DROP OWNED` drops what the role owns in the current database and revokes what it was
    /// granted there and on the database itself: the footprint is not needed.
    package func dropEverythingOwned(by user: SQLIdentifier, in database: SQLIdentifier, footprint: SystemUserFootprint?) -> [SQLStatement] {
        [SQLStatement("DROP OWNED BY \(user.quoted) CASCADE")]
    }

    package var catalog: any CatalogObserving { PostgreSQLCatalog() }
}

/// The text shown in place of a secret inside SQL.
package enum RedactedValue {
    package static let text = "<REDACTED>"
}
