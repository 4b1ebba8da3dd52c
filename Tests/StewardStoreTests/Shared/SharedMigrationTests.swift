import Foundation
import StewardStore
import StewardTestSupport
import StewardWarehouse
import Testing

/// The shared schema: created once, whoever opens first, and refused when a newer Steward
/// migrated it.
@Suite struct SharedMigrationTests {
    @Test func migratesAFreshDatabase() async throws {
        let database = try await SharedDatabase.make()
        let store = try await database.open(writer: nil)

        var info = stat()
        #expect(stat(store.stateDirectory.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(store.requestSecretsDirectory == store.stateDirectory.appending(path: "api-secrets", directoryHint: .isDirectory))

        let tables = try await database.query("""
            SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE "C"
            """).rows.map { $0[0] }
        #expect(tables == ["steward_integration", "steward_leader", "steward_member", "steward_member_spec", "steward_meta",
                           "steward_owned_object", "steward_schema_migration", "steward_secret", "steward_transition"])
        #expect(try await database.query("SELECT version FROM steward_schema_migration ORDER BY version").rows == [["1"], ["2"], ["3"]])
        let lease = try await store.leases.current()
        #expect(lease.holder == nil && lease.term == 0 && lease.expiresAt == nil && !lease.isLive)
        #expect(try await store.allRecords().isEmpty)
    }

    @Test func fourConcurrentOpenersMigrateOnce() async throws {
        let database = try await SharedDatabase.make()
        let stores = try await withThrowingTaskGroup(of: SharedStatusStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try await database.open(writer: nil) }
            }
            var stores: [SharedStatusStore] = []
            for try await store in group { stores.append(store) }
            return stores
        }
        #expect(stores.count == 4)
        let applied = try await database.query("SELECT version, count(*) OVER () AS rows FROM steward_schema_migration ORDER BY version")
        #expect(applied.rows == [["1", "3"], ["2", "3"], ["3", "3"]])
        #expect(try await database.query("SELECT count(*) AS rows FROM steward_leader").value("rows") == "1")
        for store in stores { #expect(try await store.allRecords().isEmpty) }
    }

    @Test func reopeningRunsNoMigrationTwice() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        try await store.create(.sample())
        let appliedAt = try await database.query("SELECT version, applied_at::text AS at FROM steward_schema_migration ORDER BY version").rows
        #expect(appliedAt.count == 3)
        let reopened = try await database.open(writer: nil)
        #expect(try await reopened.allRecords().map(\.name) == ["analytics"])
        #expect(try await database.query("SELECT version, applied_at::text AS at FROM steward_schema_migration ORDER BY version").rows
                == appliedAt)
    }

    /// A database a Steward of schema v1 made gains the secrets table (v2) and the members'
    /// folder reports (v3), and keeps its records.
    @Test func upgradesADatabaseAtVersionOne() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        try await store.create(.sample())
        try await database.query("DROP TABLE steward_secret")
        try await database.query("DROP TABLE steward_member_spec")
        try await database.query("DELETE FROM steward_schema_migration WHERE version IN (2, 3)")

        let reopened = try await database.open(writer: nil)
        #expect(try await database.query("SELECT version FROM steward_schema_migration ORDER BY version").rows == [["1"], ["2"], ["3"]])
        #expect(try await database.query("SELECT count(*) AS rows FROM steward_secret").value("rows") == "0")
        #expect(try await database.query("SELECT count(*) AS rows FROM steward_member_spec").value("rows") == "0")
        #expect(try await reopened.allRecords().map(\.name) == ["analytics"])
    }

    @Test func refusesADatabaseFromANewerSteward() async throws {
        let database = try await SharedDatabase.make()
        _ = try await database.open(writer: nil)
        try await database.query("INSERT INTO steward_schema_migration (version) VALUES (999)")
        let error = await #expect(throws: StoreError.self) { try await database.open(writer: nil) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("newer version of steward") == true)
        #expect(error?.message.contains("999") == true)
        // Refusing wrote nothing: the unknown version is all there is beyond v3.
        #expect(try await database.query("SELECT version FROM steward_schema_migration ORDER BY version").rows == [["1"], ["2"], ["3"], ["999"]])
    }

    @Test func theSchemaRefusesWhatTheSQLiteSchemaRefuses() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let record = try await store.create(.sample())
        let id = String(record.id)
        for status in ["creating", "recurringValidationError", "disabled"] {
            try await database.query("UPDATE steward_integration SET status = $1 WHERE id = $2", [status, id])
        }
        let refused = [
            ("UPDATE steward_integration SET status = 'failed' WHERE id = $1", [id]),
            ("UPDATE steward_integration SET port = 65536 WHERE id = $1", [id]),
            ("UPDATE steward_integration SET deletion_policy = 'Keep' WHERE id = $1", [id]),
            ("UPDATE steward_integration SET credential_reference = '{\"kind\":\"inline\"}' WHERE id = $1", [id]),
            ("UPDATE steward_integration SET attempts = -1 WHERE id = $1", [id]),
            ("UPDATE steward_integration SET name = '' WHERE id = $1", [id]),
            ("INSERT INTO steward_transition (integration_id, to_status, reason, recorded_at) VALUES (424242, 'creating', 'created', now())", []),
            ("INSERT INTO steward_owned_object (integration_id, kind, name, state) VALUES ($1, 'table', 'x', 'created')", [id]),
            ("INSERT INTO steward_owned_object (integration_id, kind, name, state) VALUES ($1, 'role', 'x', 'maybe')", [id]),
            ("INSERT INTO steward_leader (id, holder, term) VALUES (2, 'x', 1)", []),
        ]
        for (sql, params) in refused {
            await #expect(throws: WarehouseError.self, "\(sql)") { try await database.query(sql, params) }
        }
    }
}
