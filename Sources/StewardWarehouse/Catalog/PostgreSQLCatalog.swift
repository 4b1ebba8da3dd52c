import Foundation

/// Catalog observation on PostgreSQL: one query for server-wide facts, one for the managed
/// database (plus one for the marker rows when the marker table exists).
package struct PostgreSQLCatalog: CatalogObserving {
    package init() {}

    static let serverSQL = """
        SELECT current_user AS current_user,
          r.rolsuper AS is_superuser, r.rolcreatedb AS can_create_database, r.rolcreaterole AS can_create_user,
          d.datname AS database_name, pg_get_userbyid(d.datdba) AS database_owner, d.datacl AS database_acl,
          d.datconnlimit = -2 AS database_invalid,
          EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) AS system_user_exists,
          (SELECT json_agg(rolname) FROM pg_roles WHERE rolname = ANY ($3::text[])) AS existing_roles,
          (SELECT json_agg(g.rolname) FROM pg_auth_members m
             JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
             WHERE u.rolname = $2 AND m.admin_option) AS administered_roles,
          CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2)
               THEN pg_has_role(current_user, $2, 'MEMBER') ELSE false END AS acts_as_system_user
        FROM pg_roles r LEFT JOIN pg_database d ON d.datname = $1
        WHERE r.rolname = current_user
        """

    /// Whether the system account may read the marker is decided from its own ACL entry (or
    /// ownership), never `has_table_privilege`, which also counts PUBLIC's and inherited grants.
    static let managedSQL = """
        SELECT
          (SELECT json_agg(json_build_object('name', n.nspname, 'owner', pg_get_userbyid(n.nspowner), 'acl', n.nspacl::text))
             FROM pg_namespace n WHERE n.nspname = ANY ($1::text[])) AS schemas,
          EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = $2 AND c.relname = $3) AS marker_table_exists,
          EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = $2 AND c.relname = $3
                  AND (pg_get_userbyid(c.relowner) = $4
                       OR EXISTS (SELECT 1 FROM aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
                                  WHERE r.rolname = $4 AND a.privilege_type = 'SELECT'))) AS system_user_can_read_marker
        """

    /// Server and managed-database facts in one query (plus the marker rows): a routine check of
    /// an enabled integration costs two round trips.
    static let allSQL = "SELECT * FROM (\(serverSQL)) AS server CROSS JOIN ("
        + managedSQL.replacingOccurrences(of: "$4", with: "$7").replacingOccurrences(of: "$3", with: "$6")
            .replacingOccurrences(of: "$2", with: "$5").replacingOccurrences(of: "$1", with: "$4")
        + ") AS managed"

    package func observeAll(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ObservedState {
        let result = try await connection.query(Self.allSQL, serverParameters(query) + managedParameters(query))
        let server = try server(from: result)
        let managed = try await managed(from: result, connection: connection)
        return ObservedState(server: server, managed: managed)
    }

    package func readsOfObserveAll(_ query: ObservationQuery) -> [SQLStatement] {
        [SQLStatement(Self.allSQL, parameters: serverParameters(query) + managedParameters(query)), markersRead]
    }

    package func readsOfServer(_ query: ObservationQuery) -> [SQLStatement] {
        [SQLStatement(Self.serverSQL, parameters: serverParameters(query))]
    }

    package func readsOfManagedDatabase(_ query: ObservationQuery, markerTableExists: Bool) -> [SQLStatement] {
        [SQLStatement(Self.managedSQL, parameters: managedParameters(query))] + (markerTableExists ? [markersRead] : [])
    }

    func serverParameters(_ query: ObservationQuery) -> [String?] {
        [query.database, query.systemUser, PostgresArray.literal(query.roles)]
    }

    func managedParameters(_ query: ObservationQuery) -> [String?] {
        [PostgresArray.literal(query.schemas), OwnershipMarker.schema.name, OwnershipMarker.table.name, query.systemUser]
    }

    package func observeServer(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ServerObservation {
        try server(from: try await connection.query(Self.serverSQL, serverParameters(query)))
    }

    func server(from result: QueryResult) throws -> ServerObservation {
        guard !result.isEmpty, let currentUser = result.value("current_user") else {
            throw WarehouseError(kind: .unexpectedResponse, message: "the server returned no row for the current user",
                                 fix: "check that the account can read pg_roles")
        }
        let database = result.value("database_name").map {
            DatabaseObservation(name: $0, owner: result.value("database_owner") ?? "",
                                acl: ACLItem.parseArray(result.value("database_acl")), isInvalid: result.bool("database_invalid"))
        }
        return ServerObservation(
            currentUser: currentUser,
            isSuperuser: result.bool("is_superuser"),
            canCreateDatabases: result.bool("can_create_database") || result.bool("is_superuser"),
            canCreateUsers: result.bool("can_create_user") || result.bool("is_superuser"),
            database: database,
            systemUserExists: result.bool("system_user_exists"),
            existingRoles: Set(try JSONText.strings(result.value("existing_roles"))),
            rolesAdministeredBySystemUser: Set(try JSONText.strings(result.value("administered_roles"))),
            currentUserActsAsSystemUser: result.bool("acts_as_system_user"))
    }

    package func observeManagedDatabase(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ManagedDatabaseObservation {
        try await managed(from: try await connection.query(Self.managedSQL, managedParameters(query)), connection: connection)
    }

    func managed(from result: QueryResult, connection: PGConnection) async throws -> ManagedDatabaseObservation {
        let schemaRows = try JSONText.decode([SchemaRow].self, result.value("schemas")) ?? []
        var schemas: [String: SchemaObservation] = [:]
        for row in schemaRows {
            schemas[row.name] = SchemaObservation(name: row.name, owner: row.owner, acl: ACLItem.parseArray(row.acl))
        }
        let markerTableExists = result.bool("marker_table_exists")
        let markers = markerTableExists ? try await readMarkers(connection) : []
        return ManagedDatabaseObservation(schemas: schemas, markerTableExists: markerTableExists, markers: markers,
                                          systemUserCanReadMarker: result.bool("system_user_can_read_marker"))
    }

    struct SchemaRow: Decodable {
        var name: String
        var owner: String
        var acl: String?
    }
}

/// PostgreSQL array literals for text[] parameters: `{"a","b"}` with `"` and `\` escaped.
enum PostgresArray {
    static func literal(_ values: [String]) -> String {
        "{" + values.map { value in
            var escaped = ""
            for ch in value {
                if ch == "\"" || ch == "\\" { escaped.append("\\") }
                escaped.append(ch)
            }
            return "\"" + escaped + "\""
        }.joined(separator: ",") + "}"
    }
}

/// Decoding of small JSON values returned by catalog queries.
enum JSONText {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text, let data = text.data(using: .utf8) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw WarehouseError(kind: .unexpectedResponse, message: "could not read a catalog answer (\(error))",
                                 fix: "report this with the server version")
        }
    }

    static func strings(_ text: String?) throws -> [String] {
        try decode([String].self, text) ?? []
    }
}
