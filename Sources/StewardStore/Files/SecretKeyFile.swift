import Crypto
import Foundation
import StewardSpec

/// Where the secret key that seals the integrations' secrets in the shared status database
/// comes from: a file, or a systemd credential (`LoadCredential=NAME:PATH` or
/// `LoadCredentialEncrypted=`, read from `$CREDENTIALS_DIRECTORY/NAME`). Every host sharing the
/// database needs the same key.
///
/// The file holds the 256-bit key as exactly 32 raw bytes, or as their base64 (44 characters)
/// with an optional trailing newline: `head -c 32 /dev/urandom | base64`. It is read the careful
/// way (`RegularFileReader`): no symbolic link in the last component, a regular file only, none
/// of the state directory's files, and only a file its owner alone may read (mode 0600 or
/// 0400). Errors name the file and the fix, never the key.
package enum SecretKeyFile: Sendable, Hashable, CustomStringConvertible {
    case file(path: String)
    case credential(name: String)

    /// The key's size in bytes (AES-256).
    package static let keyBytes = 32
    /// No key file is larger: 44 base64 characters and a line ending, with room to spare.
    static let maximumSize = 1024

    /// Reads and checks the key.
    ///
    /// - Parameters:
    ///   - environment: where `CREDENTIALS_DIRECTORY` is taken from (the process's by default).
    ///   - protectedState: a state directory none of whose files is read as the key.
    package func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                      protectedState: String? = nil) throws(StoreError) -> SymmetricKey {
        let path = try self.path(environment: environment)
        let protected = protectedState.map { ProtectedFiles(stateDirectory: $0) } ?? ProtectedFiles()
        let bytes: [UInt8]
        switch RegularFileReader.contents(ofFileAt: path, limit: Self.maximumSize, followLinks: false, ownerOnly: true,
                                          protected: protected) {
        case .success(let contents):
            bytes = contents
        case .failure(let failure):
            throw refusal(failure, path: path)
        }
        return SymmetricKey(data: try Self.keyBytes(from: bytes, source: description, path: path))
    }

    /// The file to read: the path itself, or the credential's file.
    func path(environment: [String: String]) throws(StoreError) -> String {
        switch self {
        case .file(let path):
            guard path.hasPrefix("/") else {
                throw StoreError.secretKeyInvalid(source: description, problem: "the path is not absolute",
                                                  fix: "write the full path, starting with /")
            }
            return path
        case .credential(let name):
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
                throw StoreError.secretKeyInvalid(source: description, problem: "\(name) is not a credential name",
                                                  fix: "use the NAME of LoadCredential=NAME:PATH (no /)")
            }
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw StoreError.secretKeyInvalid(
                    source: description, problem: "CREDENTIALS_DIRECTORY is not set, so systemd passed no credentials to this process",
                    fix: "add LoadCredentialEncrypted=\(name):/path/to/key.cred (made with `systemd-creds encrypt`) or "
                        + "LoadCredential=\(name):/path/to/key to the [Service] section of the steward unit")
            }
            return directory.hasSuffix("/") ? directory + name : directory + "/" + name
        }
    }

    /// The key in `bytes`: 32 raw bytes, or base64 of 32 bytes with an optional line ending.
    static func keyBytes(from bytes: [UInt8], source: String, path: String) throws(StoreError) -> [UInt8] {
        if bytes.count == keyBytes { return bytes }
        var text = bytes[...]
        if text.last == UInt8(ascii: "\n") {
            text.removeLast()
            if text.last == UInt8(ascii: "\r") { text.removeLast() }
        }
        guard !text.isEmpty else {
            throw StoreError.secretKeyInvalid(source: source, problem: "\(path) is empty", fix: remedy(path: path))
        }
        let problem = "\(path) holds \(bytes.count) bytes, which is neither a \(keyBytes)-byte key nor the base64 of one"
        guard let string = String(validating: text, as: UTF8.self), let decoded = Data(base64Encoded: string) else {
            throw StoreError.secretKeyInvalid(source: source, problem: problem, fix: remedy(path: path))
        }
        guard decoded.count == keyBytes else {
            throw StoreError.secretKeyInvalid(
                source: source, problem: "\(path) holds the base64 of \(decoded.count) bytes; the key is \(keyBytes) bytes (256 bits)",
                fix: remedy(path: path))
        }
        return Array(decoded)
    }

    /// How to make a key at `path`.
    static func remedy(path: String) -> String {
        "make a key with `head -c 32 /dev/urandom | base64 > \(path); chmod 600 \(path)` (or keep it encrypted with "
            + "`systemd-creds encrypt` and LoadCredentialEncrypted=), and give every host the same one"
    }

    /// The error for a file that could not be read as the key.
    func refusal(_ failure: RegularFileReader.Failure, path: String) -> StoreError {
        switch failure {
        case .accessibleToOthers(let mode):
            return StoreError.secretKeyInvalid(
                source: description, problem: "\(path) has mode \(String(mode, radix: 8)): its group or others may read it",
                fix: "chmod 600 \(path) (and make a new key if others may have read this one: "
                    + "`head -c 32 /dev/urandom | base64 > \(path); chmod 600 \(path)`, on every host)")
        case .notFound:
            if case .credential(let name) = self {
                return StoreError.secretKeyInvalid(
                    source: description, problem: "no credential named \(name) in \(URL(filePath: path).deletingLastPathComponent().path)",
                    fix: "add LoadCredentialEncrypted=\(name):/path/to/key.cred (made with `systemd-creds encrypt`) "
                        + "to the steward unit and restart it")
            }
            return StoreError.secretKeyInvalid(source: description, problem: "\(path) does not exist", fix: Self.remedy(path: path))
        case .permissionDenied:
            return StoreError.secretKeyInvalid(source: description, problem: "permission denied reading \(path)",
                                               fix: "let the steward service user read it: chown steward \(path) and chmod 600 \(path)")
        case .symlinkLoop, .symbolicLink:
            return StoreError.secretKeyInvalid(source: description, problem: "\(path) is a symbolic link; the key file is opened without following links",
                                               fix: "name the file itself (readlink -f \(path))")
        case .protected(let what):
            return StoreError.secretKeyInvalid(source: description, problem: "\(path) is \(what)",
                                               fix: "keep the key in a file of its own outside the state directory")
        case .notRegular(let kind):
            return StoreError.secretKeyInvalid(source: description, problem: "\(path) is \(kind), not a regular file",
                                               fix: "keep the key in a regular file")
        case .tooLarge:
            return StoreError.secretKeyInvalid(
                source: description, problem: "\(path) is larger than \(Self.maximumSize) bytes, so it is not a key",
                fix: Self.remedy(path: path))
        case .system(let operation, let reason):
            return StoreError.secretKeyInvalid(source: description, problem: "could not read \(path) (\(operation): \(reason))",
                                               fix: "check the file and its disk")
        }
    }

    package var description: String {
        switch self {
        case .file(let path): "secretKeyFile \(path)"
        case .credential(let name): "secretKeyCredential \(name)"
        }
    }
}
