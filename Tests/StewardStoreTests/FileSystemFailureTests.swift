import Foundation
import StewardSpec
import StewardStore
import StewardTestSupport
import Testing

/// A state directory that cannot be written gives a `StoreError` that says so and what to do,
/// never a crash. Real file systems: a tmpfs remounted read-only, a tmpfs filled up.
@Suite struct FileSystemFailureTests {
    /// Mounts a tmpfs inside `directory`, or cancels (skips) the test with the reason.
    private func tmpfs(in directory: TemporaryDirectory, size: String) throws -> TmpfsMount {
        do {
            return try TmpfsMount(at: directory.url.appending(path: "fs", directoryHint: .isDirectory), size: size)
        } catch {
            try Test.cancel("needs its own tmpfs: \(error.reason)")
        }
    }

    @Test func readOnlyStateDirectory() async throws {
        let directory = try TemporaryDirectory()
        let mount = try tmpfs(in: directory, size: "4m")
        let state = mount.url.appending(path: "state", directoryHint: .isDirectory)
        do {
            let store = try StatusStore(stateDirectory: state)
            try await store.create(.sample())
        }
        try mount.remountReadOnly()

        let opening = await #expect(throws: StoreError.self) {
            let store = try StatusStore(stateDirectory: state)
            try await store.create(.sample(name: "second", host: "second.example.com"))
        }
        #expect(opening?.code == .readOnly)
        #expect(opening?.message.contains("\(state.standardizedFileURL.path) is read-only") == true)
        #expect(opening?.message.contains("--state-dir") == true)

        let creating = #expect(throws: StoreError.self) {
            try StatusStore(stateDirectory: mount.url.appending(path: "fresh"))
        }
        #expect(creating?.code == .readOnly)

        let secret = #expect(throws: StoreError.self) {
            try SecretFileStore(stateDirectory: state).write(uid: UUID(), secret: Secret("pw"))
        }
        #expect(secret?.code == .readOnly)

        let lock = #expect(throws: StoreError.self) { try StateDirectoryLock(stateDirectory: state) }
        #expect(lock?.code == .readOnly)
    }

    @Test func fullFileSystem() async throws {
        let directory = try TemporaryDirectory()
        let mount = try tmpfs(in: directory, size: "1m")
        let state = mount.url.appending(path: "state", directoryHint: .isDirectory)
        let store = try StatusStore(stateDirectory: state)
        let secrets = try SecretFileStore(stateDirectory: state)
        let filler = mount.url.appending(path: "filler")
        try fill(filler)

        var big = NewIntegration.sample()
        big.desiredConfig = "{\"padding\":\"\(String(repeating: "x", count: 256 * 1024))\"}"
        let writing = await #expect(throws: StoreError.self) { try await store.create(big) }
        #expect(writing?.code == .diskFull)
        #expect(writing?.message.contains("no space left") == true)

        let secret = #expect(throws: StoreError.self) {
            try secrets.write(uid: UUID(), secret: Secret(String(repeating: "p", count: 64 * 1024)))
        }
        #expect(secret?.code == .diskFull)
        #expect(try FileManager.default.contentsOfDirectory(atPath: secrets.directory.path).isEmpty)

        // Once there is room again, the same store carries on.
        try FileManager.default.removeItem(at: filler)
        try await store.create(big)
        #expect(try await store.integrityCheck() == ["ok"])
    }

    /// Writes zeros to `url` until the file system is full.
    private func fill(_ url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 4096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        #expect(errno == ENOSPC)
    }

    @Test func unwritableDirectoryForAnOrdinaryUser() throws {
        guard geteuid() != 0 else {
            try Test.cancel("root ignores file modes; the read-only tmpfs test covers this case")
        }
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.stateDirectory, withIntermediateDirectories: true)
        chmod(directory.stateDirectory.path, 0o500)
        defer { chmod(directory.stateDirectory.path, 0o700) }
        let error = #expect(throws: StoreError.self) { try StatusStore.open(in: directory) }
        #expect(error?.code == .permissionDenied)
    }
}
