import Foundation
import StewardReconciler
import StewardStore

/// What `steward status` adds for a shared status store: who leads in which term, when each
/// member last sent its heartbeat (by the database's clock), and where the hosts' spec folders
/// disagree.
enum SharedStoreReport {
    static func lines(_ store: SharedStatusStore) async throws(StoreError) -> [String] {
        let lease = try await store.leases.current()
        var lines: [String] = []
        let leader = lease.holder.map(Leadership.member(ofHolder:)) ?? "none"
        lines.append("leader: \(leader) (term \(lease.term)\(lease.isLive ? "" : ", lease run out: a member takes over at its next try"))")
        for member in try await store.leases.members() {
            let age = member.lastHeartbeat.map { "\(Int(lease.observedAt.timeIntervalSince($0).rounded()))s ago" } ?? "never"
            lines.append("member: \(member.host) last heartbeat \(age), term seen \(member.termSeen.map(String.init) ?? "-"), version \(member.version ?? "-")")
        }
        for disagreement in try await store.folders.disagreements() {
            lines.append("hosts disagree about \(disagreement.name): \(disagreement.description)")
        }
        return lines
    }

    /// The warning `steward get NAME` prints on standard error when the hosts' copies of the
    /// spec folder differ about NAME (nil when they agree, or the store is not shared).
    static func disagreement(about name: String, in store: any StatusStoring) async -> String? {
        guard let shared = store as? SharedStatusStore,
              let found = try? await shared.folders.disagreements(name: name).first else { return nil }
        return "warning: the hosts' spec folders disagree about \(name): \(found.description); the leader applies its own copy"
    }
}
