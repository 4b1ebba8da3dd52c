import StewardFederation
import StewardTestSupport
import Testing

/// Certificates and host names are verified: against the system's trust roots, or a CA bundle
/// given instead. A failure is permanent (not retried) and says what to check.
struct TLSVerificationTests {
    @Test func certificatesAndHostNamesAreVerifiedAgainstTheGivenBundle() async throws {
        let directory = try TemporaryDirectory("steward-tls")
        defer { directory.remove() }
        let files = try TLSFiles(in: directory, names: ["DNS:localhost"])
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"], tls: files)
        let byName = try EndpointURL.parse("https://localhost:\(okta.port)")
        let byAddress = try EndpointURL.parse("https://127.0.0.1:\(okta.port)")

        // The bundle trusts the certificate, which names localhost.
        let trusting = FederationHTTPClient(caBundlePath: files.certificatePath)
        let stats = try await trusting.send(HTTPRequest(method: .get, endpoint: byName, pathAndQuery: "/_stats"))
        #expect(stats.status == 200)

        // The system's roots do not know the certificate.
        try await expectTLSFailure(FederationHTTPClient(), byName, mentioning: "trusted CA")
        // The certificate does not name 127.0.0.1.
        try await expectTLSFailure(trusting, byAddress, mentioning: nil)
        // A bundle that cannot be read is named, with the fix.
        try await expectTLSFailure(FederationHTTPClient(caBundlePath: directory.file("missing.pem")), byName,
                                   mentioning: "missing.pem could not be read")
    }

    private func expectTLSFailure(_ client: FederationHTTPClient, _ endpoint: EndpointURL, mentioning text: String?) async throws {
        await #expect {
            _ = try await client.send(HTTPRequest(method: .get, endpoint: endpoint, pathAndQuery: "/_stats"))
        } throws: { error in
            guard let error = error as? HTTPTransportError, case .tlsFailed(let host, _) = error else { return false }
            return host == endpoint.host && !error.isTransient && text.map { error.description.contains($0) } ?? true
        }
    }
}
