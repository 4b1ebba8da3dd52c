import Foundation
import StewardFederation
import StewardTestSupport
import Testing

/// The libcurl client against real local sockets.
struct CurlHTTPClientTests {
    let client = CurlHTTPClient()

    func loopback(_ port: Int, scheme: String = "http") throws -> EndpointURL {
        try EndpointURL.parse("\(scheme)://127.0.0.1:\(port)")
    }

    @Test func aClosedPortIsATransientConnectionFailure() async throws {
        let port = try TestPostgres.freePortForTests()
        await #expect {
            _ = try await client.send(HTTPRequest(method: .get, endpoint: try loopback(port)))
        } throws: { error in
            guard case .connectionFailed(let host, _) = error as? HTTPTransportError else { return false }
            return host == "127.0.0.1" && (error as? HTTPTransportError)?.isTransient == true
        }
    }

    @Test func aSilentPeerTimesOut() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let request = HTTPRequest(method: .get, endpoint: try loopback(silent.port),
                                  timeouts: HTTPTimeouts(connect: .seconds(2), total: .milliseconds(500)))
        await #expect {
            _ = try await client.send(request)
        } throws: { error in
            guard case .timedOut = error as? HTTPTransportError else { return false }
            return true
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let request = HTTPRequest(method: .get, endpoint: try loopback(silent.port),
                                  timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(30)))
        let client = self.client
        let started = ContinuousClock.now
        let task = Task { try await client.send(request) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(10))
        guard case .failure(let error) = result, case .cancelled = error as? HTTPTransportError else {
            Issue.record("expected a cancellation, got \(result)")
            return
        }
    }

    @Test func answersAreCappedAndTLSIsRequiredWhereAsked() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        let small = CurlHTTPClient(responseLimit: 8)
        await #expect {
            _ = try await small.send(HTTPRequest(method: .get, endpoint: try loopback(okta.port), pathAndQuery: "/_stats"))
        } throws: { error in
            (error as? HTTPTransportError) == .responseTooLarge(host: "127.0.0.1", limit: 8)
        }
        let stats = try await client.send(HTTPRequest(method: .get, endpoint: try loopback(okta.port), pathAndQuery: "/_stats"))
        #expect(stats.status == 200)
        #expect(stats.headers["content-type"] == "application/json")
        #expect(stats.text.contains("\"authn\": 0"))
        // https to a plain-HTTP server: the handshake fails, and that is not retried.
        await #expect {
            _ = try await client.send(HTTPRequest(method: .get, endpoint: try loopback(okta.port, scheme: "https")))
        } throws: { error in
            guard case .tlsFailed = error as? HTTPTransportError else { return false }
            return (error as? HTTPTransportError)?.isTransient == false
        }
    }
}
