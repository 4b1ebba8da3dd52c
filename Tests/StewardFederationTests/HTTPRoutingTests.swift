import Foundation
@testable import StewardFederation
import StewardTestSupport
import Testing

/// Where the login's HTTP client sends a request: redirects, the proxy setting and the
/// loopback-only rule for plain http, against real loopback servers.
struct HTTPRoutingTests {
    let client = FederationHTTPClient()

    func get(_ port: Int, _ pathAndQuery: String, redirects: HTTPRequest.Redirects) throws -> HTTPRequest {
        HTTPRequest(method: .get, endpoint: try EndpointURL.parse("http://127.0.0.1:\(port)"), pathAndQuery: pathAndQuery,
                    redirects: redirects)
    }

    @Test func sameOriginRedirectsAreFollowedOnlyWhenAskedAndWithinTheLimit() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        let followed = try await client.send(get(okta.port, "/_redirect?to=/_stats", redirects: .sameOrigin(limit: 1)))
        #expect(followed.status == 200)
        #expect(followed.text.contains("\"authn\": 0"))
        let absolute = "http://127.0.0.1:\(okta.port)/_stats"
        #expect(try await client.send(get(okta.port, "/_redirect?to=\(absolute)", redirects: .sameOrigin(limit: 1))).status == 200)
        let notFollowed = try await client.send(get(okta.port, "/_redirect?to=/_stats", redirects: .none))
        #expect(notFollowed.status == 302)
        #expect(notFollowed.headers["location"] == "/_stats")
        await #expect(throws: HTTPTransportError.tooManyRedirects(host: "127.0.0.1")) {
            _ = try await client.send(get(okta.port, "/_redirect?to=/_redirect%3Fto%3D/_stats", redirects: .sameOrigin(limit: 1)))
        }
    }

    /// Another host, port or scheme is another origin: the redirect is refused, naming where
    /// it pointed (host and port only: a location's path and query can hold tokens).
    @Test func aRedirectToAnotherOriginIsRefused() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        for (location, target) in [("http://127.0.0.2:\(okta.port)/_stats?token=secret", "127.0.0.2:\(okta.port)"),
                                   ("http://127.0.0.1:1/_stats", "127.0.0.1:1"),
                                   ("https://127.0.0.1:\(okta.port)/_stats", "127.0.0.1:\(okta.port)"),
                                   ("//localhost:\(okta.port)/_stats", "localhost:\(okta.port)")] {
            let query = "/_redirect?to=" + FormField.percentEncode(location)
            await #expect(throws: HTTPTransportError.redirectRefused(host: "127.0.0.1", target: target)) {
                _ = try await client.send(get(okta.port, query, redirects: .sameOrigin(limit: 5)))
            }
        }
        #expect(try okta.stats().authn == 0)
    }

    /// Requests go through the configured proxy, as a `CONNECT` tunnel.
    @Test func theProxySettingIsUsedForEveryRequest() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        let directory = try TemporaryDirectory("steward-proxy")
        defer { directory.remove() }
        let proxy = try await FixtureProcess.start(script: "connect_proxy.py", in: directory)
        defer { proxy.stop() }
        let proxied = FederationHTTPClient(proxy: try HTTPProxy.parse("http://127.0.0.1:\(proxy.port)"))
        let stats = try await proxied.send(get(okta.port, "/_stats", redirects: .none))
        #expect(stats.status == 200)
        let log = CloseOnExecFile.read(proxy.outputPath) ?? ""
        #expect(log.contains("CONNECT 127.0.0.1:\(okta.port)"))
        // A proxy that is not there: a transient connection failure, no direct connection instead.
        let closed = try TestPostgres.freePortForTests()
        let broken = FederationHTTPClient(proxy: try HTTPProxy.parse("127.0.0.1:\(closed)"))
        await #expect {
            _ = try await broken.send(get(okta.port, "/_stats", redirects: .none))
        } throws: { error in
            guard case .connectionFailed = error as? HTTPTransportError else { return false }
            return (error as? HTTPTransportError)?.isTransient == true
        }
    }

    @Test func proxySettingsAreChecked() throws {
        #expect(try HTTPProxy.parse("proxy.example.com:3128") == HTTPProxy(kind: .http, host: "proxy.example.com", port: 3128))
        #expect(try HTTPProxy.parse("socks5://[::1]").description == "socks5://[::1]:1080")
        #expect(throws: EndpointURLError.self) { try HTTPProxy.parse("https://proxy.example.com:3128") }
        #expect(throws: EndpointURLError.self) { try HTTPProxy.parse("http://user:secret@proxy.example.com:3128") }
    }

    /// Plain http to a host that is not a loopback address never leaves the process: not to
    /// the host, and not to the proxy either.
    @Test func plainHTTPToARemoteHostIsRefusedBeforeAnythingIsSent() async throws {
        let listener = try HoldingListener()
        defer { listener.close() }
        let proxied = FederationHTTPClient(proxy: try HTTPProxy.parse("http://127.0.0.1:\(listener.port)"))
        let remote = EndpointURL(scheme: .http, host: "example.com", port: nil, path: "")
        for http in [client, proxied] {
            await #expect(throws: HTTPTransportError.plainHTTPRefused(host: "example.com")) {
                _ = try await http.send(HTTPRequest(method: .post, endpoint: remote, body: Array("password=secret".utf8)))
            }
        }
        #expect(!listener.acceptedConnection())
        #expect(!HTTPTransportError.plainHTTPRefused(host: "example.com").isTransient)
    }
}
