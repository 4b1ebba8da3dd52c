import Foundation
import StewardTestSupport
import Testing

/// Security: slow or silent clients cannot exhaust the API, and oversized bodies get a 413.
/// Real sockets against a running daemon with small limits.
@Suite struct SlowClientTests {
    @Test func silentAndDribblingClientsAreClosedAndTheAPIRecovers() async throws {
        let api = try await APIFixture(extraArguments: [
            "--api-header-timeout", "1s", "--api-read-timeout", "1s", "--api-idle-timeout", "1s", "--api-max-connections", "4",
        ])
        defer { api.dir.remove() }

        // A client that connects and sends nothing.
        let silent = try RawConnection(port: api.port)
        #expect(silent.isClosed(within: 8000), "a silent connection is closed after the header timeout")

        // A client that dribbles its headers, one byte at a time, never finishing.
        let dribbler = try RawConnection(port: api.port)
        dribbler.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let started = ContinuousClock.now
        var closed = false
        while !closed && ContinuousClock.now - started < .seconds(8) {
            closed = !dribbler.send("X") || dribbler.isClosed(within: 200)
        }
        #expect(closed, "a dribbling client is cut off although it keeps sending")

        // A body that dribbles.
        let slowBody = try RawConnection(port: api.port)
        slowBody.send("POST /integrations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(APIFixture.key)\r\nContent-Length: 100\r\n\r\n{")
        #expect(slowBody.isClosed(within: 8000), "a body that never ends is cut off after the read timeout")

        // The cap: more silent connections than the listener serves; a real request still gets
        // through once the timeouts free the slots.
        let hogs = try (0..<8).map { _ in try RawConnection(port: api.port) }
        let health = try api.client.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(hogs.allSatisfy { $0.isClosed(within: 8000) })
        try await api.stop()
    }

    @Test func aBodyOverTheLimitIs413WithTheLimit() async throws {
        // Default limits: curl waits a second for `100 Continue` before sending a large body.
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let large = try api.client.request("POST", "/integrations", body: String(repeating: "a", count: (1 << 20) + 1))
        #expect(large.status == 413, "\(large.body)")
        #expect(large.message.contains("1 MiB (1048576 bytes)"), "\(large.message)")
        try await api.stop()
    }

    @Test func limitsAreCheckedWhenTheDaemonStarts() throws {
        let dir = try TemporaryDirectory("steward-limits")
        defer { dir.remove() }
        let keys = try dir.write("keys", "0123456789abcdef0123456789abcdef\n")
        let result = try Subprocess.steward(["run", "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state"),
                                             "--api-listen", "127.0.0.1:0", "--api-key-file", keys, "--api-max-connections", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("api.maxConnections: 0 is out of range"), "\(result.stderr)")
    }
}
