import Crypto
import Foundation
import StewardSpec
import StewardStore
import Testing

/// The secret key that seals the shared database's secrets: 32 raw bytes or their base64, from
/// a file its owner alone may read or from a systemd credential; anything else is refused with
/// the file and the fix named, never the key.
@Suite struct SecretKeyFileTests {
    static let raw: [UInt8] = (0..<32).map { UInt8(($0 * 37 + 11) & 0xff) }

    /// Writes `bytes` to `name` in `directory` with `mode`, and returns the path.
    private func keyFile(_ directory: TemporaryDirectory, _ name: String, _ bytes: [UInt8],
                         mode: mode_t = 0o600) throws -> String {
        let path = directory.url.appending(path: name).path
        try Data(bytes).write(to: URL(filePath: path))
        #expect(chmod(path, mode) == 0)
        return path
    }

    private func bytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    @Test func readsThirtyTwoRawBytes() throws {
        let directory = try TemporaryDirectory()
        let path = try keyFile(directory, "secret-key", Self.raw)
        #expect(bytes(try SecretKeyFile.file(path: path).load(environment: [:])) == Self.raw)
    }

    @Test func readsBase64WithOrWithoutALineEnding() throws {
        let directory = try TemporaryDirectory()
        let encoded = Data(Self.raw).base64EncodedString()
        for (name, text) in [("plain", encoded), ("newline", encoded + "\n"), ("crlf", encoded + "\r\n")] {
            let path = try keyFile(directory, name, Array(text.utf8))
            #expect(bytes(try SecretKeyFile.file(path: path).load(environment: [:])) == Self.raw, "\(name)")
        }
    }

    @Test func readsASystemdCredential() throws {
        let directory = try TemporaryDirectory()
        _ = try keyFile(directory, "steward-secret-key", Array((Data(Self.raw).base64EncodedString() + "\n").utf8), mode: 0o400)
        let key = try SecretKeyFile.credential(name: "steward-secret-key").load(environment: ["CREDENTIALS_DIRECTORY": directory.url.path])
        #expect(bytes(key) == Self.raw)

        let unset = #expect(throws: StoreError.self) {
            try SecretKeyFile.credential(name: "steward-secret-key").load(environment: [:])
        }
        #expect(unset?.code == .secretKeyInvalid)
        #expect(unset?.message.contains("CREDENTIALS_DIRECTORY is not set") == true)
        let missing = #expect(throws: StoreError.self) {
            try SecretKeyFile.credential(name: "other").load(environment: ["CREDENTIALS_DIRECTORY": directory.url.path])
        }
        #expect(missing?.message.contains("no credential named other") == true)
        #expect(missing?.message.contains("systemd-creds encrypt") == true)
    }

    @Test func refusesAWrongSize() throws {
        let directory = try TemporaryDirectory()
        let cases: [(String, [UInt8], String)] = [
            ("short", Array(Self.raw.prefix(31)), "holds 31 bytes"),
            ("long", Self.raw + [0], "holds 33 bytes"),
            ("base64-16", Array(Data(Self.raw.prefix(16)).base64EncodedString().utf8), "the base64 of 16 bytes"),
            ("empty", [], "is empty"),
            ("text", Array("not a key at all\n".utf8), "holds 17 bytes"),
        ]
        for (name, contents, problem) in cases {
            let path = try keyFile(directory, name, contents)
            let error = #expect(throws: StoreError.self) { try SecretKeyFile.file(path: path).load(environment: [:]) }
            #expect(error?.code == .secretKeyInvalid, "\(name)")
            #expect(error?.message.contains(path) == true, "\(name): \(String(describing: error))")
            #expect(error?.message.contains(problem) == true, "\(name): \(String(describing: error))")
            #expect(error?.message.contains("head -c 32 /dev/urandom | base64 > \(path); chmod 600 \(path)") == true, "\(name)")
            #expect(error?.message.contains("systemd-creds encrypt") == true, "\(name)")
        }
    }

    @Test func refusesAFileOthersMayRead() throws {
        let directory = try TemporaryDirectory()
        for mode: mode_t in [0o640, 0o604, 0o660, 0o644] {
            let path = try keyFile(directory, "key-\(String(mode, radix: 8))", Self.raw, mode: mode)
            let error = #expect(throws: StoreError.self) { try SecretKeyFile.file(path: path).load(environment: [:]) }
            #expect(error?.code == .secretKeyInvalid)
            #expect(error?.message.contains("\(path) has mode \(String(mode, radix: 8))") == true, "\(String(describing: error))")
            #expect(error?.message.contains("chmod 600 \(path)") == true)
        }
        let owner = try keyFile(directory, "owner-read-only", Self.raw, mode: 0o400)
        #expect(bytes(try SecretKeyFile.file(path: owner).load(environment: [:])) == Self.raw)
    }

    @Test func refusesMissingFilesLinksAndRelativePaths() throws {
        let directory = try TemporaryDirectory()
        let target = try keyFile(directory, "secret-key", Self.raw)
        let link = directory.url.appending(path: "link").path
        #expect(symlink(target, link) == 0)
        let cases: [(String, String)] = [
            (directory.url.appending(path: "absent").path, "does not exist"),
            (link, "symbolic link"),
            ("relative/key", "not absolute"),
            (directory.url.path, "a directory"),
        ]
        for (path, problem) in cases {
            let error = #expect(throws: StoreError.self) { try SecretKeyFile.file(path: path).load(environment: [:]) }
            #expect(error?.code == .secretKeyInvalid)
            #expect(error?.message.contains(problem) == true, "\(String(describing: error))")
        }
    }

    @Test func neverReadsTheStateDirectory() throws {
        let directory = try TemporaryDirectory()
        let secrets = try SecretFileStore(stateDirectory: directory.stateDirectory)
        try secrets.write(key: "looks-like-a-key", secret: Secret(Data(Self.raw).base64EncodedString()))
        let path = secrets.fileURL(key: "looks-like-a-key").path
        let error = #expect(throws: StoreError.self) {
            try SecretKeyFile.file(path: path).load(environment: [:], protectedState: directory.stateDirectory.path)
        }
        #expect(error?.message.contains("in the state directory") == true, "\(String(describing: error))")
    }

    @Test func errorsNeverHoldTheKey() throws {
        let directory = try TemporaryDirectory()
        let encoded = Data(Self.raw).base64EncodedString()
        let path = try keyFile(directory, "readable", Array(encoded.utf8), mode: 0o644)
        let truncated = try keyFile(directory, "truncated", Array(encoded.dropLast(4).utf8))
        for path in [path, truncated] {
            let error = #expect(throws: StoreError.self) { try SecretKeyFile.file(path: path).load(environment: [:]) }
            #expect(error.map { !"\($0)".contains(encoded.prefix(20)) } == true)
        }
    }
}
