/// The work queue shared by the watcher, the resync timer and the reconcile workers.
///
/// An actor around `WorkQueueState` (see there for the semantics) that reads time from an
/// injected clock and lets workers wait for work:
///
/// ```swift
/// while let name = await queue.next() {
///     let outcome = await reconcile(name)
///     await queue.done(name, outcome: outcome)
/// }
/// ```
///
/// `next()` suspends until a name is ready. Waiting workers are woken, first come first served,
/// when a name is added that is ready now, when a name is finished, and by a single timer task
/// that sleeps on the clock until the earliest future due instant (re-armed when an earlier one
/// appears). There is no polling loop.
///
/// A name returned by `next()` is owned by the caller until it calls `done`, even if the
/// caller's task was cancelled in the meantime.
package actor WorkQueue<C: Clock> where C.Duration == Duration {
    /// The state machine's type for this clock.
    package typealias State = WorkQueueState<C.Instant>

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct Timer {
        let deadline: C.Instant
        let generation: UInt64
        let task: Task<Void, Never>
    }

    /// The clock all instants come from.
    package nonisolated let clock: C

    private var state: State
    private var waiters: [Waiter] = []
    private var lastWaiterID: UInt64 = 0
    private var timer: Timer?
    private var lastTimerGeneration: UInt64 = 0

    /// Creates an empty queue.
    /// - Parameters:
    ///   - clock: the source of time (a `ContinuousClock` in the daemon, a manual one in tests).
    ///   - backoff: the retry backoff, default 1 s base, 5 min cap.
    ///   - debounce: how long file changes are coalesced, default 250 ms.
    ///   - random: the source of backoff jitter.
    package init(
        clock: C,
        backoff: Backoff = Backoff(),
        debounce: Duration = .milliseconds(250),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.clock = clock
        self.state = State(backoff: backoff, debounce: debounce, random: random)
    }

    deinit {
        timer?.task.cancel()
    }

    // MARK: Adding

    /// Queues `name` to run now (not before its not-before instant after a failure).
    @discardableResult
    package func add(_ name: String) -> State.ScheduleAction {
        let action = state.add(name, at: clock.now)
        if case .scheduled = action { dispatch() }
        return action
    }

    /// Queues `name` to run after `delay`; an earlier due instant already queued wins.
    @discardableResult
    package func add(_ name: String, after delay: Duration) -> State.ScheduleAction {
        let action = state.add(name, after: delay, at: clock.now)
        if case .scheduled = action { dispatch() }
        return action
    }

    /// The spec file of `name` changed: resets its backoff and queues it after the debounce.
    @discardableResult
    package func fileChanged(_ name: String) -> State.ScheduleAction {
        let action = state.fileChanged(name, at: clock.now)
        if case .scheduled = action { dispatch() }
        return action
    }

    // MARK: Working

    /// The next ready name, marked processing; suspends until there is one.
    ///
    /// Returns `nil` once the queue is shut down and nothing is processing any more, and
    /// promptly when the calling task is cancelled.
    package func next() async -> String? {
        if Task.isCancelled { return nil }
        switch state.next(at: clock.now) {
        case .process(let name):
            return name
        case .shutdown:
            return nil
        case .wait(let until):
            lastWaiterID &+= 1
            let id = lastWaiterID
            return await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                    // Runs on the actor before suspending. A cancellation that came before this
                    // point finds no waiter to remove, so check for it here.
                    if Task.isCancelled {
                        continuation.resume(returning: nil)
                        return
                    }
                    waiters.append(Waiter(id: id, continuation: continuation))
                    armTimer(until: until)
                }
            } onCancel: {
                Task { await self.cancelWaiter(id) }
            }
        }
    }

    /// Records the outcome of processing `name`; see `WorkQueueState.done(_:outcome:at:)`.
    @discardableResult
    package func done(_ name: String, outcome: WorkOutcome) -> State.DoneAction {
        let action = state.done(name, outcome: outcome, at: clock.now)
        dispatch()
        return action
    }

    /// Stops handing out names. Waiting and later calls of `next()` return `nil` once nothing
    /// is processing any more. Idempotent.
    package func shutdown() {
        state.shutdown()
        dispatch()
    }

    // MARK: Inspection

    /// Whether `shutdown()` has been called.
    package var isShuttingDown: Bool { state.isShuttingDown }
    /// The number of names waiting (ready or due later), not counting names processing.
    package var pendingCount: Int { state.pendingCount }
    /// The names handed out and not yet done.
    package var processing: Set<String> { state.processing }
    /// The number of workers suspended in `next()`.
    package var waitingWorkers: Int { waiters.count }
    /// When `name` is due to run next; see `WorkQueueState.nextAttempt(for:)`.
    package func nextAttempt(for name: String) -> C.Instant? { state.nextAttempt(for: name) }
    /// The number of consecutive failures of `name`.
    package func attempts(for name: String) -> Int { state.attempts(for: name) }
    /// The instant before which plain adds do not schedule `name`.
    package func notBefore(for name: String) -> C.Instant? { state.notBefore(for: name) }

    // MARK: Waking workers

    /// Hands ready names to waiting workers and arms the timer for the earliest future one.
    private func dispatch() {
        let now = clock.now
        while !waiters.isEmpty {
            switch state.next(at: now) {
            case .process(let name):
                waiters.removeFirst().continuation.resume(returning: name)
            case .shutdown:
                let finished = waiters
                waiters.removeAll()
                for waiter in finished { waiter.continuation.resume(returning: nil) }
                disarmTimer()
                return
            case .wait(let until):
                armTimer(until: until)
                return
            }
        }
        if state.isDrained { disarmTimer() }
    }

    private func armTimer(until deadline: C.Instant?) {
        guard let deadline else { return }
        if let timer, timer.deadline <= deadline { return }
        timer?.task.cancel()
        lastTimerGeneration &+= 1
        let generation = lastTimerGeneration
        let clock = self.clock
        let task = Task { [weak self] in
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return  // cancelled: a newer timer replaced this one
            }
            await self?.timerFired(generation: generation)
        }
        timer = Timer(deadline: deadline, generation: generation, task: task)
    }

    private func disarmTimer() {
        timer?.task.cancel()
        timer = nil
    }

    private func timerFired(generation: UInt64) {
        guard let timer, timer.generation == generation else { return }
        self.timer = nil
        dispatch()
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }
}

extension WorkQueue where C == ContinuousClock {
    /// Creates an empty queue on the continuous clock.
    package init(
        backoff: Backoff = Backoff(),
        debounce: Duration = .milliseconds(250),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.init(clock: ContinuousClock(), backoff: backoff, debounce: debounce, random: random)
    }
}
