import Foundation
import Testing
@testable import StewardReconciler

@Suite struct ProcessStartTimeTests {
    @Test func nowLessTheAgeSinceTheStartTicks() {
        // A command with a space and a parenthesis, as /proc/self/stat may show it.
        let selfStat = "4242 (stew ard) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 5 0 12345 1000000 500 18446744073709551615"
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        // Started 123.45 s after boot; 1,000 s since boot now.
        let date = ProcessStartTime.parse(selfStat: selfStat, secondsSinceBoot: 1_000, now: now, ticksPerSecond: 100)
        #expect(abs((date?.timeIntervalSince1970 ?? 0) - (1_700_000_000 - 876.55)) < 0.001)
        #expect(ProcessStartTime.parse(selfStat: "4242 (x) S 1", secondsSinceBoot: 1_000, now: now, ticksPerSecond: 100) == nil)
        #expect(ProcessStartTime.parse(selfStat: selfStat, secondsSinceBoot: 100, now: now, ticksPerSecond: 100) == nil, "a start after now")
    }

    @Test func thisProcessStartedInThePast() {
        let date = ProcessStartTime.date
        #expect(date <= Date())
        #expect(date > Date().addingTimeInterval(-86_400))
    }
}
