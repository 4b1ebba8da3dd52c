import Foundation

/// The leadership lease as `steward_leader` records it, read with the database's clock.
package struct Lease: Sendable, Hashable {
    /// Who holds (or last held) the lease; nil when it was released or never taken.
    package var holder: String?
    /// The leadership term: taken from someone else or from free, it goes up by one; renewed by
    /// its holder, it stays.
    package var term: Int64
    /// Until when the holder leads, unless it renews; nil when released or never taken.
    package var expiresAt: Date?
    /// The database's clock when this was read (`now()`), to compare `expiresAt` with rather
    /// than this host's clock.
    package var observedAt: Date

    package init(holder: String?, term: Int64, expiresAt: Date?, observedAt: Date) {
        self.holder = holder
        self.term = term
        self.expiresAt = expiresAt
        self.observedAt = observedAt
    }

    /// Whether someone held the lease when it was read.
    package var isLive: Bool {
        guard holder != nil, let expiresAt else { return false }
        return expiresAt > observedAt
    }

    /// Whether `holder` held the lease when it was read.
    package func isHeld(by holder: String) -> Bool { isLive && self.holder == holder }

    /// The term to write with, if `holder` holds the lease.
    package func writerTerm(for holder: String) -> StoreWriter.Term? {
        isHeld(by: holder) ? StoreWriter.Term(holder: holder, term: term) : nil
    }
}

/// One daemon sharing the status database, as its last heartbeat (`steward_member`) says.
package struct Member: Sendable, Hashable {
    package var host: String
    /// The database's clock at the last heartbeat.
    package var lastHeartbeat: Date?
    /// The leadership term the member had seen then.
    package var termSeen: Int64?
    /// The member's Steward version.
    package var version: String?

    package init(host: String, lastHeartbeat: Date?, termSeen: Int64?, version: String?) {
        self.host = host
        self.lastHeartbeat = lastHeartbeat
        self.termSeen = termSeen
        self.version = version
    }
}
