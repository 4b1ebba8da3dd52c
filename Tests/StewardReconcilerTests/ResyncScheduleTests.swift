import StewardTestSupport
import Testing
@testable import StewardReconciler

@Suite struct ResyncScheduleTests {
    @Test func defaultsAreTenMinutesAndTenPercent() {
        let schedule = ResyncSchedule()
        #expect(schedule.interval == .seconds(600))
        #expect(schedule.jitter == 0.1)
    }

    @Test func jitterEnds() {
        let schedule = ResyncSchedule()
        var high = MaxRandom()
        var low = MinRandom()
        #expect(schedule.delay(using: &high) == .seconds(660))
        #expect(schedule.delay(using: &low) == .seconds(540))
    }

    @Test func drawsStayWithinTheWindow() {
        let schedule = ResyncSchedule(interval: .seconds(100), jitter: 0.2)
        var random = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let delay = schedule.delay(using: &random)
            #expect(delay >= .seconds(80))
            #expect(delay <= .seconds(120))
        }
    }

    @Test func nextResyncIsAfterNow() {
        let schedule = ResyncSchedule(interval: .seconds(60), jitter: 0)
        var random = SeededRandom(seed: 1)
        let now = TestClock.Instant(offset: .seconds(5))
        #expect(schedule.nextResync(after: now, using: &random) == TestClock.Instant(offset: .seconds(65)))
    }

    @Test(arguments: [-1.0, 2.0, Double.nan, Double.infinity])
    func outOfRangeJitterIsClamped(jitter: Double) {
        let schedule = ResyncSchedule(interval: .seconds(10), jitter: jitter)
        var high = MaxRandom()
        var low = MinRandom()
        let highest = schedule.delay(using: &high)
        let lowest = schedule.delay(using: &low)
        #expect(lowest >= .zero)
        #expect(highest <= .seconds(20))
    }

    @Test func hugeIntervalDoesNotOverflow() {
        let schedule = ResyncSchedule(interval: .seconds(Int64.max), jitter: 1)
        var high = MaxRandom()
        #expect(schedule.delay(using: &high) == .nanoseconds(Int64.max))
    }
}
