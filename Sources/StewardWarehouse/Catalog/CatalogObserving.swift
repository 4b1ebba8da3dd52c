/// The names an observation asks about.
package struct ObservationQuery: Sendable, Hashable {
    package var database: String
    package var systemUser: String
    /// Role names of interest: the desired impersonation role and roles this integration owned.
    package var roles: [String]
    package var schemas: [String]

    package init(database: String, systemUser: String, roles: [String], schemas: [String] = ManagedSchemas.names) {
        self.database = database
        self.systemUser = systemUser
        self.roles = roles
        self.schemas = schemas
    }
}

/// Steward's three schemas in the managed database.
package enum ManagedSchemas {
    package static let names = ["immuta_system", "immuta_functions", "immuta_procedures"]
}

/// Reads the catalog of one engine. Implementations keep round trips few: a routine check of an
/// enabled integration costs at most two queries on PostgreSQL.
package protocol CatalogObserving: Sendable {
    /// Server-wide facts. Works from any database of the server.
    func observeServer(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ServerObservation
    /// Facts inside the managed database; `connection` must be connected to it.
    func observeManagedDatabase(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ManagedDatabaseObservation
    /// Both at once, connected to the managed database, in as few round trips as the engine allows.
    func observeAll(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ObservedState
    /// The queries each observation sends when the managed database is set up (the marker table
    /// exists), in order, for a caller that sends them ahead (`PGConnection.readAhead`).
    /// `markerTableExists: false` leaves out the marker rows, which would fail to be read.
    func readsOfServer(_ query: ObservationQuery) -> [SQLStatement]
    func readsOfManagedDatabase(_ query: ObservationQuery, markerTableExists: Bool) -> [SQLStatement]
    func readsOfObserveAll(_ query: ObservationQuery) -> [SQLStatement]
}

extension CatalogObserving {
    package func observeAll(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ObservedState {
        ObservedState(server: try await observeServer(connection, query), managed: try await observeManagedDatabase(connection, query))
    }

    package func readsOfObserveAll(_ query: ObservationQuery) -> [SQLStatement] {
        readsOfServer(query) + readsOfManagedDatabase(query, markerTableExists: true)
    }

    /// `observeServer` in one round trip: its reads sent ahead (`PGConnection.readAhead`).
    package func observeServerAtOnce(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ServerObservation {
        try await connection.readAhead(readsOfServer(query))
        defer { connection.endReadAhead() }
        return try await observeServer(connection, query)
    }

    /// `observeManagedDatabase` in one round trip: its reads sent ahead.
    package func observeManagedDatabaseAtOnce(_ connection: PGConnection, _ query: ObservationQuery) async throws -> ManagedDatabaseObservation {
        try await connection.readAhead(readsOfManagedDatabase(query, markerTableExists: true))
        defer { connection.endReadAhead() }
        return try await observeManagedDatabase(connection, query)
    }
}

/// The ownership marker rows, the same query on both engines.
var markersRead: SQLStatement { SQLStatement(markersSQL) }
let markersSQL = "SELECT integration_uid, integration_name, system_user_name, impersonation_role FROM "
    + "\(OwnershipMarker.schema.quoted).\(OwnershipMarker.table.quoted) ORDER BY integration_uid"

extension CatalogObserving {
    /// Reads the marker rows if the marker table exists.
    func readMarkers(_ connection: PGConnection) async throws -> [OwnershipMarker] {
        let rows = try await connection.query(markersSQL)
        return rows.rows.compactMap { row in
            guard row.count == 4, let uid = row[0], let name = row[1], let user = row[2] else { return nil }
            return OwnershipMarker(uid: uid, integrationName: name, systemUser: user, impersonationRole: row[3])
        }
    }
}
