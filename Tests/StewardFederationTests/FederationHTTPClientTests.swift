import Foundation
import StewardFederation
import StewardTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The AsyncHTTPClient-based client against real local sockets.
struct FederationHTTPClientTests {
    let client = FederationHTTPClient()

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

    /// An answer without a length that never ends: the body is read until it passes the
    /// limit, then the request is dropped (the time limit would end it as `timedOut`).
    @Test func anEndlessAnswerIsCutAtTheLimit() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        let limited = FederationHTTPClient(responseLimit: 1 << 20)
        await #expect(throws: HTTPTransportError.responseTooLarge(host: "127.0.0.1", limit: 1 << 20)) {
            _ = try await limited.send(HTTPRequest(method: .get, endpoint: try loopback(okta.port), pathAndQuery: "/_endless",
                                                   timeouts: HTTPTimeouts(connect: .seconds(10), total: .seconds(300))))
        }
    }

    /// A connection attempt nothing answers: the connect limit ends it, not the total limit,
    /// as a transient failure. (The error says which limit; wall-clock times are not checked,
    /// as a loaded test machine stretches them.)
    @Test func anUnansweredConnectEndsAtTheConnectLimit() async throws {
        let listener = try BlackHoleListener()
        defer { listener.close() }
        await #expect {
            _ = try await client.send(HTTPRequest(method: .get, endpoint: try loopback(listener.port),
                                                  timeouts: HTTPTimeouts(connect: .seconds(1), total: .seconds(300))))
        } throws: { error in
            guard let error = error as? HTTPTransportError, case .timedOut(_, let detail) = error else { return false }
            return error.isTransient && detail.contains("connect time limit")
        }
    }

    /// The task is cancelled once the peer holds the connection, so the transfer is in flight:
    /// it ends as cancelled, not after its two-minute time limit.
    @Test func cancellingTheTaskAbortsAnInFlightTransfer() async throws {
        let listener = try HoldingListener()
        defer { listener.close() }
        let request = HTTPRequest(method: .get, endpoint: try loopback(listener.port),
                                  timeouts: HTTPTimeouts(connect: .seconds(120), total: .seconds(120)))
        let client = self.client
        let task = Task { try await client.send(request) }
        while !listener.acceptedConnection() { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result, case .cancelled = error as? HTTPTransportError else {
            Issue.record("expected a cancellation, got \(result)")
            return
        }
    }

    @Test func answersAreCappedAndTLSIsRequiredWhereAsked() async throws {
        let okta = try await FakeOktaServer.start(password: "pw", roles: ["admin"])
        let small = FederationHTTPClient(responseLimit: 8)
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

/// A loopback listener that accepts connections and never answers them.
final class HoldingListener: Sendable {
    let port: Int
    private let fd: Int32
    private let connections = Mutex<[Int32]>([])

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, ready else {
            Glibc.close(fd)
            throw TestSupportError("could not listen on 127.0.0.1")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts a waiting connection, if any; true once one has been accepted.
    func acceptedConnection() -> Bool {
        let connection = accept(fd, nil, nil)
        return connections.withLock { held in
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                held.append(connection)
            }
            return !held.isEmpty
        }
    }

    func close() {
        connections.withLock { held in
            held.forEach { Glibc.close($0) }
            held.removeAll()
        }
        Glibc.close(fd)
    }
}
