import Foundation
import StewardTestSupport
import Testing

/// The `store:` section of steward.yaml and the `--store` flags, checked before anything starts:
/// each mistake is exit 2 with the file, the key and the fix, and a password never reaches the
/// output, even one written into the URL by mistake.
@Suite struct SharedStoreConfigTests {
    static let canary = "CANARY-store-pw-5c1e"

    struct Case: Sendable, CustomStringConvertible {
        var store: String
        var expected: String
        var description: String { expected }
    }

    static let cases: [Case] = [
        Case(store: "  url: postgresql://steward:\(canary)@db.internal/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n",
             expected: "store.url: carries a password; remove it from the URL and give it with store.passwordFile"),
        Case(store: "  passwordFile: PW\n  secretKeyFile: KEY\n", expected: "store.url: missing"),
        Case(store: "  url: mysql://steward@db/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n", expected: "store.url: not a postgresql:// URL"),
        Case(store: "  url: postgresql://db.internal/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n", expected: "store.url: names no user"),
        Case(store: "  url: postgresql://steward@db.internal\n  passwordFile: PW\n  secretKeyFile: KEY\n", expected: "store.url: names no database"),
        Case(store: "  url: postgresql://steward@db/steward?sslmode=maybe\n  passwordFile: PW\n  secretKeyFile: KEY\n",
             expected: "store.url: sslmode maybe is not one of"),
        Case(store: "  url: postgresql://steward@db/steward?password=x\n  passwordFile: PW\n  secretKeyFile: KEY\n",
             expected: "store.url: unknown parameter password"),
        Case(store: "  url: postgresql://steward@db/steward\n  secretKeyFile: KEY\n", expected: "store.passwordFile: missing"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: PW\n  passwordCredential: pw\n  secretKeyFile: KEY\n",
             expected: "both passwordFile and passwordCredential are set"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: /nonexistent/pw\n  secretKeyFile: KEY\n",
             expected: "store.passwordFile:"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: PW\n", expected: "store.secretKeyFile: missing; every host needs the same 32-byte key"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n  member: \"a b\"\n",
             expected: "store.member: \"a b\" is not a member name"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n  lease: 0s\n",
             expected: "store.lease: \"0s\" is not a lease between 1s and 10m"),
        Case(store: "  url: postgresql://steward@db/steward\n  passwordFile: PW\n  secretKeyFile: KEY\n  leese: 15s\n",
             expected: "store.leese: unknown setting"),
    ]

    @Test(arguments: cases)
    func aMistakeInTheStoreSectionStopsTheStartWithItsKeyAndFix(_ mistake: Case) throws {
        let dir = try TemporaryDirectory("steward-store-config")
        defer { dir.remove() }
        let password = try dir.write("pw", Self.canary + "\n")
        chmod(password, 0o600)
        let key = try dir.write("key", Data((0..<32).map { UInt8($0) }).base64EncodedString() + "\n")
        chmod(key, 0o600)
        let text = mistake.store.replacingOccurrences(of: "PW", with: password).replacingOccurrences(of: "KEY", with: key)
        let config = try dir.write("steward.yaml", "store:\n" + text)
        let result = try Subprocess.steward(["run", "--config", config, "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state")])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(config), "names the file: \(result.stderr)")
        #expect(result.stderr.contains(mistake.expected), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.canary) && !result.stdout.contains(Self.canary))
        // Nothing was started: no state directory was made.
        #expect(!FileManager.default.fileExists(atPath: dir.file("state")))
    }

    /// The flags lay over the file: `--store` replaces the file's URL, so the file's mistake is gone.
    @Test func theStoreFlagWinsOverTheFile() throws {
        let dir = try TemporaryDirectory("steward-store-flags")
        defer { dir.remove() }
        let config = try dir.write("steward.yaml", "store:\n  url: mysql://nope/x\n")
        let result = try Subprocess.steward(["run", "--config", config, "--store", "postgresql://steward@db.internal/steward",
                                             "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state")])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("not a postgresql:// URL"), "\(result.stderr)")
        #expect(result.stderr.contains("store.passwordFile: missing"), "\(result.stderr)")
    }
}
