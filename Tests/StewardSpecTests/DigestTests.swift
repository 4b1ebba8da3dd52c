import Foundation
import Testing
@testable import StewardSpec

@Suite("SHA-256 and the spec digest")
struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func standardVectors(_ message: String, _ expected: String) {
        #expect(SHA256.hexDigest(of: message) == expected)
    }

    @Test func oneMillionAs() {
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55/56 bytes and multiples of 64).
    @Test(arguments: [
        (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
        (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
        (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
        (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
        (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
        (119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"),
        (120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"),
    ])
    func paddingBoundaries(_ length: Int, _ expected: String) {
        #expect(SHA256.hexDigest(of: String(repeating: "x", count: length)) == expected)
    }

    /// RFC 4231 test case 2 and a key longer than the block (test case 6).
    @Test func hmacMatchesRFC4231() {
        #expect(SHA256.hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(SHA256.hex(HMACSHA256.authenticate(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                                                   key: [UInt8](repeating: 0xaa, count: 131)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// PBKDF2-HMAC-SHA-256 vectors (RFC 7914 section 11, first 32 bytes; and c = 4096).
    @Test func pbkdf2MatchesKnownVectors() {
        #expect(SHA256.hex(HMACSHA256.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1))
            == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        #expect(SHA256.hex(HMACSHA256.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 4096))
            == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
    }

    /// Pins the digest of the seed's body: if a toolchain or encoder change alters the canonical
    /// JSON, every integration would look edited, and this test says so first.
    @Test func seedDigestIsPinned() throws {
        let spec = try #require(parsed(Seed.userPassword))
        #expect(spec.digest == SHA256.hexDigest(spec.redacted.canonicalJSON()))
        #expect(spec.digest == "fecd878ed86a5a8ce8de49054a7c3e20795a3412f4c9d4f514a1d63836e75543")
    }

    @Test func digestIgnoresFormattingAndDefaults() throws {
        let compact = try #require(parsed(SpecYAML().text))
        let explicit = try #require(parsed(SpecYAML(top: [("deletionPolicy", "Delete")], config: [
            ("port", "5439"), ("sslMode", "require"), ("connectTimeout", "10"),
            ("impersonation", "{enabled: false}"), ("authenticationType", "userPassword"),
        ]).text))
        #expect(compact.digest == explicit.digest)
        #expect(compact.digest.count == 64)
        #expect(compact.digest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func changingOnlyTheInlinePasswordIsNotAnEdit() throws {
        let before = try #require(parsed(SpecYAML.config("password", "old-password")))
        let after = try #require(parsed(SpecYAML.config("password", "new-password")))
        #expect(before != after)
        #expect(before.digest == after.digest)
    }

    @Test(arguments: [
        ("port", "5440"), ("host", "other.example.com"), ("database", "other"), ("sslMode", "disable"), ("sslRootCert", "/etc/steward/ca.crt"),
        ("connectTimeout", "11"), ("impersonation", "{enabled: true}"), ("username", "root"),
        ("initialDatabase", "prod"),
    ])
    func changingAnyOtherFieldIsAnEdit(_ key: String, _ value: String) throws {
        let before = try #require(parsed(SpecYAML().text))
        let after = try #require(parsed(SpecYAML.config(key, value)))
        #expect(before.digest != after.digest)
    }

    @Test func switchingThePasswordSourceIsAnEdit() throws {
        let inline = try #require(parsed(SpecYAML().text))
        let file = try #require(parsed(SpecYAML(config: [("password", nil), ("passwordFile", "/etc/steward/a")]).text))
        let otherFile = try #require(parsed(SpecYAML(config: [("password", nil), ("passwordFile", "/etc/steward/b")]).text))
        #expect(Set([inline.digest, file.digest, otherFile.digest]).count == 3)
    }

    @Test func deletionPolicyAndAutoBootstrapAreEdits() throws {
        let base = try #require(parsed(SpecYAML().text))
        #expect(parsed(SpecYAML(top: [("deletionPolicy", "Retain")]).text)?.digest != base.digest)
        #expect(parsed(SpecYAML(top: [("autoBootstrap", "false")]).text)?.digest != base.digest)
    }
}
