import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// The invariants of the high-availability tests, read from the shared store, from `steward`'s
/// reading commands on the followers, and from the warehouse's catalog:
/// 1. every integration has the status its files imply (`steward list`/`get --config` on a
///    follower, and the store's rows);
/// 2. the warehouse holds exactly the objects the files imply (``Invariants/checkWarehouse``);
/// 3. every transition is recorded: each integration's rows form one unbroken path from its
///    first status (from none) to its current one, every step an edge of ``LifecycleGraph`` (a
///    row from a status to itself is a note of an event that kept the status).
extension HAFleet {
    /// The members to read from: the running ones that do not lead (all running ones if none
    /// of them is known to lead).
    func followers() async -> [Int] {
        let leading = (try? await leader())?.member
        let others = running.filter { $0 != leading }
        return others.isEmpty ? running : others
    }

    /// Polls `steward list --config` on the followers in turn until invariant 1 holds there;
    /// returns how long that took. A failing `list` (the store unreachable) counts as not yet.
    @discardableResult
    func waitConverged(timeout: Duration = .seconds(180), sourceLocation: SourceLocation = #_sourceLocation) async throws -> Duration {
        let clock = ContinuousClock()
        let started = clock.now
        var problems: [String] = []
        var turn = 0
        while clock.now - started < timeout {
            let readers = await followers()
            if !readers.isEmpty, let daemon = members[readers[turn % readers.count]].daemon {
                turn += 1
                do {
                    problems = Invariants.statusProblems(model, records: try Invariants.list(arguments: daemon.readArguments))
                    if problems.isEmpty { return clock.now - started }
                } catch {
                    problems = ["steward list failed: \(error)"]
                }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let logs = members.map { "\($0.name):\n\($0.daemon?.log.suffix(1500) ?? "(not running)")" }.joined(separator: "\n")
        Issue.record("not converged after \(timeout): \(problems.prefix(10).joined(separator: "; "))\n\(logs)",
                     sourceLocation: sourceLocation)
        throw TestSupportError("not converged")
    }

    /// Invariants 1-3 once converged: `steward get --config` of every integration on a
    /// follower, the store's statuses and transition paths, the warehouse's objects. Returns
    /// what the store holds.
    @discardableResult
    func checkConverged(sourceLocation: SourceLocation = #_sourceLocation) async throws -> HAStoreFacts {
        let readers = await followers()
        if let reader = readers.first, let daemon = members[reader].daemon {
            for index in model.seen.sorted() {
                let status = try daemon.get(model.name(index))?["status"] as? String
                if model.desired[index] != nil {
                    #expect(status == "enabled", "\(model.name(index)) on \(members[reader].name): \(status ?? "no record"), want enabled",
                            sourceLocation: sourceLocation)
                } else {
                    #expect(status == nil || status == "deleted", "\(model.name(index)) on \(members[reader].name): \(status ?? "-"), want deleted",
                            sourceLocation: sourceLocation)
                }
            }
        }
        let facts = try await checkStore(sourceLocation: sourceLocation)
        try await Invariants.checkWarehouse(model, sourceLocation: sourceLocation)
        return facts
    }

    /// The store's rows against the model (invariant 1) and the transition paths (invariant 3).
    @discardableResult
    func checkStore(sourceLocation: SourceLocation = #_sourceLocation) async throws -> HAStoreFacts {
        let facts = try await storeFacts()
        for index in 0..<model.size {
            let name = model.name(index)
            let status = facts.statuses[name]
            if model.desired[index] != nil {
                #expect(status == "enabled", "store: \(name) is \(status ?? "absent"), want enabled", sourceLocation: sourceLocation)
            } else {
                #expect(status == nil || status == "deleted", "store: \(name) is \(status ?? "-"), want deleted", sourceLocation: sourceLocation)
            }
        }
        Self.checkPaths(facts, sourceLocation: sourceLocation)
        return facts
    }

    /// Invariant 3 for every integration of `facts`.
    static func checkPaths(_ facts: HAStoreFacts, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, status) in facts.statuses.sorted(by: { $0.key < $1.key }) {
            let path = facts.transitions[name] ?? []
            guard let first = path.first else {
                Issue.record("\(name): status \(status) but no transition at all", sourceLocation: sourceLocation)
                continue
            }
            #expect(first.from == nil, "\(name): its history starts at \(first.from ?? "-") → \(first.to), not at its creation",
                    sourceLocation: sourceLocation)
            for (previous, next) in zip(path, path.dropFirst()) where next.from != previous.to {
                Issue.record("\(name): a transition is missing between \(previous.to) (row \(previous.id)) and \(next.from ?? "none") (row \(next.id))",
                             sourceLocation: sourceLocation)
            }
            for row in path {
                let from = row.from.map { IntegrationStatus(rawValue: $0) }
                guard let to = IntegrationStatus(rawValue: row.to), from != .some(nil) else {
                    Issue.record("\(name): row \(row.id) names an unknown status (\(row.from ?? "-") → \(row.to))", sourceLocation: sourceLocation)
                    continue
                }
                if row.from == row.to { continue }  // a note: the status was kept
                #expect(LifecycleGraph.allows(from: from ?? nil, to: to),
                        "\(name): row \(row.id) \(row.from ?? "(new)") → \(row.to) (\(row.reason)) is not an edge of the lifecycle",
                        sourceLocation: sourceLocation)
            }
            #expect(path.last?.to == status, "\(name): status \(status) but the last transition is to \(path.last?.to ?? "nothing")",
                    sourceLocation: sourceLocation)
        }
    }

    /// This fleet's records and transitions in the store.
    func storeFacts() async throws -> HAStoreFacts {
        let records = try await storeQuery("""
            SELECT name, status, coalesce(spec_digest, '') AS spec_digest, coalesce(desired_config::text, '') AS desired
            FROM steward_integration WHERE starts_with(name, $1) ORDER BY name
            """, [namePrefix])
        var facts = HAStoreFacts()
        for row in 0..<records.rows.count {
            guard let name = records.value("name", row: row), let status = records.value("status", row: row) else { continue }
            facts.statuses[name] = status
            facts.specs[name] = (records.value("spec_digest", row: row) ?? "") + " " + (records.value("desired", row: row) ?? "")
        }
        let rows = try await storeQuery("""
            SELECT t.id, i.name, t.from_status, t.to_status, t.reason FROM steward_transition t
            JOIN steward_integration i ON i.id = t.integration_id WHERE starts_with(i.name, $1) ORDER BY t.id
            """, [namePrefix])
        for row in 0..<rows.rows.count {
            guard let name = rows.value("name", row: row), let id = rows.value("id", row: row).flatMap(Int64.init),
                  let to = rows.value("to_status", row: row) else { continue }
            facts.transitions[name, default: []].append(HAStoreFacts.Transition(
                id: id, from: rows.value("from_status", row: row), to: to, reason: rows.value("reason", row: row) ?? ""))
        }
        return facts
    }

    /// Polls the store for the first transition after id `after` (the new leader's first
    /// reconcile) until it appears, or the fleet has converged without one (the old leader had
    /// finished everything before it died); returns when it was recorded.
    func waitForFirstTransition(after id: Int64, timeout: Duration = .seconds(180)) async throws -> Date? {
        let deadline = ContinuousClock.now + timeout
        var lastConvergenceCheck = ContinuousClock.now - .seconds(1)
        while ContinuousClock.now < deadline {
            if let at = try? await firstTransition(after: id) { return at }
            if ContinuousClock.now - lastConvergenceCheck >= .milliseconds(500) {
                lastConvergenceCheck = ContinuousClock.now
                let readers = await followers()
                if let reader = readers.first, let daemon = members[reader].daemon,
                   let records = try? Invariants.list(arguments: daemon.readArguments),
                   Invariants.statusProblems(model, records: records).isEmpty {
                    return try await firstTransition(after: id)
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    // MARK: - Reads on the followers

    /// `steward list`, `status`, `get` and `history` with the config file of every running
    /// member that does not lead (and of `extra` members, such as a frozen one: the commands are
    /// processes of their own and read the shared store): each must answer. `status` must name
    /// every member, and the leader unless `leaderKnown` is false (just after a kill, when
    /// nobody may lead). Returns how many commands answered.
    @discardableResult
    func followerReads(also extra: [Int] = [], leaderKnown: Bool = true,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        var answered = 0
        let readers = Set(await followers()).union(extra).sorted()
        for reader in readers {
            let name = members[reader].name
            let arguments = ["--config", members[reader].config]
            let list = try Subprocess.steward(["list", "-o", "json"] + arguments)
            #expect(list.status == 0, "steward list on \(name): exit \(list.status): \(list.stderr)", sourceLocation: sourceLocation)
            let views = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8))) as? [[String: Any]]
            #expect(views != nil, "steward list on \(name) is not a JSON array: \(list.stdout.prefix(500))", sourceLocation: sourceLocation)
            if list.status == 0 && views != nil { answered += 1 }

            let status = try Subprocess.steward(["status"] + arguments)
            #expect(status.status == 0, "steward status on \(name): exit \(status.status): \(status.stderr)", sourceLocation: sourceLocation)
            let lines = status.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            if leaderKnown {
                #expect(lines.contains { line in line.hasPrefix("leader:") && members.contains { line.hasPrefix("leader: \($0.name)") } },
                        "steward status on \(name) names no leader:\n\(status.stdout)", sourceLocation: sourceLocation)
            }
            for member in members {
                #expect(lines.contains { $0.hasPrefix("member: \(member.name)") },
                        "steward status on \(name) has no line for member \(member.name):\n\(status.stdout)", sourceLocation: sourceLocation)
            }
            if status.status == 0 { answered += 1 }

            // One integration this fleet has a record of, if any yet.
            guard let integration = views?.compactMap({ $0["name"] as? String }).first(where: { $0.hasPrefix(namePrefix) }) else { continue }
            let get = try Subprocess.steward(["get", integration, "-o", "json"] + arguments)
            let view = (try? JSONSerialization.jsonObject(with: Data(get.stdout.utf8))) as? [String: Any]
            #expect(get.status == 0 && view?["status"] is String, "steward get \(integration) on \(name): exit \(get.status): \(get.stderr)",
                    sourceLocation: sourceLocation)
            if get.status == 0 { answered += 1 }
            let history = try Subprocess.steward(["history", integration, "-o", "json"] + arguments)
            let rows = (try? JSONSerialization.jsonObject(with: Data(history.stdout.utf8))) as? [[String: Any]]
            #expect(history.status == 0 && !(rows ?? []).isEmpty,
                    "steward history \(integration) on \(name): exit \(history.status): \(history.stderr)", sourceLocation: sourceLocation)
            if history.status == 0 { answered += 1 }
        }
        return answered
    }
}

/// What the shared store holds of one fleet.
struct HAStoreFacts {
    struct Transition: Equatable {
        var id: Int64
        var from: String?
        var to: String
        var reason: String
    }

    var statuses: [String: String] = [:]
    /// Each record's spec digest and desired configuration.
    var specs: [String: String] = [:]
    var transitions: [String: [Transition]] = [:]

    var total: Int { transitions.values.map(\.count).reduce(0, +) }
    /// Rows into an error status: failed attempts (a kill's effect, among others).
    var errors: Int { transitions.values.joined().filter { $0.to.hasSuffix("Error") && $0.from != $0.to }.count }
    /// Rows from a status to itself: events that kept the status.
    var notes: Int { transitions.values.joined().filter { $0.from == $0.to }.count }
    /// Every row, in id order.
    var allTransitions: [Transition] { transitions.values.joined().sorted { $0.id < $1.id } }
}

/// The median of some figures, for a FAULT-FIGURES line (nil when there are none).
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
