import Foundation
import StewardSpec
import StewardWarehouse
import StewardTestSupport
import Testing

@Suite struct SCRAMVerifierTests {
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
