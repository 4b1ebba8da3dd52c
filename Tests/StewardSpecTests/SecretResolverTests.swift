import Foundation
import Testing
import StewardSpec

@Suite("SecretResolver reads secrets at use time")
struct SecretResolverTests {
    let resolver = SecretResolver(environment: [:])

    func resolveError(_ source: SecretSource, environment: [String: String] = [:]) -> SecretResolutionError? {
        do {
            _ = try SecretResolver(environment: environment).resolve(source)
            Issue.record("expected \(source.reference) to fail")
            return nil
        } catch {
            return error
        }
    }

    @Test func inlineIsItself() throws {
        #expect(try resolver.resolve(.inline(Secret("abc1234"))).unredacted == "abc1234")
    }

    @Test func emptyInlineIsAnError() throws {
        let error = try #require(resolveError(.inline(Secret(""))))
        #expect(error.message == "the inline password is empty")
    }

    @Test(arguments: [
        ("hunter2\n", "hunter2"),
        ("hunter2\r\n", "hunter2"),
        ("hunter2", "hunter2"),
        ("hunter2\n\n", "hunter2\n"),
        (" spaced \n", " spaced "),
    ])
    func fileStripsOneTrailingLineBreak(_ contents: String, _ expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret", contents)
        #expect(try resolver.resolve(.file(path: path)).unredacted == expected)
    }

    @Test func missingFile() throws {
        let directory = try TemporaryDirectory()
        let error = try #require(resolveError(.file(path: "\(directory.path)/absent")))
        #expect(error.source == "passwordFile \(directory.path)/absent")
        #expect(error.message == "\(directory.path)/absent does not exist")
        #expect(error.fix?.contains("create it") == true)
    }

    @Test(arguments: ["", "\n", "\r\n"])
    func emptyFileIsAnError(_ contents: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret", contents)
        let error = try #require(resolveError(.file(path: path)))
        #expect(error.message == "the secret is empty")
    }

    @Test func unreadableFile() throws {
        let path: String
        let directory = try TemporaryDirectory()
        if bypassesFilePermissions {
            // Root reads any mode; a write-only sysctl is unreadable even for root.
            try #require(FileManager.default.fileExists(atPath: unreadableEvenForRoot))
            path = unreadableEvenForRoot
        } else {
            path = try directory.write("secret", "hunter2\n", mode: 0o000)
        }
        let error = try #require(resolveError(.file(path: path)))
        #expect(error.message == "permission denied reading \(path)")
        #expect(error.fix?.contains("chmod 0600") == true)
    }

    @Test func directoryAndFIFOAreRefusedWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let dirError = try #require(resolveError(.file(path: directory.path)))
        #expect(dirError.message == "\(directory.path) is a directory, not a regular file")
        let fifo = "\(directory.path)/fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let fifoError = try #require(resolveError(.file(path: fifo)))
        #expect(fifoError.message == "\(fifo) is a FIFO (named pipe), not a regular file")
    }

    @Test func largeFileIsRefusedWithoutShowingIt() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret", String(repeating: "S", count: 64 * 1024 + 1))
        let error = try #require(resolveError(.file(path: path)))
        #expect(error.message == "\(path) is 65537 bytes, more than the limit of 64 KiB (65536 bytes)")
        #expect(!error.description.contains("SSSS"))
        let atLimit = try directory.write("limit", String(repeating: "S", count: 64 * 1024))
        #expect(try resolver.resolve(.file(path: atLimit)).unredacted.count == 64 * 1024)
    }

    @Test func errorsNeverContainTheSecret() throws {
        let directory = try TemporaryDirectory()
        let canary = "CANARY-\u{0}-secret"
        let path = try directory.write("secret", canary)
        let error = try #require(resolveError(.file(path: path)))
        #expect(error.message == "the secret contains a NUL byte")
        #expect(!error.description.contains("CANARY"))
        let invalid = try directory.write("invalid", Data([0x43, 0x41, 0x4E, 0xFF, 0xFE]))
        #expect(resolveError(.file(path: invalid))?.message == "the secret is not valid UTF-8 text")
    }

    @Test func credentialFromTheCredentialsDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("redshift-admin", "from-systemd\n", mode: 0o400)
        let resolver = SecretResolver(environment: ["CREDENTIALS_DIRECTORY": directory.path])
        #expect(try resolver.resolve(.credential(name: "redshift-admin")).unredacted == "from-systemd")
    }

    @Test func credentialWithoutCredentialsDirectory() throws {
        let error = try #require(resolveError(.credential(name: "redshift-admin")))
        #expect(error.source == "passwordCredential redshift-admin")
        #expect(error.message.contains("CREDENTIALS_DIRECTORY is not set"))
        #expect(error.fix?.contains("LoadCredential=redshift-admin:/path/to/secret") == true)
        #expect(error.fix?.contains("passwordFile") == true)
        let empty = try #require(resolveError(.credential(name: "redshift-admin"), environment: ["CREDENTIALS_DIRECTORY": ""]))
        #expect(empty.message.contains("CREDENTIALS_DIRECTORY is not set"))
    }

    @Test func missingCredential() throws {
        let directory = try TemporaryDirectory()
        let error = try #require(resolveError(.credential(name: "absent"), environment: ["CREDENTIALS_DIRECTORY": directory.path]))
        #expect(error.message == "no credential named absent in \(directory.path)")
        #expect(error.fix?.contains("LoadCredential=absent:") == true)
    }

    @Test(arguments: ["..", ".", "a/b", "../etc/passwd", ""])
    func credentialNamesCannotEscapeTheDirectory(_ name: String) throws {
        let directory = try TemporaryDirectory()
        let error = try #require(resolveError(.credential(name: name), environment: ["CREDENTIALS_DIRECTORY": directory.path]))
        #expect(error.message == "the name is not a valid credential name")
    }

    @Test func relativeFilePathIsRefused() throws {
        #expect(resolveError(.file(path: "secrets/admin"))?.message == "the path is not absolute")
    }

    @Test func rotatedFileIsReadAgain() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret", "first\n")
        #expect(try resolver.resolve(.file(path: path)).unredacted == "first")
        try directory.write("secret", "second\n")
        #expect(try resolver.resolve(.file(path: path)).unredacted == "second")
    }
}
