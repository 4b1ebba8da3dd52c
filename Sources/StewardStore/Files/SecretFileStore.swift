import Foundation
import StewardSpec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Secrets kept in the state directory, one 0600 file each in a 0700 directory:
///
/// - `STATE/secrets/UID`: the generated password of an integration's system account;
/// - `STATE/secrets/UID.deletion`: privileged credentials given to a `DELETE` of the HTTP API,
///   used once by that deletion and then removed;
/// - `STATE/api-secrets/KEY` (``requestCredentials(stateDirectory:)``): passwords sent in the
///   body of an HTTP API request, referenced by the spec file the API writes and removed once
///   they are no longer needed.
///
/// Nothing else in the store sees them.
///
/// A write is atomic: the password goes to a temporary file that is created 0600 (never
/// readable by others, not even for an instant), flushed, and renamed over the old one, and the
/// directory is flushed, so a crash leaves either the old password or the new one. Temporary
/// files of a write interrupted by a crash (`.UID.*.tmp`) hold a password that was never used;
/// they are harmless in the 0700 directory and are not swept, because a sweep could race with
/// another process's write.
package struct SecretFileStore: Sendable {
    /// Longer than any password Steward generates; a bigger file is not one of ours.
    static let maximumSize = 64 * 1024

    /// `STATE/secrets` (or `STATE/api-secrets`).
    package let directory: URL

    private let paths: StatePaths

    /// Creates `STATE/secrets` (0700) if it is missing, and the state directory (0700) with it.
    package init(stateDirectory: URL) throws(StoreError) {
        let paths = StatePaths(stateDirectory: stateDirectory)
        try self.init(paths: paths, directory: paths.secrets)
    }

    /// The store of passwords sent in HTTP API request bodies: `STATE/api-secrets` (0700).
    package static func requestCredentials(stateDirectory: URL) throws(StoreError) -> SecretFileStore {
        let paths = StatePaths(stateDirectory: stateDirectory)
        return try SecretFileStore(paths: paths, directory: paths.requestSecrets)
    }

    private init(paths: StatePaths, directory: URL) throws(StoreError) {
        self.paths = paths
        self.directory = directory
        do throws(POSIXFailure) {
            try POSIXFiles.makeDirectory(paths.directory, mode: 0o700)
            try POSIXFiles.makeDirectory(directory, mode: 0o700)
        } catch {
            throw error.storeError(action: "create the secrets directory", paths: paths)
        }
    }

    /// The file holding the password of the integration with this uid.
    package func fileURL(uid: UUID) -> URL {
        fileURL(key: uid.uuidString.lowercased())
    }

    /// The file holding the secret stored under `key` (a file name: no `/`, not starting with `.`).
    package func fileURL(key: String) -> URL {
        directory.appending(path: key, directoryHint: .notDirectory)
    }

    /// Stores `secret` for `uid`, atomically replacing any previous one.
    package func write(uid: UUID, secret: Secret) throws(StoreError) {
        try write(key: uid.uuidString.lowercased(), secret: secret)
    }

    /// Stores `secret` under `key`, atomically replacing any previous one.
    package func write(key: String, secret: Secret) throws(StoreError) {
        try Self.checkKey(key)
        let target = fileURL(key: key).path
        let temporary = directory
            .appending(path: ".\(key).\(UUID().uuidString.lowercased()).tmp").path
        do throws(POSIXFailure) {
            try POSIXFiles.writeAtomically(Array(secret.unredacted.utf8), to: target, through: temporary, in: directory, mode: 0o600)
        } catch {
            throw error.storeError(action: "store a secret in \(directory.path)", paths: paths)
        }
    }

    /// The secret stored for `uid`, or nil if there is none.
    package func read(uid: UUID) throws(StoreError) -> Secret? {
        try read(key: uid.uuidString.lowercased())
    }

    /// The secret stored under `key`, or nil if there is none.
    package func read(key: String) throws(StoreError) -> Secret? {
        try Self.checkKey(key)
        let path = fileURL(key: key).path
        let bytes: [UInt8]
        do throws(POSIXFailure) {
            let descriptor: Int32
            do throws(POSIXFailure) {
                descriptor = try POSIXFiles.openFile(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            } catch where error.code == ENOENT {
                return nil
            }
            defer { close(descriptor) }
            bytes = try POSIXFiles.readAll(descriptor, limit: Self.maximumSize, path: path)
        } catch {
            throw error.storeError(action: "read a secret in \(directory.path)", paths: paths)
        }
        guard let value = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(
                code: .invalidRecord,
                message: "\(path) does not hold a password steward wrote (it is not UTF-8 text); "
                    + "restore it from a backup of the state directory")
        }
        return Secret(value)
    }

    /// Removes the secret of `uid`; nothing happens if there is none.
    package func delete(uid: UUID) throws(StoreError) {
        try delete(key: uid.uuidString.lowercased())
    }

    /// Removes the secret stored under `key`; nothing happens if there is none.
    package func delete(key: String) throws(StoreError) {
        try Self.checkKey(key)
        let path = fileURL(key: key).path
        do throws(POSIXFailure) {
            guard unlink(path) == 0 else {
                if errno == ENOENT { return }
                throw POSIXFailure(path: path)
            }
            try POSIXFiles.syncDirectory(directory)
        } catch {
            throw error.storeError(action: "remove a secret in \(directory.path)", paths: paths)
        }
    }

    /// The keys stored, sorted (temporary files of interrupted writes are not keys).
    package func keys() throws(StoreError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw StoreError(code: .io, message: "cannot list \(directory.path); check its permissions", underlying: error)
        }
    }

    static func checkKey(_ key: String) throws(StoreError) {
        guard !key.isEmpty, !key.hasPrefix("."), !key.contains("/"), key.utf8.count <= 200 else {
            throw StoreError(code: .invalidRecord, message: "\(key) is not a valid secret file name")
        }
    }
}
