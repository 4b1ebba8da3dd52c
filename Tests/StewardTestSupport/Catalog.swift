import StewardWarehouse

/// Direct catalog reads for assertions (as the superuser, independent of Steward's observer).
package enum Catalog {
    package static func query(_ server: TestPostgres.Server, _ sql: String, _ params: [String?] = [], database: String = "postgres") async throws -> QueryResult {
        let connection = try await PGConnection.connect(server.parameters(database: database))
        defer { connection.close() }
        return try await connection.query(sql, params)
    }

    package static func databaseExists(_ server: TestPostgres.Server, _ name: String) async throws -> Bool {
        try await !query(server, "SELECT 1 FROM pg_database WHERE datname = $1", [name]).isEmpty
    }

    package static func roleExists(_ server: TestPostgres.Server, _ name: String) async throws -> Bool {
        try await !query(server, "SELECT 1 FROM pg_roles WHERE rolname = $1", [name]).isEmpty
    }

    package static func execute(_ server: TestPostgres.Server, _ sql: String, database: String = "postgres") async throws {
        _ = try await query(server, sql, database: database)
    }
}
