import Foundation
import Logging
import StewardReconciler
import StewardStore
import StewardTestSupport
import Synchronization
import Testing

/// A removal is decided from an earlier look at the folder; it is confirmed against the folder
/// at the moment it acts. These are the interleavings in which a file comes back between the
/// look and the act, played deterministically against a real PostgreSQL and a real store.
@Suite struct RemovalConfirmationTests {
    /// Answers `locate` from a script (one answer per call, the last one repeated), and counts
    /// the calls, so a test decides what the folder says at each moment the reconciler asks.
    final class ScriptedFolder: SpecLocator {
        let answers: Mutex<[SpecLocation]>
        let calls = Mutex(0)

        init(_ answers: [SpecLocation]) { self.answers = Mutex(answers) }

        func locate(_ name: String) throws(DirectoryScanError) -> SpecLocation {
            calls.withLock { $0 += 1 }
            return answers.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
        }
    }

    struct Setup {
        let server: TestPostgres.Server
        let dir: TemporaryDirectory
        let name: String
        let database: String
        let file: String
        let store: StatusStore
        let reconciler: IntegrationReconciler

        init() async throws {
            server = try await TestPostgres.shared.start()
            dir = try TemporaryDirectory()
            let tag = TestNames.unique("rc")
            name = tag.replacingOccurrences(of: "_", with: "-")
            database = tag + "_db"
            let passwordFile = dir.path + "/admin-password"
            try (server.password.unredacted + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
            file = dir.path + "/\(name).yaml"
            try TestSpecs.automaticFile(server, database: database, passwordFile: passwordFile)
                .write(toFile: file, atomically: true, encoding: .utf8)
            let state = URL(fileURLWithPath: dir.path + "/state")
            store = try StatusStore(stateDirectory: state)
            reconciler = IntegrationReconciler(store: store, secrets: try SecretFileStore(stateDirectory: state),
                                               logger: Logger(label: "test"))
        }

        func transitions() async throws -> [String] {
            let record = try #require(try await store.record(named: name))
            return try await store.transitions(integrationId: record.id).map(\.toStatus.rawValue)
        }

        func drop() async {
            try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            try? await Catalog.execute(server, "DROP ROLE IF EXISTS steward_\(name.replacingOccurrences(of: "-", with: "_"))")
        }
    }

    /// A worker read "missing" (or the grace period ended) but the file is back when the
    /// removal would record its first transition: nothing is recorded, nothing is dropped.
    @Test func aFileBackBeforeTheFirstTransitionCallsTheRemovalOff() async throws {
        let setup = try await Setup()
        let created = await setup.reconciler.reconcile(name: setup.name, location: .file(path: setup.file))
        #expect(created.record?.status == .enabled, "\(created.message ?? "")")

        let folder = ScriptedFolder([.file(path: setup.file)])
        let report = await setup.reconciler.reconcile(name: setup.name, location: .missing, folder: folder)
        #expect(report.disposition == .fileReturned)
        #expect(folder.calls.withLock { $0 } == 1)
        await #expect(try setup.transitions() == ["creating", "enabled"])
        #expect(try await Catalog.databaseExists(setup.server, setup.database))
        await setup.drop()
    }

    /// The file comes back after `deleting` was recorded, while the privileged login and the
    /// catalog observation ran: the deletion is called off right before the first DROP, and the
    /// next reconcile of the file brings the integration back (`editing` → `enabled`) with its
    /// database and marker untouched.
    @Test func aFileBackBeforeTheFirstDropCallsTheDeletionOff() async throws {
        let setup = try await Setup()
        let created = await setup.reconciler.reconcile(name: setup.name, location: .file(path: setup.file))
        #expect(created.record?.status == .enabled, "\(created.message ?? "")")

        let folder = ScriptedFolder([.missing, .file(path: setup.file)])
        let report = await setup.reconciler.reconcile(name: setup.name, location: .missing, folder: folder)
        #expect(report.disposition == .fileReturned, "\(report.message ?? "")")
        #expect(folder.calls.withLock { $0 } == 2, "asked before the transition and before the first DROP")
        await #expect(try setup.transitions() == ["creating", "enabled", "deleting"])
        #expect(try await Catalog.databaseExists(setup.server, setup.database), "nothing was dropped")

        let back = await setup.reconciler.reconcile(name: setup.name, location: .file(path: setup.file))
        #expect(back.record?.status == .enabled, "\(back.message ?? "")")
        await #expect(try setup.transitions() == ["creating", "enabled", "deleting", "editing", "enabled"])
        let record = try #require(try await setup.store.record(named: setup.name))
        #expect(try await setup.store.transitions(integrationId: record.id).last(where: { $0.toStatus == .editing })?.reason == .fileReappeared)

        // And a removal that stays confirmed still deletes.
        let gone = ScriptedFolder([.missing])
        let deleted = await setup.reconciler.reconcile(name: setup.name, location: .missing, folder: gone)
        #expect(deleted.record?.status == .deleted, "\(deleted.message ?? "")")
        #expect(try await !Catalog.databaseExists(setup.server, setup.database))
        await setup.drop()
    }

    /// A folder that cannot be read at the moment of acting confirms nothing: no removal.
    @Test func anUnreadableFolderCallsTheRemovalOff() async throws {
        let setup = try await Setup()
        let created = await setup.reconciler.reconcile(name: setup.name, location: .file(path: setup.file))
        #expect(created.record?.status == .enabled, "\(created.message ?? "")")
        let folder = SpecFolder(directory: setup.dir.path + "/no-such-folder")
        let report = await setup.reconciler.reconcile(name: setup.name, location: .missing, folder: folder)
        #expect(report.disposition == .fileReturned)
        await #expect(try setup.transitions() == ["creating", "enabled"])
        await setup.drop()
    }
}
