import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The warehouse goes away in the middle of the daemon's work and comes back: PostgreSQL
/// stopped and started again mid-apply (cleanly and as a crash), and a proxy between daemon and
/// PostgreSQL that cuts every connection mid-statement at random moments, with added latency.
@Suite struct WarehouseOutageTests {
    /// A server of this suite's own, so stopping it disturbs no other test. The harness turns
    /// `synchronous_commit` off for speed; a crash (immediate shutdown) would then lose commits
    /// the daemon was told had happened, which no real warehouse does, so it is on here.
    static let postgres = TestPostgres(settings: [("synchronous_commit", "on"), ("log_min_messages", "warning")])

    @Test func postgresStoppedAndRestartedMidApply() async throws {
        let scale = FaultScale.current
        var random = SeededRandom(seed: FaultScale.seed)
        let server = try await Self.postgres.start()
        var fleet = try FaultFleet(server: server, size: 10, prefix: "fo")
        let daemon = try fleet.startDaemon(removalGrace: "0s")
        try await waitUntil { daemon.log.contains("steward.event=ready") }
        var windows: [(start: Date, end: Date)] = []
        var midApply: [Bool] = []

        // 1. Creation: down (fast shutdown) as soon as the first integration is being created.
        for index in 0..<fleet.size { try fleet.create(index, impersonation: index % 2 == 0) }
        midApply.append(try await seen("creating", in: fleet))
        windows.append(try await outage(server, mode: .fast, for: scale.outage, daemon: daemon))
        let first = try await Invariants.waitForConvergence(fleet)

        // 2. Edits: down as a crash (immediate shutdown) while they apply.
        for index in 0..<fleet.size { try fleet.edit(index, using: &random) }
        midApply.append(try await seen("editing", in: fleet))
        windows.append(try await outage(server, mode: .immediate, for: scale.outage, daemon: daemon))
        let second = try await Invariants.waitForConvergence(fleet)

        // 3. Deletions of half of them, crash mid-way.
        for index in stride(from: 0, to: fleet.size, by: 2) { try fleet.delete(index) }
        midApply.append(try await seen("deleting", in: fleet))
        windows.append(try await outage(server, mode: .immediate, for: scale.outage, daemon: daemon))
        let third = try await Invariants.waitForConvergence(fleet)

        #expect(try await daemon.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        try await Invariants.checkWarehouse(fleet)
        var mostFailures = 0
        for window in windows {
            mostFailures = max(mostFailures, Invariants.checkBackoff(facts, from: window.start, to: window.end))
        }

        let final = try fleet.startDaemon()
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        try Invariants.checkStore(fleet.state)
        FaultFigures.print("postgres-restart", [
            "integrations": "\(fleet.size)", "outages": "\(windows.count)", "outage_length": FaultFigures.seconds(scale.outage),
            "stopped_mid_apply": midApply.map(String.init).joined(separator: ","),
            "converged_after_create": FaultFigures.seconds(first), "after_edit": FaultFigures.seconds(second),
            "after_delete": FaultFigures.seconds(third), "most_failed_attempts_in_one_outage": "\(mostFailures)",
            "transitions": "\(facts.total)",
        ])
        await fleet.scrub()
    }

    /// Whether some integration shows `status` within two seconds (the moment to pull the plug;
    /// a fast machine may finish first, which the figures then show).
    func seen(_ status: String, in fleet: FaultFleet) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            if try Invariants.list(fleet.state).values.contains(where: { $0["status"] as? String == status }) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Stops the server, keeps it down for `length` (the daemon must stay up), starts it again.
    func outage(_ server: TestPostgres.Server, mode: TestPostgres.StopMode, for length: Duration,
                daemon: DaemonProcess) async throws -> (start: Date, end: Date) {
        let start = Date()
        try TestPostgres.stopServer(server, mode: mode)
        try await Task.sleep(for: length)
        #expect(kill(daemon.pid, 0) == 0, "the daemon died while the warehouse was down:\n\(daemon.log.suffix(3000))")
        try TestPostgres.startServer(server)
        return (start, Date())
    }

    @Test func aProxyCutsConnectionsMidStatementAndAddsLatency() async throws {
        let scale = FaultScale.current
        let seed = FaultScale.seed
        var random = SeededRandom(seed: seed)
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: 10, prefix: "fp")
        fleet.port = try TestPostgres.freePortForTests()
        let hosts = (0..<fleet.size).map(fleet.host).joined(separator: ",")
        let proxy = try DaemonProcess.spawnHelper("/usr/bin/env", [
            "python3", FixtureProcess.fixturePath("tcp_proxy.py"), String(fleet.port), String(server.port),
            "--latency-ms", String(scale.latencyMilliseconds), "--hosts", hosts,
        ], output: fleet.dir.file("proxy.log"))
        defer { kill(proxy, SIGKILL); var status: Int32 = 0; waitpid(proxy, &status, 0) }
        try await waitUntil { (try? String(contentsOfFile: fleet.dir.file("proxy.log"), encoding: .utf8))?.contains("listening") == true }

        let daemon = try fleet.startDaemon()
        for index in 0..<fleet.size { try fleet.create(index, impersonation: Bool.random(using: &random)) }
        // Cutting starts once the daemon is connected. A signal sent while no connection is open
        // arms the proxy instead (the next connection is cut mid-session), and each signal is
        // acknowledged before the next step, so a test task that oversleeps on a busy machine
        // delays the cuts but never wastes them. The last step always changes a file after its
        // signal, so at least one connection is made while a cut is pending.
        let proxyLog = fleet.dir.file("proxy.log")
        func proxyLines(_ prefix: String) -> [Substring] {
            ((try? String(contentsOfFile: proxyLog, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix(prefix) }
        }
        try await waitUntil { !proxyLines("open").isEmpty }
        let start = Date()
        for step in 0..<scale.cuts {
            try await Task.sleep(for: random.milliseconds(50...600))
            let acknowledged = proxyLines("cut ").count + proxyLines("armed").count
            kill(proxy, SIGUSR1)
            try await waitUntil { proxyLines("cut ").count + proxyLines("armed").count > acknowledged }
            if step == scale.cuts - 1 || Int.random(in: 0..<3, using: &random) == 0 { try fleet.randomChange(using: &random) }
        }
        let end = Date()
        let converged = try await Invariants.waitForConvergence(fleet)
        #expect(try await daemon.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        try await Invariants.checkWarehouse(fleet)
        let mostFailures = Invariants.checkBackoff(facts, from: start, to: end)
        let connectionsCut = proxyLines("cut ").compactMap { Int($0.dropFirst(4)) }.reduce(0, +)
        #expect(connectionsCut > 0, "the proxy never had a connection to cut")

        let final = try fleet.startDaemon()
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        try Invariants.checkStore(fleet.state)
        FaultFigures.print("proxy-cuts", [
            "seed": "\(seed)", "integrations": "\(fleet.size)", "cuts": "\(scale.cuts)", "connections_cut": "\(connectionsCut)",
            "latency_ms_each_way": "\(scale.latencyMilliseconds)", "changes": "\(fleet.changes)",
            "converged_after_last_cut": FaultFigures.seconds(converged), "most_failed_attempts": "\(mostFailures)",
            "transitions": "\(facts.total)",
        ])
        await fleet.scrub()
    }
}

