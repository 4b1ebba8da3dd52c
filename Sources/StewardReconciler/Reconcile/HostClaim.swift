import StewardSpec
import StewardStore

/// One integration per warehouse host and port: the one place that decides whether a spec's
/// host and port are held by another active integration, for the reconciler and the HTTP API
/// alike, and words the seed's refusal.
///
/// Addresses are compared in every spelling (`127.1`, `0x7f000001`, upper-case names,
/// IPv4-mapped IPv6). Names are resolved only by ``resolving(host:port:name:store:)`` (DNS,
/// bounded, so call it outside the store's transactions and any lock); ``literal(host:port:)``
/// compares without DNS.
package struct HostClaim: Sendable {
    /// The host as the spec spells it (for the message).
    package let host: String
    package let port: Int
    let target: TargetHost
    /// The other active integrations' hosts on `port`, resolved; empty for a literal claim.
    let others: [String: TargetHost]

    /// The claim of `host:port` with its name and the other active integrations' hosts resolved.
    package static func resolving(host: String, port: Int, name: String, store: any StatusStoring) async throws(StoreError) -> HostClaim {
        HostClaim(host: host, port: port, target: TargetHost.resolving(host),
                  others: try await store.resolvedHosts(port: port, excludingName: name))
    }

    /// The claim of `host:port` compared as address literals, without DNS: for an established
    /// integration, which passed the resolving check when it was created and cannot change its
    /// host (resolving every other host on every routine check would cost N lookups a reconcile).
    package static func literal(host: String, port: Int) -> HostClaim {
        HostClaim(host: host, port: port, target: TargetHost(literal: host), others: [:])
    }

    /// The active integration other than `name` that holds this host and port, if it blocks
    /// `claimant`: every holder blocks a new or inactive claimant (and the API, which passes
    /// nil); an active claimant yields only to an older holder, so that of two files naming
    /// one host the integration created first keeps it.
    package func holder(in store: any StatusStoring, excludingName name: String,
                       claimant: IntegrationRecord? = nil) async throws(StoreError) -> IntegrationRecord? {
        guard let other = try await store.activeRecord(target: target, port: port, excludingName: name, resolved: others) else {
            return nil
        }
        guard let claimant, claimant.isActive else { return other }
        return other.id < claimant.id ? other : nil
    }

    /// Whether `record` (any status) is on this host and port.
    package func isHeld(by record: IntegrationRecord) -> Bool {
        record.port == port && target.isSame(as: others[record.host] ?? TargetHost(literal: record.host))
    }

    /// The seed's refusal: `Redshift integration already exists on host HOST (id = ID)`.
    package func conflictMessage(_ holder: IntegrationRecord) -> String {
        "Redshift integration already exists on host \(host) (id = \(holder.displayID))"
    }
}
