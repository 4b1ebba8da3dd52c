import Foundation
import StewardSpec
import StewardStore
import Testing

/// System-account passwords: 0600 files in a 0700 directory, replaced atomically, and nowhere else.
@Suite struct SecretFileStoreTests {
    private func mode(_ url: URL) -> mode_t {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    @Test func writesOwnerOnlyFiles() throws {
        let directory = try TemporaryDirectory()
        let secrets = try SecretFileStore(stateDirectory: directory.stateDirectory)
        let uid = UUID()

        try secrets.write(uid: uid, secret: Secret("s3cret-one"))

        #expect(mode(directory.stateDirectory) == 0o700)
        #expect(mode(secrets.directory) == 0o700)
        #expect(mode(secrets.fileURL(uid: uid)) == 0o600)
        #expect(try secrets.read(uid: uid)?.unredacted == "s3cret-one")
    }

    @Test func replacesAtomically() throws {
        let directory = try TemporaryDirectory()
        let secrets = try SecretFileStore(stateDirectory: directory.stateDirectory)
        let uid = UUID()
        try secrets.write(uid: uid, secret: Secret("old-password"))
        // A reader that opened the old file keeps reading the old file, whole.
        let reader = try FileHandle(forReadingFrom: secrets.fileURL(uid: uid))
        defer { try? reader.close() }

        try secrets.write(uid: uid, secret: Secret("new-password"))

        #expect(try reader.readToEnd() == Data("old-password".utf8))
        #expect(try secrets.read(uid: uid)?.unredacted == "new-password")
        #expect(mode(secrets.fileURL(uid: uid)) == 0o600)
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: secrets.directory.path)
        #expect(names == [uid.uuidString.lowercased()])
    }

    @Test func readsNothingForAnUnknownUIDAndDeletes() throws {
        let directory = try TemporaryDirectory()
        let secrets = try SecretFileStore(stateDirectory: directory.stateDirectory)
        let uid = UUID()
        #expect(try secrets.read(uid: uid) == nil)
        try secrets.write(uid: uid, secret: Secret("doomed"))
        try secrets.delete(uid: uid)
        try secrets.delete(uid: uid)
        #expect(try secrets.read(uid: uid) == nil)
    }

    /// The files keep the reconciler's two secrets of an integration apart, through the
    /// `SecretKeeping` interface the reconciler uses.
    @Test func keepsBothSecretsOfAnIntegrationAsASecretKeeper() async throws {
        let directory = try TemporaryDirectory()
        let files = try SecretFileStore(stateDirectory: directory.stateDirectory)
        let keeper: any SecretKeeping = files
        let uid = UUID()
        try await keeper.write(uid: uid, secret: Secret("system-password"))
        try await keeper.writeDeletionCredential(uid: uid, secret: Secret("admin-password"))
        #expect(try await keeper.read(uid: uid)?.unredacted == "system-password")
        #expect(try await keeper.readDeletionCredential(uid: uid)?.unredacted == "admin-password")
        #expect(mode(files.fileURL(key: uid.uuidString.lowercased() + ".deletion")) == 0o600)
        try await keeper.deleteDeletionCredential(uid: uid)
        #expect(try await keeper.readDeletionCredential(uid: uid) == nil)
        #expect(try await keeper.read(uid: uid)?.unredacted == "system-password")
        try await keeper.delete(uid: uid)
        #expect(try await keeper.read(uid: uid) == nil)
    }

    /// The canary is written as a secret beside a busy store; no file of the state directory
    /// other than the secrets folder (database, WAL, shared memory, lock) may contain it.
    @Test func secretsNeverReachTheDatabase() async throws {
        let directory = try TemporaryDirectory()
        let canary = "CANARY-\(UUID().uuidString)"
        let store = try StatusStore.open(in: directory)
        let lock = try StateDirectoryLock(stateDirectory: directory.stateDirectory)
        defer { lock.release() }
        let secrets = try SecretFileStore(stateDirectory: directory.stateDirectory)

        let record = try await store.create(.sample())
        try secrets.write(uid: record.uid, secret: Secret(canary))
        try await store.transition(id: record.id, to: .enabled, reason: .applied) { $0.appliedConfig = $0.desiredConfig }
        try await store.markCreated(integrationId: record.id, kind: .user, name: record.systemUser)
        try await store.setMeta("lastResync", "now")

        let stateFiles = try files(under: directory.stateDirectory, skipping: secrets.directory)
        #expect(stateFiles.contains { $0.lastPathComponent == "steward.sqlite-wal" })
        for file in stateFiles {
            let contents = try Data(contentsOf: file)
            #expect(contents.range(of: Data(canary.utf8)) == nil, "\(file.lastPathComponent) holds the secret")
        }
        // The scan would have seen it: the secret file itself does hold the bytes.
        #expect(try Data(contentsOf: secrets.fileURL(uid: record.uid)) == Data(canary.utf8))
    }

    private func files(under root: URL, skipping skipped: URL) throws -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker {
            if url.standardizedFileURL.path == skipped.standardizedFileURL.path {
                walker.skipDescendants()
                continue
            }
            if try url.resourceValues(forKeys: Set(keys)).isRegularFile == true { found.append(url) }
        }
        return found
    }
}
