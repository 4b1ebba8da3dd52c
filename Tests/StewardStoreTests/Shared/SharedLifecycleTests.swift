import Foundation
import StewardSpec
import StewardStore
import Testing

/// The shared store refuses every status change that is not an edge of `LifecycleGraph`, and
/// writes nothing when it does; it accepts every edge (as `LifecycleGraphStoreTests` for SQLite).
@Suite struct SharedLifecycleTests {
    /// Puts the record in `status` behind the store's back (as no API of it would).
    static func force(_ database: SharedDatabase, id: Int64, to status: IntegrationStatus) async throws {
        try await database.query("UPDATE steward_integration SET status = $1 WHERE id = $2", [status.rawValue, String(id)])
    }

    @Test func everyPairOfStatusesIsAllowedExactlyWhenTheGraphHasIt() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let record = try await store.create(.sample())
        var allowed = 0
        var refused = 0
        for from in IntegrationStatus.allCases {
            for to in IntegrationStatus.allCases where to != from {
                try await Self.force(database, id: record.id, to: from)
                let rowsBefore = try await store.transitions(integrationId: record.id).count
                if LifecycleGraph.allows(from: from, to: to) {
                    let changed = try await store.transition(id: record.id, to: to, reason: "walk")
                    #expect(changed.status == to, "\(from) → \(to)")
                    #expect(try await store.transitions(integrationId: record.id).last?.fromStatus == from)
                    allowed += 1
                } else {
                    let error = await #expect(throws: StoreError.self, "\(from) → \(to)") {
                        try await store.transition(id: record.id, to: to, reason: "walk") { $0.lastError = "must not be written" }
                    }
                    #expect(error?.code == .illegalTransition)
                    #expect(error?.message.contains("cannot go from \(from.rawValue) to \(to.rawValue)") == true)
                    let after = try #require(try await store.record(id: record.id))
                    #expect(after.status == from && after.lastError == nil, "a refused change writes nothing")
                    #expect(try await store.transitions(integrationId: record.id).count == rowsBefore)
                    refused += 1
                }
            }
        }
        #expect(allowed == LifecycleGraph.edges.filter { $0.from != nil }.count, "every edge between statuses was walked")
        #expect(refused > 0)
    }

    @Test func aFirstRecordMayStartOnlyWhereTheGraphStarts() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        for (index, status) in IntegrationStatus.allCases.enumerated() {
            var new = NewIntegration.sample()
            new.name = "first-\(index)"
            new.status = status
            if LifecycleGraph.allows(from: nil, to: status) {
                #expect(try await store.create(new).status == status)
            } else {
                await #expect(throws: StoreError.self) { try await store.create(new) }
                #expect(try await store.record(named: new.name) == nil, "\(status): nothing written")
            }
        }
    }

    @Test func aStatusToItselfIsAnUpdateWithoutATransitionRow() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let record = try await store.create(.sample())
        for status in IntegrationStatus.allCases {
            try await Self.force(database, id: record.id, to: status)
            let rows = try await store.transitions(integrationId: record.id).count
            #expect(try await store.transition(id: record.id, to: status, reason: "same").status == status)
            #expect(try await store.transitions(integrationId: record.id).count == rows)
        }
    }
}
