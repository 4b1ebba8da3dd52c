import Foundation
import StewardSpec
import StewardWarehouse
import StewardTestSupport
import Testing

@Suite struct SCRAMVerifierTests {
    @Test func hmacMatchesRFC4231() {
        // Test case 2.
        let mac = HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block size.
        let long = HMACSHA256.authenticate(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: [UInt8](repeating: 0xaa, count: 131))
        #expect(long.map { String(format: "%02x", $0) }.joined() == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func pbkdf2MatchesRFC7914() {
        // RFC 7914 section 11, PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1), first 32 bytes.
        let key = HMACSHA256.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1)
        #expect(key.map { String(format: "%02x", $0) }.joined() == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    /// PostgreSQL computes the same verifier for the same salt, and accepts ours for a login.
    @Test func postgresAcceptsTheVerifier() async throws {
        let server = try await TestPostgres.shared.start()
        let user = TestNames.unique("scram")
        let password = Secret("Scram-\(user)-9")
        let verifier = SCRAMVerifier.make(password: password)
        try await Catalog.execute(server, "CREATE ROLE \"\(user)\" LOGIN PASSWORD '\(verifier.unredacted)'")
        let stored = try await Catalog.query(server, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", [user])
        #expect(stored.value("rolpassword") == verifier.unredacted, "stored as given: PostgreSQL recognised it as a SCRAM verifier")
        let login = server.parameters().with(user: user, password: password)
        try await PGConnection.connect(login).close()
        await #expect(throws: WarehouseError.self) { try await PGConnection.connect(server.parameters().with(user: user, password: Secret("wrong"))).close() }
        try await Catalog.execute(server, "DROP ROLE \"\(user)\"")
    }
}
