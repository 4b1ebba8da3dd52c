import Testing
@testable import StewardReconciler

private typealias State = WorkQueueState<TestClock.Instant>

private func at(_ milliseconds: Int64) -> TestClock.Instant {
    TestClock.Instant(offset: .milliseconds(milliseconds))
}

private func makeState(random: some RandomNumberGenerator & Sendable = MaxRandom()) -> State {
    State(backoff: Backoff(base: .seconds(1), cap: .seconds(10)), debounce: .milliseconds(250), random: random)
}

@Suite struct WorkQueueStateTests {
    @Test func aNameWaitsOnlyOnce() {
        var state = makeState()
        #expect(state.add("a", at: at(0)) == .scheduled(at: at(0)))
        #expect(state.add("a", at: at(0)) == .unchanged(at: at(0)))
        #expect(state.add("b", at: at(0)) == .scheduled(at: at(0)))
        #expect(state.pendingCount == 2)
        #expect(state.next(at: at(0)) == .process("a"))
        #expect(state.next(at: at(0)) == .process("b"))
        #expect(state.next(at: at(0)) == .wait(until: nil))
    }

    @Test func readyNamesGoFirstInFirstOut() {
        var state = makeState()
        for name in ["c", "a", "b"] { _ = state.add(name, at: at(0)) }
        _ = state.add("late", after: .seconds(1), at: at(0))
        _ = state.add("early", after: .zero, at: at(0))
        let order = (0..<4).map { _ in state.next(at: at(0)) }
        #expect(order == [.process("c"), .process("a"), .process("b"), .process("early")])
        #expect(state.next(at: at(0)) == .wait(until: at(1_000)))
    }

    @Test func anEarlierDueInstantWins() {
        var state = makeState()
        #expect(state.add("a", after: .seconds(5), at: at(0)) == .scheduled(at: at(5_000)))
        #expect(state.add("a", after: .seconds(2), at: at(0)) == .scheduled(at: at(2_000)))
        #expect(state.add("a", after: .seconds(9), at: at(0)) == .unchanged(at: at(2_000)))
        #expect(state.next(at: at(1_999)) == .wait(until: at(2_000)))
        #expect(state.next(at: at(2_000)) == .process("a"))
    }

    @Test func negativeDelayCountsAsZero() {
        var state = makeState()
        #expect(state.add("a", after: .seconds(-3), at: at(100)) == .scheduled(at: at(100)))
    }

    @Test func aProcessingNameIsNotHandedOutAgain() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        #expect(state.next(at: at(0)) == .process("a"))
        #expect(state.add("a", at: at(0)) == .rerunAfterDone(notBefore: at(0)))
        #expect(state.fileChanged("a", at: at(0)) == .rerunAfterDone(notBefore: at(0)))
        #expect(state.next(at: at(10_000)) == .wait(until: nil))
        #expect(state.processing == ["a"])
        #expect(state.pendingCount == 0)
    }

    @Test func addsWhileProcessingRunItExactlyOnceMore() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        #expect(state.next(at: at(0)) == .process("a"))
        for _ in 0..<3 { _ = state.add("a", at: at(10)) }
        #expect(state.nextAttempt(for: "a") == at(10))
        #expect(state.done("a", outcome: .success, at: at(20)) == .scheduled(at: at(10)))
        #expect(state.next(at: at(20)) == .process("a"))
        #expect(state.done("a", outcome: .success, at: at(30)) == .idle)
        #expect(state.next(at: at(30)) == .wait(until: nil))
        #expect(state.pendingCount == 0)
    }

    @Test func backoffGrowsAndCaps() {
        var state = makeState(random: MaxRandom())
        _ = state.add("a", at: at(0))
        var now = at(0)
        var delays: [Duration] = []
        for attempt in 1...6 {
            #expect(state.next(at: now) == .process("a"))
            guard case .scheduled(let retry) = state.done("a", outcome: .transientFailure, at: now) else {
                Issue.record("a transient failure must schedule a retry")
                return
            }
            #expect(state.attempts(for: "a") == attempt)
            #expect(state.nextAttempt(for: "a") == retry)
            #expect(state.next(at: now) == .wait(until: retry))
            delays.append(now.duration(to: retry))
            now = retry
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test func successResetsTheBackoff() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.done("a", outcome: .transientFailure, at: at(0))
        _ = state.next(at: at(1_000))
        _ = state.done("a", outcome: .transientFailure, at: at(1_000))
        #expect(state.attempts(for: "a") == 2)
        _ = state.next(at: at(3_000))
        #expect(state.done("a", outcome: .success, at: at(3_000)) == .idle)
        #expect(state.attempts(for: "a") == 0)
        #expect(state.notBefore(for: "a") == nil)
        #expect(state.nextAttempt(for: "a") == nil)
    }

    @Test func aFileChangeResetsTheBackoffAndRunsSoon() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        var now = at(0)
        for _ in 1...4 {
            _ = state.next(at: now)
            guard case .scheduled(let retry) = state.done("a", outcome: .transientFailure, at: now) else { return }
            now = retry
        }
        #expect(state.nextAttempt(for: "a") == at(15_000))
        #expect(state.fileChanged("a", at: at(7_100)) == .scheduled(at: at(7_350)))
        #expect(state.attempts(for: "a") == 0)
        #expect(state.notBefore(for: "a") == nil)
        #expect(state.next(at: at(7_350)) == .process("a"))
        #expect(state.done("a", outcome: .transientFailure, at: at(7_400)) == .scheduled(at: at(8_400)))
    }

    @Test func fileChangesWithinTheDebounceWindowCoalesce() {
        var state = makeState()
        #expect(state.fileChanged("a", at: at(0)) == .scheduled(at: at(250)))
        #expect(state.fileChanged("a", at: at(100)) == .unchanged(at: at(250)))
        #expect(state.fileChanged("a", at: at(200)) == .unchanged(at: at(250)))
        #expect(state.pendingCount == 1)
        #expect(state.next(at: at(200)) == .wait(until: at(250)))
        #expect(state.next(at: at(250)) == .process("a"))
        #expect(state.next(at: at(250)) == .wait(until: nil))
        #expect(state.done("a", outcome: .success, at: at(300)) == .idle)
        #expect(state.next(at: at(10_000)) == .wait(until: nil))
    }

    @Test func aPermanentFailureIsNotRetriedAutomatically() {
        var state = makeState(random: MinRandom())
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        #expect(state.done("a", outcome: .permanentFailure, at: at(0)) == .held(until: at(1_000)))
        #expect(state.attempts(for: "a") == 1)
        #expect(state.pendingCount == 0)
        #expect(state.nextAttempt(for: "a") == nil)
        #expect(state.next(at: at(3_600_000)) == .wait(until: nil))
    }

    @Test func aResyncAddAfterAPermanentFailureWaitsForTheMinimumInterval() {
        // The hold uses the backoff ceiling, not a jittered draw, even with a zero random source.
        var state = makeState(random: MinRandom())
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.done("a", outcome: .permanentFailure, at: at(0))
        #expect(state.add("a", at: at(400)) == .scheduled(at: at(1_000)))
        #expect(state.next(at: at(999)) == .wait(until: at(1_000)))
        #expect(state.next(at: at(1_000)) == .process("a"))
        #expect(state.done("a", outcome: .permanentFailure, at: at(1_000)) == .held(until: at(3_000)))
        // Past the hold, a plain add runs at once.
        #expect(state.add("a", at: at(5_000)) == .scheduled(at: at(5_000)))
    }

    @Test func aFileChangeLiftsThePermanentFailureHold() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.done("a", outcome: .permanentFailure, at: at(0))
        _ = state.next(at: at(1_000))
        _ = state.add("a", at: at(1_000))
        _ = state.next(at: at(1_000))
        #expect(state.done("a", outcome: .permanentFailure, at: at(1_000)) == .held(until: at(3_000)))
        #expect(state.fileChanged("a", at: at(1_100)) == .scheduled(at: at(1_350)))
    }

    @Test func aPlainAddDoesNotUndercutATransientRetry() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        #expect(state.done("a", outcome: .transientFailure, at: at(0)) == .scheduled(at: at(1_000)))
        #expect(state.add("a", at: at(10)) == .unchanged(at: at(1_000)))
        #expect(state.next(at: at(10)) == .wait(until: at(1_000)))
    }

    @Test func aFailureWithARerunWaitsForTheLaterOfRerunAndBackoff() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.add("a", at: at(10))
        #expect(state.done("a", outcome: .transientFailure, at: at(20)) == .scheduled(at: at(1_020)))

        _ = state.next(at: at(1_020))
        _ = state.add("a", after: .seconds(30), at: at(1_030))
        #expect(state.done("a", outcome: .transientFailure, at: at(1_040)) == .scheduled(at: at(31_030)))

        _ = state.next(at: at(31_030))
        _ = state.add("a", at: at(31_040))
        #expect(state.done("a", outcome: .permanentFailure, at: at(31_050)) == .scheduled(at: at(35_050)))
    }

    @Test func aFileChangeWhileProcessingResetsTheCountAtOnce() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        var now = at(0)
        for _ in 1...3 {
            _ = state.next(at: now)
            guard case .scheduled(let retry) = state.done("a", outcome: .transientFailure, at: now) else { return }
            now = retry
        }
        #expect(state.next(at: now) == .process("a"))
        #expect(state.attempts(for: "a") == 3)
        _ = state.fileChanged("a", at: now)
        #expect(state.attempts(for: "a") == 0)
        #expect(state.done("a", outcome: .permanentFailure, at: now) == .scheduled(at: now.advanced(by: .seconds(1))))
        #expect(state.attempts(for: "a") == 1)
    }

    @Test func forgetDropsAllState() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.done("a", outcome: .transientFailure, at: at(0))
        _ = state.next(at: at(1_000))
        #expect(state.done("a", outcome: .forget, at: at(1_000)) == .idle)
        #expect(state.attempts(for: "a") == 0)
        #expect(state.notBefore(for: "a") == nil)
        #expect(state.nextAttempt(for: "a") == nil)
        #expect(state.pendingCount == 0)
        #expect(state.add("a", at: at(1_001)) == .scheduled(at: at(1_001)))
    }

    @Test func forgetKeepsARerunAskedForWhileProcessing() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.next(at: at(0))
        _ = state.fileChanged("a", at: at(5))
        #expect(state.done("a", outcome: .forget, at: at(10)) == .scheduled(at: at(255)))
        #expect(state.attempts(for: "a") == 0)
    }

    @Test func doneForANameNotProcessingChangesNothing() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        #expect(state.done("a", outcome: .success, at: at(0)) == .notProcessing)
        #expect(state.done("b", outcome: .transientFailure, at: at(0)) == .notProcessing)
        #expect(state.pendingCount == 1)
        #expect(state.attempts(for: "b") == 0)
    }

    @Test func shutdownStopsHandingOutAndDrains() {
        var state = makeState()
        _ = state.add("a", at: at(0))
        _ = state.add("b", at: at(0))
        #expect(state.next(at: at(0)) == .process("a"))
        #expect(state.shutdown() == .draining(processing: 1))
        #expect(state.isShuttingDown)
        #expect(!state.isDrained)
        #expect(state.next(at: at(0)) == .wait(until: nil))
        _ = state.add("c", at: at(0))
        #expect(state.next(at: at(0)) == .wait(until: nil))
        _ = state.done("a", outcome: .success, at: at(1))
        #expect(state.isDrained)
        #expect(state.next(at: at(1)) == .shutdown)
        #expect(state.shutdown() == .drained)
    }

    @Test func nextReportsTheEarliestFutureInstant() {
        var state = makeState()
        _ = state.add("a", after: .seconds(3), at: at(0))
        _ = state.add("b", after: .seconds(2), at: at(0))
        _ = state.add("c", after: .seconds(4), at: at(0))
        #expect(state.next(at: at(0)) == .wait(until: at(2_000)))
        #expect(state.next(at: at(2_500)) == .process("b"))
        #expect(state.next(at: at(2_500)) == .wait(until: at(3_000)))
    }
}
