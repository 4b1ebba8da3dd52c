import Foundation
import StewardSpec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The generated passwords of system accounts, one file per integration uid under
/// `STATE/secrets/` (directory 0700, files 0600). Nothing else in the store sees them.
///
/// A write is atomic: the password goes to a temporary file that is created 0600 (never
/// readable by others, not even for an instant), flushed, and renamed over the old one, and the
/// directory is flushed, so a crash leaves either the old password or the new one. Temporary
/// files of a write interrupted by a crash (`.UID.*.tmp`) hold a password that was never used;
/// they are harmless in the 0700 directory and are not swept, because a sweep could race with
/// another process's write.
public struct SecretFileStore: Sendable {
    /// Longer than any password Steward generates; a bigger file is not one of ours.
    static let maximumSize = 64 * 1024

    /// `STATE/secrets`.
    public var directory: URL { paths.secrets }

    private let paths: StatePaths

    /// Creates `STATE/secrets` (0700) if it is missing, and the state directory (0700) with it.
    public init(stateDirectory: URL) throws(StoreError) {
        paths = StatePaths(stateDirectory: stateDirectory)
        do throws(POSIXFailure) {
            try POSIXFiles.makeDirectory(paths.directory, mode: 0o700)
            try POSIXFiles.makeDirectory(paths.secrets, mode: 0o700)
        } catch {
            throw error.storeError(action: "create the secrets directory", paths: paths)
        }
    }

    /// The file holding the password of the integration with this uid.
    public func fileURL(uid: UUID) -> URL {
        paths.secrets.appending(path: uid.uuidString.lowercased(), directoryHint: .notDirectory)
    }

    /// Stores `secret` for `uid`, atomically replacing any previous one.
    public func write(uid: UUID, secret: Secret) throws(StoreError) {
        let target = fileURL(uid: uid).path
        let temporary = paths.secrets
            .appending(path: ".\(uid.uuidString.lowercased()).\(UUID().uuidString.lowercased()).tmp").path
        do throws(POSIXFailure) {
            let descriptor = try POSIXFiles.openFile(
                temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: 0o600)
            do throws(POSIXFailure) {
                defer { close(descriptor) }
                // The umask can only narrow 0600; make it exactly 0600 all the same.
                guard fchmod(descriptor, 0o600) == 0 else { throw POSIXFailure(path: temporary) }
                try POSIXFiles.writeAll(descriptor, Array(secret.unredacted.utf8), path: temporary)
                try POSIXFiles.sync(descriptor, path: temporary)
                guard rename(temporary, target) == 0 else { throw POSIXFailure(path: target) }
            } catch {
                unlink(temporary)
                throw error
            }
            try POSIXFiles.syncDirectory(paths.secrets)
        } catch {
            throw error.storeError(action: "store the password of a system account", paths: paths)
        }
    }

    /// The secret stored for `uid`, or nil if there is none.
    public func read(uid: UUID) throws(StoreError) -> Secret? {
        let path = fileURL(uid: uid).path
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
            throw error.storeError(action: "read the password of a system account", paths: paths)
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
    public func delete(uid: UUID) throws(StoreError) {
        let path = fileURL(uid: uid).path
        do throws(POSIXFailure) {
            guard unlink(path) == 0 else {
                if errno == ENOENT { return }
                throw POSIXFailure(path: path)
            }
            try POSIXFiles.syncDirectory(paths.secrets)
        } catch {
            throw error.storeError(action: "remove the password of a system account", paths: paths)
        }
    }
}
