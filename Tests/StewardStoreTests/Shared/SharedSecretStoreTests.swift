import Crypto
import Foundation
import StewardSpec
import StewardStore
import StewardTestSupport
import StewardWarehouse
import Testing

/// The integrations' secrets in the shared database: sealed with AES-GCM under the key every
/// host holds, bound to their row, readable by the next leader, and written only by the
/// current one.
@Suite struct SharedSecretStoreTests {
    static let key = SymmetricKey(data: (0..<32).map { UInt8($0) })

    @Test func roundTripsBothSecretsOfAnIntegration() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let secrets = store.secrets(key: Self.key)
        let uid = UUID()
        let other = UUID()
        #expect(try await secrets.read(uid: uid) == nil)
        #expect(try await secrets.readDeletionCredential(uid: uid) == nil)

        try await secrets.write(uid: uid, secret: Secret("system-päss'word\\x00;--"))
        try await secrets.writeDeletionCredential(uid: uid, secret: Secret("admin password"))
        try await secrets.write(uid: other, secret: Secret("another"))
        #expect(try await secrets.read(uid: uid)?.unredacted == "system-päss'word\\x00;--")
        #expect(try await secrets.readDeletionCredential(uid: uid)?.unredacted == "admin password")
        #expect(try await secrets.read(uid: other)?.unredacted == "another")
        #expect(try await secrets.readDeletionCredential(uid: other) == nil)

        // A write replaces; a reader (no writer) reads too.
        try await secrets.write(uid: uid, secret: Secret("rotated"))
        let reader = try await database.open(writer: nil).secrets(key: Self.key)
        #expect(try await reader.read(uid: uid)?.unredacted == "rotated")

        let rows = try await database.query("""
            SELECT key, integration_uid, key_id, length(sealed) AS bytes FROM steward_secret ORDER BY key COLLATE "C"
            """).rows
        let lower = uid.uuidString.lowercased()
        // Both uids are random: the two system rows come in byte order, whichever that is.
        #expect(rows.map { $0[0] } == ["deletion:\(lower)"] + ["system:\(other.uuidString.lowercased())", "system:\(lower)"].sorted())
        #expect(rows[0][1] == lower)
        #expect(rows.allSatisfy { $0[2] == secrets.keyID })
        // Nonce (12) + "admin password" (14) + tag (16).
        #expect(rows[0][3] == "42")

        try await secrets.deleteDeletionCredential(uid: uid)
        #expect(try await secrets.readDeletionCredential(uid: uid) == nil)
        #expect(try await secrets.read(uid: uid)?.unredacted == "rotated")
        try await secrets.delete(uid: uid)
        try await secrets.delete(uid: uid)
        try await secrets.deleteDeletionCredential(uid: uid)
        #expect(try await secrets.read(uid: uid) == nil)
        #expect(try await secrets.read(uid: other)?.unredacted == "another")
    }

    /// Each write draws a fresh nonce: the same value sealed twice is stored differently.
    @Test func sealsTheSameValueDifferentlyEachTime() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let secrets = store.secrets(key: Self.key)
        let uid = UUID()
        let sealed = "SELECT encode(sealed, 'hex') AS sealed FROM steward_secret"
        try await secrets.write(uid: uid, secret: Secret("same"))
        let first = try await database.query(sealed).value("sealed")
        try await secrets.write(uid: uid, secret: Secret("same"))
        let second = try await database.query(sealed).value("sealed")
        #expect(first != nil && first != second)
        #expect(try await secrets.read(uid: uid)?.unredacted == "same")
    }

    /// The canary never reaches a table: not as text, not as bytes in the sealed column, not in
    /// any other column of any table.
    @Test func theDatabaseNeverHoldsThePlaintext() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let secrets = store.secrets(key: Self.key)
        let canary = "canary-7f3a9c1e-plaintext"
        let record = try await store.create(.sample())
        try await secrets.write(uid: record.uid, secret: Secret(canary + "-system"))
        try await secrets.writeDeletionCredential(uid: record.uid, secret: Secret(canary + "-deletion"))
        try await store.setMeta("lastResync", "now")

        let hexCanary = canary.utf8.map { String(format: "%02x", $0) }.joined()
        let tables = try await database.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").rows.compactMap { $0[0] }
        #expect(tables.contains("steward_secret"))
        for table in tables {
            for row in try await database.query("SELECT t::text AS row FROM \(table) t").rows {
                let text = row[0] ?? ""
                #expect(!text.contains(canary), "\(table) holds the plaintext")
                #expect(!text.lowercased().contains(hexCanary), "\(table) holds the plaintext's bytes")
            }
        }
        for row in try await database.query("SELECT encode(sealed, 'escape') AS raw FROM steward_secret").rows {
            #expect(row[0].map { !$0.contains(canary) } == true)
        }
        #expect(try await secrets.read(uid: record.uid)?.unredacted == canary + "-system")
    }

    /// A host holding another key is told which key sealed the value and which it holds.
    @Test func anotherKeyIsNamedNotMistakenForTampering() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let uid = UUID()
        try await store.secrets(key: Self.key).write(uid: uid, secret: Secret("sealed with the first key"))

        let otherKey = SymmetricKey(size: .bits256)
        let other = store.secrets(key: otherKey)
        #expect(other.keyID != SharedSecretStore.keyID(of: Self.key))
        #expect(other.keyID.count == 16 && other.keyID.allSatisfy(\.isHexDigit))
        let error = await #expect(throws: StoreError.self) { try await other.read(uid: uid) }
        #expect(error?.code == .secretKeyMismatch)
        let expected = "sealed with key \(SharedSecretStore.keyID(of: Self.key)), this host holds key \(other.keyID): "
            + "every host needs the same secret key credential"
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }

    /// An altered value, and a value copied to another row (another integration's, or the other
    /// secret of the same integration), fail authentication.
    @Test func aTamperedOrMovedValueFailsAuthentication() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let secrets = store.secrets(key: Self.key)
        let (first, second, third) = (UUID(), UUID(), UUID())
        try await secrets.write(uid: first, secret: Secret("first-password"))
        try await secrets.write(uid: second, secret: Secret("second-password"))
        try await secrets.write(uid: third, secret: Secret("third-password"))
        try await secrets.writeDeletionCredential(uid: third, secret: Secret("third-deletion"))
        func key(_ prefix: String, _ uid: UUID) -> String { prefix + ":" + uid.uuidString.lowercased() }

        // One flipped bit of the ciphertext.
        try await database.query("UPDATE steward_secret SET sealed = set_byte(sealed, 14, get_byte(sealed, 14) # 1) WHERE key = $1",
                                 [key("system", first)])
        // The first integration's sealed value moved onto the second's row.
        try await database.query("""
            UPDATE steward_secret SET sealed = (SELECT sealed FROM steward_secret WHERE key = $1) WHERE key = $2
            """, [key("system", third), key("system", second)])
        // The system password moved onto the same integration's deletion row.
        try await database.query("""
            UPDATE steward_secret SET sealed = (SELECT sealed FROM steward_secret WHERE key = $1) WHERE key = $2
            """, [key("system", third), key("deletion", third)])

        let reads: [(String, () async throws -> Secret?)] = [
            (key("system", first), { try await secrets.read(uid: first) }),
            (key("system", second), { try await secrets.read(uid: second) }),
            (key("deletion", third), { try await secrets.readDeletionCredential(uid: third) }),
        ]
        for (row, read) in reads {
            let error = await #expect(throws: StoreError.self) { _ = try await read() }
            #expect(error?.code == .sealedSecretUnreadable, "\(row)")
            #expect(error?.message.contains("the secret \(row) in the shared status database fails authentication") == true)
        }
        #expect(try await secrets.read(uid: third)?.unredacted == "third-password")

        // A value cut short is refused the same way.
        try await database.query("UPDATE steward_secret SET sealed = substring(sealed from 1 for 8) WHERE key = $1", [key("system", third)])
        let short = await #expect(throws: StoreError.self) { try await secrets.read(uid: third) }
        #expect(short?.code == .sealedSecretUnreadable)
    }

    /// A deposed leader writes and deletes no secret; a store without a writer neither.
    @Test func onlyTheCurrentLeaderWritesSecrets() async throws {
        let database = try await SharedDatabase.make()
        let (old, lease) = try await database.openAsLeader(holder: "leader-a")
        let secrets = old.secrets(key: Self.key)
        let uid = UUID()
        try await secrets.write(uid: uid, secret: Secret("written while leading"))
        try await secrets.writeDeletionCredential(uid: uid, secret: Secret("deletion while leading"))
        // Given up rather than left to expire, so that no test's timing depends on the load.
        #expect(try await old.leases.release(holder: "leader-a", term: lease.term))
        let taken = try await old.leases.acquire(holder: "leader-b", leaseSeconds: 600)
        #expect(taken.term == lease.term + 1)

        let reader = try await database.open(writer: nil).secrets(key: Self.key)
        let before = try await database.snapshot()
        for (keeper, code) in [(secrets, StoreError.Code.fenced), (reader, .notLeader)] {
            let writes: [(String, () async throws -> Void)] = [
                ("write", { try await keeper.write(uid: uid, secret: Secret("overwritten")) }),
                ("write new", { try await keeper.write(uid: UUID(), secret: Secret("new")) }),
                ("delete", { try await keeper.delete(uid: uid) }),
                ("writeDeletionCredential", { try await keeper.writeDeletionCredential(uid: uid, secret: Secret("other")) }),
                ("deleteDeletionCredential", { try await keeper.deleteDeletionCredential(uid: uid) }),
            ]
            for (name, write) in writes {
                let error = await #expect(throws: StoreError.self, "\(name)") { try await write() }
                #expect(error?.code == code, "\(name): \(String(describing: error))")
                #expect(error.map { !"\($0)".contains("overwritten") && !"\($0)".contains("other") } == true)
            }
        }
        #expect(try await database.snapshot() == before, "a refused write changes nothing")
        // Reading needs no lease.
        #expect(try await secrets.read(uid: uid)?.unredacted == "written while leading")
    }

    /// Two hosts with the same key: after a takeover the new leader reads what the old one
    /// sealed, and the old one, now reading only, reads what the new one writes.
    @Test func theNextLeaderReadsTheSecretsAfterATakeover() async throws {
        let database = try await SharedDatabase.make()
        let (hostA, leaseA) = try await database.openAsLeader(holder: "host-a")
        let secretsA = hostA.secrets(key: Self.key)
        let uid = UUID()
        try await secretsA.write(uid: uid, secret: Secret("made by host a"))
        try await secretsA.writeDeletionCredential(uid: uid, secret: Secret("given to host a"))

        // Host a steps down (a planned takeover: no wait for the expiry).
        #expect(try await hostA.leases.release(holder: "host-a", term: leaseA.term))
        let observer = try await database.open(writer: nil)
        let lease = try await observer.leases.acquire(holder: "host-b", leaseSeconds: 600)
        let term = try #require(lease.writerTerm(for: "host-b"))
        #expect(term.term == leaseA.term + 1)
        let hostB = try await database.open(writer: StoreWriter(holder: term.holder, term: term.term))
        // Host b's key is a copy of the same bytes, loaded on its own.
        let secretsB = hostB.secrets(key: SymmetricKey(data: Self.key.withUnsafeBytes { Array($0) }))
        #expect(secretsB.keyID == secretsA.keyID)

        #expect(try await secretsB.read(uid: uid)?.unredacted == "made by host a")
        #expect(try await secretsB.readDeletionCredential(uid: uid)?.unredacted == "given to host a")
        try await secretsB.deleteDeletionCredential(uid: uid)
        let next = UUID()
        try await secretsB.write(uid: next, secret: Secret("made by host b"))

        #expect(try await secretsA.read(uid: next)?.unredacted == "made by host b")
        #expect(try await secretsA.readDeletionCredential(uid: uid) == nil)
        let fenced = await #expect(throws: StoreError.self) { try await secretsA.write(uid: uid, secret: Secret("late")) }
        #expect(fenced?.code == .fenced)
        #expect(try await secretsB.read(uid: uid)?.unredacted == "made by host a")
    }

    /// A store that cannot reach the database says so without naming the secret.
    @Test func errorsNeverNameTheSecret() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let secrets = store.secrets(key: Self.key)
        await store.close()
        let error = await #expect(throws: StoreError.self) {
            try await secrets.write(uid: UUID(), secret: Secret("never-in-an-error"))
        }
        #expect(error.map { !"\($0)".contains("never-in-an-error") } == true)
    }
}
