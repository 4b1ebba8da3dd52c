/// Catalog observation on Redshift. Leader-node functions (`has_*_privilege`, `version()`) are
/// kept out of queries that read system views, and RBAC roles come from `svv_roles`, so this
/// takes a few more round trips than on PostgreSQL. Pinned by golden files and checked by
/// `Deploy/dev/redshift-conformance.sh` (see `Dialect/REDSHIFT.md`).
///
/// Owners are read by joining `pg_user` on `usesysid`: `pg_get_userbyid` is not in the Redshift
/// Database Developer Guide, and `pg_user`'s columns are
/// (https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html, PostgreSQL 8.0's set).
package struct RedshiftCatalog: CatalogObserving {
    package init() {}

    // `user_name`, not `current_user`, as the output name: a reserved word as a column alias is a
    // form grammars disagree on (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html).
    static let userSQL = """
        SELECT current_user AS user_name, u.usesuper AS is_superuser, u.usecreatedb AS can_create_database
        FROM pg_user u WHERE u.usename = current_user
        """
    static let databaseSQL = """
        SELECT d.datname AS database_name, o.usename AS database_owner, d.datacl AS database_acl,
          EXISTS (SELECT 1 FROM pg_user WHERE usename = $2) AS system_user_exists
        FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1 LEFT JOIN pg_user o ON o.usesysid = d.datdba
        """
    static let roleSQL = "SELECT role_name FROM svv_roles WHERE role_name = $1"
    static let adminSQL = """
        SELECT role_name FROM svv_user_grants WHERE user_name = $1 AND admin_option = true
        """
    static let schemaSQL = """
        SELECT n.nspname AS name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
        FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner WHERE n.nspname = $1
        """
    static let markerTableSQL = """
        SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2
        """

    package func observeServer(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ServerObservation {
        let user = try await connection.query(Self.userSQL)
        guard let currentUser = user.value("user_name") else {
            throw WarehouseError(kind: .unexpectedResponse, message: "pg_user has no row for the current user",
                                 fix: "connect with a database user (not an IAM role without a user)")
        }
        let isSuperuser = user.bool("is_superuser")
        let db = try await connection.query(Self.databaseSQL, [query.database, query.systemUser])
        let database = db.value("database_name").map {
            DatabaseObservation(name: $0, owner: db.value("database_owner") ?? "", acl: ACLItem.parseArray(db.value("database_acl")))
        }
        var roles = Set<String>()
        for role in query.roles where try await !connection.query(Self.roleSQL, [role]).isEmpty {
            roles.insert(role)
        }
        let administered = try await connection.query(Self.adminSQL, [query.systemUser]).rows.compactMap { $0.first ?? nil }
        return ServerObservation(
            currentUser: currentUser, isSuperuser: isSuperuser,
            canCreateDatabases: isSuperuser || user.bool("can_create_database"),
            // CREATE USER comes from superuser or a system privilege granted to a role, which a
            // non-superuser cannot always see: report "unknown" rather than guess.
            canCreateUsers: isSuperuser ? true : nil,
            database: database, systemUserExists: db.bool("system_user_exists"),
            existingRoles: roles, rolesAdministeredBySystemUser: Set(administered))
    }

    package func observeManagedDatabase(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ManagedDatabaseObservation {
        var schemas: [String: SchemaObservation] = [:]
        for name in query.schemas {
            let row = try await connection.query(Self.schemaSQL, [name])
            if let owner = row.value("owner") {
                schemas[name] = SchemaObservation(name: name, owner: owner, acl: ACLItem.parseArray(row.value("acl")))
            }
        }
        let count = try await connection.query(Self.markerTableSQL, [OwnershipMarker.schema.name, OwnershipMarker.table.name])
        let exists = (Int(count.value("n") ?? "0") ?? 0) > 0
        let markers = exists ? try await readMarkers(connection) : []
        return ManagedDatabaseObservation(schemas: schemas, markerTableExists: exists, markers: markers,
                                          systemUserCanReadMarker: exists)
    }
}

extension RedshiftCatalog {
    package func readsOfServer(_ query: ObservationQuery) -> [SQLStatement] {
        [SQLStatement(Self.userSQL), SQLStatement(Self.databaseSQL, parameters: [query.database, query.systemUser])]
            + query.roles.map { SQLStatement(Self.roleSQL, parameters: [$0]) }
            + [SQLStatement(Self.adminSQL, parameters: [query.systemUser])]
    }

    package func readsOfManagedDatabase(_ query: ObservationQuery, markerTableExists: Bool) -> [SQLStatement] {
        query.schemas.map { SQLStatement(Self.schemaSQL, parameters: [$0]) }
            + [SQLStatement(Self.markerTableSQL, parameters: [OwnershipMarker.schema.name, OwnershipMarker.table.name])]
            + (markerTableExists ? [markersRead] : [])
    }

    /// Every catalog query this observer sends, by name (pinned by golden files).
    package static var queryTexts: [(String, String)] {
        [("user", userSQL), ("database", databaseSQL), ("role", roleSQL), ("admin", adminSQL),
         ("schema", schemaSQL), ("markerTable", markerTableSQL), ("markers", markersSQL)]
    }
}
