import Synchronization

/// Serialises the API's short check-then-write sections, so that two requests cannot both pass
/// a conflict check and the sweeper never judges a half-written change. The sections await the
/// status store (which may be a database across a network), so this lock suspends waiters, in
/// arrival order, instead of blocking a thread; a section runs in its caller's isolation.
final class CommitLock: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` alone among the sections of this lock, then lets the next waiter in, whether
    /// `body` returned or threw.
    func run<T, E: Error>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire(isolation: isolated (any Actor)? = #isolation) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let enter = state.withLock { state -> Bool in
                guard state.held else {
                    state.held = true
                    return true
                }
                state.waiters.append(waiter)
                return false
            }
            if enter { waiter.resume() }
        }
    }

    private func release() {
        // The lock passes straight to the next waiter: `held` stays true.
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
