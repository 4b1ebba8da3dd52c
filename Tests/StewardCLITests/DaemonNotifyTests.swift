import Foundation
import StewardTestSupport
import Testing

/// The daemon and its service manager, through a test-owned NOTIFY_SOCKET: READY after the first
/// scan, STATUS kept current, RELOADING/READY around SIGHUP, WATCHDOG pings from the loop (and
/// none once it is wedged), STOPPING then exit 0 on SIGTERM with in-flight work finished.
@Suite struct DaemonNotifyTests {
    /// Receives datagrams until one satisfies `condition`, returning everything received.
    static func receive(_ listener: NotifyListener, until condition: (String) -> Bool, timeout: Duration = .seconds(45)) throws -> [String] {
        var received: [String] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let message = listener.receive(timeout: .milliseconds(200)) {
                received.append(message)
                if condition(message) { return received }
            }
        }
        throw TestSupportError("no matching notification within \(timeout); got \(received)")
    }

    func environment(_ listener: NotifyListener, watchdogMicroseconds: Int? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = listener.address
        env["WATCHDOG_USEC"] = watchdogMicroseconds.map(String.init)
        env.removeValue(forKey: "WATCHDOG_PID")
        env.removeValue(forKey: "JOURNAL_STREAM")
        return env.merging(extra) { $1 }
    }

    @Test func readyStatusReloadWatchdogAndStop() async throws {
        let f = try await DaemonTests.Fixture()
        defer { f.dir.remove() }
        let listener = try NotifyListener.abstract()
        let name = TestNames.unique("notify")
        let daemon = try DaemonProcess(specDirectory: f.specs, stateDirectory: f.state,
                                       environment: environment(listener, watchdogMicroseconds: 1_000_000))
        _ = try Self.receive(listener) { $0.notifyAssignments["READY"] == "1" }
        _ = try Self.receive(listener) { $0.notifyAssignments["STATUS"] == "0 integrations" }

        // Pings come from the loop at half the interval (500 ms).
        var pings = 0
        _ = try Self.receive(listener) { message in
            if message.notifyAssignments["WATCHDOG"] == "1" { pings += 1 }
            return pings >= 3
        }
        try f.put(name, f.spec(database: "db_\(name)"))
        _ = try Self.receive(listener) { $0.notifyAssignments["STATUS"] == "1 integration: 1 enabled" }

        daemon.signal(SIGHUP)
        let reload = try Self.receive(listener) { $0.notifyAssignments["READY"] == "1" }
        let reloading = try #require(reload.first { $0.notifyAssignments["RELOADING"] == "1" })
        #expect(reloading.notifyAssignments["MONOTONIC_USEC"] != nil)

        // SIGTERM while a reconcile is in flight: STOPPING, the reconcile finishes, exit 0.
        let second = TestNames.unique("inflight")
        try f.put(second, f.spec(database: "db_\(second)", host: "127.0.0.6"))
        try await waitUntil { daemon.log.contains("integration creating") && daemon.log.contains(second) }
        daemon.signal(SIGTERM)
        let stopping = try Self.receive(listener) { $0.notifyAssignments["STOPPING"] == "1" }
        #expect(stopping.last?.notifyAssignments["STOPPING"] == "1")
        #expect(try await daemon.wait() == 0)
        let after = try Subprocess.steward(["get", second, "--state-dir", f.state])
        #expect(after.stdout.contains("\"status\" : \"enabled\""), "the in-flight reconcile did not finish: \(after.stdout)")
        for n in [name, second] {
            try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(n) WITH (FORCE)")
            try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(n)")
        }
    }

    @Test func aWedgedLoopStopsPingingTheWatchdog() async throws {
        let f = try await DaemonTests.Fixture()
        defer { f.dir.remove() }
        let listener = try NotifyListener.abstract()
        let name = TestNames.unique("wedge")
        let daemon = try DaemonProcess(specDirectory: f.specs, stateDirectory: f.state, extraArguments: ["--stall-limit", "1s"],
                                       environment: environment(listener, watchdogMicroseconds: 600_000, extra: ["STEWARD_FAULT_WEDGE": name]))
        _ = try Self.receive(listener) { $0.notifyAssignments["READY"] == "1" }
        // Healthy: pings keep coming (interval 300 ms).
        var healthy = 0
        _ = try Self.receive(listener) { message in
            if message.notifyAssignments["WATCHDOG"] == "1" { healthy += 1 }
            return healthy >= 3
        }
        try f.put(name, f.spec(database: "db_\(name)"))
        try await waitUntil { daemon.log.contains("steward.event=wedged") }
        // Once the stall is detected no ping follows.
        _ = listener.drain()
        var late: [String] = []
        let quiet = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < quiet {
            if let message = listener.receive(timeout: .milliseconds(200)) { late.append(message) }
        }
        #expect(!late.contains { $0.notifyAssignments["WATCHDOG"] == "1" }, "pings after the wedge: \(late)")
        daemon.signal(SIGKILL)
        try await daemon.wait()
    }
}

/// Two daemons sharing a PostgreSQL status store tell their service managers their role: the
/// STATUS= line of one says `leader (term N)`, the other's `follower of MEMBER (term N)`, both
/// followed by the counts; the follower stops at SIGTERM like any daemon.
@Suite struct SharedStoreNotifyTests {
    @Test func theStatusLineSaysLeaderOrFollowerOfWhom() async throws {
        let f = try await DaemonTests.Fixture()
        defer { f.dir.remove() }
        let database = TestNames.unique("notifystore")
        try await Catalog.execute(f.server, "CREATE DATABASE \"\(database)\"")
        let key = try f.dir.write("secret-key", Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() + "\n")
        chmod(key, 0o600)
        chmod(f.passwordFile, 0o600)
        var daemons: [(member: String, daemon: DaemonProcess, listener: NotifyListener)] = []
        for member in ["notify-a", "notify-b"] {
            let listener = try NotifyListener.abstract()
            let arguments = ["--store", "postgresql://\(f.server.superuser)@\(f.server.host):\(f.server.port)/\(database)?sslmode=disable",
                             "--store-password-file", f.passwordFile, "--store-secret-key-file", key, "--member", member, "--lease", "3s"]
            let daemon = try DaemonProcess(specDirectory: f.specs, stateDirectory: f.dir.file("state-\(member)"), extraArguments: arguments,
                                           environment: DaemonNotifyTests().environment(listener))
            daemons.append((member, daemon, listener))
        }
        var lines: [String: String] = [:]
        for (member, _, listener) in daemons {
            let received = try DaemonNotifyTests.receive(listener) { message in
                guard let status = message.notifyAssignments["STATUS"] else { return false }
                return status.hasPrefix("leader (term ") || status.hasPrefix("follower of notify-")
            }
            lines[member] = received.last?.notifyAssignments["STATUS"]
        }
        let leader = try #require(lines.first { $0.value.hasPrefix("leader (term ") })
        let follower = try #require(lines.first { $0.value.hasPrefix("follower of ") })
        #expect(follower.value.hasPrefix("follower of \(leader.key) (term "), "\(lines)")
        #expect(leader.value.hasSuffix("; 0 integrations") && follower.value.hasSuffix("; 0 integrations"), "\(lines)")

        for (_, daemon, listener) in daemons {
            daemon.signal(SIGTERM)
            _ = try DaemonNotifyTests.receive(listener) { $0.notifyAssignments["STOPPING"] == "1" }
            #expect(try await daemon.wait() == 0)
        }
    }
}
