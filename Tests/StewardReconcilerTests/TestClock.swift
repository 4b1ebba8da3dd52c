import Synchronization

/// A clock that moves only when a test advances it.
///
/// `sleep(until:)` suspends until `advance` moves `now` to or past the deadline (or returns at
/// once if it already has), and throws `CancellationError` when the sleeping task is cancelled.
final class TestClock: Clock, Sendable {
    typealias Duration = Swift.Duration

    /// An instant: an offset from the clock's origin.
    struct Instant: InstantProtocol {
        typealias Duration = Swift.Duration
        var offset: Duration

        init(offset: Duration) { self.offset = offset }
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct SleeperCountWaiter {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var lastID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var countWaiters: [SleeperCountWaiter] = []

        mutating func takeSatisfiedCountWaiters() -> [SleeperCountWaiter] {
            let count = sleepers.count
            let satisfied = countWaiters.filter { $0.count <= count }
            countWaiters.removeAll { $0.count <= count }
            return satisfied
        }
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }

    /// The number of tasks currently sleeping on this clock.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, satisfied) = state.withLock { state -> (Result<Void, any Error>?, [SleeperCountWaiter]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, state.takeSatisfiedCountWaiters())
                }
                if let immediate { continuation.resume(with: immediate) }
                for waiter in satisfied { waiter.continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves `now` forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Suspends until at least `count` tasks sleep on this clock.
    func waitForSleepers(atLeast count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.countWaiters.append(SleeperCountWaiter(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

/// The value of `task`, or `nil` if it takes longer than `timeout` of real time (the task is
/// then cancelled). Keeps a broken test from hanging; never used to measure time.
func value<T: Sendable>(of task: Task<T, Never>, within timeout: Duration = .seconds(30)) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await task.value }
        group.addTask {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { task.cancel() }
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// A value behind a lock that tasks can share by reference.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    @discardableResult
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
