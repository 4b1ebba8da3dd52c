import Foundation
import GRDB
@testable import StewardStore
import StewardSpec
import Testing

/// The schema as the v1 migration leaves it, and the constraints it enforces.
@Suite struct MigrationTests {
    @Test func migratesAnEmptyDirectory() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)

        var info = stat()
        #expect(stat(directory.stateDirectory.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(FileManager.default.fileExists(atPath: directory.stateDirectory.appending(path: "steward.sqlite").path))

        let (migrations, tables, journalMode, foreignKeys) = try await store.pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(migrations == ["v1"])
        #expect(tables == ["grdb_migrations", "integration", "meta", "ownedObject", "transition"])
        #expect(journalMode == "wal")
        #expect(foreignKeys == true)
        #expect(try await store.allRecords().isEmpty)
    }

    @Test func reopeningRunsNoMigrationTwice() async throws {
        let directory = try TemporaryDirectory()
        try await StatusStore.open(in: directory).create(.sample())
        let store = try StatusStore.open(in: directory)
        #expect(try await store.allRecords().map(\.name) == ["analytics"])
        let applied = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1"])
    }

    /// The schema's CHECK accepts every status of the API's vocabulary (the lifecycle decides
    /// which changes are allowed: `LifecycleGraphStoreTests`).
    @Test func acceptsEveryStatus() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let record = try await store.create(.sample())
        for status in IntegrationStatus.allCases {
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE integration SET status = ? WHERE id = ?", arguments: [status.rawValue, record.id])
            }
            #expect(try await store.record(id: record.id)?.status == status)
        }
    }

    @Test func rejectsAnUnknownStatus() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let record = try await store.create(.sample())
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(sql: "UPDATE integration SET status = 'failed' WHERE id = ?", arguments: [record.id])
            }
        }
    }

    @Test func rejectsATransitionOfAnUnknownIntegration() throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO "transition" (integrationId, toStatus, reason, at) VALUES (42, 'creating', 'created', '2025-01-01')
                    """)
            }
        }
    }

    @Test func refusesADatabaseFromANewerSteward() throws {
        let directory = try TemporaryDirectory()
        try StatusStore.open(in: directory).pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999')")
        }
        let error = #expect(throws: StoreError.self) { try StatusStore.open(in: directory) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("newer version of steward") == true)
    }

    @Test func explainsHowToRecoverACorruptDatabase() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.stateDirectory, withIntermediateDirectories: true)
        let garbage = Data(repeating: 0xA5, count: 8192)
        try garbage.write(to: directory.stateDirectory.appending(path: "steward.sqlite"))
        let error = #expect(throws: StoreError.self) { try StatusStore.open(in: directory) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains(".recover") == true)
    }

    @Test func integrityCheckSaysOK() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        try await store.create(.sample())
        #expect(try await store.integrityCheck() == ["ok"])
    }
}
