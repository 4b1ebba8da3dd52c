import StewardSpec
import StewardStore
import Testing

/// The store refuses every status change that is not an edge of `LifecycleGraph`, and writes
/// nothing when it does; it accepts every one that is: every ordered pair of statuses is tried on
/// a real store of each kind.
@Suite struct LifecycleGraphStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func everyPairOfStatusesIsAllowedExactlyWhenTheGraphHasIt(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let record = try await store.create(.sample())
        var allowed = 0
        var refused = 0
        for from in IntegrationStatus.allCases {
            for to in IntegrationStatus.allCases where to != from {
                try await opened.force(id: record.id, to: from)
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

    @Test(arguments: StoreBackend.allCases)
    func aFirstRecordMayStartOnlyWhereTheGraphStarts(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func aStatusToItselfIsAnUpdateWithoutATransitionRow(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let record = try await store.create(.sample())
        for status in IntegrationStatus.allCases {
            try await opened.force(id: record.id, to: status)
            let rows = try await store.transitions(integrationId: record.id).count
            #expect(try await store.transition(id: record.id, to: status, reason: "same").status == status)
            #expect(try await store.transitions(integrationId: record.id).count == rows)
        }
    }
}
