import Foundation
import GRDB
import StewardTestSupport
import StewardWarehouse
import Testing

/// The invariants every fault test ends with:
/// 1. every integration has the status its file implies (`enabled` with the file's settings;
///    `deleted`, or no record, once the file is gone);
/// 2. the warehouse holds exactly the objects the files imply: no duplicates, no orphans
///    (checked in `pg_database`, `pg_roles` and each database's ownership marker);
/// 3. `PRAGMA integrity_check` is `ok` (and no foreign key is dangling);
/// 4. every transition is recorded: each integration's history is one unbroken chain that ends
///    at its current status;
/// 5. retries stay within the backoff schedule (`checkBackoff`).
enum Invariants {
    /// Polls `steward list` until invariant 1 holds; returns how long that took.
    @discardableResult
    static func waitForConvergence(_ fleet: FaultFleet, timeout: Duration = .seconds(180)) async throws -> Duration {
        let clock = ContinuousClock()
        let started = clock.now
        var problems: [String] = []
        while clock.now - started < timeout {
            problems = try statusProblems(fleet)
            if problems.isEmpty { return clock.now - started }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("not converged after \(timeout): \(problems.prefix(10).joined(separator: "; "))")
        throw TestSupportError("not converged")
    }

    /// What keeps invariant 1 from holding now (empty when it holds).
    static func statusProblems(_ fleet: FaultFleet) throws -> [String] {
        statusProblems(fleet, records: try list(fleet.state))
    }

    /// What keeps invariant 1 from holding in `records` (`steward list`'s views by name).
    static func statusProblems(_ fleet: FaultFleet, records: [String: [String: Any]]) -> [String] {
        var problems: [String] = []
        for index in 0..<fleet.size {
            let name = fleet.name(index)
            let record = records[name]
            let status = record?["status"] as? String
            guard let wanted = fleet.desired[index] else {
                if let status, status != "deleted" {
                    problems.append("\(name): \(status), file removed; last error: \(record?["lastError"] as? String ?? "none")")
                }
                continue
            }
            guard status == "enabled", let record else {
                problems.append("\(name): \(status ?? "no record"), want enabled; last error: \(record?["lastError"] as? String ?? "none")")
                continue
            }
            let config = record["config"] as? [String: Any]
            let impersonation = config?["impersonation"] as? [String: Any]
            let enabled = impersonation?["enabled"] as? Bool ?? false
            let role = impersonation?["role"] as? String
            let wantRole = wanted.impersonation.map { fleet.impersonationRole(index, variant: $0) }
            if enabled != (wantRole != nil) || (wantRole != nil && role != wantRole) {
                problems.append("\(name): enabled with impersonation \(enabled) \(role ?? "-"), want \(wantRole ?? "off")")
            }
        }
        return problems
    }

    static func list(_ state: String) throws -> [String: [String: Any]] {
        try list(arguments: ["--state-dir", state])
    }

    /// `steward list` with `arguments` saying where the store is (`--state-dir` or `--config`).
    static func list(arguments: [String]) throws -> [String: [String: Any]] {
        let result = try Subprocess.steward(["list", "-o", "json"] + arguments)
        guard result.status == 0 else { throw TestSupportError("steward list failed (\(result.status)): \(result.stderr)") }
        let all = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(all.compactMap { view in (view["name"] as? String).map { ($0, view) } }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: The warehouse

    /// Invariant 2: exactly the databases and roles the files imply, one ownership marker each.
    static func checkWarehouse(_ fleet: FaultFleet, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let databases = try await column("datname", Catalog.query(
            fleet.server, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [fleet.tag + "_db_"]))
        #expect(databases.count == Set(databases).count, "duplicate databases: \(databases)", sourceLocation: sourceLocation)
        #expect(Set(databases) == fleet.expectedDatabases,
                "databases: orphans \(Set(databases).subtracting(fleet.expectedDatabases).sorted()), missing \(fleet.expectedDatabases.subtracting(databases).sorted())",
                sourceLocation: sourceLocation)
        let roles = try await self.roles(in: fleet)
        #expect(roles == fleet.expectedRoles,
                "roles: orphans \(roles.subtracting(fleet.expectedRoles).sorted()), missing \(fleet.expectedRoles.subtracting(roles).sorted())",
                sourceLocation: sourceLocation)
        for database in fleet.expectedDatabases.intersection(databases).sorted() {
            let markers = try await Catalog.query(fleet.server, "SELECT count(*) AS n FROM immuta_system.steward_marker", database: database)
            #expect(markers.value("n") == "1", "\(database) has \(markers.value("n") ?? "?") ownership markers", sourceLocation: sourceLocation)
        }
    }

    /// The fleet's roles in the catalog: system accounts and impersonation roles.
    static func roles(in fleet: FaultFleet) async throws -> Set<String> {
        let accountPrefix = "steward_" + fleet.tag + "_"
        return try await Set(column("rolname", Catalog.query(
            fleet.server, "SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) OR starts_with(rolname, $2)",
            [fleet.tag + "_imp_", accountPrefix])))
    }

    static func column(_ name: String, _ result: QueryResult) -> [String] {
        (0..<result.rows.count).compactMap { result.value(name, row: $0) }
    }

    // MARK: The status store

    /// What the store holds, for invariants 3-5 (read with the daemon stopped or killed).
    struct StoreFacts {
        var integrity: [String]
        var danglingKeys: Int
        var statuses: [String: String]
        var transitions: [String: [Transition]]
        var total: Int { transitions.values.map(\.count).reduce(0, +) }
    }

    struct Transition {
        var from: String?
        var to: String
        var at: Date
    }

    static func readStore(_ state: String) throws -> StoreFacts {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: state + "/steward.sqlite", configuration: configuration)
        return try queue.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let dangling = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            var statuses: [String: String] = [:]
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name, status FROM integration") {
                names[row["id"]] = row["name"]
                statuses[row["name"]] = row["status"]
            }
            var transitions: [String: [Transition]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT integrationId, fromStatus, toStatus, at FROM \"transition\" ORDER BY id") {
                let name = names[row["integrationId"]] ?? "?"
                transitions[name, default: []].append(Transition(from: row["fromStatus"], to: row["toStatus"], at: row["at"]))
            }
            return StoreFacts(integrity: integrity, danglingKeys: dangling, statuses: statuses, transitions: transitions)
        }
    }

    /// Invariants 3 and 4.
    @discardableResult
    static func checkStore(_ state: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> StoreFacts {
        let facts = try readStore(state)
        #expect(facts.integrity == ["ok"], "integrity_check: \(facts.integrity)", sourceLocation: sourceLocation)
        #expect(facts.danglingKeys == 0, "foreign_key_check found \(facts.danglingKeys) rows", sourceLocation: sourceLocation)
        for (name, status) in facts.statuses {
            let chain = facts.transitions[name] ?? []
            #expect(chain.first.map { $0.from == nil } ?? false, "\(name): history does not start at creation", sourceLocation: sourceLocation)
            for (previous, next) in zip(chain, chain.dropFirst()) where next.from != previous.to {
                Issue.record("\(name): a transition is missing between \(previous.to) and \(next.from ?? "nil")", sourceLocation: sourceLocation)
            }
            #expect(chain.last?.to == status, "\(name): status \(status) but the last transition is to \(chain.last?.to ?? "nothing")",
                    sourceLocation: sourceLocation)
        }
        return facts
    }

    /// Invariant 5: attempts that failed while the warehouse was unreachable for `window` are no
    /// more than the backoff schedule allows, with margin. Tests run the daemon with base 200 ms
    /// and cap 2 s, full jitter: after about four doublings the mean delay is 1 s, so a window of
    /// T seconds holds about T + 4 failures; the bound is 3 T + 12. A hot loop makes hundreds a
    /// second. Returns the largest count seen.
    @discardableResult
    static func checkBackoff(_ facts: StoreFacts, from start: Date, to end: Date,
                             sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let seconds = end.timeIntervalSince(start)
        let bound = Int(3 * seconds) + 12
        var largest = 0
        for (name, chain) in facts.transitions {
            let failures = chain.filter { $0.to.hasSuffix("Error") && $0.at >= start && $0.at <= end }.count
            largest = max(largest, failures)
            #expect(failures <= bound, "\(name): \(failures) failed attempts in \(Int(seconds)) s (bound \(bound))",
                    sourceLocation: sourceLocation)
        }
        return largest
    }

    /// Removes every file, waits until all are deleted, and checks that nothing is left.
    static func deleteAllAndCheck(_ fleet: inout FaultFleet, daemon: DaemonProcess) async throws {
        try fleet.deleteAll()
        try await waitForConvergence(fleet)
        try await checkWarehouse(fleet)
    }
}
