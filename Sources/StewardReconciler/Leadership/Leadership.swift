import Foundation
import Logging
import StewardStore
import Synchronization

/// This daemon's place among the daemons that share a status database: it asks the lease table
/// (`LeaseTable`) at the pace ``LeaderElection`` sets, sends this member's heartbeat with each
/// request, tells the daemon when its role changes, and holds the workers back while it follows.
///
/// The store's writer (``writer``) reads the same state: a write carries the term this daemon
/// believes it holds, and the database's fence refuses it if that term is over.
package final class Leadership: Sendable {
    /// This host's name among the members (`member:` in steward.yaml, else the host name).
    package let member: String
    /// This process instance as the lease names it: `MEMBER/INSTANCE`, so that a restarted
    /// daemon never reuses its predecessor's term, nor two daemons configured with one member
    /// name each other's.
    package let holder: String
    let version: String
    let logger: Logger
    let clock = ContinuousClock()
    let election: Mutex<LeaderElection<ContinuousClock.Instant>>
    private let waiters = Mutex<Waiters>(Waiters())
    let changes: AsyncStream<LeaderElection<ContinuousClock.Instant>.Change>
    private let changesContinuation: AsyncStream<LeaderElection<ContinuousClock.Instant>.Change>.Continuation

    private struct Waiters {
        var leading = false
        var closed = false
        var continuations: [CheckedContinuation<Bool, Never>] = []
    }

    package init(member: String, lease: Duration, version: String, logger: Logger) {
        self.member = member
        self.holder = "\(member)/\(Self.instanceID())"
        self.version = version
        self.logger = logger
        self.election = Mutex(LeaderElection(holder: holder, lease: lease))
        (changes, changesContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// The member part of a holder name (`MEMBER/INSTANCE` → `MEMBER`).
    package static func member(ofHolder holder: String) -> String {
        holder.split(separator: "/", maxSplits: 1).first.map(String.init) ?? holder
    }

    /// The writer for the shared store: this daemon's term while it believes it leads.
    package var writer: StoreWriter {
        StoreWriter { [self] in
            election.withLock { $0.writerTerm(at: clock.now) }.map { StoreWriter.Term(holder: holder, term: $0) }
        }
    }

    /// What this daemon is now.
    package var role: LeaderElection<ContinuousClock.Instant>.Role {
        election.withLock { election in
            // A leader whose belief ran out is a follower already, before the loop notices.
            guard let term = election.termToRenew, !election.isLeading(at: clock.now) else { return election.role }
            return .follower(leader: nil, term: term)
        }
    }

    /// How often a changed spec folder is reported to the other hosts: the renewal pace.
    package var reportInterval: Duration { election.withLock { $0.renewInterval } }

    /// Whether this daemon leads now.
    package var isLeading: Bool { election.withLock { $0.isLeading(at: clock.now) } }

    /// Suspends until this daemon leads (true) or ``close()`` is called (false).
    package func waitUntilLeading() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer: Bool? = waiters.withLock { waiters in
                if waiters.closed { return false }
                // `leading` is what the loop last published; the belief may have run out since.
                if waiters.leading, isLeading { return true }
                waiters.continuations.append(continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Ends every wait (shutdown) and the stream of changes.
    package func close() {
        let pending = waiters.withLock { waiters in
            waiters.closed = true
            defer { waiters.continuations = [] }
            return waiters.continuations
        }
        pending.forEach { $0.resume(returning: false) }
        changesContinuation.finish()
    }

    /// Asks the lease table until cancelled: renews while leading, tries to acquire while
    /// following, and sends this member's heartbeat each time.
    package func run(leases: LeaseTable) async {
        while !Task.isCancelled {
            let sentAt = clock.now
            let renewing = election.withLock { $0.termToRenew }
            // Shutting down: a leader keeps renewing while its last reconciles finish; a
            // follower takes no lease it would only give back.
            if renewing == nil, waiters.withLock({ $0.closed }) { return }
            let seconds = election.withLock { Self.seconds($0.lease) }
            var changes: [LeaderElection<ContinuousClock.Instant>.Change]
            do {
                let answer = try await ask(leases, renewing: renewing, seconds: seconds)
                changes = election.withLock { $0.answered(answer, sentAt: sentAt) }
                try? await leases.heartbeat(host: member, termSeen: answer.term, version: version)
            } catch {
                logger.warning("cannot reach the shared status database for the leadership lease; retrying", metadata: [
                    "steward.event": "lease-unreachable", "steward.member": "\(member)", "error": "\(error)",
                ])
                changes = election.withLock { $0.failed(sentAt: sentAt, now: clock.now) }
            }
            publish(changes)
            let next = election.withLock { $0.nextRequest(after: sentAt) }
            // Wake at the next request, or earlier when a leader's belief runs out meanwhile.
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
            publish(election.withLock { $0.tick(now: clock.now) })
        }
    }

    /// Gives the lease up, if held, so that another daemon need not wait for it to run out.
    package func release(leases: LeaseTable) async {
        let term = election.withLock { $0.termToRenew }
        guard let term else { return }
        publish(election.withLock { $0.released() })
        _ = try? await leases.release(holder: holder, term: term)
    }

    private func ask(_ leases: LeaseTable, renewing term: Int64?, seconds: Double) async throws(StoreError) -> LeaderElection<ContinuousClock.Instant>.Answer {
        if let term, let renewed = try await leases.renew(holder: holder, term: term, leaseSeconds: seconds) {
            return .init(holder: renewed.holder, term: renewed.term, heldByUs: renewed.isHeld(by: holder))
        }
        // Following, or the renewal was refused: try to take it (it may be free or run out).
        let lease = try await leases.acquire(holder: holder, leaseSeconds: seconds)
        return .init(holder: lease.holder, term: lease.term, heldByUs: lease.isHeld(by: holder))
    }

    private func publish(_ changes: [LeaderElection<ContinuousClock.Instant>.Change]) {
        guard !changes.isEmpty else { return }
        let leading = isLeading
        let resumed = waiters.withLock { waiters -> [CheckedContinuation<Bool, Never>] in
            waiters.leading = leading
            guard leading else { return [] }
            defer { waiters.continuations = [] }
            return waiters.continuations
        }
        resumed.forEach { $0.resume(returning: true) }
        for change in changes { changesContinuation.yield(change) }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Eight hex digits from the system's random source, told apart per process instance.
    private static func instanceID() -> String {
        var random = SystemRandomNumberGenerator()
        return String(UInt32.random(in: .min ... .max, using: &random), radix: 16)
    }
}
