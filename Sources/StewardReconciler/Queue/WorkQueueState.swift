/// The work queue's bookkeeping as a pure state machine: no I/O, no clock, no tasks.
///
/// Keys are integration names, never specs: a worker reads the spec fresh when it gets a name.
/// The semantics follow the kubernetes client-go work queue with its rate limiter:
///
/// - A name is waiting at most once. Adding a name that is already waiting keeps the earlier
///   of the two due instants.
/// - A name handed out by `next(at:)` is *processing* until `done(_:outcome:at:)`. It is never
///   handed out twice at the same time. Adding it meanwhile marks it to run once more after
///   `done`, however many adds there were.
/// - Among ready names, the one that has been due longest goes first; ties go to the one queued
///   first.
///
/// Time is passed in by the caller as an instant of any clock whose duration is `Duration`
/// (`ContinuousClock.Instant` in the daemon, a manual clock in tests); the state never reads a
/// clock itself. Mutating methods return what happened so that the caller can wake waiting
/// workers or re-arm its timer.
///
/// ## Failures and the "not before" instant
/// Every failure increments the name's consecutive-failure count (`attempts(for:)`) and sets a
/// *not-before* instant (`notBefore(for:)`). Plain adds (`add(_:at:)`, `add(_:after:at:)`, as
/// used by the periodic resync) never schedule the name earlier than that instant, so repeated
/// resyncs or reloads cannot turn a failing name into a hot loop:
///
/// - `.transientFailure`: the name is re-added at `now + Backoff.delay` (full jitter); that
///   instant is also its not-before instant.
/// - `.permanentFailure`: the name is not re-added. Its not-before instant is
///   `now + Backoff.ceiling` — the ceiling rather than a jittered draw, so that the minimum
///   interval between two runs of a permanently failing name really grows (1 s, 2 s, 4 s … cap).
///
/// A change of the spec file (`fileChanged(_:at:)`) and a success clear both the count and the
/// not-before instant: new content deserves a prompt run.
///
/// ## Adds while processing
/// An add while the name is processing records the earliest instant asked for. At `done`:
/// after a success (or `.forget`) the name is re-added at that instant; after a failure at the
/// *later* of that instant and the failure's retry or not-before instant. A change of the file
/// while processing resets the count at once, so the failure of the run that read the old
/// content only waits the first backoff step before the new content runs.
///
/// ## Shutdown
/// After `shutdown()` no name is handed out. `next(at:)` answers `.wait(until: nil)` while
/// names are still processing and `.shutdown` once none is. Adds and `done` still update the
/// bookkeeping (so that inspection stays truthful) but nothing is handed out any more.
///
/// Finding the next ready name scans all waiting names: O(n) in the number of integrations,
/// which is in the hundreds at most.
package struct WorkQueueState<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What an add or a file change did.
    package enum ScheduleAction: Sendable, Hashable {
        /// The name is now waiting and becomes ready at this instant: newly queued, or moved
        /// earlier. A caller should wake a waiting worker (if the instant has come) or re-arm its
        /// timer (if it is earlier than the one armed).
        case scheduled(at: Instant)
        /// The name was already waiting with an earlier or equal due instant; nothing changed.
        case unchanged(at: Instant)
        /// The name is processing; it will run once more after `done`, not before this instant.
        case rerunAfterDone(notBefore: Instant)
    }

    /// What a worker asking for work should do.
    package enum NextAction: Sendable, Hashable {
        /// Process this name, then call `done`. The name is marked processing.
        case process(String)
        /// Nothing is ready. Wait until the instant (the earliest due name) or, when `nil`,
        /// until something is added or finishes.
        case wait(until: Instant?)
        /// The queue is shut down and nothing is processing any more: stop.
        case shutdown
    }

    /// What finishing a name did.
    package enum DoneAction: Sendable, Hashable {
        /// Nothing more is scheduled for the name.
        case idle
        /// The name runs again at this instant: a retry after a transient failure, or a rerun
        /// asked for while it was processing. Record it as the "next attempt".
        case scheduled(at: Instant)
        /// A permanent failure: no automatic retry. A file change runs it again; a plain add
        /// (resync) does not schedule it before this instant.
        case held(until: Instant)
        /// The name was not processing; nothing was changed. This is a caller bug.
        case notProcessing
    }

    /// What `shutdown()` found.
    package enum ShutdownAction: Sendable, Hashable {
        /// Nothing is processing: waiting workers can be told to stop now.
        case drained
        /// Names are still processing; workers are told to stop once the last one is done.
        case draining(processing: Int)
    }

    private struct Entry: Sendable {
        var attempts = 0
        var notBefore: Instant?
        var readyAt: Instant?
        var sequence: UInt64 = 0
        var isProcessing = false
        var rerunAt: Instant?

        var isIdle: Bool { attempts == 0 && notBefore == nil && readyAt == nil && !isProcessing }
    }

    /// The backoff used after failures.
    package let backoff: Backoff
    /// How long a file change waits for further changes of the same file before it runs.
    package let debounce: Duration
    /// Whether `shutdown()` has been called.
    package private(set) var isShuttingDown = false
    /// The names handed out and not yet done.
    package private(set) var processing: Set<String> = []

    private var random: any RandomNumberGenerator & Sendable
    private var entries: [String: Entry] = [:]
    private var lastSequence: UInt64 = 0

    /// Creates an empty queue state.
    /// - Parameters:
    ///   - backoff: the retry backoff, default 1 s base, 5 min cap.
    ///   - debounce: how long file changes are coalesced, default 250 ms.
    ///   - random: the source of backoff jitter; inject a deterministic one in tests.
    package init(
        backoff: Backoff = Backoff(),
        debounce: Duration = .milliseconds(250),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.backoff = backoff
        self.debounce = debounce
        self.random = random
    }

    // MARK: Adding

    /// Queues `name` to run now, or not before its not-before instant after a failure.
    package mutating func add(_ name: String, at now: Instant) -> ScheduleAction {
        schedule(name, at: now, respectingNotBefore: true)
    }

    /// Queues `name` to run after `delay` (negative counts as zero), or not before its
    /// not-before instant after a failure. An earlier due instant already queued wins.
    package mutating func add(_ name: String, after delay: Duration, at now: Instant) -> ScheduleAction {
        schedule(name, at: now.advanced(by: max(delay, .zero)), respectingNotBefore: true)
    }

    /// The spec file of `name` changed: resets its backoff and queues it after `debounce`.
    ///
    /// The debounce window opens with the first change: further changes before the name runs
    /// keep the first due instant, so a burst of events (create, write, chmod, rename) makes one
    /// run, and a file that keeps changing still runs at least once per window.
    package mutating func fileChanged(_ name: String, at now: Instant) -> ScheduleAction {
        if var entry = entries[name] {
            entry.attempts = 0
            entry.notBefore = nil
            entries[name] = entry
        }
        return schedule(name, at: now.advanced(by: max(debounce, .zero)), respectingNotBefore: false)
    }

    private mutating func schedule(_ name: String, at target: Instant, respectingNotBefore: Bool) -> ScheduleAction {
        var entry = entries[name] ?? Entry()
        defer { entries[name] = entry }
        if entry.isProcessing {
            // The not-before instant is decided by the outcome of the current run, in `done`.
            let rerun = min(entry.rerunAt ?? target, target)
            entry.rerunAt = rerun
            return .rerunAfterDone(notBefore: rerun)
        }
        var due = target
        if respectingNotBefore, let notBefore = entry.notBefore, notBefore > due {
            due = notBefore
        }
        if let current = entry.readyAt, current <= due {
            return .unchanged(at: current)
        }
        if entry.readyAt == nil {
            lastSequence &+= 1
            entry.sequence = lastSequence
        }
        entry.readyAt = due
        return .scheduled(at: due)
    }

    // MARK: Handing out

    /// Hands out the ready name that has been due longest and marks it processing.
    package mutating func next(at now: Instant) -> NextAction {
        if isShuttingDown {
            return processing.isEmpty ? .shutdown : .wait(until: nil)
        }
        var best: (name: String, readyAt: Instant, sequence: UInt64)?
        var earliestFuture: Instant?
        for (name, entry) in entries {
            guard let readyAt = entry.readyAt else { continue }
            if readyAt <= now {
                if let current = best, (current.readyAt, current.sequence) < (readyAt, entry.sequence) { continue }
                best = (name, readyAt, entry.sequence)
            } else if earliestFuture.map({ readyAt < $0 }) ?? true {
                earliestFuture = readyAt
            }
        }
        guard let best, var entry = entries[best.name] else {
            return .wait(until: earliestFuture)
        }
        entry.readyAt = nil
        entry.isProcessing = true
        entries[best.name] = entry
        processing.insert(best.name)
        return .process(best.name)
    }

    // MARK: Finishing

    /// Records the outcome of processing `name`, which must have been handed out by `next`.
    ///
    /// See the type's documentation for how each outcome and a rerun asked for while processing
    /// combine. `.forget` drops the name's backoff state; a rerun asked for while it was
    /// processing is still honoured, because it happened after the worker read the file (a
    /// spec re-created while its removal was being carried out must not be lost).
    package mutating func done(_ name: String, outcome: WorkOutcome, at now: Instant) -> DoneAction {
        guard var entry = entries[name], entry.isProcessing else { return .notProcessing }
        entry.isProcessing = false
        processing.remove(name)
        let rerun = entry.rerunAt
        entry.rerunAt = nil

        let action: DoneAction
        switch outcome {
        case .success, .forget:
            entry.attempts = 0
            entry.notBefore = nil
            if let rerun {
                enqueue(&entry, at: rerun)
                action = .scheduled(at: rerun)
            } else {
                action = .idle
            }
        case .transientFailure:
            entry.attempts = entry.attempts == .max ? .max : entry.attempts + 1
            let retry = now.advanced(by: backoff.delay(forAttempt: entry.attempts, using: &random))
            entry.notBefore = retry
            let due = max(retry, rerun ?? retry)
            enqueue(&entry, at: due)
            action = .scheduled(at: due)
        case .permanentFailure:
            entry.attempts = entry.attempts == .max ? .max : entry.attempts + 1
            let hold = now.advanced(by: backoff.ceiling(forAttempt: entry.attempts))
            entry.notBefore = hold
            if let rerun {
                let due = max(hold, rerun)
                enqueue(&entry, at: due)
                action = .scheduled(at: due)
            } else {
                action = .held(until: hold)
            }
        }
        entries[name] = entry.isIdle ? nil : entry
        return action
    }

    private mutating func enqueue(_ entry: inout Entry, at due: Instant) {
        lastSequence &+= 1
        entry.sequence = lastSequence
        entry.readyAt = due
    }

    // MARK: Shutting down

    /// Stops handing out names. Idempotent.
    @discardableResult
    package mutating func shutdown() -> ShutdownAction {
        isShuttingDown = true
        return processing.isEmpty ? .drained : .draining(processing: processing.count)
    }

    /// Whether the queue is shut down and nothing is processing any more.
    package var isDrained: Bool { isShuttingDown && processing.isEmpty }

    // MARK: Inspection

    /// The number of names waiting (ready or due later), not counting names processing.
    package var pendingCount: Int { entries.values.count { $0.readyAt != nil } }

    /// When `name` is due to run next: its due instant if it is waiting, the earliest rerun
    /// asked for if it is processing (`done` may move it later), `nil` if nothing is scheduled.
    package func nextAttempt(for name: String) -> Instant? {
        guard let entry = entries[name] else { return nil }
        return entry.readyAt ?? entry.rerunAt
    }

    /// The number of consecutive failures of `name` since its last success or file change.
    package func attempts(for name: String) -> Int {
        entries[name]?.attempts ?? 0
    }

    /// The instant before which plain adds do not schedule `name`, set by its last failure;
    /// `nil` after a success or a file change.
    package func notBefore(for name: String) -> Instant? {
        entries[name]?.notBefore
    }
}
