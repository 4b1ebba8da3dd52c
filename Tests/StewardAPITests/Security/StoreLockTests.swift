import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Security: no secret read touches the store. Spec files (written by hand: the API refuses
/// references) that name the store's files, directly, through a symbolic link or through a hard
/// link, are refused by identity before anything opens them; SQLite keeps its locks, and every
/// commit made afterwards survives a restart.
@Suite struct StoreLockTests {
    @Test func theStoreKeepsItsLocksAndEveryCommit() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let store = api.state + "/steward.sqlite"
        let shm = store + "-shm"
        // SQLite opens the WAL index at the first read: ask the daemon for something it reads
        // from the store, then see its dead-man-switch lock (see POSIXLocks).
        #expect(try api.client.request("GET", "/integrations").status == 200)
        try await waitUntil(timeout: .seconds(10)) { POSIXLocks.holdsReadLock(pid: api.daemon.pid, path: shm) }

        let symbolic = api.dir.file("store-link")
        #expect(symlink(store, symbolic) == 0)
        let hard = api.dir.file("wal-link")
        #expect(link(store + "-wal", hard) == 0)
        let named = [("store", store, "state directory"), ("shm", shm, "state directory"), ("lock", api.state + "/steward.lock", "state directory"),
                     ("symbolic", symbolic, "symbolic link"), ("hard", hard, "steward.sqlite-wal in the state directory")]
        for (index, (name, path, expected)) in named.enumerated() {
            let spec = """
                type: Redshift
                autoBootstrap: true
                config: {host: 127.0.0.1, port: \(index + 1), database: refused_\(index), initialDatabase: postgres,
                         username: admin, passwordFile: "\(path)", sslMode: disable, connectTimeout: 2}
                """
            _ = try api.dir.write("integrations.d/\(name).yaml", spec)
            let refused = try await api.daemon.waitFor(name, status: "createError")
            let error = refused["lastError"] as? String ?? ""
            #expect(error.contains(expected), "\(name): \(error)")
            #expect(!error.contains("SQLite format"))
        }
        // A spec file that is a link to the store is refused before it is opened, too.
        #expect(symlink(store, api.specs + "/linked.yaml") == 0)
        let linked = try await api.daemon.waitFor("linked", status: "createError")
        #expect((linked["lastError"] as? String ?? "").contains("steward.sqlite in the state directory"), "\(linked)")
        #expect(POSIXLocks.holdsReadLock(pid: api.daemon.pid, path: shm), "the store's locks are still held")

        // Over the API the same reference is a 400 before anything is read.
        let database = TestNames.unique("lockkept")
        let asked = try api.client.request("POST", "/integrations", body: try api.bodyNamingFile(store, database: database))
        #expect(asked.status == 400, "\(asked.body)")
        #expect(POSIXLocks.holdsReadLock(pid: api.daemon.pid, path: shm), "the store's locks are still held")

        // Commits after all of that survive a restart.
        let created = try api.client.request("POST", "/integrations", body: try api.seedBody("seed-userpassword", database: database))
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        let enabled = try await api.waitFor(id, status: "enabled")
        let name = try #require(enabled["name"] as? String)
        try await api.stop()

        let restarted = try DaemonProcess(specDirectory: api.specs, stateDirectory: api.state)
        try await restarted.waitFor(name, status: "enabled")
        for refused in named.map(\.0) + ["linked"] { try await restarted.waitFor(refused, status: "createError") }
        #expect(try await restarted.stop() == 0)
        await api.drop(databases: [database], roles: [enabled["systemAccount"] as? String].compactMap { $0 })
    }
}
