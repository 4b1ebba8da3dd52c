import Foundation
import StewardStore
import StewardTestSupport
import Testing

/// The leadership lease: one holder at a time, a new term whenever the holder changes, the
/// database's clock for expiry.
@Suite struct SharedLeaseTests {
    @Test func acquireRenewAndRelease() async throws {
        let database = try await SharedDatabase.make()
        let leases = try await database.open(writer: nil).leases

        let first = try await leases.acquire(holder: "a", leaseSeconds: 600)
        #expect(first.isHeld(by: "a") && first.term == 1)
        let expiry = try #require(first.expiresAt)
        #expect(expiry.timeIntervalSince(first.observedAt) > 599 && expiry.timeIntervalSince(first.observedAt) <= 600)

        // Held: another cannot take it, and sees who has it.
        let refused = try await leases.acquire(holder: "b", leaseSeconds: 600)
        #expect(!refused.isHeld(by: "b"))
        #expect(refused.holder == "a" && refused.term == 1)

        // Its holder renews (by acquire or renew) in the same term.
        let again = try await leases.acquire(holder: "a", leaseSeconds: 600)
        #expect(again.isHeld(by: "a") && again.term == 1)
        let renewed = try #require(try await leases.renew(holder: "a", term: 1, leaseSeconds: 900))
        #expect(renewed.term == 1)
        #expect(try #require(renewed.expiresAt) > expiry)
        #expect(try await leases.renew(holder: "a", term: 2, leaseSeconds: 900) == nil, "not a term it holds")
        #expect(try await leases.renew(holder: "b", term: 1, leaseSeconds: 900) == nil, "not its lease")
        let current = try await leases.current()
        #expect(current.holder == "a" && current.term == 1 && current.expiresAt == renewed.expiresAt)

        // Released: free, and the next holder starts the next term.
        #expect(try await !leases.release(holder: "b", term: 1))
        #expect(try await !leases.release(holder: "a", term: 2))
        #expect(try await leases.release(holder: "a", term: 1))
        let free = try await leases.current()
        #expect(free.holder == nil && free.term == 1 && !free.isLive)
        let second = try await leases.acquire(holder: "b", leaseSeconds: 600)
        #expect(second.isHeld(by: "b") && second.term == 2)
        #expect(try await leases.renew(holder: "a", term: 1, leaseSeconds: 600) == nil)
        // Released and taken back by the same holder: still a new term.
        #expect(try await leases.release(holder: "b", term: 2))
        #expect(try await leases.acquire(holder: "b", leaseSeconds: 600).term == 3)
    }

    @Test func anExpiredLeaseGoesToTheNextAcquirerInANewTerm() async throws {
        let database = try await SharedDatabase.make()
        let leases = try await database.open(writer: nil).leases
        let first = try await leases.acquire(holder: "a", leaseSeconds: 600)
        #expect(first.isHeld(by: "a"))
        #expect(try await !leases.acquire(holder: "b", leaseSeconds: 600).isHeld(by: "b"))
        try await database.expireLease()
        #expect(try await !leases.current().isLive)
        #expect(try await leases.renew(holder: "a", term: first.term, leaseSeconds: 600) == nil)
        let taken = try await leases.acquire(holder: "b", leaseSeconds: 600)
        #expect(taken.isHeld(by: "b") && taken.term == first.term + 1)
        #expect(try await !leases.acquire(holder: "a", leaseSeconds: 600).isHeld(by: "a"))
    }

    @Test func concurrentAcquirersYieldExactlyOneHolder() async throws {
        let database = try await SharedDatabase.make()
        let holders = (0..<6).map { "host-\($0)" }
        var stores: [SharedStatusStore] = []
        for _ in holders { stores.append(try await database.open(writer: nil, poolSize: 1)) }
        let pairs = zip(holders, stores).map { ($0, $1) }
        let results = try await withThrowingTaskGroup(of: (String, Lease).self) { group in
            for (holder, store) in pairs {
                group.addTask { (holder, try await store.leases.acquire(holder: holder, leaseSeconds: 600)) }
            }
            var results: [(String, Lease)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let winners = results.filter { $0.1.isHeld(by: $0.0) }
        #expect(winners.count == 1)
        let winner = try #require(winners.first)
        #expect(winner.1.term == 1)
        for (_, lease) in results { #expect(lease.holder == winner.0 && lease.term == 1) }
        #expect(try await stores[0].leases.current().holder == winner.0)
    }

    @Test func membersSendHeartbeats() async throws {
        let database = try await SharedDatabase.make()
        let leases = try await database.open(writer: nil).leases
        #expect(try await leases.members().isEmpty)
        try await leases.heartbeat(host: "b.example.com", termSeen: nil, version: "1.0.0")
        try await leases.heartbeat(host: "a.example.com", termSeen: 3, version: "1.0.0")
        let first = try await leases.members()
        #expect(first.map(\.host) == ["a.example.com", "b.example.com"])
        #expect(first.map(\.termSeen) == [3, nil])
        try await leases.heartbeat(host: "b.example.com", termSeen: 4, version: "1.1.0")
        let second = try await leases.members()
        #expect(second.map(\.termSeen) == [3, 4])
        #expect(second[1].version == "1.1.0")
        #expect(try #require(second[1].lastHeartbeat) >= (try #require(first[1].lastHeartbeat)))
    }

    @Test func aLeaseMustLastSomeTime() async throws {
        let database = try await SharedDatabase.make()
        let leases = try await database.open(writer: nil).leases
        for seconds in [0, -1, Double.nan, .infinity] {
            await #expect(throws: StoreError.self) { try await leases.acquire(holder: "a", leaseSeconds: seconds) }
        }
        #expect(try await leases.current().term == 0)
    }
}
