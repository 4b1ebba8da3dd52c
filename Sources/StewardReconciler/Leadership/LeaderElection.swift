/// Decides, without I/O, what this daemon is among the daemons that share a status database:
/// the leader or a follower, when to ask the lease table again, and until when, by its own
/// clock, it may still believe it leads.
///
/// The lease itself lives in the database (`LeaseTable`), timed by the database's clock. This
/// daemon's clock only bounds its own belief: a lease answered for a request *sent* at `t` runs
/// out in the database no earlier than `t + lease` (the database stamped it after `t`), so the
/// daemon stops believing it leads at `t + lease − margin`, before any other daemon can take
/// over, whatever the network did in between. The database's fence refuses the writes of a
/// daemon that believes it anyway (paused, partitioned); this only makes it step down on time.
///
/// - A leader renews every ``renewInterval`` (a third of the lease): two renewals may fail
///   before its belief runs out.
/// - A follower asks to acquire at the same pace, and succeeds once the lease has run out in
///   the database: a leader that died is replaced within the lease plus one interval.
/// - A renewal that is refused, or that does not come back in time, ends the term at once.
package struct LeaderElection<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What this daemon is.
    package enum Role: Sendable, Equatable {
        /// Another daemon leads (`leader` is nil when the lease is free or unknown); `term` is
        /// the last term seen.
        case follower(leader: String?, term: Int64?)
        /// This daemon leads in `term`.
        case leader(term: Int64)
    }

    /// A change of role to report.
    package enum Change: Sendable, Equatable {
        /// This daemon took the lease (`previous` led before, if anyone did).
        case becameLeader(term: Int64, previous: String?)
        /// This daemon's term ended: refused, run out, or unreachable store.
        case steppedDown(term: Int64, reason: StepDownReason)
        /// Another daemon leads now, or a new term of another began.
        case leaderChanged(leader: String?, term: Int64)
    }

    /// Why a term ended.
    package enum StepDownReason: Sendable, Equatable {
        /// The database no longer holds the lease for this term (another took it, or it ran out there).
        case refused
        /// No renewal came back before the belief ran out (store unreachable or slow, process paused).
        case expired
    }

    /// What the lease table answered to an acquire or a renewal.
    package struct Answer: Sendable, Equatable {
        /// Who holds the lease now (nil: nobody).
        package var holder: String?
        package var term: Int64
        /// Whether the lease is live and held by this daemon.
        package var heldByUs: Bool

        package init(holder: String?, term: Int64, heldByUs: Bool) {
            self.holder = holder
            self.term = term
            self.heldByUs = heldByUs
        }
    }

    /// This daemon's holder name: one process instance (see `StoreWriter`).
    package let holder: String
    /// How long a lease lasts in the database.
    package let lease: Duration
    /// How much earlier than the lease this daemon stops believing it leads (clock drift,
    /// scheduling): a tenth of the lease.
    package var margin: Duration { lease / 10 }
    /// How often a leader renews and a follower tries to acquire.
    package var renewInterval: Duration { lease / 3 }

    package private(set) var role: Role = .follower(leader: nil, term: nil)
    /// Until when this daemon believes it leads (its own clock); nil while it follows.
    package private(set) var believedUntil: Instant?

    package init(holder: String, lease: Duration) {
        precondition(lease > .zero, "the lease must be positive")  // checked where the setting is read
        self.holder = holder
        self.lease = lease
    }

    /// The term to write with at `now`, if this daemon leads and its belief has not run out.
    package func writerTerm(at now: Instant) -> Int64? {
        guard case .leader(let term) = role, let believedUntil, now < believedUntil else { return nil }
        return term
    }

    /// Whether this daemon leads at `now`.
    package func isLeading(at now: Instant) -> Bool { writerTerm(at: now) != nil }

    /// The term a leader renews (nil: a follower, which acquires instead).
    package var termToRenew: Int64? {
        if case .leader(let term) = role { return term }
        return nil
    }

    /// When to ask the lease table next, after a request sent at `sentAt`.
    package func nextRequest(after sentAt: Instant) -> Instant {
        let next = sentAt.advanced(by: renewInterval)
        // A leader asks again before its belief would run out, whatever the interval says.
        if let believedUntil, case .leader = role {
            let latest = believedUntil.advanced(by: .zero - margin)
            return latest < next ? latest : next
        }
        return next
    }

    /// The lease table answered a request sent at `sentAt`.
    package mutating func answered(_ answer: Answer, sentAt: Instant) -> [Change] {
        switch role {
        case .leader(let term):
            if answer.heldByUs, answer.term == term {
                believedUntil = sentAt.advanced(by: lease - margin)
                return []
            }
            role = .follower(leader: answer.heldByUs ? nil : answer.holder, term: answer.term)
            believedUntil = nil
            var changes: [Change] = [.steppedDown(term: term, reason: .refused)]
            if answer.heldByUs {
                // This daemon holds a newer term already (it acquired again after losing this one).
                changes += lead(term: answer.term, previous: nil, sentAt: sentAt)
            } else if answer.holder != nil {
                changes.append(.leaderChanged(leader: answer.holder, term: answer.term))
            }
            return changes
        case .follower(let leader, let seenTerm):
            if answer.heldByUs {
                return lead(term: answer.term, previous: leader, sentAt: sentAt)
            }
            guard leader != answer.holder || seenTerm != answer.term else { return [] }
            role = .follower(leader: answer.holder, term: answer.term)
            return [.leaderChanged(leader: answer.holder, term: answer.term)]
        }
    }

    /// The request sent at `sentAt` failed (store unreachable): nothing changes until the belief
    /// runs out, which ``tick(now:)`` notices.
    package mutating func failed(sentAt: Instant, now: Instant) -> [Change] {
        tick(now: now)
    }

    /// Time passed: a leader whose belief ran out steps down.
    package mutating func tick(now: Instant) -> [Change] {
        guard case .leader(let term) = role, let believedUntil, now >= believedUntil else { return [] }
        role = .follower(leader: nil, term: term)
        self.believedUntil = nil
        return [.steppedDown(term: term, reason: .expired)]
    }

    /// This daemon gave the lease up (shutdown).
    package mutating func released() -> [Change] {
        guard case .leader(let term) = role else { return [] }
        role = .follower(leader: nil, term: term)
        believedUntil = nil
        return [.steppedDown(term: term, reason: .refused)]
    }

    private mutating func lead(term: Int64, previous: String?, sentAt: Instant) -> [Change] {
        role = .leader(term: term)
        believedUntil = sentAt.advanced(by: lease - margin)
        return [.becameLeader(term: term, previous: previous == holder ? nil : previous)]
    }
}
