import StewardTestSupport
import Testing
@testable import StewardReconciler

@Suite struct BackoffTests {
    @Test func defaultsAreOneSecondAndFiveMinutes() {
        let backoff = Backoff()
        #expect(backoff.base == .seconds(1))
        #expect(backoff.cap == .seconds(300))
    }

    @Test func ceilingDoublesUntilTheCap() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(300))
        let ceilings = (1...10).map { backoff.ceiling(forAttempt: $0) }
        #expect(ceilings == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map { Duration.seconds($0) })
    }

    @Test func maximumDrawIsTheCeiling() {
        let backoff = Backoff(base: .milliseconds(500), cap: .seconds(10))
        var random = MaxRandom()
        let delays = (1...7).map { backoff.delay(forAttempt: $0, using: &random) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test func minimumDrawIsZero() {
        var random = MinRandom()
        #expect(Backoff().delay(forAttempt: 5, using: &random) == .zero)
    }

    @Test func drawsStayWithinTheCeiling() {
        let backoff = Backoff()
        var random = SeededRandom(seed: 7)
        for attempt in 1...40 {
            let delay = backoff.delay(forAttempt: attempt, using: &random)
            #expect(delay >= .zero)
            #expect(delay <= backoff.ceiling(forAttempt: attempt))
        }
    }

    @Test(arguments: [63, 64, 65, 1_000, Int.max])
    func hugeAttemptsGiveTheCap(attempt: Int) {
        let backoff = Backoff()
        var random = MaxRandom()
        #expect(backoff.ceiling(forAttempt: attempt) == .seconds(300))
        #expect(backoff.delay(forAttempt: attempt, using: &random) == .seconds(300))
    }

    @Test func hugeBaseAndCapSaturate() {
        let backoff = Backoff(base: .seconds(Int64.max), cap: .seconds(Int64.max))
        #expect(backoff.ceiling(forAttempt: 3) == .nanoseconds(Int64.max))
    }

    @Test func attemptsBelowOneCountAsOne() {
        let backoff = Backoff()
        #expect(backoff.ceiling(forAttempt: 0) == .seconds(1))
        #expect(backoff.ceiling(forAttempt: -5) == .seconds(1))
    }

    @Test func capBelowBaseWins() {
        let backoff = Backoff(base: .seconds(10), cap: .seconds(3))
        #expect(backoff.ceiling(forAttempt: 1) == .seconds(3))
    }

    @Test func negativeDurationsCountAsZero() {
        let backoff = Backoff(base: .seconds(-1), cap: .seconds(5))
        #expect(backoff.ceiling(forAttempt: 4) == .zero)
    }
}
