/// Who writes through a ``SharedStatusStore``: the leadership term the caller believes it holds.
///
/// The store asks at every write and sends the answer to the database, which checks it against
/// `steward_leader` inside the write's transaction (the fence). So the answer may be stale — a
/// daemon that lost its lease a moment ago still answers with its old term — and the write is
/// then refused with `StoreError.Code.fenced` rather than recorded.
///
/// `holder` must name one process instance (for example host, pid and start time), not just a
/// host: a restarted daemon is another holder, so that it cannot reuse its predecessor's term.
package struct StoreWriter: Sendable {
    /// One leadership term: the lease's holder and its term number.
    package struct Term: Sendable, Hashable {
        package var holder: String
        package var term: Int64

        package init(holder: String, term: Int64) {
            self.holder = holder
            self.term = term
        }
    }

    private let current: @Sendable () -> Term?

    /// A writer whose term is read at each write; `current` returns nil while the caller knows
    /// it is not the leader (the write then fails with `.notLeader` without a round trip).
    package init(current: @escaping @Sendable () -> Term?) {
        self.current = current
    }

    /// A writer that always claims the same term.
    package init(holder: String, term: Int64) {
        let fixed = Term(holder: holder, term: term)
        self.current = { fixed }
    }

    /// The term to send with the next write, if any.
    package func term() -> Term? { current() }
}
